//! The conformance suite: one case per row of oss-model's operation table, each sending its
//! operation through the client to `oss-server` over a real socket and checking the effect
//! the reference documents, with the reference's own examples as fixtures where it has them
//! (`crates/oss-model/tests/data`).
//!
//! A row without a case fails `every_operation_has_a_case`: adding an operation means adding
//! its case here.

use std::collections::BTreeMap;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use oss_client::model::op::{OpName, OPERATIONS};
use oss_client::model::{
    AccessMonitorConfiguration, AccessPointConfigForObjectProcess, Acl,
    ArchiveDirectReadConfiguration, AsyncFetchTaskConfiguration, BucketCallbackPolicy,
    BucketCnameConfiguration, BucketEncryption, BucketLoggingStatus, BucketPolicy,
    BucketResourceGroupConfiguration, BucketUserQos, BucketWormState, CallbackPolicyItem,
    CorsConfiguration, CreateAccessPointConfiguration,
    CreateAccessPointForObjectProcessConfiguration, HttpsConfiguration, InventoryConfiguration,
    LegalHold, LifecycleConfiguration, MetaQuery, ObjectType, ObjectWormConfiguration,
    OverwriteConfiguration, OverwriteRule, PublicAccessBlockConfiguration, QosConfiguration,
    RefererConfiguration, ReplicationConfiguration, ReplicationRule, ReplicationRules,
    RequestPaymentConfiguration, RestoreTier, Retention, RtcConfiguration, StorageClass,
    StyleContent, Tagging, TransferAccelerationConfiguration, UserDefinedLogFieldsConfiguration,
    VersioningConfiguration, VersioningStatus, WebsiteConfiguration, XmlBody,
};
use oss_client::{Bucket, Client, RetryStrategy};
use oss_server::{ServerConfig, ServerHandle};

struct Env {
    server: ServerHandle,
    client: Client,
}

impl Env {
    async fn start() -> Env {
        let server = ServerConfig::new()
            .restore_delay(Duration::from_millis(300))
            .start()
            .await
            .expect("the server starts");
        let client = Client::builder()
            .endpoint(server.endpoint())
            .region(server.region())
            .credentials(server.credentials()[0].clone())
            .retry(RetryStrategy::standard().with_base_delay(Duration::from_millis(5)))
            .build()
            .expect("the client builds");
        Env { server, client }
    }

    /// A new, empty bucket.
    async fn bucket(&self) -> Bucket {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let name = format!("conformance-{}", COUNTER.fetch_add(1, Ordering::Relaxed));
        let bucket = self.client.bucket(name);
        bucket.put_bucket().await.expect("PutBucket");
        bucket
    }

    /// The server's region as a location (`oss-cn-hangzhou`).
    async fn location(&self) -> String {
        let bucket = self.bucket().await;
        bucket
            .get_bucket_location()
            .await
            .expect("GetBucketLocation")
            .location
            .clone()
    }

    /// A new bucket holding `a.txt` (`hello`).
    async fn bucket_with_object(&self) -> Bucket {
        let bucket = self.bucket().await;
        bucket
            .put_object("a.txt", "hello")
            .await
            .expect("PutObject");
        bucket
    }
}

/// A reference example from oss-model's test data.
fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../oss-model/tests/data")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A policy letting anyone read the bucket's objects.
fn public_read_policy(bucket: &str) -> BucketPolicy {
    BucketPolicy::from_xml(format!(
        r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Principal":["*"],
        "Action":["oss:GetObject"],"Resource":["acs:oss:*:*:{bucket}/*"]}}]}}"#
    ))
    .expect("the policy reads")
}

/// An inventory written daily as CSV to the bucket `dest`.
fn inventory(id: &str) -> InventoryConfiguration {
    InventoryConfiguration::from_xml(format!(
        "<InventoryConfiguration><Id>{id}</Id><IsEnabled>true</IsEnabled>\
         <Destination><OSSBucketDestination><Format>CSV</Format><AccountId>1000</AccountId>\
         <RoleArn>acs:ram::1000:role/AliyunOSSRole</RoleArn><Bucket>acs:oss:::dest</Bucket>\
         <Prefix>inventory</Prefix></OSSBucketDestination></Destination>\
         <Schedule><Frequency>Daily</Frequency></Schedule>\
         <IncludedObjectVersions>All</IncludedObjectVersions>\
         <OptionalFields><Field>Size</Field><Field>ETag</Field></OptionalFields>\
         </InventoryConfiguration>"
    ))
    .expect("the inventory reads")
}

/// An object-WORM configuration whose default is `days` days of GOVERNANCE.
fn object_worm(days: u32) -> ObjectWormConfiguration {
    ObjectWormConfiguration::from_xml(format!(
        "<ObjectWormConfiguration><ObjectWormEnabled>Enabled</ObjectWormEnabled><Rule>\
         <DefaultRetention><Mode>GOVERNANCE</Mode><Days>{days}</Days></DefaultRetention>\
         </Rule></ObjectWormConfiguration>"
    ))
    .expect("the configuration reads")
}

/// A retention of `mode` until `days` days from now.
fn retention(mode: &str, days: u64) -> Retention {
    let until = std::time::SystemTime::now() + Duration::from_secs(days * 86_400);
    Retention {
        mode: Some(mode.to_owned()),
        retain_until_date: Some(oss_client::model::Timestamp::from_system_time(until)),
    }
}

/// Asserts that the server refused an operation it cannot give a meaning (501).
fn refused<T: std::fmt::Debug>(result: oss_client::Result<T>) {
    let error = result.expect_err("the server refuses the operation");
    assert_eq!(error.code(), Some("NotImplemented"), "{error}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(501));
}

type Case = for<'a> fn(&'a Env) -> Pin<Box<dyn Future<Output = ()> + 'a>>;

macro_rules! cases {
    ($($name:ident => |$env:ident| $body:block),* $(,)?) => {
        fn cases() -> BTreeMap<OpName, Case> {
            let mut cases: BTreeMap<OpName, Case> = BTreeMap::new();
            $(cases.insert(OpName::$name, |$env| Box::pin(async move $body));)*
            cases
        }
    };
}

