//! `api`: every operation, printing its typed result as JSON, and its failures.

use serde_json::Value;

use crate::support::{Cli, Server, TempDir};

fn api(oss: &Cli, args: &[&str]) -> Value {
    let mut all = vec!["api"];
    all.extend_from_slice(args);
    let run = oss.ok(&all);
    let value = run.json();
    assert!(
        value["status"]
            .as_u64()
            .is_some_and(|s| (200..300).contains(&s)),
        "{value}"
    );
    assert!(value["request_id"].is_string(), "{value}");
    value["result"].clone()
}

#[test]
fn every_operation() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("api");
    let b = ["--bucket", "apibucket"];
    api(
        &oss,
        &[
            "put-bucket",
            "--bucket",
            "apibucket",
            "--acl",
            "private",
            "--storage-class",
            "Standard",
        ],
    );
    let buckets = api(
        &oss,
        &["list-buckets", "--prefix", "api", "--max-keys", "10"],
    );
    assert_eq!(
        buckets["Buckets"]["Bucket"][0]["Name"], "apibucket",
        "{buckets}"
    );
    assert_eq!(
        api(&oss, &["get-bucket-info", "--bucket", "apibucket"])["Bucket"]["Name"],
        "apibucket"
    );
    assert!(api(&oss, &["get-bucket-location", "--bucket", "apibucket"])
        .to_string()
        .contains("oss-cn-hangzhou"));
    assert_eq!(
        api(&oss, &["get-bucket-stat", "--bucket", "apibucket"])["ObjectCount"],
        0
    );
    api(
        &oss,
        &[
            "put-bucket-acl",
            "--bucket",
            "apibucket",
            "--acl",
            "public-read",
        ],
    );
    assert!(api(&oss, &["get-bucket-acl", "--bucket", "apibucket"])
        .to_string()
        .contains("public-read"));

    let put = api(
        &oss,
        &[
            &["put-object"][..],
            &b[..],
            &[
                "--key", "a.txt", "--body", "hello", "--meta", "k=v", "--tag", "t=1",
            ],
        ]
        .concat(),
    );
    assert_eq!(put["etag"].as_str().unwrap().len(), 32, "{put}");
    let file = dir.join("f.txt");
    std::fs::write(&file, "from a file").unwrap();
    api(
        &oss,
        &[
            &["put-object"][..],
            &b[..],
            &[
                "--key",
                "b.txt",
                "--file",
                file.to_str().unwrap(),
                "--content-type",
                "text/x",
            ],
        ]
        .concat(),
    );
    let head = api(
        &oss,
        &[&["head-object"][..], &b[..], &["--key", "a.txt"]].concat(),
    );
    assert_eq!(
        (head["content_length"].as_u64(), head["meta_k"].as_str()),
        (Some(5), Some("v"))
    );
    assert_eq!(
        api(
            &oss,
            &[&["get-object-meta"][..], &b[..], &["--key", "b.txt"]].concat()
        )["content_length"],
        11
    );
    let out = dir.join("out.txt");
    api(
        &oss,
        &[
            &["get-object"][..],
            &b[..],
            &["--key", "b.txt", "--file", out.to_str().unwrap()],
        ]
        .concat(),
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "from a file");
    let stdout = oss.ok(&[
        "api",
        "get-object",
        "--bucket",
        "apibucket",
        "--key",
        "b.txt",
        "--file",
        "-",
        "--range",
        "0-3",
    ]);
    assert_eq!(stdout.stdout, "from");
    assert!(stdout.stderr.contains("content_length"));
    let listed = api(
        &oss,
        &[
            &["list-objects"][..],
            &b[..],
            &["--prefix", "a", "--max-keys", "5"],
        ]
        .concat(),
    );
    assert_eq!(listed["Contents"][0]["Key"], "a.txt", "{listed}");
    let v2 = api(
        &oss,
        &[
            &["list-objects-v2"][..],
            &b[..],
            &["--start-after", "a.txt", "--fetch-owner"],
        ]
        .concat(),
    );
    assert_eq!(v2["KeyCount"], 1, "{v2}");

    api(
        &oss,
        &[
            &["copy-object"][..],
            &b[..],
            &["--key", "c.txt", "--source-key", "a.txt"],
        ]
        .concat(),
    );
    api(
        &oss,
        &[
            &["copy-object"][..],
            &b[..],
            &[
                "--key",
                "d.txt",
                "--source-key",
                "a.txt",
                "--replace-metadata",
                "--meta",
                "k=w",
            ],
        ]
        .concat(),
    );
    assert_eq!(
        api(
            &oss,
            &[&["head-object"][..], &b[..], &["--key", "d.txt"]].concat()
        )["meta_k"],
        "w"
    );
    let appended = api(
        &oss,
        &[
            &["append-object"][..],
            &b[..],
            &["--key", "log", "--position", "0", "--body", "one"],
        ]
        .concat(),
    );
    assert_eq!(appended["next_position"], 3);
    let crc = appended["crc64"].as_str().unwrap().to_owned();
    let appended = api(
        &oss,
        &[
            &["append-object"][..],
            &b[..],
            &[
                "--key",
                "log",
                "--position",
                "3",
                "--previous-crc",
                &crc,
                "--body",
                "two",
            ],
        ]
        .concat(),
    );
    assert_eq!(appended["next_position"], 6);
    api(
        &oss,
        &[
            &["put-object-acl"][..],
            &b[..],
            &["--key", "a.txt", "--acl", "private"],
        ]
        .concat(),
    );
    assert!(api(
        &oss,
        &[&["get-object-acl"][..], &b[..], &["--key", "a.txt"]].concat()
    )
    .to_string()
    .contains("private"));
    api(
        &oss,
        &[
            &["put-symlink"][..],
            &b[..],
            &["--key", "link", "--target", "a.txt"],
        ]
        .concat(),
    );
    assert_eq!(
        api(
            &oss,
            &[&["get-symlink"][..], &b[..], &["--key", "link"]].concat()
        )["target"],
        "a.txt"
    );
    api(
        &oss,
        &[
            &["put-object-tagging"][..],
            &b[..],
            &["--key", "a.txt", "--tag", "x=1", "--tag", "y=2"],
        ]
        .concat(),
    );
    assert!(api(
        &oss,
        &[&["get-object-tagging"][..], &b[..], &["--key", "a.txt"]].concat()
    )
    .to_string()
    .contains("\"y\""));
    api(
        &oss,
        &[&["delete-object-tagging"][..], &b[..], &["--key", "a.txt"]].concat(),
    );
    api(
        &oss,
        &[
            &["put-object"][..],
            &b[..],
            &[
                "--key",
                "cold",
                "--body",
                "ice",
                "--storage-class",
                "Archive",
            ],
        ]
        .concat(),
    );
    api(
        &oss,
        &[
            &["restore-object"][..],
            &b[..],
            &["--key", "cold", "--days", "1"],
        ]
        .concat(),
    );

    let init = api(
        &oss,
        &[
            &["initiate-multipart-upload"][..],
            &b[..],
            &["--key", "mp", "--content-type", "text/y"],
        ]
        .concat(),
    );
    let id = init["UploadId"].as_str().unwrap().to_owned();
    let u = [
        "--bucket",
        "apibucket",
        "--key",
        "mp",
        "--upload-id",
        id.as_str(),
    ];
    let part_file = dir.join("part1");
    std::fs::write(&part_file, "x".repeat(200_000)).unwrap();
    let part1 = api(
        &oss,
        &[
            &["upload-part"][..],
            &u[..],
            &["--part-number", "1", "--file", part_file.to_str().unwrap()],
        ]
        .concat(),
    );
    let part2 = api(
        &oss,
        &[
            &["upload-part-copy"][..],
            &u[..],
            &[
                "--part-number",
                "2",
                "--source-key",
                "a.txt",
                "--range",
                "0-1",
            ],
        ]
        .concat(),
    );
    let parts = api(
        &oss,
        &[&["list-parts"][..], &u[..], &["--max-parts", "10"]].concat(),
    );
    assert_eq!(
        parts["Part"]
            .as_array()
            .map(Vec::len)
            .or(parts["Parts"].as_array().map(Vec::len))
            .unwrap_or(2),
        2,
        "{parts}"
    );
    let uploads = api(
        &oss,
        &[
            &["list-multipart-uploads"][..],
            &b[..],
            &["--prefix", "mp", "--max-uploads", "5"],
        ]
        .concat(),
    );
    assert!(uploads.to_string().contains(&id), "{uploads}");
    let etag2 = part2["ETag"].as_str().unwrap().trim_matches('"').to_owned();
    let done = api(
        &oss,
        &[
            &["complete-multipart-upload"][..],
            &u[..],
            &[
                "--part",
                &format!("1:{}", part1["etag"].as_str().unwrap()),
                "--part",
                &format!("2:{etag2}"),
            ],
        ]
        .concat(),
    );
    assert!(done["etag"].as_str().unwrap().ends_with("-2"), "{done}");
    let second = api(
        &oss,
        &[
            &["initiate-multipart-upload"][..],
            &b[..],
            &["--key", "mp2"],
        ]
        .concat(),
    )["UploadId"]
        .as_str()
        .unwrap()
        .to_owned();
    api(
        &oss,
        &[
            "upload-part",
            "--bucket",
            "apibucket",
            "--key",
            "mp2",
            "--upload-id",
            &second,
            "--part-number",
            "1",
            "--body",
            "z",
        ],
    );
    api(
        &oss,
        &[
            "complete-multipart-upload",
            "--bucket",
            "apibucket",
            "--key",
            "mp2",
            "--upload-id",
            &second,
            "--complete-all",
        ],
    );
    let third = api(
        &oss,
        &[
            &["initiate-multipart-upload"][..],
            &b[..],
            &["--key", "mp3"],
        ]
        .concat(),
    )["UploadId"]
        .as_str()
        .unwrap()
        .to_owned();
    api(
        &oss,
        &[
            "abort-multipart-upload",
            "--bucket",
            "apibucket",
            "--key",
            "mp3",
            "--upload-id",
            &third,
        ],
    );

    api(
        &oss,
        &[&["delete-object"][..], &b[..], &["--key", "c.txt"]].concat(),
    );
    let deleted = api(
        &oss,
        &[
            &["delete-multiple-objects"][..],
            &b[..],
            &["--key", "a.txt", "--key", "b.txt"],
        ]
        .concat(),
    );
    assert_eq!(
        deleted["Deleted"].as_array().map(Vec::len),
        Some(2),
        "{deleted}"
    );
    oss.ok(&["rm", "-r", "--force", "oss://apibucket"]);
    api(&oss, &["delete-bucket", "--bucket", "apibucket"]);
}

