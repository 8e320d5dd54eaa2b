//! Passwords (argon2), the members file, entitlement, session cookies and the login rate
//! limit. Members and sessions themselves live in [`crate::store`].

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::http::{header, HeaderMap, HeaderValue};
use profile_model::{Issue, Severity, SiteConfig};
use serde::Deserialize;
use sha2::Digest;

use crate::store::{LoginRecord, NewMember};

/// The session cookie's name with `--insecure-cookies` (plain-http development).
pub const COOKIE: &str = "pv_session";

/// The session cookie's name. Over https at the root it is `__Host-pv_session`: browsers
/// take it only with `Secure`, `Path=/` and no `Domain`, so a sibling subdomain cannot set
/// one. Under a base path (`Path=/viewer/`) `__Host-` is not allowed; `__Secure-` is the
/// most a browser enforces there.
pub fn cookie_name(insecure: bool, base_path: &str) -> &'static str {
    match (insecure, base_path.is_empty()) {
        (true, _) => COOKIE,
        (false, true) => "__Host-pv_session",
        (false, false) => "__Secure-pv_session",
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not take the login system down with it.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// An argon2id PHC string with the crate's default (OWASP-recommended) parameters.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

fn verify_password(phc: &str, password: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash of a random password with the same parameters as `like`, so that checking an
/// unknown e-mail costs as much time as checking a known one.
pub fn dummy_hash(like: Option<&str>) -> String {
    let password: String = rand::random::<[u8; 16]>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let same_params = like.and_then(|phc| {
        let parsed = PasswordHash::new(phc).ok()?;
        let params = Params::try_from(&parsed).ok()?;
        let algorithm = Algorithm::try_from(parsed.algorithm).ok()?;
        let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>()).ok()?;
        let argon = Argon2::new(algorithm, Version::V0x13, params);
        argon
            .hash_password(password.as_bytes(), &salt)
            .ok()
            .map(|h| h.to_string())
    });
    same_params
        .or_else(|| hash_password(&password).ok())
        .unwrap_or_default()
}

#[derive(Deserialize)]
struct MemberEntry {
    email: String,
    name: String,
    tier: String,
    password_hash: String,
}

/// What an in-memory session (the `--site` demo publisher's) was granted for. The
/// server's own sessions live in the database ([`crate::store`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// Lower case, as members are keyed.
    pub email: String,
    pub tier: String,
    /// SHA-256 of the password hash: changes with every new password (new salt).
    pub credential: [u8; 32],
}

impl Grant {
    pub fn of(record: &LoginRecord) -> Grant {
        Grant {
            email: crate::store::email_key(&record.member.email),
            tier: record.member.tier.clone(),
            credential: sha2::Sha256::digest(record.password_hash.as_bytes()).into(),
        }
    }
}

/// The members file, `[{email, name, tier, password_hash}]`, keyed by lower-case e-mail:
/// the sample's seed and the `members import` format.
#[derive(Default)]
pub struct Members {
    by_email: BTreeMap<String, NewMember>,
}

impl Members {
    /// Invalid entries are reported and skipped; a file that is not a list gives no members.
    pub fn parse(bytes: &[u8], site: &SiteConfig) -> (Members, Vec<Issue>) {
        let err = |path: String, message: String| Issue {
            severity: Severity::Error,
            path,
            message,
        };
        let entries: Vec<MemberEntry> = match serde_json::from_slice(bytes) {
            Ok(entries) => entries,
            Err(e) => return (Members::default(), vec![err(String::new(), e.to_string())]),
        };
        let mut issues = Vec::new();
        let mut by_email = BTreeMap::new();
        for (i, e) in entries.into_iter().enumerate() {
            let key = crate::store::email_key(&e.email);
            let problem = if key.is_empty() {
                Some(("email", "must not be empty".to_string()))
            } else if by_email.contains_key(&key) {
                Some(("email", format!("duplicate member \"{key}\"")))
            } else if site.tier(&e.tier).is_none() {
                Some(("tier", format!("\"{}\" is not a tier in site.json", e.tier)))
            } else if let Err(x) = PasswordHash::new(&e.password_hash) {
                Some(("password_hash", format!("not a PHC string: {x}")))
            } else {
                None
            };
            if let Some((field, message)) = problem {
                issues.push(err(format!("[{i}].{field}"), message));
                continue;
            }
            by_email.insert(
                key.clone(),
                NewMember {
                    email: key,
                    name: e.name,
                    tier: e.tier,
                    password_hash: e.password_hash,
                },
            );
        }
        (Members { by_email }, issues)
    }

    pub fn get(&self, email: &str) -> Option<&NewMember> {
        self.by_email.get(&crate::store::email_key(email))
    }

    /// The valid entries, by e-mail.
    pub fn entries(&self) -> impl Iterator<Item = &NewMember> {
        self.by_email.values()
    }

