//! The bucket settings that are one small document each, of a value or two: request payment,
//! transfer acceleration, access monitor, archive direct read, HTTPS (TLS) configuration,
//! resource group, public access block (of a bucket, an account or an access point), storage
//! capacity, QoS, and callback policies.

use serde::{Deserialize, Serialize};

use crate::op::{Document, Rule, RuleError};
use crate::xml::lenient;

fn one_of(field: &str, value: &str, allowed: &[&str]) -> Result<(), RuleError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(RuleError::new(
            Rule::Document,
            format!(
                "{field} must be one of {}, not {value:?}",
                allowed.join(", ")
            ),
        ))
    }
}

/// `RequestPaymentConfiguration{Payer}`: who pays for requests to the bucket.
///
/// ```
/// use oss_model::{RequestPaymentConfiguration, XmlBody};
///
/// let config = RequestPaymentConfiguration::new("Requester");
/// assert_eq!(RequestPaymentConfiguration::from_xml(config.to_xml()).unwrap(), config);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RequestPaymentConfiguration {
    /// `Payer`: `BucketOwner` or `Requester`.
    #[serde(rename = "Payer", default)]
    pub payer: String,
}

xml_body!(RequestPaymentConfiguration, "RequestPaymentConfiguration");

impl RequestPaymentConfiguration {
    /// The payer `BucketOwner`, what a bucket has until told otherwise.
    pub const BUCKET_OWNER: &'static str = "BucketOwner";
    /// The payer `Requester`: requests must say they pay.
    pub const REQUESTER: &'static str = "Requester";

    /// A configuration with this payer.
    pub fn new(payer: impl Into<String>) -> Self {
        RequestPaymentConfiguration {
            payer: payer.into(),
        }
    }

    /// Whether requesters pay.
    pub fn requester_pays(&self) -> bool {
        self.payer == Self::REQUESTER
    }
}

impl Document for RequestPaymentConfiguration {
    /// `Payer` is `BucketOwner` or `Requester`.
    fn check(&self) -> Result<(), RuleError> {
        one_of("Payer", &self.payer, &[Self::BUCKET_OWNER, Self::REQUESTER])
    }
}

macro_rules! enabled_switch {
    ($(#[$doc:meta])* $model:ident, $root:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
        pub struct $model {
            /// `Enabled`.
            #[serde(rename = "Enabled", default, deserialize_with = "lenient::boolean")]
            pub enabled: bool,
        }

        xml_body!($model, $root);

        impl $model {
            /// The setting, on or off.
            pub fn new(enabled: bool) -> Self {
                $model { enabled }
            }
        }

        impl Document for $model {}
    };
}

enabled_switch!(
    /// `TransferAccelerationConfiguration{Enabled}`: whether the bucket's acceleration
    /// endpoint is on.
    TransferAccelerationConfiguration,
    "TransferAccelerationConfiguration"
);

enabled_switch!(
    /// `ArchiveDirectReadConfiguration{Enabled}`: whether Archive objects read without a
    /// restore.
    ArchiveDirectReadConfiguration,
    "ArchiveDirectReadConfiguration"
);

/// `AccessMonitorConfiguration{Status}`: whether the bucket records last-access times.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AccessMonitorConfiguration {
    /// `Status`: `Enabled` or `Disabled`.
    #[serde(rename = "Status", default)]
    pub status: String,
}

xml_body!(AccessMonitorConfiguration, "AccessMonitorConfiguration");

impl AccessMonitorConfiguration {
    /// A configuration with this status (`Enabled` or `Disabled`).
    pub fn new(status: impl Into<String>) -> Self {
        AccessMonitorConfiguration {
            status: status.into(),
        }
    }
}

impl Document for AccessMonitorConfiguration {
    /// `Status` is `Enabled` or `Disabled`.
    fn check(&self) -> Result<(), RuleError> {
        one_of("Status", &self.status, &["Enabled", "Disabled"])
    }
}

