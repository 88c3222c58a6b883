//! STS, served by the server itself, so that the whole path of temporary credentials (a
//! provider asks for them, requests use them, they expire, the provider asks again) runs
//! offline.
//!
//! `GET /?Action=…` or `POST /` with an `application/x-www-form-urlencoded` body, in path style
//! on the service root, is an STS request (no OSS operation takes `Action`, and none is a POST
//! on the service). Two operations of STS 2015-04-01 are served, answering in JSON as STS
//! does:
//!
//! - `AssumeRole`, signed as Alibaba Cloud RPC requests are ([`oss_auth::rpc`]) with one of the
//!   server's credentials (or earlier temporary ones, with their `SecurityToken`): the
//!   timestamp must be within 15 minutes of the server's clock and a nonce is used once.
//! - `AssumeRoleWithOIDC`, unsigned: the token must be one configured for the OIDC provider
//!   ([`ServerConfig::oidc_token`](crate::ServerConfig::oidc_token)); the server does not read
//!   JWTs.
//!
//! Either issues a fresh key pair and token that the server then accepts, until the requested
//! `DurationSeconds` (900 to 43,200 by default, see
//! [`ServerConfig::sts_min_duration`](crate::ServerConfig::sts_min_duration)) have passed on
//! its clock; then requests with them get `AccessDenied` ("The security token you provided has
//! expired."). What it does not implement is refused, not ignored: `Format` other than JSON
//! and a session `Policy` get 501, other actions 404 `InvalidAction.NotFound`.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use http::Method;
use oss_auth::dialect::StsApi;
use oss_auth::rpc::{self, RpcNames};
use oss_auth::time::{format_iso8601, parse_iso8601};
use oss_auth::verify::MAX_CLOCK_SKEW;
use oss_auth::Credentials;
use serde_json::json;

use crate::body::ResponseBody;
use crate::context::{State, OWNER_ID};
use crate::ids;
use crate::request::RequestInfo;
use crate::request_body::RequestBody;
use crate::response::{Reply, Resp};

const API: StsApi = StsApi::ALIBABA;
const NAMES: RpcNames = RpcNames::ALIBABA;
/// The largest form body read (an OIDC token is a few KiB).
const MAX_BODY: usize = 64 * 1024;
/// Bounds on what is remembered, so that memory stays bounded whatever clients do.
const MAX_ISSUED: usize = 10_000;
const MAX_NONCES: usize = 100_000;
/// STS's documented range of `DurationSeconds`, and its default.
pub(crate) const DEFAULT_MIN_DURATION: Duration = Duration::from_secs(900);
const MAX_DURATION: Duration = Duration::from_secs(43_200);
const DEFAULT_DURATION: u64 = 3600;

/// A token `AssumeRoleWithOIDC` accepts from an OIDC provider; `Debug` hides the token.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct OidcToken {
    pub provider_arn: String,
    pub token: String,
}

impl std::fmt::Debug for OidcToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcToken")
            .field("provider_arn", &self.provider_arn)
            .finish_non_exhaustive()
    }
}

/// The temporary credentials issued so far and the nonces seen.
#[derive(Debug)]
pub(crate) struct Sts {
    issued: Mutex<HashMap<String, Credentials>>,
    nonces: Mutex<HashMap<String, SystemTime>>,
    min_duration: Duration,
    oidc_tokens: Vec<OidcToken>,
}

/// An STS error: HTTP status, code and message, as STS's JSON error body has them.
struct StsError {
    status: u16,
    code: &'static str,
    message: String,
}

