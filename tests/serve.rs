//! `newsdex serve` over a real loopback socket: start it, query it, check the JSON, stop it.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::TestEnv;
use serde_json::Value;

/// A running server, stopped when dropped (also when an assertion fails).
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(env: &TestEnv) -> Server {
        let mut child = env
            .command(&["serve", "--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start newsdex serve");
        let stdout = child.stdout.take().expect("server stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("first line");
        let url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        Server {
            child,
            base: url.trim_end_matches('/').to_string(),
        }
    }

    /// GET a path; the status and the body.
    fn get_raw(&self, path: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut response = agent
            .get(&format!("{}{path}", self.base))
            .call()
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().expect("body"))
    }

    /// GET a path; the status and the parsed JSON body.
    fn get(&self, path: &str) -> (u16, Value) {
        let (status, body) = self.get_raw(path);
        let json = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"));
        (status, json)
    }

    /// Send a request line as written, without a client normalising the path.
    fn raw_request(&self, target: &str) -> String {
        use std::io::{Read, Write};
        let address = self.base.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(address).expect("connect");
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("read");
        answer
    }

    fn get_ok(&self, path: &str) -> Value {
        let (status, json) = self.get(path);
        assert_eq!(status, 200, "{path}: {json}");
        json
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What `newsdex search … --format json` prints for the same search.
fn cli_json(env: &TestEnv, args: &[&str]) -> Value {
    env.search_json(args)
}

#[test]
fn the_api_answers_as_the_cli_does() {
    let env = TestEnv::with(&["corpus/seed", "corpus/bbc", "corpus/txt"]);
    // Without an Id header an article's id is its path, slashes and all.
    std::fs::write(
        env.path().join("corpus/no-id.txt"),
        "Title: Talks in Jeddah\n\nUkraine said it was ready to accept a 30-day ceasefire.\n",
    )
    .unwrap();
    env.index();
    let server = Server::start(&env);

    let api = server.get_ok(
        "/api/search?q=ceasefire&speaker=Dmitri+S.+Peskov&facet=source&facet=speaker&limit=3",
    );
    let cli = cli_json(
        &env,
        &[
            "ceasefire",
            "--speaker",
            "Dmitri S. Peskov",
            "--facet",
            "source",
            "--facet",
            "speaker",
            "--limit",
            "3",
        ],
    );
    assert_eq!(api, cli);
    assert_eq!(api["total"], 2);
    assert_eq!(api["hits"][0]["article_id"], "seed-kremlin-ceasefire");
    assert_eq!(api["hits"][0]["passage"], 3);
    assert_eq!(
        api["facets"]["source"],
        serde_json::json!([{"value": "Seed Report", "count": 2}])
    );

    // Repeated filters, date range, sort and paging, as on the command line.
    let api = server.get_ok("/api/search?q=Putin&source=BBC+News&source=Seed+Report&since=2004&until=2025-03&sort=newest&limit=2&offset=1");
    let cli = cli_json(
        &env,
        &[
            "Putin",
            "--source",
            "BBC News",
            "--source",
            "Seed Report",
            "--since",
            "2004",
            "--until",
            "2025-03",
            "--sort",
            "newest",
            "--limit",
            "2",
            "--offset",
            "1",
        ],
    );
    assert_eq!(api, cli);
    assert_eq!(api["hits"][0]["rank"], 2);

    // One article with all its passages, in order.
    let article = server.get_ok("/api/articles/seed-kremlin-ceasefire");
    assert_eq!(
        article["title"],
        "Kremlin studies U.S.-Ukraine proposal for a 30-day ceasefire"
    );
    let passages = article["passages"].as_array().unwrap();
    let numbers: Vec<u64> = passages
        .iter()
        .map(|p| p["passage"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (0..numbers.len() as u64).collect::<Vec<_>>());
    assert_eq!(
        passages[3]["speakers"],
        serde_json::json!(["Dmitri S. Peskov"])
    );
    // Ids with slashes travel percent-encoded.
    let txt = server.get_ok("/api/articles/corpus%2Fno-id.txt");
    assert_eq!(txt["article_id"], "corpus/no-id.txt");
    assert_eq!(txt["title"], "Talks in Jeddah");

    let stats = server.get_ok("/api/stats?top=3");
    let articles = env.run_ok(&["stats", "--format", "json", "--top", "3"], 0);
    assert_eq!(stats, serde_json::from_str::<Value>(&articles).unwrap());
    let health = server.get_ok("/healthz");
    assert_eq!(health["status"], "ok");
    assert_eq!(health["passages"], stats["passages"]);
}

#[test]
fn the_timeline_counts_matches_per_period_with_the_gaps_filled() {
    let env = TestEnv::with(&["corpus/seed", "corpus/bbc"]);
    env.index();
    let server = Server::start(&env);
    let timeline = server.get_ok("/api/timeline?q=Russia&interval=year");
    let by_year = cli_json(
        &env,
        &["Russia", "--facet", "date", "--date-interval", "year"],
    );
    let counted: Vec<(String, u64)> = by_year["facets"]["date"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["value"].as_str().unwrap().to_string(),
                r["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let buckets: Vec<(String, u64)> = timeline["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["start"].as_str().unwrap().to_string(),
                b["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(buckets.first(), counted.first());
    assert_eq!(buckets.last(), counted.last());
    let first: u64 = buckets[0].0.parse().unwrap();
    assert_eq!(
        buckets.len() as u64,
        buckets.last().unwrap().0.parse::<u64>().unwrap() - first + 1
    );
    for (year, count) in &buckets {
        let expected = counted
            .iter()
            .find(|(y, _)| y == year)
            .map_or(0, |(_, n)| *n);
        assert_eq!(*count, expected, "{year}");
    }
    assert_eq!(timeline["total"], by_year["total"]);
}

#[test]
fn errors_are_json_with_their_status() {
    let env = TestEnv::with(&["tests/fixtures/clean"]);
    env.index();
    let server = Server::start(&env);
    let cases = [
        ("/api/search?q=(((", 400, "bad query at column 3: '(' is never closed"),
        ("/api/search?q=talks&limit=100000000", 400, "limit must be between 1 and 10000, not 100000000"),
        ("/api/search?q=talks&since=March", 400, "since: bad date 'March': use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("/api/search?q=talks&facet=colour", 400, "facet must be one of speaker, entity, source, date, not 'colour'"),
        ("/api/search?query=talks", 400, "unknown parameter 'query' (choose from: q, speaker, entity, source, since, until, sort, limit, offset, facet, facet_limit, interval, all_copies)"),
        ("/api/timeline?q=talks&interval=hour", 400, "interval must be one of day, week, month, year, not 'hour'"),
        ("/api/articles/no-such-id", 404, "no article 'no-such-id'"),
        ("/api/nothing", 404, "no such endpoint"),
    ];
    for (path, status, message) in cases {
        let (got, json) = server.get(path);
        assert_eq!(
            (got, json["error"].as_str()),
            (status, Some(message)),
            "{path}"
        );
        assert_eq!(json["status"], status);
    }
    // Nothing outside the index is served, however the path is written.
    for target in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/api/articles/../../../etc/passwd",
    ] {
        let answer = server.raw_request(target);
        assert!(answer.starts_with("HTTP/1.1 404"), "{target}: {answer}");
        assert!(!answer.contains("root:"), "{target}: {answer}");
    }
    // A request line past 64 KB is refused by the HTTP layer before any parsing.
    let answer = server.raw_request(&format!("/api/search?q={}", "a+".repeat(35_000)));
    assert!(
        answer.starts_with("HTTP/1.1 414"),
        "{}",
        &answer[..answer.len().min(200)]
    );
}

#[test]
fn new_commits_are_served_without_a_restart() {
    let env = TestEnv::with(&["tests/fixtures/clean"]);
    env.index();
    let server = Server::start(&env);
    assert_eq!(server.get("/api/search?q=carefully").1["total"], 0);
    common::copy(
        &common::repo().join("corpus/seed"),
        &env.path().join("corpus"),
    );
    env.index();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let total = server.get("/api/search?q=carefully").1["total"]
            .as_u64()
            .unwrap();
        if total > 0 {
            assert_eq!(
                total,
                cli_json(&env, &["carefully"])["total"].as_u64().unwrap()
            );
            break;
        }
        assert!(Instant::now() < deadline, "the new commit never showed");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_page_is_served_from_the_binary_with_a_strict_policy() {
    let env = TestEnv::with(&["tests/fixtures/clean"]);
    env.index();
    let server = Server::start(&env);
    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
    let page = agent
        .get(&format!("{}/", server.base))
        .call()
        .expect("page");
    let csp = page
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        csp.starts_with("default-src 'none'; script-src 'self'"),
        "{csp}"
    );
    let html = page.into_body().read_to_string().unwrap();
    assert!(html.contains("<script src=\"/app.js\"></script>"), "{html}");
    for asset in ["/app.js", "/style.css"] {
        let response = agent
            .get(&format!("{}{asset}", server.base))
            .call()
            .expect(asset);
        assert_eq!(response.status().as_u16(), 200);
    }
}

#[test]
fn serving_a_missing_index_says_how_to_make_one() {
    let env = TestEnv::new();
    let output = env.run(&["serve", "--addr", "127.0.0.1:0"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim_end(),
        "newsdex: error: no index at newsdex-index: run newsdex index CORPUS first"
    );
}
