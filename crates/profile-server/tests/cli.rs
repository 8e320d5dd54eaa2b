//! The binary as the xtask and news sites use it: start-up line and reports, `validate`,
//! `hash-password`, reload on SIGHUP.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn starts_on_a_free_port_and_reports_invalid_files_by_name() {
    let content = content_dir();
    let dist = dist_dir();
    let profiles = content.path().join("profiles");
    let sample = std::fs::read_to_string(sample_profile_files()[0].clone()).unwrap();
    std::fs::write(profiles.join("truncated.json"), &sample[..sample.len() / 3]).unwrap();
    std::fs::write(
        profiles.join("nan.json"),
        sample.replacen("\"score\":", "\"score\": \"NaN\", \"x\":", 1),
    )
    .unwrap();
    let (child, base) = spawn(content.path(), dist.path(), &[]);
    let index: Vec<Value> = reqwest::get(format!("{base}/api/profiles"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(index.len(), sample_profile_files().len());
    let err = stop(child);
    assert!(err.contains("truncated.json: error:"), "{err}");
    assert!(
        err.contains("nan.json: error: confidence.score: invalid type: string \"NaN\""),
        "{err}"
    );
    assert!(err.contains("2 files skipped"), "{err}");
}

#[test]
fn a_broken_site_json_stops_the_start_with_a_reason() {
    let content = content_dir();
    std::fs::write(content.path().join("site.json"), "nope").unwrap();
    let out = Command::new(BIN)
        .args([
            "--content",
            content.path().to_str().unwrap(),
            "--addr",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("site.json: error:"), "{err}");
}

#[test]
fn validate_prints_paths_and_fails_on_errors() {
    let files = sample_profile_files();
    let (out, stdout) = validate(|c| {
        c.args(&files);
    });
    assert!(out.status.success(), "{stdout}");
    assert_eq!(stdout.matches(": ok (").count(), files.len(), "{stdout}");
    assert!(!stdout.contains("no profile has the slug"), "{stdout}");

    let dir = tempfile::tempdir().unwrap();
    let mut v: Value = serde_json::from_slice(&std::fs::read(&files[0]).unwrap()).unwrap();
    v["confidence"]["score"] = 1.4.into();
    v["sections"][0]["blocks"][0] = serde_json::json!({"type": "table"});
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, v.to_string()).unwrap();
    let (out, stdout) = validate(|c| {
        c.arg(&files[0]).arg(&bad);
    });
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("bad.json: error: confidence.score: 1.4 is outside 0..1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("bad.json: warning: sections[0].blocks[0]: unknown block type \"table\""),
        "{stdout}"
    );
}

#[test]
fn validate_warns_about_a_slug_that_is_no_profile() {
    let dir = tempfile::tempdir().unwrap();
    let files = sample_profile_files();
    let linx = files.iter().find(|f| f.ends_with("linx.json")).unwrap();
    let mut v: Value = serde_json::from_slice(&std::fs::read(linx).unwrap()).unwrap();
    v["relationships"][0]["slug"] = "no-such-profile".into();
    let file = dir.path().join("linx.json");
    std::fs::write(&file, v.to_string()).unwrap();
    let (out, stdout) = validate(|c| {
        c.arg(&file);
    });
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("linx.json: warning: relationships[0].slug: no profile has the slug \"no-such-profile\""),
        "{stdout}"
    );
    // A sibling file makes the slug known.
    v["slug"] = "no-such-profile".into();
    v["relationships"] = serde_json::json!([]);
    v["related"] = serde_json::json!([]);
    std::fs::write(dir.path().join("other.json"), v.to_string()).unwrap();
    let (_, stdout) = validate(|c| {
        c.arg(&file);
    });
    assert!(!stdout.contains("relationships[0].slug"), "{stdout}");
}

#[test]
fn hash_password_prints_a_verifiable_phc_string() {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    let mut child = Command::new(BIN)
        .arg("hash-password")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"s3cret pass\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let phc = String::from_utf8(out.stdout).unwrap();
    let phc = phc.trim_end();
    assert!(phc.starts_with("$argon2id$v=19$"), "{phc}");
    let hash = PasswordHash::new(phc).unwrap();
    assert!(
        argon2::Argon2::default()
            .verify_password(b"s3cret pass", &hash)
            .is_ok(),
        "the newline is not part of it"
    );
    assert!(argon2::Argon2::default()
        .verify_password(b"s3cret pass\n", &hash)
        .is_err());

    let out = Command::new(BIN)
        .arg("hash-password")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success(), "an empty password is refused");
}