#[test]
fn failures() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.run(&["api", "get-bucket-info", "--bucket", "missing"])
        .fails(1, "NoSuchBucket");
    oss.run(&["api", "get-bucket-info"]).fails(2, "--bucket");
    oss.run(&["api", "no-such-operation"])
        .fails(2, "unrecognized subcommand");
    oss.run(&["api", "put-bucket", "--bucket", "x"])
        .fails(2, "invalid");
    oss.ok(&["mb", "oss://failing"]);
    oss.run(&["api", "head-object", "--bucket", "failing", "--key", "nope"])
        .fails(1, "NoSuchKey");
    oss.run(&[
        "api",
        "complete-multipart-upload",
        "--bucket",
        "failing",
        "--key",
        "k",
        "--upload-id",
        "u",
    ])
    .fails(2, "--part");
    oss.run(&[
        "api",
        "complete-multipart-upload",
        "--bucket",
        "failing",
        "--key",
        "k",
        "--upload-id",
        "u",
        "--part",
        "x",
    ])
    .fails(2, "NUMBER:ETAG");
    oss.run(&[
        "api",
        "restore-object",
        "--bucket",
        "failing",
        "--key",
        "k",
        "--tier",
        "Slow",
    ])
    .fails(2, "tier");
}

/// The subcommands generated from the operation table: a bucket document stored, read back
/// and removed, its rules checked before sending, the XML from a file or the command line.
#[test]
fn generated_document_operations() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("api-cors");
    oss.ok(&["mb", "oss://corsbucket"]);
    let b = ["--bucket", "corsbucket"];
    oss.run(&[&["api", "get-bucket-cors"][..], &b[..]].concat())
        .fails(1, "NoSuchCORSConfiguration");
    let cors = "<CORSConfiguration><CORSRule><AllowedOrigin>https://example.com</AllowedOrigin>\
                <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod>\
                <MaxAgeSeconds>60</MaxAgeSeconds></CORSRule></CORSConfiguration>";
    let file = dir.join("cors.xml");
    std::fs::write(&file, cors).unwrap();
    let file = file.to_str().unwrap();
    api(
        &oss,
        &[&["put-bucket-cors"][..], &b[..], &["--file", file]].concat(),
    );
    let got = api(&oss, &[&["get-bucket-cors"][..], &b[..]].concat());
    assert_eq!(
        got["CORSRule"][0]["AllowedOrigin"][0], "https://example.com",
        "{got}"
    );
    assert_eq!(got["CORSRule"][0]["AllowedMethod"][1], "PUT", "{got}");
    assert_eq!(got["CORSRule"][0]["MaxAgeSeconds"], 60, "{got}");
    // Refused before sending: a method CORS does not allow, or no document at all.
    let bad = cors.replace("PUT", "PATCH");
    oss.run(&[&["api", "put-bucket-cors"][..], &b[..], &["--body", &bad]].concat())
        .fails(2, "PATCH");
    oss.run(&[&["api", "put-bucket-cors"][..], &b[..]].concat())
        .fails(2, "cors");
    api(&oss, &[&["delete-bucket-cors"][..], &b[..]].concat());
    oss.run(&[&["api", "get-bucket-cors"][..], &b[..]].concat())
        .fails(1, "NoSuchCORSConfiguration");
}

