//! Member tokens (contract section 7): short-lived JWTs that a publisher's own backend signs
//! for a reader it has signed in, so its members need no account here. The verifying side
//! ([`Verifier`]) backs `--member-token-secret` / `--member-token-public-key`; the signing
//! side ([`Signer`]) backs `profile-server member-token` and the demo publisher in
//! [`crate::site`]. All cryptography is the `jsonwebtoken` crate's.
//!
//! Every refusal is the same `None`: the API answers it exactly like a missing token, so a
//! caller learns nothing about which rule failed.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use profile_model::{Member, SiteConfig};
use serde::{Deserialize, Serialize};

/// The `aud` every member token must name.
pub const AUDIENCE: &str = "profile-viewer";
/// The longest lifetime (`exp - iat`) accepted and issued, in seconds.
pub const MAX_LIFETIME_SECS: u64 = 3600;
/// Clock difference tolerated between the publisher's backend and this server, in seconds.
pub const LEEWAY_SECS: u64 = 60;
/// The shortest HS256 secret accepted, in bytes (RFC 7518 3.2: at least the hash's size).
pub const MIN_SECRET_BYTES: usize = 32;

/// The claims of a member token as this server issues them (see the contract's table).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub tier: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub iat: u64,
    pub exp: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<u64>,
}

/// What verification reads besides the checks `jsonwebtoken` makes (signature, `alg`,
/// `iss`, `aud`, `exp`, `nbf`). A claim of the wrong type fails deserialisation.
#[derive(Deserialize)]
struct Checked {
    sub: String,
    tier: String,
    #[serde(default)]
    name: Option<String>,
    iat: u64,
    exp: u64,
}

/// Seconds since the Unix epoch (0 for a clock before 1970, which then refuses every token).
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn hs256_secret(secret: &[u8]) -> Result<&[u8], String> {
    if secret.len() < MIN_SECRET_BYTES {
        return Err(format!(
            "an HS256 secret needs at least {MIN_SECRET_BYTES} bytes (this one has {})",
            secret.len()
        ));
    }
    Ok(secret)
}

/// Checks member tokens against one configured key: the key decides the one algorithm
/// accepted, so `none`, another algorithm or an HS256 token made with a public key as its
/// secret are refused before any signature is checked.
pub struct Verifier {
    key: DecodingKey,
    validation: Validation,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the key.
        f.debug_struct("Verifier")
            .field("algorithms", &self.validation.algorithms)
            .field("issuer", &self.validation.iss)
            .finish()
    }
}

impl Verifier {
    /// HS256 with a shared secret: the file's bytes, exactly.
    pub fn hs256(secret: &[u8], issuer: &str) -> Result<Verifier, String> {
        let key = DecodingKey::from_secret(hs256_secret(secret)?).map_err(|e| e.to_string())?;
        Verifier::new(key, Algorithm::HS256, issuer)
    }

    /// EdDSA with an Ed25519 public key in PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn ed25519_pem(pem: &[u8], issuer: &str) -> Result<Verifier, String> {
        let key = DecodingKey::from_ed_pem(pem)
            .map_err(|e| format!("not an Ed25519 public key in PEM: {e}"))?;
        Verifier::new(key, Algorithm::EdDSA, issuer)
    }

    fn new(key: DecodingKey, algorithm: Algorithm, issuer: &str) -> Result<Verifier, String> {
        let issuer = issuer.trim();
        if issuer.is_empty() {
            return Err("the member-token issuer must not be empty".into());
        }
        let mut validation = Validation::new(algorithm);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECS;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        Ok(Verifier { key, validation })
    }

    /// The member a token speaks for, or `None` when it breaks any rule: signature, `alg`,
    /// `iss`, `aud`, `exp`/`nbf` (with the leeway), `iat` in the future, a lifetime over an
    /// hour, an empty `sub`, or a `tier` that is not in `site`.
    pub fn verify(&self, token: &str, site: &SiteConfig) -> Option<Member> {
        let data = jsonwebtoken::decode::<Checked>(token, &self.key, &self.validation).ok()?;
        let c = data.claims;
        let now = now_secs();
        let lifetime_ok = c.exp >= c.iat && c.exp - c.iat <= MAX_LIFETIME_SECS;
        // A future `iat` would stretch the lifetime rule past an hour from now.
        let issued_ok = c.iat <= now.saturating_add(LEEWAY_SECS);
        let sub = c.sub.trim();
        if !lifetime_ok || !issued_ok || sub.is_empty() || site.tier(&c.tier).is_none() {
            return None;
        }
        let name = c
            .name
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| sub.to_string());
        Some(Member {
            name,
            email: String::new(),
            tier: c.tier,
        })
    }
}

