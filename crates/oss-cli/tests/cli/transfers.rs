//! cp and sync: every direction, single objects and trees, multipart and ranged transfers,
//! filters, --update, object settings, the bandwidth limit, and partial failures.

use std::path::Path;
use std::time::Instant;

use crate::support::{data, Cli, Server, TempDir};

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn single_objects_every_direction() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("cp-single");
    let small = dir.join("small.txt");
    let big = dir.join("big.bin");
    write(&small, b"small file\n");
    let big_data = data(3 << 20, 1);
    write(&big, &big_data);
    oss.ok(&["mb", "oss://bkt"]);

    // Local to OSS: a key ending with / takes the file's name.
    oss.ok(&["cp", s(&small), "oss://bkt/docs/"])
        .has("copied 1 file(s)");
    assert_eq!(
        oss.ok(&["cat", "oss://bkt/docs/small.txt"]).stdout,
        "small file\n"
    );
    // Multipart above the threshold, several parts in parallel.
    let json = oss
        .ok(&[
            "cp",
            s(&big),
            "oss://bkt/big.bin",
            "--bigfile-threshold",
            "1MiB",
            "--part-size",
            "512KiB",
            "--parallel",
            "3",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(json["bytes"], 3 << 20);
    let stat = oss
        .ok(&["stat", "oss://bkt/big.bin", "--output-format", "json"])
        .json();
    assert!(stat["etag"].as_str().unwrap().ends_with("-6"), "{stat}");
    assert_eq!(stat["object_type"], "Multipart");

    // OSS to local, whole and ranged.
    let back = dir.join("back.bin");
    oss.ok(&["cp", "oss://bkt/big.bin", s(&back)]);
    assert_eq!(std::fs::read(&back).unwrap(), big_data);
    let ranged = dir.join("ranged.bin");
    oss.ok(&[
        "cp",
        "oss://bkt/big.bin",
        s(&ranged),
        "--bigfile-threshold",
        "1MiB",
        "--part-size",
        "300KiB",
    ]);
    assert_eq!(std::fs::read(&ranged).unwrap(), big_data);
    // Into an existing directory.
    let into = dir.join("into");
    std::fs::create_dir_all(&into).unwrap();
    oss.ok(&["cp", "oss://bkt/docs/small.txt", s(&into)]);
    assert_eq!(
        std::fs::read(into.join("small.txt")).unwrap(),
        b"small file\n"
    );
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // OSS to OSS, simple and multipart copies, across buckets.
    oss.ok(&["mb", "oss://other"]);
    oss.ok(&["cp", "oss://bkt/docs/small.txt", "oss://other/"]);
    oss.ok(&[
        "cp",
        "oss://bkt/big.bin",
        "oss://other/big-copy.bin",
        "--bigfile-threshold",
        "1MiB",
    ]);
    let copy = dir.join("copy.bin");
    oss.ok(&["cp", "oss://other/big-copy.bin", s(&copy)]);
    assert_eq!(std::fs::read(&copy).unwrap(), big_data);
    assert_eq!(
        oss.ok(&["cat", "oss://other/small.txt"]).stdout,
        "small file\n"
    );
}

#[test]
fn object_settings_and_update() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("cp-settings");
    let file = dir.join("page.html");
    write(&file, b"<html></html>");
    oss.ok(&["mb", "oss://bkt"]);
    oss.ok(&[
        "cp",
        s(&file),
        "oss://bkt/page.html",
        "--acl",
        "public-read",
        "--meta",
        "author=alice",
        "--meta",
        "team=storage",
        "--content-type",
        "text/x-test",
    ]);
    let stat = oss
        .ok(&["stat", "oss://bkt/page.html", "--output-format", "json"])
        .json();
    assert_eq!(stat["content_type"], "text/x-test");
    assert_eq!(stat["meta_author"], "alice");
    assert_eq!(stat["meta_team"], "storage");
    // A copy keeps the metadata; --meta on a copy replaces it, keeping the type.
    oss.ok(&["cp", "oss://bkt/page.html", "oss://bkt/kept.html"]);
    let kept = oss
        .ok(&["stat", "oss://bkt/kept.html", "--output-format", "json"])
        .json();
    assert_eq!(kept["meta_author"], "alice");
    oss.ok(&[
        "cp",
        "oss://bkt/page.html",
        "oss://bkt/new.html",
        "--meta",
        "author=bob",
    ]);
    let new = oss
        .ok(&["stat", "oss://bkt/new.html", "--output-format", "json"])
        .json();
    assert_eq!(new["meta_author"], "bob");
    assert_eq!(new["content_type"], "text/x-test");

    // --update skips an up-to-date destination, copies a changed one.
    let json = oss
        .ok(&[
            "cp",
            "-u",
            s(&file),
            "oss://bkt/page.html",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(
        (json["done"].as_u64(), json["skipped"].as_u64()),
        (Some(0), Some(1))
    );
    write(&file, b"<html>changed</html>");
    let json = oss
        .ok(&[
            "cp",
            "-u",
            s(&file),
            "oss://bkt/page.html",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(json["done"], 1);
    oss.run(&["cp", s(&file), "oss://bkt/x", "--acl", "everyone"])
        .fails(2, "ACL");
    oss.run(&["cp", s(&file), "oss://bkt/x", "--meta", "novalue"])
        .fails(2, "--meta");
    oss.run(&["cp", s(&file), "oss://bkt/x", "--part-size", "big"])
        .fails(2, "size");
}

#[test]
fn trees_filters_and_sync() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("cp-tree");
    let src = dir.join("src");
    write(&src.join("a.txt"), b"a");
    write(&src.join("photos/1.jpg"), &data(200_000, 2));
    write(&src.join("photos/2.png"), b"png");
    write(&src.join(".git/config"), b"git");
    write(&src.join("deep/er/x.bin"), &data(1_500_000, 3));
    oss.ok(&["mb", "oss://bkt"]);

    let json = oss
        .ok(&[
            "cp",
            "-r",
            s(&src),
            "oss://bkt/up",
            "--exclude",
            ".git",
            "-j",
            "2",
            "--bigfile-threshold",
            "1MiB",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(json["done"], 4);
    let listed = oss.ok(&["ls", "-r", "-s", "oss://bkt/up/"]).stdout;
    assert_eq!(
        listed,
        "oss://bkt/up/a.txt\noss://bkt/up/deep/er/x.bin\noss://bkt/up/photos/1.jpg\noss://bkt/up/photos/2.png\n"
    );
    // Down again, only the JPEGs.
    let down = dir.join("down");
    oss.ok(&["cp", "-r", "oss://bkt/up/", s(&down), "--include", "*.jpg"]);
    assert_eq!(
        std::fs::read(down.join("photos/1.jpg")).unwrap(),
        data(200_000, 2)
    );
    assert!(!down.join("a.txt").exists());
    // Everything, then OSS to OSS.
    oss.ok(&["cp", "-r", "oss://bkt/up", s(&down)]);
    assert_eq!(
        std::fs::read(down.join("deep/er/x.bin")).unwrap(),
        data(1_500_000, 3)
    );
    oss.ok(&["cp", "-r", "oss://bkt/up/", "oss://bkt/mirror/"]);
    assert_eq!(
        oss.ok(&["ls", "-r", "-s", "oss://bkt/mirror/"])
            .stdout
            .lines()
            .count(),
        4
    );

    // sync: only what changed; --delete removes extras, on OSS and locally.
    let json = oss
        .ok(&[
            "sync",
            s(&src),
            "oss://bkt/up",
            "--exclude",
            ".git",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(
        (json["done"].as_u64(), json["skipped"].as_u64()),
        (Some(0), Some(4))
    );
    write(&src.join("a.txt"), b"a changed");
    std::fs::remove_file(src.join("photos/2.png")).unwrap();
    let json = oss
        .ok(&[
            "sync",
            s(&src),
            "oss://bkt/up",
            "--exclude",
            ".git",
            "--delete",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(json["done"], 1);
    assert_eq!(json["deleted"], 1);
    assert_eq!(oss.ok(&["cat", "oss://bkt/up/a.txt"]).stdout, "a changed");
    oss.run(&["stat", "oss://bkt/up/photos/2.png"])
        .fails(1, "NoSuchKey");
    write(&down.join("stray.txt"), b"stray");
    oss.ok(&["sync", "oss://bkt/up/", s(&down), "--delete"])
        .has("deleted");
    assert!(!down.join("stray.txt").exists());
    assert_eq!(std::fs::read(down.join("a.txt")).unwrap(), b"a changed");
}

#[test]
fn failures_and_usage() {
    let server = Server::start_with(&["--memory", "--fault", "error=403,op=PutObject,key=*bad*"]);
    let oss = Cli::new(&server);
    let dir = TempDir::new("cp-fail");
    write(&dir.join("tree/good.txt"), b"good");
    write(&dir.join("tree/bad.txt"), b"bad");
    write(&dir.join("tree/fine.txt"), b"fine");
    oss.ok(&["mb", "oss://bkt"]);
    // One item of three fails: exit 1, the failure listed, the others copied.
    let run = oss
        .run(&["cp", "-r", s(&dir.join("tree")), "oss://bkt/t/"])
        .fails(1, "1 of 3 items failed");
    assert!(run.stderr.contains("bad.txt"), "{run:?}");
    assert!(
        run.stdout.contains("bad.txt") && run.stdout.contains("InjectedFault"),
        "{run:?}"
    );
    assert_eq!(
        oss.ok(&["ls", "-r", "-s", "oss://bkt/t/"])
            .stdout
            .lines()
            .count(),
        2
    );
    let json = oss.run(&[
        "cp",
        "-r",
        s(&dir.join("tree")),
        "oss://bkt/t/",
        "--output-format",
        "json",
    ]);
    assert_eq!(json.code, 1);
    assert_eq!(
        json.json()["failed"][0]["source"],
        s(&dir.join("tree/bad.txt"))
    );
    // A single failure is the error itself.
    oss.run(&["cp", s(&dir.join("tree/bad.txt")), "oss://bkt/bad.txt"])
        .fails(1, "InjectedFault");
    oss.run(&["cp", s(&dir.join("missing")), "oss://bkt/x"])
        .fails(1, "cannot read");
    oss.run(&["cp", "oss://bkt/missing", s(&dir.join("x"))])
        .fails(1, "NoSuchKey");
    oss.run(&["cp", "oss://nobucket/k", s(&dir.join("x"))])
        .fails(1, "NoSuchBucket");
    oss.run(&["cp", s(&dir.join("tree")), "oss://bkt/"])
        .fails(2, "use -r");
    oss.run(&["cp", "a", "b"]).fails(2, "both paths are local");
    oss.run(&["cp", "oss://bkt/", s(dir.path())])
        .fails(2, "names no object");
    oss.run(&["cp", "-r", s(&dir.join("tree/good.txt")), "oss://bkt/"])
        .fails(2, "not a directory");
    oss.run(&["cp", "only-one"]).fails(2, "Usage");
}

#[test]
fn bandwidth_limit_holds() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("cp-limit");
    let file = dir.join("f.bin");
    write(&file, &data(2 << 20, 4));
    oss.ok(&["mb", "oss://bkt"]);
    let started = Instant::now();
    oss.ok(&[
        "cp",
        s(&file),
        "oss://bkt/f.bin",
        "--bandwidth-limit",
        "4MiB",
    ]);
    let up = started.elapsed();
    assert!(up.as_secs_f64() >= 0.4, "2 MiB at 4 MiB/s took {up:?}");
    let started = Instant::now();
    oss.ok(&[
        "cp",
        "oss://bkt/f.bin",
        s(&dir.join("g.bin")),
        "--bandwidth-limit",
        "4MiB",
        "--bigfile-threshold",
        "1MiB",
    ]);
    assert!(started.elapsed().as_secs_f64() >= 0.4);
    assert_eq!(std::fs::read(dir.join("g.bin")).unwrap(), data(2 << 20, 4));
}
