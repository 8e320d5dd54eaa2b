//! Browser component tests for the session store, the login dialog, the session bar and
//! the briefing cards: host mode (set/clear session, events to the host page) and the
//! cookie-mode dialog's accessibility wiring.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p profile-viewer`
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // A test that cannot set up fails.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use profile_model::*;
use profile_viewer::api::ApiClient;
use profile_viewer::components::locked_card::LockedCard;
use profile_viewer::components::login_dialog::LoginDialog;
use profile_viewer::components::session_bar::SessionBar;
use profile_viewer::context::{AccessRequest, SessionState, SiteState};
use profile_viewer::session::{provide_session, AuthMode, SessionStore};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const SAMPLE: &str = include_str!("../content/profiles/us-officials-telecom-cyber-espionage.json");

fn briefings() -> Vec<LockedBriefing> {
    parse_authoring(SAMPLE.as_bytes())
        .unwrap()
        .value
        .to_public()
        .briefings
}

fn site() -> SiteConfig {
    serde_json::from_str(
        r#"{"publisher":{"name":"BTW Media"},"tiers":[
            {"id":"strategy-circle","name":"Strategy Circle","rank":1,"audience":"Open to all readers"},
            {"id":"leadership-alliance","name":"Leadership Alliance","rank":2,
             "audience":"For owners and management of IP-holding companies"}]}"#,
    )
    .unwrap()
}

fn new_div(parent: &web_sys::Node) -> HtmlElement {
    let div: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    parent.append_child(&div).unwrap();
    div
}

async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 30)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn states(root: &Element) -> Vec<String> {
    all(root, ".pv-locked")
        .iter()
        .map(|c| c.get_attribute("data-state").unwrap_or_default())
        .collect()
}

fn click(el: &Element) {
    el.clone().dyn_into::<HtmlElement>().unwrap().click();
}

/// Mounts two briefing cards and the session bar with a host-mode store whose root is
/// `root`; hands the store out through `slot`.
fn mount_host(root: HtmlElement, slot: Rc<RefCell<Option<SessionStore>>>) {
    let target: web_sys::EventTarget = root.clone().into();
    leptos::mount::mount_to(root, move || {
        // An API no one answers: an entitled card shows loading or an error, never a lock.
        let store = SessionStore::new_host(ApiClient::new("/no-such-api"), target);
        *slot.borrow_mut() = Some(store.clone());
        provide_context(SiteState(RwSignal::new(Some(site()))));
        provide_session(store);
        let b = briefings();
        let (circle, leadership) = (b[0].clone(), b[1].clone());
        view! {
            <SessionBar/>
            <LockedCard briefing=circle slug="us-officials-telecom-cyber-espionage"/>
            <LockedCard briefing=leadership slug="us-officials-telecom-cyber-espionage"/>
        }
    })
    .forget();
}

#[wasm_bindgen_test]
async fn host_mode_set_session_unlocks_the_right_cards_and_clear_locks_them() {
    let root = new_div(&document().body().unwrap());
    let slot = Rc::new(RefCell::new(None));
    mount_host(root.clone(), slot.clone());
    let store = slot.borrow().clone().unwrap();
    assert_eq!(store.mode(), AuthMode::Host);
    assert_eq!(store.state().get_untracked(), SessionState::SignedOut);
    assert_eq!(states(&root), ["signed-out", "signed-out"]);

    assert!(
        !store.set_host_session("  ", "Casey", "strategy-circle"),
        "empty token"
    );
    assert!(store.set_host_session("tok-123", "Casey Circle", "strategy-circle"));
    assert!(store.api().auth().has_bearer());
    tick().await;
    let s = states(&root);
    assert!(matches!(s[0].as_str(), "loading" | "error"), "{s:?}");
    assert_eq!(s[1], "below-tier");
    assert!(one(&root, ".pv-session")
        .text_content()
        .unwrap()
        .contains("Casey Circle"));
    assert!(one(&root, ".pv-session__tier").text_content().unwrap() == "Strategy Circle");

    store.set_host_session("tok-456", "Lee Leader", "leadership-alliance");
    tick().await;
    let s = states(&root);
    assert!(s.iter().all(|s| s == "loading" || s == "error"), "{s:?}");

    assert!(store.clear_host_session());
    assert!(!store.api().auth().has_bearer(), "the token is forgotten");
    tick().await;
    assert_eq!(states(&root), ["signed-out", "signed-out"]);
    assert!(all(&root, ".pv-block").is_empty());
}

