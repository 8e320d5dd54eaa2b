//! The one session store: who is reading, and how requests authenticate.
//!
//! State: `Checking` → `SignedOut` | `SignedIn(member)` ([`SessionState`]). Components read
//! it through [`crate::context::use_session`]; none of them talks to the auth endpoints.
//! Every 401 answer from any API call signs the store out (through the hook in
//! [`crate::api::AuthHandle`]); a 403 `tier_required` never does.
//!
//! Two modes behind the one interface ([`AuthMode`]):
//! - **Cookie** (the standalone app, `auth="cookie"`): the viewer's own login dialog; the
//!   session is the server's HttpOnly cookie, so the viewer holds no token at all. Sign-in
//!   and sign-out reach other tabs through a `BroadcastChannel` (messages carry no
//!   token, only "signed-in"/"signed-out"; a receiving tab asks the server itself).
//! - **Host** (`auth="host"`, for the embed): the host page owns login. "Log in" and "Join"
//!   dispatch composed, bubbling `profile-viewer:login-requested` /
//!   `profile-viewer:join-requested` (`detail: {tier}`) events from the viewer's root
//!   element; the host answers through [`SessionStore::set_host_session`] /
//!   [`SessionStore::clear_host_session`]. The token lives in memory only (inside the
//!   [`ApiClient`]) and travels as `Authorization: Bearer`; requests then carry no cookies.
//!   When the token expires (its `exp` passes, [`token`], or any request gets a 401) the
//!   store signs out and asks the host again: `profile-viewer:login-requested` with
//!   `detail.reason = "expired"`. The page stays; only the briefings lock.
//!
//! In both modes the session is re-checked with the server when the tab becomes visible
//! again, so an expired session shows as signed out before the reader clicks.
//!
//! The standalone app asks the server only when this browser has a reason to believe a
//! session exists: a [`SessionHint`] in `localStorage`, set after a sign-in (or a session
//! check that found a member) and removed on sign-out and on any 401. It is a flag, never
//! the session id or a token. A signed-out reader's first visit thus makes no
//! `GET /auth/session` and gets no 401 (which Chromium logs as a console error).
//!
//! ## Host-mode API (for the `<profile-viewer>` element)
//! ```ignore
//! let store = SessionStore::new_host(api.clone(), root_element.into());
//! provide_session(store.clone());          // Session, SessionStore and AccessActions
//! // element.setSession({token, name, tier}):
//! store.set_host_session(token, name, tier);
//! // element.clearSession():
//! store.clear_host_session();
//! // profile-viewer:session-changed: watch store.state() in an Effect.
//! ```
//! Listeners and the channel are removed when the reactive owner that created the store
//! is disposed (an embedded element's `disconnectedCallback`).

pub mod token;

use std::cell::Cell;
use std::sync::Arc;

use leptos::prelude::*;
use profile_model::Member;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::{ApiClient, ApiError};
use crate::context::{AccessActions, AccessRequest, Session, SessionState};

/// How this viewer authenticates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthMode {
    /// Own login dialog, server's HttpOnly session cookie.
    Cookie,
    /// The host page supplies a bearer token.
    Host,
}

impl AuthMode {
    /// The `auth` attribute of the embed: `host` or anything else (cookie, the default).
    pub fn from_attribute(value: Option<&str>) -> AuthMode {
        match value.map(str::trim) {
            Some(v) if v.eq_ignore_ascii_case("host") => AuthMode::Host,
            _ => AuthMode::Cookie,
        }
    }
}

/// The state after a session check (`GET /auth/session`) that started in `current`.
/// A server that cannot be reached changes nothing we knew; an unknown start then reads
/// as signed out (the cards offer "Log in", which is true enough and safe).
pub fn after_check(current: &SessionState, result: Result<Member, ApiError>) -> SessionState {
    match result {
        Ok(member) => SessionState::SignedIn(member),
        Err(ApiError::LoginRequired) => SessionState::SignedOut,
        Err(_) => match current {
            SessionState::Checking => SessionState::SignedOut,
            known => known.clone(),
        },
    }
}

