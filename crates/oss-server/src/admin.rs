//! The admin endpoint, `/_oss-server/…` (no bucket can be named so): faults and the clock of
//! a running binary, for tests that drive it from outside the process. It is not
//! authenticated; the server is meant for loopback use.
//!
//! | request | effect |
//! | --- | --- |
//! | `POST /_oss-server/faults` with a fault spec as the body | adds a fault |
//! | `GET /_oss-server/faults` | lists the active faults, one spec a line |
//! | `DELETE /_oss-server/faults` | removes every fault |
//! | `PUT /_oss-server/clock?skew=SECONDS` | sets the clock skew |

use http::Method;
use http_body_util::BodyExt;
use hyper::body::Incoming;

use crate::body::ResponseBody;
use crate::context::State;
use crate::faults::Fault;
use crate::request::RequestInfo;
use crate::response::{Reply, Resp};

/// The path prefix of the admin endpoint.
pub(crate) const PREFIX: &str = "/_oss-server/";

/// Whether a request is for the admin endpoint.
pub(crate) fn is_admin(info: &RequestInfo) -> bool {
    info.path.starts_with(PREFIX)
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
pub(crate) async fn handle(state: &State, info: &RequestInfo, body: Incoming) -> Resp {
    let what = &info.path[PREFIX.len()..];
    match (&info.method, what) {
        (&Method::POST, "faults") => {
            let bytes = match body.collect().await {
                Ok(collected) => collected.to_bytes(),
                Err(e) => return text(400, format!("reading the body: {e}\n")),
            };
            match String::from_utf8_lossy(&bytes).trim().parse::<Fault>() {
                Ok(fault) => {
                    state.faults.add(fault.clone());
                    text(200, format!("{fault}\n"))
                }
                Err(e) => text(400, format!("{e}\n")),
            }
        }
        (&Method::GET, "faults") => {
            let list: String = state
                .faults
                .list()
                .iter()
                .map(|f| format!("{f}\n"))
                .collect();
            text(200, list)
        }
        (&Method::DELETE, "faults") => {
            state.faults.clear();
            text(200, "")
        }
        (&Method::PUT, "clock") => match info.param("skew").map(|s| s.trim().parse::<i64>()) {
            Some(Ok(seconds)) => {
                state.clock.set_skew(seconds);
                text(200, format!("skew={seconds}\n"))
            }
            _ => text(400, "expected ?skew=SECONDS\n"),
        },
        _ => text(404, "unknown admin request\n"),
    }
}
