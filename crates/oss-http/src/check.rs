//! The check layer: turns an error status into a [`ServiceError`] (reading the XML `Error`
//! body, or the `x-oss-err` header of a HEAD answer), finds the server's time for clock-skew
//! correction, and compares upload CRCs.

use std::time::SystemTime;

use crate::exchange::IncomingBody;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use bytes::Bytes;
use http::{HeaderMap, Response, StatusCode};
use http_body_util::{BodyExt, Limited};

use crate::error::{Error, IntegrityError, Phase, ServiceError};
use crate::provider::Provider;
use crate::request::UploadCheck;
use crate::transport::classify;
use crate::xml::parse_error_fields;

/// Error bodies are small; anything longer is cut (the rest is not needed to classify).
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Reads an error response into an [`Error`], with the server's time when it told it.
pub(crate) async fn service_error(
    response: Response<IncomingBody>,
    provider: &Provider,
) -> (Error, Option<SystemTime>) {
    let (parts, body) = response.into_parts();
    let body = match Limited::new(body, MAX_ERROR_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) => {
            // Too long, or the connection broke while reading the error: keep what the
            // status says, and report a broken connection as such.
            if error
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_none()
            {
                let transport = classify(error, Phase::InFlight);
                if transport.is_timeout() || transport.is_retryable() {
                    return (transport, None);
                }
            }
            Bytes::new()
        }
    };
    let service = parse_service_error(parts.status, &parts.headers, &body, provider);
    let server_time = server_time(&parts.headers, &service);
    (Error::from_service(service), server_time)
}

/// Builds a [`ServiceError`] from a status, headers and (possibly empty) error body.
pub(crate) fn parse_service_error(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    provider: &Provider,
) -> ServiceError {
    let mut service = ServiceError::new(status);
    let header = |name: &str| text_header(headers, name);
    service.request_id = text_header(headers, provider.request_id_header);
    service.ec = provider.ec_header.and_then(header);

    // A HEAD answer has no body; OSS puts the base64 XML error in a header instead.
    let decoded_header;
    let xml: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        decoded_header = provider
            .head_error_header
            .and_then(header)
            .and_then(|value| BASE64.decode(value.trim()).ok())
            .unwrap_or_default();
        &decoded_header
    } else {
        body
    };
    let text = String::from_utf8_lossy(xml);
    if let Some(fields) = parse_error_fields(&text) {
        for (name, value) in fields {
            match name.as_str() {
                "Code" => service.code = value,
                "Message" => service.message = value,
                "RequestId" => {
                    service.request_id.get_or_insert(value);
                }
                "HostId" => service.host_id = Some(value),
                "EC" => {
                    service.ec.get_or_insert(value);
                }
                "StringToSign" => service.string_to_sign = Some(value),
                "CanonicalRequest" => service.canonical_request = Some(value),
                _ => service.details.push((name, value)),
            }
        }
    } else if !text.trim().is_empty() {
        // Not XML (a proxy's HTML page, say): keep its start as the message.
        service.message = text.chars().take(200).collect();
    }
    if service.code.is_empty() && status == StatusCode::NOT_MODIFIED {
        service.code = "NotModified".to_owned();
    }
    service
}

