//! `cargo xtask bench [--smoke] [--only SCENARIO,...] [--scale F] [--rounds N]`: the benchmark
//! suite of `BENCHMARKS.md`.
//!
//! One `oss-server --memory --no-md5-etags` serves every client; each client is its own
//! process (`oss-bench`, the minimal hyper client `oss-bench-hyper`, the opendal peer, the
//! `oss2` and `alibabacloud-oss-v2` peers), run one after another per scenario, round after
//! round, so that ratios come from the same conditions. Each prints one JSON line (wall, its
//! own user and system CPU, peak RSS, what it checked); this module checks correctness
//! (uploads by the stored object's size and CRC-64, downloads by the size and CRC-64 of the
//! file the client wrote and of the CRC-64 it reported, small GETs and listings inside the
//! clients), runs criterion for signing and checksums, and writes the report ([`report`],
//! [`markdown`]).
//! The large files (the one uploaded, the one downloaded) live on tmpfs (`/dev/shm`) when
//! there is one, so that the disk is not what is measured. Every client's JSON line is also
//! kept in `target/bench/results.jsonl`.
//!
//! `--smoke` is the CI step `bench-smoke`: tiny sizes, debug builds, `oss-bench` and the
//! `oss2` peer only, no criterion, correctness only, nothing written to `BENCHMARKS.md`.
//! A run that is scaled, restricted with `--only` or a smoke run writes its report under
//! `target/bench/` instead of the root.

mod json;
pub mod markdown;
mod options;
pub mod report;
mod runner;

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{process, venv};
pub use options::{Options, Sizes};
use report::{CriterionResult, Machine, Suite};
use runner::{Helper, Runner, Server};

/// The access key pair the server is started with.
const ACCESS_KEY: (&str, &str) = ("oss-bench-ak", "oss-bench-secret");
/// The one bucket every scenario uses.
const BUCKET: &str = "oss-bench";
/// The server's default region.
const REGION: &str = "cn-hangzhou";
/// The large object's key.
const LARGE_KEY: &str = "large/object.bin";

/// The scenarios run by clients, then the criterion ones.
pub const SCENARIOS: [&str; 7] = [
    "large-upload",
    "large-download",
    "small-put",
    "small-get",
    "list",
    "signing",
    "checksums",
];

/// One benchmark client: how to start it.
#[derive(Debug, Clone)]
pub struct Client {
    /// Its name in reports.
    pub name: &'static str,
    /// What it is, in the report's words.
    pub description: &'static str,
    program: PathBuf,
    leading_args: Vec<OsString>,
}

impl Client {
    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.leading_args);
        // Keeps __pycache__ out of bench/peers.
        command.env("PYTHONDONTWRITEBYTECODE", "1");
        command
    }
}

/// Runs the suite and writes the report.
pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let sizes = if options.smoke {
        Sizes::smoke()
    } else {
        Sizes::scaled(options.scale)
    };
    let work_dir = root.join("target/bench");
    let data_dir = data_dir(&work_dir);
    for dir in [&work_dir, &data_dir] {
        fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    }

    let profile = if options.smoke { "debug" } else { "release" };
    build(root, options)?;
    let python = venv::ensure(root)?;
    let clients = clients(root, options, profile, python.as_deref());
    let binaries = cargo_target_dir(root).join(profile);

    let mut suite = Suite::new(options.clone(), sizes, Machine::read(python.as_deref()));
    suite.clients = clients
        .iter()
        .map(|c| (c.name.to_owned(), c.description.to_owned()))
        .collect();
    let server = Server::start(&binaries.join("oss-server"))?;
    println!("oss-server at {}", server.endpoint);
    let helper = Helper {
        program: binaries.join("oss-bench"),
        target: target_args(&server.endpoint),
    };
    helper.call("create-bucket", &[])?;
    let large_file = data_dir.join(format!("large-{}.bin", sizes.large_size));
    let large_crc = if options.runs("large-upload") || options.runs("large-download") {
        let prepared = helper.call(
            "prepare",
            &[
                "--file".into(),
                large_file.display().to_string(),
                "--size".into(),
                sizes.large_size.to_string(),
            ],
        )?;
        text_field(&prepared, "crc64")?
    } else {
        String::new()
    };

    let results = work_dir.join("results.jsonl");
    let _ = fs::remove_file(&results);
    let runner = Runner {
        results: &results,
        server: &server,
        helper: &helper,
        sizes,
        large_file: &large_file,
        download_file: &data_dir.join("download.bin"),
        large_crc: &large_crc,
        tools: binaries.join("oss-bench-hyper"),
        loopback: !options.smoke,
    };
    if options.runs("list") {
        println!("populating {} keys for the listing", sizes.list_count);
        helper.call(
            "small-put",
            &runner.small_args("list/", sizes.list_count, 0),
        )?;
    }
    for round in 1..=options.rounds {
        runner.round(round, options, &clients, &mut suite);
    }
    drop(server);
    if data_dir != work_dir {
        let _ = fs::remove_dir_all(&data_dir);
    } else {
        let _ = fs::remove_file(&large_file);
    }

    if options.runs("signing") {
        suite.signing = criterion(root, "oss-auth", "signing", SIGNING_BENCHES)?;
    }
    if options.runs("checksums") {
        suite.checksums = criterion(root, "oss-checksum", "checksums", CHECKSUM_BENCHES)?;
    }
    suite.duration_seconds = started.elapsed().as_secs_f64();
    finish(root, options, &suite, &work_dir)
}

