//! The HTTP/1.1 server: an accept loop over hyper that protects the process from slow and idle
//! clients. A client has `header_read_timeout` to send a request's head (also the wait for the next
//! request on a kept-alive connection), `request_timeout` for the whole request, its body included
//! (408, in `harden`), and a connection with no traffic for `idle_timeout` is closed. One client
//! address holds at most `max_connections_per_address` connections at once; a further one is
//! closed at once, so that one client cannot take every file descriptor.

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How much a client may ask of the server. Every limit answers with an OData error where HTTP
/// still allows an answer.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Time to send a request's head (request line and headers), and to start the next request on
    /// a kept-alive connection.
    pub header_read_timeout: Duration,
    /// Time for a whole request, reading its body included (408 `request_timeout`).
    pub request_timeout: Duration,
    /// A connection with neither a byte read nor a byte written for this long is closed.
    pub idle_timeout: Duration,
    /// Open connections one client address may hold at once.
    pub max_connections_per_address: usize,
    /// Longest request target (path and query), in bytes (414 `uri_too_long`).
    pub max_uri_bytes: usize,
    /// Largest total size of the request's headers, in bytes (431 `headers_too_large`).
    pub max_header_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(75),
            max_connections_per_address: 64,
            // Below hyper's own limits (64 KiB of URI, ~400 KiB of head), so that Steward answers.
            max_uri_bytes: 60 * 1024,
            max_header_bytes: 32 * 1024,
        }
    }
}

/// Open connections by client address.
#[derive(Default)]
struct Counts(Mutex<HashMap<IpAddr, usize>>);

/// One counted connection; dropping it gives the slot back.
struct Slot {
    counts: Arc<Counts>,
    ip: IpAddr,
}

impl Counts {
    fn take(self: &Arc<Self>, ip: IpAddr, max: usize) -> Option<Slot> {
        let mut map = self.0.lock().expect("connection counts");
        let n = map.entry(ip).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(Slot {
            counts: self.clone(),
            ip,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut map = self.counts.0.lock().expect("connection counts");
        if let Some(n) = map.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.ip);
            }
        }
    }
}

/// A stream that notes when it last moved a byte.
struct Watched<S> {
    inner: S,
    last: Arc<Mutex<Instant>>,
}

impl<S> Watched<S> {
    fn touch(&self) {
        *self.last.lock().expect("activity") = Instant::now();
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.touch();
        }
        r
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        r
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Serve `router` on `listener` until `shutdown` completes, then let open requests finish. Each
/// request carries `ConnectInfo<SocketAddr>` (the client address), as with `axum::serve`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let counts = Arc::new(Counts::default());
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    let mut tasks = tokio::task::JoinSet::new();
    loop {
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %e, "accepting a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        while tasks.try_join_next().is_some() {}
        let Some(slot) = counts.take(addr.ip(), limits.max_connections_per_address) else {
            tracing::warn!(client = %addr.ip(), "too many connections from one address; closed");
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let limits = limits.clone();
        let mut stop = stop_rx.clone();
        tasks.spawn(async move {
            let _slot = slot;
            let last = Arc::new(Mutex::new(Instant::now()));
            let io = TokioIo::new(Watched {
                inner: stream,
                last: last.clone(),
            });
            let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(addr));
                router.clone().oneshot(req)
            });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout)
                .keep_alive(true);
            let conn = builder.serve_connection(io, service);
            let mut conn = std::pin::pin!(conn);
            let idle = limits.idle_timeout;
            loop {
                let since = last.lock().expect("activity").elapsed();
                let wait = idle.saturating_sub(since);
                tokio::select! {
                    r = conn.as_mut() => {
                        if let Err(e) = r {
                            tracing::debug!(error = %e, client = %addr, "connection ended");
                        }
                        return;
                    }
                    () = tokio::time::sleep(wait) => {
                        if last.lock().expect("activity").elapsed() >= idle {
                            tracing::debug!(client = %addr, "idle connection closed");
                            return;
                        }
                    }
                    _ = stop.changed() => {
                        conn.as_mut().graceful_shutdown();
                        let _ = conn.as_mut().await;
                        return;
                    }
                }
            }
        });
    }
    let _ = stop_tx.send(true);
    while tasks.join_next().await.is_some() {}
    Ok(())
}
