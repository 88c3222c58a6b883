//! Every name particular to a storage vendor on the transport side, in one place: header
//! names, error codes, endpoint host patterns and the instance metadata service, for Alibaba
//! Cloud OSS ([`Provider::OSS`]) and Tencent Cloud COS ([`Provider::COS`]).
//!
//! The rest of the crate reads these through a [`Provider`] (their signing names live in
//! [`oss_auth::dialect`]). [`Provider::for_host`] recognises a vendor by its endpoint.

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
    /// The header with the detailed error code (EC), if the vendor sends one.
    pub ec_header: Option<&'static str>,
    /// The header that carries the base64 XML error body of a HEAD request (which has no
    /// body), if the vendor sends one.
    pub head_error_header: Option<&'static str>,
    /// The error code for a request whose time is too far from the server's.
    pub clock_skew_code: &'static str,
    /// The error code for a bad signature.
    pub signature_mismatch_code: &'static str,
    /// The query parameter that asks for server-side processing (image resize, ...): the body
    /// is then not the stored object, so its CRC is not checked. Empty when the vendor has
    /// none.
    pub processing_param: &'static str,
    /// The domain of the public endpoints (`aliyuncs.com`).
    pub domain: &'static str,
    /// The region of the legacy endpoint hosts without a region (`oss.aliyuncs.com`); empty
    /// when the vendor has none.
    pub legacy_region: &'static str,
    /// The base URL of the instance metadata service (ECS).
    pub metadata_base_url: &'static str,
    /// The metadata path that lists the instance's RAM role and, with the role name appended,
    /// returns its temporary credentials.
    pub metadata_credentials_path: &'static str,
    endpoint_hosts: fn(&Provider, &str, EndpointKind) -> String,
    host_regions: fn(&Provider, &str) -> Option<String>,
}

impl Provider {
    /// Alibaba Cloud OSS.
    pub const OSS: Provider = Provider {
        name: "oss",
        dialect: &Dialect::OSS,
        v4_product: "oss",
        request_id_header: "x-oss-request-id",
        crc64_header: "x-oss-hash-crc64ecma",
        ec_header: Some("x-oss-ec"),
        head_error_header: Some("x-oss-err"),
        clock_skew_code: "RequestTimeTooSkewed",
        signature_mismatch_code: "SignatureDoesNotMatch",
        processing_param: "x-oss-process",
        domain: "aliyuncs.com",
        legacy_region: "cn-hangzhou",
        metadata_base_url: "http://100.100.100.200",
        metadata_credentials_path: "/latest/meta-data/ram/security-credentials/",
        endpoint_hosts: oss_endpoint_host,
        host_regions: oss_region_of_host,
    };

    /// Tencent Cloud COS (XML API): `x-cos-` headers, `cos.<region>.myqcloud.com`, the
    /// `q-sign-algorithm` signature, CVM's metadata service. COS's error codes for a skewed
    /// clock and a bad signature are S3's, like OSS's.
    pub const COS: Provider = Provider {
        name: "cos",
        dialect: &Dialect::COS,
        v4_product: "cos",
        request_id_header: "x-cos-request-id",
        crc64_header: "x-cos-hash-crc64ecma",
        ec_header: None,
        head_error_header: None,
        clock_skew_code: "RequestTimeTooSkewed",
        signature_mismatch_code: "SignatureDoesNotMatch",
        processing_param: "",
        domain: "myqcloud.com",
        legacy_region: "",
        metadata_base_url: "http://metadata.tencentyun.com",
        metadata_credentials_path: "/latest/meta-data/cam/security-credentials/",
        endpoint_hosts: cos_endpoint_host,
        host_regions: cos_region_of_host,
    };

    /// Every provider this crate knows.
    pub const ALL: &'static [&'static Provider] = &[&Provider::OSS, &Provider::COS];

    /// The provider whose endpoint `host` is (`cos.ap-guangzhou.myqcloud.com` is COS's), if
    /// any.
    ///
    /// ```
    /// use oss_http::provider::Provider;
    ///
    /// assert_eq!(Provider::for_host("cos.ap-guangzhou.myqcloud.com").unwrap().name, "cos");
    /// assert_eq!(Provider::for_host("oss-cn-hangzhou.aliyuncs.com").unwrap().name, "oss");
    /// assert!(Provider::for_host("127.0.0.1").is_none());
    /// ```
    pub fn for_host(host: &str) -> Option<&'static Provider> {
        let host = host.to_ascii_lowercase();
        Provider::ALL.iter().copied().find(|provider| {
            host.strip_suffix(provider.domain)
                .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
                || provider.region_of_host(&host).is_some()
        })
    }

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
        (self.endpoint_hosts)(self, region, kind)
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
        (self.host_regions)(self, &host.to_ascii_lowercase())
    }
}

