//! The search page in a real headless Chromium, driven over the W3C WebDriver protocol.
//!
//! The test indexes the bundled corpus (plus one article full of HTML) with the real binary,
//! starts `newsdex serve` and `chromedriver`, and uses the page the way a person would: typing,
//! clicking facets and bars, the back button, a phone-sized window. Expected numbers come from
//! the JSON API for the same search, so the corpus can grow without breaking this test.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); without them the
//! test fails and says so. Screenshots of each step go to `target/browser-artifacts/`.

mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use base64_png::decode as decode_base64;
use common::TestEnv;
use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
/// The machine may be slow and shared: waits are generous and always poll.
const TIMEOUT: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(100);

/// An article whose every field tries to inject markup; the page must show it as text.
const HOSTILE: &str =
    "Title: <img src=x onerror=\"document.title='pwned'\"> Zanzibarite <b>bold</b>
Date: 2025-03-12
Source: <script>alert(1)</script>
URL: javascript:alert(1)
Id: hostile

The Zanzibarite report <script>document.title='pwned'</script> said <i>nothing</i> at all.
";

/// A child process killed when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `newsdex serve` over an index of the corpus.
struct Server {
    url: String,
    _child: Killed,
    // Kept open so the server never writes to a closed pipe.
    _stdout: BufReader<ChildStdout>,
    _env: TestEnv,
}

impl Server {
    fn start() -> Server {
        let env = TestEnv::with(&["corpus"]);
        std::fs::write(env.path().join("corpus/hostile.txt"), HOSTILE).expect("write article");
        env.index();
        let mut child = env
            .command(&["serve", "--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start newsdex serve");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let child = Killed(child);
        let mut line = String::new();
        stdout.read_line(&mut line).expect("read the serve banner");
        let url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in the first line of serve: {line:?}"))
            .trim_end_matches('/')
            .to_string();
        Server {
            url,
            _child: child,
            _stdout: stdout,
            _env: env,
        }
    }

    fn api(&self, path_and_query: &str) -> Value {
        agent()
            .get(format!("{}{path_and_query}", self.url))
            .call()
            .expect("call the API")
            .body_mut()
            .read_json()
            .expect("the API answers JSON")
    }
}

/// Plain HTTP to localhost: no proxy from the environment, status codes as values.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .proxy(None)
        .http_status_as_error(false)
        .timeout_global(Some(TIMEOUT))
        .build()
        .into()
}

