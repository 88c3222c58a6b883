//! One small HTTP exchange with a credentials service (the ECS metadata service, STS, a
//! credentials URI), and the JSON credentials they answer with.

use std::collections::HashMap;
use std::time::Duration;

use bytes::Bytes;
use http::{header, Method, Request, StatusCode, Uri};
use http_body_util::{BodyExt, Limited};
use oss_auth::credentials::CredentialsError;
use oss_auth::Credentials;
use serde_json::Value;

use crate::connector::{default_tls_config, ConnectorSettings};
use crate::outgoing_body::{BodyReport, OutgoingBody};
use crate::proxy::ProxyConfig;
use crate::transport::{Transport, TransportSettings};

/// The largest answer read.
const MAX_BODY: usize = 64 * 1024;

/// A tiny client for credentials services: its own small pool, one time limit per exchange.
#[derive(Clone)]
pub(crate) struct CredentialsFetcher {
    transport: Transport,
    timeout: Duration,
}

impl CredentialsFetcher {
    /// A client going through `proxy`, giving each exchange `timeout`.
    pub(crate) fn new(proxy: ProxyConfig, timeout: Duration) -> Self {
        let transport = Transport::new(TransportSettings {
            connector: ConnectorSettings {
                tls: default_tls_config(),
                proxy,
                connect_timeout: Duration::from_secs(5).min(timeout),
                read_idle_timeout: Some(timeout),
                resolve: HashMap::new(),
            },
            max_connections_per_host: 2,
            pool_idle_timeout: Duration::from_secs(5),
        });
        CredentialsFetcher { transport, timeout }
    }

    /// The time limit of each exchange.
    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Sends one request (a form body for POST) and reads the answer, within the time limit.
    pub(crate) async fn send(
        &self,
        method: Method,
        uri: &Uri,
        form: Option<String>,
    ) -> Result<(StatusCode, Bytes), String> {
        let exchange = async {
            let body = match &form {
                Some(form) => OutgoingBody::bytes(Bytes::from(form.clone())),
                None => OutgoingBody::empty(),
            };
            let mut request = Request::new(body);
            *request.method_mut() = method;
            *request.uri_mut() = uri.clone();
            if let Some(form) = &form {
                let headers = request.headers_mut();
                headers.insert(
                    header::CONTENT_TYPE,
                    header::HeaderValue::from_static("application/x-www-form-urlencoded"),
                );
                headers.insert(header::CONTENT_LENGTH, form.len().into());
            }
            let response = self
                .transport
                .send(request, &BodyReport::default())
                .await
                .map_err(|e| e.to_string())?;
            let status = response.status();
            let body = Limited::new(response.into_body(), MAX_BODY)
                .collect()
                .await
                .map_err(|e| format!("reading the answer failed: {e}"))?
                .to_bytes();
            Ok((status, body))
        };
        match tokio::time::timeout(self.timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(format!("no answer within {} ms", self.timeout.as_millis())),
        }
    }
}

/// Parses a JSON answer; the error names `what` and the position, never the content.
pub(crate) fn parse_json(body: &[u8], what: &str) -> Result<Value, CredentialsError> {
    serde_json::from_slice(body).map_err(|e| {
        CredentialsError::Invalid(format!(
            "{what} is not JSON (at line {}, column {})",
            e.line(),
            e.column()
        ))
    })
}

/// Temporary credentials from a JSON object with `AccessKeyId`, `AccessKeySecret`,
/// `SecurityToken` and an optional ISO 8601 `Expiration`, as STS, the ECS metadata service
/// and credentials URIs answer. Errors name fields, never their values.
pub(crate) fn credentials_from_json(
    value: &Value,
    what: &str,
) -> Result<Credentials, CredentialsError> {
    let field = |name: &str| value.get(name).and_then(|v| v.as_str()).map(str::to_owned);
    let missing = |name: &str| CredentialsError::Invalid(format!("{what} have no {name} field"));
    let id = field("AccessKeyId").ok_or_else(|| missing("AccessKeyId"))?;
    let secret = field("AccessKeySecret").ok_or_else(|| missing("AccessKeySecret"))?;
    let token = field("SecurityToken").ok_or_else(|| missing("SecurityToken"))?;
    let mut credentials = Credentials::new(id, secret).with_security_token(token);
    if let Some(expiration) = field("Expiration") {
        let time = oss_auth::time::parse_iso8601(&expiration).ok_or_else(|| {
            CredentialsError::Invalid(format!("{what} have an unreadable Expiration"))
        })?;
        credentials = credentials.with_expiration(time);
    }
    Ok(credentials)
}

/// A transport failure as a credentials error: it says what was asked of whom.
pub(crate) fn unreachable(what: String, detail: String) -> CredentialsError {
    CredentialsError::Io {
        context: what,
        source: std::sync::Arc::new(std::io::Error::other(detail)),
    }
}
