//! `cargo xtask ci`: the project's single test command, as an ordered list of steps.
//!
//! CI runs it on a fresh machine, so each step installs what it needs. Steps run
//! in order and the first failure stops the run.

use crate::{bench, node, package, process, venv};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One named stage of the pipeline.
pub struct Step {
    /// Short name shown in headers and the summary.
    pub name: &'static str,
    /// Does the work; `Ok(Some(reason))` means the step was skipped.
    pub run: fn(&mut Context) -> Result<Option<String>, String>,
}

/// State shared between steps.
pub struct Context {
    /// The workspace root.
    pub root: PathBuf,
    /// The interop virtualenv's interpreter, once the `interop-venv` step made it.
    pub python: Option<PathBuf>,
    /// The npm install of the Node.js SDK, once the `interop-node` step made it.
    pub node: Option<PathBuf>,
    /// Chromium, for the browser upload test, once the `browser` step found or installed it.
    pub chromium: Option<PathBuf>,
}

/// Every CI step, in order. Add new steps (a benchmark smoke run, say) here.
pub const STEPS: &[Step] = &[
    Step {
        name: "fmt",
        run: fmt,
    },
    Step {
        name: "clippy",
        run: clippy,
    },
    Step {
        name: "interop-venv",
        run: interop_venv,
    },
    Step {
        name: "interop-node",
        run: interop_node,
    },
    Step {
        name: "browser",
        run: browser,
    },
    Step {
        name: "test",
        run: test,
    },
    Step {
        name: "bench-smoke",
        run: bench_smoke,
    },
    Step {
        name: "doc",
        run: doc,
    },
    Step {
        name: "package",
        run: package_crates,
    },
    Step {
        name: "fuzz-replay",
        run: fuzz_replay,
    },
];

/// Runs every step, printing a header for each and a summary at the end.
pub fn run(root: &Path) -> Result<(), String> {
    let mut context = Context {
        root: root.to_path_buf(),
        python: None,
        node: None,
        chromium: None,
    };
    let mut results = Vec::new();
    for (number, step) in STEPS.iter().enumerate() {
        println!(
            "\n==> ci step {}/{}: {}",
            number + 1,
            STEPS.len(),
            step.name
        );
        let started = Instant::now();
        let skipped = (step.run)(&mut context)
            .map_err(|err| format!("ci step `{}` failed: {err}", step.name))?;
        let seconds = started.elapsed().as_secs();
        results.push(match skipped {
            Some(reason) => {
                println!("skipped: {reason}");
                format!("{} (skipped)", step.name)
            }
            None => format!("{} ({seconds}s)", step.name),
        });
    }
    println!("\nci: all steps passed: {}", results.join(", "));
    Ok(())
}

fn fmt(context: &mut Context) -> Result<Option<String>, String> {
    run_step(cargo_in(context).args(["fmt", "--all", "--check"]))
}

