//! The signing layer: adds the signature headers of the configured scheme (chosen by the
//! provider's dialect and the signature version) to a request about to be sent, at the
//! current time corrected by the clock offset learnt from `RequestTimeTooSkewed`.
//!
//! The signed request names the bucket, even when the host does not (CNAME, path style),
//! because that is what OSS verifies; it also carries the host and path as sent, for schemes
//! that sign those (AWS SigV4).

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::header::{HeaderName, HeaderValue};
use http::HeaderMap;
use oss_auth::{Credentials, Scheme as SigningScheme, SignableRequest, SigningParams};

use crate::config::SignatureVersion;
use crate::error::Error;
use crate::provider::Provider;

/// What to sign besides the headers.
pub(crate) struct SigningTarget<'a> {
    pub(crate) method: &'a str,
    /// The host the request goes to (with the port when the URL names one).
    pub(crate) host: Option<&'a str>,
    /// The path as sent (percent-encoded).
    pub(crate) path: &'a str,
    pub(crate) bucket: Option<&'a str>,
    pub(crate) key: Option<&'a str>,
    pub(crate) query: &'a [(String, String)],
}

/// Signs requests; remembers the offset between the local clock and the server's.
#[derive(Debug)]
pub(crate) struct RequestSigner {
    scheme: SigningScheme,
    region: Option<String>,
    product: &'static str,
    /// Server time minus local time, in milliseconds.
    clock_offset_ms: AtomicI64,
}

impl RequestSigner {
    /// A signer for `version` among the provider's schemes; fails when the provider has no
    /// scheme of that version.
    pub(crate) fn new(
        version: SignatureVersion,
        region: Option<String>,
        provider: &Provider,
    ) -> Result<Self, Error> {
        let kind = version.scheme_kind(provider.dialect).ok_or_else(|| {
            Error::invalid_input(format!(
                "{} has no signing scheme for {version:?}",
                provider.name
            ))
        })?;
        Ok(RequestSigner {
            scheme: SigningScheme::new(kind, provider.dialect),
            region,
            product: provider.v4_product,
            clock_offset_ms: AtomicI64::new(0),
        })
    }

    /// The offset applied to the local clock when signing, in milliseconds.
    pub(crate) fn clock_offset_ms(&self) -> i64 {
        self.clock_offset_ms.load(Ordering::Relaxed)
    }

    /// The signing time: now, corrected by the learnt offset.
    pub(crate) fn now(&self) -> SystemTime {
        shift(SystemTime::now(), self.clock_offset_ms())
    }

    /// Learns the offset from the server's time (taken from a `RequestTimeTooSkewed` answer).
    pub(crate) fn correct_clock(&self, server_time: SystemTime) {
        let local = millis_since_epoch(SystemTime::now());
        let server = millis_since_epoch(server_time);
        let offset = server - local;
        self.clock_offset_ms.store(offset, Ordering::Relaxed);
        tracing::info!(
            offset_ms = offset,
            "corrected the signing clock after RequestTimeTooSkewed"
        );
    }

    /// Adds the signature headers to `headers`.
    pub(crate) fn sign(
        &self,
        headers: &mut HeaderMap,
        target: &SigningTarget<'_>,
        credentials: &Credentials,
    ) -> Result<(), Error> {
        let header_pairs: Vec<(&str, &str)> = headers
            .iter()
            .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
            .collect();
        let query_pairs: Vec<(&str, &str)> = target
            .query
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        let request = SignableRequest {
            method: target.method,
            host: target.host,
            path: Some(target.path),
            bucket: target.bucket,
            key: target.key,
            query: &query_pairs,
            headers: &header_pairs,
        };
        let mut params = SigningParams::new(self.now()).product(self.product);
        if let Some(region) = &self.region {
            params = params.region(region);
        }
        let signed = self
            .scheme
            .sign_headers(&request, credentials, &params)
            .map_err(|e| Error::invalid_input(format!("cannot sign the request: {e}")))?;
        drop(header_pairs);
        for (name, value) in signed.headers {
            // `from_bytes` lower-cases oss-auth's `Date` and `Authorization`.
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::invalid_input(format!("the signature header {name} is not a valid name"))
            })?;
            let mut value = HeaderValue::from_str(&value).map_err(|_| {
                Error::invalid_input(format!("the signature header {name} is not valid ASCII"))
            })?;
            if oss_auth::dialect::is_sensitive_header(name.as_str()) {
                value.set_sensitive(true);
            }
            headers.insert(name, value);
        }
        Ok(())
    }
}

fn millis_since_epoch(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_millis() as i64,
        Err(before) => -(before.duration().as_millis() as i64),
    }
}

fn shift(time: SystemTime, offset_ms: i64) -> SystemTime {
    if offset_ms >= 0 {
        time + Duration::from_millis(offset_ms as u64)
    } else {
        time - Duration::from_millis(offset_ms.unsigned_abs())
    }
}