/// Whether a bearer value has a JWT's shape (three dot-separated parts); a session id
/// (hex) never has.
pub fn looks_like_jwt(token: &str) -> bool {
    token.split('.').count() == 3
}

/// Signs member tokens: the publisher's side, for `profile-server member-token` and the demo
/// publisher. A real publisher does this in its own backend with its own JWT library.
pub struct Signer {
    key: EncodingKey,
    algorithm: Algorithm,
    issuer: String,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("algorithm", &self.algorithm)
            .field("issuer", &self.issuer)
            .finish()
    }
}

/// Who a token is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    /// The publisher's member id.
    pub sub: String,
    pub tier: String,
    pub name: Option<String>,
}

impl Signer {
    pub fn hs256(secret: &[u8], issuer: &str) -> Result<Signer, String> {
        let key = EncodingKey::from_secret(hs256_secret(secret)?).map_err(|e| e.to_string())?;
        Signer::new(key, Algorithm::HS256, issuer)
    }

    /// EdDSA with an Ed25519 private key in PEM (`-----BEGIN PRIVATE KEY-----`).
    pub fn ed25519_pem(pem: &[u8], issuer: &str) -> Result<Signer, String> {
        let key = EncodingKey::from_ed_pem(pem)
            .map_err(|e| format!("not an Ed25519 private key in PEM: {e}"))?;
        Signer::new(key, Algorithm::EdDSA, issuer)
    }

    fn new(key: EncodingKey, algorithm: Algorithm, issuer: &str) -> Result<Signer, String> {
        let issuer = issuer.trim();
        if issuer.is_empty() {
            return Err("the issuer must not be empty".into());
        }
        Ok(Signer {
            key,
            algorithm,
            issuer: issuer.to_string(),
        })
    }

    /// The claims of a token for `subject` issued at `iat`, living `ttl` (1 s to 1 h).
    pub fn claims(&self, subject: &Subject, iat: u64, ttl: Duration) -> Result<Claims, String> {
        let secs = ttl.as_secs();
        if secs == 0 || secs > MAX_LIFETIME_SECS {
            return Err(format!(
                "the lifetime must be between 1 s and {MAX_LIFETIME_SECS} s"
            ));
        }
        if subject.sub.trim().is_empty() || subject.tier.trim().is_empty() {
            return Err("a member token needs a sub and a tier".into());
        }
        Ok(Claims {
            iss: self.issuer.clone(),
            aud: AUDIENCE.into(),
            sub: subject.sub.trim().to_string(),
            tier: subject.tier.trim().to_string(),
            name: subject.name.clone().filter(|n| !n.trim().is_empty()),
            iat,
            exp: iat + secs,
            nbf: None,
        })
    }

    /// Signs any claims with this key (tests use it for tokens that break a rule).
    pub fn sign_claims<T: Serialize>(&self, claims: &T) -> Result<String, String> {
        jsonwebtoken::encode(&Header::new(self.algorithm), claims, &self.key)
            .map_err(|e| e.to_string())
    }

    /// A token for `subject`, valid from now for `ttl`.
    pub fn sign(&self, subject: &Subject, ttl: Duration) -> Result<String, String> {
        self.sign_claims(&self.claims(subject, now_secs(), ttl)?)
    }
}

