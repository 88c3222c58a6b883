//! Every name particular to Alibaba Cloud OSS on the transport side, in one place: header
//! names, error codes, endpoint host patterns and the instance metadata service.
//!
//! The rest of the crate reads these through a [`Provider`], so that Huawei OBS or Tencent
//! COS can be added later as further constants (their signing names live in
//! [`oss_auth::dialect`]).

use oss_auth::dialect::Dialect;

use crate::endpoint::EndpointKind;

/// The wire names of one storage provider.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Provider {
    /// A short name for logs (`oss`).
    pub name: &'static str,
    /// The signing names, passed to oss-auth's signers.
    pub dialect: &'static Dialect,
    /// The V4 scope's product (`oss`).
    pub v4_product: &'static str,
    /// The response header with the request id.
    pub request_id_header: &'static str,
    /// The header with the object's CRC-64/XZ as a decimal number.
    pub crc64_header: &'static str,
    /// The header with the detailed error code (EC).
    pub ec_header: &'static str,
    /// The header that carries the base64 XML error body of a HEAD request (which has no body).
    pub head_error_header: &'static str,
    /// The error code for a request whose time is too far from the server's.
    pub clock_skew_code: &'static str,
    /// The error code for a bad signature.
    pub signature_mismatch_code: &'static str,
    /// The query parameter that asks for server-side processing (image resize, ...): the body
    /// is then not the stored object, so its CRC is not checked.
    pub processing_param: &'static str,
    /// The domain of the public endpoints (`aliyuncs.com`).
    pub domain: &'static str,
    /// The region of the legacy endpoint hosts without a region (`oss.aliyuncs.com`).
    pub legacy_region: &'static str,
    /// The base URL of the instance metadata service (ECS).
    pub metadata_base_url: &'static str,
    /// The metadata path that lists the instance's RAM role and, with the role name appended,
    /// returns its temporary credentials.
    pub metadata_credentials_path: &'static str,
}

impl Provider {
    /// Alibaba Cloud OSS.
    pub const OSS: Provider = Provider {
        name: "oss",
        dialect: &Dialect::OSS,
        v4_product: "oss",
        request_id_header: "x-oss-request-id",
        crc64_header: "x-oss-hash-crc64ecma",
        ec_header: "x-oss-ec",
        head_error_header: "x-oss-err",
        clock_skew_code: "RequestTimeTooSkewed",
        signature_mismatch_code: "SignatureDoesNotMatch",
        processing_param: "x-oss-process",
        domain: "aliyuncs.com",
        legacy_region: "cn-hangzhou",
        metadata_base_url: "http://100.100.100.200",
        metadata_credentials_path: "/latest/meta-data/ram/security-credentials/",
    };

    /// The endpoint host of `region` for a kind of network access.
    ///
    /// ```
    /// use oss_http::{endpoint::EndpointKind, provider::Provider};
    ///
    /// let oss = Provider::OSS;
    /// assert_eq!(oss.endpoint_host("cn-hangzhou", EndpointKind::Public), "oss-cn-hangzhou.aliyuncs.com");
    /// assert_eq!(oss.endpoint_host("cn-hangzhou", EndpointKind::Internal), "oss-cn-hangzhou-internal.aliyuncs.com");
    /// assert_eq!(oss.endpoint_host("cn-hangzhou", EndpointKind::Accelerate), "oss-accelerate.aliyuncs.com");
    /// assert_eq!(oss.endpoint_host("cn-hangzhou", EndpointKind::DualStack), "cn-hangzhou.oss.aliyuncs.com");
    /// ```
    pub fn endpoint_host(&self, region: &str, kind: EndpointKind) -> String {
        let domain = self.domain;
        match kind {
            EndpointKind::Public => format!("oss-{region}.{domain}"),
            EndpointKind::Internal => format!("oss-{region}-internal.{domain}"),
            EndpointKind::Accelerate => format!("oss-accelerate.{domain}"),
            EndpointKind::AccelerateOverseas => format!("oss-accelerate-overseas.{domain}"),
            EndpointKind::DualStack => format!("{region}.oss.{domain}"),
        }
    }

    /// The region named by one of this provider's endpoint hosts, if it follows a known
    /// pattern (`oss-cn-hangzhou.aliyuncs.com`, `oss-cn-hangzhou-internal.aliyuncs.com`,
    /// `cn-hangzhou.oss.aliyuncs.com`).
    ///
    /// ```
    /// use oss_http::provider::Provider;
    ///
    /// assert_eq!(Provider::OSS.region_of_host("oss-cn-shanghai-internal.aliyuncs.com").as_deref(), Some("cn-shanghai"));
    /// assert_eq!(Provider::OSS.region_of_host("oss-accelerate.aliyuncs.com"), None);
    /// assert_eq!(Provider::OSS.region_of_host("example.com"), None);
    /// // The legacy hosts of the first region (osscmd's default host).
    /// assert_eq!(Provider::OSS.region_of_host("oss.aliyuncs.com").as_deref(), Some("cn-hangzhou"));
    /// assert_eq!(Provider::OSS.region_of_host("oss-internal.aliyuncs.com").as_deref(), Some("cn-hangzhou"));
    /// ```
    pub fn region_of_host(&self, host: &str) -> Option<String> {
        let host = host.to_ascii_lowercase();
        let rest = host.strip_suffix(self.domain)?.strip_suffix('.')?;
        if rest == "oss" || rest == "oss-internal" {
            return Some(self.legacy_region.to_owned());
        }
        if let Some(region) = rest.strip_suffix(".oss") {
            return (!region.is_empty() && !region.contains('.')).then(|| region.to_owned());
        }
        let name = rest.strip_prefix("oss-")?;
        let region = name.strip_suffix("-internal").unwrap_or(name);
        let is_region =
            !region.is_empty() && !region.contains('.') && !region.starts_with("accelerate");
        is_region.then(|| region.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::Endpoint;

    #[test]
    fn region_endpoints() {
        let oss = Provider::OSS;
        let e = Endpoint::for_region(&oss, "cn-beijing", EndpointKind::Internal);
        assert_eq!(
            e.to_string(),
            "https://oss-cn-beijing-internal.aliyuncs.com"
        );
        let e = Endpoint::for_region(&oss, "cn-beijing", EndpointKind::DualStack);
        assert_eq!(e.to_string(), "https://cn-beijing.oss.aliyuncs.com");
    }
}
