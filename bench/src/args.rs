//! The command line every benchmark client takes: a scenario subcommand, the server to use
//! and the scenario's sizes, as `--name value` pairs.
//!
//! ```text
//! CLIENT large-upload   --endpoint URL --access-key-id AK --access-key-secret SK --region R
//!                       --bucket B --file PATH --key K --part-size N --concurrency N
//! CLIENT large-download ... --key K --size N --part-size N --concurrency N --output PATH
//! CLIENT small-put      ... --prefix P --count N --object-size N --concurrency N
//! CLIENT small-get      ... --prefix P --count N --object-size N --concurrency N
//! CLIENT list           ... --prefix P --expect-count N
//! ```
//!
//! The Python peers (`bench/peers/*.py`) take the same arguments. This module uses only `std`
//! so that the opendal peer, a Cargo workspace of its own, includes the same file.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The scenario subcommands, in the order the suite runs them.
pub const SCENARIOS: [&str; 5] = [
    "large-upload",
    "large-download",
    "small-put",
    "small-get",
    "list",
];

/// `--name value` pairs (also `--name=value`), looked up by name.
#[derive(Debug, Clone, Default)]
pub struct Options {
    values: BTreeMap<String, String>,
}

impl Options {
    /// Reads `--name value` pairs; anything else is an error.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
        let mut values = BTreeMap::new();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let Some(name) = arg.strip_prefix("--") else {
                return Err(format!("expected --name value, found {arg:?}"));
            };
            let (name, value) = match name.split_once('=') {
                Some((name, value)) => (name.to_owned(), value.to_owned()),
                None => {
                    let value = args
                        .next()
                        .ok_or_else(|| format!("--{name} needs a value"))?;
                    (name.to_owned(), value)
                }
            };
            values.insert(name, value);
        }
        Ok(Options { values })
    }

    /// A required option.
    pub fn text(&self, name: &str) -> Result<&str, String> {
        self.values
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| format!("--{name} is required"))
    }

    /// A required whole number.
    pub fn number(&self, name: &str) -> Result<u64, String> {
        let text = self.text(name)?;
        text.parse()
            .map_err(|_| format!("--{name}: {text:?} is not a whole number"))
    }

    /// A required whole number of at least 1 that fits in `usize`.
    pub fn count(&self, name: &str) -> Result<usize, String> {
        let number = self.number(name)?;
        match usize::try_from(number) {
            Ok(count) if count >= 1 => Ok(count),
            _ => Err(format!("--{name}: {number} is out of range")),
        }
    }
}

/// The server and the credentials to use.
#[derive(Debug, Clone)]
pub struct Target {
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    /// The access key id.
    pub access_key_id: String,
    /// The access key secret.
    pub access_key_secret: String,
    /// The region (the V4 signing scope).
    pub region: String,
    /// The bucket every scenario uses.
    pub bucket: String,
}

impl Target {
    /// Reads `--endpoint`, `--access-key-id`, `--access-key-secret`, `--region`, `--bucket`.
    pub fn from_options(options: &Options) -> Result<Target, String> {
        Ok(Target {
            endpoint: options.text("endpoint")?.trim_end_matches('/').to_owned(),
            access_key_id: options.text("access-key-id")?.to_owned(),
            access_key_secret: options.text("access-key-secret")?.to_owned(),
            region: options.text("region")?.to_owned(),
            bucket: options.text("bucket")?.to_owned(),
        })
    }
}

/// One multipart transfer of a large object.
#[derive(Debug, Clone)]
pub struct LargeObject {
    /// The object's key.
    pub key: String,
    /// The local file to upload (uploads only).
    pub file: Option<PathBuf>,
    /// The file to download into (downloads only; written at part offsets, flushed with
    /// fsync at the end).
    pub output: Option<PathBuf>,
    /// The object's size in bytes (downloads take it from here rather than asking first).
    pub size: u64,
    /// The part size in bytes.
    pub part_size: u64,
    /// How many parts are in flight at once.
    pub concurrency: usize,
}

