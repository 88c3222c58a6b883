//! Wire models of the Alibaba Cloud OSS REST API: XML bodies and header sets.
//!
//! Plain data, no I/O: every request and response body of the core operations as a serde
//! struct with the reference's exact element names, the metadata that response headers carry,
//! and the headers that set it on upload. A client builds bodies and reads responses with it;
//! a compatible server does the reverse with the same types.
//!
//! - Bodies implement [`XmlBody`]: [`XmlBody::from_xml`] reads (with or without `xmlns`,
//!   skipping unknown elements, never panicking), [`XmlBody::to_xml`] writes.
//! - Listings that `encoding-type=url` percent-encodes implement [`KeyEncoding`]:
//!   [`KeyEncoding::from_xml_decoded`] parses and decodes.
//! - [`ObjectMeta`] reads response headers; [`ObjectHeaders`] builds upload headers.
//! - Closed vocabularies ([`Acl`], [`StorageClass`]…) are enums that keep unknown values.
//! - [`headers`] names every header; provider specifics live there only.
//! - [`validate`] holds the naming rules (object keys, bucket names, tags) a client and a
//!   server both check.
//!
//! | Operation | Request body | Response body |
//! | --- | --- | --- |
//! | ListBuckets | | [`ListAllMyBucketsResult`] |
//! | PutBucket | [`CreateBucketConfiguration`] | |
//! | GetBucketInfo | | [`BucketInfo`] |
//! | GetBucketLocation | | [`LocationConstraint`] |
//! | GetBucketStat | | [`BucketStat`] |
//! | GetBucketAcl, GetObjectAcl | | [`AccessControlPolicy`] |
//! | ListObjects | | [`ListBucketResult`] |
//! | ListObjectsV2 | | [`ListBucketResultV2`] |
//! | CopyObject | | [`CopyObjectResult`] |
//! | DeleteMultipleObjects | [`DeleteRequest`] | [`DeleteResult`] |
//! | Put/GetObjectTagging | [`Tagging`] | [`Tagging`] |
//! | RestoreObject | [`RestoreRequest`] | |
//! | InitiateMultipartUpload | | [`InitiateMultipartUploadResult`] |
//! | UploadPartCopy | | [`CopyPartResult`] |
//! | CompleteMultipartUpload | [`CompleteMultipartUpload`] | [`CompleteMultipartUploadResult`] |
//! | ListMultipartUploads | | [`ListMultipartUploadsResult`] |
//! | ListParts | | [`ListPartsResult`] |
//! | any, on failure | | [`ErrorResponse`] |
//!
//! # Reading a listing
//! ```
//! use oss_model::{KeyEncoding, ListBucketResult, StorageClass};
//!
//! let body = r#"<?xml version="1.0" encoding="UTF-8"?>
//! <ListBucketResult>
//!   <Name>oss-example</Name><Prefix>fun%2F</Prefix><Marker></Marker><MaxKeys>100</MaxKeys>
//!   <Delimiter>%2F</Delimiter><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>
//!   <Contents>
//!     <Key>fun%2Ftest.jpg</Key><LastModified>2012-02-24T08:42:32.000Z</LastModified>
//!     <ETag>&quot;5B3C1A2E053D763E1B002CC607C5A0FE&quot;</ETag><Type>Normal</Type>
//!     <Size>344606</Size><StorageClass>Standard</StorageClass>
//!   </Contents>
//!   <CommonPrefixes><Prefix>fun%2Fmovie%2F</Prefix></CommonPrefixes>
//! </ListBucketResult>"#;
//! let listing = ListBucketResult::from_xml_decoded(body).unwrap();
//! assert_eq!(listing.prefix, "fun/");
//! let object = &listing.contents[0];
//! assert_eq!(object.key, "fun/test.jpg");
//! assert_eq!(object.etag.as_str(), "5B3C1A2E053D763E1B002CC607C5A0FE");
//! assert_eq!(object.size, 344_606);
//! assert_eq!(object.storage_class, Some(StorageClass::Standard));
//! assert_eq!(listing.common_prefixes[0].prefix, "fun/movie/");
//! ```
//!
//! # Writing a request body
//! ```
//! use oss_model::{CompleteMultipartUpload, XmlBody};
//!
//! let body = CompleteMultipartUpload::new([(2, "\"B\""), (1, "\"A\"")]).to_xml();
//! assert_eq!(
//!     body,
//!     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUpload>\
//!      <Part><PartNumber>1</PartNumber><ETag>\"A\"</ETag></Part>\
//!      <Part><PartNumber>2</PartNumber><ETag>\"B\"</ETag></Part>\
//!      </CompleteMultipartUpload>"
//! );
//! ```

