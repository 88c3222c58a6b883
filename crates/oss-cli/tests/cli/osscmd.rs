//! Every osscmd command and alias, with osscmd's argument forms, and their failures.

use std::path::Path;

use crate::support::{data, Cli, Server, TempDir};

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn the_walkthrough_of_the_osscmd_guide() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("osscmd-walk");
    let local = dir.join("local_existed_file");
    std::fs::write(&local, b"osscmd walkthrough\n").unwrap();
    assert!(oss.ok(&["gs"]).stdout.contains("Bucket Number is: 0"));
    oss.ok(&["createbucket", "mybucketname"]);
    assert!(oss
        .ok(&["getallbucket"])
        .stdout
        .contains("oss://mybucketname"));
    let empty = oss.ok(&["list", "oss://mybucketname/"]).stdout;
    assert!(empty.contains("object list number is: 0"), "{empty}");
    oss.ok(&["put", s(&local), "oss://mybucketname/test_object"]);
    let listed = oss.ok(&["list", "oss://mybucketname/"]).stdout;
    assert!(
        listed.contains("oss://mybucketname/test_object"),
        "{listed}"
    );
    let download = dir.join("download_file");
    oss.ok(&["get", "oss://mybucketname/test_object", s(&download)]);
    assert_eq!(std::fs::read(&download).unwrap(), b"osscmd walkthrough\n");
    oss.run(&["deletebucket", "oss://mybucketname"])
        .fails(1, "BucketNotEmpty");
    oss.ok(&["delete", "oss://mybucketname/test_object"]);
    oss.ok(&["deletebucket", "oss://mybucketname"]);
    assert!(oss.ok(&["gs"]).stdout.contains("Bucket Number is: 0"));
}

#[test]
fn buckets_and_acls() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["createbucket", "oss://bucket-one"]);
    oss.ok(&["cb", "oss://bucket-two", "--acl=public-read"]);
    oss.ok(&["mb", "oss://bucket-three", "--acl=private"]);
    oss.ok(&["pb", "bucket-four"]);
    oss.ok(&["mb", "bucket-five"]);
    assert_eq!(
        oss.ok(&["getacl", "oss://bucket-two"]).stdout,
        "public-read\n"
    );
    oss.ok(&["setacl", "oss://bucket-two", "--acl=public-read-write"]);
    assert_eq!(
        oss.ok(&["getacl", "oss://bucket-two"]).stdout,
        "public-read-write\n"
    );
    oss.run(&["setacl", "oss://bucket-two"]).fails(2, "--acl");
    oss.run(&["cb", "oss://bucket-six", "--acl=no-acl"])
        .fails(2, "ACL");
    oss.ok(&["db", "oss://bucket-one"]);
    oss.ok(&["deletebucket", "bucket-four"]);
    oss.ok(&["mkdir", "oss://bucket-three/folder"]);
    // deletewholebucket asks first; no answer is no.
    oss.run_stdin(&["deletewholebucket", "oss://bucket-three"], b"")
        .fails(1, "not deleted");
    oss.run_stdin(&["deletewholebucket", "oss://bucket-three"], b"y\n")
        .ok();
    oss.ok(&["mkdir", "oss://bucket-five/x/"]);
    oss.ok(&["deletewholebucket", "oss://bucket-five", "--force=true"]);
    let left = oss.ok(&["gs"]).stdout;
    assert!(
        left.contains("Bucket Number is: 1") && left.contains("bucket-two"),
        "{left}"
    );
    oss.run(&["getacl", "oss://nosuchbucket"])
        .fails(1, "NoSuchBucket");
}