fn text_header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The server's clock: its `Date` header, else the `ServerTime` of the error body.
fn server_time(headers: &HeaderMap, service: &ServiceError) -> Option<SystemTime> {
    headers
        .get(http::header::DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(oss_auth::time::parse_http_date)
        .or_else(|| {
            service
                .detail("ServerTime")
                .and_then(oss_auth::time::parse_iso8601)
        })
}

/// Compares the CRC of what was sent with what the server stored. A mismatch is retryable
/// when sending again replaces what was stored (see [`UploadCheck`]).
pub(crate) fn check_upload_crc(
    check: UploadCheck,
    sent: Option<u64>,
    server: Option<u64>,
) -> Result<(), Error> {
    match (sent, server) {
        (Some(sent), Some(server)) if sent != server => Err(Error::from_integrity(
            IntegrityError::Crc64Mismatch {
                expected: sent,
                actual: server,
            },
            "the server stored data whose CRC-64 differs from what was sent",
        )
        .set_retryable(check.mismatch_is_retryable())),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_error_from_header() {
        let xml =
            "<Error><Code>NoSuchKey</Code><Message>gone</Message><EC>0026-00000001</EC></Error>";
        let mut headers = HeaderMap::new();
        let oss = Provider::OSS;
        headers.insert(
            oss.head_error_header.unwrap(),
            BASE64.encode(xml).parse().unwrap(),
        );
        headers.insert(oss.request_id_header, "RID".parse().unwrap());
        let service = parse_service_error(StatusCode::NOT_FOUND, &headers, b"", &Provider::OSS);
        assert_eq!(service.code, "NoSuchKey");
        assert_eq!(service.message, "gone");
        assert_eq!(service.request_id.as_deref(), Some("RID"));
        assert_eq!(service.ec.as_deref(), Some("0026-00000001"));
    }

    #[test]
    fn body_fields_and_non_xml() {
        let xml = b"<?xml version=\"1.0\"?><Error><Code>RequestTimeTooSkewed</Code><Message>m</Message><RequestId>R1</RequestId><HostId>h</HostId><ServerTime>2024-01-02T03:04:05.000Z</ServerTime></Error>";
        let service = parse_service_error(
            StatusCode::FORBIDDEN,
            &HeaderMap::new(),
            xml,
            &Provider::OSS,
        );
        assert_eq!(service.request_id.as_deref(), Some("R1"));
        assert_eq!(service.host_id.as_deref(), Some("h"));
        assert!(server_time(&HeaderMap::new(), &service).is_some());

        let service = parse_service_error(
            StatusCode::BAD_GATEWAY,
            &HeaderMap::new(),
            b"<html>bad gateway</html>",
            &Provider::OSS,
        );
        assert_eq!(service.code, "");
        assert!(service.message.contains("bad gateway"));
    }

    #[test]
    fn cos_error_body() {
        // The shape of COS's error body (cos-python-sdk-v5 reads Code, Message, Resource,
        // RequestId and TraceId from it), with the request id also in its header.
        let cos = Provider::COS;
        let host = cos.endpoint_host("ap-guangzhou", crate::endpoint::EndpointKind::Public);
        let xml = format!("<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n\t<Code>NoSuchKey</Code>\n\t<Message>The specified key does not exist.</Message>\n\t<Resource>examplebucket-1250000000.{host}/a.txt</Resource>\n\t<RequestId>NjQ2ZTk0YzJfOTBjYTBiMDlfMjM5ZmVfMzI0YzE=</RequestId>\n\t<TraceId>OGVmYzZiMmQzYjA2OWNhODk0NTRkMTBiOWVmMDAxODc0OWRkZjk0ZDM1NmI1M2E2MTRlY2MzZDhmNmI5MWI1OTdjMGM=</TraceId>\n</Error>");
        let xml = xml.as_bytes();
        let mut headers = HeaderMap::new();
        headers.insert(cos.request_id_header, "HEADER-RID".parse().unwrap());
        let service = parse_service_error(StatusCode::NOT_FOUND, &headers, xml, &cos);
        assert_eq!(service.code, "NoSuchKey");
        assert_eq!(service.message, "The specified key does not exist.");
        assert_eq!(service.request_id.as_deref(), Some("HEADER-RID"));
        assert!(service.detail("TraceId").unwrap().starts_with("OGVmYzZi"));
        assert!(service.detail("Resource").unwrap().ends_with("/a.txt"));
        assert_eq!(service.ec, None);

        let service = parse_service_error(StatusCode::NOT_FOUND, &HeaderMap::new(), xml, &cos);
        assert_eq!(
            service.request_id.as_deref(),
            Some("NjQ2ZTk0YzJfOTBjYTBiMDlfMjM5ZmVfMzI0YzE=")
        );
        // A HEAD answer has no body and COS no error header: the status speaks.
        let service = parse_service_error(StatusCode::NOT_FOUND, &headers, b"", &cos);
        assert_eq!(service.code, "");
        assert_eq!(service.status, StatusCode::NOT_FOUND);
    }
}
