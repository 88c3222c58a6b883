//! mkdir, stat, cat, rm, du, ls of objects, presign, hash.

use crate::support::{data, http, Cli, Server, TempDir};

/// Uploads `body` as `oss://bucket/key` through a presigned PUT URL.
fn put(oss: &Cli, url: &str, body: &[u8]) {
    let presigned = oss
        .ok(&["presign", url, "--method", "PUT", "--output-format", "json"])
        .json();
    let headers: Vec<(String, String)> = presigned["signed_headers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect();
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (status, body) = http("PUT", presigned["url"].as_str().unwrap(), &headers, body);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
}

#[test]
fn presign_stat_cat_and_ranges() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["mb", "oss://bkt"]);
    put(&oss, "oss://bkt/notes/hello.txt", b"hello, world");
    let stat = oss
        .ok(&[
            "stat",
            "oss://bkt/notes/hello.txt",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(stat["content_length"], 12);
    assert_eq!(stat["content_type"], "text/plain");
    assert!(stat["request_id"].is_string());
    oss.ok(&["stat", "oss://bkt/notes/hello.txt"])
        .has("Content-Length")
        .has("ETag");
    assert_eq!(
        oss.ok(&["cat", "oss://bkt/notes/hello.txt"]).stdout,
        "hello, world"
    );
    assert_eq!(
        oss.ok(&["cat", "oss://bkt/notes/hello.txt", "--head", "5"])
            .stdout,
        "hello"
    );
    assert_eq!(
        oss.ok(&["cat", "oss://bkt/notes/hello.txt", "--tail", "5"])
            .stdout,
        "world"
    );
    assert_eq!(
        oss.ok(&["cat", "oss://bkt/notes/hello.txt", "--range", "7-"])
            .stdout,
        "world"
    );
    oss.run(&["cat", "oss://bkt/notes/hello.txt", "--range", "x"])
        .fails(2, "range");
    oss.run(&["cat", "oss://bkt/nope"]).fails(1, "NoSuchKey");
    oss.run(&["cat", "oss://bkt/"]).fails(2, "names no object");

    // A presigned GET works without credentials; an expired or tampered one does not.
    let url = oss
        .ok(&["presign", "oss://bkt/notes/hello.txt", "--expires", "60"])
        .stdout;
    let (status, body) = http("GET", url.trim(), &[], b"");
    assert_eq!((status, body.as_slice()), (200, b"hello, world".as_slice()));
    let (status, _) = http(
        "GET",
        &url.trim().replace("x-oss-signature=", "x-oss-signature=0"),
        &[],
        b"",
    );
    assert_eq!(status, 403);
    let v1 = oss
        .ok(&[
            "presign",
            "oss://bkt/notes/hello.txt",
            "--signature-version",
            "1",
        ])
        .stdout;
    assert!(v1.contains("Signature="), "{v1}");
    assert_eq!(http("GET", v1.trim(), &[], b"").0, 200);
    oss.run(&["presign", "oss://bkt/k", "--expires", "8d"])
        .fails(2, "7 days");
    oss.run(&["presign", "oss://bkt/k", "--method", "PATCH"])
        .fails(2, "--method");
}

#[test]
fn listing_formats_and_limits() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["mb", "oss://bkt"]);
    for key in [
        "a.txt",
        "dir/b.txt",
        "dir/sub/c.txt",
        "dir/sub/d.txt",
        "z-e.txt",
    ] {
        put(&oss, &format!("oss://bkt/{key}"), key.as_bytes());
    }
    // One level by default.
    let short = oss.ok(&["ls", "-s", "oss://bkt"]).stdout;
    assert_eq!(
        short,
        "oss://bkt/dir/\noss://bkt/a.txt\noss://bkt/z-e.txt\n"
    );
    let short = oss.ok(&["ls", "-s", "oss://bkt/dir/"]).stdout;
    assert_eq!(short, "oss://bkt/dir/sub/\noss://bkt/dir/b.txt\n");
    // Everything with -r, in key order.
    let all = oss.ok(&["ls", "-r", "-s", "oss://bkt"]).stdout;
    assert_eq!(all.lines().count(), 5);
    assert_eq!(
        oss.ok(&["ls", "-r", "-s", "--limit", "2", "oss://bkt"])
            .stdout
            .lines()
            .count(),
        2
    );
    // A custom delimiter.
    let dashed = oss
        .ok(&["ls", "-s", "--delimiter", "-", "oss://bkt"])
        .stdout;
    assert!(dashed.contains("oss://bkt/z-\n"), "{dashed}");
    // Long format: sizes and the summary.
    let long = oss.ok(&["ls", "-r", "oss://bkt/dir/"]).stdout;
    assert!(long.contains("Object Number is: 3"), "{long}");
    assert!(long.contains("Standard"), "{long}");
    let json = oss
        .ok(&["ls", "-r", "oss://bkt", "--output-format", "json"])
        .json();
    assert_eq!(json["objects"], 5);
    assert_eq!(json["entries"][0]["key"], "a.txt");
    assert_eq!(json["entries"][0]["size"], 5);

    let du = oss
        .ok(&["du", "oss://bkt/dir/", "--output-format", "json"])
        .json();
    assert_eq!(du["objects"], 3);
    assert_eq!(
        du["size"],
        ("dir/b.txt".len() + 2 * "dir/sub/c.txt".len()) as u64
    );
    oss.ok(&["du", "oss://bkt"]).has("total");
}

