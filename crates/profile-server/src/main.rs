//! The command line: `serve` (the default), `members`, `validate`, `hash-password`,
//! `member-token`.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use profile_server::member_token::{Signer, Subject, Verifier};
use profile_server::store::{Database, NewMember, SessionRules, Store, DEFAULT_DATABASE};
use profile_server::{content, ops, security, AppState, Config};

#[derive(Parser)]
#[command(
    name = "profile-server",
    version,
    about = "Reference backend for the profile viewer"
)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the built viewer (the default).
    Serve(Box<ServeArgs>),
    /// Check authoring files; print each problem with its JSON path; exit 1 on errors.
    Validate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Exit 1 on warnings too (unknown fields, dropped links): for publishers' CI.
        #[arg(long)]
        strict: bool,
    },
    /// Read a password from stdin and print its argon2id hash (a PHC string) for members.json.
    HashPassword,
    /// Print a member token (a signed JWT, contract section 7) for one member.
    MemberToken(MemberTokenArgs),
    /// Manage the members in the database (their sessions end when they change).
    Members(MembersArgs),
}

#[derive(Args)]
struct MembersArgs {
    /// The database, as the server's --database.
    #[arg(long, global = true, value_name = "URL|FILE", default_value = DEFAULT_DATABASE, value_parser = Database::parse)]
    database: Database,
    /// Content folder whose site.json lists the tiers.
    #[arg(long, global = true, value_name = "DIR", default_value = "content")]
    content: PathBuf,
    #[command(subcommand)]
    action: MembersAction,
}

#[derive(Subcommand)]
enum MembersAction {
    /// Add a member, or replace the one with this e-mail. The password is read from stdin
    /// (one line) unless --password-hash gives its hash.
    Add {
        #[arg(long, value_name = "EMAIL")]
        email: String,
        #[arg(long, value_name = "NAME")]
        name: String,
        /// A tier id from site.json.
        #[arg(long, value_name = "TIER")]
        tier: String,
        /// An argon2 PHC string, as `hash-password` prints.
        #[arg(long, value_name = "PHC")]
        password_hash: Option<String>,
    },
    /// Remove a member; their sessions end.
    Remove {
        #[arg(value_name = "EMAIL")]
        email: String,
    },
    /// Give a member another tier; their sessions end.
    SetTier {
        #[arg(value_name = "EMAIL")]
        email: String,
        #[arg(value_name = "TIER")]
        tier: String,
    },
    /// Add or replace every valid entry of a members file ([{email, name, tier,
    /// password_hash}]); members not in the file stay.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Print every member: e-mail, tier, name (tab-separated).
    List,
}

#[derive(Args)]
struct MemberTokenArgs {
    /// HS256: the shared secret file (its bytes, at least 32).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "private_key",
        conflicts_with = "private_key"
    )]
    secret: Option<PathBuf>,
    /// EdDSA: an Ed25519 private key in PEM (`openssl genpkey -algorithm ed25519`).
    #[arg(long, value_name = "FILE")]
    private_key: Option<PathBuf>,
    /// The issuer, as the server's --member-token-issuer.
    #[arg(long, value_name = "ISS")]
    issuer: String,
    /// The publisher's member id.
    #[arg(long, value_name = "ID")]
    sub: String,
    /// A tier id from site.json.
    #[arg(long, value_name = "TIER")]
    tier: String,
    /// A display name for the viewer.
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// Lifetime: 90s, 15m, 1h (at most 1h).
    #[arg(long, value_name = "TTL", default_value = "15m", value_parser = profile_server::member_token::parse_ttl)]
    ttl: Duration,
}