fn error(status: u16, code: &'static str, message: impl Into<String>) -> StsError {
    StsError {
        status,
        code,
        message: message.into(),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Sts {
    /// An STS with no credentials issued yet; `oidc_tokens` are the tokens
    /// `AssumeRoleWithOIDC` accepts.
    pub(crate) fn new(min_duration: Duration, oidc_tokens: Vec<OidcToken>) -> Self {
        Sts {
            issued: Mutex::new(HashMap::new()),
            nonces: Mutex::new(HashMap::new()),
            min_duration,
            oidc_tokens,
        }
    }

    /// Temporary credentials this STS issued, expired or not (the verifier tells expired ones
    /// apart, with the documented message).
    pub(crate) fn lookup(&self, access_key_id: &str) -> Option<Credentials> {
        lock(&self.issued).get(access_key_id).cloned()
    }

    fn issue(&self, now: SystemTime, duration: Duration) -> Result<Credentials, StsError> {
        let mut issued = lock(&self.issued);
        // Long expired ones can no longer matter to anyone: forget them.
        issued.retain(|_, c| c.expiration().is_some_and(|e| e + MAX_CLOCK_SKEW > now));
        if issued.len() >= MAX_ISSUED {
            return Err(error(
                400,
                "Throttling",
                "Too many temporary credentials are valid at once.",
            ));
        }
        let id = format!("STS.{}", random_text(24));
        let credentials = Credentials::new(&id, random_text(40))
            .with_security_token(format!("CAIS{}", random_text(96)))
            .with_expiration(now + duration);
        issued.insert(id, credentials.clone());
        Ok(credentials)
    }

    /// Records a nonce; false if it was seen within the clock-skew window.
    fn first_use(&self, access_key_id: &str, nonce: &str, now: SystemTime) -> bool {
        let mut nonces = lock(&self.nonces);
        nonces.retain(|_, seen| *seen + 2 * MAX_CLOCK_SKEW > now);
        if nonces.len() >= MAX_NONCES {
            return false;
        }
        nonces
            .insert(format!("{access_key_id}\n{nonce}"), now)
            .is_none()
    }
}

/// Letters and digits from the server's random source.
fn random_text(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(len);
    while out.len() < len {
        let mut bits = ids::random_u64();
        for _ in 0..10 {
            if out.len() == len {
                break;
            }
            out.push(ALPHABET[(bits % 62) as usize] as char);
            bits /= 62;
        }
    }
    out
}

/// Whether a request is for STS: the service root in path style, with an `Action` in the
/// query or a form body.
pub(crate) fn is_sts(info: &RequestInfo) -> bool {
    let form = info.method == Method::POST
        && info
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    !info.virtual_hosted
        && info.bucket.is_none()
        && info.path == "/"
        && (info.has("Action") || form)
}

/// Answers an STS request; never fails (errors become STS's JSON error body).
pub(crate) async fn handle(
    state: &State,
    info: &RequestInfo,
    body: RequestBody,
    now: SystemTime,
    request_id: &str,
) -> Resp {
    let result = match params(info, body).await {
        Ok(params) => answer(state, info, &params, now),
        Err(e) => Err(e),
    };
    let (status, document) = match result {
        Ok(document) => (200, document),
        Err(e) => (
            e.status,
            json!({"RequestId": "", "HostId": info.host_id(), "Code": e.code, "Message": e.message}),
        ),
    };
    let mut document = document;
    document["RequestId"] = json!(request_id);
    let text = document.to_string();
    Reply::new(status)
        .header("content-type", "application/json;charset=utf-8")
        .header("content-length", text.len().to_string())
        .body(ResponseBody::full(text))
        .build()
}

/// The query's parameters, then the form body's.
async fn params(
    info: &RequestInfo,
    mut body: RequestBody,
) -> Result<Vec<(String, String)>, StsError> {
    let mut params = info.query.clone();
    if info.method == Method::POST {
        let mut bytes = Vec::new();
        while let Some(data) = body.data().await {
            let data = data.map_err(|_| {
                error(
                    400,
                    "InvalidParameter",
                    "The request body could not be read.",
                )
            })?;
            if bytes.len() + data.len() > MAX_BODY {
                return Err(error(
                    413,
                    "InvalidParameter",
                    format!("The form body is larger than {MAX_BODY} bytes."),
                ));
            }
            bytes.extend_from_slice(&data);
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| error(400, "InvalidParameter", "The form body is not UTF-8."))?;
        for pair in text.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| oss_auth::encoding::decode(s, true).into_owned();
            params.push((decode(name), decode(value)));
        }
    }
    Ok(params)
}

fn answer(
    state: &State,
    info: &RequestInfo,
    params: &[(String, String)],
    now: SystemTime,
) -> Result<serde_json::Value, StsError> {
    let get = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let required = |name: &str| {
        get(name).filter(|v| !v.is_empty()).ok_or_else(|| {
            error(
                400,
                "MissingParameter",
                format!("{name} is mandatory for this action."),
            )
        })
    };
    let action = required(NAMES.action)?;
    if action != API.assume_role && action != API.assume_role_with_oidc {
        return Err(error(
            404,
            "InvalidAction.NotFound",
            format!("The action {action} is not served by this STS."),
        ));
    }
    if required(NAMES.version)? != API.version {
        return Err(error(
            400,
            "InvalidVersion",
            format!(
                "Specified parameter Version is not valid; this STS serves {}.",
                API.version
            ),
        ));
    }
    if get(NAMES.format).unwrap_or("XML") != API.format {
        return Err(error(
            501,
            "NotImplemented",
            "Only Format=JSON is implemented by this STS.",
        ));
    }
    if get(API.policy).is_some_and(|p| !p.is_empty()) {
        return Err(error(
            501,
            "NotImplemented",
            "A session Policy is not implemented by this STS.",
        ));
    }
    let role_arn = required(API.role_arn)?;
    let role = role_name(role_arn).ok_or_else(|| {
        error(
            400,
            "InvalidParameter.RoleArn",
            "The parameter RoleArn is not acs:ram::<account id>:role/<role name>.",
        )
    })?;
    let session = required(API.role_session_name)?;
    if !(2..=64).contains(&session.len())
        || !session
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.@=,".contains(&b))
    {
        return Err(error(
            400,
            "InvalidParameter.RoleSessionName",
            "RoleSessionName is 2 to 64 letters, digits or -_.@=,",
        ));
    }
    let duration = match get(API.duration_seconds) {
        None | Some("") => DEFAULT_DURATION,
        Some(raw) => raw.parse::<u64>().map_err(|_| {
            error(
                400,
                "InvalidParameter.DurationSeconds",
                "DurationSeconds is a number of seconds.",
            )
        })?,
    };
    let duration = Duration::from_secs(duration);
    let sts = &state.sts;
    if duration < sts.min_duration || duration > MAX_DURATION {
        return Err(error(
            400,
            "InvalidParameter.DurationSeconds",
            format!(
                "The Min/Max value of DurationSeconds is {}s/{}s.",
                sts.min_duration.as_secs(),
                MAX_DURATION.as_secs()
            ),
        ));
    }
    if action == API.assume_role {
        check_signature(state, info, params, now, &required)?;
    } else {
        let provider = required(API.oidc_provider_arn)?;
        let token = required(API.oidc_token)?;
        let known = sts
            .oidc_tokens
            .iter()
            .any(|t| t.provider_arn == provider && constant_time_eq(&t.token, token));
        if !known {
            return Err(error(
                400,
                "AuthenticationFail.OIDCToken.Invalid",
                "The OIDC token is not one this STS accepts for the OIDC provider.",
            ));
        }
    }
    let credentials = sts.issue(now, duration)?;
    let expiration = credentials.expiration().unwrap_or(now);
    Ok(json!({
        "AssumedRoleUser": {
            "Arn": format!("acs:ram::{OWNER_ID}:role/{role}/{session}"),
            "AssumedRoleId": format!("3{}:{session}", &OWNER_ID[1..]),
        },
        "Credentials": {
            "AccessKeyId": credentials.access_key_id(),
            "AccessKeySecret": credentials.access_key_secret(),
            "SecurityToken": credentials.security_token().unwrap_or_default(),
            "Expiration": format_iso8601(expiration).replace(".000Z", "Z"),
        },
    }))
}

/// The RPC signature of an `AssumeRole`: the caller's key, time, nonce and token, then the
/// signature itself.
fn check_signature<'p>(
    state: &State,
    info: &RequestInfo,
    params: &'p [(String, String)],
    now: SystemTime,
    required: &dyn Fn(&str) -> Result<&'p str, StsError>,
) -> Result<(), StsError> {
    if required(NAMES.signature_method)? != NAMES.signature_method_value
        || required(NAMES.signature_version)? != NAMES.signature_version_value
    {
        return Err(error(
            400,
            "InvalidParameter",
            "Only SignatureMethod HMAC-SHA1 with SignatureVersion 1.0 is accepted.",
        ));
    }
    let id = required(NAMES.access_key_id)?;
    let signature = required(NAMES.signature)?;
    let nonce = required(NAMES.signature_nonce)?;
    let timestamp = required(NAMES.timestamp)?;
    let time = parse_iso8601(timestamp).ok_or_else(|| {
        error(
            400,
            "InvalidTimeStamp.Format",
            "Specified time stamp does not match the specified format.",
        )
    })?;
    let skew = now.duration_since(time).unwrap_or_else(|e| e.duration());
    if skew > MAX_CLOCK_SKEW {
        return Err(error(
            400,
            "InvalidTimeStamp.Expired",
            "Specified time stamp or date value is expired.",
        ));
    }
    let credentials = state
        .credentials
        .get(id)
        .cloned()
        .or_else(|| state.sts.lookup(id))
        .ok_or_else(|| {
            error(
                404,
                "InvalidAccessKeyId.NotFound",
                "Specified access key is not found.",
            )
        })?;
    let pairs: Vec<(&str, &str)> = params
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let string_to_sign = rpc::string_to_sign(&NAMES, info.method.as_str(), &pairs);
    if !rpc::verify(credentials.access_key_secret(), &string_to_sign, signature) {
        return Err(error(
            400,
            "SignatureDoesNotMatch",
            "Specified signature is not matched with our calculation.",
        ));
    }
    let sent_token = pairs
        .iter()
        .find(|(n, _)| *n == NAMES.security_token)
        .map(|(_, v)| *v);
    if sent_token != credentials.security_token() {
        return Err(error(
            400,
            "InvalidSecurityToken.Mismatch",
            "Specified SecurityToken is not valid.",
        ));
    }
    if credentials.expiration().is_some_and(|e| e < now) {
        return Err(error(
            400,
            "InvalidSecurityToken.Expired",
            "Specified SecurityToken is expired.",
        ));
    }
    if !state.sts.first_use(id, nonce, now) {
        return Err(error(
            400,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        ));
    }
    Ok(())
}