/// Where the large files go: tmpfs when the machine has one (kept in memory, never flushed
/// to a disk), else `target/bench`.
fn data_dir(work_dir: &Path) -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.join("oss-bench")
    } else {
        work_dir.to_path_buf()
    }
}

/// Writes the report where it belongs and turns failures into an error.
fn finish(root: &Path, options: &Options, suite: &Suite, work_dir: &Path) -> Result<(), String> {
    println!("\n{}", suite.summary_text());
    if options.smoke {
        if suite.failures.is_empty() {
            println!("bench smoke: every client and scenario passed its checks");
            return Ok(());
        }
        return Err(format!(
            "bench smoke failed:\n  {}",
            suite.failures.join("\n  ")
        ));
    }
    let path = if options.is_full_run() {
        root.join("BENCHMARKS.md")
    } else {
        work_dir.join("BENCHMARKS.md")
    };
    let previous = fs::read_to_string(&path).unwrap_or_default();
    fs::write(&path, markdown::merge(&previous, &suite.markdown()))
        .map_err(|e| format!("writing {}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    if suite.failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} run(s) failed:\n  {}",
            suite.failures.len(),
            suite.failures.join("\n  ")
        ))
    }
}

/// A cargo command in `root`.
fn cargo_in(root: &Path) -> Command {
    let mut cargo = process::cargo();
    cargo.current_dir(root);
    cargo
}

/// Builds the server and the Rust clients; the opendal peer with its own manifest.
fn build(root: &Path, options: &Options) -> Result<(), String> {
    let mut cargo = cargo_in(root);
    cargo.args(["build", "-p", "oss-server", "-p", "oss-bench"]);
    if !options.smoke {
        cargo.arg("--release");
    }
    process::run(&mut cargo)?;
    if !options.smoke && needs_client_runs(options) {
        process::run(
            cargo_in(root)
                .args(["build", "--release", "--manifest-path"])
                .arg(root.join("bench/peers/opendal/Cargo.toml"))
                .env("CARGO_TARGET_DIR", opendal_target(root)),
        )?;
    }
    Ok(())
}

fn needs_client_runs(options: &Options) -> bool {
    SCENARIOS[..5].iter().any(|s| options.runs(s))
}

fn opendal_target(root: &Path) -> PathBuf {
    root.join("target/opendal-peer")
}

