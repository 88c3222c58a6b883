//! set-props, restore, append, probe and serve.

use crate::support::{data, http, Cli, Server, TempDir, AK, REGION, SK};

#[test]
fn set_props_one_and_many() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["mb", "oss://props"]);
    for key in ["a.txt", "dir/b.txt", "dir/c.log"] {
        oss.ok(&[
            "api",
            "put-object",
            "--bucket",
            "props",
            "--key",
            key,
            "--body",
            key,
            "--meta",
            "keep=yes",
        ]);
    }
    oss.ok(&[
        "set-props",
        "oss://props/a.txt",
        "--acl",
        "public-read",
        "--meta",
        "owner=alice",
        "--content-type",
        "text/x-a",
        "--tag",
        "t=1",
    ]);
    let stat = oss
        .ok(&["stat", "oss://props/a.txt", "--output-format", "json"])
        .json();
    assert_eq!(stat["meta_owner"], "alice");
    assert_eq!(stat["meta_keep"], "yes");
    assert_eq!(stat["content_type"], "text/x-a");
    let (status, _) = http("GET", &format!("{}/props/a.txt", server.endpoint), &[], b"");
    assert_eq!(status, 200, "public-read lets anyone read");
    let tags = oss
        .ok(&[
            "api",
            "get-object-tagging",
            "--bucket",
            "props",
            "--key",
            "a.txt",
        ])
        .stdout;
    assert!(tags.contains("\"t\""), "{tags}");
    oss.ok(&["set-props", "oss://props/a.txt", "--clear-tags"]);
    let json = oss
        .ok(&[
            "set-props",
            "-r",
            "oss://props/dir/",
            "--include",
            "*.txt",
            "--meta",
            "x=1",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(json["done"], 1);
    oss.run(&["set-props", "oss://props/a.txt"])
        .fails(2, "nothing to set");
    oss.run(&["set-props", "oss://props/missing", "--acl", "private"])
        .fails(1, "NoSuchKey");
    oss.run(&["set-props", "oss://props/a.txt", "--acl", "open"])
        .fails(2, "ACL");
}

#[test]
fn restore_archived_objects() {
    let server = Server::start_with(&["--memory", "--restore-delay", "0.2"]);
    let oss = Cli::new(&server);
    oss.ok(&["mb", "oss://cold"]);
    for key in ["a", "b"] {
        oss.ok(&[
            "api",
            "put-object",
            "--bucket",
            "cold",
            "--key",
            key,
            "--body",
            "frozen",
            "--storage-class",
            "Archive",
        ]);
    }
    oss.ok(&[
        "api",
        "put-object",
        "--bucket",
        "cold",
        "--key",
        "warm",
        "--body",
        "warm",
    ]);
    oss.run(&["cat", "oss://cold/a"])
        .fails(1, "InvalidObjectState");
    oss.ok(&["restore", "oss://cold/a", "--days", "2"]);
    // Again while in progress: fine.
    oss.ok(&["restore", "oss://cold/a"]);
    let json = oss
        .ok(&["restore", "-r", "oss://cold", "--output-format", "json"])
        .json();
    assert_eq!(json["done"], 2, "only the archived objects");
    std::thread::sleep(std::time::Duration::from_millis(400));
    assert_eq!(oss.ok(&["cat", "oss://cold/a"]).stdout, "frozen");
    oss.ok(&["stat", "oss://cold/a"]).has("restored");
    oss.run(&["restore", "oss://cold/missing"])
        .fails(1, "NoSuchKey");
    oss.run(&["restore", "oss://cold/a", "--tier", "Fast"])
        .fails(2, "tier");
}

#[test]
fn append_from_files_stdin_and_objects() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("append");
    let file = dir.join("part.txt");
    std::fs::write(&file, "from a file\n").unwrap();
    oss.ok(&["mb", "oss://app"]);
    oss.ok(&["append", file.to_str().unwrap(), "oss://app/log"])
        .has("its length is 12");
    oss.run_stdin(&["append", "-", "oss://app/log"], b"from stdin\n")
        .ok();
    oss.ok(&[
        "api",
        "put-object",
        "--bucket",
        "app",
        "--key",
        "src",
        "--body",
        "from an object\n",
    ]);
    let json = oss
        .ok(&[
            "append",
            "oss://app/src",
            "oss://app/log",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(json["position"], 23);
    assert_eq!(json["next_position"], 38);
    assert_eq!(
        oss.ok(&["cat", "oss://app/log"]).stdout,
        "from a file\nfrom stdin\nfrom an object\n"
    );
    oss.run(&["append", file.to_str().unwrap(), "oss://app/src"])
        .fails(1, "ObjectNotAppendable");
    oss.run(&["append", "/no/such/file", "oss://app/log"])
        .fails(1, "cannot read");
}

#[test]
fn probe_checks_the_endpoint() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["probe", "--no-transfer"])
        .has("request latency")
        .has("result          : ok");
    oss.ok(&["mb", "oss://probed"]);
    let json = oss
        .ok(&[
            "probe",
            "oss://probed",
            "--size",
            "1MiB",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(json["ok"], true);
    assert!(json["upload_seconds"].as_f64().is_some());
    assert_eq!(
        oss.ok(&["ls", "-r", "-s", "oss://probed"]).stdout,
        "",
        "the test object is deleted"
    );
    // The embedded default measures throughput in a temporary bucket.
    let bare = Cli::bare();
    bare.ok(&["probe", "--size", "256KiB"])
        .has("embedded local server")
        .has("upload");
    assert_eq!(bare.ok(&["ls", "-s"]).stdout, "");
    Cli::new(&server)
        .env("OSS_ACCESS_KEY_SECRET", "wrong")
        .run(&["probe"])
        .fails(1, "SignatureDoesNotMatch");
    Cli::new(&server)
        .env("OSS_ENDPOINT", "http://127.0.0.1:9")
        .run(&["probe"])
        .fails(1, "cannot connect");
}

#[test]
fn serve_takes_the_oss_server_options() {
    // A data directory outlives the process.
    let dir = TempDir::new("serve");
    let data_dir = dir.join("data");
    let oss = |server: &Server| Cli::new(server);
    {
        let server =
            Server::start_with(&["--data-dir", data_dir.to_str().unwrap(), "--no-md5-etags"]);
        oss(&server).ok(&["mb", "oss://kept"]);
        oss(&server).ok(&[
            "api",
            "put-object",
            "--bucket",
            "kept",
            "--key",
            "k",
            "--body",
            &String::from_utf8(data(10, 1).iter().map(|b| b'a' + b % 26).collect()).unwrap(),
        ]);
    }
    let server = Server::start_with(&["--data-dir", data_dir.to_str().unwrap()]);
    assert_eq!(oss(&server).ok(&["cat", "oss://kept/k"]).stdout.len(), 10);
    drop(server);
    // Faults, and the clock skew.
    let server = Server::start_with(&["--memory", "--fault", "error=403,op=GetBucketInfo"]);
    oss(&server).ok(&["mb", "oss://faulty"]);
    oss(&server)
        .run(&["stat", "oss://faulty"])
        .fails(1, "InjectedFault");
    let server = Server::start_with(&["--memory", "--clock-skew", "-3600"]);
    oss(&server).run(&["ls"]).ok();
    // The serve default data directory is the embedded default's.
    let home = Cli::bare();
    home.ok(&["mb", "oss://shared"]);
    let mut child = home
        .command()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut first,
    )
    .unwrap();
    let endpoint = first
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();
    // It accepts the data directory's own key pair, kept in a private file.
    let pair =
        std::fs::read_to_string(home.home().join(".local/share/oss-rs/local/credentials")).unwrap();
    let value = |name: &str| {
        pair.lines()
            .find_map(|line| line.strip_prefix(&format!("{name} = ")))
            .unwrap()
            .to_owned()
    };
    let listed = Cli::bare()
        .env("OSS_ENDPOINT", &endpoint)
        .env("OSS_REGION", REGION)
        .env("OSS_ACCESS_KEY_ID", &value("access-key-id"))
        .env("OSS_ACCESS_KEY_SECRET", &value("access-key-secret"))
        .ok(&["ls", "-s"]);
    assert_eq!(listed.stdout, "oss://shared\n");
    // The server's admin endpoint is off: its path is an object path like any other, so an
    // unauthenticated fault rule is refused and changes nothing.
    let mut stream =
        std::net::TcpStream::connect(endpoint.strip_prefix("http://").unwrap()).unwrap();
    std::io::Write::write_all(
        &mut stream,
        b"POST /_oss-server/faults HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
          Content-Length: 17\r\n\r\nerror=503,count=9",
    )
    .unwrap();
    let mut reply = String::new();
    std::io::Read::read_to_string(&mut stream, &mut reply).unwrap();
    assert!(!reply.starts_with("HTTP/1.1 200"), "{reply}");
    let again = Cli::bare()
        .env("OSS_ENDPOINT", &endpoint)
        .env("OSS_REGION", REGION)
        .env("OSS_ACCESS_KEY_ID", &value("access-key-id"))
        .env("OSS_ACCESS_KEY_SECRET", &value("access-key-secret"))
        .ok(&["ls", "-s"]);
    assert_eq!(again.stdout, "oss://shared\n");
    let _ = child.kill();
    let _ = child.wait();
    // Bad options.
    let bare = Cli::bare();
    bare.run(&["serve", "--credential", "nocolon"])
        .fails(2, "AK:SK");
    bare.run(&["serve", "--fault", "explode"])
        .fails(2, "--fault");
    bare.run(&["serve", "--listen", "nowhere"])
        .fails(2, "invalid value");
    bare.run(&["serve", "--memory", "--data-dir", "x"])
        .fails(2, "cannot be used with");
    let _ = (AK, SK);
}
