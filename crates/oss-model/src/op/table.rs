//! The table: one row per operation. Every layer reads it through
//! [`with_operations!`](crate::with_operations).
//!
//! A row reads:
//!
//! ```text
//! /// What the operation does (the documentation of everything generated from the row).
//! Name = snake_name {
//!     METHOD Target [selector query conditions] [selector headers],
//!     args:    { field: Type = location, ... },   // required inputs, in order
//!     options: { field: Type = location [default(expr)], ... },
//!     output:  empty | xml(Model) | xml_decoded(Model) | headers(Type) | bespoke,
//!     client:  generic | bespoke,
//!     server:  handler | document("name", MissingErrorCode) | setting("name", Model) | none,
//!     retry:   idempotent | not_idempotent | verify_after_retry,
//!     md5:     true | false,   // whether the request must carry Content-MD5
//! }
//! ```
//!
//! Locations: `query("name")` or `query(QueryParamName)` (a
//! [`QueryParam`](crate::dialect::QueryParam), for the names a vendor prefixes, resolved by the
//! dialect), `header(HeaderName)` (a [`Header`](crate::dialect::Header),
//! resolved by the dialect), `key_header(HeaderName)` (an object key in a header,
//! percent-encoded), `headers` (a [`HeaderSet`](crate::op::HeaderSet)), `body` (an XML
//! [`Document`](crate::op::Document)). Types are oss-model's (named bare: an expansion site
//! imports them).
//!
//! Selector conditions are query parameters that must be present (`"cors"`, or a
//! `QueryParamName`) or have a value (`"list-type=2"`); the client sends those its inputs do not already send, first, then the
//! inputs in the row's order.

