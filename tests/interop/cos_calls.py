"""cos-python-sdk-v5 performs a fixed sequence of calls through an HTTP proxy (the recording
server of crates/oss-client/tests/cos_wire.rs), which answers each with a canned success.

Usage: cos_calls.py PROXY_HOST:PORT SECRET_ID SECRET_KEY TOKEN REGION BUCKET

The Rust test performs the same calls with oss-client, in the same order, and compares what
arrived. Keep the two sequences in step.
"""

import sys

from qcloud_cos import CosConfig, CosS3Client


def main():
    proxy, secret_id, secret_key, token, region, bucket = sys.argv[1:7]
    proxies = {"http": "http://" + proxy, "https": "http://" + proxy}
    config = CosConfig(
        Region=region,
        SecretId=secret_id,
        SecretKey=secret_key,
        Token=token,
        Scheme="http",
        Proxies=proxies,
    )
    client = CosS3Client(config, retry=0)
    key = "dir/a b+c.txt"
    source = {"Bucket": bucket, "Key": key, "Region": region}

    client.put_object(
        Bucket=bucket,
        Body=b"hello",
        Key=key,
        ACL="public-read",
        StorageClass="STANDARD_IA",
        Metadata={"x-cos-meta-author": "alice"},
    )
    body = client.get_object(Bucket=bucket, Key=key, Range="bytes=0-3")["Body"]
    body.get_raw_stream().read()
    client.head_object(Bucket=bucket, Key=key)
    client.delete_object(Bucket=bucket, Key=key)
    client.delete_objects(
        Bucket=bucket,
        Delete={"Object": [{"Key": "a.txt"}, {"Key": "b/c.txt"}], "Quiet": "true"},
    )
    client.list_objects(
        Bucket=bucket, Prefix="dir/", Delimiter="/", Marker="dir/a", MaxKeys=100
    )
    client.copy_object(
        Bucket=bucket,
        Key="dst/copy.txt",
        CopySource=source,
        CopyStatus="Replaced",
        Metadata={"x-cos-meta-copied": "yes"},
    )
    upload_id = client.create_multipart_upload(Bucket=bucket, Key="big.bin")["UploadId"]
    client.upload_part(
        Bucket=bucket, Key="big.bin", Body=b"x" * 1000, PartNumber=1, UploadId=upload_id
    )
    client.upload_part_copy(
        Bucket=bucket,
        Key="big.bin",
        PartNumber=2,
        UploadId=upload_id,
        CopySource=source,
        CopySourceRange="bytes=0-9",
    )
    client.complete_multipart_upload(
        Bucket=bucket,
        Key="big.bin",
        UploadId=upload_id,
        MultipartUpload={
            "Part": [
                {"PartNumber": 1, "ETag": '"etag-1"'},
                {"PartNumber": 2, "ETag": '"etag-2"'},
            ]
        },
    )
    client.abort_multipart_upload(Bucket=bucket, Key="big.bin", UploadId=upload_id)
    client.put_bucket_acl(Bucket=bucket, ACL="public-read")
    client.put_object_acl(Bucket=bucket, Key=key, ACL="private")
    client.put_bucket_cors(
        Bucket=bucket,
        CORSConfiguration={
            "CORSRule": [
                {
                    "AllowedOrigin": ["https://example.com"],
                    "AllowedMethod": ["GET", "PUT"],
                    "MaxAgeSeconds": 600,
                }
            ]
        },
    )
    client.get_bucket_cors(Bucket=bucket)
    client.delete_bucket_cors(Bucket=bucket)
    client.put_bucket_versioning(Bucket=bucket, Status="Enabled")
    client.get_bucket_versioning(Bucket=bucket)
    print("ok")


if __name__ == "__main__":
    main()