/// A member token (unsigned: the viewer never verifies) that expires `secs` from now.
fn token_expiring_in(secs: f64) -> String {
    let exp = (js_sys::Date::now() / 1000.0 + secs).ceil();
    let b64url = |json: &str| {
        window()
            .btoa(json)
            .unwrap()
            .trim_end_matches('=')
            .replace('+', "-")
            .replace('/', "_")
    };
    format!(
        "{}.{}.c2ln",
        b64url(r#"{"alg":"HS256","typ":"JWT"}"#),
        b64url(&format!(
            r#"{{"sub":"r-1","tier":"strategy-circle","exp":{exp}}}"#
        ))
    )
}

/// The `detail.reason` of every `login-requested` event that reaches `target`.
fn record_login_requests(target: &HtmlElement) -> Rc<RefCell<Vec<Option<String>>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    let listener =
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            let reason = js_sys::Reflect::get(&e.detail(), &"reason".into())
                .ok()
                .and_then(|r| r.as_string());
            sink.borrow_mut().push(reason);
        });
    target
        .add_event_listener_with_callback(
            "profile-viewer:login-requested",
            listener.as_ref().unchecked_ref(),
        )
        .unwrap();
    listener.forget();
    seen
}

#[wasm_bindgen_test]
async fn host_mode_asks_again_when_the_token_expires_and_locks_the_cards() {
    let root = new_div(&document().body().unwrap());
    let asked = record_login_requests(&root);
    let slot = Rc::new(RefCell::new(None));
    mount_host(root.clone(), slot.clone());
    let store = slot.borrow().clone().unwrap();

    assert!(store.set_host_session(&token_expiring_in(1.0), "Casey Circle", "strategy-circle"));
    tick().await;
    assert_ne!(states(&root)[0], "signed-out");
    for _ in 0..100 {
        tick().await;
        if !asked.borrow().is_empty() {
            break;
        }
    }
    assert_eq!(*asked.borrow(), vec![Some("expired".to_string())]);
    assert_eq!(store.state().get_untracked(), SessionState::SignedOut);
    assert!(
        !store.api().auth().has_bearer(),
        "the expired token is forgotten"
    );
    tick().await;
    assert_eq!(states(&root), ["signed-out", "signed-out"]);

    // A token replaced before its exp never fires: only the live session's timer counts.
    store.set_host_session(&token_expiring_in(1.0), "Casey Circle", "strategy-circle");
    store.set_host_session(
        &token_expiring_in(3600.0),
        "Casey Circle",
        "strategy-circle",
    );
    for _ in 0..70 {
        tick().await;
    }
    assert_eq!(asked.borrow().len(), 1, "no second ask");
    assert!(matches!(
        store.state().get_untracked(),
        SessionState::SignedIn(_)
    ));
    assert!(store.clear_host_session());
}

#[wasm_bindgen_test]
async fn an_unreachable_briefing_shows_an_error_with_retry_on_its_card() {
    let root = new_div(&document().body().unwrap());
    let slot = Rc::new(RefCell::new(None));
    mount_host(root.clone(), slot.clone());
    let store = slot.borrow().clone().unwrap();
    store.set_host_session("tok", "Casey Circle", "strategy-circle");
    for _ in 0..50 {
        tick().await;
        if states(&root)[0] == "error" {
            break;
        }
    }
    assert_eq!(states(&root), ["error", "below-tier"]);
    let card = &all(&root, ".pv-locked")[0];
    assert_eq!(
        one(card, "[role=alert] button").text_content().unwrap(),
        "Retry"
    );
    click(&one(card, ".pv-locked__retry"));
    tick().await;
    assert!(matches!(states(&root)[0].as_str(), "loading" | "error"));
}

