//! The reference's bucket configurations on the data path, over raw HTTP (the interop test
//! `configs_interop.rs` checks the same with the official SDKs): CORS preflights and
//! actual requests, referer rules, static websites, and the lifecycle rules that depend on
//! the bucket.

mod common;

use common::{Client, Sign};
use oss_server::ServerConfig;

fn start() -> (oss_server::BackgroundServer, Client, Client) {
    let server = ServerConfig::new().start_background().expect("start");
    let owner = Client::new(server.addr());
    let anonymous = Client::new(server.addr()).with_sign(Sign::Anonymous);
    (server, owner, anonymous)
}

fn put_document(c: &Client, bucket: &str, name: &str, xml: &str) -> common::Response {
    c.call(
        "PUT",
        Some(bucket),
        None,
        &[(name, "")],
        &[],
        xml.as_bytes(),
    )
}

fn public_bucket(c: &Client, bucket: &str) {
    assert_eq!(c.create_bucket(bucket).status, 200);
    let r = c.call(
        "PUT",
        Some(bucket),
        None,
        &[("acl", "")],
        &[("x-oss-acl", "public-read")],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn cors_preflights_and_actual_requests() {
    let (_server, c, anonymous) = start();
    public_bucket(&c, "web");
    c.put("web", "a.txt", b"a");
    let preflight = |origin: &str, method: &str, headers: &str| {
        let mut h = vec![
            ("origin", origin),
            ("access-control-request-method", method),
        ];
        if !headers.is_empty() {
            h.push(("access-control-request-headers", headers));
        }
        anonymous.call("OPTIONS", Some("web"), Some("a.txt"), &[], &h, b"")
    };
    let r = preflight("https://app.example", "GET", "");
    assert_eq!((r.status, r.code().as_deref()), (403, Some("Forbidden")));
    let cors = "<CORSConfiguration><CORSRule><AllowedOrigin>https://*.example</AllowedOrigin>\
                <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod>\
                <AllowedHeader>x-oss-*</AllowedHeader><ExposeHeader>ETag</ExposeHeader>\
                <MaxAgeSeconds>30</MaxAgeSeconds></CORSRule></CORSConfiguration>";
    assert_eq!(put_document(&c, "web", "cors", cors).status, 200);
    let r = preflight("https://app.example", "PUT", "x-oss-meta-a, X-OSS-Tagging");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    assert_eq!(r.header("access-control-allow-methods"), Some("GET, PUT"));
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some("x-oss-meta-a, X-OSS-Tagging")
    );
    assert_eq!(r.header("access-control-max-age"), Some("30"));
    for (origin, method, headers) in [
        ("https://other.test", "GET", ""),
        ("https://app.example", "DELETE", ""),
        ("https://app.example", "GET", "authorization"),
    ] {
        let r = preflight(origin, method, headers);
        assert_eq!(r.status, 403, "{origin} {method} {headers}");
        assert_eq!(r.header("access-control-allow-origin"), None);
    }
    // Actual requests, anonymous or signed, successful or not.
    let origin = [("origin", "https://app.example")];
    for (client, key, status) in [(&anonymous, "a.txt", 200), (&c, "missing", 404)] {
        let r = client.call("GET", Some("web"), Some(key), &[], &origin, b"");
        assert_eq!(r.status, status);
        assert_eq!(
            r.header("access-control-allow-origin"),
            Some("https://app.example")
        );
        assert_eq!(r.header("access-control-expose-headers"), Some("ETag"));
        assert_eq!(r.header("vary"), None, "no ResponseVary");
    }
    let r = anonymous.call(
        "GET",
        Some("web"),
        Some("a.txt"),
        &[],
        &[("origin", "https://x.test")],
        b"",
    );
    assert_eq!(r.header("access-control-allow-origin"), None);
}

#[test]
fn referer_rules_apply_to_anonymous_requests_not_signed_ones() {
    let (_server, c, anonymous) = start();
    public_bucket(&c, "img");
    c.put("img", "p.png", b"png");
    let config = "<RefererConfiguration><AllowEmptyReferer>false</AllowEmptyReferer>\
                  <RefererList><Referer>https://*.good.example</Referer></RefererList>\
                  <RefererBlacklist><Referer>https://evil.good.example</Referer></RefererBlacklist>\
                  </RefererConfiguration>";
    assert_eq!(put_document(&c, "img", "referer", config).status, 200);
    let get = |client: &Client, referer: Option<&str>| {
        let headers: Vec<(&str, &str)> = referer.map(|r| ("referer", r)).into_iter().collect();
        client.call("GET", Some("img"), Some("p.png"), &[], &headers, b"")
    };
    assert_eq!(
        get(&anonymous, Some("https://www.good.example")).status,
        200
    );
    assert_eq!(
        get(&anonymous, Some("https://www.good.example?q=1")).status,
        200
    );
    for referer in [
        None,
        Some("https://bad.example"),
        Some("https://evil.good.example"),
    ] {
        let r = get(&anonymous, referer);
        assert_eq!(
            (r.status, r.code().as_deref()),
            (403, Some("AccessDenied")),
            "{referer:?}"
        );
    }
    assert_eq!(
        get(&c, None).status,
        200,
        "header-signed requests are exempt"
    );
    let r = c.call("GET", Some("img"), None, &[("referer", "")], &[], b"");
    assert!(
        r.text()
            .contains("<AllowEmptyReferer>false</AllowEmptyReferer>"),
        "{}",
        r.text()
    );
}

#[test]
fn websites_answer_anonymous_reads() {
    let (_server, c, anonymous) = start();
    public_bucket(&c, "site");
    for (key, body) in [
        ("index.html", "home"),
        ("404.html", "gone"),
        ("a/index.html", "a"),
    ] {
        c.put("site", key, body.as_bytes());
    }
    let site = "<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument>\
                <ErrorDocument><Key>404.html</Key></ErrorDocument></WebsiteConfiguration>";
    assert_eq!(put_document(&c, "site", "website", site).status, 200);
    let r = anonymous.call("GET", Some("site"), None, &[], &[], b"");
    assert_eq!((r.status, r.text().as_str()), (200, "home"));
    let r = anonymous.get("site", "a/");
    assert_eq!((r.status, r.text().as_str()), (200, "a"));
    let r = anonymous.get("site", "nothing/here");
    assert_eq!((r.status, r.text().as_str()), (404, "gone"));
    let r = anonymous.call("HEAD", Some("site"), Some("nothing"), &[], &[], b"");
    assert_eq!(r.status, 404);
    // Signed, the root is the listing and a missing key NoSuchKey.
    let r = c.call("GET", Some("site"), None, &[], &[], b"");
    assert!(r.text().contains("<ListBucketResult"), "{}", r.text());
    assert_eq!(
        c.get("site", "nothing").code().as_deref(),
        Some("NoSuchKey")
    );
    // A Mirror rule needs an outside origin: refused, the configuration kept.
    let mirror = site.replace(
        "</WebsiteConfiguration>",
        "<RoutingRules><RoutingRule><RuleNumber>1</RuleNumber><Condition>\
         <HttpErrorCodeReturnedEquals>404</HttpErrorCodeReturnedEquals></Condition><Redirect>\
         <RedirectType>Mirror</RedirectType><MirrorURL>http://origin.test/</MirrorURL>\
         </Redirect></RoutingRule></RoutingRules></WebsiteConfiguration>",
    );
    assert_eq!(put_document(&c, "site", "website", &mirror).status, 501);
    assert_eq!(anonymous.get("site", "nothing").text(), "gone");
}

/// The fields of a website configuration beyond the reference's round trip, and those the
/// server can act on do: the error document's status, a key-suffix condition and a header
/// condition by prefix.
#[test]
fn website_fields_round_trip_and_conditions_apply() {
    let (_server, c, anonymous) = start();
    public_bucket(&c, "site2");
    for (key, body) in [
        ("index.html", "home"),
        ("err.html", "oops"),
        ("img.html", "image"),
    ] {
        c.put("site2", key, body.as_bytes());
    }
    let site = "<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix>\
                <SupportSubDir>true</SupportSubDir><Type>0</Type></IndexDocument>\
                <ErrorDocument><Key>err.html</Key><HttpStatus>200</HttpStatus></ErrorDocument>\
                <RoutingRules><RoutingRule><RuleNumber>1</RuleNumber><Condition>\
                <KeySuffixEquals>.png</KeySuffixEquals><IncludeHeader><Key>x-agent</Key>\
                <StartsWith>bot</StartsWith></IncludeHeader></Condition><Redirect>\
                <RedirectType>Internal</RedirectType><ReplaceKeyWith>img.html</ReplaceKeyWith>\
                <EnableReplacePrefix>false</EnableReplacePrefix></Redirect></RoutingRule>\
                </RoutingRules></WebsiteConfiguration>";
    assert_eq!(put_document(&c, "site2", "website", site).status, 200);
    let stored = c
        .call("GET", Some("site2"), None, &[("website", "")], &[], b"")
        .text();
    for kept in [
        "<SupportSubDir>true</SupportSubDir>",
        "<Type>0</Type>",
        "<HttpStatus>200</HttpStatus>",
        "<KeySuffixEquals>.png</KeySuffixEquals>",
        "<StartsWith>bot</StartsWith>",
        "<EnableReplacePrefix>false</EnableReplacePrefix>",
    ] {
        assert!(stored.contains(kept), "{kept} kept: {stored}");
    }
    // The error document answers with its own status.
    let r = anonymous.get("site2", "missing.txt");
    assert_eq!((r.status, r.text().as_str()), (200, "oops"));
    // The rule needs both the suffix and a header value starting with `bot`.
    let bot = [("x-agent", "bot/1.0")];
    let r = anonymous.call("GET", Some("site2"), Some("a.png"), &[], &bot, b"");
    assert_eq!(r.text(), "image");
    let r = anonymous.call(
        "GET",
        Some("site2"),
        Some("a.png"),
        &[],
        &[("x-agent", "me")],
        b"",
    );
    assert_eq!(r.text(), "oops", "another agent");
    let r = anonymous.call("GET", Some("site2"), Some("a.jpg"), &[], &bot, b"");
    assert_eq!(r.text(), "oops", "another suffix");
    let bad = site.replace(
        "<HttpStatus>200</HttpStatus>",
        "<HttpStatus>302</HttpStatus>",
    );
    assert_eq!(put_document(&c, "site2", "website", &bad).status, 400);
}

#[test]
fn lifecycle_rules_that_depend_on_the_bucket() {
    let (_server, c, _) = start();
    let archive = "<CreateBucketConfiguration><StorageClass>Archive</StorageClass>\
                   </CreateBucketConfiguration>";
    assert_eq!(
        c.call("PUT", Some("cold"), None, &[], &[], archive.as_bytes())
            .status,
        200
    );
    let transition = "<LifecycleConfiguration><Rule><Prefix>a/</Prefix><Status>Enabled</Status>\
                      <Transition><Days>3</Days><StorageClass>ColdArchive</StorageClass>\
                      </Transition></Rule></LifecycleConfiguration>";
    let r = put_document(&c, "cold", "lifecycle", transition);
    assert_eq!(
        (r.status, r.code().as_deref()),
        (400, Some("InvalidArgument"))
    );
    assert_eq!(c.create_bucket("warm").status, 200);
    assert_eq!(
        put_document(&c, "warm", "lifecycle", transition).status,
        200
    );
    // The ID the rule did not have is made up.
    let r = c.call("GET", Some("warm"), None, &[("lifecycle", "")], &[], b"");
    assert!(r.xml("ID").is_some_and(|id| !id.is_empty()), "{}", r.text());
    let filtered = transition.replace(
        "<Status>",
        "<Filter><Not><Prefix>a/keep</Prefix></Not></Filter><Status>",
    );
    assert_eq!(put_document(&c, "warm", "lifecycle", &filtered).status, 501);
}

/// A bucket policy's `acs:SourceIp` conditions judge the connection's address: the test
/// client connects from 127.0.0.1, inside `127.0.0.0/8` and outside `192.0.2.0/24`.
#[test]
fn source_ip_conditions_judge_the_connection() {
    let (_server, c, anonymous) = start();
    assert_eq!(c.create_bucket("private-ip").status, 200);
    c.put("private-ip", "a.txt", b"data");
    let policy = |operator: &str, range: &str| {
        format!(
            r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Principal":["*"],
            "Action":["oss:GetObject"],"Resource":["acs:oss:*:*:private-ip/*"],
            "Condition":{{"{operator}":{{"acs:SourceIp":["{range}"]}}}}}}]}}"#
        )
    };
    let cases = [
        ("IpAddress", "127.0.0.0/8", 200),
        ("IpAddress", "192.0.2.0/24", 403),
        ("NotIpAddress", "192.0.2.0/24", 200),
        ("NotIpAddress", "127.0.0.1", 403),
    ];
    for (operator, range, status) in cases {
        let r = put_document(&c, "private-ip", "policy", &policy(operator, range));
        assert_eq!(r.status, 200, "{}", r.text());
        let got = anonymous.get("private-ip", "a.txt");
        assert_eq!(got.status, status, "{operator} {range}: {}", got.text());
    }
}