/// `HttpsConfiguration{TLS{Enable, TLSVersion*}, CipherSuite?}`: the TLS versions and cipher
/// suites the bucket's endpoint accepts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HttpsConfiguration {
    /// `TLS`.
    #[serde(rename = "TLS", default)]
    pub tls: TlsConfiguration,
    /// `CipherSuite`.
    #[serde(
        rename = "CipherSuite",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cipher_suite: Option<CipherSuite>,
}

xml_body!(HttpsConfiguration, "HttpsConfiguration");

/// The `TLS` element of an [`HttpsConfiguration`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TlsConfiguration {
    /// `Enable`: whether only the listed versions are accepted.
    #[serde(rename = "Enable", default, deserialize_with = "lenient::boolean")]
    pub enable: bool,
    /// `TLSVersion*`: `TLSv1.2`, `TLSv1.3`.
    #[serde(rename = "TLSVersion", default)]
    pub versions: Vec<String>,
}

/// The `CipherSuite` element of an [`HttpsConfiguration`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CipherSuite {
    /// `Enable`.
    #[serde(rename = "Enable", default, deserialize_with = "lenient::boolean")]
    pub enable: bool,
    /// `StrongCipherSuite`.
    #[serde(
        rename = "StrongCipherSuite",
        default,
        deserialize_with = "lenient::optional_boolean",
        skip_serializing_if = "Option::is_none"
    )]
    pub strong: Option<bool>,
    /// `CustomCipherSuite*`.
    #[serde(rename = "CustomCipherSuite", default)]
    pub custom: Vec<String>,
    /// `TLS13CustomCipherSuite*`.
    #[serde(rename = "TLS13CustomCipherSuite", default)]
    pub tls13_custom: Vec<String>,
}

/// The TLS versions a configuration may name.
pub const TLS_VERSIONS: &[&str] = &["TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

impl HttpsConfiguration {
    /// A configuration accepting only these TLS versions.
    pub fn versions<V: Into<String>>(versions: impl IntoIterator<Item = V>) -> Self {
        HttpsConfiguration {
            tls: TlsConfiguration {
                enable: true,
                versions: versions.into_iter().map(Into::into).collect(),
            },
            cipher_suite: None,
        }
    }
}

impl Document for HttpsConfiguration {
    /// Versions among TLSv1.0 to TLSv1.3, and at least one when enabled.
    fn check(&self) -> Result<(), RuleError> {
        for version in &self.tls.versions {
            one_of("TLSVersion", version, TLS_VERSIONS)?;
        }
        if self.tls.enable && self.tls.versions.is_empty() {
            return Err(RuleError::new(
                Rule::Document,
                "TLS Enable needs at least one TLSVersion",
            ));
        }
        Ok(())
    }
}

/// `BucketResourceGroupConfiguration{ResourceGroupId}`: the resource group the bucket belongs
/// to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BucketResourceGroupConfiguration {
    /// `ResourceGroupId`.
    #[serde(rename = "ResourceGroupId", default)]
    pub resource_group_id: String,
}

xml_body!(
    BucketResourceGroupConfiguration,
    "BucketResourceGroupConfiguration"
);

impl BucketResourceGroupConfiguration {
    /// A configuration naming this group.
    pub fn new(id: impl Into<String>) -> Self {
        BucketResourceGroupConfiguration {
            resource_group_id: id.into(),
        }
    }
}

impl Document for BucketResourceGroupConfiguration {}

/// `PublicAccessBlockConfiguration{BlockPublicAccess}`: whether public ACLs and policies are
/// ignored (for a bucket, an account or an access point).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PublicAccessBlockConfiguration {
    /// `BlockPublicAccess`.
    #[serde(
        rename = "BlockPublicAccess",
        default,
        deserialize_with = "lenient::boolean"
    )]
    pub block_public_access: bool,
}

xml_body!(
    PublicAccessBlockConfiguration,
    "PublicAccessBlockConfiguration"
);

impl PublicAccessBlockConfiguration {
    /// A configuration that blocks public access, or not.
    pub fn new(block: bool) -> Self {
        PublicAccessBlockConfiguration {
            block_public_access: block,
        }
    }
}