#[test]
fn listing_forms() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["mb", "oss://lister"]);
    for key in [
        "a",
        "folder1/folder2/x",
        "folder1/folder2/y",
        "folder1/z",
        "m1",
        "m2",
    ] {
        oss.ok(&["mkdir", &format!("oss://lister/{key}")]);
    }
    // Positional form: prefix, marker, delimiter, maxkeys ("" allowed).
    let page = oss.ok(&["list", "oss://lister/", "", "", "2"]).stdout;
    assert!(page.contains("object list number is: 2"), "{page}");
    assert!(page.contains("next marker is:"), "{page}");
    let after = oss.ok(&["ls", "oss://lister/", "m1/", "/"]).stdout;
    assert!(
        after.contains("oss://lister/m2/") && !after.contains("oss://lister/a/"),
        "{after}"
    );
    // Option form (and the guide's --maker typo).
    // (`ls` with only --delimiter is the native ls, which has that option too.)
    let grouped = oss
        .ok(&["list", "oss://lister/folder1/", "--delimiter=/"])
        .stdout;
    assert!(
        grouped.contains("prefix list is:\noss://lister/folder1/folder2/\n"),
        "{grouped}"
    );
    assert!(grouped.contains("prefix list number is: 2"), "{grouped}");
    let marked = oss
        .ok(&["ls", "oss://lister/", "--maker=folder1", "--maxkeys=10"])
        .stdout;
    assert!(!marked.contains("oss://lister/a/"), "{marked}");
    let json = oss
        .ok(&["list", "oss://lister/", "--output-format=json"])
        .json();
    assert_eq!(json["objects"].as_array().unwrap().len(), 6);
    let all = oss.ok(&["listallobject", "oss://lister/folder1/"]).stdout;
    assert!(all.contains("Object Number is: 3"), "{all}");
    oss.run(&["list", "oss://lister/", "", "", "many"])
        .fails(2, "maxkeys");
    oss.run(&["list"]).fails(2, "usage");
    // osscmd asks first unless --force=true.
    oss.run(&["deleteallobject", "oss://lister/folder1/"])
        .fails(1, "nothing removed");
    oss.ok(&["deleteallobject", "oss://lister/folder1/", "--force=true"]);
    assert!(oss
        .ok(&["listallobject", "oss://lister"])
        .stdout
        .contains("Object Number is: 3"));
}

#[test]
fn objects_put_get_copy_meta_sign() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("osscmd-objects");
    let file = dir.join("myfile.txt");
    std::fs::write(&file, b"hello osscmd").unwrap();
    oss.ok(&["mb", "oss://objs"]);
    // The key defaults to the file name; headers and content type.
    oss.ok(&["put", s(&file), "oss://objs"]);
    oss.ok(&[
        "put",
        s(&file),
        "oss://objs/test.txt",
        "--content-type=plain/text",
        "--headers=x-oss-meta-des:test, x-oss-meta-location:CN",
    ]);
    let meta = oss
        .ok(&["meta", "oss://objs/test.txt", "--output-format", "json"])
        .json();
    assert_eq!(meta["content_type"], "plain/text");
    assert_eq!(meta["meta_des"], "test");
    assert_eq!(meta["meta_location"], "CN");
    oss.ok(&["meta", "oss://objs/myfile.txt"])
        .has("Content-Length")
        .has("12");
    oss.ok(&["upload", s(&file), "oss://objs/uploaded.txt"]);
    assert_eq!(
        oss.ok(&["cat", "oss://objs/uploaded.txt"]).stdout,
        "hello osscmd"
    );
    // get, multiget/multi_get.
    let big = dir.join("big.bin");
    std::fs::write(&big, data(700_000, 9)).unwrap();
    oss.ok(&["put", s(&big), "oss://objs/big.bin"]);
    let got = dir.join("g.bin");
    oss.ok(&["get", "oss://objs/big.bin", s(&got)]);
    assert_eq!(std::fs::read(&got).unwrap(), data(700_000, 9));
    for (alias, name) in [("multiget", "m.bin"), ("multi_get", "mm.bin")] {
        let out = dir.join(name);
        oss.ok(&[alias, "oss://objs/big.bin", s(&out), "--thread_num=3"]);
        assert_eq!(std::fs::read(&out).unwrap(), data(700_000, 9), "{alias}");
    }
    // copy, with new headers.
    oss.ok(&["mb", "oss://dest-bucket"]);
    oss.ok(&[
        "copy",
        "oss://objs/test.txt",
        "oss://dest-bucket/copied.txt",
    ]);
    assert_eq!(
        oss.ok(&["cat", "oss://dest-bucket/copied.txt"]).stdout,
        "hello osscmd"
    );
    oss.ok(&[
        "copy",
        "oss://objs/test.txt",
        "oss://dest-bucket/re.txt",
        "--headers=x-oss-meta-des:new",
    ]);
    let re = oss
        .ok(&[
            "meta",
            "oss://dest-bucket/re.txt",
            "--output-format",
            "json",
        ])
        .json();
    assert_eq!(re["meta_des"], "new");
    // signurl / sign.
    for alias in ["signurl", "sign"] {
        let url = oss
            .ok(&[alias, "oss://objs/test.txt", "--timeout=60"])
            .stdout;
        let (status, body) = crate::support::http("GET", url.trim(), &[], b"");
        assert_eq!(
            (status, body.as_slice()),
            (200, b"hello osscmd".as_slice()),
            "{alias}"
        );
    }
    // rm / delete / del.
    for (alias, key) in [
        ("rm", "myfile.txt"),
        ("delete", "test.txt"),
        ("del", "uploaded.txt"),
    ] {
        oss.ok(&[alias, &format!("oss://objs/{key}")]);
        oss.run(&["meta", &format!("oss://objs/{key}")])
            .fails(1, "NoSuchKey");
    }
    oss.run(&["put", s(&dir.join("missing")), "oss://objs/x"])
        .fails(1, "cannot read");
    oss.run(&["put", s(&file), "oss://objs/x", "--headers=bogus"])
        .fails(2, "--headers");
    oss.run(&["put", s(&file)]).fails(2, "usage");
    oss.run(&["get", "oss://objs/nothing", s(&dir.join("n"))])
        .fails(1, "NoSuchKey");
    oss.run(&["put", s(&file), "oss://objs/x", "--thread_num=2"])
        .fails(2, "unknown option --thread_num");
}

