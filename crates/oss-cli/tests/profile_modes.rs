//! The `oss` command with the profiles Alibaba Cloud's tools write: the credentials file's
//! role profiles (`ram_role_arn` and `oidc_role_arn` get temporary keys from STS, here
//! oss-server's own, named by the profile's `sts_endpoint`), and the Alibaba Cloud CLI's
//! `~/.aliyun/config.json` (its current profile or the one `ALIBABA_CLOUD_PROFILE` names;
//! static keys and the STS modes). A type or mode oss-rs does not read is a clear error.

use std::path::Path;
use std::process::{Command, Output};

use oss_auth::Credentials;
use oss_server::ServerConfig;

const AK: &str = "LTAI5tCliProfileCaller";
const SK: &str = "cli-profile-caller-secret";
const ROLE: &str = "acs:ram::1234567890123456:role/cli-role";
const OIDC_PROVIDER: &str = "acs:ram::1234567890123456:oidc-provider/ack-rrsa";
const OIDC_TOKEN: &str = "eyJ.cli-pod-token";

fn oss(home: &Path, endpoint: &str, profile: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_oss"));
    command
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("OSS_ENDPOINT", endpoint)
        .env("OSS_REGION", "cn-hangzhou");
    if let Some(profile) = profile {
        command.env("ALIBABA_CLOUD_PROFILE", profile);
    }
    command.output().expect("run oss")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn role_profiles_give_the_cli_temporary_keys() {
    let server = ServerConfig::new()
        .credential(Credentials::new(AK, SK))
        .oidc_token(OIDC_PROVIDER, OIDC_TOKEN)
        .start_background()
        .expect("start oss-server");
    let home = std::env::temp_dir().join(format!("oss-cli-profile-modes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(home.join(".alibabacloud")).unwrap();
    let token_file = home.join("token");
    std::fs::write(&token_file, OIDC_TOKEN).unwrap();
    let endpoint = server.endpoint();
    std::fs::write(
        home.join(".alibabacloud/credentials"),
        format!(
            "[role]\ntype = ram_role_arn\naccess_key_id = {AK}\naccess_key_secret = {SK}\n\
             role_arn = {ROLE}\nsts_endpoint = {endpoint}\n\n\
             [pod]\ntype = oidc_role_arn\nrole_arn = {ROLE}\noidc_provider_arn = {OIDC_PROVIDER}\n\
             oidc_token_file_path = {}\nsts_endpoint = {endpoint}\n\n\
             [rsa]\ntype = rsa_key_pair\npublic_key_id = x\nprivate_key_file = y\n",
            token_file.display()
        ),
    )
    .unwrap();

    for profile in ["role", "pod"] {
        let bucket = format!("cli-{profile}-{}", std::process::id());
        let made = oss(
            &home,
            endpoint,
            Some(profile),
            &["mb", &format!("oss://{bucket}")],
        );
        assert!(made.status.success(), "{profile}: {}", text(&made));
        let listed = oss(&home, endpoint, Some(profile), &["ls"]);
        assert!(listed.status.success(), "{profile}: {}", text(&listed));
        assert!(
            text(&listed).contains(&bucket),
            "{profile}: {}",
            text(&listed)
        );
        // Nothing of the caller's secret or of the temporary keys is printed.
        assert!(!text(&listed).contains(SK) && !text(&listed).contains("STS."));
    }
    let refused = oss(&home, endpoint, Some("rsa"), &["ls"]);
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("rsa_key_pair"),
        "{}",
        text(&refused)
    );
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn the_aliyun_cli_profiles_give_the_cli_its_credentials() {
    let server = ServerConfig::new()
        .credential(Credentials::new(AK, SK))
        .oidc_token(OIDC_PROVIDER, OIDC_TOKEN)
        .start_background()
        .expect("start oss-server");
    let home = std::env::temp_dir().join(format!("oss-cli-aliyun-config-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(home.join(".aliyun")).unwrap();
    let token_file = home.join("token");
    std::fs::write(&token_file, OIDC_TOKEN).unwrap();
    let endpoint = server.endpoint();
    let config = serde_json::json!({
        "current": "keys",
        "profiles": [
            {"name": "keys", "mode": "AK", "access_key_id": AK, "access_key_secret": SK,
             "sts_token": "", "region_id": "cn-hangzhou", "output_format": "json"},
            {"name": "role", "mode": "RamRoleArn", "access_key_id": AK, "access_key_secret": SK,
             "ram_role_arn": ROLE, "ram_session_name": "oss-rs-test", "expired_seconds": 900,
             "sts_endpoint": endpoint},
            {"name": "chained", "mode": "ChainableRamRoleArn", "source_profile": "role",
             "ram_role_arn": ROLE, "sts_endpoint": endpoint},
            {"name": "pod", "mode": "OIDC", "ram_role_arn": ROLE,
             "oidc_provider_arn": OIDC_PROVIDER, "oidc_token_file": token_file.display().to_string(),
             "sts_endpoint": endpoint},
            {"name": "sso", "mode": "CloudSSO"}
        ]
    });
    std::fs::write(home.join(".aliyun/config.json"), config.to_string()).unwrap();

    for profile in [None, Some("role"), Some("chained"), Some("pod")] {
        let name = profile.unwrap_or("current");
        let bucket = format!("aliyun-{name}-{}", std::process::id());
        let made = oss(
            &home,
            endpoint,
            profile,
            &["mb", &format!("oss://{bucket}")],
        );
        assert!(made.status.success(), "{name}: {}", text(&made));
        let listed = oss(&home, endpoint, profile, &["ls"]);
        assert!(listed.status.success(), "{name}: {}", text(&listed));
        assert!(text(&listed).contains(&bucket), "{name}: {}", text(&listed));
        // Nothing of the caller's secret or of the temporary keys is printed.
        assert!(!text(&listed).contains(SK) && !text(&listed).contains("STS."));
    }

    let refused = oss(&home, endpoint, Some("sso"), &["ls"]);
    assert!(!refused.status.success());
    assert!(text(&refused).contains("CloudSSO"), "{}", text(&refused));

    // A wrong secret in the profile is refused by the server, not replaced by another source.
    let mut wrong = config.clone();
    wrong["profiles"][0]["access_key_secret"] = "not-the-secret".into();
    std::fs::write(home.join(".aliyun/config.json"), wrong.to_string()).unwrap();
    let denied = oss(&home, endpoint, None, &["ls"]);
    assert!(!denied.status.success(), "{}", text(&denied));
    let _ = std::fs::remove_dir_all(&home);
}
