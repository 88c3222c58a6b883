//! Errors of the `oss` command and the exit codes they map to: 0 for success, 1 for a
//! failure (a batch with some failed items included, once those are listed), 2 for a usage
//! error (bad arguments, bad configuration, a request refused before it was sent).
//!
//! An OSS error is shown with its code, message, HTTP status and request id, on one line.

use std::fmt;

/// The exit code of a failure.
pub const EXIT_FAILURE: u8 = 1;
/// The exit code of a usage error.
pub const EXIT_USAGE: u8 = 2;

/// Why a command failed.
#[derive(Debug)]
pub enum CliError {
    /// Bad arguments or configuration.
    Usage(String),
    /// An OSS operation failed; `context` says what was being done (`stat oss://b/k`).
    Oss {
        /// What was being done.
        context: String,
        /// The client's error.
        error: oss_client::Error,
    },
    /// Something else failed (a local file, the embedded server).
    Failed(String),
    /// Some items of a batch failed; each was already reported.
    Partial {
        /// How many items failed.
        failed: usize,
        /// How many items there were.
        total: usize,
    },
}

/// The result of the command's functions.
pub type Result<T, E = CliError> = std::result::Result<T, E>;

impl CliError {
    /// A usage error.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Usage(message.into())
    }

    /// A failure that is not an OSS error.
    pub fn failed(message: impl Into<String>) -> Self {
        CliError::Failed(message.into())
    }

    /// An OSS error while doing `context`.
    pub fn oss(context: impl Into<String>, error: oss_client::Error) -> Self {
        CliError::Oss {
            context: context.into(),
            error,
        }
    }

    /// A local I/O error about `what`.
    pub fn io(what: impl fmt::Display, error: std::io::Error) -> Self {
        CliError::Failed(format!("{what}: {error}"))
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => EXIT_USAGE,
            CliError::Oss { error, .. } if error.is_validation() => EXIT_USAGE,
            _ => EXIT_FAILURE,
        }
    }

    /// The OSS error, if this is one.
    pub fn oss_error(&self) -> Option<&oss_client::Error> {
        match self {
            CliError::Oss { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The error as JSON, for `--output-format json`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut value = serde_json::json!({ "message": self.to_string() });
        if let Some(error) = self.oss_error() {
            value["code"] = error.code().into();
            value["request_id"] = error.request_id().into();
            value["status"] = error.status().map(|s| s.as_u16()).into();
            if let Some(service) = error.service() {
                value["oss_message"] = service.message.clone().into();
            }
        }
        if let CliError::Partial { failed, total } = self {
            value["failed"] = (*failed).into();
            value["total"] = (*total).into();
        }
        serde_json::json!({ "error": value })
    }
}

/// One line about an OSS error: `NoSuchKey: The specified key does not exist. (HTTP 404,
/// request id 5C3D…)`, or the client's description for errors that are not answers.
pub fn describe(error: &oss_client::Error) -> String {
    match error.service() {
        Some(service) => {
            let code = if service.code.is_empty() {
                "(no error code)"
            } else {
                service.code.as_str()
            };
            let mut text = format!("{code}: {}", service.message.trim());
            text.push_str(&format!(" (HTTP {}", service.status.as_u16()));
            match &service.request_id {
                Some(id) => text.push_str(&format!(", request id {id})")),
                None => text.push_str(", no request id)"),
            }
            text
        }
        None => error.to_string(),
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(message) | CliError::Failed(message) => f.write_str(message),
            CliError::Oss { context, error } => write!(f, "{context}: {}", describe(error)),
            CliError::Partial { failed, total } => {
                write!(f, "{failed} of {total} items failed (listed above)")
            }
        }
    }
}

impl std::error::Error for CliError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes() {
        assert_eq!(CliError::usage("x").exit_code(), EXIT_USAGE);
        assert_eq!(CliError::failed("x").exit_code(), EXIT_FAILURE);
        let partial = CliError::Partial {
            failed: 1,
            total: 3,
        };
        assert_eq!(partial.exit_code(), EXIT_FAILURE);
        assert_eq!(partial.to_json()["error"]["failed"], 1);
    }
}
