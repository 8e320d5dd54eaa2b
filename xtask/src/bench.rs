//! `cargo xtask bench`: the performance figures, each printed beside its budget.
//!
//! Builds the viewer (release), the server and the transfer floor (`tests/bench/stack-floor`,
//! the smallest app on the same stack) once, prepares a copy of the build with a static
//! HTML page of the same profile (the lower bound for any viewer) and a generated
//! 10,000-profile content folder, then runs `tests/bench/run.mjs` (Playwright + system
//! Chromium, Lighthouse) which writes `target/bench/results.json`; this prints its table.
//! Budgets are reported, never asserted: the command fails only when it cannot run.
//! Then the login flood (`bench/login_flood.rs`; alone: `cargo xtask bench login-flood`).

mod content_gen;
mod login_flood;
mod static_page;

use std::path::{Path, PathBuf};

use crate::build;
use crate::paths;
use crate::process;
use crate::tools;
use profile_views::directory_query::DirectoryIndex;

const DEFAULT_SLUG: &str = "us-officials-telecom-cyber-espionage";
const SCALE: usize = 10_000;

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Options {
    #[command(subcommand)]
    only: Option<Only>,
    /// Reuse this built viewer instead of building one.
    #[arg(long, value_name = "BUILT_DIST")]
    dist: Option<PathBuf>,
    /// The profile the page rows measure.
    #[arg(long, default_value = DEFAULT_SLUG)]
    slug: String,
    /// Runs per measured row (medians are reported).
    #[arg(long, default_value_t = 10)]
    runs: u32,
    /// Only these sections, e.g. `embed,throttled,login-flood` (the others are skipped).
    #[arg(long, value_name = "NAMES")]
    sections: Option<String>,
    /// Skip the Lighthouse audits.
    #[arg(long = "no-lighthouse", action = clap::ArgAction::SetFalse)]
    lighthouse: bool,
}

impl Options {
    /// Whether `--sections` (when given) names `section`.
    fn wants(&self, section: &str) -> bool {
        self.sections
            .as_deref()
            .is_none_or(|s| s.split(',').any(|name| name.trim() == section))
    }
}

#[derive(clap::Subcommand)]
enum Only {
    /// Only the server's login-flood load test.
    LoginFlood,
}

pub fn run(opts: &Options) -> Result<(), String> {
    if let Some(Only::LoginFlood) = opts.only {
        let tools = tools::ensure_build_tools()?;
        let server = build::server_release(&tools)?;
        return login_flood::run(&tools, &server);
    }
    let tools = tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    tools::ensure_bench_packages()?;
    let root = paths::root();
    let built = match &opts.dist {
        Some(dist) => dist.clone(),
        None => {
            let dist = paths::dist_dir();
            build::viewer(&tools, &dist)?;
            dist
        }
    };
    let server = build::server_release(&tools)?;

    let out = paths::target_dir().join("bench");
    let stack_floor = out.join("stack-floor");
    if opts.wants("bundle") {
        build::stack_floor(&tools, &stack_floor)?;
    }
    let dist = out.join("dist");
    copy_dir(&built, &dist)?;
    write_static_page(&root.join("content"), &dist, &opts.slug)?;
    let content_10k = out.join("content-10k");
    if opts.wants("directory") {
        let n = content_gen::write_folder(&root.join("content"), &content_10k, SCALE)?;
        eprintln!("bench: {n} generated profiles in {}", content_10k.display());
    }

    let results = out.join("results.json");
    let _ = std::fs::remove_file(&results);
    let mut node = tools.command("node");
    node.arg(root.join("tests/bench/run.mjs"))
        .env("PV_SERVER_BIN", &server)
        .env("PV_DIST", &dist)
        .env("PV_CONTENT", root.join("content"))
        .env("PV_BENCH_CONTENT_10K", &content_10k)
        .env("PV_BENCH_SLUG", &opts.slug)
        .env("PV_BENCH_STACK_FLOOR", &stack_floor)
        .env("PV_BENCH_RUNS", opts.runs.to_string())
        .env(
            "PV_BENCH_LIGHTHOUSE",
            if opts.lighthouse { "1" } else { "0" },
        )
        .env(
            "PV_BENCH_SECTIONS",
            opts.sections.as_deref().unwrap_or_default(),
        )
        .env("PV_BENCH_OUT", &results);
    let node_result = process::run(&mut node);
    let text = std::fs::read_to_string(&results).map_err(|e| {
        format!(
            "{}: {e} (the bench script wrote no results: {node_result:?})",
            results.display()
        )
    })?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", results.display()))?;
    println!("{}", table(&json));
    let md = out.join("results.md");
    std::fs::write(&md, markdown(&json)).map_err(|e| format!("{}: {e}", md.display()))?;
    println!(
        "written to {} and {} (for BENCHMARKS.md)",
        results.display(),
        md.display()
    );
    node_result?;
    // The server under a login flood: its own figures, after the browser's.
    if opts.wants("login-flood") {
        login_flood::run(&tools, &server)?;
    }
    Ok(())
}