#![forbid(unsafe_code)]

#[macro_use]
mod xml;

mod acl;
mod bucket;
mod bucket_info;
mod bucket_stat;
pub mod code;
mod copy;
mod cors;
mod delete;
pub mod dialect;
pub mod encoding;
mod enums;
mod error;
mod error_response;
mod etag;
pub mod headers;
mod lifecycle;
mod listing;
mod logging;
mod meta;
mod multipart;
mod multipart_listing;
mod object_headers;
pub mod op;
mod owner;
mod post_response;
mod referer;
mod restore;
mod restore_state;
mod service;
mod symlink;
mod tagging;
pub mod time;
pub mod validate;
mod versioning;
mod website;
mod worm;

// The SDKs' bucket families.
mod access_point;
mod async_fetch;
mod cname;
mod encryption;
mod inventory;
mod meta_query;
mod overwrite;
mod policy;
mod redundancy;
mod regions;
mod replication;
mod settings;
mod style;
// Issue 12 remainder.
mod action;
mod log_fields;
mod seal;

pub use acl::AccessControlPolicy;
pub use bucket::{CreateBucketConfiguration, LocationConstraint};
pub use bucket_info::{BucketDetails, BucketInfo, BucketLogPolicy, ServerSideEncryptionRule};
pub use bucket_stat::BucketStat;
pub use copy::{CopyObjectResult, CopyPartResult};
pub use cors::{
    CorsConfiguration, CorsPreflight, CorsRule, CORS_METHODS, MAX_CORS_DOCUMENT, MAX_CORS_RULES,
};
pub use delete::{DeleteRequest, DeleteResult, DeletedObject, ObjectIdentifier};
pub use encoding::KeyEncoding;
pub use enums::{
    Acl, BucketWormState, DataRedundancyType, EncodingType, MetadataDirective, ObjectType,
    RestoreTier, ServerSideEncryption, StorageClass, TaggingDirective, VersioningStatus,
};
pub use error::ParseError;
pub use error_response::ErrorResponse;
pub use etag::ETag;
pub use lifecycle::{
    LifecycleConfiguration, LifecycleExpiration, LifecycleFilter, LifecycleNot, LifecycleRule,
    LifecycleTime, LifecycleTransition, NoncurrentDays, NoncurrentVersionTransition,
    MAX_LIFECYCLE_RULES, MAX_LIFECYCLE_RULE_ID,
};
pub use listing::{CommonPrefix, ListBucketResult, ListBucketResultV2, ObjectSummary};
pub use logging::{log_object_name, AccessLogRecord, BucketLoggingStatus, LoggingEnabled};
pub use meta::ObjectMeta;
pub use multipart::{
    CompleteMultipartUpload, CompleteMultipartUploadResult, CompletedPart,
    InitiateMultipartUploadResult,
};
pub use multipart_listing::{ListMultipartUploadsResult, ListPartsResult, Part, Upload};
pub use object_headers::ObjectHeaders;
pub use op::PageSize;
pub use owner::Owner;
pub use post_response::PostResponse;
pub use referer::{wildcard_match, RefererConfiguration, MAX_REFERERS};
pub use restore::{JobParameters, RestoreRequest};
pub use restore_state::RestoreState;
pub use service::{BucketSummary, ListAllMyBucketsResult};
pub use symlink::SymlinkInfo;
pub use tagging::{Tag, Tagging};
pub use time::Timestamp;
pub use versioning::{
    DeleteMarkerEntry, DeleteObjectResult, ListVersionsResult, ObjectVersion,
    VersioningConfiguration,
};
pub use website::{
    ErrorDocument, IncludeHeader, IndexDocument, MirrorHeaderSet, MirrorHeaders, RoutingCondition,
    RoutingRule, WebsiteConfiguration, WebsiteRedirect, MAX_ROUTING_RULES, REDIRECT_TYPES,
};
pub use worm::{
    DefaultRetention, ExtendWormConfiguration, InitiateBucketWormResult, InitiateWormConfiguration,
    LegalHold, ObjectWormConfiguration, ObjectWormRule, Retention, WormConfiguration,
    MAX_WORM_DAYS,
};
pub use xml::XmlBody;

