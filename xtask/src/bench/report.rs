//! The benchmark's results: samples from the clients, medians over rounds, ratios against the
//! peers and the issue's targets (their Markdown is in [`markdown`](super::markdown)).

use std::path::Path;

use super::json::{self, Value};
use super::{Options, Sizes};

/// The client whose numbers the targets are about.
pub(super) const OURS: &str = "oss-rs";
/// The name the floor programs report under.
pub(super) const FLOOR: &str = "floor";
/// The floor programs behind each large scenario: the transfer's, then the CRC-64 pass
/// every client makes (CRC-64 is on for all of them).
pub(super) const FLOORS: [(&str, [&str; 2]); 2] = [
    ("large-upload", ["floor-upload", "floor-crc64"]),
    ("large-download", ["floor-download", "floor-crc64"]),
];
/// A mebibyte, in bytes.
pub(super) const MIB: f64 = (1u64 << 20) as f64;
/// A gibibyte, in bytes.
pub(super) const GIB: f64 = (1u64 << 30) as f64;

/// One client's run of one scenario, from its JSON line.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// The client.
    pub client: String,
    /// The scenario.
    pub scenario: String,
    /// Which round (from 1).
    pub round: usize,
    /// Wall seconds.
    pub wall: f64,
    /// User CPU seconds of the client.
    pub user: f64,
    /// System CPU seconds of the client.
    pub system: f64,
    /// Peak RSS of the client in bytes.
    pub peak_rss: u64,
    /// Requests.
    pub operations: u64,
    /// Payload bytes.
    pub bytes: u64,
    /// The downloaded CRC-64, as a decimal string.
    pub crc64: Option<String>,
    /// What the client checked.
    pub check: String,
    /// CPU seconds the server spent meanwhile.
    pub server_cpu: f64,
}

impl Sample {
    /// Reads a client's line; a line reporting failure is an error carrying its message.
    pub fn from_json(line: &str, round: usize) -> Result<Sample, String> {
        let value = json::parse(line).map_err(|e| format!("{e} in {line}"))?;
        let text = |name: &str| {
            value
                .get(name)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        let number = |name: &str| value.get(name).and_then(Value::as_f64).unwrap_or(0.0);
        if value.get("ok").and_then(Value::as_bool) != Some(true) {
            return Err(format!("the client reported: {}", text("error")));
        }
        Ok(Sample {
            client: text("client"),
            scenario: text("scenario"),
            round,
            wall: number("wall_s"),
            user: number("user_s"),
            system: number("sys_s"),
            peak_rss: number("peak_rss_bytes") as u64,
            operations: number("operations") as u64,
            bytes: number("bytes") as u64,
            crc64: value
                .get("crc64")
                .and_then(Value::as_str)
                .map(str::to_owned),
            check: text("check"),
            server_cpu: 0.0,
        })
    }

    /// Client CPU seconds.
    pub fn cpu(&self) -> f64 {
        self.user + self.system
    }

    /// Client CPU seconds per GiB moved.
    pub fn cpu_per_gib(&self) -> f64 {
        self.cpu() / (self.bytes.max(1) as f64 / GIB)
    }

    /// The figure ratios compare (higher is better): bytes per second for large objects and
    /// the loopback, requests per second for small objects, listings per second.
    pub fn rate(&self) -> f64 {
        let wall = self.wall.max(1e-9);
        match self.scenario.as_str() {
            "small-put" | "small-get" => self.operations as f64 / wall,
            "list" => 1.0 / wall,
            _ => self.bytes as f64 / wall,
        }
    }

    /// A line for the console.
    pub fn one_line(&self) -> String {
        let cpu = self.cpu();
        let rss = self.peak_rss as f64 / MIB;
        match self.scenario.as_str() {
            "small-put" | "small-get" => format!(
                "{:.2} s, {:.0} ops/s, {:.0} µs CPU/op, RSS {rss:.0} MiB; {}",
                self.wall,
                self.rate(),
                cpu / self.operations.max(1) as f64 * 1e6,
                self.check
            ),
            "list" => format!(
                "{:.2} s, {cpu:.2} s CPU, RSS {rss:.0} MiB; {}",
                self.wall, self.check
            ),
            _ => format!(
                "{:.2} s, {:.0} MiB/s, {:.3} s CPU/GiB, RSS {rss:.0} MiB; {}",
                self.wall,
                self.rate() / MIB,
                cpu / (self.bytes.max(1) as f64 / GIB),
                self.check
            ),
        }
    }
}

/// A criterion benchmark's median.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionResult {
    /// The benchmark id (`v4_sign_headers`, `checksum_1MiB/crc64`).
    pub id: String,
    /// Median time per iteration in nanoseconds.
    pub median_ns: f64,
    /// The median's 95% confidence interval.
    pub interval_ns: Option<(f64, f64)>,
}