/// A copy of the built viewer to add the static page to (the shared `dist` stays as built).
fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    if !from.join("index.html").is_file() {
        return Err(format!(
            "{} has no index.html: not a built viewer",
            from.display()
        ));
    }
    if to.exists() {
        std::fs::remove_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    }
    copy_tree(from, to)
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from)
        .map_err(|e| format!("{}: {e}", from.display()))?
        .flatten()
    {
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        // Trunk's staging folder is not part of the build.
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if src.is_dir() {
            copy_tree(&src, &dst)?;
        } else {
            std::fs::copy(&src, &dst).map_err(|e| format!("{}: {e}", src.display()))?;
        }
    }
    Ok(())
}

/// The lower bounds the viewer is measured against (`static_page`).
fn write_static_page(content: &Path, dist: &Path, slug: &str) -> Result<(), String> {
    let file = content.join("profiles").join(format!("{slug}.json"));
    let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let profile = profile_model::parse_authoring(&bytes)
        .map_err(|issues| format!("{}: invalid ({} problem(s))", file.display(), issues.len()))?
        .value
        .to_public();
    // The site configuration too: the static page is the whole page the viewer draws with it.
    let site_file = content.join("site.json");
    let site: profile_model::SiteConfig = std::fs::read(&site_file)
        .map_err(|e| e.to_string())
        .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| e.to_string()))
        .map_err(|e| format!("{}: {e}", site_file.display()))?;
    let index =
        std::fs::read_to_string(dist.join("index.html")).map_err(|e| format!("index.html: {e}"))?;
    let css = static_page::stylesheet_hrefs(&index);
    let main_css = css
        .first()
        .ok_or("the built index.html links no stylesheet")?;
    let css: Vec<&str> = css.iter().map(String::as_str).collect();
    let directory = std::sync::Arc::new(DirectoryIndex::new(index_of(content)?));
    for (name, html) in [
        (
            "static-profile.html",
            profile_views::page::static_page(&profile, &site, &css),
        ),
        (
            "static-directory.html",
            profile_views::page::static_directory_page(directory, &site, &css),
        ),
        ("typing-floor.html", static_page::typing_floor(main_css)),
    ] {
        let page = dist.join(name);
        std::fs::write(&page, html).map_err(|e| format!("{}: {e}", page.display()))?;
    }
    Ok(())
}

/// The directory's index of the profiles in `content`, as the server makes it.
fn index_of(content: &Path) -> Result<Vec<profile_model::IndexEntry>, String> {
    let dir = content.join("profiles");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut index = Vec::new();
    for entry in entries.flatten() {
        let file = entry.path();
        if file.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let profile = profile_model::parse_authoring(&bytes).map_err(|issues| {
            format!("{}: invalid ({} problem(s))", file.display(), issues.len())
        })?;
        index.push(profile.value.to_public().index_entry());
    }
    profile_model::IndexEntry::sort(&mut index);
    Ok(index)
}

