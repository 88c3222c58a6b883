//! Credentials from an external command, in the format of the OSS Go SDK v2's process
//! provider: the command prints
//! `{"AccessKeyId": "...", "AccessKeySecret": "...", "SecurityToken": "...", "Expiration": "2006-01-02T15:04:05Z"}`
//! (the last two optional) to stdout and exits with status 0.

use std::fmt;
use std::io::{self, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::{
    flat_json, oneshot, timestamp, Credentials, CredentialsError, CredentialsFuture,
    CredentialsProvider,
};

/// More output than this is not credentials (nor a useful message); stop collecting it.
const MAX_CAPTURED_BYTES: usize = 64 * 1024;
/// How much of stderr an error quotes.
const MAX_STDERR_EXCERPT_CHARS: usize = 512;
/// The longest pause between checks of whether the process has exited.
const MAX_POLL_INTERVAL: Duration = Duration::from_millis(20);

/// Runs a shell command (`sh -c` on Unix, `cmd /C` on Windows) and reads credentials from
/// the JSON it prints.
///
/// The command runs on its own std thread, so awaiting the credentials never blocks an
/// async executor. If it does not finish within the timeout (15 s by default) it is killed
/// and [`CredentialsError::TimedOut`] is returned. Errors and `Debug` output name only the
/// program (the command's first word), since arguments may hold secrets; they never quote
/// stdout.
#[derive(Clone, PartialEq, Eq)]
pub struct ProcessProvider {
    command: String,
    timeout: Duration,
}

impl ProcessProvider {
    /// How long the command may run unless [`with_timeout`](Self::with_timeout) says otherwise.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

    /// Runs `command` through the shell each time credentials are asked for.
    pub fn new(command: impl Into<String>) -> Self {
        ProcessProvider {
            command: command.into(),
            timeout: Self::DEFAULT_TIMEOUT,
        }
    }

    /// Kills the command if it has not finished after `timeout`.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long the command may run.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }
}

impl fmt::Debug for ProcessProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProcessProvider")
            .field("program", &program_name(&self.command))
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl CredentialsProvider for ProcessProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let command = self.command.clone();
        let timeout = self.timeout;
        Box::pin(async move {
            let program = program_name(&command).to_owned();
            let (sender, receiver) = oneshot::channel();
            thread::Builder::new()
                .name("oss-credentials-process".to_owned())
                .spawn(move || sender.send(run(&command, timeout)))
                .map_err(|error| {
                    let context = format!("starting a thread for credentials process `{program}`");
                    CredentialsError::io(context, error)
                })?;
            // Only a panic on the worker thread drops the sender without a result.
            receiver.await.unwrap_or_else(|| {
                Err(CredentialsError::io(
                    format!("running credentials process `{program}`"),
                    io::Error::other("the worker thread stopped without a result"),
                ))
            })
        })
    }
}

fn program_name(command: &str) -> &str {
    command.split_whitespace().next().unwrap_or("")
}

fn shell_command(command: &str) -> Command {
    if cfg!(windows) {
        let mut shell = Command::new("cmd");
        shell.arg("/C").arg(command);
        shell
    } else {
        let mut shell = Command::new("sh");
        shell.arg("-c").arg(command);
        shell
    }
}

