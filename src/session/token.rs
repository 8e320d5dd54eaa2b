//! A host's member token read as far as the viewer needs: when it expires. The payload of a
//! JWT is decoded without verifying it; the viewer only uses `exp` to ask the host for a
//! fresh token in time, and the server checks every token itself.

use std::time::Duration;

/// The longest wait a browser timer takes (2^31 - 1 ms, about 24.8 days).
const MAX_TIMER_MS: f64 = 2_147_483_647.0;

/// The unpadded base64url text of a JWT part as bytes (RFC 4648 section 5); `None` for any
/// other character or an impossible length.
fn base64url(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // One leftover character (6 bits) cannot end a byte sequence.
    (bits < 6).then_some(out)
}

#[derive(serde::Deserialize)]
struct Payload {
    exp: Option<f64>,
}

/// The `exp` claim of a JWT (seconds since the epoch), or `None` when the token is not a
/// JWT or names no expiry (e.g. the reference server's opaque session ids).
pub fn expiry(token: &str) -> Option<f64> {
    let mut parts = token.split('.');
    let (_header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let payload: Payload = serde_json::from_slice(&base64url(payload)?).ok()?;
    payload.exp.filter(|e| e.is_finite())
}

/// How long until the token expires, seen from `now_ms` (ms since the epoch); `None` when it
/// names no expiry, has already expired by this clock (the server's 401 then speaks, so a
/// skewed reader clock cannot make the viewer ask over and over) or lies beyond what a timer
/// can wait.
pub fn time_left(token: &str, now_ms: f64) -> Option<Duration> {
    let left = expiry(token)? * 1000.0 - now_ms;
    (left > 0.0 && left <= MAX_TIMER_MS).then(|| Duration::from_millis(left as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    // {"alg":"HS256","typ":"JWT"} . {"sub":"r-1","tier":"strategy-circle","exp":1767225600} . sig
    const TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.\
        eyJzdWIiOiJyLTEiLCJ0aWVyIjoic3RyYXRlZ3ktY2lyY2xlIiwiZXhwIjoxNzY3MjI1NjAwfQ.\
        c2lnbmF0dXJl";

    #[test]
    fn base64url_decodes_every_length_and_refuses_other_alphabets() {
        assert_eq!(base64url(""), Some(vec![]));
        assert_eq!(base64url("Zg"), Some(b"f".to_vec()));
        assert_eq!(base64url("Zm8"), Some(b"fo".to_vec()));
        assert_eq!(base64url("Zm9v"), Some(b"foo".to_vec()));
        assert_eq!(base64url("-_8"), Some(vec![0xfb, 0xff]));
        assert_eq!(base64url("Zm9vY"), None, "a lone 6-bit tail");
        assert_eq!(
            base64url("Zm9v+/=="),
            None,
            "standard base64 is not base64url"
        );
    }

    #[test]
    fn the_expiry_is_read_from_the_payload() {
        assert_eq!(expiry(TOKEN), Some(1_767_225_600.0));
        // Opaque tokens, other shapes and payloads without a numeric exp name no expiry.
        assert_eq!(expiry("0123abcd"), None);
        assert_eq!(expiry("a.b"), None);
        assert_eq!(expiry(&format!("{TOKEN}.extra")), None);
        assert_eq!(expiry("e30.e30.x"), None, "an empty payload has no exp");
        // {"exp":"soon"}
        assert_eq!(expiry("e30.eyJleHAiOiJzb29uIn0.x"), None);
        assert_eq!(expiry("e30.!!!.x"), None);
    }

    #[test]
    fn time_left_counts_down_to_exp_and_stops_at_it() {
        let exp_ms = 1_767_225_600_000.0;
        assert_eq!(
            time_left(TOKEN, exp_ms - 90_000.0),
            Some(Duration::from_secs(90))
        );
        assert_eq!(
            time_left(TOKEN, exp_ms),
            None,
            "expired: the server decides"
        );
        assert_eq!(time_left(TOKEN, exp_ms + 5_000.0), None);
        assert_eq!(time_left(TOKEN, 0.0), None, "beyond a timer's reach");
        assert_eq!(time_left("opaque-session-id", 0.0), None);
    }
}
