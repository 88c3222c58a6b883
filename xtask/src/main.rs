//! `cargo xtask`: command-line entry point; parses arguments and dispatches.

use std::process::ExitCode;
use xtask::release::{self, Bump};

const HELP: &str = "\
Project automation for oss-rs.

USAGE:
    cargo xtask ci
        Run the whole test suite as CI does: fmt, clippy, the Python interop
        virtualenv, the Node.js SDK (npm), tests and doctests, rustdoc, the
        publishing checks (metadata, licenses, cargo package of every crate),
        fuzz corpus replay.
    cargo xtask package
        The publishing checks alone (the CI step package): every crate's
        metadata and license files, then cargo package of all of them.
    cargo xtask release <crate> <major|minor|patch> [--dry-run]
        Bump <crate> and patch-bump the crates depending on it, date their
        changelogs, check packaging, then commit and tag. --dry-run only
        prints what would change.
    cargo xtask bench [--smoke] [--only SCENARIO,...] [--scale F] [--rounds N]
        Run the benchmark suite against a local oss-server (oss-rs, a minimal
        hyper client, opendal, oss2, alibabacloud-oss-v2; criterion for signing
        and checksums) and write BENCHMARKS.md. Scenarios: large-upload,
        large-download, small-put, small-get, list, signing, checksums.
        --smoke: tiny sizes, correctness only (the CI step bench-smoke).
        --scale F: shrink sizes by F in (0, 1]; scaled or --only runs write
        target/bench/BENCHMARKS.md instead. --rounds N: default 3.
    cargo xtask help
        Show this message.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        [] | ["help" | "--help" | "-h"] => {
            print!("{HELP}");
            Ok(())
        }
        ["ci"] => xtask::ci::run(&xtask::workspace_root()),
        ["package"] => xtask::package::check(&xtask::workspace_root()),
        ["bench", rest @ ..] => xtask::bench::Options::parse(rest)
            .and_then(|options| xtask::bench::run(&xtask::workspace_root(), &options)),
        ["release", rest @ ..] => release_command(rest),
        _ => Err(format!(
            "unrecognised arguments `{}`; see `cargo xtask help`",
            args.join(" ")
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn release_command(args: &[&str]) -> Result<(), String> {
    let dry_run = args.contains(&"--dry-run");
    let positional: Vec<&str> = args
        .iter()
        .copied()
        .filter(|arg| *arg != "--dry-run")
        .collect();
    let [crate_name, bump] = positional.as_slice() else {
        return Err("usage: cargo xtask release <crate> <major|minor|patch> [--dry-run]".into());
    };
    let bump: Bump = bump.parse()?;
    let report = release::run(&xtask::workspace_root(), crate_name, bump, dry_run)?;
    let order: Vec<&str> = report.released.iter().map(|r| r.name.as_str()).collect();
    if report.dry_run {
        println!("Dry run: nothing was changed.");
    } else {
        let tags: Vec<String> = report.released.iter().map(|r| r.tag()).collect();
        println!(
            "Committed \"{}\" and tagged {}.",
            report.commit_message,
            tags.join(", ")
        );
        println!(
            "Next: git push --follow-tags, then publish in this order: {}",
            order.join(", ")
        );
    }
    Ok(())
}
