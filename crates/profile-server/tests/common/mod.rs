//! Shared test harness: a temp copy of the sample content (with cheap demo password hashes),
//! a fake built viewer, and the real router on a loopback port.
#![allow(dead_code)]
// Set-up helpers outside `#[test]` functions: a failure here is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use profile_server::store::Database;
use profile_server::{AppState, Config};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, Response, StatusCode};

pub const CIRCLE: (&str, &str) = ("circle@example.com", "circle-demo-pass");
pub const LEADER: (&str, &str) = ("leader@example.com", "leader-demo-pass");
pub const HASHED_WASM: &str = "profile-viewer-0123456789abcdef_bg.wasm";
pub const HASHED_JS: &str = "profile-viewer-0123456789abcdef.js";
pub const INDEX_HTML: &str = "<!doctype html><html><head><title>Profile viewer (test dist)</title></head><body></body></html>";

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every sample profile file in `content/profiles`.
pub fn sample_profile_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(workspace().join("content/profiles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no sample profiles");
    files
}

/// A deliberately cheap argon2id hash, so that debug-build tests stay fast. (The real
/// members file uses the default, expensive parameters.)
pub fn cheap_hash(password: &str) -> String {
    let argon = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(8, 1, 1, None).unwrap(),
    );
    let salt = SaltString::encode_b64(b"test-salt-16byte").unwrap();
    argon
        .hash_password(password.as_bytes(), &salt)
        .unwrap()
        .to_string()
}

/// A content folder: the sample site.json and profiles, and the demo members.
pub fn content_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        workspace().join("content/site.json"),
        dir.path().join("site.json"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("profiles")).unwrap();
    for f in sample_profile_files() {
        std::fs::copy(&f, dir.path().join("profiles").join(f.file_name().unwrap())).unwrap();
    }
    let members = serde_json::json!([
        {"email": CIRCLE.0, "name": "Casey Circle", "tier": "strategy-circle", "password_hash": cheap_hash(CIRCLE.1)},
        {"email": LEADER.0, "name": "Lee Leader", "tier": "leadership-alliance", "password_hash": cheap_hash(LEADER.1)},
    ]);
    std::fs::write(dir.path().join("members.json"), members.to_string()).unwrap();
    dir
}

/// A fake Trunk build: index.html, hashed wasm and js, a stable embed.js.
pub fn dist_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), INDEX_HTML).unwrap();
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0"
        .iter()
        .copied()
        .chain(std::iter::repeat_n(0u8, 4096))
        .collect();
    std::fs::write(dir.path().join(HASHED_WASM), wasm).unwrap();
    std::fs::write(
        dir.path().join(HASHED_JS),
        "export default function init() {}\n".repeat(20),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("embed.js"),
        "import('/profile-viewer.js');\n",
    )
    .unwrap();
    dir
}

pub struct Server {
    pub base: String,
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub state: AppState,
    pub content: tempfile::TempDir,
    pub dist: tempfile::TempDir,
    /// Holds the SQLite file (unless the test chose another database).
    pub data: tempfile::TempDir,
}

pub async fn start() -> Server {
    start_with(|_| {}).await
}

/// Starts the real router on 127.0.0.1:0 over the sample content; `edit` adjusts the config.
pub async fn start_with(edit: impl FnOnce(&mut Config)) -> Server {
    start_in(content_dir(), edit).await
}

