//! The events the element sends its host page: bubbling and composed (they leave the
//! shadow root), named `profile-viewer:*`, with a plain-object `detail`.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use crate::api::ApiError;

pub const READY: &str = "profile-viewer:ready";
pub const ERROR: &str = "profile-viewer:error";
// login-requested and join-requested come from the session store (src/session.rs).
pub const SESSION_CHANGED: &str = "profile-viewer:session-changed";

/// A `detail` value: strings and booleans only, so hosts can log or clone it.
pub enum Value<'a> {
    Str(&'a str),
    Bool(bool),
}

/// Dispatches `name` on the host element. Returns false when a listener called
/// `preventDefault()` (the events are cancelable).
pub fn dispatch(host: &HtmlElement, name: &str, detail: &[(&str, Value<'_>)]) -> bool {
    let object = Object::new();
    for (key, value) in detail {
        let value = match value {
            Value::Str(s) => JsValue::from_str(s),
            Value::Bool(b) => JsValue::from_bool(*b),
        };
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), &value);
    }
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_cancelable(true);
    init.set_detail(&object);
    match CustomEvent::new_with_event_init_dict(name, &init) {
        Ok(event) => host.dispatch_event(&event).unwrap_or(true),
        Err(_) => true,
    }
}

/// An element whose `api` is not the viewer's own asked to sign someone in (a host's
/// `setSession`, or "Log in" in cookie mode): nobody's token or password goes there. The
/// host's developer reads why in the console; the page hears an `error` event.
pub fn refuse_untrusted_api(host: &HtmlElement, api: &str) {
    let message = format!(
        "profile-viewer: api=\"{api}\" is not this viewer's own API, so no sign-in or member \
         token is sent to it. Remove the api attribute, or build the viewer with its origin in \
         PV_TRUSTED_API_ORIGINS."
    );
    leptos::logging::error!("{message}");
    dispatch(
        host,
        ERROR,
        &[
            ("error", Value::Str(UNTRUSTED_API)),
            ("message", Value::Str(&message)),
        ],
    );
}

/// `detail.error` when an element refuses to sign in against another API.
pub const UNTRUSTED_API: &str = "untrusted_api";

/// A stable, machine-readable code for `profile-viewer:error`'s `detail.error`.
pub fn error_code(error: &ApiError) -> &'static str {
    match error {
        ApiError::NotFound => "not_found",
        ApiError::LoginRequired => "login_required",
        ApiError::TierRequired { .. } => "tier_required",
        ApiError::Network(_) => "network",
        ApiError::InvalidData(_) => "invalid_data",
        ApiError::Http(_) => "http",
        ApiError::InvalidCredentials => "invalid_credentials",
        ApiError::RateLimited { .. } => "rate_limited",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_stable() {
        assert_eq!(error_code(&ApiError::NotFound), "not_found");
        assert_eq!(error_code(&ApiError::Network("x".into())), "network");
        assert_eq!(
            error_code(&ApiError::InvalidData("x".into())),
            "invalid_data"
        );
        assert_eq!(error_code(&ApiError::Http(502)), "http");
    }
}