fn clippy(context: &mut Context) -> Result<Option<String>, String> {
    run_step(cargo_in(context).args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
}

fn interop_venv(context: &mut Context) -> Result<Option<String>, String> {
    context.python = venv::ensure(&context.root)?;
    Ok(context.python.is_none().then(|| {
        let missing = venv::requirements_path(&context.root);
        format!("{} does not exist yet", missing.display())
    }))
}

/// Without npm the Node.js interop tests can only be skipped, which is allowed unless
/// `OSS_RS_REQUIRE_INTEROP` asks for every interop test to run.
fn interop_node(context: &mut Context) -> Result<Option<String>, String> {
    if !node::npm_available() {
        if std::env::var_os("OSS_RS_REQUIRE_INTEROP").is_some() {
            return Err("npm is not installed, and OSS_RS_REQUIRE_INTEROP is set".into());
        }
        return Ok(Some("npm is not installed".into()));
    }
    context.node = Some(node::ensure(&context.root)?);
    Ok(None)
}

/// Where Debian's Chromium puts its command.
const CHROMIUM: &str = "/usr/bin/chromium";

/// Debian's Chromium for the browser upload test, installed with apt when absent and this
/// is root (as CI is); elsewhere the test is skipped.
fn browser(context: &mut Context) -> Result<Option<String>, String> {
    let chromium = Path::new(CHROMIUM);
    if !chromium.exists() {
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0");
        if !root {
            return Ok(Some(format!(
                "{CHROMIUM} is not installed (`apt-get install chromium` as root)"
            )));
        }
        println!("installing Debian's chromium for the browser upload test");
        process::run(Command::new("apt-get").args(["update", "-qq"]))?;
        process::run(
            Command::new("apt-get")
                .args(["install", "-y", "-qq", "chromium"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )?;
        if !chromium.exists() {
            return Err(format!(
                "apt-get installed chromium, but {CHROMIUM} is missing"
            ));
        }
    }
    context.chromium = Some(chromium.to_path_buf());
    Ok(None)
}

/// `--all-targets` also runs each criterion bench once in test mode, a cheap
/// check that the benches still work; doctests need their own invocation.
fn test(context: &mut Context) -> Result<Option<String>, String> {
    for args in [
        &["test", "--workspace", "--all-targets"][..],
        &["test", "--workspace", "--doc"],
    ] {
        let mut cargo = cargo_in(context);
        cargo.args(args);
        // With a tool missing, requiring interop would fail tests for it; the tools that are
        // there still run, as their paths are passed.
        if let Some(python) = &context.python {
            cargo.env("OSS_RS_PYTHON", python);
        }
        if let Some(node) = &context.node {
            cargo.env("OSS_RS_NODE_DIR", node);
        }
        if let Some(chromium) = &context.chromium {
            cargo.env("OSS_RS_CHROMIUM", chromium);
        }
        if context.python.is_some() && context.node.is_some() && context.chromium.is_some() {
            cargo.env("OSS_RS_REQUIRE_INTEROP", "1");
        }
        run_step(&mut cargo)?;
    }
    Ok(None)
}

/// The benchmark harness at tiny sizes (`cargo xtask bench --smoke`): builds it, runs our
/// client and the `oss2` peer through every scenario, checks correctness, times nothing.
fn bench_smoke(context: &mut Context) -> Result<Option<String>, String> {
    let options = bench::Options::parse(&["--smoke"])?;
    bench::run(&context.root, &options).map(|()| None)
}

fn doc(context: &mut Context) -> Result<Option<String>, String> {
    run_step(
        cargo_in(context)
            .args(["doc", "--workspace", "--no-deps"])
            .env("RUSTDOCFLAGS", "-D warnings"),
    )
}

/// Every released crate's metadata, license files and `cargo package`.
fn package_crates(context: &mut Context) -> Result<Option<String>, String> {
    package::check(&context.root).map(|()| None)
}

/// The fuzz crate is its own workspace; its replay test feeds every corpus file
/// through the targets' code on stable, without libFuzzer's engine.
fn fuzz_replay(context: &mut Context) -> Result<Option<String>, String> {
    let manifest = context.root.join("fuzz/Cargo.toml");
    if !manifest.exists() {
        return Ok(Some("fuzz/Cargo.toml does not exist yet".into()));
    }
    run_step(
        cargo_in(context)
            .arg("test")
            .arg("--manifest-path")
            .arg(manifest)
            // Keeps build output in the main target/ rather than fuzz/target/.
            .env("CARGO_TARGET_DIR", context.root.join("target/fuzz")),
    )
}

fn cargo_in(context: &Context) -> std::process::Command {
    let mut cargo = process::cargo();
    cargo.current_dir(&context.root);
    cargo
}

/// Runs a step's command; a step that ran is not skipped.
fn run_step(command: &mut std::process::Command) -> Result<Option<String>, String> {
    process::run(command).map(|()| None)
}
