//! Members and sessions in a database: a SQLite file by default, PostgreSQL when several
//! instances share them. Every SQL statement of the server is in this file, written once
//! for both (sqlx's `Any` driver, `$n` parameters, portable types); handlers see members
//! and session ids only.

use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use profile_model::Member;
use sha2::{Digest, Sha256};
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Row};

/// The schema's history (`migrations/`), applied in order at every start.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The default `--database`: a SQLite file beside the working directory's content.
pub const DEFAULT_DATABASE: &str = "data/profile-server.db";

pub type Error = sqlx::Error;

/// Where members and sessions live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file, created (with its folder) when missing.
    Sqlite(PathBuf),
    /// A `postgres://` or `postgresql://` URL.
    Postgres(String),
}

impl Database {
    /// `postgres://…`, `sqlite:PATH` or a plain file path (SQLite).
    pub fn parse(s: &str) -> Result<Database, String> {
        let s = s.trim();
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return Ok(Database::Postgres(s.to_string()));
        }
        let path = s
            .strip_prefix("sqlite://")
            .or_else(|| s.strip_prefix("sqlite:"))
            .unwrap_or(s);
        if path.is_empty() || path.contains("://") || path.contains('?') {
            return Err(format!(
                "\"{s}\" is neither a postgres:// URL nor a SQLite file path"
            ));
        }
        Ok(Database::Sqlite(PathBuf::from(path)))
    }

    fn url(&self) -> String {
        match self {
            // mode=rwc: create the file when missing.
            Database::Sqlite(path) => format!("sqlite://{}?mode=rwc", path.display()),
            Database::Postgres(url) => url.clone(),
        }
    }

    /// For logs: the file, or the PostgreSQL host and database without credentials.
    pub fn describe(&self) -> String {
        match self {
            Database::Sqlite(path) => format!("SQLite {}", path.display()),
            Database::Postgres(url) => {
                let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
                let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
                format!("PostgreSQL {}", host.split('?').next().unwrap_or(host))
            }
        }
    }
}

impl Default for Database {
    fn default() -> Database {
        Database::Sqlite(PathBuf::from(DEFAULT_DATABASE))
    }
}

/// A member as the members file and the `members` commands give one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMember {
    pub email: String,
    pub name: String,
    pub tier: String,
    /// An argon2 PHC string.
    pub password_hash: String,
}

/// What a login checks the password against.
#[derive(Clone, Debug)]
pub struct LoginRecord {
    pub member: Member,
    pub password_hash: String,
}

/// How long sessions live and how many one member may hold.
#[derive(Clone, Copy, Debug)]
pub struct SessionRules {
    pub ttl: Duration,
    pub per_member: usize,
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    rules: SessionRules,
}

/// E-mails are keys in lower case.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What a session was granted for, besides the tier: it changes with every new password
/// (a new salt), so a session ends when its member's password changes.
fn credential(password_hash: &str) -> String {
    hex_sha256(password_hash.as_bytes())
}

fn now_ms() -> i64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

/// Creation times that never repeat within a process, so "the oldest session" is always one.
fn created_ms() -> i64 {
    static LAST: AtomicI64 = AtomicI64::new(0);
    let now = now_ms();
    let prev = LAST.fetch_max(now, Ordering::Relaxed);
    if prev >= now {
        LAST.fetch_add(1, Ordering::Relaxed) + 1
    } else {
        now
    }
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn member_of(row: &sqlx::any::AnyRow) -> Result<Member, Error> {
    Ok(Member {
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        tier: row.try_get("tier")?,
    })
}

/// A pool on `database`, without migrating (the tests migrate step by step).
async fn connect(database: &Database) -> Result<AnyPool, Error> {
    sqlx::any::install_default_drivers();
    if let Database::Sqlite(path) = database {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
    }
    AnyPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(10))
        .connect(&database.url())
        .await
}