#[derive(Args)]
struct ServeArgs {
    /// Content folder: site.json, members.json, profiles/*.json.
    #[arg(long, value_name = "DIR", default_value = "content")]
    content: PathBuf,
    /// Members and sessions: a SQLite file (created when missing; an empty database is
    /// seeded from the content's members.json) or a postgres:// URL shared by instances.
    #[arg(long, value_name = "URL|FILE", default_value = DEFAULT_DATABASE, value_parser = Database::parse)]
    database: Database,
    /// The built viewer (Trunk's dist folder).
    #[arg(long, value_name = "DIR", default_value = "dist")]
    dist: PathBuf,
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// An origin (scheme://host[:port]) allowed to call the API with credentials (CORS), e.g. a
    /// host page embedding the viewer. Repeatable. The server's own origin is always allowed.
    #[arg(long = "allow-origin", value_name = "ORIGIN", value_parser = parse_origin)]
    allow_origins: Vec<String>,
    /// The origin readers reach the viewer at (https://news.example), for the absolute URLs
    /// of pages, sitemap, feed and oEmbed; without it, the request's Host.
    #[arg(long, value_name = "ORIGIN", value_parser = parse_origin)]
    public_origin: Option<String>,
    /// CSP frame-ancestors sources, e.g. "'self' https://news.example".
    #[arg(long, value_name = "SOURCES", default_value = "'none'", value_parser = parse_sources)]
    frame_ancestors: String,
    /// Plain-http development only: the session cookie is `pv_session` without Secure
    /// (otherwise `__Host-pv_session` with Secure, which browsers keep only over https).
    #[arg(long)]
    insecure_cookies: bool,
    /// Live sessions per member; a new login ends the oldest beyond it.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    max_sessions_per_member: u64,
    /// Session lifetime in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 8 * 3600)]
    session_ttl_secs: u64,
    /// Failed logins per account allowed in one window before 429.
    #[arg(long, value_name = "N", default_value_t = 5)]
    login_limit: u32,
    /// Failed logins per client IP allowed in one window before 429.
    #[arg(long, value_name = "N", default_value_t = 20)]
    login_ip_limit: u32,
    /// Failed logins allowed in total (all accounts and addresses) in one window.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    login_global_limit: u32,
    /// Password checks running at once (default: twice the cores); more logins get 503.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    max_password_checks: Option<u64>,
    /// A reverse proxy's address or range (e.g. 10.0.0.0/8) whose X-Forwarded-For names the
    /// client. Repeatable. Without it, the client is the TCP peer.
    #[arg(long = "trusted-proxy", value_name = "CIDR")]
    trusted_proxies: Vec<profile_server::net::Cidr>,
    /// Length of the login rate-limit window in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    login_window_secs: u64,
    /// A static host page folder (e.g. examples/news-site) served on --site-addr, a second
    /// origin that embeds the viewer; that origin is allowed like --allow-origin.
    #[arg(long, value_name = "DIR")]
    site: Option<PathBuf>,
    /// Address of the --site origin; port 0 picks a free port.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:0")]
    site_addr: SocketAddr,
    /// Serve everything under this path, e.g. /viewer (the viewer then has to be built with
    /// `trunk build --public-url /viewer/`); `/` redirects there.
    #[arg(long, value_name = "PATH", default_value = "", value_parser = parse_base_path)]
    base_path: String,
    /// Accept member tokens signed with HS256 by this shared secret (the file's bytes, at
    /// least 32). Needs --member-token-issuer.
    #[arg(
        long,
        value_name = "FILE",
        requires = "member_token_issuer",
        conflicts_with = "member_token_public_key"
    )]
    member_token_secret: Option<PathBuf>,
    /// Accept member tokens signed with EdDSA by the key of this Ed25519 public key (PEM).
    /// Needs --member-token-issuer.
    #[arg(long, value_name = "FILE", requires = "member_token_issuer")]
    member_token_public_key: Option<PathBuf>,
    /// The `iss` that member tokens must carry: the publisher whose backend signs them.
    #[arg(long, value_name = "ISS")]
    member_token_issuer: Option<String>,
    /// Demo only (with --site and --member-token-secret): the lifetime of the tokens that the
    /// --site origin's publisher endpoint signs.
    #[arg(long, value_name = "TTL", default_value = "15m", value_parser = profile_server::member_token::parse_ttl)]
    site_member_token_ttl: Duration,
    /// Log lines on stderr as `text` or `json` (one object per line); RUST_LOG sets the level.
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    log_format: ops::LogFormat,
    /// Seconds a connection may take to send a request's headers before it is closed.
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout_secs: u64,
    /// Seconds a request may take to be answered (408 after that).
    #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    request_timeout_secs: u64,
    /// Connections open at once; more wait until one closes.
    #[arg(long, value_name = "N", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..))]
    max_connections: u64,
}

fn parse_base_path(s: &str) -> Result<String, String> {
    profile_server::app::normalise_base_path(s).ok_or_else(|| {
        format!("\"{s}\" is not a path like /viewer (letters, digits, - _ . ~ and /)")
    })
}