/// What the machine is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Machine {
    /// Cores available.
    pub cores: usize,
    /// `model name` from `/proc/cpuinfo`.
    pub cpu_model: String,
    /// `MemTotal` in bytes.
    pub memory: u64,
    /// The kernel release.
    pub kernel: String,
    /// `rustc --version`.
    pub rustc: String,
    /// The peers' Python.
    pub python: String,
    /// `/proc/loadavg` when the run started.
    pub load_average: String,
}

impl Machine {
    /// Reads `/proc` and the tool versions.
    pub fn read(python: Option<&Path>) -> Machine {
        let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
        let version = |program: &Path| {
            std::process::Command::new(program)
                .arg("--version")
                .output()
                .map(|o| {
                    let text = [o.stdout, o.stderr].concat();
                    String::from_utf8_lossy(&text).trim().to_owned()
                })
                .unwrap_or_default()
        };
        let cpuinfo = read("/proc/cpuinfo");
        let meminfo = read("/proc/meminfo");
        let field = |text: &str, name: &str| {
            text.lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
                .unwrap_or_default()
        };
        let memory_kib: u64 = field(&meminfo, "MemTotal")
            .split_whitespace()
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        Machine {
            cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
            cpu_model: field(&cpuinfo, "model name"),
            memory: memory_kib * 1024,
            kernel: read("/proc/sys/kernel/osrelease").trim().to_owned(),
            rustc: version(Path::new("rustc")),
            python: python.map(version).unwrap_or_default(),
            load_average: read("/proc/loadavg")
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// Everything one run measured.
#[derive(Debug, Clone)]
pub struct Suite {
    /// The options it ran with.
    pub options: Options,
    /// Its sizes.
    pub sizes: Sizes,
    /// The machine.
    pub machine: Machine,
    /// Each client's name and description.
    pub clients: Vec<(String, String)>,
    /// Every successful client run.
    pub samples: Vec<Sample>,
    /// Every failed run, in words.
    pub failures: Vec<String>,
    /// Signing benchmarks.
    pub signing: Vec<CriterionResult>,
    /// Checksum benchmarks (1 MiB inputs).
    pub checksums: Vec<CriterionResult>,
    /// The run's duration.
    pub duration_seconds: f64,
    /// The UTC date.
    pub date: String,
}

/// One of the issue's targets, judged.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetCheck {
    /// The target, in words.
    pub target: String,
    /// What was measured, in words.
    pub measured: String,
    /// Met, missed, or not measured.
    pub met: Option<bool>,
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    })
}

fn minmax(values: &[f64]) -> (f64, f64) {
    values
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)))
}

impl Suite {
    /// An empty suite for a run starting now.
    pub fn new(options: Options, sizes: Sizes, machine: Machine) -> Suite {
        Suite {
            options,
            sizes,
            machine,
            clients: Vec::new(),
            samples: Vec::new(),
            failures: Vec::new(),
            signing: Vec::new(),
            checksums: Vec::new(),
            duration_seconds: 0.0,
            date: crate::date::today_utc(),
        }
    }

