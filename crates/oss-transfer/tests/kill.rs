//! Crash safety: a child process uploads a file with checkpoints and is killed with SIGKILL
//! at 10 random moments in successive runs; each run resumes from the checkpoint, the final
//! object is byte-identical (CRC-64 and MD5), and each interruption costs at most N+1 parts
//! of data sent again. Then the same for a download of that object.
//!
//! The server is a disk-backed oss-server in a process of its own, so that killing the
//! transfer does not touch it; both children are this test binary run again (see
//! `support/child.rs`). "Sent again" is measured from the children's progress events
//! (bytes handed to the connection, or received from it), printed as they happen: for
//! run k, what runs before it had done (resumed plus transferred) minus what run k found
//! done when it started is what the interruption cost.
//!
//! Kill moments are drawn at random (the seed is printed; `OSS_TRANSFER_KILL_SEED` replays
//! it) within the time the rest of the transfer is expected to take, so that every kill
//! lands mid-transfer. The file is 512 MiB in optimized builds and in unoptimized
//! ones (`OSS_TRANSFER_KILL_MIB` overrides it), so that the test stays near 30 s there; with
//! 8 MiB parts that is still 16 parts, 4 in flight.

mod support;

use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use support::child::{self, ServerProcess};
use support::{client, file_digests, new_bucket, write_data, TempDir};

const ENTRY: &str = "child_process_entry_point";
const PART: u64 = 8 << 20;
const IN_FLIGHT: usize = 4;
const KILLS: usize = 10;

fn size() -> u64 {
    let default = 512;
    let mib: u64 = std::env::var("OSS_TRANSFER_KILL_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    mib << 20
}

/// In a normal run, nothing; in a child, its role (see `support/child.rs`).
#[test]
fn child_process_entry_point() {
    match child::role().as_deref() {
        None => {}
        Some("server") => child::serve(),
        Some(role) => transfer(role),
    }
}

/// One transfer run: prints `progress DONE TRANSFERRED MICROSECONDS` (since the process
/// started) for every event and `finished` at the end.
fn transfer(role: &str) -> ! {
    let started = Instant::now();
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name}"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let result = runtime.block_on(async {
        let bucket = client(&var("KILL_ENDPOINT"), 3).bucket(var("KILL_BUCKET"));
        let report = move |p: &oss_transfer::TransferProgress| {
            let micros = started.elapsed().as_micros();
            println!("progress {} {} {micros}", p.bytes_done, p.bytes_transferred);
        };
        match role {
            "upload" => oss_transfer::Uploader::builder(bucket)
                .part_size(PART)
                .concurrency(IN_FLIGHT)
                .checkpoint_dir(var("KILL_CHECKPOINTS"))
                .build()?
                .upload_file(var("KILL_FILE"), var("KILL_KEY"))
                .progress(report)
                .await
                .map(drop),
            "download" => oss_transfer::Downloader::builder(bucket)
                .part_size(PART)
                .concurrency(IN_FLIGHT)
                .checkpoint_dir(var("KILL_CHECKPOINTS"))
                .build()?
                .download_file(var("KILL_KEY"), var("KILL_FILE"))
                .progress(report)
                .await
                .map(drop),
            other => panic!("unknown role {other}"),
        }
    });
    match result {
        Ok(()) => {
            println!("finished");
            std::process::exit(0)
        }
        Err(e) => {
            eprintln!("{role} child failed: {e}");
            std::process::exit(1)
        }
    }
}

/// What one run of a child did.
#[derive(Debug, Default)]
struct Run {
    /// What it found done when it started (`None` if killed before saying).
    resumed: Option<u64>,
    /// Bytes it sent or received.
    transferred: u64,
    finished: bool,
    /// From the process's start to its first and last progress events.
    first_event: Option<Duration>,
    last_event: Duration,
}

