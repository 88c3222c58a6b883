//! Regressions of the adversarial review (2026-12-06) about who gets what: reads through
//! symlinks and copies apply the target's ACL (D1), credentials can stay off the command
//! line (D17), and a data directory is private to its user (item 7).

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use common::{Client, Sign};
use oss_auth::Credentials;
use oss_server::ServerConfig;

fn owner_and_anonymous(server: &oss_server::BackgroundServer) -> (Client, Client) {
    let owner = Client::new(server.addr()).with_credentials(Credentials::new("ak", "sk"));
    let anonymous = owner.clone().with_sign(Sign::Anonymous);
    (owner, anonymous)
}

fn bucket_with_acl(owner: &Client, bucket: &str, acl: &str) {
    let r = owner.call("PUT", Some(bucket), None, &[], &[("x-oss-acl", acl)], b"");
    assert_eq!(r.status, 200, "{}", r.text());
}

/// D1: an anonymous caller creates a symlink to a private object in a public-read-write
/// bucket; neither reading it, copying it, nor UploadPartCopy from it serves the private
/// content.
#[test]
fn links_and_copies_apply_the_targets_acl() {
    let server = ServerConfig::new()
        .credential(Credentials::new("ak", "sk"))
        .start_background()
        .unwrap();
    let (owner, anon) = owner_and_anonymous(&server);
    bucket_with_acl(&owner, "pubrw", "public-read-write");
    let r = owner.call(
        "PUT",
        Some("pubrw"),
        Some("private.txt"),
        &[],
        &[("x-oss-object-acl", "private")],
        b"TOP-SECRET",
    );
    assert_eq!(r.status, 200);
    assert_eq!(anon.get("pubrw", "private.txt").status, 403);

    // Creating the link is a write, which the bucket allows.
    let link = |name: &str| {
        anon.call(
            "PUT",
            Some("pubrw"),
            Some(name),
            &[("symlink", "")],
            &[("x-oss-symlink-target", "private.txt")],
            b"",
        )
    };
    assert_eq!(link("link").status, 200);
    // GET and HEAD through the link: the target's ACL.
    let r = anon.get("pubrw", "link");
    assert_eq!((r.status, r.code().as_deref()), (403, Some("AccessDenied")));
    assert!(!r.text().contains("TOP-SECRET"));
    let r = anon.call("HEAD", Some("pubrw"), Some("link"), &[], &[], b"");
    assert_eq!(r.status, 403);
    assert_ne!(r.header("content-length"), Some("10"));
    // GetObjectMeta describes the link itself, nothing of the target.
    let r = anon.call(
        "HEAD",
        Some("pubrw"),
        Some("link"),
        &[("objectMeta", "")],
        &[],
        b"",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-length"), Some("0"));
    let target_etag = owner
        .get("pubrw", "private.txt")
        .header("etag")
        .unwrap()
        .to_owned();
    assert_ne!(r.header("etag"), Some(target_etag.as_str()));
    // CopyObject of the link, and of a copy of it.
    let copy = |caller: &Client, from: &str, to: &str| {
        caller.call(
            "PUT",
            Some("pubrw"),
            Some(to),
            &[],
            &[("x-oss-copy-source", &format!("/pubrw/{from}"))],
            b"",
        )
    };
    let r = copy(&anon, "link", "copy3");
    assert_eq!((r.status, r.code().as_deref()), (403, Some("AccessDenied")));
    assert_eq!(anon.get("pubrw", "copy3").status, 404, "no copy was made");
    assert_eq!(
        copy(&anon, "private.txt", "copy4").status,
        403,
        "(held before)"
    );
    assert_eq!(copy(&owner, "link", "owners-copy").status, 200);
    assert_eq!(owner.get("pubrw", "owners-copy").body, b"TOP-SECRET");
    assert_eq!(
        anon.get("pubrw", "owners-copy").status,
        403,
        "a copied link is a link"
    );
    // UploadPartCopy from the link.
    let id = anon
        .call(
            "POST",
            Some("pubrw"),
            Some("mp"),
            &[("uploads", "")],
            &[],
            b"",
        )
        .xml("UploadId")
        .expect("anonymous InitiateMultipartUpload in a public-read-write bucket");
    let part_copy = |caller: &Client| {
        caller.call(
            "PUT",
            Some("pubrw"),
            Some("mp"),
            &[("partNumber", "1"), ("uploadId", &id)],
            &[("x-oss-copy-source", "/pubrw/link")],
            b"",
        )
    };
    let r = part_copy(&anon);
    assert_eq!((r.status, r.code().as_deref()), (403, Some("AccessDenied")));
    let r = part_copy(&owner);
    assert_eq!(r.status, 200, "{}", r.text());
    let r = owner.call(
        "GET",
        Some("pubrw"),
        Some("mp"),
        &[("uploadId", &id)],
        &[],
        b"",
    );
    assert_eq!(
        r.xml("Size").as_deref(),
        Some("10"),
        "the part holds the target's data"
    );
    // The owner reads through the link as before.
    assert_eq!(owner.get("pubrw", "link").body, b"TOP-SECRET");

    // The target's ACL opens too: a public-read object behind a link in a private bucket.
    owner.create_bucket("priv");
    let r = owner.call(
        "PUT",
        Some("priv"),
        Some("public.txt"),
        &[],
        &[("x-oss-object-acl", "public-read")],
        b"open",
    );
    assert_eq!(r.status, 200);
    let r = owner.call(
        "PUT",
        Some("priv"),
        Some("public-link"),
        &[("symlink", "")],
        &[
            ("x-oss-symlink-target", "public.txt"),
            ("x-oss-object-acl", "public-read"),
        ],
        b"",
    );
    assert_eq!(r.status, 200);
    assert_eq!(anon.get("priv", "public-link").body, b"open");
    // Creating a link needs write access, as any write.
    bucket_with_acl(&owner, "pubr", "public-read");
    let r = anon.call(
        "PUT",
        Some("pubr"),
        Some("link"),
        &[("symlink", "")],
        &[("x-oss-symlink-target", "x")],
        b"",
    );
    assert_eq!((r.status, r.code().as_deref()), (403, Some("AccessDenied")));
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir =
            std::env::temp_dir().join(format!("oss-server-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The binary, started through `sh` with `umask` and environment `env`.
struct Proc {
    child: Child,
    /// Kept open, so that the server's later writes to stdout do not fail.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Proc {
    fn spawn(umask: &str, args: &[&str], env: &[(&str, &str)]) -> Child {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_oss-server"))
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .env_remove("OSS_SERVER_CREDENTIALS")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        command.spawn().expect("spawn oss-server")
    }

    fn start(
        umask: &str,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> (Proc, std::net::SocketAddr, Vec<String>) {
        let mut child = Proc::spawn(umask, args, env);
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut lines = Vec::new();
        for _ in 0..2 {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            lines.push(line);
        }
        let addr = lines[0]
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {:?}", lines[0]))
            .parse()
            .unwrap();
        (
            Proc {
                child,
                _stdout: stdout,
            },
            addr,
            lines,
        )
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// D17: credentials from a file and the environment, never on the command line.
#[test]
fn credentials_from_a_file_and_the_environment() {
    let dir = TempDir::new("credentials");
    let file = dir.0.join("credentials");
    std::fs::write(
        &file,
        "# the server's keys\nfile-ak:file-sk\n\n  sts-ak:sts-sk:the-token  \n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let file_arg = file.to_str().unwrap();
    let (proc, addr, lines) = Proc::start(
        "022",
        &["--memory", "--credentials-file", file_arg],
        &[("OSS_SERVER_CREDENTIALS", "env-ak:env-sk,env2-ak:env2-sk")],
    );
    assert!(
        !lines[1].contains(oss_server::DEV_ACCESS_KEY_SECRET),
        "no development credentials are printed: {lines:?}"
    );
    for credentials in [
        Credentials::new("file-ak", "file-sk"),
        Credentials::new("sts-ak", "sts-sk").with_security_token("the-token"),
        Credentials::new("env-ak", "env-sk"),
        Credentials::new("env2-ak", "env2-sk"),
    ] {
        let c = Client::new(addr).with_credentials(credentials.clone());
        let r = c.call("GET", None, None, &[], &[], b"");
        assert_eq!(
            r.status,
            200,
            "{}: {}",
            credentials.access_key_id(),
            r.text()
        );
    }
    let dev = Client::new(addr);
    assert_eq!(
        dev.call("GET", None, None, &[], &[], b"").code().as_deref(),
        Some("InvalidAccessKeyId"),
        "the development pair is off"
    );
    #[cfg(target_os = "linux")]
    {
        // The shell exec'd the server, so the child's pid is the server's.
        let cmdline = std::fs::read(format!("/proc/{}/cmdline", proc.child.id())).unwrap();
        let cmdline = String::from_utf8_lossy(&cmdline);
        assert!(cmdline.contains("--credentials-file"), "{cmdline}");
        assert!(
            !cmdline.contains("file-sk") && !cmdline.contains("env-sk"),
            "{cmdline}"
        );
    }
    drop(proc);

    // A malformed entry stops the server with a usage error that does not echo the line.
    std::fs::write(&file, "file-ak:file-sk\nonly-a-secret-looking-thing\n").unwrap();
    let mut child = Proc::spawn("022", &["--memory", "--credentials-file", file_arg], &[]);
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("entry 2"), "{stderr}");
    assert!(!stderr.contains("only-a-secret"), "{stderr}");
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Item 7: the data directory and everything in it is private to the user, whatever the
/// umask; an existing directory open to others is tightened.
#[cfg(unix)]
#[test]
fn the_data_directory_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let base = TempDir::new("private");
    let dir = base.0.join("data");
    let dir_arg = dir.to_str().unwrap();
    let (proc, addr, _) = Proc::start("000", &["--data-dir", dir_arg], &[]);
    let c = Client::new(addr);
    c.create_bucket("bkt");
    assert_eq!(c.put("bkt", "k", b"private data").status, 200);
    let mut checked = 0;
    let mut stack = vec![dir.clone()];
    while let Some(path) = stack.pop() {
        let is_dir = std::fs::metadata(&path).unwrap().is_dir();
        let expected = if is_dir { 0o700 } else { 0o600 };
        assert_eq!(mode(&path), expected, "{}", path.display());
        checked += 1;
        if is_dir {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        }
    }
    // The root, blobs/, tmp/, the process's directory and lock, meta.db and its WAL files,
    // and the blob.
    assert!(checked >= 8, "only {checked} paths");
    drop(proc);

    // An existing directory that others can read is tightened.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(dir.join("meta.db"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let (proc, addr, _) = Proc::start("022", &["--data-dir", dir_arg], &[]);
    assert_eq!(Client::new(addr).get("bkt", "k").body, b"private data");
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("meta.db")), 0o600);
    drop(proc);
}
