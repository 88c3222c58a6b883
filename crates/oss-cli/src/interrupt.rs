//! Ctrl-C (SIGINT) and SIGTERM while transfers run: the first signal cancels them through
//! oss-transfer's [`CancellationToken`] and lets each clean up (a download without a
//! checkpoint removes its temporary file, an upload or copy without one aborts its
//! multipart upload, a checkpointed transfer keeps its state to resume) and the command
//! then ends with exit code 128 + the signal (130 for Ctrl-C, 143 for SIGTERM), saying what
//! was done. A second signal, or one while no transfer runs, ends the command at once; a
//! repeat within a second of the first is taken for the same interrupt (`timeout` and a
//! terminal's process group can deliver one signal twice).
//!
//! The handler is installed when the first transfers start, and stays for the rest of the
//! command (a signal handler cannot be taken back); outside transfers it ends the command
//! as the default action would.

use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use oss_transfer::CancellationToken;

use crate::output;

/// What the handler shares with the command.
struct State {
    token: CancellationToken,
    /// The signal received, 0 before any.
    signal: AtomicI32,
    /// Batches of transfers running.
    running: AtomicUsize,
}

static STATE: OnceLock<State> = OnceLock::new();

/// SIGINT's number.
pub const SIGINT: i32 = 2;
/// SIGTERM's number.
pub const SIGTERM: i32 = 15;

/// Transfers are running while this lives; they stop when the token it gives is cancelled.
#[derive(Debug)]
pub struct Transfers {
    token: CancellationToken,
}

impl Transfers {
    /// The token the transfers take.
    pub fn token(&self) -> CancellationToken {
        self.token.clone()
    }
}

impl Drop for Transfers {
    fn drop(&mut self) {
        if let Some(state) = STATE.get() {
            state.running.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Marks transfers as running, installing the handler on first use (inside the runtime).
pub fn transfers() -> Transfers {
    let state = STATE.get_or_init(|| {
        tokio::spawn(listen());
        State {
            token: CancellationToken::new(),
            signal: AtomicI32::new(0),
            running: AtomicUsize::new(0),
        }
    });
    state.running.fetch_add(1, Ordering::SeqCst);
    Transfers {
        token: state.token.clone(),
    }
}

/// The signal that interrupted the transfers, if one did.
pub fn received() -> Option<i32> {
    STATE
        .get()
        .map(|state| state.signal.load(Ordering::SeqCst))
        .filter(|signal| *signal != 0)
}

/// How soon after the first a signal counts as the same interrupt.
const REPEAT: Duration = Duration::from_secs(1);

/// Waits for signals and acts on each.
async fn listen() {
    let mut first_at: Option<Instant> = None;
    loop {
        let signal = next_signal().await;
        let Some(state) = STATE.get() else {
            continue;
        };
        if first_at.is_some_and(|at| at.elapsed() < REPEAT) {
            continue;
        }
        let first = state
            .signal
            .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok();
        if first {
            first_at = Some(Instant::now());
        }
        if !first || state.running.load(Ordering::SeqCst) == 0 {
            output::notice("interrupted");
            std::process::exit(128 + signal);
        }
        output::notice(
            "interrupted: stopping the transfers and cleaning up after them \
             (interrupt again to quit at once)",
        );
        state.token.cancel();
    }
}

/// The next SIGINT or SIGTERM.
async fn next_signal() -> i32 {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            return tokio::select! {
                _ = tokio::signal::ctrl_c() => SIGINT,
                _ = term.recv() => SIGTERM,
            };
        }
    }
    match tokio::signal::ctrl_c().await {
        Ok(()) => SIGINT,
        // No handler can be installed: never report a signal.
        Err(_) => std::future::pending().await,
    }
}