/// What the host page told us about its reader. The e-mail is the host's business.
pub fn host_member(name: &str, tier: &str) -> Member {
    Member {
        name: name.trim().to_string(),
        email: String::new(),
        tier: tier.trim().to_string(),
    }
}

/// The sentence the login dialog shows for a failed attempt.
pub fn login_error_message(error: &ApiError) -> String {
    match error {
        ApiError::InvalidCredentials | ApiError::RateLimited { .. } => error.message(),
        ApiError::Network(_) => "Cannot reach the server".into(),
        ApiError::Http(status) => format!("Signing in failed (error {status}). Please try again."),
        _ => "Signing in failed. Please try again.".into(),
    }
}

/// A cross-tab message. It names an event, never a token or a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TabMessage {
    SignedIn,
    SignedOut,
}

impl TabMessage {
    pub fn as_str(self) -> &'static str {
        match self {
            TabMessage::SignedIn => "signed-in",
            TabMessage::SignedOut => "signed-out",
        }
    }

    pub fn parse(data: &str) -> Option<TabMessage> {
        match data {
            "signed-in" => Some(TabMessage::SignedIn),
            "signed-out" => Some(TabMessage::SignedOut),
            _ => None,
        }
    }
}

/// The channel name: one per API, so viewers of different backends do not mix. The
/// standalone loader listens on it too, to start the app of a tab that was only being read
/// when another tab signs in (`web/loader.js`).
pub fn channel_name(api_base: &str) -> String {
    format!("{}{api_base}", profile_model::web::SESSION_CHANNEL)
}

/// `login-requested`'s `detail.reason` when the host's token has expired.
pub const EXPIRED: &str = "expired";

/// The host-mode events, as (type, tier for `detail`).
pub fn host_event(request: &AccessRequest) -> (&'static str, Option<&str>) {
    match request {
        AccessRequest::LogIn => ("profile-viewer:login-requested", None),
        AccessRequest::Join { tier } => ("profile-viewer:join-requested", Some(tier.as_str())),
    }
}

/// The `localStorage` key of the [`SessionHint`] for one API (one per API, like the channel).
pub fn hint_key(api_base: &str) -> String {
    format!("profile-viewer:signed-in:{api_base}")
}

/// "This browser signed in to this API and has not signed out since": the reason to ask the
/// server who is signed in. Not a secret and not proof of anything: the server decides.
/// Without usable storage it always says yes (ask, as before the hint existed).
#[derive(Clone, Debug)]
pub struct SessionHint {
    key: String,
}

impl SessionHint {
    pub fn for_api(api_base: &str) -> Self {
        SessionHint {
            key: hint_key(api_base),
        }
    }

    /// Whether a session may exist.
    pub fn present(&self) -> bool {
        match crate::offline::store::local_storage() {
            Some(storage) => matches!(storage.get_item(&self.key), Ok(Some(_))),
            None => true,
        }
    }

    pub fn set(&self) {
        if let Some(storage) = crate::offline::store::local_storage() {
            // Full storage only costs the next visit a check it would skip.
            let _ = storage.set_item(&self.key, "1");
        }
    }

    pub fn clear(&self) {
        if let Some(storage) = crate::offline::store::local_storage() {
            let _ = storage.remove_item(&self.key);
        }
    }
}

type Listener = Closure<dyn FnMut(web_sys::Event)>;

/// Browser handles of one store: wasm is single-threaded, so `SendWrapper` only satisfies
/// the context's `Send + Sync` bound; they are never touched from another thread.
struct Handles {
    channel: Option<web_sys::BroadcastChannel>,
    root: Option<web_sys::EventTarget>,
    /// Host mode: fires when the token's `exp` passes.
    expiry: Cell<Option<leptos::prelude::TimeoutHandle>>,
}

impl Handles {
    fn cancel_expiry(&self) {
        if let Some(timer) = self.expiry.take() {
            timer.clear();
        }
    }