/// `acs:ram::<account id>:role/<name>` → the name.
fn role_name(arn: &str) -> Option<&str> {
    let rest = arn.strip_prefix("acs:ram::")?;
    let (account, resource) = rest.split_once(':')?;
    let name = resource
        .strip_prefix("role/")
        .or_else(|| resource.strip_prefix("ROLE/"))?;
    let valid = !account.is_empty()
        && account.bytes().all(|b| b.is_ascii_digit())
        && !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    valid.then_some(name)
}

/// Compares two secrets without an early exit.
fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns() {
        assert_eq!(
            role_name("acs:ram::1234567890123456:role/uploader"),
            Some("uploader")
        );
        for bad in [
            "acs:ram::12ab:role/x",
            "acs:ram::1:user/x",
            "acs:ram::1:role/",
            "uploader",
            "acs:ram::1:role/a b",
        ] {
            assert_eq!(role_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn oidc_tokens_stay_out_of_debug_output() {
        let token = OidcToken {
            provider_arn: "acs:ram::1:oidc-provider/p".into(),
            token: "eyJ.secret-token".into(),
        };
        assert!(!format!("{token:?}").contains("secret-token"));
        let config =
            crate::ServerConfig::new().oidc_token("acs:ram::1:oidc-provider/p", "eyJ.secret-token");
        assert!(!format!("{config:?}").contains("secret-token"));
    }

    #[test]
    fn nonces_are_used_once_and_issued_keys_differ() {
        let sts = Sts::new(DEFAULT_MIN_DURATION, Vec::new());
        let now = SystemTime::now();
        assert!(sts.first_use("ak", "n1", now));
        assert!(!sts.first_use("ak", "n1", now));
        assert!(sts.first_use("other", "n1", now));
        let a = sts.issue(now, DEFAULT_MIN_DURATION).ok().unwrap();
        let b = sts.issue(now, DEFAULT_MIN_DURATION).ok().unwrap();
        assert_ne!(a.access_key_id(), b.access_key_id());
        assert_eq!(sts.lookup(a.access_key_id()), Some(a));
    }
}
