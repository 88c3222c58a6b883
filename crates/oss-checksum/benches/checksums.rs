#![allow(missing_docs)] // criterion_group! generates an undocumented public function.
//! Checksum throughput over 1 MiB buffers: CRC-64 (accelerated and portable) and MD5.

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

criterion_group!(benches, checksums);
criterion_main!(benches);
