//! Member tokens (contract section 7): a publisher's own backend signs a JWT, the server
//! accepts it as a bearer exactly like a session of its tier, and every token that breaks a
//! rule gets the same 401 as no token at all, with no briefing text in it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use profile_server::member_token::{now_secs, Claims, Signer, Subject, Verifier};
use reqwest::StatusCode;
use serde_json::Value;

const ISSUER: &str = "https://dailypacket.example";
const SECRET: &[u8] = b"a test secret of more than 32 bytes, never used elsewhere";
const ED_PRIVATE: &[u8] = include_bytes!("keys/ed25519-private.pem");
const ED_PUBLIC: &[u8] = include_bytes!("keys/ed25519-public.pem");
const OTHER_ED_PRIVATE: &[u8] = include_bytes!("keys/other-ed25519-private.pem");

const CIRCLE_BRIEFING: &str =
    "/api/profiles/us-officials-telecom-cyber-espionage/briefings/deeper-profile-context";
const LEADER_BRIEFING: &str =
    "/api/profiles/us-officials-telecom-cyber-espionage/briefings/ownership-and-exposure";

fn hs256_config(c: &mut profile_server::Config) {
    c.member_tokens = Some(Arc::new(Verifier::hs256(SECRET, ISSUER).unwrap()));
}

fn eddsa_config(c: &mut profile_server::Config) {
    c.member_tokens = Some(Arc::new(Verifier::ed25519_pem(ED_PUBLIC, ISSUER).unwrap()));
}

fn subject(tier: &str) -> Subject {
    Subject {
        sub: "reader-42".into(),
        tier: tier.into(),
        name: Some("Riley Reader".into()),
    }
}

/// Claims that pass every rule, issued now for ten minutes.
fn good_claims(tier: &str) -> Claims {
    let signer = Signer::hs256(SECRET, ISSUER).unwrap();
    signer
        .claims(&subject(tier), now_secs(), Duration::from_secs(600))
        .unwrap()
}

fn b64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// The three parts of a token.
fn parts(token: &str) -> Vec<String> {
    token.split('.').map(str::to_string).collect()
}

/// Every sentence of every sample briefing body, as the gating test reads them.
fn briefing_sentences() -> Vec<String> {
    fn strings(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            Value::Object(o) => o.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for file in sample_profile_files() {
        let v: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        for b in v["briefings"].as_array().into_iter().flatten() {
            let mut texts = Vec::new();
            strings(&b["body"], &mut texts);
            for t in texts {
                out.extend(
                    t.split(['.', '!', '?', ':', ';'])
                        .map(str::trim)
                        .filter(|s| s.chars().count() >= 24)
                        .map(str::to_string),
                );
            }
        }
    }
    assert!(out.iter().any(|s| s.contains("MEMBER-ONLY")));
    out
}

#[tokio::test]
async fn valid_tokens_of_either_algorithm_unlock_their_tier_and_not_higher() {
    for (what, start_edit, signer) in [
        (
            "HS256",
            hs256_config as fn(&mut _),
            Signer::hs256(SECRET, ISSUER).unwrap(),
        ),
        (
            "EdDSA",
            eddsa_config as fn(&mut _),
            Signer::ed25519_pem(ED_PRIVATE, ISSUER).unwrap(),
        ),
    ] {
        let s = start_with(start_edit).await;
        let ttl = Duration::from_secs(900);
        let circle = Auth::Bearer(signer.sign(&subject("strategy-circle"), ttl).unwrap());
        let leader = Auth::Bearer(signer.sign(&subject("leadership-alliance"), ttl).unwrap());

        let r = s.get_as(CIRCLE_BRIEFING, &circle).await;
        assert_eq!(r.status(), StatusCode::OK, "{what}");
        assert_eq!(header(&r, "cache-control"), Some("private, no-store"));
        assert!(r.text().await.unwrap().contains("MEMBER-ONLY"), "{what}");

        let r = s.get_as(LEADER_BRIEFING, &circle).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{what}");
        let body = r.text().await.unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&body).unwrap(),
            serde_json::json!({"error": "tier_required", "tier": "leadership-alliance"})
        );
        assert!(!body.contains("LEADERSHIP-ONLY"));

        for path in [CIRCLE_BRIEFING, LEADER_BRIEFING] {
            let r = s.get_as(path, &leader).await;
            assert_eq!(r.status(), StatusCode::OK, "{what} {path}");
        }
        assert!(s
            .get_as(LEADER_BRIEFING, &leader)
            .await
            .text()
            .await
            .unwrap()
            .contains("LEADERSHIP-ONLY"));

        // The session endpoint answers the member the token names: name and tier, no e-mail.
        let r = s.get_as("/api/auth/session", &circle).await;
        assert_eq!(r.status(), StatusCode::OK, "{what}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(
            v,
            serde_json::json!({"member": {"name": "Riley Reader", "tier": "strategy-circle"}})
        );
    }
}

