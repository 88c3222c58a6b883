//! Fault injection: make the server misbehave on purpose, to test a client's retries and
//! integrity checks.
//!
//! A [`Fault`] says what goes wrong ([`FaultKind`]) and for which requests: an operation name
//! (`GetObject`, `PutObject`, `UploadPart`…, as OSS names them), a bucket, a key pattern
//! (`*` and `?` wildcards) and how many times before it stops (forever by default). Every
//! matching fault fires on a request, so a delay and a corruption can combine.
//!
//! Tests add faults through [`Faults`] (see `ServerHandle::faults`); the binary takes the same
//! faults as `--fault SPEC` or, when started with `--admin-endpoint`, at run time on a signed
//! `POST /_oss-server/faults` with the spec as the body. A spec is comma-separated
//! `name=value` items, exactly one of them the kind:
//!
//! ```text
//! error=503,op=GetObject,times=2      503 SlowDown, twice (error=500: InternalError)
//! reset=1000,key=big/*                reset the connection after 1,000 body bytes
//! delay=250,op=PutObject              wait 250 ms before handling (at most 600000)
//! corrupt=0,bucket=b,key=a.txt        flip byte 0 of the response body
//! ```
//!
//! ```
//! use oss_server::faults::{Fault, FaultKind};
//! let fault: Fault = "error=503,op=GetObject,times=2".parse().unwrap();
//! assert_eq!(fault.kind(), &FaultKind::Error(503));
//! assert_eq!(fault, Fault::error(503).operation("GetObject").times(2));
//! ```

use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;

use crate::glob::glob;

/// The longest delay a spec asks for, 10 minutes: a spec comes from a command line or the
/// admin endpoint, and a longer one would only make the server look dead.
pub const MAX_DELAY_MS: u64 = 600_000;

/// What goes wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// Answer with this status instead of handling the request: 503 is `SlowDown`, 500
    /// `InternalError`, anything else `InjectedFault`.
    Error(u16),
    /// Close the connection abruptly (TCP reset) after this many bytes of the response body.
    ResetAfter(u64),
    /// Wait this long before handling the request.
    Delay(Duration),
    /// Flip every bit of the response body's byte at this offset (a CRC check must notice).
    Corrupt(u64),
}

/// A fault and the requests it applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    kind: FaultKind,
    operation: Option<String>,
    bucket: Option<String>,
    key: Option<String>,
    times: Option<u64>,
}

impl Fault {
    /// A fault of this kind for every request, forever.
    pub fn new(kind: FaultKind) -> Self {
        Fault {
            kind,
            operation: None,
            bucket: None,
            key: None,
            times: None,
        }
    }

    /// Answer with `status` (503: `SlowDown`, 500: `InternalError`).
    pub fn error(status: u16) -> Self {
        Fault::new(FaultKind::Error(status))
    }

    /// Reset the connection after `bytes` bytes of the response body.
    pub fn reset_after(bytes: u64) -> Self {
        Fault::new(FaultKind::ResetAfter(bytes))
    }

    /// Wait `delay` before handling.
    pub fn delay(delay: Duration) -> Self {
        Fault::new(FaultKind::Delay(delay))
    }

    /// Flip the response body's byte at `offset`.
    pub fn corrupt(offset: u64) -> Self {
        Fault::new(FaultKind::Corrupt(offset))
    }

    /// Only for this operation (`GetObject`, `PutObject`, `UploadPart`, …).
    pub fn operation(mut self, name: impl Into<String>) -> Self {
        self.operation = Some(name.into());
        self
    }

    /// Only for this bucket.
    pub fn bucket(mut self, name: impl Into<String>) -> Self {
        self.bucket = Some(name.into());
        self
    }

    /// Only for keys matching this pattern (`*` any run of characters, `?` one character).
    pub fn key(mut self, pattern: impl Into<String>) -> Self {
        self.key = Some(pattern.into());
        self
    }

    /// Only the first `n` matching requests.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// What goes wrong.
    pub fn kind(&self) -> &FaultKind {
        &self.kind
    }

    fn matches(&self, operation: &str, bucket: Option<&str>, key: Option<&str>) -> bool {
        self.operation.as_deref().is_none_or(|o| o == operation)
            && self.bucket.as_deref().is_none_or(|b| Some(b) == bucket)
            && self
                .key
                .as_deref()
                .is_none_or(|pattern| key.is_some_and(|k| glob(pattern, k)))
    }
}

/// Why a fault spec could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultSpecError(String);

impl fmt::Display for FaultSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid fault spec: {}", self.0)
    }
}

impl std::error::Error for FaultSpecError {}

impl FromStr for Fault {
    type Err = FaultSpecError;