// The SDKs' bucket families.
pub use access_point::{
    AccessPointConfigForObjectProcess, AccessPointForObjectProcessSummary, AccessPointSummary,
    ContentTransformation, CreateAccessPointConfiguration,
    CreateAccessPointForObjectProcessConfiguration, CreateAccessPointForObjectProcessResult,
    CreateAccessPointResult, FunctionCompute, GetAccessPointConfigForObjectProcessResult,
    GetAccessPointForObjectProcessResult, GetAccessPointResult,
    ListAccessPointsForObjectProcessResult, ListAccessPointsResult, ObjectProcessConfiguration,
    TransformationConfiguration, VpcConfiguration,
};
pub use async_fetch::{AsyncFetchTaskConfiguration, AsyncFetchTaskId, AsyncFetchTaskInfo};
pub use cname::{
    BucketCnameConfiguration, CertificateConfiguration, CnameInfo, CnameRequest, CnameToken,
    ListCnameResult,
};
pub use encryption::{BucketEncryption, SSE_ALGORITHMS};
pub use inventory::{
    InventoryBucketDestination, InventoryConfiguration, InventoryDestination, InventoryEncryption,
    InventoryFilter, InventorySchedule, ListInventoryConfigurationsResult, SseKms,
};
pub use meta_query::{MetaQuery, MetaQueryFile, MetaQueryResult, MetaQueryStatus};
pub use overwrite::{OverwriteConfiguration, OverwriteRule, MAX_OVERWRITE_RULES};
pub use policy::{
    BucketPolicy, ConditionValues, PolicyStatement, PolicyStatus, MAX_POLICY_DOCUMENT,
};
pub use redundancy::{BucketDataRedundancyTransition, BucketDataRedundancyTransitionList};
pub use regions::{CloudBox, ListCloudBoxResult, RegionInfo, RegionInfoList};
pub use replication::{
    ReplicationConfiguration, ReplicationDestination, ReplicationLocation, ReplicationProgress,
    ReplicationProgressInfo, ReplicationProgressRule, ReplicationRule, ReplicationRules,
    ReplicationTimeControl, RtcConfiguration,
};
pub use settings::{
    AccessMonitorConfiguration, ArchiveDirectReadConfiguration, BucketCallbackPolicy,
    BucketResourceGroupConfiguration, BucketUserQos, CallbackPolicyItem, CipherSuite,
    HttpsConfiguration, ListBucketRequesterQosInfosResult, PublicAccessBlockConfiguration,
    QosConfiguration, RequestPaymentConfiguration, RequesterQosInfo, TlsConfiguration,
    TransferAccelerationConfiguration, TLS_VERSIONS,
};
pub use style::{StyleContent, StyleInfo, StyleList};
// Issue 12 remainder.
pub use action::ActionDocument;
pub use log_fields::{LogHeaderSet, LogParamSet, UserDefinedLogFieldsConfiguration};
pub use seal::SealAppendObjectResult;

/// The README's example, compiled and run as a doctest.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