pub async fn start_in(content: tempfile::TempDir, edit: impl FnOnce(&mut Config)) -> Server {
    let dist = dist_dir();
    let data = tempfile::tempdir().unwrap();
    // Plain http, as `cargo xtask serve`: the cookie is `pv_session` without Secure.
    let mut config = Config {
        content_dir: content.path().into(),
        dist_dir: dist.path().into(),
        insecure_cookies: true,
        database: Database::Sqlite(data.path().join("members.db")),
        ..Config::default()
    };
    edit(&mut config);
    let (state, _reports) = AppState::load(config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(profile_server::serve(listener, state.clone()));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    Server {
        base: format!("http://{addr}"),
        addr,
        client,
        state,
        content,
        dist,
        data,
    }
}

/// How a request authenticates.
#[derive(Clone, Debug)]
pub enum Auth {
    None,
    Cookie(String),
    Bearer(String),
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.get_as(path, &Auth::None).await
    }

    pub async fn get_as(&self, path: &str, auth: &Auth) -> Response {
        self.send(Method::GET, path, auth, HeaderMap::new(), None)
            .await
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        auth: &Auth,
        headers: HeaderMap,
        body: Option<String>,
    ) -> Response {
        let mut req = self.client.request(method, self.url(path)).headers(headers);
        match auth {
            Auth::None => {}
            Auth::Cookie(c) => req = req.header("cookie", format!("pv_session={c}")),
            Auth::Bearer(t) => req = req.bearer_auth(t),
        }
        if let Some(body) = body {
            req = req.header("content-type", "application/json").body(body);
        }
        req.send().await.unwrap()
    }

    /// A state-changing request with the CSRF header.
    pub async fn post(&self, path: &str, auth: &Auth, body: Option<String>) -> Response {
        self.send(Method::POST, path, auth, csrf(), body).await
    }

    pub async fn try_login(&self, email: &str, password: &str) -> Response {
        let body = serde_json::json!({"email": email, "password": password}).to_string();
        self.post("/api/auth/login", &Auth::None, Some(body)).await
    }

    /// Logs in; returns the session cookie's value.
    pub async fn login(&self, (email, password): (&str, &str)) -> String {
        let r = self.try_login(email, password).await;
        assert_eq!(r.status(), StatusCode::OK, "login {email}");
        session_cookie(&r).expect("login sets pv_session")
    }

    /// Logs in asking for the token (host-auth mode).
    pub async fn login_token(&self, (email, password): (&str, &str)) -> String {
        let body =
            serde_json::json!({"email": email, "password": password, "token": true}).to_string();
        let r = self.post("/api/auth/login", &Auth::None, Some(body)).await;
        assert_eq!(r.status(), StatusCode::OK);
        let v: serde_json::Value = r.json().await.unwrap();
        v["token"].as_str().unwrap().to_string()
    }
}

pub fn csrf() -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("x-profile-viewer", HeaderValue::from_static("1"));
    h
}

/// The value of the `pv_session` cookie a response sets.
pub fn session_cookie(r: &Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("pv_session="))
        .map(|v| v.split(';').next().unwrap_or("").to_string())
}

pub fn header<'a>(r: &'a Response, name: &str) -> Option<&'a str> {
    r.headers().get(name).and_then(|v| v.to_str().ok())
}

/// The real binary, for tests of its command line (start-up line, reports, signals).
pub const BIN: &str = env!("CARGO_BIN_EXE_profile-server");

/// Starts `profile-server` on port 0; returns the child and the base URL it printed.
pub fn spawn(content: &Path, dist: &Path, extra: &[&str]) -> (std::process::Child, String) {
    let db = content.join("members.db");
    spawn_with_database(content, dist, &db, extra)
}

/// [`spawn`] with the SQLite file `db`.
pub fn spawn_with_database(
    content: &Path,
    dist: &Path,
    db: &Path,
    extra: &[&str],
) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(BIN)
        .args([
            "--database",
            db.to_str().unwrap(),
            "--content",
            content.to_str().unwrap(),
            "--dist",
            dist.to_str().unwrap(),
            "--addr",
            "127.0.0.1:0",
            "--insecure-cookies",
        ])
        .args(extra)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line: {line:?}"))
        .to_string();
    assert!(
        base.starts_with("http://127.0.0.1:") && !base.ends_with(":0"),
        "{base}"
    );
    (child, base)
}

/// Stops a spawned server; returns what it wrote to stderr.
pub fn stop(mut child: std::process::Child) -> String {
    use std::io::Read;
    child.kill().unwrap();
    child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    err
}
