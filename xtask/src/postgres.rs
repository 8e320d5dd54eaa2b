//! A throwaway PostgreSQL cluster for the multi-instance test
//! (crates/profile-server/tests/postgres.rs): Debian's server packages, installed when
//! missing; a fresh cluster under `target/`, on a free loopback port; stopped on drop.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::paths::root;
use crate::process::{cmd, run};
use crate::tools::is_root;

/// The test reads the cluster's URL from this variable...
pub const URL_VAR: &str = "PV_TEST_POSTGRES_URL";
/// ...and fails without it when this one is set (as `cargo xtask test` does).
pub const REQUIRE_VAR: &str = "PV_REQUIRE_POSTGRES";
/// initdb refuses root: the cluster runs as the account Debian's package creates.
const SERVICE_USER: &str = "postgres";

pub struct Cluster {
    data: PathBuf,
    bin: PathBuf,
    pub url: String,
}

/// The newest installed server's `bin` folder (`/usr/lib/postgresql/<major>/bin`).
fn server_bin() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let major = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((major, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn ensure_installed() -> Result<PathBuf, String> {
    if let Some(bin) = server_bin() {
        return Ok(bin);
    }
    if !is_root() {
        return Err(
            "PostgreSQL is missing: install the Debian package `postgresql` \
                    (e.g. `sudo apt-get install -y postgresql`)"
                .into(),
        );
    }
    run(cmd("apt-get").arg("update"))?;
    run(cmd("apt-get")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args(["install", "-y", "--no-install-recommends", "postgresql"]))?;
    server_bin().ok_or_else(|| "apt installed postgresql, but no initdb was found".into())
}

/// `program` from `bin`, as the service account when we are root.
fn pg(bin: &Path, program: &str) -> Command {
    let path = bin.join(program);
    if is_root() {
        let mut c = cmd("runuser");
        c.args(["-u", SERVICE_USER, "--"]).arg(path);
        c
    } else {
        cmd(&path.to_string_lossy())
    }
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

impl Cluster {
    /// A new cluster in `target/postgres-test`, listening on 127.0.0.1 only (trust auth).
    pub fn start() -> Result<Cluster, String> {
        let bin = ensure_installed()?;
        let dir = root().join("target/postgres-test");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if is_root() {
            run(cmd("chown")
                .args(["-R", &format!("{SERVICE_USER}:")])
                .arg(&dir))?;
        }
        let data = dir.join("data");
        run(pg(&bin, "initdb").arg("-D").arg(&data).args([
            "-U",
            "pv",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        ]))?;
        let port = free_port()?;
        // Sockets in the cluster's folder, no disk syncs: it lives for one test run.
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            dir.display()
        );
        run(pg(&bin, "pg_ctl")
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(dir.join("server.log"))
            .args(["-w", "-o", &options, "start"]))?;
        Ok(Cluster {
            data,
            bin,
            url: format!("postgres://pv@127.0.0.1:{port}/postgres"),
        })
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let stopped = run(pg(&self.bin, "pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "fast", "-w", "stop"]));
        if let Err(e) = stopped {
            eprintln!("cannot stop the test PostgreSQL: {e}");
        }
    }
}
