#![allow(missing_docs)] // criterion_group! generates an undocumented public function.
//! Checksum throughput over 1 MiB buffers: CRC-64 (accelerated and portable) and MD5; and the
//! cost of one `crc64::combine` call, which the transfer manager makes once per part.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use oss_checksum::{crc64, md5};

fn checksums(c: &mut Criterion) {
    let data: Vec<u8> = (0..1u32 << 20)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut group = c.benchmark_group("checksum_1MiB");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("crc64", |b| b.iter(|| crc64::checksum(black_box(&data))));
    group.bench_function("crc64_portable", |b| {
        b.iter(|| crc64::checksum_portable(black_box(&data)))
    });
    group.bench_function("md5", |b| b.iter(|| md5::digest(black_box(&data))));
    group.finish();
}

fn combine(c: &mut Criterion) {
    let crc1 = crc64::checksum(b"first part");
    let crc2 = crc64::checksum(b"second part");
    let mut group = c.benchmark_group("crc64_combine");
    // A typical part, a large part, and the worst case (every bit of the length set).
    for (name, len2) in [
        ("8MiB", 8u64 << 20),
        ("5GiB+12345", (5u64 << 30) + 12_345),
        ("u64_max", u64::MAX),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| crc64::combine(black_box(crc1), black_box(crc2), black_box(len2)))
        });
    }
    group.finish();
}

criterion_group!(benches, checksums, combine);
criterion_main!(benches);