impl Document for PublicAccessBlockConfiguration {}

/// `BucketUserQos{StorageCapacity}`: the bucket's storage capacity in GB (`-1`: no limit).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BucketUserQos {
    /// `StorageCapacity`, in GB; `-1` for none.
    #[serde(
        rename = "StorageCapacity",
        default,
        deserialize_with = "lenient::number"
    )]
    pub storage_capacity: i64,
}

xml_body!(BucketUserQos, "BucketUserQos");

impl BucketUserQos {
    /// A capacity of `gigabytes` (`-1`: no limit).
    pub fn new(gigabytes: i64) -> Self {
        BucketUserQos {
            storage_capacity: gigabytes,
        }
    }
}

impl Document for BucketUserQos {
    /// `-1` or a capacity of 0 GB or more.
    fn check(&self) -> Result<(), RuleError> {
        if self.storage_capacity < -1 {
            return Err(RuleError::new(
                Rule::Document,
                format!(
                    "StorageCapacity is -1 or at least 0, not {}",
                    self.storage_capacity
                ),
            ));
        }
        Ok(())
    }
}

/// `QoSConfiguration`: bandwidth (Gbit/s) and request-rate limits, of a bucket or of one
/// requester on it. `-1` means no limit of its own, `0` none allowed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct QosConfiguration {
    /// `TotalUploadBandwidth`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_upload_bandwidth: Option<i64>,
    /// `IntranetUploadBandwidth`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub intranet_upload_bandwidth: Option<i64>,
    /// `ExtranetUploadBandwidth`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub extranet_upload_bandwidth: Option<i64>,
    /// `TotalDownloadBandwidth`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_download_bandwidth: Option<i64>,
    /// `IntranetDownloadBandwidth`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub intranet_download_bandwidth: Option<i64>,
    /// `ExtranetDownloadBandwidth`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub extranet_download_bandwidth: Option<i64>,
    /// `TotalQps`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_qps: Option<i64>,
    /// `IntranetQps`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub intranet_qps: Option<i64>,
    /// `ExtranetQps`.
    #[serde(
        default,
        deserialize_with = "lenient::optional_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub extranet_qps: Option<i64>,
}

xml_body!(QosConfiguration, "QoSConfiguration");

impl Document for QosConfiguration {
    /// Every limit is `-1` or more.
    fn check(&self) -> Result<(), RuleError> {
        let limits = [
            self.total_upload_bandwidth,
            self.intranet_upload_bandwidth,
            self.extranet_upload_bandwidth,
            self.total_download_bandwidth,
            self.intranet_download_bandwidth,
            self.extranet_download_bandwidth,
            self.total_qps,
            self.intranet_qps,
            self.extranet_qps,
        ];
        if let Some(limit) = limits.into_iter().flatten().find(|l| *l < -1) {
            return Err(RuleError::new(
                Rule::Document,
                format!("a QoS limit is -1 or more, not {limit}"),
            ));
        }
        Ok(())
    }
}

/// `RequesterQoSInfo`: GetBucketRequesterQoSInfo's response, one requester's limits.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RequesterQosInfo {
    /// `Requester`: the requester's account id.
    #[serde(rename = "Requester", default)]
    pub requester: String,
    /// `QoSConfiguration`.
    #[serde(rename = "QoSConfiguration", default)]
    pub qos: QosConfiguration,
}

xml_body!(RequesterQosInfo, "RequesterQoSInfo");

/// `ListBucketRequesterQoSInfosResult`: the requesters with limits of their own, a page at a
/// time.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListBucketRequesterQosInfosResult {
    /// `Bucket`.
    #[serde(rename = "Bucket", default)]
    pub bucket: String,
    /// `ContinuationToken`.
    #[serde(
        rename = "ContinuationToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub continuation_token: Option<String>,
    /// `NextContinuationToken`.
    #[serde(
        rename = "NextContinuationToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next_continuation_token: Option<String>,
    /// `IsTruncated`.
    #[serde(rename = "IsTruncated", default, deserialize_with = "lenient::boolean")]
    pub is_truncated: bool,
    /// `RequesterQoSInfo*`.
    #[serde(rename = "RequesterQoSInfo", default)]
    pub infos: Vec<RequesterQosInfo>,
}