    /// Dispatches a composed, bubbling host event with string `detail` fields from the
    /// viewer's root; false without a root or when the browser refuses.
    fn dispatch(&self, kind: &str, detail: &[(&str, &str)]) -> bool {
        let Some(root) = self.root.as_ref() else {
            return false;
        };
        let object = js_sys::Object::new();
        for (key, value) in detail {
            let _ =
                js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
        }
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&object);
        match web_sys::CustomEvent::new_with_event_init_dict(kind, &init) {
            Ok(event) => root.dispatch_event(&event).is_ok(),
            Err(_) => false,
        }
    }

    /// The host's token expired: ask it for a new one.
    fn ask_again(&self) {
        let (kind, _) = host_event(&AccessRequest::LogIn);
        self.dispatch(kind, &[("reason", EXPIRED)]);
    }
}

#[derive(Clone)]
pub struct SessionStore {
    api: ApiClient,
    mode: AuthMode,
    state: RwSignal<SessionState>,
    login_open: RwSignal<bool>,
    handles: Arc<SendWrapper<Handles>>,
    /// Cookie mode of the standalone app: check the session only when this is present.
    /// (The embed keeps asking every time: its host page's storage is not where the
    /// reader signed in.)
    hint: Option<SessionHint>,
}

impl SessionStore {
    /// The standalone app's store: asks the server who is signed in, and listens to
    /// other tabs and to the tab becoming visible.
    /// Without a [`SessionHint`] it asks nobody and starts signed out.
    pub fn new_cookie(api: ApiClient) -> Self {
        let hint = SessionHint::for_api(api.base());
        Self::build(api, AuthMode::Cookie, None, Some(hint))
    }

    /// A host-mode store. `root` is the viewer's root element: host events are
    /// dispatched from it (they bubble and cross the shadow boundary).
    pub fn new_host(api: ApiClient, root: web_sys::EventTarget) -> Self {
        Self::build(api, AuthMode::Host, Some(root), None)
    }

    /// Either mode (the embed reads its `auth` attribute). `root` is required for host
    /// events; in cookie mode it is used for `join-requested` when a tier has no join page.
    pub fn new(api: ApiClient, mode: AuthMode, root: Option<web_sys::EventTarget>) -> Self {
        Self::build(api, mode, root, None)
    }

    fn build(
        api: ApiClient,
        mode: AuthMode,
        root: Option<web_sys::EventTarget>,
        hint: Option<SessionHint>,
    ) -> Self {
        let may_be_signed_in = hint.as_ref().is_none_or(SessionHint::present);
        let initial = match mode {
            AuthMode::Cookie if may_be_signed_in => SessionState::Checking,
            AuthMode::Cookie | AuthMode::Host => SessionState::SignedOut,
        };
        api.auth().begin_epoch(None);
        let channel = match mode {
            AuthMode::Cookie => web_sys::BroadcastChannel::new(&channel_name(api.base())).ok(),
            AuthMode::Host => None,
        };
        let store = SessionStore {
            api,
            mode,
            state: RwSignal::new(initial),
            login_open: RwSignal::new(false),
            handles: Arc::new(SendWrapper::new(Handles {
                channel,
                root,
                expiry: Cell::new(None),
            })),
            hint,
        };
        store.install_unauthorized_hook();
        store.listen();
        if mode == AuthMode::Cookie {
            store.check();
        }
        store
    }

    /// Any 401 signs out (the handle ignores answers to requests of an older session); in
    /// host mode it means the token expired, and the host is asked for a new one.
    fn install_unauthorized_hook(&self) {
        let state = self.state;
        let handles = self.handles.clone();
        let hint = self.hint.clone();
        let mode = self.mode;
        self.api.auth().set_on_unauthorized(move |auth| {
            auth.begin_epoch(None);
            handles.cancel_expiry();
            if let Some(hint) = &hint {
                hint.clear();
            }
            let was_signed_in = state
                .try_update(|s| {
                    let was = matches!(s, SessionState::SignedIn(_));
                    *s = SessionState::SignedOut;
                    was
                })
                .unwrap_or(false);
            // The cookie is shared by every tab: its loss is theirs too.
            match mode {
                AuthMode::Cookie if was_signed_in => post(&handles, TabMessage::SignedOut),
                AuthMode::Host if was_signed_in => handles.ask_again(),
                _ => {}
            }
        });
    }