#[test]
fn directories() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("osscmd-dirs");
    let tree = dir.join("tmp");
    for (name, body) in [("a/b", "ab"), ("a/c", "ac"), ("d", "d")] {
        let path = tree.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
    oss.ok(&["mb", "oss://dirs"]);
    let checkpoint = dir.join("cp.txt");
    let cp_arg = format!("--check_point={}", s(&checkpoint));
    oss.ok(&["uploadfromdir", s(&tree), "oss://dirs/mytest", &cp_arg]);
    let all = oss.ok(&["ls", "-r", "-s", "oss://dirs"]).stdout;
    assert_eq!(
        all,
        "oss://dirs/mytest/a/b\noss://dirs/mytest/a/c\noss://dirs/mytest/d\n"
    );
    let recorded = std::fs::read_to_string(&checkpoint).unwrap();
    assert_eq!(recorded.lines().count(), 3, "{recorded}");
    assert!(recorded.lines().all(|l| l.contains('#')), "{recorded}");
    // Unchanged files are skipped on the next run.
    let again = oss
        .ok(&[
            "uploadfromdir",
            s(&tree),
            "oss://dirs/mytest",
            &cp_arg,
            "--output-format=json",
        ])
        .json();
    assert_eq!(
        (again["done"].as_u64(), again["skipped"].as_u64()),
        (Some(0), Some(3))
    );
    oss.ok(&["uploadfromdir", s(&tree), "oss://dirs"]);
    // downloadallobject / downloadtodir keep the structure; --replace decides overwrites.
    let out = dir.join("out");
    oss.ok(&["downloadallobject", "oss://dirs/mytest/", s(&out)]);
    assert_eq!(std::fs::read(out.join("a/b")).unwrap(), b"ab");
    std::fs::write(out.join("d"), b"local change").unwrap();
    oss.ok(&[
        "downloadtodir",
        "oss://dirs/mytest/",
        s(&out),
        "--replace=false",
    ]);
    assert_eq!(std::fs::read(out.join("d")).unwrap(), b"local change");
    oss.ok(&[
        "downloadtodir",
        "oss://dirs/mytest/",
        s(&out),
        "--replace=true",
        "--thread_num=2",
    ]);
    assert_eq!(std::fs::read(out.join("d")).unwrap(), b"d");
    oss.run(&["uploadfromdir", s(&tree.join("d")), "oss://dirs"])
        .fails(2, "not a directory");
}