/// The reference's bucket configurations through their generated subcommands: a lifecycle and
/// a website stored and read back as JSON, the defaults of logging and referer, the
/// documented errors, and a CORS preflight.
#[test]
fn generated_configuration_operations() {
    let server = Server::start();
    let oss = Cli::new(&server);
    oss.ok(&["mb", "oss://cfgbucket"]);
    let b = ["--bucket", "cfgbucket"];
    let run = |args: &[&str]| api(&oss, &[args, &b[..]].concat());
    oss.run(&[&["api", "get-bucket-lifecycle"][..], &b[..]].concat())
        .fails(1, "NoSuchLifecycle");
    let lifecycle = "<LifecycleConfiguration><Rule><ID>logs</ID><Prefix>logs/</Prefix>\
                     <Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>\
                     </LifecycleConfiguration>";
    run(&["put-bucket-lifecycle", "--body", lifecycle]);
    let got = run(&["get-bucket-lifecycle"]);
    assert_eq!(got["Rule"][0]["Expiration"]["Days"], 1, "{got}");
    // Refused before sending: an expiration before the transition.
    let bad = lifecycle.replace(
        "<Expiration>",
        "<Transition><Days>5</Days><StorageClass>IA</StorageClass></Transition><Expiration>",
    );
    oss.run(
        &[
            &["api", "put-bucket-lifecycle"][..],
            &b[..],
            &["--body", &bad],
        ]
        .concat(),
    )
    .fails(2, "transition");
    run(&["delete-bucket-lifecycle"]);

    let website = "<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix>\
                   </IndexDocument></WebsiteConfiguration>";
    run(&["put-bucket-website", "--body", website]);
    let got = run(&["get-bucket-website"]);
    assert_eq!(got["IndexDocument"]["Suffix"], "index.html", "{got}");
    run(&["delete-bucket-website"]);
    oss.run(&[&["api", "get-bucket-website"][..], &b[..]].concat())
        .fails(1, "NoSuchWebsiteConfiguration");

    let referer = run(&["get-bucket-referer"]);
    assert_eq!(referer["AllowEmptyReferer"], true, "{referer}");
    let logging = run(&["get-bucket-logging"]);
    assert!(logging.get("LoggingEnabled").is_none(), "{logging}");
    let status = "<BucketLoggingStatus><LoggingEnabled><TargetBucket>nobucket</TargetBucket>\
                  </LoggingEnabled></BucketLoggingStatus>";
    oss.run(
        &[
            &["api", "put-bucket-logging"][..],
            &b[..],
            &["--body", status],
        ]
        .concat(),
    )
    .fails(1, "InvalidTargetBucketForLogging");

    let cors = "<CORSConfiguration><CORSRule><AllowedOrigin>https://example.com</AllowedOrigin>\
                <AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>60</MaxAgeSeconds></CORSRule>\
                </CORSConfiguration>";
    run(&["put-bucket-cors", "--body", cors]);
    let preflight = run(&[
        "option-object",
        "--key",
        "a.txt",
        "--origin",
        "https://example.com",
        "--request-method",
        "GET",
    ]);
    assert_eq!(
        preflight["AccessControlAllowOrigin"], "https://example.com",
        "{preflight}"
    );
    assert_eq!(preflight["AccessControlMaxAge"], 60, "{preflight}");
}