/// The results as an aligned text table: section, metric, value, budget, verdict.
fn table(json: &serde_json::Value) -> String {
    let str_of = |v: &serde_json::Value, k: &str| {
        v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string()
    };
    let mut rows: Vec<[String; 5]> =
        vec![["section", "metric", "value", "budget", "verdict"].map(String::from)];
    for r in json
        .get("rows")
        .and_then(|r| r.as_array())
        .into_iter()
        .flatten()
    {
        rows.push([
            str_of(r, "section"),
            str_of(r, "metric"),
            str_of(r, "value"),
            str_of(r, "budget"),
            str_of(r, "verdict"),
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    let machine = json.get("machine");
    if let Some(m) = machine {
        out.push_str(&format!(
            "bench {} · {} · {} cores · {}\n",
            str_of(json, "date"),
            str_of(m, "browser"),
            m.get("cores").and_then(|c| c.as_u64()).unwrap_or(0),
            str_of(m, "cpu")
        ));
    }
    for (i, r) in rows.iter().enumerate() {
        let cells: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        out.push_str(cells.join(" | ").trim_end());
        out.push('\n');
        if i == 0 {
            out.push_str(
                &widths
                    .iter()
                    .map(|w| "-".repeat(*w))
                    .collect::<Vec<_>>()
                    .join("-+-"),
            );
            out.push('\n');
        }
    }
    for r in json
        .get("rows")
        .and_then(|r| r.as_array())
        .into_iter()
        .flatten()
    {
        let note = str_of(r, "note");
        if !note.is_empty() {
            out.push_str(&format!("note ({}): {note}\n", str_of(r, "metric")));
        }
    }
    out
}

/// The same rows as a Markdown table, headed by the date and the machine.
fn markdown(json: &serde_json::Value) -> String {
    let get = |v: &serde_json::Value, k: &str| {
        v.get(k)
            .and_then(|x| x.as_str())
            .unwrap_or("")
            .replace('|', "\\|")
    };
    let mut out = String::new();
    if let Some(m) = json.get("machine") {
        out.push_str(&format!(
            "Run of {}: {} cores ({}), {}, load average {}, {} runs per timed figure.\n\n",
            get(json, "date"),
            m.get("cores").and_then(|c| c.as_u64()).unwrap_or(0),
            get(m, "cpu"),
            get(m, "browser"),
            get(m, "load"),
            json.get("runs").and_then(|r| r.as_u64()).unwrap_or(0),
        ));
    }
    out.push_str("| section | metric | value | budget | verdict |\n|---|---|---|---|---|\n");
    for r in json
        .get("rows")
        .and_then(|r| r.as_array())
        .into_iter()
        .flatten()
    {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            get(r, "section"),
            get(r, "metric"),
            get(r, "value"),
            get(r, "budget"),
            get(r, "verdict")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(clap::Parser)]
    struct Bench {
        #[command(flatten)]
        options: Options,
    }

    fn parse(args: &[&str]) -> Result<Options, clap::Error> {
        use clap::Parser;
        Bench::try_parse_from(std::iter::once("bench").chain(args.iter().copied()))
            .map(|b| b.options)
    }

    #[test]
    fn options() {
        let o = parse(&["--runs", "3", "--no-lighthouse"]).unwrap();
        assert_eq!(
            (o.runs, o.lighthouse, o.slug.as_str()),
            (3, false, DEFAULT_SLUG)
        );
        assert!(parse(&[]).unwrap().lighthouse);
        assert!(matches!(
            parse(&["login-flood"]).unwrap().only,
            Some(Only::LoginFlood)
        ));
        let some = parse(&["--sections", "embed, throttled"]).unwrap();
        assert!(some.wants("throttled") && !some.wants("bundle"));
        assert!(parse(&[]).unwrap().wants("bundle"));
        assert!(parse(&["--runs", "x"]).is_err());
        assert!(parse(&["--what"]).is_err());
    }

    #[test]
    fn table_aligns_rows_and_lists_notes() {
        let json = serde_json::json!({"rows": [
            {"section": "bundle", "metric": "total", "value": "120 KB", "budget": "≤ 150 KB", "verdict": "ok"},
            {"section": "lighthouse", "metric": "performance", "value": "n/a", "budget": "≥ 95", "verdict": "n/a", "note": "offline"}
        ]});
        let t = table(&json);
        assert!(
            t.contains("bundle     | total       | 120 KB | ≤ 150 KB | ok"),
            "{t}"
        );
        assert!(t.contains("note (performance): offline"));
        let md = markdown(&json);
        assert!(
            md.contains("| lighthouse | performance | n/a | ≥ 95 | n/a |"),
            "{md}"
        );
    }
}