    pub(super) fn samples_of<'a>(
        &'a self,
        client: &'a str,
        scenario: &'a str,
    ) -> impl Iterator<Item = &'a Sample> + 'a {
        self.samples
            .iter()
            .filter(move |s| s.client == client && s.scenario == scenario)
    }

    /// The median of `figure` over a client's rounds of a scenario.
    pub(super) fn median_of(
        &self,
        client: &str,
        scenario: &str,
        figure: impl Fn(&Sample) -> f64,
    ) -> Option<f64> {
        median(self.samples_of(client, scenario).map(figure).collect())
    }

    /// The largest peak RSS over the rounds.
    pub(super) fn peak_rss(&self, client: &str, scenario: &str) -> Option<u64> {
        self.samples_of(client, scenario).map(|s| s.peak_rss).max()
    }

    /// oss-rs's rate over `peer`'s, per round: the median and the range.
    pub(super) fn ratio(&self, peer: &str, scenario: &str) -> Option<(f64, f64, f64)> {
        let ratios: Vec<f64> = self
            .samples_of(OURS, scenario)
            .filter_map(|ours| {
                let theirs = self
                    .samples_of(peer, scenario)
                    .find(|s| s.round == ours.round)?;
                Some(ours.rate() / theirs.rate())
            })
            .collect();
        let (lo, hi) = minmax(&ratios);
        median(ratios).map(|m| (m, lo, hi))
    }

    /// The floor of a large scenario in a round: the transfer's and the CRC-64 pass's CPU per
    /// GiB, added.
    fn floor_in_round(&self, scenario: &str, round: usize) -> Option<f64> {
        let (_, programs) = FLOORS.iter().find(|(s, _)| *s == scenario)?;
        programs
            .iter()
            .map(|program| {
                self.samples_of(FLOOR, program)
                    .find(|s| s.round == round)
                    .map(Sample::cpu_per_gib)
            })
            .sum()
    }

    /// A client's CPU per GiB over the floor of the same round: the median and the range.
    pub(super) fn over_floor(&self, client: &str, scenario: &str) -> Option<(f64, f64, f64)> {
        let ratios: Vec<f64> = self
            .samples_of(client, scenario)
            .filter_map(|s| Some(s.cpu_per_gib() / self.floor_in_round(scenario, s.round)?))
            .collect();
        let (lo, hi) = minmax(&ratios);
        median(ratios).map(|m| (m, lo, hi))
    }

    pub(super) fn criterion(&self, id: &str) -> Option<&CriterionResult> {
        self.signing
            .iter()
            .chain(&self.checksums)
            .find(|c| c.id == id)
    }

    /// The issue's targets, judged from this run.
    pub fn targets(&self) -> Vec<TargetCheck> {
        let mut checks = Vec::new();
        let ratio_check = |target: String, peer: &str, scenario: &str, at_least: f64| {
            let ratio = self.ratio(peer, scenario);
            TargetCheck {
                target,
                measured: ratio.map_or("not measured".into(), |(m, lo, hi)| {
                    format!("{m:.2}× (rounds {lo:.2}–{hi:.2}×)")
                }),
                met: ratio.map(|(m, _, _)| m >= at_least),
            }
        };
        for (scenario, verb) in [("large-upload", "upload"), ("large-download", "download")] {
            checks.push(ratio_check(
                format!("large {verb} throughput ≥ 3× oss2"),
                "oss2",
                scenario,
                3.0,
            ));
            checks.push(ratio_check(
                format!("large {verb} throughput ≥ opendal"),
                "opendal",
                scenario,
                1.0,
            ));
        }
        for (scenario, verb) in [("large-upload", "upload"), ("large-download", "download")] {
            let per_gib = self.median_of(OURS, scenario, Sample::cpu_per_gib);
            checks.push(TargetCheck {
                target: format!("client CPU ≤ 0.5 s per GiB, {verb}, CRC-64 on"),
                measured: per_gib.map_or("not measured".into(), |v| format!("{v:.3} s/GiB")),
                met: per_gib.map(|v| v <= 0.5),
            });
            let over = self.over_floor(OURS, scenario);
            checks.push(TargetCheck {
                target: format!("client CPU ≤ 1.10 × the floor, {verb}, CRC-64 on"),
                measured: over.map_or("not measured".into(), |(m, lo, hi)| {
                    format!("{m:.2}× (rounds {lo:.2}–{hi:.2}×)")
                }),
                met: over.map(|(m, _, _)| m <= 1.10),
            });
        }
        for (scenario, verb) in [("large-upload", "upload"), ("large-download", "download")] {
            let rss = self.peak_rss(OURS, scenario);
            checks.push(TargetCheck {
                target: format!("client peak RSS ≤ 16 MiB, {verb}"),
                measured: rss.map_or("not measured".into(), |v| {
                    format!("{:.1} MiB", v as f64 / MIB)
                }),
                met: rss.map(|v| v <= 16 << 20),
            });
        }
        for (scenario, verb) in [("small-put", "PUT"), ("small-get", "GET")] {
            let per_op = |client: &str| {
                self.median_of(client, scenario, |s| {
                    s.cpu() / s.operations.max(1) as f64 * 1e6
                })
            };
            let (ours, hyper) = (per_op(OURS), per_op("hyper"));
            checks.push(TargetCheck {
                target: format!("small-object {verb} CPU per request ≤ the bare hyper client's"),
                measured: match (ours, hyper) {
                    (Some(o), Some(h)) => format!("{o:.0} µs against {h:.0} µs"),
                    _ => "not measured".into(),
                },
                met: ours.zip(hyper).map(|(o, h)| o <= h),
            });
        }
        let rss_limit = 5 * self.sizes.part_size + (64 << 20);
        for (scenario, verb) in [("large-upload", "upload"), ("large-download", "download")] {
            let rss = self.peak_rss(OURS, scenario);
            checks.push(TargetCheck {
                target: format!(
                    "client peak RSS ≤ 5 × part + 64 MiB = {} MiB, {verb}",
                    rss_limit >> 20
                ),
                measured: rss.map_or("not measured".into(), |v| {
                    format!("{:.1} MiB", v as f64 / MIB)
                }),
                met: rss.map(|v| v <= rss_limit),
            });
        }
        checks.push(ratio_check(
            "small-object PUT rate ≥ 5× oss2".into(),
            "oss2",
            "small-put",
            5.0,
        ));
        let v4 = self.criterion("v4_sign_headers");
        checks.push(TargetCheck {
            target: "V4 header signing ≤ 2 µs".into(),
            measured: v4.map_or("not measured".into(), |c| {
                format!("{:.2} µs", c.median_ns / 1e3)
            }),
            met: v4.map(|c| c.median_ns <= 2000.0),
        });
        let crc = self.criterion("checksum_1MiB/crc64");
        checks.push(TargetCheck {
            target: "CRC-64 ≥ 5 GB/s".into(),
            measured: crc.map_or("not measured".into(), |c| {
                format!("{:.1} GB/s", MIB / c.median_ns)
            }),
            met: crc.map(|c| MIB / c.median_ns >= 5.0),
        });
        checks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(client: &str, scenario: &str, round: usize, wall: f64) -> Sample {
        Sample::from_json(
            &format!(
                r#"{{"client":"{client}","scenario":"{scenario}","ok":true,"wall_s":{wall},"user_s":0.1,"sys_s":0.1,"peak_rss_bytes":1048576,"operations":100,"bytes":1073741824,"check":"ok"}}"#
            ),
            round,
        )
        .unwrap()
    }

    #[test]
    fn ratios_and_targets() {
        let options = Options::parse(&[]).unwrap();
        let mut suite = Suite::new(options, Sizes::full(), Machine::default());
        suite.clients = vec![
            ("oss-rs".into(), "us".into()),
            ("oss2".into(), "them".into()),
        ];
        for round in 1..=3 {
            suite
                .samples
                .push(sample("oss-rs", "large-upload", round, 1.0));
            suite
                .samples
                .push(sample("oss2", "large-upload", round, 2.0 + round as f64));
        }
        let (median, lo, hi) = suite.ratio("oss2", "large-upload").unwrap();
        assert_eq!((median, lo, hi), (4.0, 3.0, 5.0));
        let targets = suite.targets();
        assert_eq!(targets[0].met, Some(true));
        assert_eq!(targets[1].met, None); // no opendal sample
        assert!(targets
            .iter()
            .any(|t| t.target.contains("CPU") && t.met == Some(true)));

        // The floor: the transfer's and the CRC-64 pass's CPU per GiB of the same round.
        assert_eq!(suite.over_floor(OURS, "large-upload"), None);
        for round in 1..=3 {
            for (program, cpu) in [("floor-upload", 0.05), ("floor-crc64", 0.05)] {
                let mut floor = sample(FLOOR, program, round, 1.0);
                (floor.user, floor.system) = (cpu, 0.0);
                suite.samples.push(floor);
            }
        }
        // oss-rs spends 0.2 s/GiB, the floor 0.1.
        let (median, lo, hi) = suite.over_floor(OURS, "large-upload").unwrap();
        assert!((median - 2.0).abs() < 1e-9 && lo == median && hi == median);
        assert!(suite
            .targets()
            .iter()
            .any(|t| t.target.contains("floor, upload") && t.met == Some(false)));

        assert!(Sample::from_json(r#"{"ok":false,"error":"boom"}"#, 1)
            .unwrap_err()
            .contains("boom"));
    }
}
