//! `oss-bench-hyper`: the benchmark scenarios as bare signed requests over hyper (the
//! server's ceiling), and `loopback --size N --concurrency N` (the TCP ceiling).

use std::process::ExitCode;

use oss_bench::args::{Command, Options};
use oss_bench::{hyper_client, run_measured};

const CLIENT: &str = "hyper";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ok = if args.first().map(String::as_str) == Some("loopback") {
        let options = match Options::parse(args[1..].to_vec()) {
            Ok(options) => options,
            Err(error) => return usage(&error),
        };
        let (size, concurrency) = match (options.number("size"), options.count("concurrency")) {
            (Ok(size), Ok(concurrency)) => (size, concurrency),
            (Err(error), _) | (_, Err(error)) => return usage(&error),
        };
        run_measured("loopback", "loopback", || async move {
            hyper_client::loopback(size, concurrency)
        })
    } else {
        let command = match Command::parse(args) {
            Ok(command) => command,
            Err(error) => return usage(&error),
        };
        run_measured(CLIENT, command.scenario.name(), || {
            hyper_client::run(&command.scenario, &command.target)
        })
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn usage(error: &str) -> ExitCode {
    eprintln!(
        "oss-bench-hyper: {error}\nusage: oss-bench-hyper SCENARIO|loopback --name value ..."
    );
    ExitCode::from(2)
}