fn oss_endpoint_host(provider: &Provider, region: &str, kind: EndpointKind) -> String {
    let domain = provider.domain;
    match kind {
        EndpointKind::Public => format!("oss-{region}.{domain}"),
        EndpointKind::Internal => format!("oss-{region}-internal.{domain}"),
        EndpointKind::Accelerate => format!("oss-accelerate.{domain}"),
        EndpointKind::AccelerateOverseas => format!("oss-accelerate-overseas.{domain}"),
        EndpointKind::DualStack => format!("{region}.oss.{domain}"),
    }
}

fn oss_region_of_host(provider: &Provider, host: &str) -> Option<String> {
    let rest = host.strip_suffix(provider.domain)?.strip_suffix('.')?;
    if rest == "oss" || rest == "oss-internal" {
        return Some(provider.legacy_region.to_owned());
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

/// COS's internal (same-region network) endpoints, as cos-python-sdk-v5 forms them.
const COS_INTERNAL_DOMAIN: &str = "tencentcos.cn";

/// COS's hosts; it has one global acceleration endpoint, and no dual-stack form of its own
/// (the public endpoint is used).
fn cos_endpoint_host(provider: &Provider, region: &str, kind: EndpointKind) -> String {
    let domain = provider.domain;
    match kind {
        EndpointKind::Internal => format!("cos-internal.{region}.{COS_INTERNAL_DOMAIN}"),
        EndpointKind::Accelerate | EndpointKind::AccelerateOverseas => {
            format!("cos.accelerate.{domain}")
        }
        EndpointKind::Public | EndpointKind::DualStack => format!("cos.{region}.{domain}"),
    }
}

/// `cos.<region>.myqcloud.com`, `cos.<region>.tencentcos.cn`, `cos-internal.<region>.tencentcos.cn`,
/// and the same with a bucket in front.
fn cos_region_of_host(provider: &Provider, host: &str) -> Option<String> {
    let rest = host
        .strip_suffix(provider.domain)
        .or_else(|| host.strip_suffix(COS_INTERNAL_DOMAIN))?
        .strip_suffix('.')?;
    let labels: Vec<&str> = rest.split('.').collect();
    let [.., service, region] = labels[..] else {
        return None;
    };
    let is_region = (service == "cos" || service == "cos-internal")
        && !region.is_empty()
        && region != "accelerate";
    is_region.then(|| region.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::Endpoint;

    #[test]
    fn cos_hosts() {
        let cos = Provider::COS;
        for kind in [EndpointKind::Public, EndpointKind::Internal] {
            let host = cos.endpoint_host("ap-guangzhou", kind);
            assert_eq!(
                cos.region_of_host(&host).as_deref(),
                Some("ap-guangzhou"),
                "{host}"
            );
            assert_eq!(Provider::for_host(&host).unwrap().name, "cos");
        }
        assert_eq!(
            cos.endpoint_host("ap-beijing", EndpointKind::Public),
            "cos.ap-beijing.myqcloud.com"
        );
        let bucket_host = "examplebucket-1250000000.cos.ap-shanghai.myqcloud.com";
        assert_eq!(
            cos.region_of_host(bucket_host).as_deref(),
            Some("ap-shanghai")
        );
        let accelerate = cos.endpoint_host("ap-beijing", EndpointKind::Accelerate);
        assert_eq!(cos.region_of_host(&accelerate), None);
        assert_eq!(Provider::for_host(&accelerate).unwrap().name, "cos");
        assert_eq!(cos.region_of_host("oss-cn-hangzhou.aliyuncs.com"), None);
        assert_eq!(
            Provider::OSS.region_of_host("cos.ap-beijing.myqcloud.com"),
            None
        );
        assert!(Provider::for_host("example.com").is_none());
        assert!(Provider::for_host("notmyqcloud.com").is_none());
    }

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
