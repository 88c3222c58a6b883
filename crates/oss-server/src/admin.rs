//! The admin endpoint, `/_oss-server/…`: faults and the clock of a running binary, for tests
//! that drive it from outside the process.
//!
//! It is off unless the server is started with it ([`ServerConfig::admin_endpoint`],
//! `--admin-endpoint`), because whoever can use it can make every request fail or hang and
//! move the clock that decides whether signatures and presigned URLs have expired. When on,
//! it answers only requests signed with one of the server's credentials, checked by the same
//! verifier as every request but against the real clock (so that a skew it set cannot lock
//! it out), and it bounds what it takes. It exists in path style only (`_oss-server` is no
//! valid bucket name); with `Host: bucket.domain`, `/_oss-server/…` is an ordinary key.
//!
//! | request | effect |
//! | --- | --- |
//! | `POST /_oss-server/faults` with a fault spec as the body (at most 4 KiB) | adds a fault (at most 100) |
//! | `GET /_oss-server/faults` | lists the active faults, one spec a line |
//! | `DELETE /_oss-server/faults` | removes every fault |
//! | `PUT /_oss-server/clock?skew=SECONDS` | sets the clock skew (at most 7 days either way) |
//! | `POST /_oss-server/lifecycle` | applies every bucket's lifecycle rules at the server's clock |
//! | `POST /_oss-server/logging` | writes the pending access logs to their target buckets |
//!
//! [`ServerConfig::admin_endpoint`]: crate::ServerConfig::admin_endpoint

use std::time::SystemTime;

use http::Method;

use crate::auth::{self, Principal};
use crate::body::ResponseBody;
use crate::context::State;
use crate::error::{OssError, OssResult};
use crate::faults::Fault;
use crate::request::RequestInfo;
use crate::request_body::RequestBody;
use crate::response::{Reply, Resp};

/// The path prefix of the admin endpoint.
pub(crate) const PREFIX: &str = "/_oss-server/";
/// The largest fault spec taken.
const MAX_BODY: usize = 4096;
/// The most faults the endpoint lets accumulate.
const MAX_FAULTS: usize = 100;
/// The largest clock skew it sets, in seconds (the longest a V4 presigned URL lives).
const MAX_SKEW: i64 = 7 * 24 * 3600;

/// Whether a request is for the admin endpoint: path style only.
pub(crate) fn is_admin(info: &RequestInfo) -> bool {
    !info.virtual_hosted && info.path.starts_with(PREFIX)
}

fn text(status: u16, body: impl Into<String>) -> Resp {
    let body = body.into();
    Reply::new(status)
        .header("content-type", "text/plain; charset=utf-8")
        .header("content-length", body.len().to_string())
        .body(ResponseBody::full(body))
        .build()
}

/// Handles an admin request.
pub(crate) async fn handle(
    state: &State,
    info: &RequestInfo,
    body: RequestBody,
) -> OssResult<Resp> {
    let now = SystemTime::now();
    if auth::authenticate(&state.verifier, &state.credentials, &state.sts, info, now)?
        != Principal::Owner
    {
        return Err(OssError::access_denied(
            "The admin endpoint answers only requests signed with a credential of the server.",
        ));
    }
    let what = &info.path[PREFIX.len()..];
    match (&info.method, what) {
        (&Method::POST, "faults") => {
            let spec = read_spec(body).await?;
            let fault = spec
                .trim()
                .parse::<Fault>()
                .map_err(|e| OssError::invalid_argument(e.to_string(), "fault", spec.trim()))?;
            if state.faults.list().len() >= MAX_FAULTS {
                return Err(OssError::new(
                    400,
                    "TooManyFaults",
                    format!("At most {MAX_FAULTS} faults can be active; clear some first."),
                ));
            }
            state.faults.add(fault.clone());
            Ok(text(200, format!("{fault}\n")))
        }
        (&Method::GET, "faults") => {
            let list: String = state
                .faults
                .list()
                .iter()
                .map(|f| format!("{f}\n"))
                .collect();
            Ok(text(200, list))
        }
        (&Method::DELETE, "faults") => {
            state.faults.clear();
            Ok(text(200, ""))
        }
        (&Method::PUT, "clock") => {
            let raw = info.param("skew").unwrap_or("");
            match raw.trim().parse::<i64>() {
                Ok(seconds) if seconds.unsigned_abs() <= MAX_SKEW.unsigned_abs() => {
                    state.clock.set_skew(seconds);
                    Ok(text(200, format!("skew={seconds}\n")))
                }
                _ => Err(OssError::invalid_argument(
                    format!("skew must be a number of seconds within ±{MAX_SKEW}."),
                    "skew",
                    raw,
                )),
            }
        }
        (&Method::POST, "logging") => {
            let written =
                crate::access_log::flush(&state.access_log, &state.store, state.clock.now())
                    .await
                    .map_err(|e| OssError::from_store(e, ""))?;
            Ok(text(200, format!("written={written}\n")))
        }
        (&Method::POST, "lifecycle") => {
            let done = crate::lifecycle::sweep(&state.store, state.clock.now())
                .await
                .map_err(|e| OssError::from_store(e, ""))?;
            Ok(text(
                200,
                format!(
                    "expired={} transitioned={} aborted={}\n",
                    done.expired, done.transitioned, done.aborted
                ),
            ))
        }
        _ => Err(OssError::new(
            404,
            "NoSuchAdminResource",
            "Unknown admin request.",
        )),
    }
}

/// The body of `POST faults`: UTF-8, at most [`MAX_BODY`] bytes, read no further than that.
async fn read_spec(mut body: RequestBody) -> OssResult<String> {
    let mut bytes = Vec::new();
    while let Some(data) = body.data().await {
        let data = data?;
        if bytes.len() + data.len() > MAX_BODY {
            return Err(OssError::new(
                413,
                "EntityTooLarge",
                format!("A fault spec is at most {MAX_BODY} bytes."),
            ));
        }
        bytes.extend_from_slice(&data);
    }
    String::from_utf8(bytes)
        .map_err(|_| OssError::invalid_argument("A fault spec is UTF-8 text.", "fault", ""))
}
