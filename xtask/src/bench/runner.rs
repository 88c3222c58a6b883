//! Running the clients against the server: the server process, `oss-bench`'s helper
//! subcommands, and a round of scenarios with its correctness checks.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::report::{Sample, Suite};
use super::{json, text_field, Client, Options, Sizes, ACCESS_KEY, LARGE_KEY, SCENARIOS};
use crate::process;

/// `oss-server --memory --no-md5-etags`, stopped when dropped.
pub(super) struct Server {
    child: Child,
    pub(super) endpoint: String,
}

impl Server {
    pub(super) fn start(program: &Path) -> Result<Server, String> {
        let credential = format!("{}:{}", ACCESS_KEY.0, ACCESS_KEY.1);
        let mut child = Command::new(program)
            .args(["--listen", "127.0.0.1:0", "--memory", "--no-md5-etags"])
            .args(["--credential", &credential])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
        let mut first = String::new();
        let stdout = child.stdout.take().ok_or("no server stdout")?;
        let read = BufReader::new(stdout).read_line(&mut first);
        match (read, first.trim().strip_prefix("listening on ")) {
            (Ok(_), Some(endpoint)) => Ok(Server {
                endpoint: endpoint.to_owned(),
                child,
            }),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                Err(format!("oss-server did not start: {first:?}"))
            }
        }
    }

    /// The server process's CPU seconds so far (user + system).
    fn cpu_seconds(&self) -> f64 {
        let path = format!("/proc/{}/stat", self.child.id());
        let Ok(stat) = fs::read_to_string(path) else {
            return 0.0;
        };
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map_or("", |(_, rest)| rest)
            .split_whitespace()
            .collect();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        (ticks(11) + ticks(12)) / 100.0
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `oss-bench`'s helper subcommands (and unrecorded runs that set data up).
pub(super) struct Helper {
    pub(super) program: PathBuf,
    pub(super) target: Vec<String>,
}

impl Helper {
    /// Runs `oss-bench SUBCOMMAND ARGS [target]` and returns its last stdout line.
    pub(super) fn call(&self, subcommand: &str, args: &[String]) -> Result<String, String> {
        let mut command = Command::new(&self.program);
        command.arg(subcommand).args(args);
        if subcommand != "prepare" && subcommand != "crc-file" {
            command.args(&self.target);
        }
        let out = process::output(&mut command)?;
        out.lines()
            .last()
            .map(str::to_owned)
            .ok_or_else(|| format!("oss-bench {subcommand} printed nothing"))
    }
}

/// Runs the client scenarios of a round and records samples and failures.
pub(super) struct Runner<'a> {
    pub(super) server: &'a Server,
    pub(super) helper: &'a Helper,
    pub(super) sizes: Sizes,
    pub(super) large_file: &'a Path,
    pub(super) download_file: &'a Path,
    pub(super) large_crc: &'a str,
    /// Every client's JSON line goes here too.
    pub(super) results: &'a Path,
    /// `oss-bench-hyper`, which runs the floor programs and the loopback ceiling.
    pub(super) tools: PathBuf,
    /// Whether to measure the loopback ceiling.
    pub(super) loopback: bool,
}