cases! {
    ListBuckets => |env| {
        let bucket = env.bucket().await;
        let page = env.client.list_buckets().prefix(bucket.name()).await.unwrap();
        assert_eq!(page.buckets.len(), 1);
        assert_eq!(page.buckets[0].name, bucket.name());
    },
    PutBucket => |env| {
        let bucket = env.client.bucket("conformance-put-bucket");
        bucket
            .put_bucket()
            .acl(Acl::PublicRead)
            .storage_class(StorageClass::Ia)
            .await
            .unwrap();
        let info = bucket.get_bucket_info().await.unwrap();
        assert_eq!(info.bucket.storage_class, Some(StorageClass::Ia));
        assert_eq!(bucket.get_bucket_acl().await.unwrap().grant, Acl::PublicRead);
    },
    DeleteBucket => |env| {
        let bucket = env.bucket_with_object().await;
        let error = bucket.delete_bucket().await.unwrap_err();
        assert_eq!(error.code(), Some("BucketNotEmpty"));
        bucket.delete_object("a.txt").await.unwrap();
        assert_eq!(bucket.delete_bucket().await.unwrap().status(), 204);
        assert!(!bucket.exists().await.unwrap());
    },
    GetBucketInfo => |env| {
        let bucket = env.bucket().await;
        let info = bucket.get_bucket_info().await.unwrap();
        assert_eq!(info.bucket.name, bucket.name());
        assert_eq!(info.bucket.acl, Some(Acl::Private));
        assert_eq!(info.bucket.versioning, None, "never versioned");
        assert_eq!(info.bucket.transfer_acceleration.as_deref(), Some("Disabled"));
        assert!(info.bucket.server_side_encryption_rule.is_none());
        // The configurations set show in the bucket's info, as OSS reports them.
        bucket.put_bucket_versioning(VersioningStatus::Enabled).await.unwrap();
        bucket.put_bucket_encryption(BucketEncryption::new("AES256")).await.unwrap();
        bucket.put_bucket_transfer_acceleration(TransferAccelerationConfiguration::new(true)).await.unwrap();
        let target = env.bucket().await;
        bucket.put_bucket_logging(BucketLoggingStatus::enabled(target.name(), "log/")).await.unwrap();
        let info = bucket.get_bucket_info().await.unwrap().into_inner().bucket;
        assert_eq!(info.versioning.as_deref(), Some("Enabled"));
        assert_eq!(info.transfer_acceleration.as_deref(), Some("Enabled"));
        assert_eq!(info.server_side_encryption_rule.map(|r| r.sse_algorithm).as_deref(), Some("AES256"));
        let logging = info.bucket_policy.expect("the logging target");
        assert_eq!((logging.log_bucket.as_str(), logging.log_prefix.as_str()), (target.name(), "log/"));
    },
    GetBucketLocation => |env| {
        let bucket = env.bucket().await;
        let location = bucket.get_bucket_location().await.unwrap();
        assert!(location.location.starts_with("oss-"), "{}", location.location);
    },
    GetBucketStat => |env| {
        let bucket = env.bucket_with_object().await;
        let stat = bucket.get_bucket_stat().await.unwrap();
        assert_eq!((stat.object_count, stat.storage), (1, 5));
    },
    PutBucketAcl => |env| {
        let bucket = env.bucket().await;
        bucket.put_bucket_acl(Acl::PublicReadWrite).await.unwrap();
        assert_eq!(bucket.get_bucket_acl().await.unwrap().grant, Acl::PublicReadWrite);
    },
    GetBucketAcl => |env| {
        let bucket = env.bucket().await;
        let acl = bucket.get_bucket_acl().await.unwrap();
        assert_eq!(acl.grant, Acl::Private);
        assert!(!acl.owner.id.is_empty());
    },
    PutBucketCors => |env| {
        let bucket = env.bucket().await;
        let cors = CorsConfiguration::from_xml(fixture("cors_configuration.xml")).unwrap();
        bucket.put_bucket_cors(cors.clone()).await.unwrap();
        assert_eq!(bucket.get_bucket_cors().await.unwrap().into_inner(), cors);
    },
    GetBucketCors => |env| {
        let bucket = env.bucket().await;
        let error = bucket.get_bucket_cors().await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchCORSConfiguration"));
    },
    DeleteBucketCors => |env| {
        let bucket = env.bucket().await;
        let cors = CorsConfiguration::from_xml(fixture("cors_configuration.xml")).unwrap();
        bucket.put_bucket_cors(cors).await.unwrap();
        assert_eq!(bucket.delete_bucket_cors().await.unwrap().status(), 204);
        assert!(bucket.get_bucket_cors().await.unwrap_err().is_not_found());
    },
    // Bucket configurations of the reference.
    PutBucketLogging => |env| {
        let bucket = env.bucket().await;
        let mut logging = BucketLoggingStatus::from_xml(fixture("bucket_logging_status.xml")).unwrap();
        // The reference's target, `doc-log`, must exist (and be in the same region).
        let error = bucket.put_bucket_logging(logging.clone()).await.unwrap_err();
        assert_eq!(error.code(), Some("InvalidTargetBucketForLogging"));
        let target = env.bucket().await;
        logging.logging_enabled.as_mut().unwrap().target_bucket = target.name().to_owned();
        bucket.put_bucket_logging(logging.clone()).await.unwrap();
        assert_eq!(bucket.get_bucket_logging().await.unwrap().into_inner(), logging);
        // An empty status turns logging off.
        let off = BucketLoggingStatus::from_xml(fixture("bucket_logging_status_disable.xml")).unwrap();
        bucket.put_bucket_logging(off).await.unwrap();
        assert!(bucket.get_bucket_logging().await.unwrap().logging_enabled.is_none());
    },
    GetBucketLogging => |env| {
        let bucket = env.bucket().await;
        // Never set: 200 with an empty status, as the reference shows.
        let status = bucket.get_bucket_logging().await.unwrap().into_inner();
        assert_eq!(status, BucketLoggingStatus::from_xml(fixture("bucket_logging_status_unset.xml")).unwrap());
    },
    DeleteBucketLogging => |env| {
        let bucket = env.bucket().await;
        // 204 also when logging was never on.
        assert_eq!(bucket.delete_bucket_logging().await.unwrap().status(), 204);
        bucket.put_bucket_logging(BucketLoggingStatus::enabled(bucket.name(), "log/")).await.unwrap();
        assert_eq!(bucket.delete_bucket_logging().await.unwrap().status(), 204);
        assert!(bucket.get_bucket_logging().await.unwrap().logging_enabled.is_none());
    },
    PutBucketWebsite => |env| {
        let bucket = env.bucket().await;
        let site = WebsiteConfiguration::from_xml(fixture("website_configuration_simple.xml")).unwrap();
        bucket.put_bucket_website(site.clone()).await.unwrap();
        assert_eq!(bucket.get_bucket_website().await.unwrap().into_inner(), site);
        // The reference's full example has a Mirror rule, which needs an outside origin.
        let mirror = WebsiteConfiguration::from_xml(fixture("website_configuration.xml")).unwrap();
        let error = bucket.put_bucket_website(mirror).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(501));
        assert_eq!(bucket.get_bucket_website().await.unwrap().into_inner(), site);
    },
    GetBucketWebsite => |env| {
        let bucket = env.bucket().await;
        let error = bucket.get_bucket_website().await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchWebsiteConfiguration"));
    },
    DeleteBucketWebsite => |env| {
        let bucket = env.bucket().await;
        let site = WebsiteConfiguration::from_xml(fixture("website_configuration_get.xml")).unwrap();
        bucket.put_bucket_website(site).await.unwrap();
        assert_eq!(bucket.delete_bucket_website().await.unwrap().status(), 204);
        assert!(bucket.get_bucket_website().await.unwrap_err().is_not_found());
    },
    PutBucketReferer => |env| {
        let bucket = env.bucket().await;
        let referer = RefererConfiguration::from_xml(fixture("referer_configuration.xml")).unwrap();
        bucket.put_bucket_referer(referer.clone()).await.unwrap();
        assert_eq!(bucket.get_bucket_referer().await.unwrap().into_inner(), referer);
        // An empty list clears the whitelist.
        let cleared = RefererConfiguration::from_xml(fixture("referer_configuration_unset.xml")).unwrap();
        bucket.put_bucket_referer(cleared.clone()).await.unwrap();
        assert_eq!(bucket.get_bucket_referer().await.unwrap().into_inner(), cleared);
    },
    GetBucketReferer => |env| {
        let bucket = env.bucket().await;
        // Never set: empty referers allowed and an empty list, as the reference shows.
        let referer = bucket.get_bucket_referer().await.unwrap().into_inner();
        assert_eq!(referer, RefererConfiguration::from_xml(fixture("referer_configuration_unset.xml")).unwrap());
    },
    PutBucketLifecycle => |env| {
        let bucket = env.bucket().await;
        let lifecycle = LifecycleConfiguration::from_xml(fixture("lifecycle_configuration.xml")).unwrap();
        bucket.put_bucket_lifecycle(lifecycle.clone()).await.unwrap();
        assert_eq!(bucket.get_bucket_lifecycle().await.unwrap().into_inner(), lifecycle);
    },
    GetBucketLifecycle => |env| {
        let bucket = env.bucket().await;
        let error = bucket.get_bucket_lifecycle().await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchLifecycle"));
        let lifecycle = LifecycleConfiguration::from_xml(fixture("lifecycle_configuration_get.xml")).unwrap();
        bucket.put_bucket_lifecycle(lifecycle.clone()).await.unwrap();
        assert_eq!(bucket.get_bucket_lifecycle().await.unwrap().into_inner(), lifecycle);
    },
    DeleteBucketLifecycle => |env| {
        let bucket = env.bucket().await;
        // 204 also when there is none.
        assert_eq!(bucket.delete_bucket_lifecycle().await.unwrap().status(), 204);
        let lifecycle = LifecycleConfiguration::from_xml(fixture("lifecycle_configuration_get.xml")).unwrap();
        bucket.put_bucket_lifecycle(lifecycle).await.unwrap();
        assert_eq!(bucket.delete_bucket_lifecycle().await.unwrap().status(), 204);
        assert_eq!(bucket.get_bucket_lifecycle().await.unwrap_err().code(), Some("NoSuchLifecycle"));
    },
    OptionObject => |env| {
        let bucket = env.bucket().await;
        // Without CORS rules every preflight is refused.
        let error = bucket.option_object("testobject", "http://www.example.com", "PUT").await.unwrap_err();
        assert_eq!(error.code(), Some("Forbidden"));
        let cors = CorsConfiguration::from_xml(
            "<CORSConfiguration><CORSRule><AllowedOrigin>http://www.example.com</AllowedOrigin>\
             <AllowedMethod>PUT</AllowedMethod><AllowedHeader>x-oss-test</AllowedHeader>\
             <ExposeHeader>x-oss-test</ExposeHeader><MaxAgeSeconds>100</MaxAgeSeconds>\
             </CORSRule></CORSConfiguration>",
        )
        .unwrap();
        bucket.put_bucket_cors(cors).await.unwrap();
        // The reference's example.
        let allowed = bucket
            .option_object("testobject", "http://www.example.com", "PUT")
            .request_headers("x-oss-test")
            .await
            .unwrap()
            .into_inner();
        assert_eq!(allowed.allow_origin.as_deref(), Some("http://www.example.com"));
        assert_eq!(allowed.allow_methods.as_deref(), Some("PUT"));
        assert_eq!(allowed.expose_headers.as_deref(), Some("x-oss-test"));
        assert_eq!(allowed.max_age, Some(100));
        let error = bucket.option_object("testobject", "http://other.example.com", "PUT").await.unwrap_err();
        assert_eq!(error.code(), Some("Forbidden"));
    },
    // The SDKs' bucket families.
    PutBucketPolicy => |env| {
        let bucket = env.bucket().await;
        let policy = public_read_policy(bucket.name());
        bucket.put_bucket_policy(policy.clone()).await.unwrap();
        assert_eq!(bucket.get_bucket_policy().await.unwrap().into_inner(), policy);
    },
    GetBucketPolicy => |env| {
        let bucket = env.bucket().await;
        let error = bucket.get_bucket_policy().await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchBucketPolicy"));
    },
    DeleteBucketPolicy => |env| {
        let bucket = env.bucket().await;
        bucket.put_bucket_policy(public_read_policy(bucket.name())).await.unwrap();
        assert_eq!(bucket.delete_bucket_policy().await.unwrap().status(), 204);
        assert!(bucket.get_bucket_policy().await.unwrap_err().is_not_found());
    },
    GetBucketPolicyStatus => |env| {
        let bucket = env.bucket().await;
        assert!(!bucket.get_bucket_policy_status().await.unwrap().is_public);
        bucket.put_bucket_policy(public_read_policy(bucket.name())).await.unwrap();
        assert!(bucket.get_bucket_policy_status().await.unwrap().is_public);
    },
    PutBucketEncryption => |env| {
        let bucket = env.bucket().await;
        let rule = BucketEncryption::new("KMS").kms_key_id("key-1");
        bucket.put_bucket_encryption(rule.clone()).await.unwrap();
        assert_eq!(bucket.get_bucket_encryption().await.unwrap().into_inner(), rule);
        let bad = BucketEncryption::new("AES256").kms_key_id("key-1");
        assert!(bucket.put_bucket_encryption(bad).await.is_err());
    },
    GetBucketEncryption => |env| {
        let bucket = env.bucket().await;
        let error = bucket.get_bucket_encryption().await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchServerSideEncryptionRule"));
    },
    DeleteBucketEncryption => |env| {
        let bucket = env.bucket().await;
        bucket.put_bucket_encryption(BucketEncryption::new("AES256")).await.unwrap();
        assert_eq!(bucket.delete_bucket_encryption().await.unwrap().status(), 204);
        assert!(bucket.get_bucket_encryption().await.unwrap_err().is_not_found());
    },
    PutBucketTags => |env| {
        let bucket = env.bucket().await;
        let tags = Tagging::from([("team", "storage"), ("env", "test")]);
        bucket.put_bucket_tags(tags.clone()).await.unwrap();
        assert_eq!(bucket.get_bucket_tags().await.unwrap().into_inner(), tags);
    },
    GetBucketTags => |env| {
        let bucket = env.bucket().await;
        assert!(bucket.get_bucket_tags().await.unwrap().tags.is_empty());
    },
    DeleteBucketTags => |env| {
        let bucket = env.bucket().await;
        bucket.put_bucket_tags(Tagging::from([("a", "1"), ("b", "2"), ("c", "3")])).await.unwrap();
        bucket.delete_bucket_tags().keys("a,c").await.unwrap();
        assert_eq!(bucket.get_bucket_tags().await.unwrap().into_inner(), Tagging::from([("b", "2")]));
        assert_eq!(bucket.delete_bucket_tags().await.unwrap().status(), 204);
        assert!(bucket.get_bucket_tags().await.unwrap().tags.is_empty());
    },
    PutBucketRequestPayment => |env| {
        let bucket = env.bucket().await;
        bucket.put_bucket_request_payment(RequestPaymentConfiguration::new("Requester")).await.unwrap();
        assert!(bucket.get_bucket_request_payment().await.unwrap().requester_pays());
        let bad = RequestPaymentConfiguration::new("Nobody");
        assert!(bucket.put_bucket_request_payment(bad).await.is_err());
    },
    GetBucketRequestPayment => |env| {
        let bucket = env.bucket().await;
        assert_eq!(bucket.get_bucket_request_payment().await.unwrap().payer, "BucketOwner");
    },
    PutBucketTransferAcceleration => |env| {
        let bucket = env.bucket().await;
        bucket.put_bucket_transfer_acceleration(TransferAccelerationConfiguration::new(true)).await.unwrap();
        assert!(bucket.get_bucket_transfer_acceleration().await.unwrap().enabled);
    },
    GetBucketTransferAcceleration => |env| {
        let bucket = env.bucket().await;
        let error = bucket.get_bucket_transfer_acceleration().await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchTransferAccelerationConfiguration"));
    },
    PutBucketAccessMonitor => |env| {
        let bucket = env.bucket().await;
        bucket.put_bucket_access_monitor(AccessMonitorConfiguration::new("Enabled")).await.unwrap();
        assert_eq!(bucket.get_bucket_access_monitor().await.unwrap().status, "Enabled");
    },
    GetBucketAccessMonitor => |env| {
        let bucket = env.bucket().await;
        assert_eq!(bucket.get_bucket_access_monitor().await.unwrap().status, "Disabled");
    },
    PutBucketArchiveDirectRead => |env| {
        let bucket = env.bucket().await;
        bucket.put_object("cold", "c").storage_class(StorageClass::Archive).await.unwrap();
        assert!(bucket.get_object("cold").await.unwrap_err().code() == Some("InvalidObjectState"));
        bucket.put_bucket_archive_direct_read(ArchiveDirectReadConfiguration::new(true)).await.unwrap();
        assert!(bucket.get_bucket_archive_direct_read().await.unwrap().enabled);
        // Archive objects now read without a restore.
        let body = bucket.get_object("cold").await.unwrap().body.bytes().await.unwrap();
        assert_eq!(&body[..], b"c");
    },
    GetBucketArchiveDirectRead => |env| {
        let bucket = env.bucket().await;
        assert!(!bucket.get_bucket_archive_direct_read().await.unwrap().enabled);
    },
    PutBucketHttpsConfig => |env| {
        let bucket = env.bucket().await;
        let config = HttpsConfiguration::versions(["TLSv1.2", "TLSv1.3"]);
        bucket.put_bucket_https_config(config.clone()).await.unwrap();
        assert_eq!(bucket.get_bucket_https_config().await.unwrap().into_inner(), config);
    },
    GetBucketHttpsConfig => |env| {
        let bucket = env.bucket().await;
        assert!(!bucket.get_bucket_https_config().await.unwrap().tls.enable);
    },
    PutBucketResourceGroup => |env| {
        let bucket = env.bucket().await;
        bucket.put_bucket_resource_group(BucketResourceGroupConfiguration::new("rg-aek27tc")).await.unwrap();
        assert_eq!(bucket.get_bucket_resource_group().await.unwrap().resource_group_id, "rg-aek27tc");
    },
    GetBucketResourceGroup => |env| {
        let bucket = env.bucket().await;
        assert_eq!(bucket.get_bucket_resource_group().await.unwrap().resource_group_id, "");
    },
    PutStyle => |env| {
        let bucket = env.bucket().await;
        bucket.put_style("thumb", StyleContent::new("image/resize,p_50")).await.unwrap();
        let style = bucket.get_style("thumb").await.unwrap().into_inner();
        assert_eq!((style.name.as_str(), style.content.as_str()), ("thumb", "image/resize,p_50"));
    },
    GetStyle => |env| {
        let bucket = env.bucket().await;
        assert_eq!(bucket.get_style("none").await.unwrap_err().code(), Some("NoSuchStyle"));
    },
    ListStyle => |env| {
        let bucket = env.bucket().await;
        for name in ["b", "a"] {
            bucket.put_style(name, StyleContent::new("image/rotate,90")).await.unwrap();
        }
        let names: Vec<String> = bucket.list_style().await.unwrap().into_inner().styles.into_iter().map(|s| s.name).collect();
        assert_eq!(names, ["a", "b"]);
    },
    DeleteStyle => |env| {
        let bucket = env.bucket().await;
        bucket.put_style("thumb", StyleContent::new("image/resize,p_50")).await.unwrap();
        assert_eq!(bucket.delete_style("thumb").await.unwrap().status(), 204);
        assert!(bucket.get_style("thumb").await.unwrap_err().is_not_found());
    },
    PutCname => |env| {
        let bucket = env.bucket().await;
        refused(bucket.put_cname(BucketCnameConfiguration::new("www.example.com")).await);
    },
    ListCname => |env| {
        let bucket = env.bucket().await;
        refused(bucket.list_cname().await);
    },
    DeleteCname => |env| {
        let bucket = env.bucket().await;
        refused(bucket.delete_cname(BucketCnameConfiguration::new("www.example.com")).await);
    },
    CreateCnameToken => |env| {
        let bucket = env.bucket().await;
        refused(bucket.create_cname_token(BucketCnameConfiguration::new("www.example.com")).await);
    },
    GetCnameToken => |env| {
        let bucket = env.bucket().await;
        refused(bucket.get_cname_token("www.example.com").await);
    },
    PutBucketPublicAccessBlock => |env| {
        let bucket = env.bucket().await;
        bucket.put_bucket_public_access_block(PublicAccessBlockConfiguration::new(true)).await.unwrap();
        assert!(bucket.get_bucket_public_access_block().await.unwrap().block_public_access);
    },
    GetBucketPublicAccessBlock => |env| {
        let bucket = env.bucket().await;
        assert!(!bucket.get_bucket_public_access_block().await.unwrap().block_public_access);
    },
    DeleteBucketPublicAccessBlock => |env| {
        let bucket = env.bucket().await;
        bucket.put_bucket_public_access_block(PublicAccessBlockConfiguration::new(true)).await.unwrap();
        assert_eq!(bucket.delete_bucket_public_access_block().await.unwrap().status(), 204);
        assert!(!bucket.get_bucket_public_access_block().await.unwrap().block_public_access);
    },
    PutPublicAccessBlock => |env| {
        refused(env.client.put_public_access_block(PublicAccessBlockConfiguration::new(true)).await);
    },
    GetPublicAccessBlock => |env| {
        refused(env.client.get_public_access_block().await);
    },
    DeletePublicAccessBlock => |env| {
        refused(env.client.delete_public_access_block().await);
    },
    PutBucketOverwriteConfig => |env| {
        let bucket = env.bucket().await;
        let config = OverwriteConfiguration::new([OverwriteRule::forbid("logs/")]);
        bucket.put_bucket_overwrite_config(config.clone()).await.unwrap();
        assert_eq!(bucket.get_bucket_overwrite_config().await.unwrap().into_inner(), config);
        // The rule applies: a covered key is written once, never replaced.
        bucket.put_object("logs/1", "first").await.unwrap();
        let error = bucket.put_object("logs/1", "second").await.unwrap_err();
        assert_eq!(error.code(), Some("FileAlreadyExists"));
        bucket.put_object("other", "a").await.unwrap();
        bucket.put_object("other", "b").await.unwrap();
    },
    GetBucketOverwriteConfig => |env| {
        let bucket = env.bucket().await;
        assert!(bucket.get_bucket_overwrite_config().await.unwrap().rules.is_empty());
    },
    DeleteBucketOverwriteConfig => |env| {
        let bucket = env.bucket().await;
        let config = OverwriteConfiguration::new([OverwriteRule::forbid("logs/")]);
        bucket.put_bucket_overwrite_config(config).await.unwrap();
        assert_eq!(bucket.delete_bucket_overwrite_config().await.unwrap().status(), 204);
        assert!(bucket.get_bucket_overwrite_config().await.unwrap().rules.is_empty());
    },
    CreateBucketDataRedundancyTransition => |env| {
        let bucket = env.bucket().await;
        refused(bucket.create_bucket_data_redundancy_transition("ZRS").await);
    },
    GetBucketDataRedundancyTransition => |env| {
        let bucket = env.bucket().await;
        refused(bucket.get_bucket_data_redundancy_transition("task").await);
    },
    ListBucketDataRedundancyTransition => |env| {
        let bucket = env.bucket().await;
        refused(bucket.list_bucket_data_redundancy_transition().await);
    },
    ListUserDataRedundancyTransition => |env| {
        refused(env.client.list_user_data_redundancy_transition().await);
    },
    DeleteBucketDataRedundancyTransition => |env| {
        let bucket = env.bucket().await;
        refused(bucket.delete_bucket_data_redundancy_transition("task").await);
    },
    PutBucketInventory => |env| {
        let bucket = env.bucket().await;
        let report = inventory("report");
        bucket.put_bucket_inventory("report", report.clone()).await.unwrap();
        assert_eq!(bucket.get_bucket_inventory("report").await.unwrap().into_inner(), report);
        let error = bucket.put_bucket_inventory("other", inventory("report")).await.unwrap_err();
        assert_eq!(error.code(), Some("InvalidArgument"));
    },
    GetBucketInventory => |env| {
        let bucket = env.bucket().await;
        assert_eq!(bucket.get_bucket_inventory("none").await.unwrap_err().code(), Some("NoSuchInventory"));
    },
    ListBucketInventory => |env| {
        let bucket = env.bucket().await;
        for id in ["weekly", "daily"] {
            bucket.put_bucket_inventory(id, inventory(id)).await.unwrap();
        }
        let listed = bucket.list_bucket_inventory().await.unwrap().into_inner();
        let ids: Vec<&str> = listed.configurations.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["daily", "weekly"]);
        assert!(!listed.is_truncated);
    },
    DeleteBucketInventory => |env| {
        let bucket = env.bucket().await;
        bucket.put_bucket_inventory("report", inventory("report")).await.unwrap();
        assert_eq!(bucket.delete_bucket_inventory("report").await.unwrap().status(), 204);
        assert!(bucket.get_bucket_inventory("report").await.unwrap_err().is_not_found());
    },
    PutBucketReplication => |env| {
        let (source, destination) = (env.bucket().await, env.bucket().await);
        source.put_object("old", "before").await.unwrap();
        let rule = ReplicationRule::new(destination.name(), env.location().await);
        let added = source.put_bucket_replication(ReplicationConfiguration { rules: vec![rule] }).await.unwrap();
        assert!(added.headers().get("x-oss-replication-rule-id").is_some());
        source.put_object("new", "after").await.unwrap();
        for key in ["old", "new"] {
            assert!(destination.object_exists(key).await.unwrap(), "{key} is replicated");
        }
        source.delete_object("new").await.unwrap();
        assert!(!destination.object_exists("new").await.unwrap(), "the delete is replicated");
        let elsewhere = ReplicationRule::new(destination.name(), "oss-nowhere-1");
        refused(source.put_bucket_replication(ReplicationConfiguration { rules: vec![elsewhere] }).await);
    },
    GetBucketReplication => |env| {
        let (source, destination) = (env.bucket().await, env.bucket().await);
        let error = source.get_bucket_replication().await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchReplicationConfiguration"));
        let mut rule = ReplicationRule::new(destination.name(), env.location().await);
        rule.id = Some("r1".into());
        rule.prefix_set = vec!["logs/".into()];
        source.put_bucket_replication(ReplicationConfiguration { rules: vec![rule] }).await.unwrap();
        let rules = source.get_bucket_replication().await.unwrap().into_inner().rules;
        assert_eq!((rules[0].id.as_deref(), rules[0].prefix_set.clone()), (Some("r1"), vec!["logs/".to_owned()]));
    },
    GetBucketReplicationLocation => |env| {
        let bucket = env.bucket().await;
        let locations = bucket.get_bucket_replication_location().await.unwrap().into_inner().locations;
        assert_eq!(locations, [env.location().await]);
    },
    GetBucketReplicationProgress => |env| {
        let (source, destination) = (env.bucket().await, env.bucket().await);
        let mut rule = ReplicationRule::new(destination.name(), env.location().await);
        rule.id = Some("r1".into());
        source.put_bucket_replication(ReplicationConfiguration { rules: vec![rule] }).await.unwrap();
        let progress = source.get_bucket_replication_progress("r1").await.unwrap().into_inner();
        let info = progress.rules[0].progress.clone().expect("a progress");
        assert_eq!(info.historical_object.as_deref(), Some("1.00"));
        assert!(info.new_object.is_some());
        let error = source.get_bucket_replication_progress("none").await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchReplicationRule"));
    },
    DeleteBucketReplication => |env| {
        let (source, destination) = (env.bucket().await, env.bucket().await);
        let mut rule = ReplicationRule::new(destination.name(), env.location().await);
        rule.id = Some("r1".into());
        source.put_bucket_replication(ReplicationConfiguration { rules: vec![rule] }).await.unwrap();
        source.delete_bucket_replication(ReplicationRules::new(["r1"])).await.unwrap();
        assert!(source.get_bucket_replication().await.unwrap_err().is_not_found());
        source.put_object("after", "x").await.unwrap();
        assert!(!destination.object_exists("after").await.unwrap(), "a deleted rule copies nothing");
    },
    PutBucketRtc => |env| {
        let (source, destination) = (env.bucket().await, env.bucket().await);
        let error = source.put_bucket_rtc(RtcConfiguration::new("r1", true)).await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchReplicationRule"));
        let mut rule = ReplicationRule::new(destination.name(), env.location().await);
        rule.id = Some("r1".into());
        source.put_bucket_replication(ReplicationConfiguration { rules: vec![rule] }).await.unwrap();
        source.put_bucket_rtc(RtcConfiguration::new("r1", true)).await.unwrap();
        let rules = source.get_bucket_replication().await.unwrap().into_inner().rules;
        assert_eq!(rules[0].rtc.as_ref().map(|r| r.status.as_str()), Some("enabled"));
    },
    OpenMetaQuery => |env| {
        let bucket = env.bucket().await;
        refused(bucket.open_meta_query().await);
    },
    GetMetaQueryStatus => |env| {
        let bucket = env.bucket().await;
        refused(bucket.get_meta_query_status().await);
    },
    DoMetaQuery => |env| {
        let bucket = env.bucket().await;
        refused(bucket.do_meta_query(MetaQuery::new(r#"{"Field":"Size","Value":"1","Operation":"gt"}"#)).await);
    },
    CloseMetaQuery => |env| {
        let bucket = env.bucket().await;
        refused(bucket.close_meta_query().await);
    },
    CreateAccessPoint => |env| {
        let bucket = env.bucket().await;
        refused(bucket.create_access_point(CreateAccessPointConfiguration::internet("ap-01")).await);
    },
    GetAccessPoint => |env| {
        let bucket = env.bucket().await;
        refused(bucket.get_access_point("ap-01").await);
    },
    ListBucketAccessPoints => |env| {
        let bucket = env.bucket().await;
        refused(bucket.list_bucket_access_points().await);
    },
    ListAccessPoints => |env| {
        refused(env.client.list_access_points().await);
    },
    DeleteAccessPoint => |env| {
        let bucket = env.bucket().await;
        refused(bucket.delete_access_point("ap-01").await);
    },
    PutAccessPointPolicy => |env| {
        let bucket = env.bucket().await;
        refused(bucket.put_access_point_policy("ap-01", public_read_policy(bucket.name())).await);
    },
    GetAccessPointPolicy => |env| {
        let bucket = env.bucket().await;
        refused(bucket.get_access_point_policy("ap-01").await);
    },
    DeleteAccessPointPolicy => |env| {
        let bucket = env.bucket().await;
        refused(bucket.delete_access_point_policy("ap-01").await);
    },
    PutAccessPointPublicAccessBlock => |env| {
        let bucket = env.bucket().await;
        refused(bucket.put_access_point_public_access_block("ap-01", PublicAccessBlockConfiguration::new(true)).await);
    },
    GetAccessPointPublicAccessBlock => |env| {
        let bucket = env.bucket().await;
        refused(bucket.get_access_point_public_access_block("ap-01").await);
    },
    DeleteAccessPointPublicAccessBlock => |env| {
        let bucket = env.bucket().await;
        refused(bucket.delete_access_point_public_access_block("ap-01").await);
    },
    CreateAccessPointForObjectProcess => |env| {
        let bucket = env.bucket().await;
        let config = CreateAccessPointForObjectProcessConfiguration { access_point_name: "ap-01".into(), ..Default::default() };
        refused(bucket.create_access_point_for_object_process("fc-ap-01", config).await);
    },
    GetAccessPointForObjectProcess => |env| {
        let bucket = env.bucket().await;
        refused(bucket.get_access_point_for_object_process("fc-ap-01").await);
    },
    ListAccessPointsForObjectProcess => |env| {
        refused(env.client.list_access_points_for_object_process().await);
    },
    DeleteAccessPointForObjectProcess => |env| {
        let bucket = env.bucket().await;
        refused(bucket.delete_access_point_for_object_process("fc-ap-01").await);
    },
    PutAccessPointConfigForObjectProcess => |env| {
        let bucket = env.bucket().await;
        refused(bucket.put_access_point_config_for_object_process("fc-ap-01", AccessPointConfigForObjectProcess::default()).await);
    },
    GetAccessPointConfigForObjectProcess => |env| {
        let bucket = env.bucket().await;
        refused(bucket.get_access_point_config_for_object_process("fc-ap-01").await);
    },
    PutAccessPointPolicyForObjectProcess => |env| {
        let bucket = env.bucket().await;
        refused(bucket.put_access_point_policy_for_object_process("fc-ap-01", public_read_policy(bucket.name())).await);
    },
    GetAccessPointPolicyForObjectProcess => |env| {
        let bucket = env.bucket().await;
        refused(bucket.get_access_point_policy_for_object_process("fc-ap-01").await);
    },
    DeleteAccessPointPolicyForObjectProcess => |env| {
        let bucket = env.bucket().await;
        refused(bucket.delete_access_point_policy_for_object_process("fc-ap-01").await);
    },
    PutBucketQosInfo => |env| {
        let bucket = env.bucket().await;
        let qos = QosConfiguration { total_upload_bandwidth: Some(10), total_qps: Some(1000), ..Default::default() };
        bucket.put_bucket_qos_info(qos.clone()).await.unwrap();
        assert_eq!(bucket.get_bucket_qos_info().await.unwrap().into_inner(), qos);
    },
    GetBucketQosInfo => |env| {
        let bucket = env.bucket().await;
        assert_eq!(bucket.get_bucket_qos_info().await.unwrap().total_qps, Some(-1));
    },
    DeleteBucketQosInfo => |env| {
        let bucket = env.bucket().await;
        let qos = QosConfiguration { total_qps: Some(5), ..Default::default() };
        bucket.put_bucket_qos_info(qos).await.unwrap();
        assert_eq!(bucket.delete_bucket_qos_info().await.unwrap().status(), 204);
        assert_eq!(bucket.get_bucket_qos_info().await.unwrap().total_qps, Some(-1));
    },
    PutBucketRequesterQosInfo => |env| {
        let bucket = env.bucket().await;
        let qos = QosConfiguration { extranet_qps: Some(50), ..Default::default() };
        bucket.put_bucket_requester_qos_info("2000", qos.clone()).await.unwrap();
        let info = bucket.get_bucket_requester_qos_info("2000").await.unwrap().into_inner();
        assert_eq!((info.requester.as_str(), info.qos), ("2000", qos));
    },
    GetBucketRequesterQosInfo => |env| {
        let bucket = env.bucket().await;
        let info = bucket.get_bucket_requester_qos_info("3000").await.unwrap().into_inner();
        assert_eq!(info.qos.total_qps, Some(-1));
    },
    ListBucketRequesterQosInfos => |env| {
        let bucket = env.bucket().await;
        for uid in ["2", "1", "3"] {
            bucket.put_bucket_requester_qos_info(uid, QosConfiguration::default()).await.unwrap();
        }
        let page = bucket.list_bucket_requester_qos_infos().max_keys(2).await.unwrap().into_inner();
        let uids: Vec<&str> = page.infos.iter().map(|i| i.requester.as_str()).collect();
        assert_eq!((uids, page.is_truncated), (vec!["1", "2"], true));
        let token = page.next_continuation_token.clone().expect("a token");
        let rest = bucket.list_bucket_requester_qos_infos().continuation_token(token).await.unwrap();
        assert_eq!(rest.infos.len(), 1);
    },
    DeleteBucketRequesterQosInfo => |env| {
        let bucket = env.bucket().await;
        let qos = QosConfiguration { total_qps: Some(5), ..Default::default() };
        bucket.put_bucket_requester_qos_info("2000", qos).await.unwrap();
        assert_eq!(bucket.delete_bucket_requester_qos_info("2000").await.unwrap().status(), 204);
        assert!(bucket.list_bucket_requester_qos_infos().await.unwrap().infos.is_empty());
    },
    PutBucketCallbackPolicy => |env| {
        let bucket = env.bucket().await;
        let policy = BucketCallbackPolicy { items: vec![CallbackPolicyItem { name: "first".into(), callback: "e30=".into(), callback_var: None }] };
        bucket.put_bucket_callback_policy(policy.clone()).await.unwrap();
        assert_eq!(bucket.get_bucket_callback_policy().await.unwrap().into_inner(), policy);
    },
    GetBucketCallbackPolicy => |env| {
        let bucket = env.bucket().await;
        assert!(bucket.get_bucket_callback_policy().await.unwrap().items.is_empty());
    },
    DeleteBucketCallbackPolicy => |env| {
        let bucket = env.bucket().await;
        let policy = BucketCallbackPolicy { items: vec![CallbackPolicyItem { name: "first".into(), callback: "e30=".into(), callback_var: None }] };
        bucket.put_bucket_callback_policy(policy).await.unwrap();
        assert_eq!(bucket.delete_bucket_callback_policy().await.unwrap().status(), 204);
        assert!(bucket.get_bucket_callback_policy().await.unwrap().items.is_empty());
    },
    PutBucketStorageCapacity => |env| {
        let bucket = env.bucket().await;
        bucket.put_bucket_storage_capacity(BucketUserQos::new(100)).await.unwrap();
        assert_eq!(bucket.get_bucket_storage_capacity().await.unwrap().storage_capacity, 100);
        assert!(bucket.put_bucket_storage_capacity(BucketUserQos::new(-2)).await.is_err());
    },
    GetBucketStorageCapacity => |env| {
        let bucket = env.bucket().await;
        assert_eq!(bucket.get_bucket_storage_capacity().await.unwrap().storage_capacity, -1);
    },
    PutAsyncFetchTask => |env| {
        let bucket = env.bucket().await;
        refused(bucket.put_async_fetch_task(AsyncFetchTaskConfiguration::new("https://example.com/a.txt", "a.txt")).await);
        assert!(!bucket.object_exists("a.txt").await.unwrap());
    },
    GetAsyncFetchTask => |env| {
        let bucket = env.bucket().await;
        refused(bucket.get_async_fetch_task("task").await);
    },
    DescribeRegions => |env| {
        let regions = env.client.describe_regions().await.unwrap().into_inner();
        assert_eq!(regions.regions.len(), 1);
        assert!(regions.regions[0].region.ends_with(env.server.region()), "{regions:?}");
        let other = env.client.describe_regions().regions("oss-nowhere").await.unwrap();
        assert!(other.regions.is_empty());
    },
    ListCloudBoxes => |env| {
        assert!(env.client.list_cloud_boxes().await.unwrap().cloud_boxes.is_empty());
    },
    ListObjects => |env| {
        let bucket = env.bucket_with_object().await;
        bucket.put_object("dir/b.txt", "b").await.unwrap();
        let page = bucket.list_objects().delimiter("/").await.unwrap();
        assert_eq!(page.contents.len(), 1);
        assert_eq!(page.contents[0].key, "a.txt");
        assert_eq!(page.common_prefixes[0].prefix, "dir/");
    },
    ListObjectsV2 => |env| {
        let bucket = env.bucket_with_object().await;
        bucket.put_object("b.txt", "b").await.unwrap();
        let page = bucket.list_objects_v2().max_keys(1).await.unwrap();
        assert_eq!(page.contents[0].key, "a.txt");
        let token = page.next_continuation_token.clone().expect("truncated");
        let next = bucket.list_objects_v2().continuation_token(token).await.unwrap();
        assert_eq!(next.contents[0].key, "b.txt");
    },
    ListMultipartUploads => |env| {
        let bucket = env.bucket().await;
        let upload = bucket.initiate_multipart_upload("big").await.unwrap();
        let page = bucket.list_multipart_uploads().await.unwrap();
        assert_eq!(page.uploads.len(), 1);
        assert_eq!(page.uploads[0].upload_id, upload.upload_id);
    },
    DeleteMultipleObjects => |env| {
        let bucket = env.bucket_with_object().await;
        let result = bucket.delete_objects(["a.txt", "missing.txt"]).await.unwrap();
        assert_eq!(result.deleted.len(), 2);
        assert!(!bucket.object_exists("a.txt").await.unwrap());
    },
    PutObject => |env| {
        let bucket = env.bucket().await;
        let put = bucket.put_object("p.txt", "payload").content_type("text/plain").await.unwrap();
        let meta = bucket.head_object("p.txt").await.unwrap();
        assert_eq!(meta.etag, put.etag.clone());
        assert_eq!(meta.content_type.as_deref(), Some("text/plain"));
    },
    PostObject => |env| {
        use oss_client::ops::post::{PostFile, PostPolicy};
        let bucket = env.bucket().await;
        let policy = PostPolicy::new(Duration::from_secs(60))
            .key_starts_with("forms/")
            .content_length_range(1, 100)
            .success_action_status(201);
        let form = bucket.post_form(&policy).await.unwrap();
        let posted = bucket
            .post_object(&form, "a.txt", PostFile::from_bytes("from a form"))
            .await
            .unwrap();
        assert_eq!(posted.response.as_ref().map(|r| r.key.as_str()), Some("forms/a.txt"));
        let body = bucket.get_object("forms/a.txt").await.unwrap().body.bytes().await.unwrap();
        assert_eq!(&body[..], b"from a form");
    },
    CopyObject => |env| {
        let bucket = env.bucket_with_object().await;
        bucket.copy_object("a.txt", "copy.txt").await.unwrap();
        let body = bucket.get_object("copy.txt").await.unwrap().body.bytes().await.unwrap();
        assert_eq!(&body[..], b"hello");
    },
    AppendObject => |env| {
        let bucket = env.bucket().await;
        let first = bucket.append_object("log", 0, "ab").await.unwrap();
        bucket.append_object("log", first.next_position, "cd").await.unwrap();
        let body = bucket.get_object("log").await.unwrap().body.bytes().await.unwrap();
        assert_eq!(&body[..], b"abcd");
    },
    GetObject => |env| {
        let bucket = env.bucket_with_object().await;
        let range = oss_client::ByteRange::new(1, 3).unwrap();
        let object = bucket.get_object("a.txt").range(range).await.unwrap();
        assert_eq!(&object.body.bytes().await.unwrap()[..], b"ell");
    },
    HeadObject => |env| {
        let bucket = env.bucket_with_object().await;
        let meta = bucket.head_object("a.txt").await.unwrap();
        assert_eq!(meta.content_length, Some(5));
        assert_eq!(meta.object_type, Some(ObjectType::Normal));
    },
    GetObjectMeta => |env| {
        let bucket = env.bucket_with_object().await;
        let meta = bucket.get_object_meta("a.txt").await.unwrap();
        assert_eq!(meta.content_length, Some(5));
        assert!(meta.etag.is_some());
    },
    DeleteObject => |env| {
        let bucket = env.bucket_with_object().await;
        let deleted = bucket.delete_object("a.txt").await.unwrap();
        assert_eq!(deleted.status(), 204);
        // An unversioned bucket makes no delete marker.
        assert_eq!((deleted.version_id.as_deref(), deleted.delete_marker), (None, false));
        assert!(!bucket.object_exists("a.txt").await.unwrap());
        // Deleting a missing key succeeds too.
        assert_eq!(bucket.delete_object("a.txt").await.unwrap().status(), 204);
    },
    PutObjectAcl => |env| {
        let bucket = env.bucket_with_object().await;
        bucket.put_object_acl("a.txt", Acl::PublicRead).await.unwrap();
        assert_eq!(bucket.get_object_acl("a.txt").await.unwrap().grant, Acl::PublicRead);
    },
    GetObjectAcl => |env| {
        let bucket = env.bucket_with_object().await;
        assert_eq!(bucket.get_object_acl("a.txt").await.unwrap().grant, Acl::Default);
    },
    PutSymlink => |env| {
        let bucket = env.bucket_with_object().await;
        bucket.put_symlink("link", "a.txt").content_type("text/x-link").await.unwrap();
        let body = bucket.get_object("link").await.unwrap().body.bytes().await.unwrap();
        assert_eq!(&body[..], b"hello");
    },
    GetSymlink => |env| {
        let bucket = env.bucket_with_object().await;
        bucket.put_symlink("dir/a link", "a.txt").await.unwrap();
        assert_eq!(bucket.get_symlink("dir/a link").await.unwrap().target, "a.txt");
    },
    PutObjectTagging => |env| {
        let bucket = env.bucket_with_object().await;
        let tagging = Tagging::from_xml(fixture("tagging_request.xml")).unwrap();
        bucket.put_object_tagging("a.txt", tagging.clone()).await.unwrap();
        assert_eq!(bucket.get_object_tagging("a.txt").await.unwrap().into_inner(), tagging);
    },
    GetObjectTagging => |env| {
        let bucket = env.bucket().await;
        bucket.put_object("t.txt", "t").tag("k", "v").await.unwrap();
        assert_eq!(bucket.get_object_tagging("t.txt").await.unwrap().get("k"), Some("v"));
    },
    DeleteObjectTagging => |env| {
        let bucket = env.bucket().await;
        bucket.put_object("t.txt", "t").tag("k", "v").await.unwrap();
        assert_eq!(bucket.delete_object_tagging("t.txt").await.unwrap().status(), 204);
        assert!(bucket.get_object_tagging("t.txt").await.unwrap().tags.is_empty());
    },
    RestoreObject => |env| {
        let bucket = env.bucket().await;
        bucket.put_object("cold", "c").storage_class(StorageClass::ColdArchive).await.unwrap();
        assert!(bucket.get_object("cold").await.unwrap_err().code() == Some("InvalidObjectState"));
        let started = bucket.restore_object("cold").days(1).tier(RestoreTier::Expedited).await.unwrap();
        assert_eq!(started.status(), 202);
        let mut readable = false;
        for _ in 0..50 {
            if bucket.get_object("cold").await.is_ok() {
                readable = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(readable, "the restored object becomes readable");
    },
    InitiateMultipartUpload => |env| {
        let bucket = env.bucket().await;
        let upload = bucket.initiate_multipart_upload("dir/big file").await.unwrap();
        assert_eq!(upload.key, "dir/big file");
        assert!(!upload.upload_id.is_empty());
    },
    UploadPart => |env| {
        let bucket = env.bucket().await;
        let upload = bucket.initiate_multipart_upload("big").await.unwrap();
        let part = bucket.upload_part("big", &upload.upload_id, 1, "part").await.unwrap();
        let parts = bucket.list_parts("big", &upload.upload_id).await.unwrap();
        assert_eq!(parts.parts[0].etag, part.etag);
    },
    UploadPartCopy => |env| {
        let bucket = env.bucket_with_object().await;
        let upload = bucket.initiate_multipart_upload("copy").await.unwrap();
        let part = bucket.upload_part_copy("copy", &upload.upload_id, 1, "a.txt").await.unwrap();
        bucket.complete_multipart_upload("copy", &upload.upload_id).part(1, part.etag.clone()).await.unwrap();
        let body = bucket.get_object("copy").await.unwrap().body.bytes().await.unwrap();
        assert_eq!(&body[..], b"hello");
    },
    CompleteMultipartUpload => |env| {
        let bucket = env.bucket().await;
        let upload = bucket.initiate_multipart_upload("big").await.unwrap();
        let one = bucket.upload_part("big", &upload.upload_id, 1, vec![1u8; 100 * 1024]).await.unwrap();
        let two = bucket.upload_part("big", &upload.upload_id, 2, "end").await.unwrap();
        bucket
            .complete_multipart_upload("big", &upload.upload_id)
            .part(2, two.etag.clone())
            .part(1, one.etag.clone())
            .await
            .unwrap();
        let meta = bucket.head_object("big").await.unwrap();
        assert_eq!(meta.content_length, Some(100 * 1024 + 3));
        assert_eq!(meta.object_type, Some(ObjectType::Multipart));
    },
    AbortMultipartUpload => |env| {
        let bucket = env.bucket().await;
        let upload = bucket.initiate_multipart_upload("big").await.unwrap();
        assert_eq!(bucket.abort_multipart_upload("big", &upload.upload_id).await.unwrap().status(), 204);
        let error = bucket.list_parts("big", &upload.upload_id).await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchUpload"));
    },
    ListParts => |env| {
        let bucket = env.bucket().await;
        let upload = bucket.initiate_multipart_upload("big").await.unwrap();
        for number in [3, 1] {
            bucket.upload_part("big", &upload.upload_id, number, "x").await.unwrap();
        }
        let parts = bucket.list_parts("big", &upload.upload_id).await.unwrap();
        let numbers: Vec<u32> = parts.parts.iter().map(|p| p.part_number).collect();
        assert_eq!(numbers, [1, 3]);
    },

    // Versioning and WORM.

    PutBucketVersioning => |env| {
        let bucket = env.bucket().await;
        bucket.put_bucket_versioning(VersioningStatus::Enabled).await.unwrap();
        let first = bucket.put_object("v.txt", "one").await.unwrap().version_id.clone().unwrap();
        let second = bucket.put_object("v.txt", "two").await.unwrap().version_id.clone().unwrap();
        assert_ne!(first, second);
        let old = bucket.get_object("v.txt").version_id(&first).await.unwrap();
        assert_eq!(&old.body.bytes().await.unwrap()[..], b"one");
        let meta = bucket.get_object_meta("v.txt").version_id(&first).await.unwrap();
        assert_eq!(meta.content_length, Some(3));
        // A delete makes a marker; deleting the marker brings the object back.
        let deleted = bucket.delete_object("v.txt").await.unwrap();
        assert!(deleted.delete_marker);
        assert!(!bucket.object_exists("v.txt").await.unwrap());
        let marker = deleted.version_id.clone().unwrap();
        let undone = bucket.delete_object("v.txt").version_id(marker).await.unwrap();
        assert!(undone.delete_marker);
        let body = bucket.get_object("v.txt").await.unwrap().body.bytes().await.unwrap();
        assert_eq!(&body[..], b"two");
        // Suspended: the null version, replaced by each write.
        bucket.put_bucket_versioning(VersioningStatus::Suspended).await.unwrap();
        let null = bucket.put_object("v.txt", "three").await.unwrap().version_id.clone();
        assert_eq!(null.as_deref(), Some("null"));
        let error = bucket.get_object("v.txt").version_id("no-such").await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchVersion"));
    },
    GetBucketVersioning => |env| {
        let bucket = env.bucket().await;
        assert_eq!(bucket.get_bucket_versioning().await.unwrap().status, None);
        bucket.put_bucket_versioning(VersioningStatus::Suspended).await.unwrap();
        let status = bucket.get_bucket_versioning().await.unwrap().status.clone();
        assert_eq!(status, Some(VersioningStatus::Suspended));
        let invalid = VersioningConfiguration { status: Some(VersioningStatus::Other("Off".into())) };
        let error = bucket.put_bucket_versioning(invalid).await.unwrap_err();
        assert!(error.to_string().contains("Enabled or Suspended"), "{error}");
    },
    ListObjectVersions => |env| {
        let bucket = env.bucket().await;
        bucket.put_bucket_versioning(VersioningStatus::Enabled).await.unwrap();
        for key in ["a", "a", "b/1", "b/2", "c"] {
            bucket.put_object(key, "x").await.unwrap();
        }
        bucket.delete_object("c").await.unwrap();
        let page = bucket.list_object_versions().delimiter("/").await.unwrap();
        let versions: Vec<(&str, bool)> =
            page.versions.iter().map(|v| (v.key.as_str(), v.is_latest)).collect();
        assert_eq!(versions, [("a", true), ("a", false), ("c", false)]);
        assert_eq!(page.delete_markers.len(), 1);
        assert!(page.delete_markers[0].is_latest);
        assert_eq!(page.common_prefixes[0].prefix, "b/");
        // One entry a page: the paginator visits every version once.
        let all = bucket
            .list_object_versions()
            .max_keys(1)
            .into_paginator()
            .collect_items()
            .await
            .unwrap();
        let keys: Vec<&str> = all.iter().map(|v| v.key.as_str()).collect();
        assert_eq!(keys, ["a", "a", "b/1", "b/2", "c"]);
    },
    InitiateBucketWorm => |env| {
        let bucket = env.bucket_with_object().await;
        let worm = bucket.initiate_bucket_worm(1).await.unwrap();
        assert!(!worm.worm_id.is_empty());
        let policy = bucket.get_bucket_worm().await.unwrap();
        assert_eq!(policy.state, Some(BucketWormState::InProgress));
        // An object within its retention is neither deleted nor overwritten.
        let error = bucket.delete_object("a.txt").await.unwrap_err();
        assert_eq!((error.status().map(|s| s.as_u16()), error.code()), (Some(409), Some("FileImmutable")));
        let error = bucket.put_object("a.txt", "changed").await.unwrap_err();
        assert_eq!(error.code(), Some("FileImmutable"));
        let body = bucket.get_object("a.txt").await.unwrap().body.bytes().await.unwrap();
        assert_eq!(&body[..], b"hello");
        bucket.put_object("new.txt", "x").await.unwrap();
        let error = bucket.initiate_bucket_worm(1).await.unwrap_err();
        assert_eq!(error.code(), Some("InvalidWORMConfiguration"));
        let error = bucket.initiate_bucket_worm(0).await.unwrap_err();
        assert!(error.to_string().contains("1 to 25550 days"), "{error}");
        // A bucket has versioning or a retention policy, not both.
        let error = bucket.put_bucket_versioning(VersioningStatus::Enabled).await.unwrap_err();
        assert_eq!(error.code(), Some("OperationNotSupported"));
        let versioned = env.bucket().await;
        versioned.put_bucket_versioning(VersioningStatus::Suspended).await.unwrap();
        let error = versioned.initiate_bucket_worm(1).await.unwrap_err();
        assert_eq!(error.code(), Some("OperationNotSupported"));
    },
    AbortBucketWorm => |env| {
        let bucket = env.bucket_with_object().await;
        bucket.initiate_bucket_worm(1).await.unwrap();
        assert_eq!(bucket.abort_bucket_worm().await.unwrap().status(), 204);
        let error = bucket.get_bucket_worm().await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchWORMConfiguration"));
        // Without a policy the object can go.
        bucket.delete_object("a.txt").await.unwrap();
        let error = bucket.abort_bucket_worm().await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchWORMConfiguration"));
    },
    CompleteBucketWorm => |env| {
        let bucket = env.bucket().await;
        let id = bucket.initiate_bucket_worm(1).await.unwrap().worm_id.clone();
        let error = bucket.complete_bucket_worm("not-the-id").await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchWORMConfiguration"));
        bucket.complete_bucket_worm(&id).await.unwrap();
        let policy = bucket.get_bucket_worm().await.unwrap();
        assert_eq!((policy.state.clone(), policy.worm_id.as_str()), (Some(BucketWormState::Locked), id.as_str()));
        let error = bucket.abort_bucket_worm().await.unwrap_err();
        assert_eq!(error.code(), Some("WORMConfigurationLocked"));
    },
    ExtendBucketWorm => |env| {
        let bucket = env.bucket().await;
        let id = bucket.initiate_bucket_worm(2).await.unwrap().worm_id.clone();
        let error = bucket.extend_bucket_worm(&id, 3).await.unwrap_err();
        assert_eq!(error.code(), Some("InvalidWORMConfiguration"), "only a locked policy extends");
        bucket.complete_bucket_worm(&id).await.unwrap();
        let error = bucket.extend_bucket_worm(&id, 2).await.unwrap_err();
        assert_eq!(error.code(), Some("InvalidWORMConfiguration"), "extend only lengthens");
        let error = bucket.extend_bucket_worm("other", 5).await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchWORMConfiguration"));
        bucket.extend_bucket_worm(&id, 5).await.unwrap();
        assert_eq!(bucket.get_bucket_worm().await.unwrap().retention_period_in_days, 5);
    },
    GetBucketWorm => |env| {
        let bucket = env.bucket_with_object().await;
        let error = bucket.get_bucket_worm().await.unwrap_err();
        assert_eq!((error.status().map(|s| s.as_u16()), error.code()), (Some(404), Some("NoSuchWORMConfiguration")));
        let policy = bucket.initiate_bucket_worm(1).await.unwrap().worm_id.clone();
        assert_eq!(bucket.get_bucket_worm().await.unwrap().worm_id, policy);
        // Uncompleted, the policy lapses 24 hours later (the server's clock moved; the
        // client corrects its own for the skew), and the object is no longer protected.
        env.server.set_clock_skew(25 * 3600);
        let error = bucket.get_bucket_worm().await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchWORMConfiguration"));
        bucket.delete_object("a.txt").await.unwrap();
        env.server.set_clock_skew(0);
    },
    PutBucketObjectWormConfiguration => |env| {
        let bucket = env.bucket().await;
        let error = bucket
            .put_bucket_object_worm_configuration(ObjectWormConfiguration::default())
            .await
            .unwrap_err();
        assert_eq!(error.code(), Some("InvalidArgument"), "turning it off is refused");
        bucket.put_bucket_object_worm_configuration(object_worm(1)).await.unwrap();
        bucket.put_object("new", "n").await.unwrap();
        let retention = bucket.get_object_retention("new").await.unwrap().into_inner();
        assert_eq!(retention.mode.as_deref(), Some("GOVERNANCE"), "the default applies to new writes");
        assert_eq!(bucket.delete_object("new").await.unwrap_err().code(), Some("FileImmutable"));
    },
    GetBucketObjectWormConfiguration => |env| {
        let bucket = env.bucket().await;
        let unset = bucket.get_bucket_object_worm_configuration().await.unwrap().into_inner();
        assert_eq!(unset, ObjectWormConfiguration::default());
        bucket.put_bucket_object_worm_configuration(object_worm(3)).await.unwrap();
        let set = bucket.get_bucket_object_worm_configuration().await.unwrap().into_inner();
        assert_eq!(set, object_worm(3));
    },
    PutObjectRetention => |env| {
        let bucket = env.bucket_with_object().await;
        let error = bucket.put_object_retention("a.txt", retention("COMPLIANCE", 1)).await.unwrap_err();
        assert_eq!(error.code(), Some("InvalidRequest"), "object WORM is off");
        bucket.put_bucket_object_worm_configuration(ObjectWormConfiguration::enabled()).await.unwrap();
        bucket.put_object_retention("a.txt", retention("COMPLIANCE", 2)).await.unwrap();
        let error = bucket
            .put_object_retention("a.txt", retention("COMPLIANCE", 1))
            .bypass_governance_retention(true)
            .await
            .unwrap_err();
        assert_eq!(error.code(), Some("AccessDenied"), "COMPLIANCE only lengthens");
        bucket.put_object_retention("a.txt", retention("COMPLIANCE", 3)).await.unwrap();
        let error = bucket.put_object("a.txt", "over").await.unwrap_err();
        assert_eq!(error.code(), Some("FileImmutable"));
        assert_eq!(bucket.delete_object("a.txt").await.unwrap_err().code(), Some("FileImmutable"));
        let body = bucket.get_object("a.txt").await.unwrap().body.bytes().await.unwrap();
        assert_eq!(&body[..], b"hello", "nothing changed");
    },
    GetObjectRetention => |env| {
        let bucket = env.bucket_with_object().await;
        bucket.put_bucket_object_worm_configuration(ObjectWormConfiguration::enabled()).await.unwrap();
        assert_eq!(bucket.get_object_retention("a.txt").await.unwrap().into_inner(), Retention::default());
        bucket.put_object_retention("a.txt", retention("GOVERNANCE", 1)).await.unwrap();
        let got = bucket.get_object_retention("a.txt").await.unwrap().into_inner();
        assert_eq!(got.mode.as_deref(), Some("GOVERNANCE"));
        let error = bucket.put_object_retention("a.txt", retention("GOVERNANCE", 0)).await.unwrap_err();
        assert_eq!(error.code(), Some("InvalidArgument"), "a date not in the future");
        // GOVERNANCE yields to the bypass, and only to it.
        assert_eq!(bucket.delete_object("a.txt").await.unwrap_err().code(), Some("FileImmutable"));
        bucket.delete_object("a.txt").bypass_governance_retention(true).await.unwrap();
        assert!(!bucket.object_exists("a.txt").await.unwrap());
    },
    PutObjectLegalHold => |env| {
        let bucket = env.bucket_with_object().await;
        bucket.put_bucket_object_worm_configuration(ObjectWormConfiguration::enabled()).await.unwrap();
        bucket.put_object_legal_hold("a.txt", LegalHold::on()).await.unwrap();
        assert_eq!(bucket.delete_object("a.txt").await.unwrap_err().code(), Some("FileImmutable"));
        bucket.put_object_legal_hold("a.txt", LegalHold::off()).await.unwrap();
        bucket.delete_object("a.txt").await.unwrap();
    },
    GetObjectLegalHold => |env| {
        let bucket = env.bucket_with_object().await;
        bucket.put_bucket_object_worm_configuration(ObjectWormConfiguration::enabled()).await.unwrap();
        let hold = bucket.get_object_legal_hold("a.txt").await.unwrap().into_inner();
        assert_eq!(hold.status.as_deref(), Some("OFF"));
        bucket.put_object_legal_hold("a.txt", LegalHold::on()).await.unwrap();
        let hold = bucket.get_object_legal_hold("a.txt").await.unwrap().into_inner();
        assert_eq!(hold.status.as_deref(), Some("ON"));
        let error = bucket.get_object_legal_hold("a.txt").version_id("v").await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchVersion"));
    },
    // Issue 12 remainder.
    PutUserDefinedLogFieldsConfig => |env| {
        let bucket = env.bucket().await;
        let config = UserDefinedLogFieldsConfiguration::new(["x-trace", "user-agent"], ["utm"]);
        bucket.put_user_defined_log_fields_config(config.clone()).await.unwrap();
        let got = bucket.get_user_defined_log_fields_config().await.unwrap().into_inner();
        assert_eq!(got, config);
    },
    GetUserDefinedLogFieldsConfig => |env| {
        let bucket = env.bucket().await;
        let got = bucket.get_user_defined_log_fields_config().await.unwrap().into_inner();
        assert_eq!(got, UserDefinedLogFieldsConfiguration::default(), "none set: no fields");
    },
    DeleteUserDefinedLogFieldsConfig => |env| {
        let bucket = env.bucket().await;
        let config = UserDefinedLogFieldsConfiguration::new(["x-trace"], Vec::<String>::new());
        bucket.put_user_defined_log_fields_config(config).await.unwrap();
        bucket.delete_user_defined_log_fields_config().await.unwrap();
        let got = bucket.get_user_defined_log_fields_config().await.unwrap().into_inner();
        assert_eq!(got, UserDefinedLogFieldsConfiguration::default());
    },
    DoMetaQueryAction => |env| {
        let bucket = env.bucket().await;
        refused(bucket.do_meta_query_action("listDatasets").await);
    },
    DoDataPipeLineAction => |env| {
        refused(env.client.do_data_pipe_line_action("listDataPipelines").await);
    },
    SealAppendObject => |env| {
        let bucket = env.bucket().await;
        bucket.append_object("log", 0, "ab").await.unwrap();
        let error = bucket.seal_append_object("log", 1u64).await.unwrap_err();
        assert_eq!(error.code(), Some("PositionNotEqualToLength"));
        let sealed = bucket.seal_append_object("log", 2u64).await.unwrap();
        assert!(!sealed.sealed_time.is_empty());
        let again = bucket.seal_append_object("log", 2u64).await.unwrap();
        assert_eq!(again.sealed_time, sealed.sealed_time, "the first seal's time stays");
        let error = bucket.append_object("log", 2, "cd").await.unwrap_err();
        assert_eq!(error.code(), Some("ObjectNotAppendable"));
        let body = bucket.get_object("log").await.unwrap().body.bytes().await.unwrap();
        assert_eq!(&body[..], b"ab");
        let error = bucket.seal_append_object("missing", 0u64).await.unwrap_err();
        assert_eq!(error.code(), Some("NoSuchKey"));
    },
    CleanRestoredObject => |env| {
        let bucket = env.bucket().await;
        bucket.put_object("cold", "c").storage_class(StorageClass::ColdArchive).await.unwrap();
        let error = bucket.clean_restored_object("cold").await.unwrap_err();
        assert_eq!(error.code(), Some("ArchiveRestoreFileStale"), "not restored");
        bucket.restore_object("cold").days(1).tier(RestoreTier::Expedited).await.unwrap();
        let mut readable = false;
        for _ in 0..50 {
            if bucket.get_object("cold").await.is_ok() {
                readable = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(readable, "the restored object becomes readable");
        bucket.clean_restored_object("cold").await.unwrap();
        let error = bucket.get_object("cold").await.unwrap_err();
        assert_eq!(error.code(), Some("InvalidObjectState"), "frozen again");
    },
}

#[test]
fn every_operation_has_a_case() {
    let cases = cases();
    let missing: Vec<OpName> = OPERATIONS
        .iter()
        .map(|info| info.name)
        .filter(|name| !cases.contains_key(name))
        .collect();
    assert!(
        missing.is_empty(),
        "operations without a conformance case: {missing:?}"
    );
}

#[tokio::test]
async fn every_operation_behaves_as_the_reference_says() {
    let env = Env::start().await;
    for (name, case) in cases() {
        // A failing case's panic follows the name of its operation.
        eprintln!("conformance: {name}");
        case(&env).await;
    }
}