#[cfg(unix)]
#[tokio::test]
async fn sighup_reloads_content_and_keeps_sessions() {
    let content = content_dir();
    let dist = dist_dir();
    let (child, base) = spawn(content.path(), dist.path(), &[]);
    let client = reqwest::Client::new();
    let login = client
        .post(format!("{base}/api/auth/login"))
        .header("x-profile-viewer", "1")
        .body(serde_json::json!({"email": LEADER.0, "password": LEADER.1}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    let cookie = format!("pv_session={}", session_cookie(&login).unwrap());

    // Edit one profile, add one, break one.
    let profiles = content.path().join("profiles");
    let file = profiles.join("us-officials-telecom-cyber-espionage.json");
    let mut v: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    v["name"] = "Renamed after reload".into();
    std::fs::write(&file, v.to_string()).unwrap();
    v["slug"] = "added-after-reload".into();
    std::fs::write(profiles.join("added-after-reload.json"), v.to_string()).unwrap();
    std::fs::write(profiles.join("broken.json"), "{").unwrap();
    let status = Command::new("kill")
        .args(["-HUP", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());

    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let r = client
            .get(format!("{base}/api/profiles/added-after-reload"))
            .send()
            .await
            .unwrap();
        if r.status() == StatusCode::OK {
            break;
        }
        assert!(Instant::now() < deadline, "no reload after SIGHUP");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let p: Value = client
        .get(format!(
            "{base}/api/profiles/us-officials-telecom-cyber-espionage"
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(p["name"], "Renamed after reload");
    let r = client
        .get(format!("{base}/api/auth/session"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "the session survives the reload"
    );
    let err = stop(child);
    assert!(err.contains("broken.json: error:"), "{err}");
    assert!(err.contains("reloaded content"), "{err}");
}

#[cfg(unix)]
#[tokio::test]
async fn sigterm_shuts_down_gracefully_and_json_logs_one_line_per_request() {
    use std::io::Read;
    let content = content_dir();
    let dist = dist_dir();
    let (mut child, base) = spawn(content.path(), dist.path(), &["--log-format", "json"]);
    let r = reqwest::Client::new()
        .get(format!("{base}/api/site?utm=x"))
        .header("cookie", "pv_session=not-in-the-log")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "still running 10 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let logs: Vec<Value> = err
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let access: Vec<&Value> = logs.iter().filter(|v| v["target"] == "access").collect();
    assert_eq!(access.len(), 1, "{err}");
    assert_eq!(access[0]["method"], "GET");
    assert_eq!(access[0]["path"], "/api/site");
    assert_eq!(access[0]["status"], 200);
    assert!(
        logs.iter().any(|v| v["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("shutting down"))),
        "{err}"
    );
    assert!(
        !err.contains("not-in-the-log") && !err.contains("utm"),
        "{err}"
    );
}

#[test]
fn validate_warns_about_unknown_fields_and_strict_fails_on_warnings() {
    let files = sample_profile_files();
    // The samples name their schema ("$schema") and have nothing unknown: strict passes.
    let (out, stdout) = validate_strict(|c| {
        c.args(&files);
    });
    assert!(out.status.success(), "{stdout}");
    assert!(!stdout.contains("warning"), "{stdout}");
    let raw = std::fs::read_to_string(files.last().unwrap()).unwrap();
    assert!(
        raw.trim_start().starts_with("{\n  \"$schema\": "),
        "the file names its schema first"
    );

    let dir = tempfile::tempdir().unwrap();
    let mut v: Value = serde_json::from_str(&raw).unwrap();
    let sections = v["sections"].as_array().unwrap().len();
    assert!(sections >= 3, "a sample with three sections");
    v["sections"][2]["blocks"][0]["txet"] = "misspelt".into();
    v["confidence"]["sorce"] = "x".into();
    v["nmae"] = "y".into();
    let typo = dir.path().join("typo.json");
    std::fs::write(&typo, v.to_string()).unwrap();
    let (out, stdout) = validate(|c| {
        c.arg(&typo);
    });
    assert!(
        out.status.success(),
        "warnings alone pass without --strict: {stdout}"
    );
    for line in [
        "typo.json: warning: sections[2].blocks[0].txet: unknown field",
        "typo.json: warning: confidence.sorce: unknown field",
        "typo.json: warning: nmae: unknown field",
    ] {
        assert!(stdout.contains(line), "{line} in {stdout}");
    }
    assert_eq!(stdout.matches("unknown field").count(), 3, "{stdout}");
    let (out, _) = validate_strict(|c| {
        c.arg(&typo);
    });
    assert_eq!(out.status.code(), Some(1));
}

/// `GET /api/auth/session` with the cookie: is the session live?
async fn session_live(base: &str, cookie: &str) -> bool {
    let r = reqwest::Client::new()
        .get(format!("{base}/api/auth/session"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    r.status() == StatusCode::OK
}

async fn sign_in(base: &str, (email, password): (&str, &str)) -> String {
    let login = reqwest::Client::new()
        .post(format!("{base}/api/auth/login"))
        .header("x-profile-viewer", "1")
        .body(serde_json::json!({"email": email, "password": password}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    format!("pv_session={}", session_cookie(&login).unwrap())
}

/// `profile-server members ARGS` on `db`, with `stdin`; (success, stdout, stderr).
fn members_cmd(
    content: &std::path::Path,
    db: &std::path::Path,
    args: &[&str],
    stdin: &str,
) -> (bool, String, String) {
    let mut child = Command::new(BIN)
        .args(["members", "--database", db.to_str().unwrap()])
        .args(["--content", content.to_str().unwrap()])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn a_restart_with_the_same_command_line_keeps_every_session() {
    let (content, dist, data) = (content_dir(), dist_dir(), tempfile::tempdir().unwrap());
    let db = data.path().join("state/profile-server.db");
    let (child, base) = spawn_with_database(content.path(), dist.path(), &db, &[]);
    let leader = sign_in(&base, LEADER).await;
    let circle = sign_in(&base, CIRCLE).await;
    // Killed, not shut down: what a committed login leaves on disk is enough.
    stop(child);
    assert!(db.is_file(), "the SQLite file and its folder are created");

    // members.json no longer matters once the database has members.
    std::fs::write(content.path().join("members.json"), "[]").unwrap();
    let (child, base) = spawn_with_database(content.path(), dist.path(), &db, &[]);
    assert!(
        session_live(&base, &leader).await,
        "the session outlives the restart"
    );
    assert!(session_live(&base, &circle).await);
    let briefing = reqwest::Client::new()
        .get(format!(
            "{base}/api/profiles/us-officials-telecom-cyber-espionage/briefings/deeper-profile-context"
        ))
        .header("cookie", &leader)
        .send()
        .await
        .unwrap();
    assert_eq!(briefing.status(), StatusCode::OK);
    stop(child);
}

#[tokio::test]
async fn the_members_commands_change_a_running_server_and_end_sessions() {
    let (content, dist, data) = (content_dir(), dist_dir(), tempfile::tempdir().unwrap());
    let db = data.path().join("pv.db");
    let (child, base) = spawn_with_database(content.path(), dist.path(), &db, &[]);
    let leader = sign_in(&base, LEADER).await;
    let circle = sign_in(&base, CIRCLE).await;

    let (ok, out, err) = members_cmd(content.path(), &db, &["list"], "");
    assert!(ok, "{err}");
    assert!(
        out.contains("circle@example.com\tstrategy-circle\tCasey Circle"),
        "{out}"
    );

    // Another process changes the database; the server sees it at the next request.
    let (ok, _, err) = members_cmd(
        content.path(),
        &db,
        &["set-tier", LEADER.0, "strategy-circle"],
        "",
    );
    assert!(ok, "{err}");
    assert!(
        !session_live(&base, &leader).await,
        "a new tier ends the session"
    );
    assert!(session_live(&base, &circle).await);
    let (ok, _, err) = members_cmd(content.path(), &db, &["set-tier", LEADER.0, "gold"], "");
    assert!(!ok && err.contains("not a tier"), "{err}");

    let (ok, _, err) = members_cmd(content.path(), &db, &["remove", CIRCLE.0], "");
    assert!(ok, "{err}");
    assert!(
        !session_live(&base, &circle).await,
        "removal ends the session"
    );
    let (ok, _, _) = members_cmd(content.path(), &db, &["remove", CIRCLE.0], "");
    assert!(!ok, "removing nobody is an error");

    // A new member with a password from stdin signs in; a new password ends the session.
    let new = ("new@example.com", "a new password");
    let add = [
        "add",
        "--email",
        "New@Example.com",
        "--name",
        "N",
        "--tier",
        "strategy-circle",
    ];
    let (ok, _, err) = members_cmd(content.path(), &db, &add, &format!("{}\n", new.1));
    assert!(ok, "{err}");
    let session = sign_in(&base, new).await;
    assert!(session_live(&base, &session).await);
    let (ok, _, err) = members_cmd(content.path(), &db, &add, "another password\n");
    assert!(ok, "{err}");
    assert!(
        !session_live(&base, &session).await,
        "a new password ends the session"
    );

    // Import puts the file's members back; the others stay.
    let file = content.path().join("members.json");
    let (ok, out, err) = members_cmd(content.path(), &db, &["import", file.to_str().unwrap()], "");
    assert!(ok, "{err}");
    assert!(out.contains("imported 2 members"), "{out}");
    assert!(session_live(&base, &sign_in(&base, CIRCLE).await).await);
    let (_, out, _) = members_cmd(content.path(), &db, &["list"], "");
    assert_eq!(out.lines().count(), 3, "{out}");
    stop(child);
}

/// `profile-server validate` with the arguments `files` adds; its exit and what it printed.
fn validate(files: impl FnOnce(&mut Command)) -> (std::process::Output, String) {
    run_validate(&["validate"], files)
}

/// [`validate`] with `--strict`, where warnings fail too.
fn validate_strict(files: impl FnOnce(&mut Command)) -> (std::process::Output, String) {
    run_validate(&["validate", "--strict"], files)
}

fn run_validate(
    command: &[&str],
    files: impl FnOnce(&mut Command),
) -> (std::process::Output, String) {
    let mut c = Command::new(BIN);
    c.args(command);
    files(&mut c);
    let out = c.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    (out, stdout)
}