    pub fn is_empty(&self) -> bool {
        self.by_email.is_empty()
    }
}

/// Checks a login. Slow on purpose (argon2): call it from a blocking task. An unknown
/// e-mail (`record` is `None`) still runs one verification against `dummy`, so both
/// failures take about the same time.
pub fn check_login(
    record: Option<LoginRecord>,
    dummy: &str,
    password: &str,
) -> Option<LoginRecord> {
    match record {
        Some(r) if verify_password(&r.password_hash, password) => Some(r),
        Some(_) => None,
        None => {
            let _ = verify_password(dummy, password);
            None
        }
    }
}

/// Whether the site's tiers let `member_tier` read `briefing_tier` ([`profile_model::entitled`]).
pub fn entitled(site: &SiteConfig, member_tier: &str, briefing_tier: &str) -> bool {
    profile_model::entitled(&site.tiers, member_tier, briefing_tier)
}

struct Session {
    grant: Grant,
    expires: Instant,
}

/// In-memory sessions, for the `--site` demo publisher (a backend of its own).
pub struct Sessions {
    ttl: Duration,
    per_member: usize,
    map: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    pub fn new(ttl: Duration) -> Sessions {
        Sessions::with_cap(ttl, usize::MAX)
    }

    /// At most `per_member` live sessions per member: a new one ends the oldest.
    pub fn with_cap(ttl: Duration, per_member: usize) -> Sessions {
        Sessions {
            ttl,
            per_member: per_member.max(1),
            map: Mutex::new(HashMap::new()),
        }
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// A new session: 256 random bits, hex encoded.
    pub fn create(&self, grant: Grant) -> String {
        let id: String = rand::random::<[u8; 32]>()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let now = Instant::now();
        let mut map = lock(&self.map);
        let mut mine: Vec<(Instant, String)> = map
            .iter()
            .filter(|(_, s)| s.grant.email == grant.email && s.expires > now)
            .map(|(id, s)| (s.expires, id.clone()))
            .collect();
        if mine.len() >= self.per_member {
            mine.sort();
            for (_, old) in mine.iter().take(mine.len() + 1 - self.per_member) {
                map.remove(old);
            }
        }
        map.insert(
            id.clone(),
            Session {
                grant,
                expires: now + self.ttl,
            },
        );
        id
    }

    /// What a live session was granted for.
    pub fn lookup(&self, id: &str) -> Option<Grant> {
        let mut map = lock(&self.map);
        match map.get(id) {
            Some(s) if s.expires > Instant::now() => Some(s.grant.clone()),
            Some(_) => {
                map.remove(id);
                None
            }
            None => None,
        }
    }

    pub fn revoke(&self, id: &str) {
        lock(&self.map).remove(id);
    }

    /// Ends expired sessions, and those `still_valid` refuses (a member removed, or with
    /// another tier or password, after a reload).
    pub fn sweep(&self, still_valid: impl Fn(&Grant) -> bool) {
        let now = Instant::now();
        lock(&self.map).retain(|_, s| s.expires > now && still_valid(&s.grant));
    }

    /// Sessions held, expired ones not yet swept included.
    pub fn len(&self) -> usize {
        lock(&self.map).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A request that carries the session cookie more than once (a sibling subdomain or path
/// may have planted one): it is refused rather than guessed at.
#[derive(Debug, PartialEq, Eq)]
pub struct DuplicateCookie;

/// The session id a request carries: `Authorization: Bearer <id>` (host-auth mode) first,
/// else the session cookie `name` (one request with two is refused before this, by
/// [`crate::security::guard`]).
pub fn session_id(headers: &HeaderMap, name: &str) -> Option<String> {
    bearer(headers).or_else(|| cookie_session(headers, name).ok().flatten())
}

pub fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// The session cookie `name`, `Err` when the request carries it more than once.
pub fn cookie_session(headers: &HeaderMap, name: &str) -> Result<Option<String>, DuplicateCookie> {
    let mut values = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(n, _)| *n == name)
        .map(|(_, value)| value.trim().to_string());
    let first = values.next();
    if values.next().is_some() {
        return Err(DuplicateCookie);
    }
    Ok(first.filter(|v| !v.is_empty()))
}

/// `Set-Cookie` for a session under `base_path` (`""` or e.g. `/viewer`); `max_age` 0
/// clears it. `Secure` and the `__Host-`/`__Secure-` name unless `insecure`.
pub fn cookie(id: &str, max_age: Duration, insecure: bool, base_path: &str) -> HeaderValue {
    let name = cookie_name(insecure, base_path);
    let secure = if insecure { "" } else { "; Secure" };
    let value = format!(
        "{name}={id}; Path={base_path}/; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
        max_age.as_secs()
    );
    // The id is hex, so the value is always a valid header.
    HeaderValue::from_str(&value)
        .unwrap_or_else(|_| HeaderValue::from_static("pv_session=; Path=/; Max-Age=0"))
}

#[derive(Clone, Copy)]
struct Window {
    start: Instant,
    failures: u32,
}

/// Keys each limiter map holds at most; beyond it the oldest windows are forgotten.
pub const LIMITER_KEYS: usize = 100_000;

/// Login failures per account, per client address (see [`crate::net::limiter_key`]) and in
/// total, in fixed windows. Over a limit, every login for that account or address (or, over
/// the global budget, every login) is refused, even a correct one, until the window ends.
pub struct RateLimiter {
    per_account: u32,
    per_ip: u32,
    global_limit: u32,
    window: Duration,
    capacity: usize,
    accounts: Mutex<HashMap<String, Window>>,
    ips: Mutex<HashMap<IpAddr, Window>>,
    global: Mutex<Option<Window>>,
}

impl RateLimiter {
    pub fn new(per_account: u32, per_ip: u32, window: Duration) -> RateLimiter {
        RateLimiter::bounded(per_account, per_ip, u32::MAX, window, LIMITER_KEYS)
    }

    /// With a global failure budget per window and at most `capacity` keys per map.
    pub fn bounded(
        per_account: u32,
        per_ip: u32,
        global_limit: u32,
        window: Duration,
        capacity: usize,
    ) -> RateLimiter {
        RateLimiter {
            per_account,
            per_ip,
            global_limit,
            window,
            capacity: capacity.max(1),
            accounts: Mutex::default(),
            ips: Mutex::default(),
            global: Mutex::default(),
        }
    }

    /// Starts a login attempt: `Err(retry_after)` while the account, the address or the
    /// global budget is over its limit; otherwise the attempt is counted as a failure at
    /// once (so parallel attempts cannot slip past the limit) until
    /// [`RateLimiter::succeeded`] takes it back.
    pub fn attempt(&self, ip: IpAddr, account: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let account = account.trim().to_lowercase();
        let mut accounts = lock(&self.accounts);
        let mut ips = lock(&self.ips);
        let mut global = lock(&self.global);
        let a = blocked(accounts.get(&account), self.per_account, self.window, now);
        let i = blocked(ips.get(&ip), self.per_ip, self.window, now);
        let g = blocked(global.as_ref(), self.global_limit, self.window, now);
        if let Some(wait) = a.max(i).max(g) {
            return Err(wait);
        }
        count(&mut accounts, account, self.window, self.capacity, now);
        count(&mut ips, ip, self.window, self.capacity, now);
        let g = global.get_or_insert(Window {
            start: now,
            failures: 0,
        });
        if g.start + self.window <= now {
            *g = Window {
                start: now,
                failures: 0,
            };
        }
        g.failures += 1;
        Ok(())
    }

    /// The attempt was a correct login: the account starts afresh, the address and the
    /// global budget get it back.
    pub fn succeeded(&self, ip: IpAddr, account: &str) {
        lock(&self.accounts).remove(&account.trim().to_lowercase());
        if let Some(w) = lock(&self.ips).get_mut(&ip) {
            w.failures = w.failures.saturating_sub(1);
        }
        if let Some(g) = lock(&self.global).as_mut() {
            g.failures = g.failures.saturating_sub(1);
        }
    }

    /// Forgets finished windows (the server calls it every minute).
    pub fn sweep(&self) {
        let now = Instant::now();
        let live = |w: &mut Window| w.start + self.window > now;
        lock(&self.accounts).retain(|_, w| live(w));
        lock(&self.ips).retain(|_, w| live(w));
    }

    /// Keys held: (accounts, addresses).
    pub fn tracked(&self) -> (usize, usize) {
        (lock(&self.accounts).len(), lock(&self.ips).len())
    }
}

fn blocked(w: Option<&Window>, limit: u32, window: Duration, now: Instant) -> Option<Duration> {
    let w = w?;
    let end = w.start + window;
    (w.failures >= limit && end > now).then(|| end - now)
}

fn count<K: std::hash::Hash + Eq + Clone>(
    map: &mut HashMap<K, Window>,
    key: K,
    window: Duration,
    capacity: usize,
    now: Instant,
) {
    if !map.contains_key(&key) && map.len() >= capacity {
        // Bounded memory under a spray of addresses or e-mails: forget finished windows,
        // and if that is not enough, the oldest one.
        map.retain(|_, w| w.start + window > now);
        if map.len() >= capacity {
            let oldest = map
                .iter()
                .min_by_key(|(_, w)| w.start)
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                map.remove(&k);
            }
        }
    }
    let w = map.entry(key).or_insert(Window {
        start: now,
        failures: 0,
    });
    if w.start + window <= now {
        *w = Window {
            start: now,
            failures: 0,
        };
    }
    w.failures += 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_trips_at_the_limit_and_recovers_after_the_window() {
        let l = RateLimiter::new(2, 100, Duration::from_millis(200));
        let ip: IpAddr = [127, 0, 0, 1].into();
        assert!(l.attempt(ip, "a@x").is_ok());
        assert!(l.attempt(ip, "A@X").is_ok());
        assert!(l.attempt(ip, "a@x").is_err());
        assert!(
            l.attempt(ip, "b@x").is_ok(),
            "other accounts are not affected"
        );
        l.succeeded(ip, "b@x");
        std::thread::sleep(Duration::from_millis(250));
        assert!(l.attempt(ip, "a@x").is_ok());
        l.succeeded(ip, "a@x");
        assert!(l.attempt(ip, "a@x").is_ok());
        assert!(l.attempt(ip, "a@x").is_ok(), "a success resets the account");
    }

    #[test]
    fn limiter_maps_stay_bounded_and_the_global_budget_holds() {
        let l = RateLimiter::bounded(5, 5, 1000, Duration::from_secs(60), 3);
        for n in 0..50u8 {
            assert!(l.attempt([10, 0, 0, n].into(), &format!("{n}@x")).is_ok());
        }
        assert_eq!(l.tracked(), (3, 3));
        let g = RateLimiter::bounded(100, 100, 3, Duration::from_millis(200), 100);
        for n in 0..3u8 {
            assert!(g.attempt([10, 0, 0, n].into(), &format!("{n}@x")).is_ok());
        }
        assert!(g.attempt([10, 0, 1, 1].into(), "fresh@x").is_err());
        g.succeeded([10, 0, 0, 0].into(), "0@x");
        assert!(g.attempt([10, 0, 1, 1].into(), "fresh@x").is_ok());
        assert!(g.attempt([10, 0, 1, 2].into(), "other@x").is_err());
        std::thread::sleep(Duration::from_millis(250));
        assert!(g.attempt([10, 0, 1, 2].into(), "other@x").is_ok());
        g.sweep();
        assert_eq!(g.tracked(), (1, 1), "finished windows are swept");
    }

    #[test]
    fn unknown_emails_are_checked_against_a_hash_with_the_members_parameters(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let argon = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(64, 1, 1, None)?,
        );
        let salt = SaltString::encode_b64(b"0123456789abcdef")?;
        let phc = argon.hash_password(b"pw", &salt)?.to_string();
        let site: SiteConfig = serde_json::from_str(
            r#"{"publisher":{"name":"P"},"tiers":[{"id":"t","name":"T","rank":1}]}"#,
        )?;
        let file =
            serde_json::json!([{"email": "a@x", "name": "A", "tier": "t", "password_hash": phc}]);
        let (members, issues) = Members::parse(file.to_string().as_bytes(), &site);
        assert!(issues.is_empty(), "{issues:?}");
        let dummy_phc = dummy_hash(Some(&phc));
        let dummy = PasswordHash::new(&dummy_phc)?;
        let real = PasswordHash::new(&phc)?;
        assert_eq!(Params::try_from(&dummy)?, Params::try_from(&real)?);
        assert_eq!(dummy.algorithm, real.algorithm);
        let record = |e: &str| {
            members.get(e).map(|m| LoginRecord {
                member: profile_model::Member {
                    email: m.email.clone(),
                    name: m.name.clone(),
                    tier: m.tier.clone(),
                },
                password_hash: m.password_hash.clone(),
            })
        };
        assert!(check_login(record("A@X"), &dummy_phc, "pw").is_some());
        assert!(check_login(record("a@x"), &dummy_phc, "nope").is_none());
        assert!(check_login(record("b@x"), &dummy_phc, "pw").is_none());
        Ok(())
    }

    #[test]
    fn session_id_prefers_bearer_and_reads_cookies() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; pv_session=abc; b=2"),
        );
        assert_eq!(session_id(&h, COOKIE).as_deref(), Some("abc"));
        assert_eq!(session_id(&h, "__Host-pv_session"), None);
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer xyz"),
        );
        assert_eq!(session_id(&h, COOKIE).as_deref(), Some("xyz"));
    }

    #[test]
    fn two_session_cookies_are_a_duplicate_in_one_header_or_two() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("pv_session=a; x=1; pv_session=a"),
        );
        assert_eq!(cookie_session(&h, COOKIE), Err(DuplicateCookie));
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, HeaderValue::from_static("pv_session=a"));
        h.append(header::COOKIE, HeaderValue::from_static("pv_session=b"));
        assert_eq!(cookie_session(&h, COOKIE), Err(DuplicateCookie));
        // Another name is not the session cookie.
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("pv_session=a; __Host-pv_session=b"),
        );
        assert_eq!(
            cookie_session(&h, "__Host-pv_session"),
            Ok(Some("b".into()))
        );
    }
}
