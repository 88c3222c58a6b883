//! Alibaba Cloud STS's names: its API version, operations and parameters, and its public
//! endpoint. The requests are signed as [`crate::rpc`] describes.

/// The names of the STS API (version 2015-04-01).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct StsApi {
    /// The public endpoint, `https://sts.aliyuncs.com`.
    pub endpoint: &'static str,
    /// The API version, `2015-04-01`.
    pub version: &'static str,
    /// The only answer format this workspace reads, `JSON`.
    pub format: &'static str,
    /// `AssumeRole`: temporary keys for a RAM role, asked for with a signed request.
    pub assume_role: &'static str,
    /// `AssumeRoleWithOIDC`: temporary keys for a RAM role, for an OIDC token (no signature).
    pub assume_role_with_oidc: &'static str,
    /// `RoleArn`.
    pub role_arn: &'static str,
    /// `RoleSessionName`.
    pub role_session_name: &'static str,
    /// `DurationSeconds`.
    pub duration_seconds: &'static str,
    /// `Policy`: a policy narrowing the role's.
    pub policy: &'static str,
    /// `OIDCProviderArn`.
    pub oidc_provider_arn: &'static str,
    /// `OIDCToken`.
    pub oidc_token: &'static str,
}

impl StsApi {
    /// Alibaba Cloud STS.
    pub const ALIBABA: StsApi = StsApi {
        endpoint: "https://sts.aliyuncs.com",
        version: "2015-04-01",
        format: "JSON",
        assume_role: "AssumeRole",
        assume_role_with_oidc: "AssumeRoleWithOIDC",
        role_arn: "RoleArn",
        role_session_name: "RoleSessionName",
        duration_seconds: "DurationSeconds",
        policy: "Policy",
        oidc_provider_arn: "OIDCProviderArn",
        oidc_token: "OIDCToken",
    };

    /// The endpoint of STS in `region` (`cn-hangzhou`), on the public network or, with `vpc`,
    /// the region's VPC network.
    pub fn regional_endpoint(&self, region: &str, vpc: bool) -> String {
        let host = if vpc { "sts-vpc" } else { "sts" };
        format!("https://{host}.{region}.aliyuncs.com")
    }
}
