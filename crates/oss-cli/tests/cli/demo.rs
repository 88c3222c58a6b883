//! The README's first command, `crates/oss-cli/demo.sh`, in a temporary HOME with no
//! configuration at all (the binary under test instead of a release build, and a smaller
//! file).

use crate::support::{Cli, OSS};

#[test]
fn the_readme_demo_runs_on_a_fresh_home() {
    let oss = Cli::bare();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/demo.sh");
    let output = std::process::Command::new("bash")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", oss.home())
        .arg("-c")
        .arg(format!("exec bash {script}"))
        .env("OSS_BIN", OSS)
        .env("DEMO_SIZE_MIB", "64")
        .env("TMPDIR", oss.home())
        .output()
        .map(|o| {
            (
                o.status,
                String::from_utf8_lossy(&o.stdout).into_owned(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        });
    let (status, stdout, stderr) = output.expect("run the demo");
    assert!(
        status.success(),
        "demo.sh failed ({status}):\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("verified: every byte came back"),
        "{stdout}"
    );
    assert!(stdout.contains("removed oss://demo"), "{stdout}");
    assert!(stderr.contains("embedded local server"), "{stderr}");
    // Nothing was written to the home directory's default data directory or configuration.
    assert!(!oss.home().join(".local").exists() && !oss.home().join(".config").exists());
}