#[tokio::test]
async fn a_token_without_a_name_is_known_by_its_sub() {
    let s = start_with(hs256_config).await;
    let signer = Signer::hs256(SECRET, ISSUER).unwrap();
    let nameless = Subject {
        name: None,
        ..subject("strategy-circle")
    };
    let token = signer.sign(&nameless, Duration::from_secs(60)).unwrap();
    let v: Value = s
        .get_as("/api/auth/session", &Auth::Bearer(token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["member"]["name"], "reader-42");
}

/// Tokens that each break one rule of the contract, named.
fn broken_tokens() -> Vec<(&'static str, String)> {
    let hs = Signer::hs256(SECRET, ISSUER).unwrap();
    let ed = Signer::ed25519_pem(ED_PRIVATE, ISSUER).unwrap();
    let now = now_secs();
    let ok = good_claims("strategy-circle");
    let sign = |c: &Claims| hs.sign_claims(c).unwrap();
    let mut out = vec![
        (
            "expired beyond the leeway",
            sign(&Claims {
                iat: now - 900,
                exp: now - 120,
                ..ok.clone()
            }),
        ),
        (
            "not yet valid (nbf)",
            sign(&Claims {
                nbf: Some(now + 300),
                ..ok.clone()
            }),
        ),
        (
            "wrong issuer",
            sign(&Claims {
                iss: "https://other.example".into(),
                ..ok.clone()
            }),
        ),
        (
            "wrong audience",
            sign(&Claims {
                aud: "another-service".into(),
                ..ok.clone()
            }),
        ),
        (
            "unknown tier",
            sign(&Claims {
                tier: "platinum".into(),
                ..ok.clone()
            }),
        ),
        (
            "lifetime over an hour",
            sign(&Claims {
                exp: now + 3601,
                ..ok.clone()
            }),
        ),
        (
            "issued in the future",
            sign(&Claims {
                iat: now + 3000,
                exp: now + 3600,
                ..ok.clone()
            }),
        ),
    ];
    // Claims missing: a signed payload without `iat`, and one without `exp`.
    let mut no_iat = serde_json::to_value(&ok).unwrap();
    no_iat.as_object_mut().unwrap().remove("iat");
    out.push(("no iat", hs.sign_claims(&no_iat).unwrap()));
    let mut no_exp = serde_json::to_value(&ok).unwrap();
    no_exp.as_object_mut().unwrap().remove("exp");
    out.push(("no exp", hs.sign_claims(&no_exp).unwrap()));

    // Tampered: a circle token whose payload now says leadership, signature kept.
    let p = parts(&sign(&ok));
    let raised = serde_json::to_vec(&good_claims("leadership-alliance")).unwrap();
    out.push((
        "tampered payload",
        format!("{}.{}.{}", p[0], b64url(&raised), p[2]),
    ));

    let other = Signer::hs256(b"another secret of at least thirty-two bytes", ISSUER).unwrap();
    out.push((
        "HS256 with the wrong secret",
        other.sign_claims(&ok).unwrap(),
    ));
    let other_ed = Signer::ed25519_pem(OTHER_ED_PRIVATE, ISSUER).unwrap();
    out.push((
        "EdDSA with the wrong key",
        other_ed.sign_claims(&ok).unwrap(),
    ));
    out.push(("EdDSA against an HS256 key", ed.sign_claims(&ok).unwrap()));

    // `alg: none` with no signature, and with the real token's signature.
    let none = b64url(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = b64url(&serde_json::to_vec(&ok).unwrap());
    out.push(("alg none", format!("{none}.{payload}.")));
    out.push((
        "alg none, signature kept",
        format!("{none}.{payload}.{}", p[2]),
    ));
    out.push(("not a JWT", "a.b.c".into()));
    out
}

/// What the server says to a request without any token; every refusal must equal it.
async fn no_token_answer(s: &Server, path: &str) -> (StatusCode, String) {
    let r = s.get_as(path, &Auth::None).await;
    (r.status(), r.text().await.unwrap())
}

async fn assert_refused(s: &Server, tokens: &[(&str, String)], sentences: &[String]) {
    for path in [CIRCLE_BRIEFING, LEADER_BRIEFING, "/api/auth/session"] {
        let (status, body) = no_token_answer(s, path).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            serde_json::from_str::<Value>(&body).unwrap(),
            serde_json::json!({"error": "login_required"})
        );
        for (what, token) in tokens {
            let r = s.get_as(path, &Auth::Bearer(token.clone())).await;
            assert_eq!(r.status(), status, "{what}: {path}");
            let got = r.text().await.unwrap();
            assert_eq!(got, body, "{what}: {path} answers exactly as with no token");
            for sentence in sentences {
                assert!(!got.contains(sentence.as_str()), "{what}: {path} leaks");
            }
        }
    }
}

#[tokio::test]
async fn every_broken_hs256_token_is_the_401_of_no_token() {
    let s = start_with(hs256_config).await;
    let tokens = broken_tokens();
    // The good token passes, so each refusal is the rule it breaks.
    let good = Signer::hs256(SECRET, ISSUER)
        .unwrap()
        .sign_claims(&good_claims("strategy-circle"))
        .unwrap();
    let r = s.get_as(CIRCLE_BRIEFING, &Auth::Bearer(good)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_refused(&s, &tokens, &briefing_sentences()).await;
}

#[tokio::test]
async fn an_eddsa_server_refuses_hs256_tokens_made_with_its_public_key() {
    let s = start_with(eddsa_config).await;
    let ok = good_claims("strategy-circle");
    let good = Signer::ed25519_pem(ED_PRIVATE, ISSUER)
        .unwrap()
        .sign_claims(&ok)
        .unwrap();
    assert_eq!(
        s.get_as(CIRCLE_BRIEFING, &Auth::Bearer(good.clone()))
            .await
            .status(),
        StatusCode::OK
    );
    // The classic confusion: the public key (known to anyone) used as an HMAC secret.
    let confused = Signer::hs256(ED_PUBLIC, ISSUER)
        .unwrap()
        .sign_claims(&ok)
        .unwrap();
    let other_key = Signer::ed25519_pem(OTHER_ED_PRIVATE, ISSUER)
        .unwrap()
        .sign_claims(&ok)
        .unwrap();
    let p = parts(&good);
    let raised = serde_json::to_vec(&good_claims("leadership-alliance")).unwrap();
    let tampered = format!("{}.{}.{}", p[0], b64url(&raised), p[2]);
    let none = format!(
        "{}.{}.",
        b64url(br#"{"alg":"none"}"#),
        b64url(&serde_json::to_vec(&ok).unwrap())
    );
    let tokens = [
        ("HS256 with the public key as secret", confused),
        ("EdDSA with the wrong key", other_key),
        ("tampered payload", tampered),
        ("alg none", none),
    ];
    assert_refused(&s, &tokens, &briefing_sentences()).await;
}

#[tokio::test]
async fn without_a_configured_key_tokens_are_not_sessions() {
    let s = start().await;
    let token = Signer::hs256(SECRET, ISSUER)
        .unwrap()
        .sign(&subject("leadership-alliance"), Duration::from_secs(60))
        .unwrap();
    assert_refused(&s, &[("any token", token)], &briefing_sentences()).await;
    // Sessions keep working beside member tokens.
    let s = start_with(hs256_config).await;
    let bearer = Auth::Bearer(s.login_token(CIRCLE).await);
    assert_eq!(
        s.get_as(CIRCLE_BRIEFING, &bearer).await.status(),
        StatusCode::OK
    );
    let cookie = Auth::Cookie(s.login(LEADER).await);
    assert_eq!(
        s.get_as(LEADER_BRIEFING, &cookie).await.status(),
        StatusCode::OK
    );
}

/// `profile-server member-token` prints a token that the server started with the same secret
/// (`--member-token-secret`, `--member-token-issuer`) accepts.
#[tokio::test]
async fn the_cli_signs_tokens_that_the_serve_flags_accept() {
    let keys = tempfile::tempdir().unwrap();
    let secret = keys.path().join("secret");
    std::fs::write(&secret, SECRET).unwrap();
    let secret = secret.to_str().unwrap();
    let run = |extra: &[&str]| {
        std::process::Command::new(BIN)
            .args(["member-token", "--issuer", ISSUER, "--sub", "reader-7"])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&[
        "--secret",
        secret,
        "--tier",
        "strategy-circle",
        "--ttl",
        "90s",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let payload: Vec<&str> = token.split('.').collect();
    assert_eq!(payload.len(), 3, "{token}");

    let too_long = run(&[
        "--secret",
        secret,
        "--tier",
        "strategy-circle",
        "--ttl",
        "2h",
    ]);
    assert!(!too_long.status.success());
    let ed = run(&[
        "--private-key",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/keys/ed25519-private.pem"
        ),
        "--tier",
        "leadership-alliance",
    ]);
    assert!(
        ed.status.success(),
        "{}",
        String::from_utf8_lossy(&ed.stderr)
    );
    let ed_token = String::from_utf8(ed.stdout).unwrap().trim().to_string();
    let ed_verifier = Verifier::ed25519_pem(ED_PUBLIC, ISSUER).unwrap();
    let site: profile_model::SiteConfig =
        serde_json::from_slice(&std::fs::read(workspace().join("content/site.json")).unwrap())
            .unwrap();
    assert_eq!(
        ed_verifier.verify(&ed_token, &site).map(|m| m.tier),
        Some("leadership-alliance".to_string())
    );

    let content = content_dir();
    let dist = dist_dir();
    let (child, base) = spawn(
        content.path(),
        dist.path(),
        &[
            "--member-token-secret",
            secret,
            "--member-token-issuer",
            ISSUER,
        ],
    );
    let client = reqwest::Client::new();
    let get = |path: &str, token: &str| {
        client
            .get(format!("{base}{path}"))
            .bearer_auth(token)
            .send()
    };
    assert_eq!(
        get(CIRCLE_BRIEFING, &token).await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        get(LEADER_BRIEFING, &token).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get(CIRCLE_BRIEFING, &ed_token).await.unwrap().status(),
        StatusCode::UNAUTHORIZED,
        "an HS256 server refuses EdDSA tokens"
    );
    stop(child);
}

#[test]
fn the_server_refuses_to_start_with_an_unusable_member_token_key() {
    let content = content_dir();
    let keys = tempfile::tempdir().unwrap();
    let short = keys.path().join("short");
    std::fs::write(&short, b"only sixteen b..").unwrap();
    let cases: [&[&str]; 3] = [
        &[
            "--member-token-secret",
            short.to_str().unwrap(),
            "--member-token-issuer",
            ISSUER,
        ],
        &[
            "--member-token-public-key",
            short.to_str().unwrap(),
            "--member-token-issuer",
            ISSUER,
        ],
        &["--member-token-issuer", ISSUER],
    ];
    for args in cases {
        let out = std::process::Command::new(BIN)
            .args([
                "--content",
                content.path().to_str().unwrap(),
                "--addr",
                "127.0.0.1:0",
            ])
            .args(args)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("member"), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}: it never listened");
    }
}

/// The demo publisher on the `--site` origin (`src/site/publisher.rs`): its own login and
/// session cookie, and member tokens the viewer's API accepts.
#[tokio::test]
async fn the_demo_publisher_signs_in_with_its_own_session_and_hands_out_tokens() {
    const SITE: &str = "127.0.0.1:18135";
    let content = content_dir();
    let dist = dist_dir();
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("index.html"), "sign-in: %SIGN_IN%").unwrap();
    let keys = tempfile::tempdir().unwrap();
    let secret = keys.path().join("secret");
    std::fs::write(&secret, SECRET).unwrap();
    let (child, viewer) = spawn(
        content.path(),
        dist.path(),
        &[
            "--site",
            site.path().to_str().unwrap(),
            "--site-addr",
            SITE,
            "--member-token-secret",
            secret.to_str().unwrap(),
            "--member-token-issuer",
            ISSUER,
            "--site-member-token-ttl",
            "2m",
        ],
    );
    let publisher = format!("http://{SITE}/publisher");
    let client = reqwest::Client::new();
    let page = reqwest::get(format!("http://{SITE}/")).await.unwrap();
    assert_eq!(page.text().await.unwrap(), "sign-in: publisher");

    let fresh = |cookie: Option<String>| {
        let mut req = client.post(format!("{publisher}/member-token"));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send()
    };
    assert_eq!(
        fresh(None).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let login = |password: &str| {
        client
            .post(format!("{publisher}/login"))
            .json(&serde_json::json!({"email": CIRCLE.0, "password": password}))
            .send()
    };
    assert_eq!(
        login("wrong").await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let r = login(CIRCLE.1).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let set_cookie = header(&r, "set-cookie").unwrap().to_string();
    assert!(
        set_cookie.starts_with("dp_session=")
            && set_cookie.contains("HttpOnly")
            && set_cookie.contains("SameSite=Strict"),
        "{set_cookie}"
    );
    assert_eq!(header(&r, "cache-control"), Some("private, no-store"));
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        (v["name"].as_str(), v["tier"].as_str()),
        (Some("Casey Circle"), Some("strategy-circle"))
    );
    let token = v["token"].as_str().unwrap().to_string();

    // The token: this issuer and lifetime, an opaque member id, no e-mail.
    let claims: Value = jsonwebtoken::dangerous::insecure_decode_claims(&token).unwrap();
    assert_eq!(claims["iss"], ISSUER);
    assert_eq!(claims["aud"], "profile-viewer");
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        120
    );
    assert!(claims["sub"].as_str().unwrap().starts_with("dp-"));
    assert!(!claims.to_string().contains(CIRCLE.0));

    let briefing = |token: String| {
        client
            .get(format!("{viewer}{CIRCLE_BRIEFING}"))
            .bearer_auth(token)
            .send()
    };
    assert_eq!(briefing(token).await.unwrap().status(), StatusCode::OK);

    // A fresh token for the publisher's session, until it signs out.
    let r = fresh(Some(cookie.clone())).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let again: Value = r.json().await.unwrap();
    let again = again["token"].as_str().unwrap().to_string();
    assert_eq!(briefing(again).await.unwrap().status(), StatusCode::OK);
    let out = client
        .post(format!("{publisher}/logout"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        fresh(Some(cookie)).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    stop(child);
}