    /// visibilitychange → re-check; channel messages → follow the other tab. Both are
    /// removed with the owner.
    fn listen(&self) {
        let Some(document) = window_document() else {
            return;
        };
        let on_visible: Listener = {
            let store = self.clone();
            Closure::new(move |_: web_sys::Event| {
                let visible = window_document()
                    .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
                if visible {
                    store.check();
                }
            })
        };
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            on_visible.as_ref().unchecked_ref(),
        );

        let on_message: Option<Listener> = self.handles.channel.as_ref().map(|channel| {
            let store = self.clone();
            let listener: Listener = Closure::new(move |event: web_sys::Event| {
                let data = event
                    .dyn_ref::<web_sys::MessageEvent>()
                    .and_then(|m| m.data().as_string());
                match data.as_deref().and_then(TabMessage::parse) {
                    Some(TabMessage::SignedOut) => store.sign_out_locally(),
                    Some(TabMessage::SignedIn) => store.signed_in_elsewhere(),
                    None => {}
                }
            });
            let _ = channel
                .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
            listener
        });

        let cleanup = SendWrapper::new((on_visible, on_message, self.handles.clone()));
        let auth = self.api.auth().clone();
        on_cleanup(move || {
            let (on_visible, on_message, handles) = cleanup.take();
            handles.cancel_expiry();
            if let Some(document) = window_document() {
                let _ = document.remove_event_listener_with_callback(
                    "visibilitychange",
                    on_visible.as_ref().unchecked_ref(),
                );
            }
            if let (Some(channel), Some(listener)) = (handles.channel.as_ref(), on_message) {
                let _ = channel.remove_event_listener_with_callback(
                    "message",
                    listener.as_ref().unchecked_ref(),
                );
                channel.close();
            }
            auth.clear_on_unauthorized();
        });
    }

    pub fn mode(&self) -> AuthMode {
        self.mode
    }

    /// The current state, for components and the embed's `session-changed` event.
    pub fn state(&self) -> Signal<SessionState> {
        self.state.into()
    }

    /// The client whose requests carry this session.
    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    /// Whether the login dialog is open (cookie mode only ever opens it).
    pub fn login_open(&self) -> RwSignal<bool> {
        self.login_open
    }

    /// Asks the server who is signed in. In host mode only a token can be checked; with a
    /// [`SessionHint`] only when it is present (else the reader is signed out, no request).
    /// Another tab signed in. Its message is the sign of a session: `localStorage` writes
    /// reach other tabs asynchronously, so the hint that tab stored may not be visible
    /// here yet (a race that left this tab signed out).
    fn signed_in_elsewhere(&self) {
        if let Some(hint) = &self.hint {
            hint.set();
        }
        self.check();
    }

    pub fn check(&self) {
        if self.mode == AuthMode::Host && !self.api.auth().has_bearer() {
            return;
        }
        // A reader signed in in this tab is always asked about (the hint may have failed
        // to store); anyone else only with the hint.
        let signed_in = self
            .state
            .try_with_untracked(|s| matches!(s, SessionState::SignedIn(_)))
            .unwrap_or(false);
        if !signed_in && self.hint.as_ref().is_some_and(|h| !h.present()) {
            let known = self
                .state
                .try_with_untracked(|s| matches!(s, SessionState::SignedOut))
                .unwrap_or(true);
            if !known {
                self.state.try_set(SessionState::SignedOut);
            }
            return;
        }
        let store = self.clone();
        leptos::task::spawn_local(async move {
            let epoch = store.api.auth().epoch();
            let result = store.api.session().await;
            // A sign-in or sign-out while we asked wins over this answer.
            if store.api.auth().epoch() == epoch {
                if let (Some(hint), Ok(_)) = (&store.hint, &result) {
                    hint.set();
                }
                store.state.try_update(|s| *s = after_check(s, result));
            }
        });
    }

    /// Cookie mode: signs in with the viewer's own dialog. The member comes back; the
    /// session stays in the server's HttpOnly cookie.
    pub async fn sign_in(&self, email: &str, password: &str) -> Result<Member, ApiError> {
        if self.mode == AuthMode::Host {
            return Err(ApiError::InvalidData(
                "in host mode the host page signs in".into(),
            ));
        }
        let member = self.api.login(email, password).await?;
        self.api.auth().begin_epoch(None);
        // Before telling other tabs: they check only when the hint is there.
        if let Some(hint) = &self.hint {
            hint.set();
        }
        self.state.try_set(SessionState::SignedIn(member.clone()));
        self.post(TabMessage::SignedIn);
        Ok(member)
    }

    /// Ends the session: on the server in cookie mode (so every tab and any stolen cookie
    /// lose it), here in both modes. Locally the reader is signed out even when the server
    /// cannot be reached; the error is returned so the caller can say so.
    pub async fn sign_out(&self) -> Result<(), ApiError> {
        match self.mode {
            AuthMode::Cookie => {
                let result = self.api.logout().await;
                self.sign_out_locally();
                self.post(TabMessage::SignedOut);
                result
            }
            AuthMode::Host => {
                self.clear_host_session();
                Ok(())
            }
        }
    }

    fn sign_out_locally(&self) {
        self.handles.cancel_expiry();
        self.api.auth().begin_epoch(None);
        if let Some(hint) = &self.hint {
            hint.clear();
        }
        self.state.try_set(SessionState::SignedOut);
    }

    /// Host mode: the host page's `setSession({token, name, tier})`. The token is kept in
    /// memory only and sent as `Authorization: Bearer`. Returns false (and does nothing)
    /// in cookie mode or for an empty token.
    pub fn set_host_session(&self, token: &str, name: &str, tier: &str) -> bool {
        let token = token.trim();
        if self.mode != AuthMode::Host || token.is_empty() {
            return false;
        }
        let epoch = self.api.auth().begin_epoch(Some(token.to_string()));
        self.state
            .try_set(SessionState::SignedIn(host_member(name, tier)));
        self.expire_at_exp(token, epoch);
        true
    }

    /// Arms the timer for the token's `exp` (a token without one lasts until a 401).
    fn expire_at_exp(&self, token: &str, epoch: u64) {
        self.handles.cancel_expiry();
        let Some(left) = token::time_left(token, js_sys::Date::now()) else {
            return;
        };
        let store = self.clone();
        let fire = move || {
            // Only the session the timer was set for; a newer token has its own timer.
            if store.api.auth().epoch() == epoch {
                store.expire();
            }
        };
        self.handles
            .expiry
            .set(leptos::prelude::set_timeout_with_handle(fire, left).ok());
    }

    /// Host mode: the token's `exp` passed. Signs out here (cards lock, bodies kept for this
    /// member go, as on a 401) and asks the host for a new token.
    fn expire(&self) {
        if let Some(cache) = self.api.briefing_cache() {
            cache.clear();
        }
        self.sign_out_locally();
        self.handles.ask_again();
    }

    /// Host mode: the host page's `clearSession()`. Forgets the token; cards lock again.
    pub fn clear_host_session(&self) -> bool {
        if self.mode != AuthMode::Host {
            return false;
        }
        self.sign_out_locally();
        true
    }

    /// What "Log in" / "Join" on a card or in the header does. Returns false when the
    /// request was not handled (cookie mode "Join" for a tier with no join page and no
    /// root element), so the caller can say something.
    pub fn request(&self, request: AccessRequest) -> bool {
        match (self.mode, &request) {
            (AuthMode::Cookie, AccessRequest::LogIn) => {
                self.login_open.set(true);
                true
            }
            _ => self.dispatch_host_event(&request),
        }
    }

    fn dispatch_host_event(&self, request: &AccessRequest) -> bool {
        let (kind, tier) = host_event(request);
        match tier {
            Some(tier) => self.handles.dispatch(kind, &[("tier", tier)]),
            None => self.handles.dispatch(kind, &[]),
        }
    }

    fn post(&self, message: TabMessage) {
        post(&self.handles, message);
    }
}

