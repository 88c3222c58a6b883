//! The `oss` binary: everything lives in the library; see [`oss_cli::run`].

use std::process::ExitCode;

fn main() -> ExitCode {
    oss_cli::run(std::env::args_os().collect())
}
