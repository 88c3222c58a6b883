//! ossutil's version and listing flags: `ls --all-versions` and `--page-size`, `rm
//! --all-versions`, `--version-id` on cp (download and copy), set-props and restore, and
//! `--output-dir` reports of failed transfers.

use std::path::Path;

use crate::support::{Cli, Server, TempDir};

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A versioned bucket `name`.
fn versioned(oss: &Cli, name: &str) {
    oss.ok(&["mb", &format!("oss://{name}")]);
    oss.ok(&[
        "api",
        "put-bucket-versioning",
        "--bucket",
        name,
        "--body",
        "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
    ]);
}

/// Puts `body` at `key` of `bucket` (with `extra` api flags) and returns the version id.
fn put(oss: &Cli, bucket: &str, key: &str, body: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "api",
        "put-object",
        "--bucket",
        bucket,
        "--key",
        key,
        "--body",
        body,
    ];
    args.extend_from_slice(extra);
    let put = oss.ok(&args).json();
    put["result"]["version_id"]
        .as_str()
        .unwrap_or_else(|| panic!("a version id in {put}"))
        .to_owned()
}

#[test]
fn ls_and_rm_all_versions() {
    let server = Server::start();
    let oss = Cli::new(&server);
    versioned(&oss, "vers");
    let one = put(&oss, "vers", "d/k", "one", &[]);
    let two = put(&oss, "vers", "d/k", "two", &[]);
    put(&oss, "vers", "d/other", "x", &[]);
    oss.ok(&["rm", "oss://vers/d/k"]);
    // Plain ls sees only d/other; --all-versions sees both versions of d/k and its marker.
    assert_eq!(
        oss.ok(&["ls", "-s", "-r", "oss://vers"])
            .stdout
            .lines()
            .count(),
        1
    );
    let json = oss
        .ok(&[
            "ls",
            "-r",
            "--all-versions",
            "oss://vers/d/",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(json["versions"], 3, "{json}");
    assert_eq!(json["delete_markers"], 1, "{json}");
    let entries = json["entries"].as_array().unwrap();
    let of_k: Vec<_> = entries.iter().filter(|e| e["key"] == "d/k").collect();
    assert_eq!(of_k.len(), 3, "{json}");
    assert_eq!(of_k[0]["delete_marker"], true, "newest first: {json}");
    assert_eq!(of_k[0]["is_latest"], true, "{json}");
    assert_eq!(of_k[1]["version_id"], two.as_str(), "{json}");
    assert_eq!(of_k[2]["version_id"], one.as_str(), "{json}");
    let text = oss.ok(&["ls", "-r", "--all-versions", "oss://vers/d/"]);
    assert!(text.stdout.contains("(delete marker)"), "{text:?}");
    assert!(text.stdout.contains(&one), "{text:?}");
    assert!(
        text.stdout
            .contains("Version Number is: 3, Delete Marker Number is: 1"),
        "{text:?}"
    );
    // rm --all-versions of one key: a dry run lists, -f removes for good, the rest stays.
    let dry = oss.ok(&["rm", "--all-versions", "--dry-run", "oss://vers/d/k"]);
    assert!(dry.stdout.contains(&format!("(version {one})")), "{dry:?}");
    assert!(dry.stdout.contains("3 item(s)"), "{dry:?}");
    oss.run_stdin(&["rm", "--all-versions", "oss://vers/d/k"], b"n\n")
        .fails(1, "nothing removed");
    oss.ok(&["rm", "--all-versions", "-f", "oss://vers/d/k"])
        .has("removed 3 version(s)");
    let left = oss
        .ok(&[
            "ls",
            "-r",
            "--all-versions",
            "oss://vers",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(left["versions"], 1, "{left}");
    assert_eq!(left["delete_markers"], 0, "{left}");
    // With -r, every version under the prefix; the bucket can then be removed.
    put(&oss, "vers", "d/other", "y", &[]);
    oss.ok(&["rm", "-r", "--all-versions", "-f", "oss://vers/d/"])
        .has("removed 2 version(s)");
    oss.ok(&["rb", "oss://vers"]);
}

#[test]
fn page_size_sets_the_requests_page() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["mb", "oss://paged"]);
    for key in ["a", "b", "c"] {
        oss.ok(&[
            "api",
            "put-object",
            "--bucket",
            "paged",
            "--key",
            key,
            "--body",
            key,
        ]);
    }
    let requests = |extra: &[&str]| {
        let mut args = vec!["ls", "-s", "-r", "oss://paged", "--loglevel", "debug"];
        args.extend_from_slice(extra);
        let run = oss.ok(&args);
        assert_eq!(run.stdout.lines().count(), 3, "{run:?}");
        run.stderr
            .lines()
            .filter(|l| l.contains("oss_http::request") && l.contains("status=200"))
            .count()
    };
    assert_eq!(requests(&[]), 1);
    assert_eq!(requests(&["--page-size", "1"]), 3);
    assert_eq!(requests(&["--page-size", "2"]), 2);
    oss.run(&["ls", "oss://paged", "--page-size", "0"])
        .fails(2, "--page-size");
    oss.run(&["ls", "oss://paged", "--page-size", "1001"])
        .fails(2, "--page-size");
}

#[test]
fn version_id_on_cp_set_props_and_restore() {
    let server = Server::start_with(&["--memory", "--restore-delay", "60"]);
    let oss = Cli::new(&server);
    versioned(&oss, "vcp");
    let old = put(&oss, "vcp", "k", "old bytes", &[]);
    put(&oss, "vcp", "k", "new", &[]);
    let dir = TempDir::new("vcp");
    // Download and server-side copy of the older version.
    let file = dir.join("old.txt");
    oss.ok(&["cp", "oss://vcp/k", s(&file), "--version-id", &old]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "old bytes");
    oss.ok(&[
        "cp",
        "oss://vcp/k",
        "oss://vcp/copied",
        "--version-id",
        &old,
    ]);
    assert_eq!(oss.ok(&["cat", "oss://vcp/copied"]).stdout, "old bytes");
    oss.run(&[
        "cp",
        "oss://vcp/k",
        s(&dir.join("x")),
        "--version-id",
        "nope",
    ])
    .fails(1, "cp oss://vcp/k");
    assert!(!dir.join("x").exists());
    oss.run(&["cp", s(&file), "oss://vcp/up", "--version-id", &old])
        .fails(2, "source must be oss://");
    oss.run(&[
        "cp",
        "-r",
        "oss://vcp/",
        s(dir.path()),
        "--version-id",
        &old,
    ])
    .fails(2, "--version-id");
    // set-props on the older version: its tags and ACL, not the current one's.
    oss.ok(&[
        "set-props",
        "oss://vcp/k",
        "--version-id",
        &old,
        "--tag",
        "state=old",
        "--acl",
        "public-read",
    ]);
    let tags = |version: Option<&str>| {
        let mut args = vec!["api", "get-object-tagging", "--bucket", "vcp", "--key", "k"];
        if let Some(version) = version {
            args.extend(["--version-id", version]);
        }
        oss.ok(&args).stdout
    };
    assert!(tags(Some(&old)).contains("state"), "{}", tags(Some(&old)));
    assert!(!tags(None).contains("state"), "{}", tags(None));
    let acl = |version: &[&str]| {
        let mut args = vec!["api", "get-object-acl", "--bucket", "vcp", "--key", "k"];
        args.extend_from_slice(version);
        oss.ok(&args).stdout
    };
    assert!(acl(&["--version-id", &old]).contains("public-read"));
    assert!(!acl(&[]).contains("public-read"));
    // New metadata from the older version becomes the current version.
    oss.ok(&[
        "set-props",
        "oss://vcp/k",
        "--version-id",
        &old,
        "--meta",
        "from=old",
    ]);
    assert_eq!(oss.ok(&["cat", "oss://vcp/k"]).stdout, "old bytes");
    oss.ok(&["stat", "oss://vcp/k"]).has("from");
    // restore of an archived older version under a Standard current one.
    let cold = put(
        &oss,
        "vcp",
        "cold",
        "frozen",
        &["--storage-class", "Archive"],
    );
    put(&oss, "vcp", "cold", "warm", &[]);
    oss.run(&["restore", "oss://vcp/cold"])
        .fails(1, "restore oss://vcp/cold");
    oss.ok(&["restore", "oss://vcp/cold", "--version-id", &cold]);
    oss.ok(&["stat", "oss://vcp/cold", "--version-id", &cold])
        .has("in progress");
}

#[test]
fn output_dir_gets_a_report_of_failed_transfers() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("report");
    let tree = dir.join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join("a"), "a").unwrap();
    std::fs::write(tree.join("b"), "b").unwrap();
    let reports = dir.join("reports");
    // No such bucket: every upload fails, and the report lists each.
    let run = oss.run(&[
        "cp",
        "-r",
        s(&tree),
        "oss://no-such-bucket/t/",
        "--output-dir",
        s(&reports),
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("failures written to"), "{run:?}");
    let files: Vec<_> = std::fs::read_dir(&reports).unwrap().collect();
    assert_eq!(files.len(), 1);
    let path = files[0].as_ref().unwrap().path();
    assert!(path.extension().is_some_and(|e| e == "report"), "{path:?}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("oss cp: 2 failure(s)"), "{text}");
    assert!(text.contains("-> oss://no-such-bucket/t/a: "), "{text}");
    assert!(text.contains("NoSuchBucket"), "{text}");
    // Success writes no report; sync writes one too.
    oss.ok(&["mb", "oss://reported"]);
    let json = oss
        .ok(&[
            "cp",
            "-r",
            s(&tree),
            "oss://reported/",
            "--output-dir",
            s(&reports),
            "--output-format",
            "json",
        ])
        .json();
    assert!(json["report"].is_null(), "{json}");
    assert_eq!(std::fs::read_dir(&reports).unwrap().count(), 1);
    // sync too: a download onto a directory fails.
    let back = dir.join("back");
    std::fs::create_dir_all(back.join("a")).unwrap();
    let sync = oss.run(&[
        "sync",
        "oss://reported/",
        s(&back),
        "--output-dir",
        s(&reports),
        "--output-format",
        "json",
    ]);
    assert_eq!(sync.code, 1, "{sync:?}");
    let json: serde_json::Value = serde_json::from_str(&sync.stdout).unwrap();
    let report = json["report"].as_str().unwrap();
    let text = std::fs::read_to_string(report).unwrap();
    assert!(text.starts_with("oss sync: 1 failure(s)"), "{text}");
    assert!(text.contains("oss://reported/a -> "), "{text}");
}