fn post(handles: &Handles, message: TabMessage) {
    if let Some(channel) = handles.channel.as_ref() {
        let _ = channel.post_message(&JsValue::from_str(message.as_str()));
    }
}

fn window_document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Provides the store and what components read from it: its [`ApiClient`], [`Session`]
/// (the state) and [`AccessActions`] (card and header requests).
pub fn provide_session(store: SessionStore) {
    // Cards must fetch with the client whose 401s and bearer token are this store's.
    provide_context(store.api().clone());
    provide_context(Session(store.state()));
    let actions = store.clone();
    provide_context(AccessActions(Callback::new(move |request| {
        actions.request(request);
    })));
    provide_context(store);
}

pub fn use_session_store() -> Option<SessionStore> {
    use_context::<SessionStore>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(tier: &str) -> Member {
        Member {
            name: "Casey Circle".into(),
            email: "circle@example.com".into(),
            tier: tier.into(),
        }
    }

    #[test]
    fn a_check_decides_checking_and_keeps_known_state_when_unreachable() {
        let signed_in = SessionState::SignedIn(member("strategy-circle"));
        assert_eq!(
            after_check(&SessionState::Checking, Ok(member("strategy-circle"))),
            signed_in
        );
        assert_eq!(
            after_check(&signed_in, Err(ApiError::LoginRequired)),
            SessionState::SignedOut
        );
        assert_eq!(
            after_check(
                &SessionState::Checking,
                Err(ApiError::Network("offline".into()))
            ),
            SessionState::SignedOut
        );
        assert_eq!(
            after_check(&signed_in, Err(ApiError::Network("offline".into()))),
            signed_in,
            "a flaky network does not sign anyone out"
        );
        // A changed tier on the server shows at the next check.
        assert_eq!(
            after_check(&signed_in, Ok(member("leadership-alliance"))),
            SessionState::SignedIn(member("leadership-alliance"))
        );
        assert_eq!(
            after_check(&SessionState::SignedOut, Err(ApiError::Http(500))),
            SessionState::SignedOut
        );
    }

    #[test]
    fn login_errors_read_as_the_issue_says() {
        assert_eq!(
            login_error_message(&ApiError::InvalidCredentials),
            "E-mail or password is wrong"
        );
        assert_eq!(
            login_error_message(&ApiError::RateLimited {
                retry_after: Some(5)
            }),
            "Too many attempts, try again in 5 s"
        );
        assert_eq!(
            login_error_message(&ApiError::Network("TypeError".into())),
            "Cannot reach the server"
        );
        assert!(login_error_message(&ApiError::Http(403)).contains("403"));
    }

    #[test]
    fn tab_messages_carry_no_token_and_round_trip() {
        for m in [TabMessage::SignedIn, TabMessage::SignedOut] {
            assert_eq!(TabMessage::parse(m.as_str()), Some(m));
        }
        assert_eq!(TabMessage::parse("token=abc"), None);
        assert_ne!(
            channel_name("/api"),
            channel_name("https://other.example/api")
        );
        assert_eq!(hint_key("/api"), "profile-viewer:signed-in:/api");
        assert_ne!(hint_key("/api"), hint_key("https://other.example/api"));
    }

    #[test]
    fn host_events_and_mode_attribute() {
        assert_eq!(
            host_event(&AccessRequest::LogIn),
            ("profile-viewer:login-requested", None)
        );
        assert_eq!(
            host_event(&AccessRequest::Join {
                tier: "leadership-alliance".into()
            }),
            ("profile-viewer:join-requested", Some("leadership-alliance"))
        );
        // An expired token asks with the same event as "Log in", and says why.
        assert_eq!(
            (host_event(&AccessRequest::LogIn).0, EXPIRED),
            ("profile-viewer:login-requested", "expired")
        );
        assert_eq!(AuthMode::from_attribute(Some(" Host ")), AuthMode::Host);
        assert_eq!(AuthMode::from_attribute(Some("cookie")), AuthMode::Cookie);
        assert_eq!(AuthMode::from_attribute(None), AuthMode::Cookie);
        let m = host_member(" Lee Leader ", "leadership-alliance");
        assert_eq!((m.name.as_str(), m.email.as_str()), ("Lee Leader", ""));
    }
}
