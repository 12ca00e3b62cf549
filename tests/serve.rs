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

/// The server answers a normal search: what each hostile-request test checks after its attack.
fn still_up(server: &Server) {
    let json = server.get_ok("/api/search?q=talks&limit=1");
    assert!(json["total"].as_u64().unwrap() > 0, "{json}");
}

/// Issue 17, finding 1: `q=` 3,000 `(` + `oil` + 3,000 `)` overflowed a worker's stack and
/// killed the server.
#[test]
fn deep_parentheses_are_a_400_and_the_server_stays_up() {
    let env = TestEnv::with(&["tests/fixtures/clean"]);
    env.index();
    let server = Server::start(&env);
    let q = format!("{}oil{}", "(".repeat(3_000), ")".repeat(3_000));
    let (status, json) = server.get(&format!("/api/search?q={q}"));
    assert_eq!(status, 400, "{json}");
    assert_eq!(
        json["error"],
        "bad query at column 33: parentheses nested deeper than 32 levels"
    );
    let (status, json) = server.get(&format!("/api/timeline?q={}oil", "NOT+".repeat(5_000)));
    assert_eq!(status, 400, "{json}");
    assert_eq!(
        json["error"],
        "bad query at column 129: NOT nested deeper than 32 levels"
    );
    still_up(&server);
}

/// Issue 17, finding 2: `facet_limit=1000000000` aborted the server on a 32 GB allocation.
#[test]
fn a_huge_facet_limit_is_a_400_and_the_server_stays_up() {
    let env = TestEnv::with(&["tests/fixtures/clean"]);
    env.index();
    let server = Server::start(&env);
    let (status, json) = server.get("/api/search?q=oil&facet=speaker&facet_limit=1000000000");
    assert_eq!(status, 400, "{json}");
    assert_eq!(
        json["error"],
        "facet_limit must be between 1 and 10000, not 1000000000"
    );
    still_up(&server);
}

/// Issue 17, finding 2: `facet_limit=2^59` was a 500 "capacity overflow"; past a machine word
/// the number is out of bounds too, quoted as sent. Other counts answer the same way.
#[test]
fn a_facet_limit_of_2_to_the_59_is_a_400_and_the_server_stays_up() {
    let env = TestEnv::with(&["tests/fixtures/clean"]);
    env.index();
    let server = Server::start(&env);
    let cases = [
        (
            "/api/search?q=oil&facet=speaker&facet_limit=576460752303423488",
            "facet_limit must be between 1 and 10000, not 576460752303423488",
        ),
        (
            "/api/search?q=oil&facet=entity&facet_limit=99999999999999999999999",
            "facet_limit must be between 1 and 10000, not 99999999999999999999999",
        ),
        (
            "/api/search?q=oil&offset=576460752303423488",
            "offset must be between 0 and 100000, not 576460752303423488",
        ),
        (
            "/api/timeline?q=oil&limit=0",
            "limit must be between 1 and 10000, not 0",
        ),
        (
            "/api/stats?top=1000000000",
            "top must be between 1 and 1000, not 1000000000",
        ),
    ];
    for (path, message) in cases {
        let (status, json) = server.get(path);
        assert_eq!(
            (status, json["error"].as_str()),
            (400, Some(message)),
            "{path}"
        );
    }
    still_up(&server);
}

/// Issue 17, finding 8: a request whose headers never end held its connection 75 s and more.
/// The server now closes it after `conn::HEADER_TIMEOUT` (5 s).
#[test]
fn a_half_sent_request_is_closed_within_the_header_timeout() {
    use std::io::{Read, Write};
    let env = TestEnv::with(&["tests/fixtures/clean"]);
    env.index();
    let server = Server::start(&env);
    let address = server.base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).expect("connect");
    stream
        .write_all(b"GET /api/search?q=oil HTTP/1.1\r\nHost: x\r\n")
        .expect("send half a request");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    // Closed: the read ends (with no answer, or a reset); a read timeout would be an error.
    match stream.read_to_end(&mut answer) {
        Ok(_) => {}
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}"),
    }
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(4) && waited < Duration::from_secs(8),
        "closed after {waited:?}"
    );
    still_up(&server);
}

