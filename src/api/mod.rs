//! The one HTTP client of the viewer. Every request goes through [`ApiClient`], so the API
//! base (same origin `/api` in the standalone app, another origin when embedded), the
//! credentials mode and the error mapping live in one place.
//!
//! Offline: [`ApiClient::profile_for_reading`] keeps a copy of every profile it loads and
//! falls back to it when the server cannot be reached; [`ApiClient::briefing_for_member`]
//! does the same for a member's briefing bodies (see [`crate::offline`]). What a client may
//! keep is its [`Keep`]: an embed keeps no member data, since its storage is the host page's.

use std::fmt;
use std::sync::{Arc, Mutex};

use profile_model::validate::is_slug;
use profile_model::{
    Briefing, IndexEntry, LoginRequest, Member, MemberAnswer, ProfileEdge, PublicProfile,
    SiteConfig,
};

use crate::offline::briefings::BriefingCache;
use crate::offline::{Entry, OfflineStore, Origin, StoreError};

pub use profile_model::web::CACHED_AT_HEADER;

/// A profile for reading (the whole profile, or what a page the server drew needs of it:
/// [`Readable`]), with where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded<P> {
    pub profile: P,
    pub origin: Origin,
    /// This device's copy before this load (for "Updated since your saved copy").
    pub previous: Option<Entry>,
    /// Whether keeping a copy for offline reading worked (a live load only).
    pub kept: Result<(), StoreError>,
}

pub type LoadedProfile = Loaded<PublicProfile>;

/// An answer's body, and when the service worker stored it if it came from its cache.
struct Answer {
    body: Vec<u8>,
    cached_at: Option<f64>,
}

/// Errors after which a stored copy is the better answer: no answer at all, or a server
/// (or proxy) failure. A 404 or 401 is the server speaking; those are passed on.
fn server_unreachable(e: &ApiError) -> bool {
    matches!(e, ApiError::Network(_)) || matches!(e, ApiError::Http(s) if *s >= 500)
}

mod auth;
mod decode;
mod error;
mod first;
mod readable;

pub use auth::AuthHandle;
pub use decode::{decode_index, decode_json, decode_profile, encode_segment};
pub use error::{error_from_status, parse_retry_after, ApiError};
pub use first::{FirstAnswer, FirstBody};
pub use readable::{ProfileHead, Readable};

/// What a client keeps on the reader's device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// The standalone app, on its own origin: recent and saved profile copies, and a
    /// signed-in member's briefing bodies, for that member only.
    OnDevice,
    /// An embed whose host page opted in (`offline` attribute): public profile copies
    /// only, in the host's storage, bounded like the app's recent copies.
    PublicCopies,
    /// An embed: nothing. Its storage is the host page's, readable by every script there.
    Nothing,
}

/// Whose API an embed reads; only the viewer's own may receive a host's member token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiOwner {
    /// The viewer's origin, or one fixed at build time (`crate::embed::attrs::api_owner`).
    Viewer,
    /// Any other API a host page named: public data only.
    Stranger,
}

#[derive(Clone)]
pub struct ApiClient {
    base: String,
    auth: AuthHandle,
    first: Arc<Mutex<Vec<FirstAnswer>>>,
    keep: Keep,
    owner: ApiOwner,
}

impl fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the token.
        f.debug_struct("ApiClient")
            .field("base", &self.base)
            .finish()
    }
}

/// Two clients are the same when they share base and session.
impl PartialEq for ApiClient {
    fn eq(&self, other: &Self) -> bool {
        self.base == other.base && self.auth.same(&other.auth)
    }
}
impl Eq for ApiClient {}

impl Default for ApiClient {
    fn default() -> Self {
        ApiClient::new("/api")
    }
}

/// Which requests a 401 answer signs out: all but the login attempt itself, whose 401
/// means "wrong credentials".
#[derive(Clone, Copy, PartialEq, Eq)]
enum On401 {
    SignOut,
    Report,
}

impl ApiClient {
    /// `base` is the API root, e.g. `/api` or `https://viewer.example/api`.
    pub fn new(base: impl Into<String>) -> Self {
        let base = base.into();
        ApiClient {
            base: base.trim_end_matches('/').to_string(),
            auth: AuthHandle::default(),
            first: Arc::default(),
            keep: Keep::OnDevice,
            owner: ApiOwner::Viewer,
        }
    }