/// One Chromium session. Dropping it ends the session, then chromedriver.
struct Browser {
    driver: String,
    session: String,
    agent: ureq::Agent,
    artifacts: PathBuf,
    _chromedriver: Killed,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let missing = "install Debian's `chromium` and `chromium-driver` packages \
                       (as .ci/run does: apt-get install chromium chromium-driver)";
        assert!(
            std::path::Path::new(CHROMIUM).exists(),
            "{CHROMIUM} not found: {missing}"
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("find a free port")
            .port();
        let chromedriver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run chromedriver ({e}): {missing}"));
        let chromedriver = Killed(chromedriver);
        let driver = format!("http://127.0.0.1:{port}");
        let agent = agent();
        wait_for("chromedriver to be ready", || {
            let mut response = agent.get(format!("{driver}/status")).call().ok()?;
            let status: Value = response.body_mut().read_json().ok()?;
            status["value"]["ready"].as_bool().filter(|ready| *ready)
        });
        let profile = tempfile::tempdir().expect("create a Chromium profile dir");
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-proxy-server",
            &format!("--user-data-dir={}", profile.path().display()),
            "--window-size=1280,900",
        ];
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
        }}});
        let answer = send(
            &agent,
            "POST",
            &format!("{driver}/session"),
            Some(capabilities),
        );
        let session = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_string();
        let artifacts = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| common::repo().join("target"))
            .join("browser-artifacts");
        std::fs::create_dir_all(&artifacts).expect("create the artifacts dir");
        Browser {
            driver,
            session,
            agent,
            artifacts,
            _chromedriver: chromedriver,
            _profile: profile,
        }
    }

    /// A WebDriver command on this session; its `value`.
    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.driver, self.session);
        send(&self.agent, method, &url, body)
    }

    fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.command("GET", "/url", None)
            .as_str()
            .expect("the URL is a string")
            .to_string()
    }

    fn back(&self) {
        self.command("POST", "/back", Some(json!({})));
    }

    /// Run `script` (a function body; `arguments` are `args`) in the page; its result.
    fn run(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// The element a CSS selector names, as a WebDriver reference.
    fn find(&self, css: &str) -> Value {
        self.command(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        )
    }

    fn click(&self, element: &Value) {
        let id = element_id(element);
        self.command("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    fn clear(&self, element: &Value) {
        let id = element_id(element);
        self.command("POST", &format!("/element/{id}/clear"), Some(json!({})));
    }

    fn type_text(&self, element: &Value, text: &str) {
        let id = element_id(element);
        self.command(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Replace the search box's text and press Enter, as a user would.
    fn search_for(&self, query: &str) {
        let box_ = self.find("#q");
        self.clear(&box_);
        self.type_text(&box_, &format!("{query}\u{E007}"));
    }

    fn resize(&self, width: u32, height: u32) {
        self.command(
            "POST",
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        );
    }

    fn screenshot(&self, name: &str) {
        let png = self.command("GET", "/screenshot", None);
        let png = decode_base64(png.as_str().expect("a screenshot is base64"));
        let path = self.artifacts.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("save the screenshot");
        eprintln!("screenshot: {}", path.display());
    }

    /// The page as the test reads it: the URL, whether a search is in flight, and what shows.
    fn page(&self) -> Page {
        let seen = self.run(
            "const text = (sel) => { const n = document.querySelector(sel); return n ? n.textContent : null; };
             return {
               busy: document.getElementById('results').getAttribute('aria-busy') === 'true',
               summary: text('#summary'),
               range: document.getElementById('pager').hidden ? null : text('#range'),
               error: text('#error'),
               titles: [...document.querySelectorAll('.hit-title')].map(n => n.textContent),
               speakers: [...document.querySelectorAll('.hit')].map(h => {
                 const s = h.querySelector('.hit-speakers'); return s ? s.textContent : ''; }),
               chips: [...document.querySelectorAll('#chips .chip')].map(n => n.textContent),
               bars: document.querySelectorAll('#timeline-chart svg rect.bar').length,
               unit: (document.querySelector('#timeline-chart svg') || {dataset: {}}).dataset.unit || null,
             };",
            json!([]),
        );
        serde_json::from_value(seen.clone()).unwrap_or_else(|e| panic!("{e}: {seen}"))
    }

    /// Poll the page until `ready` accepts it (no search in flight); the last page seen.
    fn wait_until(&self, what: &str, ready: impl Fn(&Page, &str) -> bool) -> Page {
        let start = Instant::now();
        loop {
            let page = self.page();
            let url = self.url();
            if !page.busy && ready(&page, &url) {
                return page;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}; last saw {url}\n{page:#?}"
            );
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ending the session closes Chromium; chromedriver is killed right after.
        let _ = self
            .agent
            .delete(format!("{}/session/{}", self.driver, self.session))
            .call();
    }
}

#[derive(Debug, serde::Deserialize)]
struct Page {
    busy: bool,
    summary: Option<String>,
    range: Option<String>,
    error: Option<String>,
    titles: Vec<String>,
    speakers: Vec<String>,
    chips: Vec<String>,
    bars: usize,
    unit: Option<String>,
}

fn send(agent: &ureq::Agent, method: &str, url: &str, body: Option<Value>) -> Value {
    let response = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        (_, Some(body)) => agent.post(url).send_json(body),
        (_, None) => agent.post(url).send_empty(),
    };
    let mut response = response.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = response.status();
    let answer: Value = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_json()
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    assert!(status.is_success(), "{method} {url}: {status} {answer}");
    answer["value"].clone()
}

fn element_id(element: &Value) -> String {
    // The W3C name of an element reference's key.
    element["element-6066-11e4-a52e-4f735466cecf"]
        .as_str()
        .unwrap_or_else(|| panic!("not an element: {element}"))
        .to_string()
}

/// Poll `probe` until it gives a value, or fail after [`TIMEOUT`] naming what never happened.
fn wait_for<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}");
        std::thread::sleep(POLL);
    }
}

/// A count as the page prints it (`Intl.NumberFormat("en")`).
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn total(results: &Value) -> u64 {
    results["total"].as_u64().expect("total is a number")
}

/// "1–10 of N" for the first page of `results`.
fn first_range(results: &Value) -> String {
    let shown = results["hits"].as_array().expect("hits").len() as u64;
    format!("1–{} of {}", thousands(shown), thousands(total(results)))
}