/// A lifetime such as `90s`, `15m`, `1h` or `600` (seconds).
pub fn parse_ttl(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (digits, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => s.split_at(i),
        None => (s, "s"),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("\"{s}\" is not a lifetime like 90s, 15m or 1h"))?;
    let secs = match unit {
        "s" => Some(n),
        "m" => n.checked_mul(60),
        "h" => n.checked_mul(3600),
        _ => None,
    }
    .ok_or_else(|| format!("\"{s}\" is not a lifetime like 90s, 15m or 1h"))?;
    if secs == 0 || secs > MAX_LIFETIME_SECS {
        return Err(format!(
            "{s}: a member token lives between 1 s and 1 h (the server refuses longer ones)"
        ));
    }
    Ok(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn site() -> SiteConfig {
        serde_json::from_str(
            r#"{"publisher":{"name":"P"},"tiers":[{"id":"circle","name":"C","rank":1}]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn subject(tier: &str) -> Subject {
        Subject {
            sub: "m-1".into(),
            tier: tier.into(),
            name: None,
        }
    }

    #[test]
    fn ttls_parse_with_units_and_stay_within_an_hour() {
        assert_eq!(parse_ttl("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_ttl("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_ttl("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_ttl(" 600 "), Ok(Duration::from_secs(600)));
        for bad in ["", "0", "61m", "2h", "5d", "m", "1.5h", "-5s"] {
            assert!(parse_ttl(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn short_secrets_and_empty_issuers_are_refused() {
        assert!(Verifier::hs256(&SECRET[..31], "iss").is_err());
        assert!(Signer::hs256(&SECRET[..31], "iss").is_err());
        assert!(Verifier::hs256(SECRET, " ").is_err());
        assert!(Verifier::ed25519_pem(SECRET, "iss").is_err());
    }

    #[test]
    fn a_signed_token_round_trips_and_its_name_falls_back_to_sub() -> Result<(), String> {
        let signer = Signer::hs256(SECRET, "https://pub.example")?;
        let verifier = Verifier::hs256(SECRET, "https://pub.example")?;
        let token = signer.sign(&subject("circle"), Duration::from_secs(60))?;
        assert!(looks_like_jwt(&token));
        let member = verifier.verify(&token, &site());
        assert_eq!(
            member,
            Some(Member {
                name: "m-1".into(),
                email: String::new(),
                tier: "circle".into()
            })
        );
        let named = Subject {
            name: Some("Ada".into()),
            ..subject("circle")
        };
        let token = signer.sign(&named, Duration::from_secs(60))?;
        assert_eq!(
            verifier.verify(&token, &site()).map(|m| m.name),
            Some("Ada".into())
        );
        Ok(())
    }

    #[test]
    fn lifetime_issue_time_and_tier_rules_refuse() -> Result<(), String> {
        let signer = Signer::hs256(SECRET, "iss")?;
        let verifier = Verifier::hs256(SECRET, "iss")?;
        let now = now_secs();
        let ok = signer.claims(&subject("circle"), now, Duration::from_secs(600))?;
        assert!(verifier
            .verify(&signer.sign_claims(&ok)?, &site())
            .is_some());
        let too_long = Claims {
            exp: now + MAX_LIFETIME_SECS + 1,
            ..ok.clone()
        };
        let future_iat = Claims {
            iat: now + 3 * 3600,
            exp: now + 3 * 3600 + 60,
            ..ok.clone()
        };
        let backwards = Claims {
            iat: now + 10,
            exp: now + 5,
            ..ok.clone()
        };
        let unknown_tier = Claims {
            tier: "gold".into(),
            ..ok.clone()
        };
        let blank_sub = Claims {
            sub: " ".into(),
            ..ok.clone()
        };
        for (what, claims) in [
            ("over an hour", too_long),
            ("issued in the future", future_iat),
            ("exp before iat", backwards),
            ("unknown tier", unknown_tier),
            ("blank sub", blank_sub),
        ] {
            assert_eq!(
                verifier.verify(&signer.sign_claims(&claims)?, &site()),
                None,
                "{what}"
            );
        }
        assert!(signer
            .claims(&subject("circle"), now, Duration::from_secs(3601))
            .is_err());
        assert!(signer
            .claims(&subject(" "), now, Duration::from_secs(60))
            .is_err());
        Ok(())
    }

    #[test]
    fn debug_output_holds_no_key() -> Result<(), String> {
        let text = format!(
            "{:?} {:?}",
            Verifier::hs256(SECRET, "iss")?,
            Signer::hs256(SECRET, "iss")?
        );
        assert!(!text.contains("0123456789abcdef"), "{text}");
        assert!(!looks_like_jwt("0a1b2c"));
        Ok(())
    }
}