#[test]
fn multipart_commands() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("osscmd-multi");
    let file = dir.join("localfile.bin");
    let body = data(1_000_000, 5);
    std::fs::write(&file, &body).unwrap();
    oss.ok(&["mb", "oss://multi"]);
    // init, upload one part from a file and one from a string, list, size, cancel.
    let id = oss
        .ok(&["init", "oss://multi/object", "--output-format=json"])
        .json()["upload_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(oss
        .ok(&["init", "oss://multi/other"])
        .stdout
        .starts_with("Upload Id: "));
    let part = dir.join("part.bin");
    std::fs::write(&part, data(200_000, 6)).unwrap();
    oss.ok(&[
        "uploadpartfromfile",
        s(&part),
        "oss://multi/object",
        &format!("--upload_id={id}"),
        "--part_number=1",
    ]);
    oss.ok(&[
        "upff",
        s(&part),
        "oss://multi/object",
        &format!("--upload_id={id}"),
        "--part_number=2",
    ]);
    oss.ok(&[
        "uploadpartfromstring",
        "oss://multi/object",
        &format!("--upload_id={id}"),
        "--part_number=3",
        "--data=tail",
    ]);
    oss.ok(&[
        "upfs",
        "oss://multi/object",
        &format!("--upload_id={id}"),
        "--part_number=4",
        "--data=more",
    ]);
    let parts = oss
        .ok(&[
            "listpart",
            "oss://multi/object",
            &format!("--upload_id={id}"),
        ])
        .stdout;
    assert!(
        parts.starts_with("PartNumber ETag Size LastModifyTime\n1 "),
        "{parts}"
    );
    assert_eq!(parts.lines().count(), 5, "{parts}");
    let uploads = oss.ok(&["listparts", "oss://multi"]).stdout;
    assert!(
        uploads.contains(&id) && uploads.contains("oss://multi/other"),
        "{uploads}"
    );
    let size = oss.ok(&["getallpartsize", "oss://multi"]).stdout;
    assert!(size.contains("totalsize is: real:400008"), "{size}");
    oss.ok(&["cancel", "oss://multi/object", &format!("--upload_id={id}")]);
    oss.run(&[
        "listpart",
        "oss://multi/object",
        &format!("--upload_id={id}"),
    ])
    .fails(1, "NoSuchUpload");
    oss.run(&["listpart", "oss://multi/object"])
        .fails(2, "--upload_id");
    oss.run(&["upff", s(&part), "oss://multi/object", "--upload_id=x"])
        .fails(2, "--part_number");

    // multiupload resumes an upload: parts already there with the right MD5 are skipped.
    let resumable = oss
        .ok(&["init", "oss://multi/big", "--output-format=json"])
        .json()["upload_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let first = dir.join("first.bin");
    std::fs::write(&first, &body[..250_000]).unwrap();
    oss.ok(&[
        "upff",
        s(&first),
        "oss://multi/big",
        &format!("--upload_id={resumable}"),
        "--part_number=1",
    ]);
    let json = oss
        .ok(&[
            "multiupload",
            s(&file),
            "oss://multi/big",
            &format!("--upload_id={resumable}"),
            "--max_part_num=4",
            "--thread_num=2",
            "--output-format=json",
        ])
        .json();
    assert_eq!(
        (json["parts"].as_u64(), json["skipped_parts"].as_u64()),
        (Some(4), Some(1))
    );
    let back = dir.join("back.bin");
    oss.ok(&["get", "oss://multi/big", s(&back)]);
    assert_eq!(std::fs::read(&back).unwrap(), body);
    // Aliases, and the key from the file name.
    for alias in ["multi_upload", "mp", "multiup_load"] {
        oss.ok(&[
            alias,
            s(&file),
            &format!("oss://multi/{alias}/"),
            "--max_part_num=3",
        ]);
        let got = dir.join(&format!("{alias}.bin"));
        oss.ok(&[
            "get",
            &format!("oss://multi/{alias}/localfile.bin"),
            s(&got),
        ]);
        assert_eq!(std::fs::read(&got).unwrap(), body, "{alias}");
    }
    oss.run(&["mp", s(&file), "oss://multi/x", "--upload_id=nosuchupload"])
        .fails(1, "NoSuchUpload");
}

#[test]
fn config_and_credentials_on_the_command_line() {
    let server = Server::start();
    let oss = Cli::bare();
    oss.run(&[
        "gs",
        "--id=wrong",
        "--key=wrong",
        &format!("--host={}", server.endpoint),
        "--region=cn-hangzhou",
    ])
    .fails(1, "InvalidAccessKeyId");
    oss.ok(&[
        "gs",
        &format!("--id={}", crate::support::AK),
        &format!("--key={}", crate::support::SK),
        &format!("--host={}", server.endpoint),
        "--region=cn-hangzhou",
    ]);
    oss.ok(&[
        "config",
        &format!("--id={}", crate::support::AK),
        &format!("--key={}", crate::support::SK),
        &format!("--host={}", server.endpoint),
    ])
    .has("Your configuration is saved into");
    oss.ok(&["config", "set", "region", "cn-hangzhou"]);
    oss.ok(&["cb", "oss://configured"]);
    assert!(oss.ok(&["gs"]).stdout.contains("oss://configured"));
    let show = oss.ok(&["config", "show"]).stdout;
    assert!(!show.contains(crate::support::SK), "{show}");
}
