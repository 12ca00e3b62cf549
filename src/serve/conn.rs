//! Connections: accepted, bounded and timed here, then handed to hyper one at a time.
//!
//! `axum::serve` sets no timer, so hyper's header-read timeout never fires there: a client that
//! sends half a request holds its connection (and a file descriptor) for as long as it likes, and
//! a thousand such clients hold a thousand. Here each connection gets
//!
//! - a slot among [`MAX_CONNECTIONS`]; past that a client is told 503 at once and closed, so the
//!   server never runs out of descriptors and the slots come back within [`HEADER_TIMEOUT`];
//! - [`HEADER_TIMEOUT`] to send each request's line and headers (also the longest an idle
//!   keep-alive connection stays open), and at most [`MAX_HEAD_BYTES`] of them;
//! - [`MAX_CONNECTION_AGE`], after which it finishes the request in hand and closes, so a
//!   client that never reads its answer cannot keep a slot for ever.
//!
//! The whole-request time limit is a layer of the router ([`super::router`]), so it holds for
//! tests that call the router directly too.
//!
//! hyper answers a request it cannot parse (a request line over 64 KiB, headers past
//! [`MAX_HEAD_BYTES`], a malformed line) by itself, before any handler runs, with an empty body.
//! [`JsonParseErrors`] rewrites those answers, as they are written, into the API's JSON errors.

use std::future::Future;
use std::io;
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

/// Connections served at once; the next ones get a 503 and are closed.
pub const MAX_CONNECTIONS: usize = 512;
/// Time to send a request's line and headers, counted from when the server starts waiting for
/// them (so also the longest an idle keep-alive connection is kept).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// Time from a request's headers to its answer, whatever the handler does (searches have their
/// own, shorter limit, `api::QUERY_TIMEOUT`, with a message of their own).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Longest a connection lives; then it ends the request in hand (within [`REQUEST_TIMEOUT`]) and
/// closes. Browsers and scripts reconnect by themselves.
pub const MAX_CONNECTION_AGE: Duration = Duration::from_secs(120);
/// Most bytes of a request's line and headers. A request line over 64 KiB is refused with 414
/// before this (hyper's limit on a URI), more headers than this with 431.
pub const MAX_HEAD_BYTES: usize = 96 * 1024;

/// Accept and serve connections until `shutdown` completes; then stop accepting, let each open
/// connection finish the request in hand, and return (after [`REQUEST_TIMEOUT`] at most).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let (stop, stopped) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of descriptors or memory, or the client gave up before accept: wait a
                // little rather than spin, as axum::serve does.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        match Arc::clone(&slots).try_acquire_owned() {
            Ok(slot) => {
                tokio::spawn(connection(stream, router.clone(), stopped.clone(), slot));
            }
            Err(_) => {
                tokio::spawn(refuse(stream));
            }
        }
    }
    drop(listener);
    drop(stop);
    let all = u32::try_from(MAX_CONNECTIONS).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(REQUEST_TIMEOUT, slots.acquire_many(all)).await;
    Ok(())
}

/// Serve one connection in its slot.
async fn connection(
    stream: TcpStream,
    router: Router,
    mut stopped: watch::Receiver<()>,
    _slot: OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    let io = TokioIo::new(JsonParseErrors::new(stream));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_buf_size(MAX_HEAD_BYTES)
        .max_header_size(MAX_HEAD_BYTES)
        // Contiguous writes, so a parse-error answer reaches `JsonParseErrors` in one piece.
        .writev(false);
    let mut conn = pin!(builder.serve_connection(io, TowerToHyperService::new(router)));
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = stopped.changed() => {}
        () = tokio::time::sleep(MAX_CONNECTION_AGE) => {}
    }
    conn.as_mut().graceful_shutdown();
    let _ = tokio::time::timeout(REQUEST_TIMEOUT, conn).await;
}

