//! Operability: a handler panic is a 500 and the server goes on, the access log's lines,
//! `/healthz`, the header-read timeout against slow clients, the connection cap.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::routing::get;
use common::*;
use profile_server::{connections, AppState, Config};
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The real router plus `extra` routes, served by the real connection loop.
async fn start_router(
    edit: impl FnOnce(&mut Config),
    extra: axum::Router<AppState>,
) -> (String, tempfile::TempDir, tempfile::TempDir) {
    let (content, dist) = (content_dir(), dist_dir());
    let mut config = Config {
        content_dir: content.path().into(),
        dist_dir: dist.path().into(),
        insecure_cookies: true,
        database: profile_server::store::Database::Sqlite(content.path().join("members.db")),
        ..Config::default()
    };
    edit(&mut config);
    let limits = connections::Limits {
        header_timeout: config.header_timeout,
        max_connections: config.max_connections,
    };
    let (state, _) = AppState::load(config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = profile_server::router_with(state, extra);
    tokio::spawn(connections::serve(
        listener,
        app,
        limits,
        std::future::pending(),
    ));
    (base, content, dist)
}

#[tokio::test]
async fn a_handler_panic_is_a_500_and_the_next_request_succeeds() {
    let boom = axum::Router::new().route(
        "/boom",
        get(|| async {
            if std::hint::black_box(true) {
                panic!("injected for the test");
            }
            "unreachable"
        }),
    );
    let (base, _c, _d) = start_router(|_| {}, boom).await;
    let client = reqwest::Client::new();
    for _ in 0..3 {
        let r = client.get(format!("{base}/boom")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        // Still under the security headers, and the body is the API's plain error.
        assert!(r.headers().contains_key("content-security-policy"));
        assert_eq!(r.text().await.unwrap(), r#"{"error":"internal"}"#);
        let ok = client.get(format!("{base}/api/site")).send().await.unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn healthz_answers_at_the_root_even_under_a_base_path() {
    for base_path in ["", "/viewer"] {
        let s = start_with(|c| c.base_path = base_path.into()).await;
        let r = s.get("/healthz").await;
        assert_eq!(r.status(), StatusCode::OK, "{base_path}");
        assert_eq!(header(&r, "cache-control"), Some("no-store"));
        assert_eq!(r.text().await.unwrap(), r#"{"status":"ok"}"#);
    }
}

/// Log lines written to a buffer, for the subscriber of one test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// A current-thread runtime (the default of tokio::test), so the server's tasks log to this
// thread's subscriber.
#[tokio::test]
async fn one_log_line_per_request_without_query_cookie_or_password() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let s = start().await;
    let session = s.login(CIRCLE).await;
    let r = s
        .get_as(
            "/api/profiles?secret-query=1",
            &Auth::Cookie(session.clone()),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = s.try_login(CIRCLE.0, "wrong-password-in-body").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(s.get("/api/nope").await.status(), StatusCode::NOT_FOUND);

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| v["target"] == "access")
        .collect();
    let seen: Vec<(String, String, u64)> = lines
        .iter()
        .map(|v| {
            assert!(v["latency_ms"].as_f64().is_some(), "{v}");
            (
                v["method"].as_str().unwrap().to_string(),
                v["path"].as_str().unwrap().to_string(),
                v["status"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = [
        ("POST", "/api/auth/login", 200),
        ("GET", "/api/profiles", 200),
        ("POST", "/api/auth/login", 401),
        ("GET", "/api/nope", 404),
    ]
    .map(|(m, p, s)| (m.to_string(), p.to_string(), s));
    assert_eq!(seen, want);
    for secret in [
        session.as_str(),
        "secret-query",
        "wrong-password-in-body",
        CIRCLE.1,
        "pv_session",
    ] {
        assert!(!text.contains(secret), "the log contains {secret}: {text}");
    }
}

/// Sends `bytes` one at a time, `gap` apart, until the server closes; returns when it did,
/// or `None` when all bytes went out and the connection was still open.
async fn trickle(stream: &mut TcpStream, bytes: &[u8], gap: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut buf = [0u8; 512];
    for b in bytes {
        if stream.write_all(&[*b]).await.is_err() {
            return Some(start.elapsed());
        }
        // A read that ends (0 bytes, or an error) within the gap is the server closing.
        match tokio::time::timeout(gap, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return Some(start.elapsed()),
            Ok(Ok(_)) | Err(_) => {}
        }
    }
    None
}

#[tokio::test]
async fn a_client_trickling_its_headers_is_disconnected_within_the_header_timeout() {
    let (base, _c, _d) = start_router(
        |c| c.header_timeout = Duration::from_millis(800),
        axum::Router::new(),
    )
    .await;
    let addr = base.trim_start_matches("http://").to_string();
    // 60 bytes at 100 ms: 6 s to finish, far longer than the timeout.
    let request = format!(
        "GET /api/site HTTP/1.1\r\nHost: {addr}\r\nX-Slow: {}\r\n\r\n",
        "a".repeat(20)
    );
    let mut slow = TcpStream::connect(&addr).await.unwrap();
    let closed = trickle(&mut slow, request.as_bytes(), Duration::from_millis(100))
        .await
        .expect("the slow client was never disconnected");
    assert!(
        closed >= Duration::from_millis(700) && closed < Duration::from_millis(2500),
        "disconnected after {closed:?}"
    );

    // A client that connects and sends nothing is closed too.
    let mut silent = TcpStream::connect(&addr).await.unwrap();
    let start = Instant::now();
    let mut buf = [0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(5), silent.read(&mut buf)).await;
    assert!(
        matches!(read, Ok(Ok(0)) | Ok(Err(_))),
        "a silent connection stays open: {read:?}"
    );
    assert!(start.elapsed() < Duration::from_millis(2500));

    // A prompt client is served as usual.
    let r = reqwest::get(format!("{base}/api/site")).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

async fn get_raw(stream: &mut TcpStream, addr: &str) -> String {
    let req = format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 4096];
    let n = stream.read(&mut buf).await.unwrap();
    String::from_utf8_lossy(&buf[..n]).to_string()
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_one_closes() {
    let (base, _c, _d) = start_router(
        |c| {
            c.max_connections = 1;
            c.header_timeout = Duration::from_secs(30);
        },
        axum::Router::new(),
    )
    .await;
    let addr = base.trim_start_matches("http://").to_string();
    let mut first = TcpStream::connect(&addr).await.unwrap();
    assert!(get_raw(&mut first, &addr).await.starts_with("HTTP/1.1 200"));
    // The first connection is kept alive, so the second is not served...
    let mut second = TcpStream::connect(&addr).await.unwrap();
    let req = format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    second.write_all(req.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 4096];
    let waited = tokio::time::timeout(Duration::from_millis(500), second.read(&mut buf)).await;
    assert!(waited.is_err(), "served beyond the cap: {waited:?}");
    // ...until the first one closes.
    drop(first);
    let n = tokio::time::timeout(Duration::from_secs(5), second.read(&mut buf))
        .await
        .expect("not served after a slot freed")
        .unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
}