#[test]
fn mkdir_and_rm() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["mb", "oss://bkt"]);
    oss.ok(&["mkdir", "oss://bkt/photos"])
        .has("oss://bkt/photos/");
    put(&oss, "oss://bkt/photos/a.jpg", b"a");
    put(&oss, "oss://bkt/photos/b.png", b"b");
    put(&oss, "oss://bkt/other.txt", b"o");
    oss.ok(&["rm", "oss://bkt/other.txt"])
        .has("removed oss://bkt/other.txt");
    oss.run(&["rm", "oss://bkt"]).fails(2, "use -r");
    let json = oss
        .ok(&[
            "rm",
            "-r",
            "--force",
            "oss://bkt/photos/",
            "--include",
            "*.jpg",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(json["objects_deleted"], 1);
    // `-r` asks first (answered on standard input, as ossutil reads it).
    oss.run_stdin(&["rm", "-r", "oss://bkt/photos/"], b"y\n")
        .ok()
        .has("removed 2 object(s)");
    assert_eq!(oss.ok(&["ls", "-r", "-s", "oss://bkt"]).stdout, "");
    oss.run(&["rm", "-r", "-f", "oss://nobucket/x"])
        .fails(1, "NoSuchBucket");
}

#[test]
fn hash_matches_oss() {
    let dir = TempDir::new("hash");
    let file = dir.join("f.bin");
    std::fs::write(&file, b"123456789").unwrap();
    let oss = Cli::bare();
    let json = oss
        .ok(&[
            "hash",
            file.to_str().unwrap(),
            "--type",
            "all",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(
        json["files"][0]["crc64"],
        0x995D_C9BB_DF19_39FAu64.to_string()
    );
    assert_eq!(json["files"][0]["md5"], "25f9e794323b453885f5181f1b624d0b");
    assert_eq!(json["files"][0]["content_md5"], "JfnnlDI7RTiF9RgfG2JNCw==");
    let stdin = oss.run_stdin(&["hash", "-"], b"123456789").ok();
    assert!(stdin.stdout.contains(&0x995D_C9BB_DF19_39FAu64.to_string()));
    oss.run(&["hash", "/nonexistent/file"])
        .fails(1, "cannot read");

    // The CRC-64 `hash` prints is the one OSS stores.
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["mb", "oss://bkt"]);
    let body = data(300_000, 7);
    std::fs::write(&file, &body).unwrap();
    put(&oss, "oss://bkt/f.bin", &body);
    let local = oss
        .ok(&["hash", file.to_str().unwrap(), "--output-format", "json"])
        .json();
    let remote = oss
        .ok(&["stat", "oss://bkt/f.bin", "--output-format", "json"])
        .json();
    assert_eq!(local["files"][0]["crc64"], remote["crc64"]);
}

/// A `multipart/form-data` body of `fields`, then `file` named `filename` (as a browser
/// sends a form).
fn form_body(fields: &[(String, String)], filename: &str, file: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--BOUND\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--BOUND\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
             Content-Type: text/plain\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(b"\r\n--BOUND--\r\n");
    body
}

#[test]
fn presign_post_prints_a_form_a_browser_can_post() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["mb", "oss://bkt"]);
    let form = oss
        .ok(&[
            "presign",
            "--post",
            "oss://bkt/inbox/",
            "--expires",
            "10m",
            "--content-length-range",
            "1,1K",
            "--content-type-prefix",
            "text/",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(form["method"], "POST");
    let policy = form["policy"].as_str().unwrap();
    assert!(
        policy.contains(r#"["content-length-range",1,1024]"#),
        "{policy}"
    );
    assert!(
        policy.contains(r#"["starts-with","$Content-Type","text/"]"#),
        "{policy}"
    );
    let mut fields: Vec<(String, String)> = form["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap().to_owned();
            (text("name"), text("value"))
        })
        .collect();
    assert_eq!(fields[0], ("key".into(), "inbox/${filename}".into()));
    fields.push(("Content-Type".into(), "text/plain".into()));
    let url = form["url"].as_str().unwrap();
    let headers = [("Content-Type", "multipart/form-data; boundary=BOUND")];
    let body = form_body(&fields, "note.txt", b"posted through a form");
    let (status, answer) = http("POST", url, &headers, &body);
    assert_eq!(status, 204, "{}", String::from_utf8_lossy(&answer));
    let cat = oss.ok(&["cat", "oss://bkt/inbox/note.txt"]);
    assert_eq!(cat.stdout, "posted through a form");

    // The form's limits hold: too large a file is refused and nothing is stored.
    let body = form_body(&fields, "big.txt", &[b'x'; 1025]);
    let (status, answer) = http("POST", url, &headers, &body);
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&answer));
    assert!(String::from_utf8_lossy(&answer).contains("EntityTooLarge"));
    oss.run(&["stat", "oss://bkt/inbox/big.txt"])
        .fails(1, "NoSuchKey");

    // Text output: the URL, then one field a line.
    let text = oss.ok(&["presign", "--post", "oss://bkt/inbox/"]).stdout;
    assert!(text.starts_with(&format!("POST {url}")), "{text}");
    assert!(text.contains("\nkey: inbox/${filename}\n"), "{text}");
    oss.run(&["presign", "--post", "--method", "PUT", "oss://bkt/x"])
        .fails(2, "--method");
}