    /// Reads `kind=value[,op=NAME][,bucket=NAME][,key=PATTERN][,times=N]`.
    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let fail = |m: String| FaultSpecError(m);
        let number = |name: &str, v: &str| {
            v.trim()
                .parse::<u64>()
                .map_err(|_| fail(format!("{name} needs a number, got {v:?}")))
        };
        let mut kind = None;
        let mut fault = Fault::new(FaultKind::Delay(Duration::ZERO));
        for item in spec.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let (name, value) = item
                .split_once('=')
                .ok_or_else(|| fail(format!("{item:?} is not name=value")))?;
            let new_kind = match name.trim() {
                "error" | "status" => {
                    let status = number(name, value)?;
                    match u16::try_from(status) {
                        Ok(s) if (400..600).contains(&s) => Some(FaultKind::Error(s)),
                        _ => return Err(fail(format!("error status {status} is not 4xx or 5xx"))),
                    }
                }
                "reset" => Some(FaultKind::ResetAfter(number(name, value)?)),
                "delay" => match number(name, value)? {
                    ms if ms <= MAX_DELAY_MS => Some(FaultKind::Delay(Duration::from_millis(ms))),
                    ms => {
                        return Err(fail(format!(
                            "delay {ms} ms is longer than the most a spec takes, {MAX_DELAY_MS} ms"
                        )))
                    }
                },
                "corrupt" => Some(FaultKind::Corrupt(number(name, value)?)),
                "op" | "operation" => {
                    fault.operation = Some(value.trim().to_owned());
                    None
                }
                "bucket" => {
                    fault.bucket = Some(value.trim().to_owned());
                    None
                }
                "key" => {
                    fault.key = Some(value.to_owned());
                    None
                }
                "times" => {
                    fault.times = Some(number(name, value)?);
                    None
                }
                other => return Err(fail(format!("unknown item {other:?}"))),
            };
            if let Some(new_kind) = new_kind {
                if kind.replace(new_kind).is_some() {
                    return Err(fail("more than one kind".to_owned()));
                }
            }
        }
        fault.kind = kind.ok_or_else(|| fail("no kind (error, reset, delay, corrupt)".into()))?;
        Ok(fault)
    }
}

impl fmt::Display for Fault {
    /// The spec form, which [`FromStr`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            FaultKind::Error(s) => write!(f, "error={s}")?,
            FaultKind::ResetAfter(n) => write!(f, "reset={n}")?,
            FaultKind::Delay(d) => write!(f, "delay={}", d.as_millis())?,
            FaultKind::Corrupt(o) => write!(f, "corrupt={o}")?,
        }
        if let Some(o) = &self.operation {
            write!(f, ",op={o}")?;
        }
        if let Some(b) = &self.bucket {
            write!(f, ",bucket={b}")?;
        }
        if let Some(k) = &self.key {
            write!(f, ",key={k}")?;
        }
        if let Some(t) = self.times {
            write!(f, ",times={t}")?;
        }
        Ok(())
    }
}

/// The faults a server applies; cheap to share.
#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<Vec<Fault>>,
}

impl Faults {
    /// Adds a fault.
    pub fn add(&self, fault: Fault) {
        self.lock().push(fault);
    }

    /// Removes every fault.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// The faults still active (those with `times` count down as they fire).
    pub fn list(&self) -> Vec<Fault> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Fault>> {
        self.rules.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The faults that fire for this request, counting them down.
    pub(crate) fn fire(
        &self,
        operation: &str,
        bucket: Option<&str>,
        key: Option<&str>,
    ) -> Vec<FaultKind> {
        let mut rules = self.lock();
        if rules.is_empty() {
            return Vec::new();
        }
        let mut fired = Vec::new();
        rules.retain_mut(|rule| {
            if !rule.matches(operation, bucket, key) {
                return true;
            }
            fired.push(rule.kind.clone());
            match &mut rule.times {
                Some(n) => {
                    *n = n.saturating_sub(1);
                    *n > 0
                }
                None => true,
            }
        });
        fired
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_round_trip_and_reject_garbage() {
        let fault: Fault = "reset=10,op=GetObject,bucket=b,key=k*,times=3"
            .parse()
            .unwrap();
        assert_eq!(fault.to_string().parse::<Fault>().unwrap(), fault);
        for bad in [
            "",
            "op=GetObject",
            "error=200",
            "error=503,reset=1",
            "delay=x",
            "delay=18446744073709551615",
            "delay=600001",
            "what=1",
        ] {
            assert!(bad.parse::<Fault>().is_err(), "{bad}");
        }
    }

    #[test]
    fn times_count_down() {
        let faults = Faults::default();
        faults.add(Fault::error(503).operation("GetObject").times(2));
        assert!(faults.fire("PutObject", None, None).is_empty());
        assert_eq!(faults.fire("GetObject", Some("b"), Some("k")).len(), 1);
        assert_eq!(faults.fire("GetObject", Some("b"), Some("k")).len(), 1);
        assert!(faults.fire("GetObject", Some("b"), Some("k")).is_empty());
        assert!(faults.list().is_empty());
    }
}