/// Issue 17, finding 8: 1,100 slow connections were all held. Past `conn::MAX_CONNECTIONS`
/// (512) a client gets a JSON 503 at once; the slow ones are closed within the header timeout,
/// and then the server answers as before.
#[test]
fn slow_connections_past_the_cap_are_refused_and_all_are_released() {
    use std::io::{Read, Write};
    let env = TestEnv::with(&["tests/fixtures/clean"]);
    env.index();
    let server = Server::start(&env);
    let address = server.base.trim_start_matches("http://");
    let mut slow = Vec::new();
    for _ in 0..600 {
        let mut stream = std::net::TcpStream::connect(address).expect("connect");
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\n")
            .expect("send");
        slow.push(stream);
    }
    // The refused ones have their answer waiting; the held ones have nothing to read yet.
    std::thread::sleep(Duration::from_millis(500));
    let refused = slow
        .iter_mut()
        .filter_map(|stream| {
            stream.set_nonblocking(true).unwrap();
            let mut answer = vec![0u8; 4096];
            let read = stream.read(&mut answer);
            stream.set_nonblocking(false).unwrap();
            let n = read.ok()?;
            Some(String::from_utf8_lossy(&answer[..n]).into_owned())
        })
        .filter(|answer| !answer.is_empty())
        .collect::<Vec<_>>();
    assert!(refused.len() >= 600 - 512, "{} refused", refused.len());
    assert!(refused.len() < 600, "none was held");
    let answer = &refused[0];
    assert!(answer.starts_with("HTTP/1.1 503 "), "{answer}");
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    let json: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {answer}"));
    assert_eq!(json["status"], 503);
    assert_eq!(json["error"], "too many connections; try again");
    // The held ones are closed by the header timeout, all of them.
    let deadline = Instant::now() + Duration::from_secs(15);
    for stream in &mut slow {
        let left = deadline
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(1));
        stream.set_read_timeout(Some(left)).unwrap();
        let mut rest = Vec::new();
        if let Err(e) = stream.read_to_end(&mut rest) {
            assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}");
        }
    }
    assert!(Instant::now() < deadline, "slow connections were held");
    still_up(&server);
}

/// Issue 17, finding 8: 405, 414 and 431 had empty bodies. Every error is JSON with its status,
/// whether axum's router or hyper's parser refuses the request.
#[test]
fn every_error_reply_is_json() {
    let env = TestEnv::with(&["tests/fixtures/clean"]);
    env.index();
    let server = Server::start(&env);
    let address = server.base.trim_start_matches("http://").to_string();
    let send = |request: &[u8]| -> String {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&address).expect("connect");
        stream.write_all(request).expect("send");
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    };
    let long_line = format!(
        "GET /api/search?q={} HTTP/1.1\r\nHost: x\r\n\r\n",
        "a+".repeat(35_000)
    );
    let big_header = format!(
        "GET /api/search?q=oil HTTP/1.1\r\nHost: x\r\nX-Filler: {}\r\n\r\n",
        "a".repeat(100_000)
    );
    let many_headers = format!(
        "GET /api/search?q=oil HTTP/1.1\r\nHost: x\r\n{}\r\n",
        (0..200)
            .map(|i| format!("X-{i}: y\r\n"))
            .collect::<String>()
    );
    let cases: [(&[u8], u16); 6] = [
        (b"POST /api/search?q=oil HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 405),
        (b"GET /api/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404),
        (long_line.as_bytes(), 414),
        (big_header.as_bytes(), 431),
        (many_headers.as_bytes(), 431),
        (b"GARBAGE\r\n\r\n", 400),
    ];
    for (request, status) in cases {
        let answer = send(request);
        let (head, body) = answer
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("{status}: no head in {answer:?}"));
        assert!(
            head.starts_with(&format!("HTTP/1.1 {status} ")),
            "{status}: {head}"
        );
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: application/json"),
            "{status}: {head}"
        );
        let json: Value =
            serde_json::from_str(body).unwrap_or_else(|e| panic!("{status}: {e}: {body:?}"));
        assert_eq!(json["status"], status, "{json}");
        assert!(
            json["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{json}"
        );
    }
    still_up(&server);
}