/// Every client of this run, ours first.
fn clients(root: &Path, options: &Options, profile: &str, python: Option<&Path>) -> Vec<Client> {
    let binaries = cargo_target_dir(root).join(profile);
    let peer = |script: &str| {
        vec![
            OsString::from("-u"),
            root.join("bench/peers").join(script).into(),
        ]
    };
    let mut clients = vec![Client {
        name: "oss-rs",
        description: "this workspace's SDK: `oss-transfer`'s Uploader and Downloader for the large object, `oss-client` for the rest, defaults (V4, CRC-64 on), `bench/src/sdk_client.rs`",
        program: binaries.join("oss-bench"),
        leading_args: Vec::new(),
    }];
    if !options.smoke {
        clients.push(Client {
            name: "hyper",
            description: "the server's ceiling: bare V4-signed requests, one hyper connection per task, `bench/src/hyper_client.rs`",
            program: binaries.join("oss-bench-hyper"),
            leading_args: Vec::new(),
        });
        clients.push(Client {
            name: "opendal",
            description: "`opendal` 0.59.5, OSS service (V1 signing, its default; no CRC checks), default features off, reqwest without TLS, `bench/peers/opendal`",
            program: opendal_target(root).join("release/oss-bench-opendal"),
            leading_args: Vec::new(),
        });
    }
    if let Some(python) = python {
        clients.push(Client {
            name: "oss2",
            description: "`oss2` 2.19.1 (`AuthV4`, `enable_crc=True`, crcmod's C extension), `bench/peers/oss2_bench.py`",
            program: python.to_path_buf(),
            leading_args: peer("oss2_bench.py"),
        });
        if !options.smoke {
            clients.push(Client {
                name: "alibabacloud-oss-v2",
                description:
                    "`alibabacloud-oss-v2` 1.4.1 (defaults: V4, CRC-64 checks on; crcmod's C extension), `bench/peers/v2_bench.py`",
                program: python.to_path_buf(),
                leading_args: peer("v2_bench.py"),
            });
        }
    }
    clients
}

/// `--endpoint ... --bucket ...` for `endpoint`.
fn target_args(endpoint: &str) -> Vec<String> {
    [
        ("--endpoint", endpoint),
        ("--access-key-id", ACCESS_KEY.0),
        ("--access-key-secret", ACCESS_KEY.1),
        ("--region", REGION),
        ("--bucket", BUCKET),
    ]
    .iter()
    .flat_map(|(name, value)| [name.to_string(), value.to_string()])
    .collect()
}

/// A string field of a one-line JSON object.
fn text_field(line: &str, name: &str) -> Result<String, String> {
    json::parse(line)?
        .get(name)
        .and_then(json::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("no {name:?} in {line}"))
}

/// The signing benchmarks of `oss-auth` (criterion ids).
const SIGNING_BENCHES: &[&str] = &[
    "v4_sign_headers",
    "v1_sign_headers",
    "v4_presign",
    "v1_presign",
];
/// The checksum benchmarks of `oss-checksum` (1 MiB inputs).
const CHECKSUM_BENCHES: &[&str] = &[
    "checksum_1MiB/crc64",
    "checksum_1MiB/crc64_portable",
    "checksum_1MiB/md5",
];

/// Runs one criterion bench target and reads the median of each benchmark.
fn criterion(
    root: &Path,
    package: &str,
    bench: &str,
    ids: &[&str],
) -> Result<Vec<CriterionResult>, String> {
    process::run(
        cargo_in(root).args(["bench", "-p", package, "--bench", bench, "--", "--noplot"]),
    )?;
    ids.iter()
        .map(|id| {
            let path = cargo_target_dir(root)
                .join("criterion")
                .join(id)
                .join("new/estimates.json");
            let text = fs::read_to_string(&path)
                .map_err(|e| format!("reading {}: {e}", path.display()))?;
            let estimates = json::parse(&text)?;
            let estimate = |name: &str| {
                estimates
                    .get(name)
                    .and_then(|m| m.get("point_estimate"))
                    .and_then(json::Value::as_f64)
            };
            let lower = estimates
                .get("median")
                .and_then(|m| m.get("confidence_interval"))
                .and_then(|c| c.get("lower_bound"))
                .and_then(json::Value::as_f64);
            let upper = estimates
                .get("median")
                .and_then(|m| m.get("confidence_interval"))
                .and_then(|c| c.get("upper_bound"))
                .and_then(json::Value::as_f64);
            Ok(CriterionResult {
                id: (*id).to_owned(),
                median_ns: estimate("median").ok_or("no median estimate")?,
                interval_ns: lower.zip(upper),
            })
        })
        .collect()
}

/// Where cargo puts build output: `CARGO_TARGET_DIR` (relative to the workspace root when
/// relative) or `<root>/target`.
fn cargo_target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => root.join("target"),
    }
}
