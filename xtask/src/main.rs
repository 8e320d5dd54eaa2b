//! The project's task runner: `cargo xtask <command>` (alias in `.cargo/config.toml`);
//! `cargo xtask --help` lists the commands and their flags.

mod bench;
mod build;
mod embed_css;
mod paths;
mod post_build;
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

fn fuzz(args: &[String]) -> Result<(), String> {
    let seconds = args.first().map(String::as_str).unwrap_or("300");
    let root = paths::root();
    if process::output("cargo", &["+nightly", "fuzz", "--version"]).is_none() {
        process::run(process::cmd("cargo").args(["install", "cargo-fuzz", "--locked"]))?;
    }
    process::run(process::cmd("cargo").current_dir(&root).args([
        "+nightly",
        "fuzz",
        "run",
        "--fuzz-dir",
        "crates/profile-model/fuzz",
        "parse",
        "--",
        "-dict=crates/profile-model/fuzz/json.dict",
        &format!("-max_total_time={seconds}"),
    ]))
}