/// Documents as ossutil 2.0 takes them: under a flag named after the root element, as
/// `file://PATH` or inline, XML or JSON, the JSON checked through the typed model before
/// anything is sent.
#[test]
fn documents_as_file_urls_xml_or_json() {
    let server = Server::start();
    let oss = Cli::new(&server);
    let dir = TempDir::new("api-json");
    oss.ok(&["mb", "oss://jsonbucket"]);
    let b = ["--bucket", "jsonbucket"];
    let json = r#"{"CORSRule":[{"AllowedOrigin":["https://example.com"],
        "AllowedMethod":["GET","PUT"],"MaxAgeSeconds":60}]}"#;
    let file = dir.join("cors.json");
    std::fs::write(&file, json).unwrap();
    let url = format!("file://{}", file.display());
    api(
        &oss,
        &[
            &["put-bucket-cors"][..],
            &b[..],
            &["--cors-configuration", &url],
        ]
        .concat(),
    );
    let got = api(&oss, &[&["get-bucket-cors"][..], &b[..]].concat());
    assert_eq!(got["CORSRule"][0]["AllowedMethod"][1], "PUT", "{got}");
    assert_eq!(got["CORSRule"][0]["MaxAgeSeconds"], 60, "{got}");

    // Inline JSON, with its root element, and inline XML under the same flag.
    let versioning = r#"{"VersioningConfiguration":{"Status":"Enabled"}}"#;
    api(
        &oss,
        &[
            &["put-bucket-versioning"][..],
            &b[..],
            &["--versioning-configuration", versioning],
        ]
        .concat(),
    );
    let got = api(&oss, &[&["get-bucket-versioning"][..], &b[..]].concat());
    assert_eq!(got["Status"], "Enabled", "{got}");
    let xml = "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>\
               <AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>";
    api(
        &oss,
        &[
            &["put-bucket-cors"][..],
            &b[..],
            &["--cors-configuration", xml],
        ]
        .concat(),
    );
    let got = api(&oss, &[&["get-bucket-cors"][..], &b[..]].concat());
    assert_eq!(got["CORSRule"][0]["AllowedOrigin"][0], "*", "{got}");

    // Refused before sending: malformed JSON, JSON that breaks CORS's rules, a missing file.
    let put_cors = |value: &str| {
        oss.run(
            &[
                &["api", "put-bucket-cors"][..],
                &b[..],
                &["--cors-configuration", value],
            ]
            .concat(),
        )
    };
    put_cors(r#"{"CORSRule":"#).fails(2, "JSON");
    put_cors(&json.replace("PUT", "PATCH")).fails(2, "PATCH");
    put_cors("file:///no/such/cors.json").fails(1, "cors.json");
    let got = api(&oss, &[&["get-bucket-cors"][..], &b[..]].concat());
    assert_eq!(
        got["CORSRule"][0]["AllowedOrigin"][0], "*",
        "nothing changed: {got}"
    );
}
