//! Presigning: any operation turned into a URL that anyone holding it can use until it
//! expires, without credentials, plus the headers they must send with it.
//!
//! Every request builder has `.presign(options)`. The URL uses the client's endpoint and
//! addressing (virtual-hosted, path style or CNAME); the signature is V4 by default (the
//! client's signature version: V1 if the client signs with V1) and V1 on request. The
//! default validity is 15 minutes; V4 allows at most 7 days.
//!
//! ```no_run
//! use std::time::Duration;
//! use oss_client::PresignOptions;
//!
//! # async fn demo(bucket: oss_client::Bucket) -> oss_client::Result<()> {
//! // A download link valid for an hour.
//! let get = bucket
//!     .get_object("report.pdf")
//!     .presign(PresignOptions::expires_in(Duration::from_secs(3600)))
//!     .await?;
//! println!("GET {}", get.url);
//!
//! // An upload link: the client must send the signed headers (here Content-Type).
//! let put = bucket
//!     .put_object("upload/photo.jpg", oss_client::Body::empty())
//!     .presign(PresignOptions::default().v1())
//!     .await?;
//! println!("{} {} with {:?}", put.method, put.url, put.signed_headers);
//! # Ok(())
//! # }
//! ```
//!
//! Headers the operation would send but that are not signed (`Range`, `If-Match`, …) are
//! left out: the holder of the URL may send them or not.

use std::time::{Duration, SystemTime};

use http::Method;
use oss_auth::{SignError, SignableRequest, SigningParams};
use oss_http::SignatureVersion;

use crate::call::Call;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::validation::{ValidationError, ValidationKind};

/// The validity of a presigned URL when none is given: 15 minutes.
pub const DEFAULT_EXPIRY: Duration = Duration::from_secs(15 * 60);

/// How to presign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresignOptions {
    expires_in: Duration,
    version: Option<SignatureVersion>,
    signing_time: Option<SystemTime>,
}

impl Default for PresignOptions {
    fn default() -> Self {
        PresignOptions {
            expires_in: DEFAULT_EXPIRY,
            version: None,
            signing_time: None,
        }
    }
}

impl PresignOptions {
    /// Valid for 15 minutes, signed with the client's signature version (V4 by default).
    pub fn new() -> Self {
        Self::default()
    }

    /// Valid for `duration` from now (at most 7 days with V4).
    pub fn expires_in(duration: Duration) -> Self {
        Self::default().expiry(duration)
    }

    /// Sets the validity.
    pub fn expiry(mut self, duration: Duration) -> Self {
        self.expires_in = duration;
        self
    }

    /// Signs with V1 (`OSSAccessKeyId`, `Expires`, `Signature`).
    pub fn v1(self) -> Self {
        self.signature_version(SignatureVersion::V1)
    }

    /// Signs with V4 (`x-oss-signature-version=OSS4-HMAC-SHA256`, …).
    pub fn v4(self) -> Self {
        self.signature_version(SignatureVersion::V4)
    }

    /// Signs with this version.
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.version = Some(version);
        self
    }

    /// Signs as of `time` instead of now (the client's clock, corrected for skew).
    pub fn signing_time(mut self, time: SystemTime) -> Self {
        self.signing_time = Some(time);
        self
    }
}

/// A presigned request: what to send, where, until when.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PresignedRequest {
    /// The HTTP method.
    pub method: Method,
    /// The URL, signature included.
    pub url: String,
    /// When the URL stops working.
    pub expiration: SystemTime,
    /// The headers covered by the signature (lower-case names); the request must carry
    /// them with these values.
    pub signed_headers: Vec<(String, String)>,
}

fn sign_error(error: SignError) -> ValidationError {
    let kind = match error {
        SignError::ExpiryTooLong { .. } | SignError::ExpiryInPast => ValidationKind::Expiry,
        _ => ValidationKind::Argument,
    };
    ValidationError::new(kind, error.to_string())
}

/// The client's scheme for `version`, to sign something another party will send.
pub(crate) fn signing_scheme<'c>(
    client: &'c Client,
    operation: &'static str,
    version: SignatureVersion,
) -> Result<&'c oss_auth::Scheme> {
    client.signing_scheme(version).ok_or_else(|| {
        let message = format!("the provider has no {version:?} signing scheme");
        Error::validation(
            operation,
            ValidationError::new(ValidationKind::Argument, message),
        )
    })
}

/// The client's current credentials, to sign something another party will send (an
/// anonymous client has none).
pub(crate) async fn signing_credentials(
    client: &Client,
    operation: &'static str,
) -> Result<oss_auth::Credentials> {
    let provider = client.config().credentials_provider().ok_or_else(|| {
        let message = "an anonymous client has no credentials to sign with";
        Error::validation(
            operation,
            ValidationError::new(ValidationKind::Argument, message),
        )
    })?;
    provider
        .provide_credentials()
        .await
        .map_err(|e| Error::credentials(operation, e))
}

pub(crate) async fn presign(
    client: &Client,
    call: &Call,
    options: &PresignOptions,
) -> Result<PresignedRequest> {
    let operation = call.operation;
    client.check_supported(operation)?;
    let config = client.config();
    let fail =
        |kind, message: &str| Error::validation(operation, ValidationError::new(kind, message));
    let version = options.version.unwrap_or(config.signature_version());
    let scheme = signing_scheme(client, operation, version)?;
    if options.expires_in < Duration::from_secs(1) {
        return Err(fail(
            ValidationKind::Expiry,
            "a presigned URL must be valid for at least one second",
        ));
    }
    if let Some(max) = scheme.max_presign_expiry() {
        if options.expires_in > max {
            return Err(fail(
                ValidationKind::Expiry,
                &format!(
                    "a {version:?} presigned URL can be valid for at most {} days",
                    max.as_secs() / 86_400
                ),
            ));
        }
    }
    let credentials = signing_credentials(client, operation).await?;

    let signed_headers: Vec<(String, String)> = call
        .headers
        .iter()
        .filter(|(name, _)| scheme.signs_header(name))
        .map(|(name, value)| (name.to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let headers: Vec<(&str, &str)> = signed_headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let query: Vec<(&str, &str)> = call
        .query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    // The URL without the signature: its host and path are what schemes that sign the wire
    // request (AWS SigV4) cover.
    let unsigned_url =
        client
            .http()
            .url(call.bucket.as_deref(), call.key.as_deref(), &call.query)?;
    let request = SignableRequest {
        method: call.method.as_str(),
        host: unsigned_url.authority().map(|a| a.as_str()),
        path: Some(unsigned_url.path()),
        bucket: call.bucket.as_deref(),
        key: call.key.as_deref(),
        query: &query,
        headers: &headers,
    };
    let time = options
        .signing_time
        .unwrap_or_else(|| client.http().signing_time());
    let mut params = SigningParams::new(time).product(config.provider().v4_product);
    if let Some(region) = config.region() {
        params = params.region(region);
    }
    if scheme.needs_region() && params.region.is_none() {
        return Err(fail(
            ValidationKind::Argument,
            &format!("{version:?} presigning needs a region (set one on the client)"),
        ));
    }
    let presigned = scheme
        .presign(&request, &credentials, &params, options.expires_in)
        .map_err(|e| Error::validation(operation, sign_error(e)))?;
    let mut full_query = call.query.clone();
    full_query.extend(
        presigned
            .params
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone())),
    );
    let url = client
        .http()
        .url(call.bucket.as_deref(), call.key.as_deref(), &full_query)?;
    Ok(PresignedRequest {
        method: call.method.clone(),
        url: url.to_string(),
        expiration: presigned.expiration,
        signed_headers,
    })
}