/// How many bars the page should draw for a month timeline: one a month, or one a year when
/// there are more than 120 months.
fn expected_bars(timeline: &Value) -> (usize, &'static str) {
    let months = timeline["buckets"].as_array().expect("buckets");
    if months.len() <= 120 {
        return (months.len(), "month");
    }
    let mut years: Vec<&str> = months
        .iter()
        .map(|b| &b["start"].as_str().expect("start")[..4])
        .collect();
    years.dedup();
    (years.len(), "year")
}

#[test]
fn the_search_page_works_in_chromium() {
    let started = Instant::now();
    let server = Server::start();
    let browser = Browser::start();
    browser.goto(&format!("{}/", server.url));
    browser.wait_until("the page to show every passage", |page, _| {
        page.summary
            .as_deref()
            .is_some_and(|s| s.contains("whole index"))
    });

    // A query typed and submitted shows the same total and first hit as the API.
    let expected = server.api("/api/search?q=ceasefire");
    assert!(total(&expected) > 0, "the corpus mentions a ceasefire");
    browser.search_for("ceasefire");
    let page = browser.wait_until("results for ceasefire", |page, url| {
        url.contains("q=ceasefire") && page.range.as_deref() == Some(&first_range(&expected))
    });
    let summary = format!("{} passages for “ceasefire”.", thousands(total(&expected)));
    assert_eq!(page.summary.as_deref(), Some(&*summary));
    assert_eq!(
        page.titles[0],
        expected["hits"][0]["title"].as_str().unwrap()
    );
    assert_eq!(
        page.titles.len(),
        expected["hits"].as_array().unwrap().len()
    );
    browser.screenshot("desktop-results");

    // The timeline draws one bar per period the timeline API counts.
    let timeline = server.api("/api/timeline?q=ceasefire&interval=month");
    let (bars, unit) = expected_bars(&timeline);
    assert!(bars > 0, "ceasefire passages are dated: {timeline}");
    assert_eq!((page.bars, page.unit.as_deref()), (bars, Some(unit)));

    // A speaker facet adds a filter; every hit then has that speaker. The facet shows the
    // index's one name for Peskov (aliases such as "Dmitri S. Peskov" resolve to it).
    let facets = server.api("/api/search?q=ceasefire&facet=speaker&facet_limit=12&limit=1");
    let speaker = facets["facets"]["speaker"]
        .as_array()
        .expect("speaker facets")
        .iter()
        .filter_map(|row| row["value"].as_str())
        .find(|name| name.contains("Peskov"))
        .unwrap_or_else(|| panic!("Peskov speaks about a ceasefire: {facets}"));
    let filtered = server.api(&format!(
        "/api/search?q=ceasefire&speaker={}",
        speaker.replace(' ', "+")
    ));
    assert!(total(&filtered) > 0, "{speaker} is a filter that matches");
    browser.click(&speaker_toggle(&browser, speaker));
    let page = browser.wait_until("the speaker filter", |page, url| {
        url.contains("speaker=") && page.range.as_deref() == Some(&first_range(&filtered))
    });
    assert!(!page.speakers.is_empty());
    for speakers in &page.speakers {
        assert!(
            speakers.contains(speaker),
            "hit without {speaker}: {speakers:?}"
        );
    }
    assert_eq!(page.chips.len(), 1, "{:?}", page.chips);
    assert!(page.chips[0].contains(speaker), "{:?}", page.chips);
    assert_eq!(pressed(&browser, speaker), Some(true));
    browser.screenshot("desktop-speaker-filter");

    // A second click on the same facet removes the filter again.
    browser.click(&speaker_toggle(&browser, speaker));
    let page = browser.wait_until("the filter to go", |page, url| {
        !url.contains("speaker=") && page.range.as_deref() == Some(&first_range(&expected))
    });
    assert!(page.chips.is_empty(), "{:?}", page.chips);
    assert_eq!(pressed(&browser, speaker), Some(false));

    // Back restores the filtered search, and back again the plain one.
    browser.back();
    let page = browser.wait_until("back to the filtered search", |page, url| {
        url.contains("speaker=") && page.range.as_deref() == Some(&first_range(&filtered))
    });
    assert_eq!(page.chips.len(), 1);
    browser.back();
    browser.wait_until("back to the plain search", |page, url| {
        !url.contains("speaker=")
            && page.chips.is_empty()
            && page.summary.as_deref() == Some(&*summary)
    });

    // A bar narrows since/until to its period.
    let first = timeline["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["count"].as_u64() > Some(0))
        .expect("a month with matches");
    let period = &first["start"].as_str().unwrap()[..if unit == "year" { 4 } else { 7 }];
    let narrowed = server.api(&format!(
        "/api/search?q=ceasefire&since={period}&until={period}"
    ));
    browser.click(&browser.find(&format!(
        "#timeline-chart a[href*='since={period}'] rect.target"
    )));
    browser.wait_until("the bar's period", |page, url| {
        url.contains(&format!("since={period}&until={period}"))
            && page.range.as_deref() == Some(&first_range(&narrowed))
    });
    let since = browser.run("return document.getElementById('since').value", json!([]));
    assert_eq!(since, period);

    // A bad query shows the server's own message.
    let bad = server.api("/api/search?q=%28%28%28");
    let message = bad["error"].as_str().expect("an error message");
    browser.search_for("(((");
    let page = browser.wait_until("the error", |page, _| {
        page.error.as_deref().is_some_and(|e| !e.is_empty())
    });
    assert!(
        page.error.as_deref().unwrap().contains(message),
        "{:?} does not show {message:?}",
        page.error
    );
    assert!(page.titles.is_empty());
    browser.screenshot("desktop-error");

    // HTML in an article is shown as text, never run or rendered.
    browser.goto(&format!("{}/?q=zanzibarite", server.url));
    let page = browser.wait_until("the hostile article", |page, _| page.titles.len() == 1);
    assert!(page.titles[0].contains("<img src=x"), "{:?}", page.titles);
    let injected = browser.run(
        "return document.querySelectorAll('#hits img, #hits script, #hits b, #hits i, #hits a[href^=javascript]').length",
        json!([]),
    );
    assert_eq!(injected, 0);
    assert_eq!(browser.run("return document.title", json!([])), "newsdex");

    // On a phone the page fits the width and the facets come after the results.
    browser.resize(390, 844);
    browser.goto(&format!("{}/?q=ceasefire", server.url));
    browser.wait_until("results on a phone", |page, _| {
        page.range.as_deref() == Some(&first_range(&expected))
    });
    let layout = browser.run(
        "const r = (sel) => document.querySelector(sel).getBoundingClientRect();
         return { scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
                  stacked: r('.facets').top >= r('#hits').bottom };",
        json!([]),
    );
    assert!(
        layout["scroll"].as_u64() <= layout["inner"].as_u64(),
        "horizontal scrolling on a phone: {layout}"
    );
    assert_eq!(layout["stacked"], true, "{layout}");
    browser.screenshot("phone-results");

    // Next shows the second page and puts its offset in the URL.
    if total(&expected) > 10 {
        browser.click(&browser.find("#next"));
        let last = total(&expected).min(20);
        let second = format!("11–{} of {}", last, thousands(total(&expected)));
        browser.wait_until("the second page", |page, url| {
            url.contains("offset=10") && page.range.as_deref() == Some(&*second)
        });
    }
    eprintln!("browser test took {:.1?}", started.elapsed());
}

/// The facet button for a speaker (found anew: every search rebuilds the list).
fn speaker_toggle(browser: &Browser, name: &str) -> Value {
    let found = browser.run(
        "return [...document.querySelectorAll('.facet[data-kind=speaker] .facet-toggle')]
           .find(b => b.querySelector('.facet-value').textContent === arguments[0]) || null",
        json!([name]),
    );
    assert!(!found.is_null(), "no speaker facet {name:?}");
    found
}

fn pressed(browser: &Browser, name: &str) -> Option<bool> {
    let toggle = speaker_toggle(browser, name);
    let state = browser.run(
        "return arguments[0].getAttribute('aria-pressed')",
        json!([toggle]),
    );
    state.as_str().map(|s| s == "true")
}

/// Standard base64, as WebDriver sends screenshots; no dependency needed for one decoder.
mod base64_png {
    pub fn decode(text: &str) -> Vec<u8> {
        let value = |c: u8| match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c:?}"),
        };
        let bytes: Vec<u8> = text.bytes().filter(|c| !b"=\r\n".contains(c)).collect();
        let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
        for chunk in bytes.chunks(4) {
            let mut acc = 0u32;
            for (i, &c) in chunk.iter().enumerate() {
                acc |= u32::from(value(c)) << (18 - 6 * i);
            }
            out.extend(&acc.to_be_bytes()[1..chunk.len()]);
        }
        out
    }
}