/// Runs the command to completion (or the deadline) and parses what it printed.
fn run(command: &str, timeout: Duration) -> Result<Credentials, CredentialsError> {
    let program = program_name(command);
    if program.is_empty() {
        return Err(CredentialsError::Invalid(
            "the credentials process command is empty".to_owned(),
        ));
    }
    let deadline = Instant::now() + timeout;
    let timed_out = || CredentialsError::TimedOut {
        program: program.to_owned(),
        after: timeout,
    };

    let mut child = shell_command(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| {
            CredentialsError::io(format!("starting credentials process `{program}`"), error)
        })?;
    // Both pipes are drained concurrently so that the child never blocks on a full one.
    let stdout = collect(child.stdout.take(), MAX_CAPTURED_BYTES);
    let stderr = collect(child.stderr.take(), MAX_CAPTURED_BYTES);

    let status = match wait_until(&mut child, deadline) {
        Ok(Some(status)) => status,
        Ok(None) => return Err(timed_out()),
        Err(error) => {
            let context = format!("waiting for credentials process `{program}`");
            return Err(CredentialsError::io(context, error));
        }
    };
    // A background grandchild may hold the pipes open after the shell exits; the deadline
    // bounds that wait too, and the reader threads finish on their own once it lets go.
    let remaining = || deadline.saturating_duration_since(Instant::now());
    let (stdout, stdout_result) = stdout.recv_timeout(remaining()).map_err(|_| timed_out())?;
    let stderr = stderr
        .recv_timeout(remaining())
        .map(|(bytes, _)| bytes)
        .unwrap_or_default();

    if !status.success() {
        return Err(CredentialsError::ProcessFailed {
            program: program.to_owned(),
            exit_code: status.code(),
            stderr: excerpt(&stderr),
        });
    }
    stdout_result.map_err(|error| {
        CredentialsError::io(
            format!("reading output of credentials process `{program}`"),
            error,
        )
    })?;
    parse_output(program, &stdout)
}

/// Polls the child until it exits or the deadline passes; on the deadline it is killed and
/// `None` returned. Polling (rather than a blocking wait) keeps the child killable.
fn wait_until(child: &mut Child, deadline: Instant) -> io::Result<Option<ExitStatus>> {
    let mut interval = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        let now = Instant::now();
        if now >= deadline {
            // The child may have exited just now; either way it must not outlive us.
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        thread::sleep(interval.min(deadline - now));
        interval = (interval * 2).min(MAX_POLL_INTERVAL);
    }
}

type Collected = (Vec<u8>, io::Result<()>);

/// Reads up to `limit + 1` bytes of `pipe` on a thread (one more, to detect oversized
/// output), then discards the rest.
fn collect(pipe: Option<impl Read + Send + 'static>, limit: usize) -> mpsc::Receiver<Collected> {
    let (sender, receiver) = mpsc::channel();
    let Some(mut pipe) = pipe else {
        let _ = sender.send((Vec::new(), Ok(())));
        return receiver;
    };
    let reader = move || {
        let mut buffer = Vec::new();
        let result = (&mut pipe)
            .take(limit as u64 + 1)
            .read_to_end(&mut buffer)
            .map(drop);
        let _ = io::copy(&mut pipe, &mut io::sink());
        let _ = sender.send((buffer, result));
    };
    if let Err(error) = thread::Builder::new().spawn(reader) {
        // The closure (and its sender) is gone; report through a fresh channel.
        let (sender, receiver) = mpsc::channel();
        let _ = sender.send((Vec::new(), Err(error)));
        return receiver;
    }
    receiver
}

fn excerpt(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let text = text.trim();
    match text.char_indices().nth(MAX_STDERR_EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

fn parse_output(program: &str, stdout: &[u8]) -> Result<Credentials, CredentialsError> {
    let invalid = |problem: &str| {
        CredentialsError::Invalid(format!(
            "output of credentials process `{program}` {problem}"
        ))
    };
    if stdout.len() > MAX_CAPTURED_BYTES {
        return Err(invalid(&format!(
            "is larger than {MAX_CAPTURED_BYTES} bytes"
        )));
    }
    let text = std::str::from_utf8(stdout).map_err(|_| invalid("is not UTF-8"))?;
    let members = flat_json::parse(text)
        .map_err(|error| invalid(&format!("is not a flat JSON object of strings ({error})")))?;
    let field = |name: &str| {
        members
            .iter()
            .find(|(key, _)| key == name)
            .and_then(|(_, value)| value.as_deref())
            .filter(|value| !value.is_empty())
    };
    let required = |name: &str| field(name).ok_or_else(|| invalid(&format!("has no {name}")));

    let mut credentials = Credentials::new(required("AccessKeyId")?, required("AccessKeySecret")?);
    if let Some(token) = field("SecurityToken") {
        credentials = credentials.with_security_token(token);
    }
    if let Some(expiration) = field("Expiration") {
        let expiration = timestamp::parse_utc(expiration).ok_or_else(|| {
            invalid(
                "has an Expiration that is not an RFC 3339 UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)",
            )
        })?;
        credentials = credentials.with_expiration(expiration);
    }
    Ok(credentials)
}
