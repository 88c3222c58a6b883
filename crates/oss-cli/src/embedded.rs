//! The embedded default: with no endpoint configured anywhere, `oss` runs the oss-server
//! library in-process on a free loopback port over a per-user data directory
//! (`$XDG_DATA_HOME/oss-rs/local`, else `~/.local/share/oss-rs/local`; `OSS_LOCAL_DATA_DIR`
//! or `--local-data-dir` to choose another), signs with the server's development key pair,
//! and says so once on standard error.
//!
//! The data directory is the same one `oss serve` uses by default, and several processes
//! may share it, so objects written by one command are there for the next.

use std::path::Path;

use oss_server::{ServerConfig, ServerHandle, DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET};

use crate::error::{CliError, Result};
use crate::output;

/// The address `oss serve` listens on by default; presigned URLs made with the embedded
/// server point there, since the embedded server stops with the command.
pub const DEFAULT_SERVE_ADDR: &str = "127.0.0.1:9000";

/// The region of the embedded server.
pub const REGION: &str = "cn-hangzhou";

/// A running embedded server.
#[derive(Debug)]
pub struct Embedded {
    handle: ServerHandle,
}

impl Embedded {
    /// Starts the server over `dir` (created if needed) and says so on standard error
    /// unless `quiet`.
    pub async fn start(dir: &Path, quiet: bool) -> Result<Embedded> {
        std::fs::create_dir_all(dir).map_err(|e| {
            CliError::io(
                format!("cannot create the local data directory {}", dir.display()),
                e,
            )
        })?;
        let handle = ServerConfig::new()
            .data_dir(dir)
            .region(REGION)
            .start()
            .await
            .map_err(|e| {
                CliError::failed(format!(
                    "cannot start the embedded local server over {}: {e}",
                    dir.display()
                ))
            })?;
        if !quiet {
            output::notice(format!(
                "no endpoint configured: using the embedded local server over {} \
                 (see `oss config` to use OSS)",
                dir.display()
            ));
        }
        Ok(Embedded { handle })
    }

    /// The server's endpoint (`http://127.0.0.1:PORT`).
    pub fn endpoint(&self) -> &str {
        self.handle.endpoint()
    }

    /// Stops the server.
    pub async fn shutdown(self) {
        self.handle.shutdown().await;
    }
}

/// The key pair the embedded server accepts.
pub fn credentials() -> oss_auth::Credentials {
    oss_auth::Credentials::new(DEV_ACCESS_KEY_ID, DEV_ACCESS_KEY_SECRET)
}
