//! What the operator sees: logs (`--log-format text|json`, one line per request), the
//! health endpoint, and a handler panic turned into a 500 and a log line.

use std::any::Any;
use std::time::Instant;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// How log lines are written (to stderr; stdout carries only the `listening on` line).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

impl std::str::FromStr for LogFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<LogFormat, String> {
        match s {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            _ => Err(format!("\"{s}\" is not a log format (text or json)")),
        }
    }
}

/// Installs the global subscriber: level from `RUST_LOG` (default `info`), lines on stderr.
/// Panics are logged through it too, with their location, instead of the default hook's
/// plain text. Returns `Err` when a subscriber is already installed.
pub fn init_logging(format: LogFormat) -> Result<(), String> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let installed = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
    installed.map_err(|e| e.to_string())?;
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::error!(target: "panic", %location, message = panic_message(info.payload()), "panic");
    }));
    Ok(())
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

/// The longest path written to a log line: a request cannot make a line arbitrarily long.
const MAX_LOGGED_PATH: usize = 200;

/// One line per request: method, path (never the query, which may carry anything), status
/// and latency. Headers and bodies are never logged, so no cookie, token or password is.
pub async fn access_log(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let mut path = req.uri().path().to_string();
    if path.len() > MAX_LOGGED_PATH {
        let mut end = MAX_LOGGED_PATH;
        while !path.is_char_boundary(end) {
            end -= 1;
        }
        path.truncate(end);
        path.push('…');
    }
    let response = next.run(req).await;
    let latency_ms = start.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(
        target: "access",
        method = %method,
        path = %path,
        status = response.status().as_u16(),
        latency_ms = (latency_ms * 100.0).round() / 100.0,
    );
    response
}

/// `GET /healthz`: the process is up and answering. Never cached.
pub async fn healthz() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        r#"{"status":"ok"}"#,
    )
        .into_response()
}

/// For `CatchPanicLayer`: the panic is logged (the hook of [`init_logging`] has already
/// written where it happened) and the client gets the API's plain 500.
pub fn panic_response(payload: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!(
        message = panic_message(payload.as_ref()),
        "a request handler panicked; answered 500"
    );
    crate::api::json_error(StatusCode::INTERNAL_SERVER_ERROR, "internal", None)
}