xml_body!(
    ListBucketRequesterQosInfosResult,
    "ListBucketRequesterQoSInfosResult"
);

/// `BucketCallbackPolicy{PolicyItem*{PolicyName, Callback, CallbackVar}}`: named upload
/// callbacks a request can refer to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BucketCallbackPolicy {
    /// `PolicyItem*`.
    #[serde(rename = "PolicyItem", default)]
    pub items: Vec<CallbackPolicyItem>,
}

xml_body!(BucketCallbackPolicy, "BucketCallbackPolicy");

/// One `PolicyItem` of a [`BucketCallbackPolicy`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CallbackPolicyItem {
    /// `PolicyName`.
    #[serde(rename = "PolicyName", default)]
    pub name: String,
    /// `Callback`: the callback, base64 JSON.
    #[serde(rename = "Callback", default)]
    pub callback: String,
    /// `CallbackVar`: its variables, base64 JSON.
    #[serde(
        rename = "CallbackVar",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub callback_var: Option<String>,
}

impl Document for BucketCallbackPolicy {
    /// Every item is named, names are unique, and each has a callback.
    fn check(&self) -> Result<(), RuleError> {
        let fail = |message: String| Err(RuleError::new(Rule::Document, message));
        for (index, item) in self.items.iter().enumerate() {
            if item.name.is_empty() || item.callback.is_empty() {
                return fail(format!(
                    "PolicyItem {}: PolicyName and Callback are required",
                    index + 1
                ));
            }
            if self.items[..index]
                .iter()
                .any(|other| other.name == item.name)
            {
                return fail(format!("PolicyName {:?} appears twice", item.name));
            }
        }
        Ok(())
    }
}

impl crate::op::Setting for RequestPaymentConfiguration {
    /// The bucket owner pays.
    fn unset() -> Self {
        RequestPaymentConfiguration::new(Self::BUCKET_OWNER)
    }
}

impl crate::op::Setting for AccessMonitorConfiguration {
    /// `Disabled`.
    fn unset() -> Self {
        AccessMonitorConfiguration::new("Disabled")
    }
}

impl crate::op::Setting for ArchiveDirectReadConfiguration {
    /// Off.
    fn unset() -> Self {
        ArchiveDirectReadConfiguration::new(false)
    }
}

impl crate::op::Setting for HttpsConfiguration {
    /// No TLS version restriction.
    fn unset() -> Self {
        HttpsConfiguration::default()
    }
}

impl crate::op::Setting for BucketResourceGroupConfiguration {
    /// The account's default group, which has no id of its own (an empty `ResourceGroupId`).
    fn unset() -> Self {
        BucketResourceGroupConfiguration::default()
    }
}

impl crate::op::Setting for PublicAccessBlockConfiguration {
    /// Public access not blocked.
    fn unset() -> Self {
        PublicAccessBlockConfiguration::new(false)
    }
}

impl crate::op::Setting for BucketUserQos {
    /// No capacity limit (`-1`).
    fn unset() -> Self {
        BucketUserQos::new(-1)
    }
}

impl crate::op::Setting for QosConfiguration {
    /// No limit of the bucket's own: every limit `-1`.
    fn unset() -> Self {
        let none = Some(-1);
        QosConfiguration {
            total_upload_bandwidth: none,
            intranet_upload_bandwidth: none,
            extranet_upload_bandwidth: none,
            total_download_bandwidth: none,
            intranet_download_bandwidth: none,
            extranet_download_bandwidth: none,
            total_qps: none,
            intranet_qps: none,
            extranet_qps: none,
        }
    }
}

impl crate::op::Setting for BucketCallbackPolicy {
    /// No named callbacks.
    fn unset() -> Self {
        BucketCallbackPolicy::default()
    }
}