/// Runs `role` until it finishes, killing it `KILLS` times first.
fn run_until_done(role: &str, vars: &[(&str, String)], rng: &mut StdRng) -> Vec<Run> {
    let size = size();
    let mut runs: Vec<Run> = Vec::new();
    // Bytes per second and start-up time, learned from the runs so far (guesses before).
    let (mut moved, mut moving, mut startup) = (0u64, 0f64, Duration::from_millis(100));
    let mut done = 0u64;
    loop {
        let kill = runs.len() < KILLS;
        let started = Instant::now();
        let mut process = child::command(ENTRY, role, vars).spawn().unwrap();
        let lines = child::collect_lines(process.stdout.take().unwrap());
        if kill {
            // A moment within what is left, leaving room for the kills still to come.
            let rate = if moving > 0.05 {
                moved as f64 / moving
            } else {
                200e6
            };
            let left = size.saturating_sub(done) as f64 / rate;
            let share = left / (KILLS - runs.len() + 1) as f64;
            let delay = startup + Duration::from_secs_f64(share * rng.gen_range(0.2..1.2));
            while started.elapsed() < delay {
                if process.try_wait().unwrap().is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            let _ = process.kill();
        }
        let status = process.wait().unwrap();
        let mut run = Run::default();
        for line in lines.join().unwrap() {
            if let Some(numbers) = line.strip_prefix("progress ") {
                let mut numbers = numbers.split(' ').map(|n| n.parse::<u64>().unwrap());
                let (now_done, transferred) = (numbers.next().unwrap(), numbers.next().unwrap());
                let at = Duration::from_micros(numbers.next().unwrap());
                run.resumed
                    .get_or_insert(now_done.saturating_sub(transferred));
                run.first_event.get_or_insert(at);
                run.last_event = at;
                run.transferred = transferred;
                done = now_done;
            } else if line == "finished" {
                run.finished = true;
            }
        }
        if let Some(first) = run.first_event {
            startup = first;
            moved += run.transferred;
            moving += run.last_event.saturating_sub(first).as_secs_f64();
        }
        eprintln!("{role} run {}: {run:?} ({status})", runs.len() + 1);
        let finished = run.finished;
        runs.push(run);
        if finished {
            return runs;
        }
        assert!(kill, "the last {role} run did not finish: {status}");
    }
}

/// Each interruption cost at most N+1 parts: what the runs before had done minus what the
/// next run found done.
fn check_costs(role: &str, runs: &[Run]) {
    let allowed = (IN_FLIGHT as u64 + 1) * PART;
    let mut had = 0u64;
    let mut resumed_once = false;
    for (i, run) in runs.iter().enumerate() {
        if let Some(resumed) = run.resumed {
            let lost = had.saturating_sub(resumed);
            assert!(
                lost <= allowed,
                "{role} run {}: resumed at {resumed} after {had} were done: {lost} bytes lost",
                i + 1
            );
            resumed_once |= resumed > 0;
            had = resumed + run.transferred;
        }
    }
    assert!(resumed_once, "some {role} run resumed");
    let interruptions = runs.len() as u64 - 1;
    let total: u64 = runs.iter().map(|r| r.transferred).sum();
    let again = total.saturating_sub(size());
    eprintln!(
        "{role}: {interruptions} interruptions, {again} bytes sent again ({:.1} parts each)",
        again as f64 / interruptions.max(1) as f64 / PART as f64
    );
    assert!(again <= interruptions * allowed, "{again} bytes sent again");
}

#[test]
fn killed_transfers_resume_and_end_byte_identical() {
    if child::role().is_some() {
        return;
    }
    let seed = std::env::var("OSS_TRANSFER_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random::<u64>);
    eprintln!("kill test seed: {seed} (OSS_TRANSFER_KILL_SEED replays it)");
    let mut rng = StdRng::seed_from_u64(seed);
    let started = Instant::now();
    let dir = TempDir::new("kill");
    let server = ServerProcess::start(ENTRY, &dir.join("server"));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let bucket = runtime.block_on(new_bucket(&client(&server.endpoint, 3)));

    let source = dir.join("source");
    write_data(&source, size(), seed);
    let (crc, md5) = file_digests(&source);
    let vars = |file: &std::path::Path| {
        vec![
            ("KILL_ENDPOINT", server.endpoint.clone()),
            ("KILL_BUCKET", bucket.name().to_owned()),
            ("KILL_KEY", "killed".to_owned()),
            ("KILL_FILE", file.display().to_string()),
            (
                "KILL_CHECKPOINTS",
                dir.join("checkpoints").display().to_string(),
            ),
        ]
    };

    let runs = run_until_done("upload", &vars(&source), &mut rng);
    check_costs("upload", &runs);
    let head = runtime
        .block_on(bucket.head_object("killed").send())
        .unwrap();
    assert_eq!(head.content_length, Some(size()));
    assert_eq!(head.crc64ecma, Some(crc), "the uploaded object's CRC-64");

    let target = dir.join("target");
    let runs = run_until_done("download", &vars(&target), &mut rng);
    check_costs("download", &runs);
    // The download is the uploaded object, byte for byte: both are the source's.
    assert_eq!(file_digests(&target), (crc, md5), "CRC-64 and MD5");
    let left = support::files_in(&dir.join("checkpoints"));
    assert!(
        left.is_empty(),
        "left in the checkpoint directory: {left:?}"
    );
    eprintln!("kill test: {:.1} s", started.elapsed().as_secs_f64());
}