impl Store {
    /// Connects and brings the schema up to date.
    pub async fn open(database: &Database, rules: SessionRules) -> Result<Store, Error> {
        let pool = connect(database).await?;
        MIGRATOR.run(&pool).await?;
        Ok(Store {
            pool,
            rules: SessionRules {
                per_member: rules.per_member.max(1),
                ..rules
            },
        })
    }

    pub fn ttl(&self) -> Duration {
        self.rules.ttl
    }

    pub async fn member_count(&self) -> Result<i64, Error> {
        sqlx::query("SELECT COUNT(*) FROM members")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)
    }

    /// Every member, by e-mail.
    pub async fn members(&self) -> Result<Vec<Member>, Error> {
        sqlx::query("SELECT email, name, tier FROM members ORDER BY email")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(member_of)
            .collect()
    }

    pub async fn member(&self, email: &str) -> Result<Option<Member>, Error> {
        sqlx::query("SELECT email, name, tier FROM members WHERE email = $1")
            .bind(email_key(email))
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(member_of)
            .transpose()
    }

    pub async fn login_record(&self, email: &str) -> Result<Option<LoginRecord>, Error> {
        let row =
            sqlx::query("SELECT email, name, tier, password_hash FROM members WHERE email = $1")
                .bind(email_key(email))
                .fetch_optional(&self.pool)
                .await?;
        row.map(|r| {
            Ok(LoginRecord {
                member: member_of(&r)?,
                password_hash: r.try_get("password_hash")?,
            })
        })
        .transpose()
    }

    /// One member's password hash, if there is any member (for the unknown-e-mail check).
    pub async fn any_password_hash(&self) -> Result<Option<String>, Error> {
        sqlx::query("SELECT password_hash FROM members ORDER BY email LIMIT 1")
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.try_get(0))
            .transpose()
    }

    /// Adds the member or replaces their entry. Their sessions end if the tier or the
    /// password changed.
    pub async fn put_member(&self, m: &NewMember) -> Result<(), Error> {
        let email = email_key(&m.email);
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO members (email, name, tier, password_hash) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (email) DO UPDATE SET name = excluded.name, tier = excluded.tier, \
             password_hash = excluded.password_hash",
        )
        .bind(&email)
        .bind(&m.name)
        .bind(&m.tier)
        .bind(&m.password_hash)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM sessions WHERE email = $1 AND (tier <> $2 OR credential <> $3)")
            .bind(&email)
            .bind(&m.tier)
            .bind(credential(&m.password_hash))
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }

    /// Removes the member and ends their sessions; `false` when there was no such member.
    pub async fn remove_member(&self, email: &str) -> Result<bool, Error> {
        let email = email_key(email);
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE email = $1")
            .bind(&email)
            .execute(&mut *tx)
            .await?;
        let removed = sqlx::query("DELETE FROM members WHERE email = $1")
            .bind(&email)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(removed > 0)
    }

    /// Gives the member another tier and ends their sessions; `false` when there was no
    /// such member.
    pub async fn set_tier(&self, email: &str, tier: &str) -> Result<bool, Error> {
        let email = email_key(email);
        let mut tx = self.pool.begin().await?;
        let changed = sqlx::query("UPDATE members SET tier = $2 WHERE email = $1")
            .bind(&email)
            .bind(tier)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query("DELETE FROM sessions WHERE email = $1 AND tier <> $2")
            .bind(&email)
            .bind(tier)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(changed > 0)
    }

    /// A new session for the member whose password was just checked against `record`: 256
    /// random bits, hex encoded. Beyond the per-member cap the oldest sessions end.
    pub async fn create_session(&self, record: &LoginRecord) -> Result<String, Error> {
        let id: String = rand::random::<[u8; 32]>()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let email = email_key(&record.member.email);
        let created = created_ms();
        let cap = i64::try_from(self.rules.per_member).unwrap_or(i64::MAX);
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO sessions (id_hash, email, tier, credential, created, expires) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(hex_sha256(id.as_bytes()))
        .bind(&email)
        .bind(&record.member.tier)
        .bind(credential(&record.password_hash))
        .bind(created)
        .bind(created.saturating_add(ms(self.rules.ttl)))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM sessions WHERE email = $1 AND (expires <= $2 OR id_hash NOT IN \
             (SELECT id_hash FROM sessions WHERE email = $1 ORDER BY created DESC LIMIT $3))",
        )
        .bind(&email)
        .bind(now_ms())
        .bind(cap)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The member a live session belongs to, as their entry is now. A session that expired
    /// or no longer matches its member's tier or password ends here.
    pub async fn session_member(&self, id: &str) -> Result<Option<Member>, Error> {
        let id_hash = hex_sha256(id.as_bytes());
        let row = sqlx::query(
            "SELECT m.email AS email, m.name AS name, m.tier AS tier, \
             m.password_hash AS password_hash, s.tier AS granted_tier, \
             s.credential AS credential, s.expires AS expires \
             FROM sessions s JOIN members m ON m.email = s.email WHERE s.id_hash = $1",
        )
        .bind(&id_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let member = member_of(&row)?;
        let hash: String = row.try_get("password_hash")?;
        let live = row.try_get::<i64, _>("expires")? > now_ms()
            && row.try_get::<String, _>("granted_tier")? == member.tier
            && row.try_get::<String, _>("credential")? == credential(&hash);
        if live {
            Ok(Some(member))
        } else {
            self.revoke_hash(&id_hash).await?;
            Ok(None)
        }
    }

    pub async fn revoke(&self, id: &str) -> Result<(), Error> {
        self.revoke_hash(&hex_sha256(id.as_bytes())).await
    }

    async fn revoke_hash(&self, id_hash: &str) -> Result<(), Error> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// Ends expired sessions; how many.
    pub async fn sweep(&self) -> Result<u64, Error> {
        Ok(sqlx::query("DELETE FROM sessions WHERE expires <= $1")
            .bind(now_ms())
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    /// Sessions held, expired ones not yet swept included.
    pub async fn session_count(&self) -> Result<i64, Error> {
        sqlx::query("SELECT COUNT(*) FROM sessions")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)
    }

    /// Closes the pool (a SQLite file is then complete on disk).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> SessionRules {
        SessionRules {
            ttl: Duration::from_secs(60),
            per_member: 10,
        }
    }

    fn alice() -> NewMember {
        NewMember {
            email: "Alice@Example.com".into(),
            name: "Alice".into(),
            tier: "t1".into(),
            password_hash: "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA".into(),
        }
    }

    fn record(m: &NewMember) -> LoginRecord {
        LoginRecord {
            member: Member {
                email: email_key(&m.email),
                name: m.name.clone(),
                tier: m.tier.clone(),
            },
            password_hash: m.password_hash.clone(),
        }
    }

    #[test]
    fn database_arguments() -> Result<(), String> {
        assert_eq!(
            Database::parse("data/x.db"),
            Ok(Database::Sqlite("data/x.db".into()))
        );
        assert_eq!(
            Database::parse("sqlite:///abs/x.db"),
            Ok(Database::Sqlite("/abs/x.db".into()))
        );
        let pg = Database::parse("postgres://u:secret@db.internal:5432/pv")?;
        assert_eq!(pg.describe(), "PostgreSQL db.internal:5432/pv");
        assert!(Database::parse("mysql://x").is_err());
        Ok(())
    }

    #[tokio::test]
    async fn migrations_run_on_an_empty_database_and_again() -> Result<(), Error> {
        let dir = tempfile::tempdir()?;
        let db = Database::Sqlite(dir.path().join("sub/new.db"));
        let store = Store::open(&db, rules()).await?;
        assert_eq!(store.member_count().await?, 0);
        store.close().await;
        // A second start finds every migration applied and changes nothing.
        let store = Store::open(&db, rules()).await?;
        let applied: i64 = sqlx::query("SELECT COUNT(*) FROM _sqlx_migrations")
            .fetch_one(&store.pool)
            .await?
            .try_get(0)?;
        assert_eq!(applied, i64::try_from(MIGRATOR.iter().count()).unwrap_or(0));
        Ok(())
    }

    #[tokio::test]
    async fn the_baseline_schema_upgrades_with_its_data() -> Result<(), Error> {
        let dir = tempfile::tempdir()?;
        let db = Database::Sqlite(dir.path().join("old.db"));
        let pool = connect(&db).await?;
        let baseline = sqlx::migrate::Migrator {
            migrations: std::borrow::Cow::Owned(MIGRATOR.iter().take(1).cloned().collect()),
            ..sqlx::migrate::Migrator::DEFAULT
        };
        baseline.run(&pool).await?;
        let old = Store {
            pool: pool.clone(),
            rules: rules(),
        };
        old.put_member(&alice()).await?;
        let id = old.create_session(&record(&alice())).await?;
        pool.close().await;

        let store = Store::open(&db, rules()).await?;
        let indexes: i64 = sqlx::query(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'sessions_by_%'",
        )
        .fetch_one(&store.pool)
        .await?
        .try_get(0)?;
        assert_eq!(indexes, 2);
        let member = store.session_member(&id).await?;
        assert_eq!(
            member.map(|m| m.email).as_deref(),
            Some("alice@example.com")
        );
        Ok(())
    }

    #[tokio::test]
    async fn sessions_end_with_their_members_entry() -> Result<(), Error> {
        let dir = tempfile::tempdir()?;
        let store = Store::open(&Database::Sqlite(dir.path().join("s.db")), rules()).await?;
        let a = alice();
        store.put_member(&a).await?;
        let id = store.create_session(&record(&a)).await?;
        assert!(store.session_member(&id).await?.is_some());
        // The same entry again (an import of an unchanged file) keeps the session.
        store.put_member(&a).await?;
        assert!(store.session_member(&id).await?.is_some());
        let renamed = NewMember {
            name: "Alice B.".into(),
            ..a.clone()
        };
        store.put_member(&renamed).await?;
        assert_eq!(
            store.session_member(&id).await?.map(|m| m.name).as_deref(),
            Some("Alice B.")
        );

        assert!(store.set_tier(&a.email, "t2").await?);
        assert!(store.session_member(&id).await?.is_none(), "new tier");
        assert_eq!(store.session_count().await?, 0);

        let now = record(&NewMember {
            tier: "t2".into(),
            ..a.clone()
        });
        let id = store.create_session(&now).await?;
        store
            .put_member(&NewMember {
                tier: "t2".into(),
                password_hash: "$argon2id$v=19$m=8,t=1,p=1$b3RoZXJzYWx0$aGFzaA".into(),
                ..a.clone()
            })
            .await?;
        assert!(store.session_member(&id).await?.is_none(), "new password");

        let id = store.create_session(&now).await?;
        // A session granted for an old password (changed during the check) is dead at once.
        assert!(store.session_member(&id).await?.is_none());
        assert!(store.remove_member(&a.email).await?);
        assert!(!store.remove_member(&a.email).await?);
        assert_eq!(store.session_count().await?, 0);
        Ok(())
    }

    #[tokio::test]
    async fn the_cap_ends_the_oldest_and_the_sweep_the_expired() -> Result<(), Error> {
        let dir = tempfile::tempdir()?;
        let db = Database::Sqlite(dir.path().join("c.db"));
        let capped = SessionRules {
            ttl: Duration::from_millis(300),
            per_member: 2,
        };
        let store = Store::open(&db, capped).await?;
        store.put_member(&alice()).await?;
        let r = record(&alice());
        let first = store.create_session(&r).await?;
        let second = store.create_session(&r).await?;
        let third = store.create_session(&r).await?;
        assert!(store.session_member(&first).await?.is_none());
        assert!(store.session_member(&second).await?.is_some());
        assert!(store.session_member(&third).await?.is_some());
        tokio::time::sleep(Duration::from_millis(350)).await;
        assert_eq!(store.sweep().await?, 2);
        assert!(store.session_member(&third).await?.is_none());
        Ok(())
    }
}
