//! The options of `cargo xtask bench` and the sizes each configuration moves.

use super::SCENARIOS;

/// The command's options.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The CI configuration: tiny, correctness only.
    pub smoke: bool,
    /// Only these scenarios (all when `None`).
    pub only: Option<Vec<String>>,
    /// Multiplies the object size, object counts and key count (1.0: the sizes).
    pub scale: f64,
    /// How many times every client runs every scenario; medians are reported.
    pub rounds: usize,
}

impl Options {
    /// Parses `[--smoke] [--only A,B] [--scale F] [--rounds N]`.
    pub fn parse(args: &[&str]) -> Result<Options, String> {
        let mut options = Options {
            smoke: false,
            only: None,
            scale: 1.0,
            rounds: 0,
        };
        let mut args = args.iter();
        while let Some(&arg) = args.next() {
            let mut value = |name: &str| {
                args.next()
                    .copied()
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match arg {
                "--smoke" => options.smoke = true,
                "--only" => {
                    let names: Vec<String> =
                        value("--only")?.split(',').map(str::to_owned).collect();
                    if let Some(bad) = names.iter().find(|n| !SCENARIOS.contains(&n.as_str())) {
                        return Err(format!(
                            "unknown scenario {bad:?}; expected {}",
                            SCENARIOS.join(", ")
                        ));
                    }
                    options.only = Some(names);
                }
                "--scale" => {
                    let text = value("--scale")?;
                    options.scale = text
                        .parse()
                        .ok()
                        .filter(|f: &f64| *f > 0.0 && *f <= 1.0)
                        .ok_or_else(|| format!("--scale {text}: expected a number in (0, 1]"))?;
                }
                "--rounds" => {
                    let text = value("--rounds")?;
                    options.rounds =
                        text.parse().ok().filter(|n| *n >= 1).ok_or_else(|| {
                            format!("--rounds {text}: expected a whole number ≥ 1")
                        })?;
                }
                other => return Err(format!("unknown option {other:?}")),
            }
        }
        if options.rounds == 0 {
            options.rounds = if options.smoke { 1 } else { 3 };
        }
        Ok(options)
    }

    /// Whether `scenario` is selected.
    pub fn runs(&self, scenario: &str) -> bool {
        let criterion = scenario == "signing" || scenario == "checksums";
        match &self.only {
            Some(names) => names.iter().any(|n| n == scenario) && !(self.smoke && criterion),
            None => !(self.smoke && criterion),
        }
    }

    /// Whether this run produces the numbers `BENCHMARKS.md` holds.
    pub fn is_full_run(&self) -> bool {
        !self.smoke && self.only.is_none() && self.scale == 1.0
    }
}

/// The sizes of a run; every client gets the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// The large object, in bytes.
    pub large_size: u64,
    /// Its part size.
    pub part_size: u64,
    /// Parts in flight.
    pub large_concurrency: usize,
    /// Small objects put, then got.
    pub small_count: u64,
    /// Each small object's size.
    pub small_size: u64,
    /// Small requests in flight.
    pub small_concurrency: usize,
    /// Keys listed.
    pub list_count: u64,
}

impl Sizes {
    /// The sizes: 1 GiB in 8 MiB parts, 4 at once; 10,000 × 4 KiB with 64 in
    /// flight; 100,000 keys.
    pub fn full() -> Sizes {
        Sizes {
            large_size: 1 << 30,
            part_size: 8 << 20,
            large_concurrency: 4,
            small_count: 10_000,
            small_size: 4096,
            small_concurrency: 64,
            list_count: 100_000,
        }
    }

    /// The smoke sizes: 8 MiB in 1 MiB parts (OSS's minimum part is 100 KiB), 50 small
    /// objects, 500 keys.
    pub fn smoke() -> Sizes {
        Sizes {
            large_size: 8 << 20,
            part_size: 1 << 20,
            small_count: 50,
            list_count: 500,
            ..Sizes::full()
        }
    }

    /// The full sizes times `factor` (the large object in whole MiB, at least one part).
    pub fn scaled(factor: f64) -> Sizes {
        let full = Sizes::full();
        let mib = ((full.large_size >> 20) as f64 * factor).round().max(1.0) as u64;
        Sizes {
            large_size: (mib << 20).max(full.part_size),
            small_count: ((full.small_count as f64 * factor).round() as u64).max(1),
            list_count: ((full.list_count as f64 * factor).round() as u64).max(1),
            ..full
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_and_sizes() {
        let options = Options::parse(&["--smoke"]).unwrap();
        assert!(options.smoke && options.rounds == 1 && !options.is_full_run());
        assert!(options.runs("large-upload") && !options.runs("signing"));
        let options = Options::parse(&["--only", "list,signing", "--scale", "0.1"]).unwrap();
        assert!(options.runs("list") && options.runs("signing") && !options.runs("small-put"));
        assert_eq!(options.rounds, 3);
        assert!(Options::parse(&["--only", "nope"]).is_err());
        assert!(Options::parse(&["--scale", "2"]).is_err());
        assert!(Options::parse(&[]).unwrap().is_full_run());

        let tenth = Sizes::scaled(0.1);
        assert_eq!(tenth.large_size, 102 << 20);
        assert_eq!((tenth.small_count, tenth.list_count), (1000, 10_000));
        assert_eq!(Sizes::scaled(0.001).large_size, 8 << 20);
        assert_eq!(Sizes::scaled(1.0), Sizes::full());
    }
}
