//! `probe`: checks the connection to the endpoint: the TCP connect time, the latency of a
//! small request, and (with a bucket, or always with the embedded server, which gets a
//! temporary bucket) the upload and download throughput of a test object, deleted after.

use std::time::{Duration, Instant};

use clap::Args;
use serde_json::json;

use super::fail;
use crate::context::Context;
use crate::error::{CliError, Result};
use crate::location::OssUrl;
use crate::units;

/// `oss probe [oss://bucket]`.
#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// A bucket to measure throughput in (a test object is written and deleted).
    pub bucket: Option<String>,
    /// The size of the test object.
    #[arg(long, default_value = "8MiB", value_name = "SIZE")]
    pub size: String,
    /// Only connectivity and latency.
    #[arg(long)]
    pub no_transfer: bool,
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn rate(bytes: u64, d: Duration) -> String {
    let seconds = d.as_secs_f64().max(1e-9);
    format!(
        "{} in {:.3} s ({}/s)",
        units::human_size(bytes),
        seconds,
        units::human_size((bytes as f64 / seconds) as u64)
    )
}

/// Runs `probe`.
pub async fn run(ctx: &Context, args: ProbeArgs) -> Result<()> {
    let size = units::parse_size(&args.size)?;
    let bucket_url = args
        .bucket
        .as_deref()
        .map(OssUrl::parse_bucket)
        .transpose()?;
    let client = ctx.client().await?;
    let endpoint = client.config().endpoint().clone();
    let mut text = format!(
        "endpoint        : {endpoint}{}\n",
        if ctx.settings.is_embedded() {
            " (embedded local server)"
        } else {
            ""
        }
    );
    let mut value =
        json!({ "endpoint": endpoint.to_string(), "embedded": ctx.settings.is_embedded() });

    let port = endpoint.port().unwrap_or(endpoint.scheme().default_port());
    let started = Instant::now();
    tokio::time::timeout(
        Duration::from_secs(10),
        tokio::net::TcpStream::connect((endpoint.host(), port)),
    )
    .await
    .map_err(|_| {
        CliError::failed(format!(
            "probe: connecting to {}:{port} timed out",
            endpoint.host()
        ))
    })?
    .map_err(|e| {
        CliError::failed(format!(
            "probe: cannot connect to {}:{port}: {e}",
            endpoint.host()
        ))
    })?;
    let connect = started.elapsed();
    text.push_str(&format!("connect         : {:.2} ms\n", millis(connect)));
    value["connect_ms"] = millis(connect).into();

    let mut latencies = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        match &bucket_url {
            Some(url) => client
                .bucket(&url.bucket)
                .get_bucket_info()
                .await
                .map(|_| ()),
            None => client.list_buckets().max_keys(1).await.map(|_| ()),
        }
        .map_err(fail("probe: request"))?;
        latencies.push(started.elapsed());
    }
    let min = latencies.iter().min().copied().unwrap_or_default();
    let avg = latencies.iter().sum::<Duration>() / latencies.len() as u32;
    text.push_str(&format!(
        "request latency : min {:.2} ms, avg {:.2} ms ({} x3)\n",
        millis(min),
        millis(avg),
        if bucket_url.is_some() {
            "GetBucketInfo"
        } else {
            "ListBuckets"
        }
    ));
    value["latency_ms"] = json!({ "min": millis(min), "avg": millis(avg) });

    let temporary = bucket_url.is_none() && ctx.settings.is_embedded();
    let bucket_name = match (&bucket_url, temporary) {
        (Some(url), _) => Some(url.bucket.clone()),
        (None, true) => Some(format!("oss-probe-{}", std::process::id())),
        (None, false) => None,
    };
    match bucket_name.filter(|_| !args.no_transfer) {
        Some(name) => {
            let bucket = client.bucket(&name);
            if temporary {
                bucket
                    .put_bucket()
                    .await
                    .map_err(fail("probe: create a temporary bucket"))?;
            }
            let key = format!(
                "oss-probe/{}-{}.bin",
                std::process::id(),
                units::iso_time(std::time::SystemTime::now())
            );
            let data: Vec<u8> = (0..size)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect();
            let started = Instant::now();
            let outcome = async {
                bucket
                    .put_object(&key, data.clone())
                    .await
                    .map_err(fail("probe: upload"))?;
                let up = started.elapsed();
                let started = Instant::now();
                let back = bucket
                    .get_object(&key)
                    .await
                    .map_err(fail("probe: download"))?
                    .bytes()
                    .await
                    .map_err(fail("probe: download"))?;
                let down = started.elapsed();
                if back[..] != data[..] {
                    return Err(CliError::failed(
                        "probe: the downloaded data differs from the uploaded",
                    ));
                }
                Ok((up, down))
            }
            .await;
            let _ = bucket.delete_object(&key).await;
            if temporary {
                let _ = bucket.delete_bucket().await;
            }
            let (up, down) = outcome?;
            text.push_str(&format!(
                "upload          : {}\ndownload        : {}\n",
                rate(size, up),
                rate(size, down)
            ));
            value["upload_seconds"] = up.as_secs_f64().into();
            value["download_seconds"] = down.as_secs_f64().into();
            value["size"] = size.into();
        }
        None => {
            text.push_str("throughput      : skipped (give a bucket: oss probe oss://bucket)\n")
        }
    }
    text.push_str("result          : ok");
    value["ok"] = true.into();
    ctx.out.emit(value, || text);
    Ok(())
}