    /// An embed's client: it keeps what `keep` allows on the host page's origin, and sends a
    /// host's token only to an API that `owner` says is the viewer's own.
    pub fn for_embed(base: impl Into<String>, keep: Keep, owner: ApiOwner) -> Self {
        ApiClient {
            keep,
            owner,
            ..ApiClient::new(base)
        }
    }

    /// Hands over the answers the loader already fetched (see [`FirstAnswer`]).
    pub fn set_first_answers(&self, answers: Vec<FirstAnswer>) {
        *self.first.lock().unwrap_or_else(|e| e.into_inner()) = answers;
    }

    /// The loader's answer for `url`, if it fetched one (taken: it serves one request).
    fn take_first_answer(&self, url: &str) -> Option<FirstBody> {
        let mut first = self.first.lock().unwrap_or_else(|e| e.into_inner());
        let at = first.iter().position(|answer| answer.path == url)?;
        Some(first.swap_remove(at).body)
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The authentication state shared by every clone of this client.
    pub fn auth(&self) -> &AuthHandle {
        &self.auth
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn site(&self) -> Result<SiteConfig, ApiError> {
        decode_json(&self.get("/site").await?)
    }

    pub async fn index(&self) -> Result<Vec<IndexEntry>, ApiError> {
        decode_index(&self.get("/profiles").await?)
    }

    /// Every relationship from one profile to another (`GET /relationships`).
    pub async fn relationships(&self) -> Result<Vec<ProfileEdge>, ApiError> {
        decode_json(&self.get("/relationships").await?)
    }

    /// A public profile, with the offline fallback of [`ApiClient::profile_for_reading`]
    /// (without saying where it came from: use that to show the offline banner).
    pub async fn profile(&self, slug: &str) -> Result<PublicProfile, ApiError> {
        self.profile_for_reading::<PublicProfile>(slug)
            .await
            .map(|l| l.profile)
    }

    /// The device's offline copies for this API base.
    pub fn offline(&self) -> OfflineStore {
        OfflineStore::new(&self.base)
    }

    /// Pages the worker kept for a reader who read them without the app become recent copies,
    /// from the JSON it kept and with the time it kept them, so the Saved page lists and
    /// removes them like any other. Returns how many were added.
    pub async fn adopt_kept_pages(&self) -> usize {
        let catalog = self.offline().catalog();
        let kept = crate::offline::worker::kept_pages(
            |path| self.url(path),
            |slug| catalog.get(slug).is_some(),
        )
        .await;
        kept.into_iter()
            .filter(|page| {
                self.adopt_copy(&page.slug, &page.json, page.kept_at)
                    .is_ok()
            })
            .count()
    }

    /// Adds the JSON of a profile read without the app, kept at `kept_at`, as a recent copy.
    fn adopt_copy(&self, slug: &str, json: &str, kept_at: f64) -> Result<(), ApiError> {
        let profile = decode_profile(json.as_bytes())?;
        if profile.slug != slug {
            return Err(ApiError::InvalidData(
                "the copy is of another profile".into(),
            ));
        }
        self.offline()
            .put_copy_at(profile.copy_meta(json.len()), json, kept_at)
            .map_err(|e| ApiError::InvalidData(e.message().into()))
    }

    /// The member briefing bodies kept offline for this API base: the standalone app's
    /// only, never an embed's (whose storage is the host page's).
    pub fn briefing_cache(&self) -> Option<BriefingCache> {
        (self.keep == Keep::OnDevice).then(|| BriefingCache::new(&self.base))
    }

    /// The profile copies this client keeps, if it keeps any.
    fn copies(&self) -> Option<OfflineStore> {
        (self.keep != Keep::Nothing).then(|| self.offline())
    }

    /// A profile to show: live (and then kept as a recent copy), or, when the server cannot
    /// be reached, this device's stored copy, with its date and revision in `origin`.
    pub async fn profile_for_reading<P: Readable>(
        &self,
        slug: &str,
    ) -> Result<Loaded<P>, ApiError> {
        // A slug outside the contract's alphabet cannot exist; don't ask.
        if !is_slug(slug) {
            return Err(ApiError::NotFound);
        }
        let Some(store) = self.copies() else {
            let body = self.get(&format!("/profiles/{slug}")).await?;
            return Ok(Loaded {
                profile: P::decode(&body)?,
                origin: Origin::Live,
                previous: None,
                kept: Ok(()),
            });
        };
        let previous = store.catalog().get(slug).cloned();
        match self.get_answer(&format!("/profiles/{slug}")).await {
            Ok(Answer {
                body,
                cached_at: None,
            }) => {
                let profile = P::decode(&body)?;
                let kept = std::str::from_utf8(&body)
                    .map_err(|_| StoreError::Unavailable)
                    .and_then(|text| store.put_copy(profile.copy_meta(body.len()), text));
                Ok(Loaded {
                    profile,
                    origin: Origin::Live,
                    previous,
                    kept,
                })
            }
            // The service worker answered from its cache: we are offline. This device's own
            // copy wins when it is at least as new (it knows when the reader saved it).
            Ok(Answer {
                body,
                cached_at: Some(cached_at),
            }) => {
                let worker_copy = P::decode(&body)?;
                match stored_profile::<P>(&store, slug) {
                    Some(own) if own.profile.revision() >= worker_copy.revision() => Ok(own),
                    _ => Ok(Loaded {
                        origin: Origin::Stored {
                            stored_at: cached_at,
                            revision: worker_copy.revision(),
                        },
                        profile: worker_copy,
                        previous,
                        kept: Ok(()),
                    }),
                }
            }
            Err(e) if server_unreachable(&e) => stored_profile(&store, slug).ok_or(e),
            Err(e) => Err(e),
        }
    }

    /// A briefing body for a signed-in member: live (and kept for this member only), or
    /// their kept copy when the server cannot be reached (then `true`). Any 401 empties the
    /// shelf (in `send_answer`); a 403 means the tier changed, so it is emptied too.
    pub async fn briefing_for_member(
        &self,
        member: &Member,
        slug: &str,
        id: &str,
    ) -> Result<(Briefing, bool), ApiError> {
        let Some(cache) = self.briefing_cache() else {
            return self.briefing(slug, id).await.map(|body| (body, false));
        };
        let epoch = self.auth.epoch();
        match self.briefing(slug, id).await {
            Ok(body) => {
                // An answer that outlived its session (a sign-out while it was on its way)
                // is kept for nobody. Failing to keep it only costs offline reading.
                if self.auth.epoch() == epoch {
                    let _ = cache.put(member, slug, &body);
                }
                Ok((body, false))
            }
            Err(e @ ApiError::TierRequired { .. }) => {
                cache.clear();
                Err(e)
            }
            Err(e) if server_unreachable(&e) => {
                cache.get(member, slug, id).map(|b| (b, true)).ok_or(e)
            }
            Err(e) => Err(e),
        }
    }

    /// The body of a gated briefing, for an entitled reader.
    pub async fn briefing(&self, slug: &str, id: &str) -> Result<Briefing, ApiError> {
        if !is_slug(slug) {
            return Err(ApiError::NotFound);
        }
        decode_json(
            &self
                .get(&format!(
                    "/profiles/{slug}/briefings/{}",
                    encode_segment(id)
                ))
                .await?,
        )
    }

    /// `POST /auth/login` (cookie mode). Only the session store calls it. The body never
    /// asks for a token: the session stays in the server's HttpOnly cookie.
    pub async fn login(&self, email: &str, password: &str) -> Result<Member, ApiError> {
        let body = LoginRequest {
            email: email.to_string(),
            password: password.to_string(),
        };
        let body =
            serde_json::to_string(&body).map_err(|e| ApiError::InvalidData(e.to_string()))?;
        let answer: MemberAnswer = decode_json(
            &self
                .send("POST", "/auth/login", Some(body), On401::Report)
                .await?,
        )?;
        // Bodies kept offline for someone else go now (crate::offline::briefings).
        if let Some(cache) = self.briefing_cache() {
            cache.clear_for_other_than(Some(&answer.member));
        }
        Ok(answer.member)
    }

    /// `GET /auth/session`: the member of the current session (401 when there is none,
    /// which also signs the store out through the hook).
    pub async fn session(&self) -> Result<Member, ApiError> {
        let answer: MemberAnswer = decode_json(&self.get("/auth/session").await?)?;
        Ok(answer.member)
    }

    /// `POST /auth/logout`: the server revokes the session (204).
    pub async fn logout(&self) -> Result<(), ApiError> {
        // Signing out ends offline access to briefing bodies, whatever the server says. The
        // new epoch makes any answer still on its way one of an ended session.
        self.auth.begin_epoch(None);
        if let Some(cache) = self.briefing_cache() {
            cache.clear();
        }
        self.send("POST", "/auth/logout", None, On401::Report)
            .await
            .map(|_| ())
    }

    async fn get(&self, path: &str) -> Result<Vec<u8>, ApiError> {
        self.get_answer(path).await.map(|a| a.body)
    }

    async fn get_answer(&self, path: &str) -> Result<Answer, ApiError> {
        // Returns without awaiting anything when the loader's answer is ready, so a resource
        // built on it has its value at creation.
        if let Some(first) = self.take_first_answer(&self.url(path)) {
            if let Some(text) = first.text().await {
                return Ok(Answer {
                    body: text.into_bytes(),
                    cached_at: None,
                });
            }
        }
        self.send_answer("GET", path, None, On401::SignOut).await
    }

    async fn send(
        &self,
        method: &str,
        path: &str,
        json_body: Option<String>,
        on_401: On401,
    ) -> Result<Vec<u8>, ApiError> {
        self.send_answer(method, path, json_body, on_401)
            .await
            .map(|a| a.body)
    }

    async fn send_answer(
        &self,
        method: &str,
        path: &str,
        json_body: Option<String>,
        on_401: On401,
    ) -> Result<Answer, ApiError> {
        use gloo_net::http::RequestBuilder;
        let epoch = self.auth.epoch();
        let bearer = self
            .auth
            .bearer()
            .filter(|_| self.owner == ApiOwner::Viewer);
        let mut builder = RequestBuilder::new(&self.url(path))
            .method(if method == "POST" {
                gloo_net::http::Method::POST
            } else {
                gloo_net::http::Method::GET
            })
            .header("Accept", "application/json");
        builder = match &bearer {
            // Host mode: the host's token only; no ambient cookie of the API's origin.
            Some(token) => builder
                .credentials(web_sys::RequestCredentials::Omit)
                .header("Authorization", &format!("Bearer {token}")),
            None => builder.credentials(web_sys::RequestCredentials::Include),
        };
        if method != "GET" {
            // The contract's CSRF defence: a cross-site form cannot set this header.
            builder = builder.header("X-Profile-Viewer", "1");
        }
        let request = match json_body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;
        let response = request
            .send()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        let status = response.status();
        let retry_after = parse_retry_after(response.headers().get("retry-after").as_deref());
        let cached_at = response
            .headers()
            .get(CACHED_AT_HEADER)
            .and_then(|v| profile_model::web::cached_at(&v));
        let body = response
            .binary()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        if (200..300).contains(&status) {
            return Ok(Answer { body, cached_at });
        }
        let error = match error_from_status(status, &body) {
            ApiError::RateLimited { .. } => ApiError::RateLimited { retry_after },
            other => other,
        };
        if status == 401 {
            // Contract sec. 6: a 401 ends offline access to briefing bodies.
            if let Some(cache) = self.briefing_cache() {
                cache.clear();
            }
            if on_401 == On401::SignOut {
                self.auth.unauthorized(epoch);
            }
        }
        Err(error)
    }
}

/// This device's copy of a profile, as a stored-origin load; `None` when there is none or
/// it no longer parses.
fn stored_profile<P: Readable>(store: &OfflineStore, slug: &str) -> Option<Loaded<P>> {
    let (entry, text) = store.copy(slug)?;
    let profile = P::decode(text.as_bytes()).ok()?;
    store.touch(slug);
    Some(Loaded {
        origin: Origin::Stored {
            stored_at: entry.stored_at,
            revision: entry.revision,
        },
        profile,
        previous: Some(entry),
        kept: Ok(()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_map_to_errors() {
        assert_eq!(
            error_from_status(404, br#"{"error":"not_found"}"#),
            ApiError::NotFound
        );
        assert_eq!(error_from_status(404, b""), ApiError::NotFound);
        assert_eq!(
            error_from_status(401, br#"{"error":"login_required"}"#),
            ApiError::LoginRequired
        );
        assert_eq!(
            error_from_status(
                403,
                br#"{"error":"tier_required","tier":"leadership-alliance"}"#
            ),
            ApiError::TierRequired {
                tier: "leadership-alliance".into()
            }
        );
        assert_eq!(error_from_status(403, b"<html>"), ApiError::Http(403));
        assert_eq!(error_from_status(500, b"oops"), ApiError::Http(500));
    }

    /// Tests that may fail on their own setup say so with `?` rather than panicking midway.
    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn invalid_profile_names_the_field() -> TestResult {
        let bytes =
            include_bytes!("../../content/profiles/us-officials-telecom-cyber-espionage.json");
        let mut value: serde_json::Value = serde_json::from_slice(bytes)?;
        value["confidence"]["score"] = serde_json::json!(1.4);
        let err = decode_profile(&serde_json::to_vec(&value)?).unwrap_err();
        match &err {
            ApiError::InvalidData(text) => assert!(text.contains("confidence.score"), "{text}"),
            other => panic!("expected InvalidData, got {other:?}"),
        }
        assert!(err.is_retryable());
        assert!(err.detail().is_some());
        Ok(())
    }

    #[test]
    fn valid_profile_parses() -> TestResult {
        let bytes =
            include_bytes!("../../content/profiles/us-officials-telecom-cyber-espionage.json");
        let p = decode_profile(bytes)?;
        assert_eq!(p.slug, "us-officials-telecom-cyber-espionage");
        Ok(())
    }

    #[test]
    fn index_with_wrong_shape_is_invalid_data_and_bad_slugs_are_dropped() -> TestResult {
        assert!(matches!(
            decode_index(br#"{"not":"a list"}"#),
            Err(ApiError::InvalidData(_))
        ));
        let ok = decode_index(
            br#"[{"slug":"ok-1","name":"A","confidence":{"score":0.5},"updated_at":"2026-01-01T00:00:00Z","revision":1},
                 {"slug":"../etc","name":"B","confidence":{"score":0.5},"updated_at":"2026-01-01T00:00:00Z","revision":1}]"#,
        )?;
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].slug, "ok-1");
        Ok(())
    }

    #[test]
    fn segments_are_encoded_and_base_is_trimmed() {
        assert_eq!(encode_segment("a b/c?"), "a%20b%2Fc%3F");
        assert_eq!(
            encode_segment("deeper-profile_context.1~"),
            "deeper-profile_context.1~"
        );
        assert_eq!(
            ApiClient::new("https://x.example/api/").url("/site"),
            "https://x.example/api/site"
        );
        assert_eq!(ApiClient::default().url("/profiles"), "/api/profiles");
    }

    #[test]
    fn login_errors_map_and_read_as_the_dialog_needs() {
        assert_eq!(
            error_from_status(401, br#"{"error":"invalid_credentials"}"#),
            ApiError::InvalidCredentials
        );
        assert_eq!(
            ApiError::InvalidCredentials.message(),
            "E-mail or password is wrong"
        );
        assert_eq!(
            ApiError::RateLimited {
                retry_after: parse_retry_after(Some(" 42 "))
            }
            .message(),
            "Too many attempts, try again in 42 s"
        );
        assert_eq!(
            parse_retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            None
        );
        assert_eq!(parse_retry_after(None), None);
        assert!(matches!(
            error_from_status(429, b""),
            ApiError::RateLimited { .. }
        ));
    }

    #[test]
    fn a_401_signs_out_only_the_session_it_was_sent_under() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let client = ApiClient::default();
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = calls.clone();
        let auth = client.clone().auth().clone();
        client.auth().set_on_unauthorized(move |auth| {
            seen.fetch_add(1, Ordering::SeqCst);
            auth.begin_epoch(None);
        });
        let old = client.auth().epoch();
        let new = auth.begin_epoch(Some("t".into()));
        assert!(client.auth().has_bearer(), "clones share the session");
        assert!(!client.auth().unauthorized(old), "stale 401 is ignored");
        assert!(client.auth().unauthorized(new));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert!(!client.auth().has_bearer(), "signing out drops the token");
        assert!(
            !client.auth().unauthorized(new),
            "a second 401 of that session is stale"
        );
        assert_eq!(client, client.clone());
        assert_ne!(client, ApiClient::default());
        client.auth().begin_epoch(Some("secret-token".into()));
        assert!(!format!("{client:?}").contains("secret-token"));
    }

    #[test]
    fn messages_are_human() {
        assert!(ApiError::Network("TypeError".into())
            .message()
            .contains("cannot reach"));
        assert!(!ApiError::NotFound.is_retryable());
        assert!(ApiError::Http(502).message().contains("502"));
    }
}
