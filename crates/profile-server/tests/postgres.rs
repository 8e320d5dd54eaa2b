//! Three server instances on one PostgreSQL database, as behind a load balancer: a member
//! signs in on the first, reads a briefing on the second, signs out on the third, and the
//! session is then revoked on all three. `cargo xtask test` starts a throwaway PostgreSQL
//! and passes its URL in `PV_TEST_POSTGRES_URL`; there (`PV_REQUIRE_POSTGRES` set) a missing
//! URL fails the test, while a plain `cargo test` skips it with a notice.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

mod common;

use common::*;
use profile_server::store::{Database, SessionRules, Store};
use reqwest::StatusCode;

const URL_VAR: &str = "PV_TEST_POSTGRES_URL";
const REQUIRE_VAR: &str = "PV_REQUIRE_POSTGRES";
const BRIEFING: &str =
    "/api/profiles/us-officials-telecom-cyber-espionage/briefings/deeper-profile-context";

fn postgres() -> Option<Database> {
    match std::env::var(URL_VAR) {
        Ok(url) if !url.trim().is_empty() => Some(Database::parse(&url).unwrap()),
        _ if std::env::var_os(REQUIRE_VAR).is_some() => {
            panic!("{URL_VAR} is not set, but {REQUIRE_VAR} says this run tests PostgreSQL")
        }
        _ => {
            eprintln!("skipped: set {URL_VAR}=postgres://... to run the PostgreSQL tests");
            None
        }
    }
}

/// Empties the shared database, so that the instances seed it afresh.
async fn reset(db: &Database) {
    let rules = SessionRules {
        ttl: std::time::Duration::from_secs(60),
        per_member: 10,
    };
    let store = Store::open(db, rules).await.unwrap();
    for m in store.members().await.unwrap() {
        store.remove_member(&m.email).await.unwrap();
    }
    store.close().await;
}

async fn status(s: &Server, path: &str, id: &str) -> StatusCode {
    s.get_as(path, &Auth::Cookie(id.into())).await.status()
}

#[tokio::test]
async fn three_instances_share_members_and_sessions() {
    let Some(db) = postgres() else { return };
    reset(&db).await;
    let mut instances = Vec::new();
    for _ in 0..3 {
        let db = db.clone();
        instances.push(start_with(move |c| c.database = db).await);
    }
    let [one, two, three] = &instances[..] else {
        unreachable!()
    };

    let id = one.login(LEADER).await;
    assert_eq!(
        status(two, BRIEFING, &id).await,
        StatusCode::OK,
        "read on another instance"
    );
    assert_eq!(
        status(three, "/api/auth/session", &id).await,
        StatusCode::OK
    );
    let out = three
        .post("/api/auth/logout", &Auth::Cookie(id.clone()), None)
        .await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    for s in [one, two, three] {
        assert_eq!(
            status(s, "/api/auth/session", &id).await,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(status(s, BRIEFING, &id).await, StatusCode::UNAUTHORIZED);
    }

    // A member changed through one instance's database is signed out on the others.
    let circle = two.login(CIRCLE).await;
    let leader = three.login(LEADER).await;
    assert_eq!(
        status(one, "/api/auth/session", &circle).await,
        StatusCode::OK
    );
    assert!(one
        .state
        .store
        .set_tier(CIRCLE.0, "leadership-alliance")
        .await
        .unwrap());
    assert_eq!(
        status(three, "/api/auth/session", &circle).await,
        StatusCode::UNAUTHORIZED
    );
    assert!(two.state.store.remove_member(LEADER.0).await.unwrap());
    assert_eq!(
        status(one, BRIEFING, &leader).await,
        StatusCode::UNAUTHORIZED
    );
    let again = one.try_login(LEADER.0, LEADER.1).await;
    assert_eq!(
        again.status(),
        StatusCode::UNAUTHORIZED,
        "removed everywhere"
    );
    reset(&db).await;
}
