//! Errors of oss-client and oss-transfer as `object_store` errors, by meaning: a missing
//! object is `NotFound`, a refused overwrite `AlreadyExists`, a failed condition
//! `Precondition` or `NotModified`, bad or missing keys `Unauthenticated`, a refusal
//! `PermissionDenied`, a 501 `NotSupported`; anything else is `Generic` with the original
//! error (code, request id) as its source.

use oss_client::model::code::ErrorCode;
use oss_client::ErrorKind;

/// The store name `object_store` errors carry.
pub(crate) const STORE: &str = "OSS";

/// The implementer `NotImplemented` errors name.
pub(crate) const IMPLEMENTER: &str = "OssObjectStore";

/// What `object_store` calls the cause of a failure.
type Source = Box<dyn std::error::Error + Send + Sync + 'static>;

/// `error` of a request about `path`, by meaning.
pub(crate) fn from_client(error: oss_client::Error, path: &str) -> object_store::Error {
    Meaning::of(&error).error(path, Box::new(error))
}

/// The error of `path`, one of several whose one request (a batch) failed with `error`.
pub(crate) fn like_client(error: &oss_client::Error, path: &str) -> object_store::Error {
    Meaning::of(error).error(path, error.to_string().into())
}

/// What a failure means to `object_store`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    AlreadyExists,
    NotFound,
    Precondition,
    NotModified,
    Unauthenticated,
    PermissionDenied,
    NotSupported,
    Other,
}

impl Meaning {
    fn of(error: &oss_client::Error) -> Meaning {
        if error.is_code(ErrorCode::FileAlreadyExists) {
            Meaning::AlreadyExists
        } else if error.is_not_found() {
            Meaning::NotFound
        } else if error.is_precondition_failed() {
            Meaning::Precondition
        } else if error.is_not_modified() {
            Meaning::NotModified
        } else if error.kind() == ErrorKind::Credentials
            || error.is_code(ErrorCode::InvalidAccessKeyId)
            || error.is_code(ErrorCode::SignatureDoesNotMatch)
        {
            Meaning::Unauthenticated
        } else if error.is_access_denied() {
            Meaning::PermissionDenied
        } else if error.is_code(ErrorCode::NotImplemented) {
            Meaning::NotSupported
        } else {
            Meaning::Other
        }
    }

    fn error(self, path: &str, source: Source) -> object_store::Error {
        use object_store::Error;
        let path = path.to_owned();
        match self {
            Meaning::AlreadyExists => Error::AlreadyExists { path, source },
            Meaning::NotFound => Error::NotFound { path, source },
            Meaning::Precondition => Error::Precondition { path, source },
            Meaning::NotModified => Error::NotModified { path, source },
            Meaning::Unauthenticated => Error::Unauthenticated { path, source },
            Meaning::PermissionDenied => Error::PermissionDenied { path, source },
            Meaning::NotSupported => Error::NotSupported { source },
            Meaning::Other => generic(source),
        }
    }
}

/// A transfer's `error` about `path`: its request's error by meaning, a source changed
/// mid-copy as a failed precondition, anything else generic.
pub(crate) fn from_transfer(error: oss_transfer::Error, path: &str) -> object_store::Error {
    match error {
        oss_transfer::Error::Request { source, .. } => from_client(source, path),
        oss_transfer::Error::ObjectChanged { .. } => object_store::Error::Precondition {
            path: path.to_owned(),
            source: Box::new(error),
        },
        other => generic(other),
    }
}

/// Any other failure.
pub(crate) fn generic(
    error: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
) -> object_store::Error {
    object_store::Error::Generic {
        store: STORE,
        source: error.into(),
    }
}

/// `operation` is not something OSS can do honestly.
pub(crate) fn not_implemented(operation: &str) -> object_store::Error {
    object_store::Error::NotImplemented {
        operation: operation.to_owned(),
        implementer: IMPLEMENTER.to_owned(),
    }
}
