//! The embedded default: with nothing configured (or `--endpoint local`), `oss` runs the oss-server
//! library in-process on a free loopback port over a per-user data directory
//! (`$XDG_DATA_HOME/oss-rs/local`, else `~/.local/share/oss-rs/local`; `OSS_LOCAL_DATA_DIR`
//! or `--local-data-dir` to choose another), signs with the data directory's own key pair
//! (see [`crate::local_key`]), and says so once on standard error.
//!
//! The data directory is the same one `oss serve` uses by default, and several processes
//! may share it, so objects written by one command are there for the next. It holds the
//! user's objects, so it is the user's alone: created 0700, and tightened to 0700 if it is
//! open to others. The embedded server never turns on the server's admin endpoint.

use std::path::Path;

use oss_server::{ServerConfig, ServerHandle};

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
    /// Starts the server over `dir` (created if needed) and says so on standard error, even
    /// with `--quiet` (results from a local server must never pass for results from OSS): a
    /// line of text, or in JSON mode a JSON line, and every JSON result says so too.
    pub async fn start(
        dir: &Path,
        credentials: oss_auth::Credentials,
        out: output::Printer,
    ) -> Result<Embedded> {
        prepare_data_dir(dir)?;
        let handle = ServerConfig::new()
            .data_dir(dir)
            .region(REGION)
            .credential(credentials)
            .start()
            .await
            .map_err(|e| {
                CliError::failed(format!(
                    "cannot start the embedded local server over {}: {e}",
                    dir.display()
                ))
            })?;
        output::mark_embedded(dir);
        let message = format!(
            "nothing configured: using the embedded local server over {} \
             (`oss config` or --region/--endpoint to use OSS)",
            dir.display()
        );
        if out.is_json() {
            let notice = serde_json::json!({
                "notice": message,
                "embedded_local_server": dir.display().to_string(),
            });
            eprintln!("{notice}");
        } else {
            output::notice(message);
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

/// Creates the data directory `dir` private to the user, or makes an existing one so.
pub fn prepare_data_dir(dir: &Path) -> Result<()> {
    let failed = |what: &str, e| CliError::io(format!("cannot {what} {}", dir.display()), e);
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| failed("create the local data directory", e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let metadata = std::fs::metadata(dir).map_err(|e| failed("read", e))?;
        if metadata.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| failed("make private the local data directory", e))?;
        }
    }
    Ok(())
}
