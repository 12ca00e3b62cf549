//! `newsdex export`: the files parse as their formats say, ids are unique and stable, and the
//! configs declare every field the documents carry.

mod common;

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use common::TestEnv;
use serde_json::Value;

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .enumerate()
        .map(|(n, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1))
        })
        .collect()
}

fn keys(docs: &[Value]) -> BTreeSet<String> {
    docs.iter()
        .flat_map(|d| d.as_object().unwrap().keys().cloned())
        .collect()
}

#[test]
fn quickwit_export_is_ndjson_its_config_maps() {
    let env = TestEnv::with(&["corpus/seed", "corpus/bbc"]);
    env.index();
    let summary = env.run_ok(&["export", "--to", "quickwit", "out"], 0);
    assert!(
        summary.starts_with("exported 84 passages to out:"),
        "{summary}"
    );
    let docs = lines(&env.path().join("out/passages.ndjson"));
    let stats: Value =
        serde_json::from_str(&env.run_ok(&["stats", "--format", "json"], 0)).unwrap();
    assert_eq!(docs.len() as u64, stats["passages"].as_u64().unwrap());

    let config: Value = serde_norway::from_str(
        &std::fs::read_to_string(env.path().join("out/quickwit-index.yaml")).unwrap(),
    )
    .unwrap();
    assert_eq!(config["index_id"], "newsdex");
    assert_eq!(config["doc_mapping"]["mode"], "strict");
    let mapped: BTreeSet<String> = config["doc_mapping"]["field_mappings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect();
    let carried = keys(&docs);
    assert!(carried.is_subset(&mapped), "{carried:?} vs {mapped:?}");
    let timestamp = config["doc_mapping"]["timestamp_field"].as_str().unwrap();
    assert!(mapped.contains(timestamp));
    for field in config["doc_mapping"]["field_mappings"].as_array().unwrap() {
        if ["title", "text"].contains(&field["name"].as_str().unwrap()) {
            assert_eq!(field["record"], "position");
            assert_eq!(field["fieldnorms"], true);
        }
        if ["speakers", "entities"].contains(&field["name"].as_str().unwrap()) {
            assert_eq!(field["type"], "array<text>");
        }
    }

    // The seed article's fourth passage, as the index holds it.
    let peskov = docs
        .iter()
        .find(|d| d["article_id"] == "seed-kremlin-ceasefire" && d["passage"] == 3)
        .unwrap();
    assert_eq!(peskov["published"], "2025-03-12T00:00:00Z");
    assert_eq!(peskov["source"], "Seed Report");
    assert_eq!(peskov["mentioned_dates"], serde_json::json!(["2025-03-11"]));
    assert!(peskov["text"]
        .as_str()
        .unwrap()
        .starts_with("The Kremlin is \"carefully studying\""));
}

#[test]
fn opensearch_bulk_pairs_actions_with_sources_under_stable_unique_ids() {
    let env = TestEnv::with(&["corpus/seed", "corpus/bbc", "corpus/txt"]);
    env.index();
    env.run_ok(&["export", "--to", "opensearch", "first"], 0);
    env.run_ok(&["export", "--to", "opensearch", "second"], 0);
    let bulk = env.path().join("first/bulk-0001.ndjson");
    assert_eq!(
        std::fs::read(&bulk).unwrap(),
        std::fs::read(env.path().join("second/bulk-0001.ndjson")).unwrap(),
        "a re-export must replace, so its ids (and here its bytes) are the same"
    );
    let rows = lines(&bulk);
    assert_eq!(rows.len() % 2, 0);
    let mut ids = HashSet::new();
    let mut sources = Vec::new();
    for pair in rows.chunks(2) {
        let action = &pair[0]["index"];
        assert_eq!(action["_index"], "newsdex", "{}", pair[0]);
        let id = action["_id"].as_str().unwrap();
        let source = &pair[1];
        assert_eq!(
            id,
            format!(
                "{}#{}",
                source["article_id"].as_str().unwrap(),
                source["passage"]
            )
        );
        assert!(
            id.len() <= 512,
            "OpenSearch ids are at most 512 bytes: {id}"
        );
        assert!(ids.insert(id.to_string()), "duplicate id {id}");
        sources.push(source.clone());
    }
    let mapping: Value = serde_json::from_str(
        &std::fs::read_to_string(env.path().join("first/opensearch-mapping.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(mapping["mappings"]["dynamic"], "strict");
    let properties: BTreeSet<String> = mapping["mappings"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert!(keys(&sources).is_subset(&properties));
    assert_eq!(
        mapping["mappings"]["properties"]["published"]["type"],
        "date"
    );
    assert_eq!(
        mapping["mappings"]["properties"]["speakers"]["type"],
        "keyword"
    );
}

#[test]
fn exporting_without_an_index_says_how_to_make_one() {
    let env = TestEnv::new();
    let output = env.run(&["export", "--to", "quickwit", "out"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("run newsdex index CORPUS first"));
}