/// Tell a client past [`MAX_CONNECTIONS`] to come back later, and close (within a second).
async fn refuse(stream: TcpStream) {
    let answer = json_response(
        503,
        "Service Unavailable",
        "too many connections; try again",
        "",
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let mut written = 0;
        while let Some(rest) = answer.get(written..).filter(|rest| !rest.is_empty()) {
            stream.writable().await?;
            match stream.try_write(rest) {
                Ok(n) => written += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
        }
        // Closing with the request unread would reset the connection, and the client might lose
        // the answer: end our side, then read what it sent until it closes too.
        let stream = stream.into_std()?;
        stream.shutdown(std::net::Shutdown::Write)?;
        let stream = TcpStream::from_std(stream)?;
        let mut sink = [0u8; 4096];
        loop {
            stream.readable().await?;
            match stream.try_read(&mut sink) {
                Ok(0) => return Ok(()),
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
        }
    })
    .await;
}

/// A whole response with a JSON error body, `{"error": …, "status": …}` as `api::ApiError`
/// writes it. `extra` holds further header lines, each ending in CRLF.
fn json_response(status: u16, reason: &str, message: &str, extra: &str) -> Vec<u8> {
    let body = serde_json::json!({ "error": message, "status": status }).to_string();
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n{extra}\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

/// The answers hyper writes by itself to a request it cannot parse: status, reason phrase, and
/// what to tell the client.
const PARSE_ERRORS: &[(u16, &str, &str)] = &[
    (400, "Bad Request", "the request is not valid HTTP/1.1"),
    (
        414,
        "URI Too Long",
        "the request line is over 64 KiB; shorten the query",
    ),
    (
        431,
        "Request Header Fields Too Large",
        "the request's headers are over 96 KiB or more than 100",
    ),
];

/// A stream whose writes pass through unchanged, except hyper's own empty-bodied answers to
/// unparseable requests ([`PARSE_ERRORS`]), which become JSON errors. hyper writes each such
/// answer whole, as the last thing on its connection (it closes after), and no handler of ours
/// answers those statuses with an empty body, so the head is recognised by its first two lines.
pub struct JsonParseErrors<S> {
    inner: S,
    /// Bytes taken from hyper but not yet written: the rewritten answer, and how far it got.
    pending: Vec<u8>,
    done: usize,
}

impl<S> JsonParseErrors<S> {
    pub fn new(inner: S) -> JsonParseErrors<S> {
        JsonParseErrors {
            inner,
            pending: Vec::new(),
            done: 0,
        }
    }
}

impl<S: AsyncWrite + Unpin> JsonParseErrors<S> {
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.done < self.pending.len() {
            let rest = self.pending.get(self.done..).unwrap_or_default();
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, rest))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.done += n;
        }
        self.pending.clear();
        self.done = 0;
        Poll::Ready(Ok(()))
    }
}

/// `buf` with a parse-error answer of hyper's in it replaced by a JSON one; `None` when it holds
/// none. hyper's answer is its status line, then `content-length: 0` among its headers and no
/// `content-type`; its other headers (`date`) are kept.
fn rewrite_parse_error(buf: &[u8]) -> Option<Vec<u8>> {
    for &(status, reason, message) in PARSE_ERRORS {
        let status_line = format!("HTTP/1.1 {status} {reason}\r\n");
        let Some(start) = find(buf, status_line.as_bytes()) else {
            continue;
        };
        let headers_start = start + status_line.len();
        let rest = buf.get(headers_start..)?;
        // The head ends at its first blank line (right away when there are no headers).
        let (headers, end) = if rest.starts_with(b"\r\n") {
            (b"".as_slice(), headers_start + 2)
        } else {
            let blank = find(rest, b"\r\n\r\n")?;
            (rest.get(..blank)?, headers_start + blank + 4)
        };
        let headers = String::from_utf8_lossy(headers);
        let lines: Vec<&str> = headers.split("\r\n").collect();
        let lower = |line: &str| line.to_ascii_lowercase();
        let empty = lines.iter().any(|l| lower(l) == "content-length: 0");
        let typed = lines.iter().any(|l| lower(l).starts_with("content-type:"));
        if !empty || typed {
            continue;
        }
        let extra: String = lines
            .iter()
            .filter(|l| {
                let l = lower(l);
                !l.starts_with("content-length:") && !l.starts_with("connection:")
            })
            .map(|l| format!("{l}\r\n"))
            .collect();
        let mut out = buf.get(..start)?.to_vec();
        out.extend_from_slice(&json_response(status, reason, message, &extra));
        out.extend_from_slice(buf.get(end..)?);
        return Some(out);
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

impl<S: AsyncRead + Unpin> AsyncRead for JsonParseErrors<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for JsonParseErrors<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        if let Some(rewritten) = rewrite_parse_error(buf) {
            this.pending = rewritten;
            this.done = 0;
            // Taken whole: what is left goes out on the next write, flush or shutdown.
            if let Poll::Ready(Err(e)) = this.poll_pending(cx) {
                return Poll::Ready(Err(e));
            }
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hypers_empty_parse_error_answers_become_json() {
        let canned = b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ncontent-length: 0\r\ndate: Thu, 03 Dec 2026 14:00:00 GMT\r\n\r\n";
        let out = rewrite_parse_error(canned).expect("recognised");
        let out = String::from_utf8(out).unwrap();
        let (head, body) = out.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
        assert!(
            head.contains("\r\ncontent-type: application/json\r\n"),
            "{head}"
        );
        assert!(
            head.contains("\r\ndate: Thu, 03 Dec 2026 14:00:00 GMT"),
            "{head}"
        );
        assert!(head.contains(&format!("\r\ncontent-length: {}", body.len())));
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["status"], 431);
        // Bytes before it (an earlier answer) stay; an answer with a body is never touched.
        let earlier = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
        let both = [
            &earlier[..],
            b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\n\r\n",
        ]
        .concat();
        let out = rewrite_parse_error(&both).expect("recognised");
        assert!(out.starts_with(earlier));
        assert!(String::from_utf8_lossy(&out).ends_with(r#""status":414}"#));
        let ours = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 40\r\n\r\n";
        assert_eq!(rewrite_parse_error(ours), None);
    }
}
