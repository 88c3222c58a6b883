//! The signing layer: adds oss-auth's signature headers to a request about to be sent, at
//! the current time corrected by the clock offset learnt from `RequestTimeTooSkewed`.
//!
//! The signed resource always names the bucket, even when the host does not (CNAME, path
//! style), because that is what the service verifies.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::header::{HeaderName, HeaderValue};
use http::HeaderMap;
use oss_auth::v1::V1Signer;
use oss_auth::v4::{Scope, V4Signer};
use oss_auth::{Credentials, SignableRequest};

use crate::config::SignatureVersion;
use crate::error::Error;
use crate::provider::Provider;

/// What to sign besides the headers.
pub(crate) struct SigningTarget<'a> {
    pub(crate) method: &'a str,
    pub(crate) bucket: Option<&'a str>,
    pub(crate) key: Option<&'a str>,
    pub(crate) query: &'a [(String, String)],
}

/// Signs requests; remembers the offset between the local clock and the server's.
#[derive(Debug)]
pub(crate) struct RequestSigner {
    version: SignatureVersion,
    region: Option<String>,
    product: &'static str,
    v4: V4Signer,
    v1: V1Signer,
    /// Server time minus local time, in milliseconds.
    clock_offset_ms: AtomicI64,
}

impl RequestSigner {
    pub(crate) fn new(
        version: SignatureVersion,
        region: Option<String>,
        provider: &Provider,
    ) -> Self {
        RequestSigner {
            version,
            region,
            product: provider.v4_product,
            v4: V4Signer::with_dialect(provider.dialect),
            v1: V1Signer::with_dialect(provider.dialect),
            clock_offset_ms: AtomicI64::new(0),
        }
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
            bucket: target.bucket,
            key: target.key,
            query: &query_pairs,
            headers: &header_pairs,
        };
        let time = self.now();
        let signed = match self.version {
            SignatureVersion::V4 => {
                let region = self.region.as_deref().unwrap_or_default();
                let scope = Scope {
                    region,
                    product: self.product,
                };
                self.v4
                    .sign_headers(&request, credentials, &scope, time)
                    .map_err(|e| Error::invalid_input(format!("cannot sign the request: {e}")))?
            }
            SignatureVersion::V1 => self.v1.sign_headers(&request, credentials, time),
        };
        drop(header_pairs);
        for (name, value) in signed.headers {
            // `from_bytes` lower-cases oss-auth's `Date` and `Authorization`.
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::invalid_input(format!("the signature header {name} is not a valid name"))
            })?;
            let mut value = HeaderValue::from_str(&value).map_err(|_| {
                Error::invalid_input(format!("the signature header {name} is not valid ASCII"))
            })?;
            if name == http::header::AUTHORIZATION || name.as_str().ends_with("security-token") {
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
