//! `newsdex timeline`, `speakers` and `entities` on the bundled corpus: exact rows, and the same
//! counts as the search facets they summarise.

mod common;

use common::TestEnv;
use serde_json::Value;

fn json(env: &TestEnv, args: &[&str]) -> Value {
    serde_json::from_str(&env.run_ok(args, 0)).unwrap()
}

#[test]
fn the_timeline_fills_empty_years_and_matches_the_date_facet() {
    let env = TestEnv::with(&["corpus"]);
    env.index();
    let csv = env.run_ok(
        &[
            "timeline",
            "ceasefire",
            "--interval",
            "year",
            "--format",
            "csv",
        ],
        0,
    );
    assert_eq!(
        csv,
        "start,count\n2014,1\n2015,0\n2016,13\n2017,7\n2018,0\n2019,0\n2020,0\n2021,0\n2022,0\n\
         2023,0\n2024,0\n2025,21\n"
    );
    let facet = env.search_json(&["ceasefire", "--facet", "date", "--date-interval", "year"]);
    let counted: u64 = facet["facets"]["date"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 1 + 13 + 7 + 21);

    let text = env.run_ok(
        &[
            "timeline",
            "ceasefire",
            "--interval",
            "year",
            "--svg",
            "chart.svg",
        ],
        0,
    );
    assert!(
        text.starts_with("\"ceasefire\": 47 matching passages, by year\n2014  "),
        "{text}"
    );
    env.run_ok(
        &[
            "timeline",
            "ceasefire",
            "--interval",
            "year",
            "--png",
            "chart.png",
        ],
        0,
    );
    let png = std::fs::read(env.path().join("chart.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG file");
    let svg = std::fs::read_to_string(env.path().join("chart.svg")).unwrap();
    assert_eq!(svg.matches("<rect x=").count(), 12);
    assert!(svg.contains("<title>2016: 13</title>"));

    let weeks = json(
        &env,
        &[
            "timeline",
            "ceasefire",
            "--since",
            "2025",
            "--interval",
            "week",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        weeks["buckets"],
        serde_json::json!([{"start": "2025-03-10", "count": 21}])
    );
}

#[test]
fn speakers_on_a_topic_with_their_dates_and_company() {
    let env = TestEnv::with(&["corpus"]);
    env.index();
    let rows = json(
        &env,
        &["speakers", "ceasefire", "-n", "3", "--format", "json"],
    );
    // Putin's stances in the seed article ("made it plain that …", "wants a decisive win")
    // and his announcement in a BBC report.
    assert_eq!(rows[0]["name"], "Vladimir Putin");
    assert_eq!(rows[0]["passages"], 4);
    assert_eq!(rows[1]["name"], "Donald Trump");
    assert_eq!(rows[1]["passages"], 3);
    assert_eq!(
        (
            rows[1]["first_date"].as_str(),
            rows[1]["last_date"].as_str()
        ),
        (Some("2017-07-09"), Some("2017-07-10"))
    );
    assert_eq!(rows[2]["name"], "Dmitry Peskov");
    assert_eq!(rows[2]["passages"], 2);
    assert_eq!(rows[2]["first_date"], "2025-03-12");
    let with: Vec<&str> = rows[2]["with"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(with[..2], ["United States", "Vladimir Putin"]);
    assert!(
        !with.contains(&"Dmitry Peskov"),
        "a name is not its own company"
    );

    // The counts are the speaker facet's.
    let facet = env.search_json(&["ceasefire", "--facet", "speaker", "--facet-limit", "3"]);
    for (row, count) in rows
        .as_array()
        .unwrap()
        .iter()
        .zip(facet["facets"]["speaker"].as_array().unwrap())
    {
        assert_eq!(
            (&row["name"], &row["passages"]),
            (&count["value"], &count["count"])
        );
    }

    let text = env.run_ok(&["speakers", "ceasefire", "-n", "2"], 0);
    assert!(
        text.starts_with("Vladimir Putin       4 passages  2025-03-12\n"),
        "{text}"
    );
    assert!(
        text.contains("\nDonald Trump         3 passages  2017-07-09 to 2017-07-10\n"),
        "{text}"
    );
    let csv = env.run_ok(
        &[
            "entities",
            "ceasefire",
            "-n",
            "1",
            "--with",
            "2",
            "--format",
            "csv",
        ],
        0,
    );
    let entity = json(
        &env,
        &[
            "entities",
            "ceasefire",
            "-n",
            "1",
            "--with",
            "2",
            "--format",
            "json",
        ],
    );
    let expected = format!(
        "name,passages,first_date,last_date,with\n{},{},{},{},{} ({}); {} ({})\n",
        entity[0]["name"].as_str().unwrap(),
        entity[0]["passages"],
        entity[0]["first_date"].as_str().unwrap(),
        entity[0]["last_date"].as_str().unwrap(),
        entity[0]["with"][0]["value"].as_str().unwrap(),
        entity[0]["with"][0]["count"],
        entity[0]["with"][1]["value"].as_str().unwrap(),
        entity[0]["with"][1]["count"],
    );
    assert_eq!(csv, expected);
    assert_eq!(env.run(&["speakers", "zzyzx"]).status.code(), Some(1));
}
