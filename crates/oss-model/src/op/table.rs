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
//!     server:  handler | document("name", MissingErrorCode) | document("name", default) | none,
//!     retry:   idempotent | not_idempotent | verify_after_retry,
//!     md5:     true | false,   // whether the request must carry Content-MD5
//! }
//! ```
//!
//! Locations: `query("name")`, `header(HeaderName)` (a [`Header`](crate::dialect::Header),
//! resolved by the dialect), `key_header(HeaderName)` (an object key in a header,
//! percent-encoded), `headers` (a [`HeaderSet`](crate::op::HeaderSet)), `body` (an XML
//! [`Document`](crate::op::Document)). Types are oss-model's (named bare: an expansion site
//! imports them).
//!
//! Selector conditions are query parameters that must be present (`"cors"`) or have a value
//! (`"list-type=2"`); the client sends those its inputs do not already send, first, then the
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
                client: generic, server: document("logging", default),
                retry: idempotent, md5: false,
            },
            /// GetBucketLogging (`GET /?logging`): where the bucket's access logs go (an empty
            /// `BucketLoggingStatus` when logging is off).
            GetBucketLogging = get_bucket_logging {
                GET Bucket ["logging"] [],
                args: {},
                options: {},
                output: xml(BucketLoggingStatus),
                client: generic, server: document("logging", default),
                retry: idempotent, md5: false,
            },
            /// DeleteBucketLogging (`DELETE /?logging`): turns access logging off.
            DeleteBucketLogging = delete_bucket_logging {
                DELETE Bucket ["logging"] [],
                args: {},
                options: {},
                output: empty,
                client: generic, server: document("logging", default),
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
                client: generic, server: document("referer", default),
                retry: idempotent, md5: false,
            },
            /// GetBucketReferer (`GET /?referer`): the bucket's referer rules (empty referers
            /// allowed and no list, when never set).
            GetBucketReferer = get_bucket_referer {
                GET Bucket ["referer"] [],
                args: {},
                options: {},
                output: xml(RefererConfiguration),
                client: generic, server: document("referer", default),
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
                options: { version_id: String = query("versionId") },
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
            /// retention and sets the default retention of new objects.
            PutBucketObjectWormConfiguration = put_bucket_object_worm_configuration {
                PUT Bucket ["objectWorm"] [],
                args: { configuration: ObjectWormConfiguration = body },
                options: {},
                output: empty,
                client: generic, server: none, retry: idempotent, md5: false,
            },
            /// GetBucketObjectWormConfiguration (`GET /?objectWorm`): the bucket's
            /// object-level retention configuration.
            GetBucketObjectWormConfiguration = get_bucket_object_worm_configuration {
                GET Bucket ["objectWorm"] [],
                args: {},
                options: {},
                output: xml(ObjectWormConfiguration),
                client: generic, server: none, retry: idempotent, md5: false,
            },
            /// PutObjectRetention (`PUT /key?retention`): sets an object's retention.
            PutObjectRetention = put_object_retention {
                PUT Object ["retention"] [],
                args: { retention: Retention = body },
                options: { version_id: String = query("versionId") },
                output: empty,
                client: generic, server: none, retry: idempotent, md5: false,
            },
            /// GetObjectRetention (`GET /key?retention`): an object's retention.
            GetObjectRetention = get_object_retention {
                GET Object ["retention"] [],
                args: {},
                options: { version_id: String = query("versionId") },
                output: xml(Retention),
                client: generic, server: none, retry: idempotent, md5: false,
            },
            /// PutObjectLegalHold (`PUT /key?legalHold`): sets or clears an object's legal
            /// hold.
            PutObjectLegalHold = put_object_legal_hold {
                PUT Object ["legalHold"] [],
                args: { legal_hold: LegalHold = body },
                options: { version_id: String = query("versionId") },
                output: empty,
                client: generic, server: none, retry: idempotent, md5: false,
            },
            /// GetObjectLegalHold (`GET /key?legalHold`): an object's legal hold.
            GetObjectLegalHold = get_object_legal_hold {
                GET Object ["legalHold"] [],
                args: {},
                options: { version_id: String = query("versionId") },
                output: xml(LegalHold),
                client: generic, server: none, retry: idempotent, md5: false,
            },
        }
    };
}
