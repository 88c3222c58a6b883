#![allow(missing_docs)] // criterion_group! generates an undocumented public function.
//! Signing cost per request: V1 and V4 header signing and presigning, the same V4 signature
//! through the [`Scheme`] abstraction, and AWS SigV4.
//!
//! The request is the reference: a PUT with two query parameters and two headers.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use oss_auth::time::from_unix_seconds;
use oss_auth::v1::V1Signer;
use oss_auth::v4::{Scope, V4Signer};
use oss_auth::{Credentials, Scheme, SignableRequest, SigningParams};

const QUERY: [(&str, &str); 2] = [
    ("partNumber", "3"),
    ("uploadId", "0004B9894A22E5B1888A1E29F823****"),
];
const HEADERS: [(&str, &str); 2] = [
    ("Content-Type", "application/octet-stream"),
    ("x-oss-meta-owner", "alice"),
];

fn request() -> SignableRequest<'static> {
    SignableRequest::new("PUT")
        .host("examplebucket.oss-cn-hangzhou.aliyuncs.com")
        .path("/photos/2024/cat.jpg")
        .bucket("examplebucket")
        .key("photos/2024/cat.jpg")
        .query(&QUERY)
        .headers(&HEADERS)
}

fn signing(c: &mut Criterion) {
    let credentials = Credentials::new(
        "LTAI5tExampleAccessKeyId",
        "ExampleAccessKeySecret0123456789",
    );
    let time = from_unix_seconds(1_702_743_657);
    let scope = Scope::oss("cn-hangzhou");
    let v4 = V4Signer::new();
    let v1 = V1Signer::new();

    c.bench_function("v4_sign_headers", |b| {
        b.iter(|| {
            v4.sign_headers(black_box(&request()), &credentials, &scope, time)
                .unwrap()
        })
    });
    let scheme_v4 = Scheme::oss_v4();
    let params = SigningParams::new(time).region("cn-hangzhou");
    c.bench_function("scheme_v4_sign_headers", |b| {
        b.iter(|| {
            scheme_v4
                .sign_headers(black_box(&request()), &credentials, &params)
                .unwrap()
        })
    });
    let aws = Scheme::aws_v4();
    c.bench_function("aws_v4_sign_headers", |b| {
        b.iter(|| {
            aws.sign_headers(black_box(&request()), &credentials, &params)
                .unwrap()
        })
    });
    c.bench_function("v1_sign_headers", |b| {
        b.iter(|| v1.sign_headers(black_box(&request()), &credentials, time))
    });
    let get = SignableRequest::new("GET")
        .bucket("examplebucket")
        .key("photos/2024/cat.jpg");
    c.bench_function("v4_presign", |b| {
        b.iter(|| {
            let p = v4
                .presign(
                    black_box(&get),
                    &credentials,
                    &scope,
                    time,
                    Duration::from_secs(900),
                )
                .unwrap();
            p.url("https://examplebucket.oss-cn-hangzhou.aliyuncs.com", &get)
        })
    });
    c.bench_function("v1_presign", |b| {
        b.iter(|| {
            let p = v1
                .presign(
                    black_box(&get),
                    &credentials,
                    time + Duration::from_secs(900),
                )
                .unwrap();
            p.url("https://examplebucket.oss-cn-hangzhou.aliyuncs.com", &get)
        })
    });
}

criterion_group!(benches, signing);
criterion_main!(benches);