impl Runner<'_> {
    fn large_args(&self, upload: bool) -> Vec<String> {
        let mut args = vec![
            "--key".to_owned(),
            LARGE_KEY.to_owned(),
            "--part-size".to_owned(),
            self.sizes.part_size.to_string(),
            "--concurrency".to_owned(),
            self.sizes.large_concurrency.to_string(),
        ];
        if upload {
            args.extend(["--file".to_owned(), self.large_file.display().to_string()]);
        } else {
            args.extend([
                "--size".to_owned(),
                self.sizes.large_size.to_string(),
                "--output".to_owned(),
                self.download_file.display().to_string(),
            ]);
        }
        args
    }

    pub(super) fn small_args(&self, prefix: &str, count: u64, size: u64) -> Vec<String> {
        [
            ("--prefix", prefix.to_owned()),
            ("--count", count.to_string()),
            ("--object-size", size.to_string()),
            ("--concurrency", self.sizes.small_concurrency.to_string()),
        ]
        .into_iter()
        .flat_map(|(name, value)| [name.to_owned(), value])
        .collect()
    }

    fn scenario_args(&self, scenario: &str) -> Vec<String> {
        match scenario {
            "large-upload" => self.large_args(true),
            "large-download" => self.large_args(false),
            "small-put" | "small-get" => {
                self.small_args("small/", self.sizes.small_count, self.sizes.small_size)
            }
            _ => vec![
                "--prefix".to_owned(),
                "list/".to_owned(),
                "--expect-count".to_owned(),
                self.sizes.list_count.to_string(),
            ],
        }
    }

    pub(super) fn round(
        &self,
        round: usize,
        options: &Options,
        clients: &[Client],
        suite: &mut Suite,
    ) {
        let total = options.rounds;
        for scenario in &SCENARIOS[..5] {
            if !options.runs(scenario) {
                continue;
            }
            if let Err(error) = self.seed(scenario, options) {
                suite
                    .failures
                    .push(format!("round {round}: seeding {scenario}: {error}"));
                continue;
            }
            for client in clients {
                println!("round {round}/{total} {scenario} {}", client.name);
                match self.run(client, scenario, round) {
                    Ok(sample) => {
                        println!("  {}", sample.one_line());
                        suite.samples.push(sample);
                    }
                    Err(error) => {
                        println!("  FAILED: {error}");
                        suite.failures.push(format!(
                            "round {round}: {scenario} {}: {error}",
                            client.name
                        ));
                    }
                }
            }
            if let Err(error) = self.floors(scenario, round, suite) {
                suite
                    .failures
                    .push(format!("round {round}: floor of {scenario}: {error}"));
            }
        }
    }

    /// After a large transfer's clients: the floor programs of the same work (and the
    /// loopback ceiling after the download).
    fn floors(&self, scenario: &str, round: usize, suite: &mut Suite) -> Result<(), String> {
        let size = self.sizes.large_size.to_string();
        let concurrency = self.sizes.large_concurrency.to_string();
        let runs: Vec<Vec<String>> = match scenario {
            "large-upload" => vec![
                vec![
                    "floor-upload".into(),
                    "--file".into(),
                    self.large_file.display().to_string(),
                    "--concurrency".into(),
                    concurrency,
                ],
                vec!["floor-crc64".into(), "--size".into(), size],
            ],
            "large-download" => {
                let mut runs = vec![vec![
                    "floor-download".into(),
                    "--output".into(),
                    self.download_file.display().to_string(),
                    "--size".into(),
                    size.clone(),
                    "--concurrency".into(),
                    concurrency.clone(),
                ]];
                if self.loopback {
                    runs.push(vec![
                        "loopback".into(),
                        "--size".into(),
                        size,
                        "--concurrency".into(),
                        concurrency,
                    ]);
                }
                runs
            }
            _ => Vec::new(),
        };
        for args in runs {
            println!("round {round} {}", args[0]);
            let line = last_line(Command::new(&self.tools).args(&args))?;
            self.keep(&line, round);
            let sample = Sample::from_json(&line, round)?;
            println!("  {}", sample.one_line());
            suite.samples.push(sample);
        }
        Ok(())
    }

    /// Puts in place what a scenario reads when the scenario writing it is not selected.
    fn seed(&self, scenario: &str, options: &Options) -> Result<(), String> {
        let (writer, args) = match scenario {
            "large-download" if !options.runs("large-upload") => {
                ("large-upload", self.large_args(true))
            }
            "small-get" if !options.runs("small-put") => {
                ("small-put", self.scenario_args("small-put"))
            }
            _ => return Ok(()),
        };
        self.helper.call(writer, &args).map(drop)
    }

    fn run(&self, client: &Client, scenario: &str, round: usize) -> Result<Sample, String> {
        let mut command = client.command();
        command
            .arg(scenario)
            .args(&self.helper.target)
            .args(self.scenario_args(scenario));
        let server_before = self.server.cpu_seconds();
        let line = last_line(&mut command)?;
        let server_cpu = self.server.cpu_seconds() - server_before;
        self.keep(&line, round);
        let mut sample = Sample::from_json(&line, round)?;
        sample.server_cpu = server_cpu;
        match scenario {
            "large-upload" => self.check_stored_object()?,
            "large-download" => self.check_downloaded_file(&sample)?,
            _ => {}
        }
        Ok(sample)
    }

    /// The downloaded file must be the uploaded one; a CRC-64 the client reports must agree.
    fn check_downloaded_file(&self, sample: &Sample) -> Result<(), String> {
        let file = self.download_file.display().to_string();
        let checked = self.helper.call("crc-file", &["--file".to_owned(), file]);
        let _ = fs::remove_file(self.download_file);
        let checked = checked?;
        let crc = text_field(&checked, "crc64")?;
        if crc != self.large_crc {
            return Err(format!(
                "the downloaded file's CRC-64 is {crc}, expected {}",
                self.large_crc
            ));
        }
        match sample.crc64.as_deref() {
            Some(reported) if reported != self.large_crc => Err(format!(
                "the client reported CRC-64 {reported}, expected {}",
                self.large_crc
            )),
            _ => Ok(()),
        }
    }

    /// The uploaded object must have the file's size and CRC-64.
    fn check_stored_object(&self) -> Result<(), String> {
        let head = self
            .helper
            .call("head", &["--key".to_owned(), LARGE_KEY.to_owned()])?;
        let crc = text_field(&head, "crc64")?;
        let size = json::parse(&head)?
            .get("size")
            .and_then(json::Value::as_f64)
            .unwrap_or(-1.0);
        if crc != self.large_crc || size != self.sizes.large_size as f64 {
            return Err(format!(
                "stored object: size {size}, CRC-64 {crc}; expected {} and {}",
                self.sizes.large_size, self.large_crc
            ));
        }
        Ok(())
    }

    /// Appends a client's line, with its round, to `target/bench/results.jsonl`.
    fn keep(&self, line: &str, round: usize) {
        use std::io::Write as _;
        let file = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.results);
        if let Ok(mut file) = file {
            let _ = writeln!(file, "{{\"round\":{round},{}", line.trim_start_matches('{'));
        }
    }
}

/// Runs a client and returns the JSON line it printed last; its stderr on failure.
fn last_line(command: &mut Command) -> Result<String, String> {
    let line = process::describe(command);
    let out = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not start `{line}`: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'));
    match last {
        Some(last) if out.status.success() => Ok(last.to_owned()),
        _ => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let tail: Vec<&str> = stderr.lines().rev().take(12).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            Err(format!(
                "`{line}` failed ({}): {}\n{}",
                out.status,
                last.unwrap_or(""),
                tail.join("\n")
            ))
        }
    }
}
