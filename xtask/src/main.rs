//! The project's task runner: `cargo xtask <command>` (alias in `.cargo/config.toml`);
//! `cargo xtask --help` lists the commands and their flags.

mod bench;
mod build;
mod embed_css;
#[cfg(test)]
mod module_graph;
mod paths;
mod post_build;
mod postgres;
mod precache;
mod precompress;
mod process;
mod scripts;
mod serve;
mod test;
mod tools;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Build, serve, test and measure the profile viewer"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install what is missing, build the viewer in release and run the reference server
    /// with the sample content (and the news-site example beside it).
    Serve(serve::Options),
    /// Install what is missing, run every test layer (or one), print `N passed, N failed`.
    Test {
        #[arg(value_enum)]
        layer: Option<test::Layer>,
    },
    /// The release build of the viewer into `dist/`.
    Build,
    /// The performance figures, each beside its budget (reported, never asserted).
    Bench(bench::Options),
    /// Run the model's fuzz target for a bounded time (outside CI).
    Fuzz {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Trunk's pre-build hook: the stylesheet's parts bundled into one file.
    PreBuild,
    /// Trunk's post-build hook: external loader, embed.js and the embed's stylesheet, the
    /// service worker's precache list.
    PostBuild,
    /// The service worker's precache list for a finished build folder.
    Precache {
        #[arg(default_value = "dist")]
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(options) => serve::run(&options),
        Command::Test { layer } => test::run(layer),
        Command::Build => {
            tools::ensure_build_tools().and_then(|t| build::viewer(&t, &paths::dist_dir()))
        }
        Command::Bench(options) => bench::run(&options),
        Command::Fuzz { args } => fuzz(&args),
        Command::PreBuild => pre_build(),
        Command::PostBuild => post_build::run(),
        Command::Precache { dir } => precache::write(&dir),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask fuzz [SECONDS] [RUNS]`: libFuzzer on the content parser and the public
/// projection (crates/profile-model/fuzz), on the stable toolchain: the coverage
/// instrumentation cargo-fuzz asks nightly for is plain `-C` codegen options. At the lowest
/// CPU priority, one process (one core); the corpus grows under target/fuzz/corpus.
/// Trunk links files as they are, so the stylesheet's `@import`s are joined before it reads
/// index.html (pre-build hooks run first).
fn pre_build() -> Result<(), String> {
    let source = std::env::var_os("TRUNK_SOURCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(paths::root);
    let css = paths::stylesheet(&source)?;
    let out = source.join(paths::STYLESHEET_BUNDLE);
    let written = out
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&out, css));
    written.map_err(|e| format!("{}: {e}", out.display()))
}

fn fuzz(args: &[String]) -> Result<(), String> {
    let seconds = args.first().map_or("300", String::as_str);
    let runs = args.get(1).map_or("-1", String::as_str);
    let root = paths::root();
    let fuzz_dir = root.join("crates/profile-model/fuzz");
    let target_dir = root.join("target/fuzz");
    let host = process::output("rustc", &["-vV"])
        .and_then(|v| {
            v.lines()
                .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        })
        .ok_or("cannot read the host target from rustc -vV")?;
    // What cargo-fuzz passes (sanitizer none); --target keeps it off build scripts.
    let rustflags = [
        "-Cpasses=sancov-module",
        "-Cllvm-args=-sanitizer-coverage-level=4",
        "-Cllvm-args=-sanitizer-coverage-inline-8bit-counters",
        "-Cllvm-args=-sanitizer-coverage-pc-table",
        "-Cllvm-args=-sanitizer-coverage-trace-compares",
        "--cfg fuzzing",
        "-Cdebug-assertions",
        "-Coverflow-checks",
    ]
    .join(" ");
    process::run(
        process::cmd("cargo")
            .current_dir(&fuzz_dir)
            .env("RUSTFLAGS", rustflags)
            .env("CARGO_TARGET_DIR", &target_dir)
            .args(["build", "--release", "--target", &host, "--bin", "parse"]),
    )?;
    let corpus = target_dir.join("corpus/parse");
    std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    // Seeds: the checked-in corpus and the sample profiles.
    for dir in [fuzz_dir.join("corpus/parse"), root.join("content/profiles")] {
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if let Some(name) = path.file_name() {
                std::fs::copy(&path, corpus.join(name))
                    .map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
    }
    let binary = target_dir.join(&host).join("release/parse");
    process::run(
        process::cmd("nice")
            .current_dir(&root)
            .args(["-n", "19"])
            .arg(binary)
            .arg(&corpus)
            .arg(format!("-dict={}", fuzz_dir.join("json.dict").display()))
            .arg(format!("-max_total_time={seconds}"))
            .arg(format!("-runs={runs}"))
            .args(["-max_len=65536", "-print_final_stats=1"])
            .arg(format!("-artifact_prefix={}/", target_dir.display())),
    )
}