/// Calls the macro `$callback` with every row of the operation table (see the
/// [`op`](crate::op) module for what the rows are and how each layer uses them).
#[macro_export]
macro_rules! with_operations {
    ($callback:ident) => {
        $callback! {
            // The service.

            /// ListBuckets (`GET /`): the buckets of the account, a page at a time.
            ListBuckets = list_buckets {
                GET Service [] [],
                args: {},
                options: {
                    prefix: String = query("prefix"),
                    marker: String = query("marker"),
                    max_keys: PageSize = query("max-keys"),
                },
                output: xml(ListAllMyBucketsResult),
                client: generic, server: handler, retry: idempotent, md5: false,
            },

            // Buckets.

            /// PutBucket (`PUT /`): creates the bucket.
            PutBucket = put_bucket {
                PUT Bucket [] [],
                args: {},
                options: {
                    acl: Acl = header(Acl),
                    configuration: CreateBucketConfiguration = body,
                },
                output: empty,
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// DeleteBucket (`DELETE /`): deletes the bucket, which must be empty.
            DeleteBucket = delete_bucket {
                DELETE Bucket [] [],
                args: {},
                options: {},
                output: empty,
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// GetBucketInfo (`GET /?bucketInfo`): the bucket's details.
            GetBucketInfo = get_bucket_info {
                GET Bucket ["bucketInfo"] [],
                args: {},
                options: {},
                output: xml(BucketInfo),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// GetBucketLocation (`GET /?location`): the bucket's region, as `oss-cn-hangzhou`.
            GetBucketLocation = get_bucket_location {
                GET Bucket ["location"] [],
                args: {},
                options: {},
                output: xml(LocationConstraint),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// GetBucketStat (`GET /?stat`): storage used and object counts.
            GetBucketStat = get_bucket_stat {
                GET Bucket ["stat"] [],
                args: {},
                options: {},
                output: xml(BucketStat),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// PutBucketAcl (`PUT /?acl`): sets the bucket's ACL.
            PutBucketAcl = put_bucket_acl {
                PUT Bucket ["acl"] [],
                args: { acl: Acl = header(Acl) },
                options: {},
                output: empty,
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// GetBucketAcl (`GET /?acl`): the bucket's ACL and owner.
            GetBucketAcl = get_bucket_acl {
                GET Bucket ["acl"] [],
                args: {},
                options: {},
                output: xml(AccessControlPolicy),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// PutBucketCors (`PUT /?cors`): sets the bucket's CORS rules, replacing any.
            PutBucketCors = put_bucket_cors {
                PUT Bucket ["cors"] [],
                args: { cors: CorsConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: document("cors", NoSuchCORSConfiguration),
                retry: idempotent, md5: false,
            },
            /// GetBucketCors (`GET /?cors`): the bucket's CORS rules.
            GetBucketCors = get_bucket_cors {
                GET Bucket ["cors"] [],
                args: {},
                options: {},
                output: xml(CorsConfiguration),
                client: generic, server: document("cors", NoSuchCORSConfiguration),
                retry: idempotent, md5: false,
            },
            /// DeleteBucketCors (`DELETE /?cors`): removes the bucket's CORS rules.
            DeleteBucketCors = delete_bucket_cors {
                DELETE Bucket ["cors"] [],
                args: {},
                options: {},
                output: empty,
                client: generic, server: document("cors", NoSuchCORSConfiguration),
                retry: idempotent, md5: false,
            },
            // Bucket configurations of the reference.

            /// PutBucketLogging (`PUT /?logging`): writes the bucket's access logs to a target
            /// bucket (an empty `BucketLoggingStatus` turns logging off).
            PutBucketLogging = put_bucket_logging {
                PUT Bucket ["logging"] [],
                args: { logging: BucketLoggingStatus = body },
                options: {},
                output: empty,
                client: generic, server: setting("logging", BucketLoggingStatus),
                retry: idempotent, md5: false,
            },
            /// GetBucketLogging (`GET /?logging`): where the bucket's access logs go (an empty
            /// `BucketLoggingStatus` when logging is off).
            GetBucketLogging = get_bucket_logging {
                GET Bucket ["logging"] [],
                args: {},
                options: {},
                output: xml(BucketLoggingStatus),
                client: generic, server: setting("logging", BucketLoggingStatus),
                retry: idempotent, md5: false,
            },
            /// DeleteBucketLogging (`DELETE /?logging`): turns access logging off.
            DeleteBucketLogging = delete_bucket_logging {
                DELETE Bucket ["logging"] [],
                args: {},
                options: {},
                output: empty,
                client: generic, server: setting("logging", BucketLoggingStatus),
                retry: idempotent, md5: false,
            },
            /// PutBucketWebsite (`PUT /?website`): serves the bucket as a static website (index
            /// and error documents, routing rules).
            PutBucketWebsite = put_bucket_website {
                PUT Bucket ["website"] [],
                args: { website: WebsiteConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: document("website", NoSuchWebsiteConfiguration),
                retry: idempotent, md5: false,
            },
            /// GetBucketWebsite (`GET /?website`): the bucket's website configuration.
            GetBucketWebsite = get_bucket_website {
                GET Bucket ["website"] [],
                args: {},
                options: {},
                output: xml(WebsiteConfiguration),
                client: generic, server: document("website", NoSuchWebsiteConfiguration),
                retry: idempotent, md5: false,
            },
            /// DeleteBucketWebsite (`DELETE /?website`): stops serving the bucket as a website.
            DeleteBucketWebsite = delete_bucket_website {
                DELETE Bucket ["website"] [],
                args: {},
                options: {},
                output: empty,
                client: generic, server: document("website", NoSuchWebsiteConfiguration),
                retry: idempotent, md5: false,
            },
            /// PutBucketReferer (`PUT /?referer`): the referers that may read the bucket
            /// anonymously or through presigned URLs.
            PutBucketReferer = put_bucket_referer {
                PUT Bucket ["referer"] [],
                args: { referer: RefererConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: setting("referer", RefererConfiguration),
                retry: idempotent, md5: false,
            },
            /// GetBucketReferer (`GET /?referer`): the bucket's referer rules (empty referers
            /// allowed and no list, when never set).
            GetBucketReferer = get_bucket_referer {
                GET Bucket ["referer"] [],
                args: {},
                options: {},
                output: xml(RefererConfiguration),
                client: generic, server: setting("referer", RefererConfiguration),
                retry: idempotent, md5: false,
            },
            /// PutBucketLifecycle (`PUT /?lifecycle`): rules that expire objects, move them to
            /// colder storage and abort old multipart uploads, replacing any.
            PutBucketLifecycle = put_bucket_lifecycle {
                PUT Bucket ["lifecycle"] [],
                args: { lifecycle: LifecycleConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: document("lifecycle", NoSuchLifecycle),
                retry: idempotent, md5: false,
            },
            /// GetBucketLifecycle (`GET /?lifecycle`): the bucket's lifecycle rules.
            GetBucketLifecycle = get_bucket_lifecycle {
                GET Bucket ["lifecycle"] [],
                args: {},
                options: {},
                output: xml(LifecycleConfiguration),
                client: generic, server: document("lifecycle", NoSuchLifecycle),
                retry: idempotent, md5: false,
            },
            /// DeleteBucketLifecycle (`DELETE /?lifecycle`): removes the bucket's lifecycle
            /// rules.
            DeleteBucketLifecycle = delete_bucket_lifecycle {
                DELETE Bucket ["lifecycle"] [],
                args: {},
                options: {},
                output: empty,
                client: generic, server: document("lifecycle", NoSuchLifecycle),
                retry: idempotent, md5: false,
            },
            /// OptionObject (`OPTIONS /key`): a browser's CORS preflight, answered from the
            /// bucket's CORS rules (403 when none allows the request).
            OptionObject = option_object {
                OPTIONS Object [] [],
                args: {
                    origin: String = header(Origin),
                    request_method: String = header(AccessControlRequestMethod),
                },
                options: { request_headers: String = header(AccessControlRequestHeaders) },
                output: headers(CorsPreflight),
                client: generic, server: handler, retry: idempotent, md5: false,
            },

            // Listings.

            /// ListObjects (`GET /`): the bucket's objects, version 1, paged with markers.
            ListObjects = list_objects {
                GET Bucket [] [],
                args: {},
                options: {
                    prefix: String = query("prefix"),
                    delimiter: String = query("delimiter"),
                    max_keys: PageSize = query("max-keys"),
                    encoding_type: EncodingType = query("encoding-type") default(EncodingType::Url),
                    marker: String = query("marker"),
                },
                output: xml_decoded(ListBucketResult),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// ListObjectsV2 (`GET /?list-type=2`): the bucket's objects, paged with
            /// continuation tokens.
            ListObjectsV2 = list_objects_v2 {
                GET Bucket ["list-type=2"] [],
                args: {},
                options: {
                    prefix: String = query("prefix"),
                    delimiter: String = query("delimiter"),
                    max_keys: PageSize = query("max-keys"),
                    encoding_type: EncodingType = query("encoding-type") default(EncodingType::Url),
                    continuation_token: String = query("continuation-token"),
                    start_after: String = query("start-after"),
                    fetch_owner: bool = query("fetch-owner"),
                },
                output: xml_decoded(ListBucketResultV2),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// ListMultipartUploads (`GET /?uploads`): the multipart uploads in progress.
            ListMultipartUploads = list_multipart_uploads {
                GET Bucket ["uploads"] [],
                args: {},
                options: {
                    prefix: String = query("prefix"),
                    delimiter: String = query("delimiter"),
                    key_marker: String = query("key-marker"),
                    upload_id_marker: String = query("upload-id-marker"),
                    max_uploads: PageSize = query("max-uploads"),
                    encoding_type: EncodingType = query("encoding-type") default(EncodingType::Url),
                },
                output: xml_decoded(ListMultipartUploadsResult),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// DeleteMultipleObjects (`POST /?delete`): deletes up to 1,000 objects.
            DeleteMultipleObjects = delete_multiple_objects {
                POST Bucket ["delete"] [],
                args: {},
                options: { encoding_type: EncodingType = query("encoding-type") },
                output: bespoke,
                client: bespoke, server: handler, retry: idempotent, md5: true,
            },

            // The SDKs' bucket families.

            /// PutBucketPolicy (`PUT /?policy`): sets the bucket policy (a JSON document), replacing any.
            PutBucketPolicy = put_bucket_policy {
                PUT Bucket ["policy"] [],
                args: { policy: BucketPolicy = body },
                options: {},
                output: empty,
                client: generic, server: document("policy", NoSuchBucketPolicy),
                retry: idempotent, md5: false,
            },
            /// GetBucketPolicy (`GET /?policy`): the bucket policy.
            GetBucketPolicy = get_bucket_policy {
                GET Bucket ["policy"] [],
                args: {},
                options: {},
                output: xml(BucketPolicy),
                client: generic, server: document("policy", NoSuchBucketPolicy),
                retry: idempotent, md5: false,
            },
            /// DeleteBucketPolicy (`DELETE /?policy`): removes the bucket policy.
            DeleteBucketPolicy = delete_bucket_policy {
                DELETE Bucket ["policy"] [],
                args: {},
                options: {},
                output: empty,
                client: generic, server: document("policy", NoSuchBucketPolicy),
                retry: idempotent, md5: false,
            },
            /// GetBucketPolicyStatus (`GET /?policyStatus`): whether the bucket policy makes the bucket public.
            GetBucketPolicyStatus = get_bucket_policy_status {
                GET Bucket ["policyStatus"] [],
                args: {},
                options: {},
                output: xml(PolicyStatus),
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// PutBucketEncryption (`PUT /?encryption`): sets the encryption applied to objects written without one.
            PutBucketEncryption = put_bucket_encryption {
                PUT Bucket ["encryption"] [],
                args: { rule: BucketEncryption = body },
                options: {},
                output: empty,
                client: generic, server: document("encryption", NoSuchServerSideEncryptionRule),
                retry: idempotent, md5: false,
            },
            /// GetBucketEncryption (`GET /?encryption`): the bucket's default encryption.
            GetBucketEncryption = get_bucket_encryption {
                GET Bucket ["encryption"] [],
                args: {},
                options: {},
                output: xml(BucketEncryption),
                client: generic, server: document("encryption", NoSuchServerSideEncryptionRule),
                retry: idempotent, md5: false,
            },
            /// DeleteBucketEncryption (`DELETE /?encryption`): removes the bucket's default encryption.
            DeleteBucketEncryption = delete_bucket_encryption {
                DELETE Bucket ["encryption"] [],
                args: {},
                options: {},
                output: empty,
                client: generic, server: document("encryption", NoSuchServerSideEncryptionRule),
                retry: idempotent, md5: false,
            },
            /// PutBucketTags (`PUT /?tagging`): replaces the bucket's tags.
            PutBucketTags = put_bucket_tags {
                PUT Bucket ["tagging"] [],
                args: { tagging: Tagging = body },
                options: {},
                output: empty,
                client: generic, server: setting("tagging", Tagging),
                retry: idempotent, md5: false,
            },
            /// GetBucketTags (`GET /?tagging`): the bucket's tags (none: an empty set).
            GetBucketTags = get_bucket_tags {
                GET Bucket ["tagging"] [],
                args: {},
                options: {},
                output: xml(Tagging),
                client: generic, server: setting("tagging", Tagging),
                retry: idempotent, md5: false,
            },
            /// DeleteBucketTags (`DELETE /?tagging`): removes the bucket's tags, or those named (`keys`: `k1,k2`).
            DeleteBucketTags = delete_bucket_tags {
                DELETE Bucket ["tagging"] [],
                args: {},
                options: {
                    keys: String = query("tagging"),
                },
                output: empty,
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// PutBucketRequestPayment (`PUT /?requestPayment`): sets who pays for requests: `BucketOwner` or `Requester`.
            PutBucketRequestPayment = put_bucket_request_payment {
                PUT Bucket ["requestPayment"] [],
                args: { config: RequestPaymentConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: setting("requestPayment", RequestPaymentConfiguration),
                retry: idempotent, md5: false,
            },
            /// GetBucketRequestPayment (`GET /?requestPayment`): who pays for requests.
            GetBucketRequestPayment = get_bucket_request_payment {
                GET Bucket ["requestPayment"] [],
                args: {},
                options: {},
                output: xml(RequestPaymentConfiguration),
                client: generic, server: setting("requestPayment", RequestPaymentConfiguration),
                retry: idempotent, md5: false,
            },
            /// PutBucketTransferAcceleration (`PUT /?transferAcceleration`): turns the bucket's transfer acceleration on or off.
            PutBucketTransferAcceleration = put_bucket_transfer_acceleration {
                PUT Bucket ["transferAcceleration"] [],
                args: { config: TransferAccelerationConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: document("transferAcceleration", NoSuchTransferAccelerationConfiguration),
                retry: idempotent, md5: false,
            },
            /// GetBucketTransferAcceleration (`GET /?transferAcceleration`): whether transfer acceleration is on.
            GetBucketTransferAcceleration = get_bucket_transfer_acceleration {
                GET Bucket ["transferAcceleration"] [],
                args: {},
                options: {},
                output: xml(TransferAccelerationConfiguration),
                client: generic, server: document("transferAcceleration", NoSuchTransferAccelerationConfiguration),
                retry: idempotent, md5: false,
            },
            /// PutBucketAccessMonitor (`PUT /?accessmonitor`): turns last-access-time tracking on or off.
            PutBucketAccessMonitor = put_bucket_access_monitor {
                PUT Bucket ["accessmonitor"] [],
                args: { config: AccessMonitorConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: setting("accessmonitor", AccessMonitorConfiguration),
                retry: idempotent, md5: false,
            },
            /// GetBucketAccessMonitor (`GET /?accessmonitor`): whether last-access-time tracking is on.
            GetBucketAccessMonitor = get_bucket_access_monitor {
                GET Bucket ["accessmonitor"] [],
                args: {},
                options: {},
                output: xml(AccessMonitorConfiguration),
                client: generic, server: setting("accessmonitor", AccessMonitorConfiguration),
                retry: idempotent, md5: false,
            },
            /// PutBucketArchiveDirectRead (`PUT /?bucketArchiveDirectRead`): lets Archive objects be read without a restore, or not.
            PutBucketArchiveDirectRead = put_bucket_archive_direct_read {
                PUT Bucket ["bucketArchiveDirectRead"] [],
                args: { config: ArchiveDirectReadConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: setting("bucketArchiveDirectRead", ArchiveDirectReadConfiguration),
                retry: idempotent, md5: false,
            },
            /// GetBucketArchiveDirectRead (`GET /?bucketArchiveDirectRead`): whether Archive objects are read without a restore.
            GetBucketArchiveDirectRead = get_bucket_archive_direct_read {
                GET Bucket ["bucketArchiveDirectRead"] [],
                args: {},
                options: {},
                output: xml(ArchiveDirectReadConfiguration),
                client: generic, server: setting("bucketArchiveDirectRead", ArchiveDirectReadConfiguration),
                retry: idempotent, md5: false,
            },
            /// PutBucketHttpsConfig (`PUT /?httpsConfig`): sets the TLS versions the bucket's endpoint accepts.
            PutBucketHttpsConfig = put_bucket_https_config {
                PUT Bucket ["httpsConfig"] [],
                args: { config: HttpsConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: setting("httpsConfig", HttpsConfiguration),
                retry: idempotent, md5: false,
            },
            /// GetBucketHttpsConfig (`GET /?httpsConfig`): the TLS versions the bucket's endpoint accepts.
            GetBucketHttpsConfig = get_bucket_https_config {
                GET Bucket ["httpsConfig"] [],
                args: {},
                options: {},
                output: xml(HttpsConfiguration),
                client: generic, server: setting("httpsConfig", HttpsConfiguration),
                retry: idempotent, md5: false,
            },
            /// PutBucketResourceGroup (`PUT /?resourceGroup`): moves the bucket to a resource group.
            PutBucketResourceGroup = put_bucket_resource_group {
                PUT Bucket ["resourceGroup"] [],
                args: { config: BucketResourceGroupConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: setting("resourceGroup", BucketResourceGroupConfiguration),
                retry: idempotent, md5: false,
            },
            /// GetBucketResourceGroup (`GET /?resourceGroup`): the bucket's resource group.
            GetBucketResourceGroup = get_bucket_resource_group {
                GET Bucket ["resourceGroup"] [],
                args: {},
                options: {},
                output: xml(BucketResourceGroupConfiguration),
                client: generic, server: setting("resourceGroup", BucketResourceGroupConfiguration),
                retry: idempotent, md5: false,
            },
            /// PutStyle (`PUT /?style&styleName`): adds or replaces the image style `style_name`.
            PutStyle = put_style {
                PUT Bucket ["style", "styleName"] [],
                args: { style_name: String = query("styleName"), style: StyleContent = body },
                options: {
                    category: String = query("category"),
                },
                output: empty,
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// GetStyle (`GET /?style&styleName`): the image style `style_name`.
            GetStyle = get_style {
                GET Bucket ["style", "styleName"] [],
                args: { style_name: String = query("styleName") },
                options: {},
                output: xml(StyleInfo),
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// ListStyle (`GET /?style`): the bucket's image styles.
            ListStyle = list_style {
                GET Bucket ["style"] [],
                args: {},
                options: {},
                output: xml(StyleList),
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// DeleteStyle (`DELETE /?style&styleName`): removes the image style `style_name`.
            DeleteStyle = delete_style {
                DELETE Bucket ["style", "styleName"] [],
                args: { style_name: String = query("styleName") },
                options: {},
                output: empty,
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// PutCname (`POST /?cname&comp=add`): binds a custom domain (and optionally a certificate) to the bucket.
            PutCname = put_cname {
                POST Bucket ["cname", "comp=add"] [],
                args: { config: BucketCnameConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// ListCname (`GET /?cname`): the custom domains bound to the bucket.
            ListCname = list_cname {
                GET Bucket ["cname"] [],
                args: {},
                options: {},
                output: xml(ListCnameResult),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// DeleteCname (`POST /?cname&comp=delete`): unbinds a custom domain.
            DeleteCname = delete_cname {
                POST Bucket ["cname", "comp=delete"] [],
                args: { config: BucketCnameConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// CreateCnameToken (`POST /?cname&comp=token`): creates the token that proves a domain is yours.
            CreateCnameToken = create_cname_token {
                POST Bucket ["cname", "comp=token"] [],
                args: { config: BucketCnameConfiguration = body },
                options: {},
                output: xml(CnameToken),
                client: generic, server: none,
                retry: not_idempotent, md5: false,
            },
            /// GetCnameToken (`GET /?cname&comp=token`): the token created for a domain.
            GetCnameToken = get_cname_token {
                GET Bucket ["cname", "comp=token"] [],
                args: { cname: String = query("cname") },
                options: {},
                output: xml(CnameToken),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// PutBucketPublicAccessBlock (`PUT /?publicAccessBlock`): blocks public ACLs and policies on the bucket, or not.
            PutBucketPublicAccessBlock = put_bucket_public_access_block {
                PUT Bucket ["publicAccessBlock"] [],
                args: { config: PublicAccessBlockConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: setting("publicAccessBlock", PublicAccessBlockConfiguration),
                retry: idempotent, md5: false,
            },
            /// GetBucketPublicAccessBlock (`GET /?publicAccessBlock`): the bucket's public access block.
            GetBucketPublicAccessBlock = get_bucket_public_access_block {
                GET Bucket ["publicAccessBlock"] [],
                args: {},
                options: {},
                output: xml(PublicAccessBlockConfiguration),
                client: generic, server: setting("publicAccessBlock", PublicAccessBlockConfiguration),
                retry: idempotent, md5: false,
            },
            /// DeleteBucketPublicAccessBlock (`DELETE /?publicAccessBlock`): removes the bucket's public access block.
            DeleteBucketPublicAccessBlock = delete_bucket_public_access_block {
                DELETE Bucket ["publicAccessBlock"] [],
                args: {},
                options: {},
                output: empty,
                client: generic, server: setting("publicAccessBlock", PublicAccessBlockConfiguration),
                retry: idempotent, md5: false,
            },
            /// PutPublicAccessBlock (`PUT /?publicAccessBlock`): blocks public ACLs and policies on every bucket of the account, or not.
            PutPublicAccessBlock = put_public_access_block {
                PUT Service ["publicAccessBlock"] [],
                args: { config: PublicAccessBlockConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// GetPublicAccessBlock (`GET /?publicAccessBlock`): the account's public access block.
            GetPublicAccessBlock = get_public_access_block {
                GET Service ["publicAccessBlock"] [],
                args: {},
                options: {},
                output: xml(PublicAccessBlockConfiguration),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// DeletePublicAccessBlock (`DELETE /?publicAccessBlock`): removes the account's public access block.
            DeletePublicAccessBlock = delete_public_access_block {
                DELETE Service ["publicAccessBlock"] [],
                args: {},
                options: {},
                output: empty,
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// PutBucketOverwriteConfig (`PUT /?overwriteConfig`): sets rules that forbid overwriting matching objects.
            PutBucketOverwriteConfig = put_bucket_overwrite_config {
                PUT Bucket ["overwriteConfig"] [],
                args: { config: OverwriteConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: setting("overwriteConfig", OverwriteConfiguration),
                retry: idempotent, md5: false,
            },
            /// GetBucketOverwriteConfig (`GET /?overwriteConfig`): the bucket's overwrite rules (none: no rules).
            GetBucketOverwriteConfig = get_bucket_overwrite_config {
                GET Bucket ["overwriteConfig"] [],
                args: {},
                options: {},
                output: xml(OverwriteConfiguration),
                client: generic, server: setting("overwriteConfig", OverwriteConfiguration),
                retry: idempotent, md5: false,
            },
            /// DeleteBucketOverwriteConfig (`DELETE /?overwriteConfig`): removes the bucket's overwrite rules.
            DeleteBucketOverwriteConfig = delete_bucket_overwrite_config {
                DELETE Bucket ["overwriteConfig"] [],
                args: {},
                options: {},
                output: empty,
                client: generic, server: setting("overwriteConfig", OverwriteConfiguration),
                retry: idempotent, md5: false,
            },
            /// CreateBucketDataRedundancyTransition (`POST /?redundancyTransition`): starts moving the bucket to another redundancy type (`ZRS`).
            CreateBucketDataRedundancyTransition = create_bucket_data_redundancy_transition {
                POST Bucket ["redundancyTransition"] [],
                args: { target_redundancy_type: String = query(TargetRedundancyType) },
                options: {},
                output: xml(BucketDataRedundancyTransition),
                client: generic, server: none,
                retry: not_idempotent, md5: false,
            },
            /// GetBucketDataRedundancyTransition (`GET /?redundancyTransition&<task id>`): one redundancy transition task.
            GetBucketDataRedundancyTransition = get_bucket_data_redundancy_transition {
                GET Bucket ["redundancyTransition", RedundancyTransitionTaskId] [],
                args: { task_id: String = query(RedundancyTransitionTaskId) },
                options: {},
                output: xml(BucketDataRedundancyTransition),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// ListBucketDataRedundancyTransition (`GET /?redundancyTransition`): the bucket's redundancy transition tasks.
            ListBucketDataRedundancyTransition = list_bucket_data_redundancy_transition {
                GET Bucket ["redundancyTransition"] [],
                args: {},
                options: {},
                output: xml(BucketDataRedundancyTransitionList),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// ListUserDataRedundancyTransition (`GET /?redundancyTransition`): the account's redundancy transition tasks.
            ListUserDataRedundancyTransition = list_user_data_redundancy_transition {
                GET Service ["redundancyTransition"] [],
                args: {},
                options: {
                    continuation_token: String = query("continuation-token"),
                    max_keys: PageSize = query("max-keys"),
                },
                output: xml(BucketDataRedundancyTransitionList),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// DeleteBucketDataRedundancyTransition (`DELETE /?redundancyTransition&<task id>`): removes a redundancy transition task.
            DeleteBucketDataRedundancyTransition = delete_bucket_data_redundancy_transition {
                DELETE Bucket ["redundancyTransition", RedundancyTransitionTaskId] [],
                args: { task_id: String = query(RedundancyTransitionTaskId) },
                options: {},
                output: empty,
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// PutBucketInventory (`PUT /?inventory&inventoryId`): adds or replaces the inventory `inventory_id`.
            PutBucketInventory = put_bucket_inventory {
                PUT Bucket ["inventory", "inventoryId"] [],
                args: { inventory_id: String = query("inventoryId"), inventory: InventoryConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// GetBucketInventory (`GET /?inventory&inventoryId`): the inventory `inventory_id`.
            GetBucketInventory = get_bucket_inventory {
                GET Bucket ["inventory", "inventoryId"] [],
                args: { inventory_id: String = query("inventoryId") },
                options: {},
                output: xml(InventoryConfiguration),
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// ListBucketInventory (`GET /?inventory`): the bucket's inventories, a page at a time.
            ListBucketInventory = list_bucket_inventory {
                GET Bucket ["inventory"] [],
                args: {},
                options: {
                    continuation_token: String = query("continuation-token"),
                },
                output: xml(ListInventoryConfigurationsResult),
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// DeleteBucketInventory (`DELETE /?inventory&inventoryId`): removes the inventory `inventory_id`.
            DeleteBucketInventory = delete_bucket_inventory {
                DELETE Bucket ["inventory", "inventoryId"] [],
                args: { inventory_id: String = query("inventoryId") },
                options: {},
                output: empty,
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// PutBucketReplication (`POST /?replication&comp=add`): adds a replication rule.
            PutBucketReplication = put_bucket_replication {
                POST Bucket ["replication", "comp=add"] [],
                args: { config: ReplicationConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: handler,
                retry: not_idempotent, md5: false,
            },
            /// GetBucketReplication (`GET /?replication`): the bucket's replication rules.
            GetBucketReplication = get_bucket_replication {
                GET Bucket ["replication"] [],
                args: {},
                options: {},
                output: xml(ReplicationConfiguration),
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// GetBucketReplicationLocation (`GET /?replicationLocation`): the regions the bucket can replicate to.
            GetBucketReplicationLocation = get_bucket_replication_location {
                GET Bucket ["replicationLocation"] [],
                args: {},
                options: {},
                output: xml(ReplicationLocation),
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// GetBucketReplicationProgress (`GET /?replicationProgress`): a replication rule's progress.
            GetBucketReplicationProgress = get_bucket_replication_progress {
                GET Bucket ["replicationProgress"] [],
                args: { rule_id: String = query("rule-id") },
                options: {},
                output: xml(ReplicationProgress),
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// DeleteBucketReplication (`POST /?replication&comp=delete`): stops and removes replication rules.
            DeleteBucketReplication = delete_bucket_replication {
                POST Bucket ["replication", "comp=delete"] [],
                args: { rules: ReplicationRules = body },
                options: {},
                output: empty,
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// PutBucketRtc (`PUT /?rtc`): turns replication time control on or off for a rule.
            PutBucketRtc = put_bucket_rtc {
                PUT Bucket ["rtc"] [],
                args: { config: RtcConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// OpenMetaQuery (`POST /?metaQuery&comp=add`): starts indexing the bucket's metadata.
            OpenMetaQuery = open_meta_query {
                POST Bucket ["metaQuery", "comp=add"] [],
                args: {},
                options: {
                    mode: String = query("mode"),
                },
                output: empty,
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// GetMetaQueryStatus (`GET /?metaQuery`): the state of the bucket's metadata index.
            GetMetaQueryStatus = get_meta_query_status {
                GET Bucket ["metaQuery"] [],
                args: {},
                options: {},
                output: xml(MetaQueryStatus),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// DoMetaQuery (`POST /?metaQuery&comp=query`): searches the bucket's metadata index.
            DoMetaQuery = do_meta_query {
                POST Bucket ["metaQuery", "comp=query"] [],
                args: { query: MetaQuery = body },
                options: {
                    mode: String = query("mode"),
                },
                output: xml(MetaQueryResult),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// CloseMetaQuery (`POST /?metaQuery&comp=delete`): stops indexing and removes the index.
            CloseMetaQuery = close_meta_query {
                POST Bucket ["metaQuery", "comp=delete"] [],
                args: {},
                options: {},
                output: empty,
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// CreateAccessPoint (`PUT /?accessPoint`): creates an access point for the bucket.
            CreateAccessPoint = create_access_point {
                PUT Bucket ["accessPoint"] [],
                args: { config: CreateAccessPointConfiguration = body },
                options: {},
                output: xml(CreateAccessPointResult),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// GetAccessPoint (`GET /?accessPoint`): one access point.
            GetAccessPoint = get_access_point {
                GET Bucket ["accessPoint"] [AccessPointName],
                args: { access_point_name: String = header(AccessPointName) },
                options: {},
                output: xml(GetAccessPointResult),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// ListBucketAccessPoints (`GET /?accessPoint`): the bucket's access points.
            ListBucketAccessPoints = list_bucket_access_points {
                GET Bucket ["accessPoint"] [],
                args: {},
                options: {
                    max_keys: PageSize = query("max-keys"),
                    continuation_token: String = query("continuation-token"),
                },
                output: xml(ListAccessPointsResult),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// ListAccessPoints (`GET /?accessPoint`): the account's access points.
            ListAccessPoints = list_access_points {
                GET Service ["accessPoint"] [],
                args: {},
                options: {
                    max_keys: PageSize = query("max-keys"),
                    continuation_token: String = query("continuation-token"),
                },
                output: xml(ListAccessPointsResult),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// DeleteAccessPoint (`DELETE /?accessPoint`): removes an access point.
            DeleteAccessPoint = delete_access_point {
                DELETE Bucket ["accessPoint"] [],
                args: { access_point_name: String = header(AccessPointName) },
                options: {},
                output: empty,
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// PutAccessPointPolicy (`PUT /?accessPointPolicy`): sets an access point's policy.
            PutAccessPointPolicy = put_access_point_policy {
                PUT Bucket ["accessPointPolicy"] [],
                args: { access_point_name: String = header(AccessPointName), policy: BucketPolicy = body },
                options: {},
                output: empty,
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// GetAccessPointPolicy (`GET /?accessPointPolicy`): an access point's policy.
            GetAccessPointPolicy = get_access_point_policy {
                GET Bucket ["accessPointPolicy"] [],
                args: { access_point_name: String = header(AccessPointName) },
                options: {},
                output: xml(BucketPolicy),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// DeleteAccessPointPolicy (`DELETE /?accessPointPolicy`): removes an access point's policy.
            DeleteAccessPointPolicy = delete_access_point_policy {
                DELETE Bucket ["accessPointPolicy"] [],
                args: { access_point_name: String = header(AccessPointName) },
                options: {},
                output: empty,
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// PutAccessPointPublicAccessBlock (`PUT /?publicAccessBlock&<access point name>`): sets an access point's public access block.
            PutAccessPointPublicAccessBlock = put_access_point_public_access_block {
                PUT Bucket ["publicAccessBlock", AccessPointName] [],
                args: { access_point_name: String = query(AccessPointName), config: PublicAccessBlockConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// GetAccessPointPublicAccessBlock (`GET /?publicAccessBlock&<access point name>`): an access point's public access block.
            GetAccessPointPublicAccessBlock = get_access_point_public_access_block {
                GET Bucket ["publicAccessBlock", AccessPointName] [],
                args: { access_point_name: String = query(AccessPointName) },
                options: {},
                output: xml(PublicAccessBlockConfiguration),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// DeleteAccessPointPublicAccessBlock (`DELETE /?publicAccessBlock&<access point name>`): removes an access point's public access block.
            DeleteAccessPointPublicAccessBlock = delete_access_point_public_access_block {
                DELETE Bucket ["publicAccessBlock", AccessPointName] [],
                args: { access_point_name: String = query(AccessPointName) },
                options: {},
                output: empty,
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// CreateAccessPointForObjectProcess (`PUT /?accessPointForObjectProcess`): creates an Object FC access point.
            CreateAccessPointForObjectProcess = create_access_point_for_object_process {
                PUT Bucket ["accessPointForObjectProcess"] [],
                args: { access_point_name: String = header(AccessPointForObjectProcessName), config: CreateAccessPointForObjectProcessConfiguration = body },
                options: {},
                output: xml(CreateAccessPointForObjectProcessResult),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// GetAccessPointForObjectProcess (`GET /?accessPointForObjectProcess`): one Object FC access point.
            GetAccessPointForObjectProcess = get_access_point_for_object_process {
                GET Bucket ["accessPointForObjectProcess"] [],
                args: { access_point_name: String = header(AccessPointForObjectProcessName) },
                options: {},
                output: xml(GetAccessPointForObjectProcessResult),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// ListAccessPointsForObjectProcess (`GET /?accessPointForObjectProcess`): the account's Object FC access points.
            ListAccessPointsForObjectProcess = list_access_points_for_object_process {
                GET Service ["accessPointForObjectProcess"] [],
                args: {},
                options: {
                    max_keys: PageSize = query("max-keys"),
                    continuation_token: String = query("continuation-token"),
                },
                output: xml(ListAccessPointsForObjectProcessResult),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// DeleteAccessPointForObjectProcess (`DELETE /?accessPointForObjectProcess`): removes an Object FC access point.
            DeleteAccessPointForObjectProcess = delete_access_point_for_object_process {
                DELETE Bucket ["accessPointForObjectProcess"] [],
                args: { access_point_name: String = header(AccessPointForObjectProcessName) },
                options: {},
                output: empty,
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// PutAccessPointConfigForObjectProcess (`PUT /?accessPointConfigForObjectProcess`): sets an Object FC access point's configuration.
            PutAccessPointConfigForObjectProcess = put_access_point_config_for_object_process {
                PUT Bucket ["accessPointConfigForObjectProcess"] [],
                args: { access_point_name: String = header(AccessPointForObjectProcessName), config: AccessPointConfigForObjectProcess = body },
                options: {},
                output: empty,
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// GetAccessPointConfigForObjectProcess (`GET /?accessPointConfigForObjectProcess`): an Object FC access point's configuration.
            GetAccessPointConfigForObjectProcess = get_access_point_config_for_object_process {
                GET Bucket ["accessPointConfigForObjectProcess"] [],
                args: { access_point_name: String = header(AccessPointForObjectProcessName) },
                options: {},
                output: xml(GetAccessPointConfigForObjectProcessResult),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// PutAccessPointPolicyForObjectProcess (`PUT /?accessPointPolicyForObjectProcess`): sets an Object FC access point's policy.
            PutAccessPointPolicyForObjectProcess = put_access_point_policy_for_object_process {
                PUT Bucket ["accessPointPolicyForObjectProcess"] [],
                args: { access_point_name: String = header(AccessPointForObjectProcessName), policy: BucketPolicy = body },
                options: {},
                output: empty,
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// GetAccessPointPolicyForObjectProcess (`GET /?accessPointPolicyForObjectProcess`): an Object FC access point's policy.
            GetAccessPointPolicyForObjectProcess = get_access_point_policy_for_object_process {
                GET Bucket ["accessPointPolicyForObjectProcess"] [],
                args: { access_point_name: String = header(AccessPointForObjectProcessName) },
                options: {},
                output: xml(BucketPolicy),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// DeleteAccessPointPolicyForObjectProcess (`DELETE /?accessPointPolicyForObjectProcess`): removes an Object FC access point's policy.
            DeleteAccessPointPolicyForObjectProcess = delete_access_point_policy_for_object_process {
                DELETE Bucket ["accessPointPolicyForObjectProcess"] [],
                args: { access_point_name: String = header(AccessPointForObjectProcessName) },
                options: {},
                output: empty,
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// PutBucketQosInfo (`PUT /?qosInfo`): sets the bucket's bandwidth and request-rate limits.
            PutBucketQosInfo = put_bucket_qos_info {
                PUT Bucket ["qosInfo"] [],
                args: { config: QosConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: setting("qosInfo", QosConfiguration),
                retry: idempotent, md5: false,
            },
            /// GetBucketQosInfo (`GET /?qosInfo`): the bucket's bandwidth and request-rate limits (none: `-1`, no limit of its own).
            GetBucketQosInfo = get_bucket_qos_info {
                GET Bucket ["qosInfo"] [],
                args: {},
                options: {},
                output: xml(QosConfiguration),
                client: generic, server: setting("qosInfo", QosConfiguration),
                retry: idempotent, md5: false,
            },
            /// DeleteBucketQosInfo (`DELETE /?qosInfo`): removes the bucket's limits.
            DeleteBucketQosInfo = delete_bucket_qos_info {
                DELETE Bucket ["qosInfo"] [],
                args: {},
                options: {},
                output: empty,
                client: generic, server: setting("qosInfo", QosConfiguration),
                retry: idempotent, md5: false,
            },
            /// PutBucketRequesterQosInfo (`PUT /?requesterQosInfo&qosRequester`): sets one requester's limits on the bucket.
            PutBucketRequesterQosInfo = put_bucket_requester_qos_info {
                PUT Bucket ["requesterQosInfo", "qosRequester"] [],
                args: { requester: String = query("qosRequester"), config: QosConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// GetBucketRequesterQosInfo (`GET /?requesterQosInfo&qosRequester`): one requester's limits on the bucket.
            GetBucketRequesterQosInfo = get_bucket_requester_qos_info {
                GET Bucket ["requesterQosInfo", "qosRequester"] [],
                args: { requester: String = query("qosRequester") },
                options: {},
                output: xml(RequesterQosInfo),
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// ListBucketRequesterQosInfos (`GET /?requesterQosInfo`): the requesters with limits of their own.
            ListBucketRequesterQosInfos = list_bucket_requester_qos_infos {
                GET Bucket ["requesterQosInfo"] [],
                args: {},
                options: {
                    continuation_token: String = query("continuation-token"),
                    max_keys: PageSize = query("max-keys"),
                },
                output: xml(ListBucketRequesterQosInfosResult),
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// DeleteBucketRequesterQosInfo (`DELETE /?requesterQosInfo&qosRequester`): removes one requester's limits.
            DeleteBucketRequesterQosInfo = delete_bucket_requester_qos_info {
                DELETE Bucket ["requesterQosInfo", "qosRequester"] [],
                args: { requester: String = query("qosRequester") },
                options: {},
                output: empty,
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// PutBucketCallbackPolicy (`PUT /?policy&comp=callback`): sets the named upload callbacks.
            PutBucketCallbackPolicy = put_bucket_callback_policy {
                PUT Bucket ["policy", "comp=callback"] [],
                args: { policy: BucketCallbackPolicy = body },
                options: {},
                output: empty,
                client: generic, server: setting("callbackPolicy", BucketCallbackPolicy),
                retry: idempotent, md5: false,
            },
            /// GetBucketCallbackPolicy (`GET /?policy&comp=callback`): the named upload callbacks (none: no items).
            GetBucketCallbackPolicy = get_bucket_callback_policy {
                GET Bucket ["policy", "comp=callback"] [],
                args: {},
                options: {},
                output: xml(BucketCallbackPolicy),
                client: generic, server: setting("callbackPolicy", BucketCallbackPolicy),
                retry: idempotent, md5: false,
            },
            /// DeleteBucketCallbackPolicy (`DELETE /?policy&comp=callback`): removes the named upload callbacks.
            DeleteBucketCallbackPolicy = delete_bucket_callback_policy {
                DELETE Bucket ["policy", "comp=callback"] [],
                args: {},
                options: {},
                output: empty,
                client: generic, server: setting("callbackPolicy", BucketCallbackPolicy),
                retry: idempotent, md5: false,
            },
            /// PutBucketStorageCapacity (`PUT /?qos`): sets the bucket's storage capacity in GB (`-1`: no limit).
            PutBucketStorageCapacity = put_bucket_storage_capacity {
                PUT Bucket ["qos"] [],
                args: { config: BucketUserQos = body },
                options: {},
                output: empty,
                client: generic, server: setting("qos", BucketUserQos),
                retry: idempotent, md5: false,
            },
            /// GetBucketStorageCapacity (`GET /?qos`): the bucket's storage capacity.
            GetBucketStorageCapacity = get_bucket_storage_capacity {
                GET Bucket ["qos"] [],
                args: {},
                options: {},
                output: xml(BucketUserQos),
                client: generic, server: setting("qos", BucketUserQos),
                retry: idempotent, md5: false,
            },
            /// PutAsyncFetchTask (`POST /?asyncFetch`): starts fetching an object from a URL into the bucket.
            PutAsyncFetchTask = put_async_fetch_task {
                POST Bucket ["asyncFetch"] [],
                args: { task: AsyncFetchTaskConfiguration = body },
                options: {},
                output: xml(AsyncFetchTaskId),
                client: generic, server: none,
                retry: not_idempotent, md5: false,
            },
            /// GetAsyncFetchTask (`GET /?asyncFetch`): the state of a fetch task.
            GetAsyncFetchTask = get_async_fetch_task {
                GET Bucket ["asyncFetch"] [],
                args: { task_id: String = header(TaskId) },
                options: {},
                output: xml(AsyncFetchTaskInfo),
                client: generic, server: none,
                retry: idempotent, md5: false,
            },
            /// DescribeRegions (`GET /?regions`): the regions and their endpoints (`regions`: one region).
            DescribeRegions = describe_regions {
                GET Service ["regions"] [],
                args: {},
                options: {
                    regions: String = query("regions"),
                },
                output: xml(RegionInfoList),
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },
            /// ListCloudBoxes (`GET /?cloudboxes`): the account's CloudBoxes.
            ListCloudBoxes = list_cloud_boxes {
                GET Service ["cloudboxes"] [],
                args: {},
                options: {
                    prefix: String = query("prefix"),
                    marker: String = query("marker"),
                    max_keys: PageSize = query("max-keys"),
                },
                output: xml(ListCloudBoxResult),
                client: generic, server: handler,
                retry: idempotent, md5: false,
            },

            // Issue 12 remainder.

            /// PutUserDefinedLogFieldsConfig (`PUT /?userDefinedLogFieldsConfig`): the request
            /// headers and query parameters the bucket's real-time log records.
            PutUserDefinedLogFieldsConfig = put_user_defined_log_fields_config {
                PUT Bucket ["userDefinedLogFieldsConfig"] [],
                args: { configuration: UserDefinedLogFieldsConfiguration = body },
                options: {},
                output: empty,
                client: generic,
                server: setting("userDefinedLogFieldsConfig", UserDefinedLogFieldsConfiguration),
                retry: idempotent, md5: false,
            },
            /// GetUserDefinedLogFieldsConfig (`GET /?userDefinedLogFieldsConfig`): the extra
            /// fields of the bucket's real-time log (none when never set).
            GetUserDefinedLogFieldsConfig = get_user_defined_log_fields_config {
                GET Bucket ["userDefinedLogFieldsConfig"] [],
                args: {},
                options: {},
                output: xml(UserDefinedLogFieldsConfiguration),
                client: generic,
                server: setting("userDefinedLogFieldsConfig", UserDefinedLogFieldsConfiguration),
                retry: idempotent, md5: false,
            },
            /// DeleteUserDefinedLogFieldsConfig (`DELETE /?userDefinedLogFieldsConfig`): drops
            /// the extra fields of the bucket's real-time log.
            DeleteUserDefinedLogFieldsConfig = delete_user_defined_log_fields_config {
                DELETE Bucket ["userDefinedLogFieldsConfig"] [],
                args: {},
                options: {},
                output: empty,
                client: generic,
                server: setting("userDefinedLogFieldsConfig", UserDefinedLogFieldsConfiguration),
                retry: idempotent, md5: false,
            },
            /// DoMetaQueryAction (`POST /?metaQuery&action=A`): one action on the bucket's
            /// metadata index (`createDataset`, `listDatasets`...), its document and answer as
            /// the action defines them.
            DoMetaQueryAction = do_meta_query_action {
                POST Bucket ["metaQuery", "action"] [],
                args: { action: String = query("action") },
                options: { document: ActionDocument = body },
                output: xml(ActionDocument),
                client: generic, server: none, retry: not_idempotent, md5: false,
            },
            /// DoDataPipeLineAction (`POST /?dataPipeline&action=A`): one action on the
            /// account's data pipelines, its document and answer as the action defines them.
            DoDataPipeLineAction = do_data_pipe_line_action {
                POST Service ["dataPipeline", "action"] [],
                args: { action: String = query("action") },
                options: { document: ActionDocument = body },
                output: xml(ActionDocument),
                client: generic, server: none, retry: not_idempotent, md5: false,
            },
            /// SealAppendObject (`POST /key?seal&position=P`): makes an appendable object of
            /// length `P` take no more appends; answers when it was first sealed.
            SealAppendObject = seal_append_object {
                POST Object ["seal"] [],
                args: { position: u64 = query("position") },
                options: {},
                output: headers(SealAppendObjectResult),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// CleanRestoredObject (`POST /key?cleanRestoredObject`): drops the restored copy
            /// of an archived object before it expires, freezing the object again.
            CleanRestoredObject = clean_restored_object {
                POST Object ["cleanRestoredObject"] [],
                args: {},
                options: { version_id: String = query("versionId") },
                output: empty,
                client: generic, server: handler, retry: idempotent, md5: false,
            },

            // Objects.

            /// PutObject (`PUT /key`): uploads an object.
            PutObject = put_object {
                PUT Object [] [],
                args: {},
                options: {},
                output: bespoke,
                client: bespoke, server: handler, retry: idempotent, md5: false,
            },
            /// CopyObject (`PUT /key` with a copy source): copies an object.
            CopyObject = copy_object {
                PUT Object [] [CopySource],
                args: {},
                options: {},
                output: bespoke,
                client: bespoke, server: handler, retry: idempotent, md5: false,
            },
            /// AppendObject (`POST /key?append&position=P`): appends to an Appendable object.
            AppendObject = append_object {
                POST Object ["append"] [],
                args: { position: u64 = query("position") },
                options: {},
                output: bespoke,
                client: bespoke, server: handler, retry: verify_after_retry, md5: false,
            },
            /// GetObject (`GET /key`): downloads an object.
            GetObject = get_object {
                GET Object [] [],
                args: {},
                options: { version_id: String = query("versionId") },
                output: bespoke,
                client: bespoke, server: handler, retry: idempotent, md5: false,
            },
            /// HeadObject (`HEAD /key`): all of the object's metadata.
            HeadObject = head_object {
                HEAD Object [] [],
                args: {},
                options: { version_id: String = query("versionId") },
                output: bespoke,
                client: bespoke, server: handler, retry: idempotent, md5: false,
            },
            /// GetObjectMeta (`HEAD /key?objectMeta`): the object's basic metadata (ETag,
            /// size, last modified).
            GetObjectMeta = get_object_meta {
                HEAD Object ["objectMeta"] [],
                args: {},
                options: { version_id: String = query("versionId") },
                output: headers(ObjectMeta),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// DeleteObject (`DELETE /key`): deletes an object (deleting a missing key
            /// succeeds); in a versioned bucket, makes a delete marker, or with a version id
            /// removes that version.
            DeleteObject = delete_object {
                DELETE Object [] [],
                args: {},
                options: {
                    version_id: String = query("versionId"),
                    bypass_governance_retention: bool = header(BypassGovernanceRetention),
                },
                output: headers(DeleteObjectResult),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// PutObjectAcl (`PUT /key?acl`): sets the object's ACL.
            PutObjectAcl = put_object_acl {
                PUT Object ["acl"] [],
                args: { acl: Acl = header(ObjectAcl) },
                options: { version_id: String = query("versionId") },
                output: empty,
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// GetObjectAcl (`GET /key?acl`): the object's ACL (`default`: its bucket's).
            GetObjectAcl = get_object_acl {
                GET Object ["acl"] [],
                args: {},
                options: { version_id: String = query("versionId") },
                output: xml(AccessControlPolicy),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// PutSymlink (`PUT /key?symlink`): makes the object a symlink to another key.
            PutSymlink = put_symlink {
                PUT Object ["symlink"] [],
                args: { target: String = key_header(SymlinkTarget) },
                options: { headers: ObjectHeaders = headers },
                output: empty,
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// GetSymlink (`GET /key?symlink`): the target of a symlink.
            GetSymlink = get_symlink {
                GET Object ["symlink"] [],
                args: {},
                options: { version_id: String = query("versionId") },
                output: headers(SymlinkInfo),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// PutObjectTagging (`PUT /key?tagging`): replaces the object's tags.
            PutObjectTagging = put_object_tagging {
                PUT Object ["tagging"] [],
                args: { tagging: Tagging = body },
                options: { version_id: String = query("versionId") },
                output: empty,
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// GetObjectTagging (`GET /key?tagging`): the object's tags.
            GetObjectTagging = get_object_tagging {
                GET Object ["tagging"] [],
                args: {},
                options: { version_id: String = query("versionId") },
                output: xml(Tagging),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// DeleteObjectTagging (`DELETE /key?tagging`): removes the object's tags.
            DeleteObjectTagging = delete_object_tagging {
                DELETE Object ["tagging"] [],
                args: {},
                options: { version_id: String = query("versionId") },
                output: empty,
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// RestoreObject (`POST /key?restore`): makes an archived object readable for a
            /// number of days.
            RestoreObject = restore_object {
                POST Object ["restore"] [],
                args: {},
                options: {
                    request: RestoreRequest = body,
                    version_id: String = query("versionId"),
                },
                output: empty,
                client: generic, server: handler, retry: idempotent, md5: false,
            },

            // Browser forms and callbacks (issue 13).

            /// PostObject (`POST /` with a `multipart/form-data` body): uploads an object from
            /// an HTML form signed with a POST policy.
            PostObject = post_object {
                POST Bucket [] [],
                args: {},
                options: {},
                output: bespoke,
                client: bespoke, server: handler, retry: idempotent, md5: false,
            },

            // Multipart uploads.

            /// InitiateMultipartUpload (`POST /key?uploads`): starts an upload in parts.
            InitiateMultipartUpload = initiate_multipart_upload {
                POST Object ["uploads"] [],
                args: {},
                options: {
                    headers: ObjectHeaders = headers,
                    encoding_type: EncodingType = query("encoding-type"),
                },
                output: xml_decoded(InitiateMultipartUploadResult),
                client: bespoke, server: handler, retry: idempotent, md5: false,
            },
            /// UploadPart (`PUT /key?partNumber=N&uploadId=U`): uploads one part.
            UploadPart = upload_part {
                PUT Object ["partNumber", "uploadId"] [],
                args: {
                    upload_id: String = query("uploadId"),
                    part_number: u32 = query("partNumber"),
                },
                options: {},
                output: bespoke,
                client: bespoke, server: handler, retry: idempotent, md5: false,
            },
            /// UploadPartCopy (`PUT /key?partNumber=N&uploadId=U` with a copy source): copies
            /// (a range of) an object as one part.
            UploadPartCopy = upload_part_copy {
                PUT Object ["partNumber", "uploadId"] [CopySource],
                args: {
                    upload_id: String = query("uploadId"),
                    part_number: u32 = query("partNumber"),
                },
                options: {},
                output: bespoke,
                client: bespoke, server: handler, retry: idempotent, md5: false,
            },
            /// CompleteMultipartUpload (`POST /key?uploadId=U`): joins the parts into the
            /// object.
            CompleteMultipartUpload = complete_multipart_upload {
                POST Object ["uploadId"] [],
                args: { upload_id: String = query("uploadId") },
                options: { encoding_type: EncodingType = query("encoding-type") },
                output: bespoke,
                client: bespoke, server: handler, retry: verify_after_retry, md5: false,
            },
            /// AbortMultipartUpload (`DELETE /key?uploadId=U`): discards an upload and its
            /// parts.
            AbortMultipartUpload = abort_multipart_upload {
                DELETE Object ["uploadId"] [],
                args: { upload_id: String = query("uploadId") },
                options: {},
                output: empty,
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// ListParts (`GET /key?uploadId=U`): the parts uploaded so far.
            ListParts = list_parts {
                GET Object ["uploadId"] [],
                args: { upload_id: String = query("uploadId") },
                options: {
                    max_parts: PageSize = query("max-parts"),
                    part_number_marker: u32 = query("part-number-marker"),
                    encoding_type: EncodingType = query("encoding-type") default(EncodingType::Url),
                },
                output: xml_decoded(ListPartsResult),
                client: generic, server: handler, retry: idempotent, md5: false,
            },

            // Versioning and WORM.

            /// PutBucketVersioning (`PUT /?versioning`): enables or suspends versioning.
            PutBucketVersioning = put_bucket_versioning {
                PUT Bucket ["versioning"] [],
                args: { versioning: VersioningConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// GetBucketVersioning (`GET /?versioning`): the bucket's versioning state.
            GetBucketVersioning = get_bucket_versioning {
                GET Bucket ["versioning"] [],
                args: {},
                options: {},
                output: xml(VersioningConfiguration),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// ListObjectVersions (`GET /?versions`): every version and delete marker of the
            /// bucket's objects, by key, newest first, paged with key and version-id markers.
            ListObjectVersions = list_object_versions {
                GET Bucket ["versions"] [],
                args: {},
                options: {
                    prefix: String = query("prefix"),
                    delimiter: String = query("delimiter"),
                    key_marker: String = query("key-marker"),
                    version_id_marker: String = query("version-id-marker"),
                    max_keys: PageSize = query("max-keys"),
                    encoding_type: EncodingType = query("encoding-type") default(EncodingType::Url),
                },
                output: xml_decoded(ListVersionsResult),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// InitiateBucketWorm (`POST /?worm`): creates a retention policy, `InProgress`
            /// for 24 hours unless completed; answers its id.
            InitiateBucketWorm = initiate_bucket_worm {
                POST Bucket ["worm"] [],
                args: { configuration: InitiateWormConfiguration = body },
                options: {},
                output: headers(InitiateBucketWormResult),
                client: generic, server: handler, retry: not_idempotent, md5: false,
            },
            /// AbortBucketWorm (`DELETE /?worm`): deletes a retention policy not yet locked.
            AbortBucketWorm = abort_bucket_worm {
                DELETE Bucket ["worm"] [],
                args: {},
                options: {},
                output: empty,
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// CompleteBucketWorm (`POST /?wormId=ID`): locks the retention policy.
            CompleteBucketWorm = complete_bucket_worm {
                POST Bucket ["wormId"] [],
                args: { worm_id: String = query("wormId") },
                options: {},
                output: empty,
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// ExtendBucketWorm (`POST /?wormExtend&wormId=ID`): lengthens a locked policy's
            /// retention period.
            ExtendBucketWorm = extend_bucket_worm {
                POST Bucket ["wormExtend", "wormId"] [],
                args: {
                    worm_id: String = query("wormId"),
                    configuration: ExtendWormConfiguration = body,
                },
                options: {},
                output: empty,
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// GetBucketWorm (`GET /?worm`): the bucket's retention policy.
            GetBucketWorm = get_bucket_worm {
                GET Bucket ["worm"] [],
                args: {},
                options: {},
                output: xml(WormConfiguration),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// PutBucketObjectWormConfiguration (`PUT /?objectWorm`): enables object-level
            /// retention (for good) and sets the default retention of new objects.
            PutBucketObjectWormConfiguration = put_bucket_object_worm_configuration {
                PUT Bucket ["objectWorm"] [],
                args: { configuration: ObjectWormConfiguration = body },
                options: {},
                output: empty,
                client: generic,
                server: setting("objectWorm", ObjectWormConfiguration),
                retry: idempotent, md5: false,
            },
            /// GetBucketObjectWormConfiguration (`GET /?objectWorm`): the bucket's
            /// object-level retention configuration.
            GetBucketObjectWormConfiguration = get_bucket_object_worm_configuration {
                GET Bucket ["objectWorm"] [],
                args: {},
                options: {},
                output: xml(ObjectWormConfiguration),
                client: generic,
                server: setting("objectWorm", ObjectWormConfiguration),
                retry: idempotent, md5: false,
            },
            /// PutObjectRetention (`PUT /key?retention`): sets an object's retention.
            PutObjectRetention = put_object_retention {
                PUT Object ["retention"] [],
                args: { retention: Retention = body },
                options: {
                    version_id: String = query("versionId"),
                    bypass_governance_retention: bool = header(BypassGovernanceRetention),
                },
                output: empty,
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// GetObjectRetention (`GET /key?retention`): an object's retention.
            GetObjectRetention = get_object_retention {
                GET Object ["retention"] [],
                args: {},
                options: { version_id: String = query("versionId") },
                output: xml(Retention),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// PutObjectLegalHold (`PUT /key?legalHold`): sets or clears an object's legal
            /// hold.
            PutObjectLegalHold = put_object_legal_hold {
                PUT Object ["legalHold"] [],
                args: { legal_hold: LegalHold = body },
                options: { version_id: String = query("versionId") },
                output: empty,
                client: generic, server: handler, retry: idempotent, md5: false,
            },
            /// GetObjectLegalHold (`GET /key?legalHold`): an object's legal hold.
            GetObjectLegalHold = get_object_legal_hold {
                GET Object ["legalHold"] [],
                args: {},
                options: { version_id: String = query("versionId") },
                output: xml(LegalHold),
                client: generic, server: handler, retry: idempotent, md5: false,
            },
        }
    };
}
