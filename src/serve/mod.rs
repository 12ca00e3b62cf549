//! `newsdex serve`: the HTTP JSON API and the search page, from the same search code as the CLI.
//!
//! `state` holds the index snapshot and follows new commits, `api` answers JSON, `page` serves
//! the web page compiled into the binary. Nothing is ever read from disk for a request except
//! through the index: there is no static file serving, so no path can reach outside it.

pub mod api;
pub mod conn;
mod page;
pub mod state;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use tokio::sync::Semaphore;

use self::api::Api;
use self::state::Shared;

#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub dir: PathBuf,
    pub addr: SocketAddr,
}

/// Request bodies are never needed (every endpoint is a GET); anything larger is refused.
const MAX_BODY: usize = 16 * 1024;

/// The routes, for the server and for tests.
pub fn router(shared: Shared) -> Router {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let api = Api {
        shared,
        // Searches are CPU-bound: more at once than cores (and a little slack) only queues them
        // inside tantivy instead of here, where the time limit can see them.
        permits: Arc::new(Semaphore::new(cores * 2)),
    };
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/healthz", get(api::healthz))
        .route("/api/search", get(api::search))
        .route("/api/timeline", get(api::timeline))
        .route("/api/stats", get(api::stats))
        .route("/api/articles/{id}", get(api::article))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn(api::within_request_timeout))
        .with_state(api)
}

/// Serve until Ctrl-C. The first line written to `out` is the address, so a script (or a test)
/// that asked for port 0 learns the port.
pub fn run<W: Write>(config: &ServeConfig, out: &mut W) -> anyhow::Result<()> {
    let shared = Shared::open(&config.dir)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("cannot listen on {}", config.addr))?;
        let addr = listener.local_addr()?;
        writeln!(
            out,
            "newsdex: serving {} on http://{addr}/ (Ctrl-C to stop)",
            config.dir.display()
        )?;
        out.flush()?;
        tokio::spawn(shared.clone().watch());
        conn::serve(listener, router(shared), async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("the server failed")
    })
}