fn parse_origin(s: &str) -> Result<String, String> {
    security::normalise_origin(s)
        .ok_or_else(|| format!("\"{s}\" is not an origin like https://news.example[:port]"))
}

fn parse_sources(s: &str) -> Result<String, String> {
    let ok = !s.trim().is_empty() && !s.contains(';') && !s.chars().any(|c| c.is_control());
    ok.then(|| s.trim().to_string())
        .ok_or_else(|| "must be CSP sources without ';'".to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => serve(cli.serve),
        Some(Command::Serve(args)) => serve(*args),
        Some(Command::Validate { files, strict }) => validate(
            &files,
            if strict {
                Warnings::Fail
            } else {
                Warnings::Pass
            },
        ),
        Some(Command::HashPassword) => hash_password(),
        Some(Command::MemberToken(args)) => member_token(&args),
        Some(Command::Members(args)) => members(args),
    }
}

fn read_key(path: &std::path::Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The member-token verifier the flags ask for, if any.
fn member_token_verifier(args: &ServeArgs) -> Result<Option<Verifier>, String> {
    let issuer = args.member_token_issuer.as_deref().unwrap_or_default();
    let verifier = match (&args.member_token_secret, &args.member_token_public_key) {
        (Some(file), _) => Verifier::hs256(&read_key(file)?, issuer),
        (None, Some(file)) => Verifier::ed25519_pem(&read_key(file)?, issuer),
        (None, None) if args.member_token_issuer.is_some() => Err(
            "--member-token-issuer needs --member-token-secret or --member-token-public-key"
                .to_string(),
        ),
        (None, None) => return Ok(None),
    };
    verifier
        .map(Some)
        .map_err(|e| format!("member tokens: {e}"))
}

fn member_token(args: &MemberTokenArgs) -> ExitCode {
    let signer = match (&args.secret, &args.private_key) {
        (Some(file), _) => read_key(file).and_then(|k| Signer::hs256(&k, &args.issuer)),
        (None, Some(file)) => read_key(file).and_then(|k| Signer::ed25519_pem(&k, &args.issuer)),
        (None, None) => Err("give --secret FILE or --private-key FILE".into()),
    };
    let subject = Subject {
        sub: args.sub.clone(),
        tier: args.tier.clone(),
        name: args.name.clone(),
    };
    match signer.and_then(|s| s.sign(&subject, args.ttl)) {
        Ok(token) => {
            println!("{token}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("member-token: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Every password check allocates argon2's 19 MiB and frees it. glibc raises its mmap
/// threshold after the first such free, so later blocks come from per-thread arenas that
/// keep them: a login flood grew the server to 1,272 MiB (BENCHMARKS.md). A fixed threshold
/// keeps large blocks mmapped, returned to the system at once (peak 93 MiB).
fn return_large_blocks_to_the_os() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    return_large_blocks_to_the_os();
    if let Err(e) = ops::init_logging(args.log_format) {
        eprintln!("cannot start logging: {e}");
        return ExitCode::FAILURE;
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Bound first, so the --site origin (with its real port) can be allowed below.
    let listeners = runtime.block_on(async {
        let main = tokio::net::TcpListener::bind(args.addr).await?;
        let site = match &args.site {
            Some(_) => Some(tokio::net::TcpListener::bind(args.site_addr).await?),
            None => None,
        };
        std::io::Result::Ok((main, site))
    });
    let (listener, site_listener) = match listeners {
        Ok(l) => l,
        Err(e) => {
            eprintln!("profile-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let member_tokens = match member_token_verifier(&args) {
        Ok(v) => v.map(std::sync::Arc::new),
        Err(e) => {
            eprintln!("profile-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut allow_origins = args.allow_origins;
    let mut site = None;
    if let (Some(dir), Some(l)) = (&args.site, site_listener) {
        let (Ok(viewer), Ok(addr)) = (listener.local_addr(), l.local_addr()) else {
            eprintln!("profile-server: cannot read the listening addresses");
            return ExitCode::FAILURE;
        };
        allow_origins.push(format!("http://{addr}"));
        eprintln!("site {} on http://{addr}/", dir.display());
        site = Some((l, dir.clone(), format!("http://{viewer}")));
    }
    // Demo: with the shared secret, the --site origin also plays the publisher that signs.
    let publisher_signer = match (&args.site, &args.member_token_secret) {
        (Some(_), Some(file)) => {
            let issuer = args.member_token_issuer.as_deref().unwrap_or_default();
            match read_key(file).and_then(|k| Signer::hs256(&k, issuer)) {
                Ok(s) => Some(s),
                Err(e) => {
                    eprintln!("profile-server: member tokens: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        _ => None,
    };
    let base_path = args.base_path.clone();
    let config = Config {
        content_dir: args.content,
        dist_dir: args.dist,
        base_path: args.base_path,
        allow_origins,
        public_origin: args.public_origin,
        frame_ancestors: args.frame_ancestors,
        insecure_cookies: args.insecure_cookies,
        max_sessions_per_member: usize::try_from(args.max_sessions_per_member)
            .unwrap_or(usize::MAX),
        session_ttl: Duration::from_secs(args.session_ttl_secs),
        login_limit: args.login_limit,
        login_ip_limit: args.login_ip_limit,
        login_window: Duration::from_secs(args.login_window_secs),
        member_tokens,
        login_global_limit: args.login_global_limit,
        max_password_checks: args
            .max_password_checks
            .map_or_else(profile_server::state::default_password_checks, |n| {
                usize::try_from(n).unwrap_or(usize::MAX)
            }),
        trusted_proxies: args.trusted_proxies,
        header_timeout: Duration::from_secs(args.header_timeout_secs),
        request_timeout: Duration::from_secs(args.request_timeout_secs),
        max_connections: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
        database: args.database,
    };
    eprintln!("database: {}", config.database.describe());
    let (state, reports) = match runtime.block_on(AppState::load(config)) {
        Ok(loaded) => loaded,
        Err(fatal) => {
            eprintln!("{fatal}\ncannot start without a valid site.json");
            return ExitCode::FAILURE;
        }
    };
    for r in &reports {
        eprintln!("{r}");
    }
    let skipped = reports.iter().filter(|r| r.has_errors()).count();
    eprintln!(
        "loaded {} profiles ({skipped} files skipped)",
        state.content().profiles.len()
    );
    let site = match site {
        Some((l, dir, viewer)) => {
            let publisher = publisher_signer.map(|signer| {
                profile_server::site::publisher::router(
                    state.clone(),
                    signer,
                    args.site_member_token_ttl,
                )
            });
            match profile_server::site::router(&dir, &viewer, &base_path, publisher) {
                Ok(r) => Some((l, r)),
                Err(e) => {
                    eprintln!("profile-server: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        None => None,
    };
    if !state.config.dist_dir.join("index.html").is_file() {
        eprintln!(
            "warning: {} has no index.html; only the API is served",
            state.config.dist_dir.display()
        );
    }

    let result: std::io::Result<()> = runtime.block_on(async move {
        if let Some((l, router)) = site {
            tokio::spawn(async move {
                let service = router.into_make_service_with_connect_info::<SocketAddr>();
                if let Err(e) = axum::serve(l, service).await {
                    eprintln!("site: {e}");
                }
            });
        }
        #[cfg(unix)]
        profile_server::app::reload_on_sighup(state.clone())?;
        let mut out = std::io::stdout();
        // The listening line is the server's root (tests and xtask read it); the viewer is
        // at the base path below it.
        writeln!(out, "listening on http://{}", listener.local_addr()?)?;
        out.flush()?;
        profile_server::app::serve_until(listener, state, profile_server::app::shutdown_signal())
            .await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("profile-server: {e}");
            ExitCode::FAILURE
        }
    }
}

/// What warnings do to `validate`'s exit code (`--strict`: they fail it as errors do).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Warnings {
    Pass,
    Fail,
}

fn validate(files: &[PathBuf], warnings: Warnings) -> ExitCode {
    let mut failed = false;
    let known = known_slugs(files);
    for file in files {
        let name = file.display();
        match content::check_profile_file(file) {
            Ok(v) => {
                for w in &v.warnings {
                    println!("{name}: {w}");
                }
                for w in content::unknown_slugs(&v.value, |s| known.contains(s)) {
                    println!("{name}: {w}");
                }
                failed |= warnings == Warnings::Fail && !v.warnings.is_empty();
                println!("{name}: ok ({})", v.value.slug);
            }
            Err(issues) => {
                failed = true;
                for i in &issues {
                    println!("{name}: {i}");
                }
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The slugs a profile may name: those of the files given and of the other profiles in
/// their folders (the content folder's `profiles/`).
fn known_slugs(files: &[PathBuf]) -> std::collections::BTreeSet<String> {
    let folders: std::collections::BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        .collect();
    let siblings = folders.iter().flat_map(|dir| {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
    });
    files
        .iter()
        .cloned()
        .chain(siblings)
        .filter_map(|f| content::check_profile_file(&f).ok())
        .map(|v| v.value.slug)
        .collect()
}

/// A password from stdin: only the line ending is dropped (other whitespace is part of it).
fn read_password() -> Result<String, String> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| format!("cannot read the password from stdin: {e}"))?;
    let password = input
        .strip_suffix('\n')
        .map(|p| p.strip_suffix('\r').unwrap_or(p))
        .unwrap_or(&input);
    if password.is_empty() {
        return Err("empty password".into());
    }
    Ok(password.to_string())
}

fn hash_password() -> ExitCode {
    let password = match read_password() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    match profile_server::auth::hash_password(&password) {
        Ok(hash) => {
            println!("{hash}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot hash: {e}");
            ExitCode::FAILURE
        }
    }
}

fn members(args: MembersArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run_members(args)) {
        Ok(message) => {
            if !message.is_empty() {
                println!("{message}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("members: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The tier ids of the content's site.json.
fn site(content: &std::path::Path) -> Result<profile_model::SiteConfig, String> {
    let file = content.join("site.json");
    content::load_site(&file).map_err(|issues| {
        let lines: Vec<String> = issues
            .iter()
            .map(|i| format!("{}: {i}", file.display()))
            .collect();
        lines.join("\n")
    })
}

async fn run_members(args: MembersArgs) -> Result<String, String> {
    let site = site(&args.content)?;
    let known_tier = |tier: &str| {
        site.tier(tier)
            .map(|_| ())
            .ok_or_else(|| format!("\"{tier}\" is not a tier in site.json"))
    };
    // Only the session rules' defaults: the commands create no sessions.
    let rules = SessionRules {
        ttl: Duration::from_secs(8 * 3600),
        per_member: 10,
    };
    let store = Store::open(&args.database, rules)
        .await
        .map_err(|e| format!("{}: {e}", args.database.describe()))?;
    let db = |e: profile_server::store::Error| format!("{}: {e}", args.database.describe());
    let message = match args.action {
        MembersAction::Add {
            email,
            name,
            tier,
            password_hash,
        } => {
            known_tier(&tier)?;
            if profile_server::store::email_key(&email).is_empty() {
                return Err("the e-mail must not be empty".into());
            }
            let password_hash = match password_hash {
                Some(phc) => {
                    argon2::password_hash::PasswordHash::new(&phc)
                        .map_err(|e| format!("--password-hash is not a PHC string: {e}"))?;
                    phc
                }
                None => {
                    let password = read_password()?;
                    tokio::task::spawn_blocking(move || {
                        profile_server::auth::hash_password(&password)
                    })
                    .await
                    .map_err(|e| e.to_string())?
                    .map_err(|e| format!("cannot hash: {e}"))?
                }
            };
            let m = NewMember {
                email,
                name,
                tier,
                password_hash,
            };
            store.put_member(&m).await.map_err(db)?;
            format!("added {}", profile_server::store::email_key(&m.email))
        }
        MembersAction::Remove { email } => match store.remove_member(&email).await.map_err(db)? {
            true => format!("removed {email}"),
            false => return Err(format!("no member {email}")),
        },
        MembersAction::SetTier { email, tier } => {
            known_tier(&tier)?;
            match store.set_tier(&email, &tier).await.map_err(db)? {
                true => format!("{email} is now {tier}"),
                false => return Err(format!("no member {email}")),
            }
        }
        MembersAction::Import { file } => {
            let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let (members, issues) = profile_server::auth::Members::parse(&bytes, &site);
            for i in &issues {
                eprintln!("{}: {i}", file.display());
            }
            let mut n = 0;
            for m in members.entries() {
                store.put_member(m).await.map_err(db)?;
                n += 1;
            }
            format!("imported {n} members ({} entries skipped)", issues.len())
        }
        MembersAction::List => {
            let lines: Vec<String> = store
                .members()
                .await
                .map_err(db)?
                .into_iter()
                .map(|m| format!("{}\t{}\t{}", m.email, m.tier, m.name))
                .collect();
            lines.join("\n")
        }
    };
    store.close().await;
    Ok(message)
}
