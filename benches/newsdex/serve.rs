//! Load on `newsdex serve`: a fixed number of clients on loopback send the seeded query set as
//! fast as they are answered, for a fixed time. Requests per second, latency percentiles, and
//! errors (any status but 200, any transport failure), which must be zero.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use newsdex::choice::Choice;
use serde_json::{json, Value};

use crate::queries::{percentile, BenchQuery};

/// Concurrent clients: a newsroom tool's worth, several times the cores.
const CLIENTS: usize = 8;
const WARM_UP: Duration = Duration::from_secs(2);
const MEASURE: Duration = Duration::from_secs(15);

pub fn run(index_dir: &Path, queries: &[BenchQuery]) -> anyhow::Result<Value> {
    let shared = newsdex::serve::state::Shared::open(index_dir)?;
    let (addr_tx, addr_rx) = mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || -> anyhow::Result<()> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            addr_tx.send(listener.local_addr()?)?;
            axum::serve(listener, newsdex::serve::router(shared))
                .with_graceful_shutdown(async {
                    let _ = stop_rx.await;
                })
                .await?;
            Ok(())
        })
    });
    let addr = addr_rx.recv()?;
    let paths: Arc<Vec<String>> = Arc::new(queries.iter().map(url_of).collect());

    let measuring = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let paths = Arc::clone(&paths);
            let measuring = Arc::clone(&measuring);
            let done = Arc::clone(&done);
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .build()
                    .into();
                let mut latencies = Vec::new();
                let mut errors = 0usize;
                let mut next = client * paths.len() / CLIENTS;
                while !done.load(Ordering::Relaxed) {
                    let url = format!("http://{addr}{}", paths[next % paths.len()]);
                    next += 1;
                    let started = Instant::now();
                    let ok = match agent.get(&url).call() {
                        Ok(mut response) => {
                            let status = response.status().as_u16();
                            // Read the whole body: a client is done when it has the answer.
                            response.body_mut().read_to_vec().is_ok() && status == 200
                        }
                        Err(_) => false,
                    };
                    if measuring.load(Ordering::Relaxed) {
                        latencies.push(started.elapsed().as_secs_f64() * 1e3);
                        errors += usize::from(!ok);
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    std::thread::sleep(WARM_UP);
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    std::thread::sleep(MEASURE);
    measuring.store(false, Ordering::Relaxed);
    let elapsed = started.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    let mut latencies = Vec::new();
    let mut errors = 0;
    for client in clients {
        let (mut l, e) = client
            .join()
            .map_err(|_| anyhow::anyhow!("a client panicked"))?;
        latencies.append(&mut l);
        errors += e;
    }
    let _ = stop_tx.send(());
    server
        .join()
        .map_err(|_| anyhow::anyhow!("the server panicked"))??;

    latencies.sort_by(f64::total_cmp);
    let requests = latencies.len();
    let per_second = requests as f64 / elapsed;
    let (p50, p99) = (percentile(&latencies, 0.5), percentile(&latencies, 0.99));
    println!(
        "\nserve ({CLIENTS} clients on loopback, {:.0} s, the query set round-robin)",
        MEASURE.as_secs_f64()
    );
    println!(
        "  {requests} requests, {per_second:.0} requests/s, p50 {p50:.2} ms, p99 {p99:.2} ms, {errors} errors"
    );
    Ok(json!({
        "clients": CLIENTS,
        "seconds": elapsed,
        "requests": requests,
        "requests_per_second": per_second,
        "p50_ms": p50,
        "p99_ms": p99,
        "errors": errors,
    }))
}

/// The API URL of a benchmark query.
fn url_of(query: &BenchQuery) -> String {
    let request = query.request();
    let mut url = form_urlencoded::Serializer::new(String::new());
    url.append_pair("q", &request.query);
    for speaker in &request.filters.speakers {
        url.append_pair("speaker", speaker);
    }
    for entity in &request.filters.entities {
        url.append_pair("entity", entity);
    }
    if let Some(since) = request.filters.since {
        url.append_pair("since", &since.format("%Y-%m-%d").to_string());
    }
    if let Some(until) = request.filters.until {
        url.append_pair("until", &until.format("%Y-%m-%d").to_string());
    }
    for facet in &request.facets {
        url.append_pair("facet", facet.name());
    }
    format!("/api/search?{}", url.finish())
}
