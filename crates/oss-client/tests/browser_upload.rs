//! A browser upload, in a real browser: Debian's Chromium (headless, driven by puppeteer-core
//! from `tests/interop/node/browser_upload.js`) opens the example page
//! (`examples/browser_upload.html`) on a local origin, chooses a file and uploads it straight
//! to oss-server with the PostObject form this client built, a progress bar following. The
//! bucket's CORS rules allow that origin; the same page served from an origin they do not name
//! is refused by the preflight and stores nothing.
//!
//! Needs Chromium (`OSS_RS_CHROMIUM`, or `chromium` on the `PATH`; `cargo xtask ci` installs
//! it) and the npm install of `tests/interop/node` (`OSS_RS_NODE_DIR`, or
//! `target/interop-node`). Without them the test is skipped, unless `OSS_RS_REQUIRE_INTEROP`
//! is set.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use oss_client::model::{CorsConfiguration, CorsRule};
use oss_client::ops::post::PostPolicy;
use oss_client::Client;
use oss_server::ServerConfig;

const PAGE: &str = include_str!("../examples/browser_upload.html");

/// Chromium and the npm install, or `None` when the test is to be skipped.
fn browser_tools() -> Option<(PathBuf, PathBuf)> {
    let required = std::env::var_os("OSS_RS_REQUIRE_INTEROP").is_some();
    let chromium = std::env::var_os("OSS_RS_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| {
            ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
                .iter()
                .map(PathBuf::from)
                .find(|p| p.exists())
        });
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let node = std::env::var_os("OSS_RS_NODE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/interop-node"));
    let puppeteer = node.join("node_modules/puppeteer-core/package.json");
    match (chromium, puppeteer.exists()) {
        (Some(chromium), true) => Some((chromium, node)),
        (chromium, _) => {
            let missing = if chromium.is_none() {
                "Chromium".to_owned()
            } else {
                format!("{}", puppeteer.display())
            };
            assert!(
                !required,
                "OSS_RS_REQUIRE_INTEROP is set but {missing} is missing"
            );
            eprintln!("skipped: {missing} is missing (run `cargo xtask ci` to install it)");
            None
        }
    }
}

/// The page's origin: serves the page at `/` and `form` (JSON) at `/form`, on a thread, until
/// the process ends.
fn serve_origin(form: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // The rest of the head is not needed; read it so the browser is not reset.
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/");
            let (status, kind, body) = match path {
                "/" => ("200 OK", "text/html; charset=utf-8", PAGE.to_owned()),
                "/form" => ("200 OK", "application/json", form.clone()),
                _ => ("404 Not Found", "text/plain", "not found".to_owned()),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    origin
}

/// Opens `page` in Chromium, uploads `file`, and returns what the page reported.
fn upload_in_browser(tools: &(PathBuf, PathBuf), page: &str, file: &Path) -> serde_json::Value {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/interop/node/browser_upload.js");
    let output = Command::new("node")
        .arg(script)
        .arg(&tools.0)
        .arg(page)
        .arg(file)
        .env("NODE_PATH", tools.1.join("node_modules"))
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "browser_upload.js failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(stdout.lines().last().unwrap_or_default()).expect("one JSON line")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_uploads_a_file_with_a_form_the_client_built() {
    let Some(tools) = browser_tools() else { return };
    let server = ServerConfig::new().start().await.unwrap();
    let client = Client::builder()
        .endpoint(server.endpoint())
        .region(server.region())
        .credentials(server.credentials()[0].clone())
        .build()
        .unwrap();
    let bucket = client.bucket("browser-uploads");
    bucket.put_bucket().await.unwrap();

    let policy = PostPolicy::new(Duration::from_secs(600))
        .key_starts_with("uploads/")
        .content_length_range(1, 8 << 20)
        .success_action_status(201);
    let form = bucket.post_form(&policy).await.unwrap();
    let json = serde_json::json!({ "url": form.url, "fields": form.fields }).to_string();
    let allowed = serve_origin(json.clone());
    let elsewhere = serve_origin(json);
    let rule = CorsRule::new([allowed.as_str()], ["POST"])
        .allowed_headers(["*"])
        .max_age_seconds(60);
    bucket
        .put_bucket_cors(CorsConfiguration::new([rule]))
        .await
        .unwrap();

    let dir = std::env::temp_dir().join(format!("oss-client-browser-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let data: Vec<u8> = (0..3 << 20).map(|i: u32| (i % 251) as u8).collect();
    let file = dir.join("photo.bin");
    std::fs::write(&file, &data).unwrap();

    let done = upload_in_browser(&tools, &format!("{allowed}/"), &file);
    assert_eq!(done["outcome"], "uploaded", "{done}");
    assert_eq!(done["progress"], done["progress_max"], "{done}");
    assert!(
        done["progress_max"].as_f64().unwrap() >= data.len() as f64,
        "{done}"
    );
    let stored = bucket
        .get_object("uploads/photo.bin")
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(stored == data, "the stored object differs from the file");

    // From an origin the rules do not name, the preflight fails and nothing is stored.
    let file = dir.join("other.bin");
    std::fs::write(&file, b"must not arrive").unwrap();
    let refused = upload_in_browser(&tools, &format!("{elsewhere}/"), &file);
    assert_eq!(refused["outcome"], "refused", "{refused}");
    let missing = bucket.head_object("uploads/other.bin").await;
    assert!(missing.is_err(), "an upload from another origin was stored");
    let _ = std::fs::remove_dir_all(&dir);
}