/// Many small objects, `PREFIX000000` … , moved with a fixed number in flight.
#[derive(Debug, Clone)]
pub struct SmallObjects {
    /// The key prefix.
    pub prefix: String,
    /// How many objects.
    pub count: u64,
    /// Each object's size in bytes.
    pub object_size: usize,
    /// How many requests are in flight at once.
    pub concurrency: usize,
}

/// A listing of every key under a prefix.
#[derive(Debug, Clone)]
pub struct Listing {
    /// The prefix listed.
    pub prefix: String,
    /// How many keys the listing must return.
    pub expect_count: u64,
}

/// A scenario with its parameters.
#[derive(Debug, Clone)]
pub enum Scenario {
    /// `large-upload`: a file, uploaded in parts.
    LargeUpload(LargeObject),
    /// `large-download`: an object, downloaded in ranges into a file, CRC-64 checked.
    LargeDownload(LargeObject),
    /// `small-put`: many small PUTs.
    SmallPut(SmallObjects),
    /// `small-get`: many small GETs, each compared with what was put.
    SmallGet(SmallObjects),
    /// `list`: every key under a prefix, page by page.
    List(Listing),
}

impl Scenario {
    /// The subcommand's name.
    pub fn name(&self) -> &'static str {
        match self {
            Scenario::LargeUpload(_) => "large-upload",
            Scenario::LargeDownload(_) => "large-download",
            Scenario::SmallPut(_) => "small-put",
            Scenario::SmallGet(_) => "small-get",
            Scenario::List(_) => "list",
        }
    }

    /// Reads the parameters of the scenario `name`.
    pub fn from_options(name: &str, options: &Options) -> Result<Scenario, String> {
        let small = || -> Result<SmallObjects, String> {
            Ok(SmallObjects {
                prefix: options.text("prefix")?.to_owned(),
                count: options.number("count")?,
                object_size: usize::try_from(options.number("object-size")?)
                    .map_err(|_| "--object-size is out of range".to_owned())?,
                concurrency: options.count("concurrency")?,
            })
        };
        let large = |file: Option<PathBuf>, size: u64| -> Result<LargeObject, String> {
            let output = match file {
                Some(_) => None,
                None => Some(PathBuf::from(options.text("output")?)),
            };
            Ok(LargeObject {
                key: options.text("key")?.to_owned(),
                file,
                output,
                size,
                part_size: options.number("part-size")?.max(1),
                concurrency: options.count("concurrency")?,
            })
        };
        Ok(match name {
            "large-upload" => {
                let file = PathBuf::from(options.text("file")?);
                let size = std::fs::metadata(&file)
                    .map_err(|e| format!("cannot read {}: {e}", file.display()))?
                    .len();
                Scenario::LargeUpload(large(Some(file), size)?)
            }
            "large-download" => Scenario::LargeDownload(large(None, options.number("size")?)?),
            "small-put" => Scenario::SmallPut(small()?),
            "small-get" => Scenario::SmallGet(small()?),
            "list" => Scenario::List(Listing {
                prefix: options.text("prefix")?.to_owned(),
                expect_count: options.number("expect-count")?,
            }),
            other => {
                return Err(format!(
                    "unknown scenario {other:?}; expected one of {}",
                    SCENARIOS.join(", ")
                ))
            }
        })
    }
}

/// A whole command line: `SCENARIO --name value ...`.
#[derive(Debug, Clone)]
pub struct Command {
    /// What to run.
    pub scenario: Scenario,
    /// Against which server.
    pub target: Target,
}

impl Command {
    /// Parses the arguments after the program name.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
        let mut args = args.into_iter();
        let name = args
            .next()
            .ok_or_else(|| format!("expected a scenario: {}", SCENARIOS.join(", ")))?;
        let options = Options::parse(args)?;
        Ok(Command {
            scenario: Scenario::from_options(&name, &options)?,
            target: Target::from_options(&options)?,
        })
    }
}

/// The parts of a `size`-byte object: `(part number from 1, offset, length)`.
pub fn parts(size: u64, part_size: u64) -> Vec<(u32, u64, u64)> {
    let part_size = part_size.max(1);
    (0..size.div_ceil(part_size))
        .map(|index| {
            let offset = index * part_size;
            (index as u32 + 1, offset, part_size.min(size - offset))
        })
        .collect()
}
