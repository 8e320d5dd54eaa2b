//! `cargo xtask bench login-flood`: 500 parallel failed logins against the release server
//! while a member signs in and reads a briefing every 500 ms (`tests/bench/login-flood.mjs`;
//! loopback only, at most 60 s). Prints the member's latencies, the attackers' answers and
//! the server's peak RSS beside their budgets (no failed read, under 512 MiB, still up);
//! like the rest of the bench it fails only when it could not run.

use std::path::Path;

use crate::paths;
use crate::process;
use crate::tools::Tools;

pub fn run(tools: &Tools, server: &Path) -> Result<(), String> {
    let root = paths::root();
    let out = paths::target_dir().join("bench").join("login-flood.json");
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut node = tools.command("node");
    node.arg(root.join("tests/bench/login-flood.mjs"))
        .arg(&out)
        .env("PV_SERVER_BIN", server)
        .env("PV_CONTENT", root.join("content"))
        .env("PV_DIST", paths::dist_dir());
    let result = process::run(&mut node);
    println!("login flood: written to {}", out.display());
    result.map(|_| ())
}
