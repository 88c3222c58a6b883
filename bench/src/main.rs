//! `oss-bench`: the benchmark scenarios through oss-rs's SDK, plus the helpers
//! `cargo xtask bench` uses to set the server up and check results.
//!
//! ```text
//! oss-bench SCENARIO ...                       one scenario (see oss_bench::args), a JSON line
//! oss-bench prepare --file PATH --size N       writes the large object's file; {"crc64": …}
//! oss-bench crc-file --file PATH               {"size": …, "crc64": …} of a local file
//! oss-bench create-bucket TARGET...            creates --bucket (an existing one is fine)
//! oss-bench head --key K TARGET...             {"size": …, "crc64": …} of an object
//! ```

use std::io::Write;
use std::process::ExitCode;

use oss_bench::args::{Command, Options, Target};
use oss_bench::data::LargeData;
use oss_bench::{run_measured, sdk_client};
use oss_checksum::crc64;

const CLIENT: &str = "oss-rs";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(subcommand) = args.next() else {
        eprintln!("usage: oss-bench SCENARIO|prepare|create-bucket|head --name value ...");
        return ExitCode::from(2);
    };
    let rest: Vec<String> = args.collect();
    let outcome = match subcommand.as_str() {
        "prepare" => Options::parse(rest).and_then(|options| prepare(&options)),
        "crc-file" => Options::parse(rest).and_then(|options| crc_file(&options)),
        "create-bucket" => Options::parse(rest).and_then(|options| create_bucket(&options)),
        "head" => Options::parse(rest).and_then(|options| head(&options)),
        scenario => {
            let command = match Command::parse(std::iter::once(scenario.to_owned()).chain(rest)) {
                Ok(command) => command,
                Err(error) => {
                    eprintln!("oss-bench: {error}");
                    return ExitCode::from(2);
                }
            };
            let ok = run_measured(CLIENT, command.scenario.name(), || async {
                let client = sdk_client::client(&command.target)?;
                sdk_client::run(&command.scenario, &client.bucket(&command.target.bucket)).await
            });
            return if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
    };
    match outcome {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("oss-bench {subcommand}: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Writes `--size` bytes of [`LargeData`] to `--file` in 1 MiB writes and reports their CRC-64.
fn prepare(options: &Options) -> Result<String, String> {
    let path = options.text("file")?;
    let size = options.number("size")?;
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(path).map_err(|e| format!("cannot create {path}: {e}"))?,
    );
    let mut data = LargeData::new();
    let mut buffer = vec![0u8; 1 << 20];
    let (mut written, mut crc) = (0u64, 0u64);
    while written < size {
        let n = buffer.len().min((size - written) as usize);
        data.fill(&mut buffer[..n]);
        crc = crc64::update(crc, &buffer[..n]);
        file.write_all(&buffer[..n])
            .map_err(|e| format!("cannot write {path}: {e}"))?;
        written += n as u64;
    }
    file.flush()
        .map_err(|e| format!("cannot write {path}: {e}"))?;
    Ok(format!("{{\"size\":{size},\"crc64\":\"{crc}\"}}"))
}

/// The size and CRC-64 of `--file`, read in 1 MiB pieces.
fn crc_file(options: &Options) -> Result<String, String> {
    let path = options.text("file")?;
    let mut file = std::fs::File::open(path).map_err(|e| format!("cannot open {path}: {e}"))?;
    let mut buffer = vec![0u8; 1 << 20];
    let mut crc = crc64::Crc64::new();
    loop {
        let n = std::io::Read::read(&mut file, &mut buffer)
            .map_err(|e| format!("cannot read {path}: {e}"))?;
        if n == 0 {
            break;
        }
        crc.update(&buffer[..n]);
    }
    Ok(format!(
        "{{\"size\":{},\"crc64\":\"{}\"}}",
        crc.length(),
        crc.value()
    ))
}

fn block_on<T>(future: impl std::future::Future<Output = Result<T, String>>) -> Result<T, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?
        .block_on(future)
}

fn create_bucket(options: &Options) -> Result<String, String> {
    let target = Target::from_options(options)?;
    block_on(async {
        let bucket = sdk_client::client(&target)?.bucket(&target.bucket);
        match bucket.put_bucket().await {
            Ok(_) => Ok("{\"created\":true}".to_owned()),
            Err(e) if e.is_conflict() => Ok("{\"created\":false}".to_owned()),
            Err(e) => Err(format!("PutBucket: {e}")),
        }
    })
}

fn head(options: &Options) -> Result<String, String> {
    let target = Target::from_options(options)?;
    let key = options.text("key")?.to_owned();
    block_on(async {
        let bucket = sdk_client::client(&target)?.bucket(&target.bucket);
        let head = bucket
            .head_object(key)
            .await
            .map_err(|e| format!("HeadObject: {e}"))?;
        let size = head.content_length.unwrap_or(0);
        let crc = head
            .crc64ecma
            .map_or("null".to_owned(), |crc| format!("\"{crc}\""));
        Ok(format!("{{\"size\":{size},\"crc64\":{crc}}}"))
    })
}