#[wasm_bindgen_test]
async fn host_mode_log_in_and_join_dispatch_composed_events_instead_of_a_dialog() {
    // The viewer inside a shadow root, as the embed renders it; the host listens on document.
    let host = new_div(&document().body().unwrap());
    let shadow = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    let root = new_div(&shadow);
    let seen = Rc::new(RefCell::new(Vec::<(String, Option<String>, bool)>::new()));
    let mut listeners = vec![];
    for kind in [
        "profile-viewer:login-requested",
        "profile-viewer:join-requested",
    ] {
        let seen = seen.clone();
        let listener =
            Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
                let tier = js_sys::Reflect::get(&e.detail(), &"tier".into())
                    .ok()
                    .and_then(|t| t.as_string());
                seen.borrow_mut()
                    .push((e.type_(), tier, e.bubbles() && e.composed()));
            });
        document()
            .add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref())
            .unwrap();
        listeners.push((kind, listener));
    }

    let slot = Rc::new(RefCell::new(None));
    let target: web_sys::EventTarget = root.clone().into();
    let slot2 = slot.clone();
    leptos::mount::mount_to(root.clone(), move || {
        let store = SessionStore::new_host(ApiClient::new("/no-such-api"), target);
        *slot2.borrow_mut() = Some(store.clone());
        provide_session(store);
        // No site config: "Join" has no join page and asks the host.
        let b = briefings();
        view! { <LoginDialog/> <LockedCard briefing=b[1].clone()/> }
    })
    .forget();
    let root_el: Element = root.clone().into();
    assert!(all(&root_el, "dialog").is_empty(), "no dialog in host mode");
    click(&one(&root_el, "button.pv-locked__login"));
    click(&one(&root_el, "button.pv-locked__join"));
    tick().await;
    assert_eq!(
        *seen.borrow(),
        vec![
            ("profile-viewer:login-requested".to_string(), None, true),
            (
                "profile-viewer:join-requested".to_string(),
                Some("leadership-alliance".to_string()),
                true
            ),
        ]
    );
    let store = slot.borrow().clone().unwrap();
    assert!(!store.login_open().get_untracked());
    for (kind, listener) in listeners {
        document()
            .remove_event_listener_with_callback(kind, listener.as_ref().unchecked_ref())
            .unwrap();
    }
}

#[wasm_bindgen_test]
async fn cookie_mode_dialog_is_labelled_modal_and_gives_focus_back() {
    let root = new_div(&document().body().unwrap());
    let slot = Rc::new(RefCell::new(None));
    let slot2 = slot.clone();
    leptos::mount::mount_to(root.clone(), move || {
        // The session check gets a 404 from the test server: signed out.
        let store = SessionStore::new_cookie(ApiClient::new("/no-such-api"));
        *slot2.borrow_mut() = Some(store.clone());
        provide_session(store);
        view! { <SessionBar/> <LoginDialog/> }
    })
    .forget();
    let store = slot.borrow().clone().unwrap();
    assert!(
        !store.set_host_session("tok", "X", "strategy-circle"),
        "no host API in cookie mode"
    );
    for _ in 0..50 {
        tick().await;
        if store.state().get_untracked() == SessionState::SignedOut {
            break;
        }
    }
    let root_el: Element = root.clone().into();
    let dialog = one(&root_el, "dialog");
    assert_eq!(dialog.get_attribute("role").as_deref(), Some("dialog"));
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        one(&root_el, &format!("#{title_id}"))
            .text_content()
            .unwrap(),
        "Log in"
    );
    for (field, autocomplete) in [("email", "username"), ("password", "current-password")] {
        let input = one(&root_el, &format!("input[name={field}]"));
        assert_eq!(
            input.get_attribute("autocomplete").as_deref(),
            Some(autocomplete)
        );
        let id = input.id();
        assert!(one(&root_el, &format!("label[for='{id}']"))
            .text_content()
            .is_some());
    }
    assert_eq!(
        one(&root_el, ".pv-login__error")
            .get_attribute("aria-live")
            .as_deref(),
        Some("assertive")
    );

    let opener = one(&root_el, ".pv-session__login");
    opener
        .clone()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .focus()
        .unwrap();
    click(&opener);
    tick().await;
    let dialog: web_sys::HtmlDialogElement = dialog.dyn_into().unwrap();
    assert!(dialog.open(), "Log in opens the dialog");
    assert_eq!(
        document()
            .active_element()
            .and_then(|e| e.get_attribute("name"))
            .as_deref(),
        Some("email"),
        "focus moves into the dialog"
    );
    click(&one(&root_el, ".pv-dialog__close"));
    for _ in 0..10 {
        tick().await;
    }
    assert!(!dialog.open());
    assert!(!store.login_open().get_untracked());
    assert_eq!(
        document().active_element(),
        Some(opener),
        "focus returns to the opener"
    );
    let _ = store.request(AccessRequest::LogIn);
    tick().await;
    assert!(dialog.open());
    dialog.close();
}
