//! Credentials providers: environment, profile file, external process, chain and cache.
//!
//! Futures are driven by a minimal `block_on`, so the tests need no async runtime.

use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use oss_auth::credentials::{
    CachingProvider, ChainProvider, Clock, Credentials, CredentialsError, CredentialsFuture,
    CredentialsProvider, EnvironmentProvider, ProcessProvider, ProfileProvider, StaticProvider,
};

const SECRET: &str = "very-secret-key-material";
const TOKEN: &str = "very-secret-sts-token";

struct ThreadWaker(Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
    let mut context = Context::from_waker(&waker);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(output) => return output,
            Poll::Pending => thread::park(),
        }
    }
}

/// Asserts that neither the secret nor the token leaks through `Display` or `Debug`.
fn assert_no_secret(text: &str) {
    assert!(!text.contains(SECRET), "secret leaked: {text}");
    assert!(!text.contains(TOKEN), "token leaked: {text}");
}

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

// ---------------------------------------------------------------------------------------
// Credentials, static provider, chain

#[test]
fn credentials_display_and_debug_hide_secret_and_token() {
    let credentials = Credentials::new("LTAI-id", SECRET)
        .with_security_token(TOKEN)
        .with_expiration(at(1_000));
    let display = credentials.to_string();
    assert!(display.contains("LTAI-id"));
    assert!(display.contains("redacted"));
    assert_no_secret(&display);
    assert_no_secret(&format!("{credentials:?}"));
    assert_no_secret(&format!("{:?}", StaticProvider::new(credentials.clone())));

    assert!(!credentials.is_expired_at(at(999)));
    assert!(credentials.is_expired_at(at(1_000)));
    assert!(!Credentials::new("id", SECRET).is_expired_at(at(u32::MAX as u64)));
}

#[test]
fn static_providers_return_their_credentials() {
    let credentials = Credentials::new("id", SECRET);
    assert_eq!(
        block_on(credentials.provide_credentials()).unwrap(),
        credentials
    );
    let provider: Arc<dyn CredentialsProvider> = Arc::new(StaticProvider::new(credentials.clone()));
    assert_eq!(
        block_on(provider.provide_credentials()).unwrap(),
        credentials
    );
}

#[test]
fn chain_uses_the_first_success_and_reports_every_failure() {
    let missing = EnvironmentProvider::with_lookup(|_| None);
    let chain = ChainProvider::new()
        .with_provider(missing)
        .with_provider(StaticProvider::new(Credentials::new("second", SECRET)));
    assert_eq!(
        block_on(chain.provide_credentials())
            .unwrap()
            .access_key_id(),
        "second"
    );

    let chain = ChainProvider::new()
        .with_provider(EnvironmentProvider::with_lookup(|_| None))
        .with_provider(ProfileProvider::with_path(
            "/nonexistent/oss-rs/credentials",
        ));
    let error = block_on(chain.provide_credentials()).unwrap_err();
    let CredentialsError::ChainFailed(errors) = &error else {
        panic!("expected ChainFailed, got {error:?}");
    };
    assert_eq!(errors.len(), 2);
    let message = error.to_string();
    assert!(message.contains("OSS_ACCESS_KEY_ID"), "{message}");
    assert!(
        message.contains("/nonexistent/oss-rs/credentials"),
        "{message}"
    );

    let empty = ChainProvider::new();
    assert!(matches!(
        block_on(empty.provide_credentials()),
        Err(CredentialsError::NotFound(_))
    ));
}

// ---------------------------------------------------------------------------------------
// Environment

fn environment(variables: &[(&str, &str)]) -> EnvironmentProvider {
    let variables: HashMap<String, String> = variables
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    EnvironmentProvider::with_lookup(move |name| variables.get(name).cloned())
}

#[test]
fn environment_reads_the_three_variables() {
    let provider = environment(&[
        ("OSS_ACCESS_KEY_ID", "env-id"),
        ("OSS_ACCESS_KEY_SECRET", SECRET),
        ("OSS_SESSION_TOKEN", TOKEN),
    ]);
    let credentials = block_on(provider.provide_credentials()).unwrap();
    assert_eq!(credentials.access_key_id(), "env-id");
    assert_eq!(credentials.access_key_secret(), SECRET);
    assert_eq!(credentials.security_token(), Some(TOKEN));
    assert_eq!(credentials.expiration(), None);
    assert_no_secret(&format!("{provider:?}"));

    let without_token = environment(&[
        ("OSS_ACCESS_KEY_ID", "env-id"),
        ("OSS_ACCESS_KEY_SECRET", SECRET),
        ("OSS_SESSION_TOKEN", ""),
    ]);
    let credentials = block_on(without_token.provide_credentials()).unwrap();
    assert_eq!(credentials.security_token(), None);
}

#[test]
fn environment_names_the_missing_variable() {
    let no_secret = environment(&[("OSS_ACCESS_KEY_ID", "env-id")]);
    let error = block_on(no_secret.provide_credentials()).unwrap_err();
    assert!(matches!(error, CredentialsError::NotFound(_)), "{error:?}");
    assert!(
        error.to_string().contains("OSS_ACCESS_KEY_SECRET"),
        "{error}"
    );

    let no_id = environment(&[("OSS_ACCESS_KEY_SECRET", SECRET)]);
    let error = block_on(no_id.provide_credentials()).unwrap_err();
    assert!(error.to_string().contains("OSS_ACCESS_KEY_ID"), "{error}");
    assert_no_secret(&error.to_string());
}

// ---------------------------------------------------------------------------------------
// Profile file

/// A credentials file in a fresh temporary directory, removed on drop.
struct TempFile {
    directory: PathBuf,
    path: PathBuf,
}

impl TempFile {
    fn new(contents: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let directory = std::env::temp_dir().join(format!(
            "oss-auth-credentials-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&directory).unwrap();
        let path = directory.join("credentials");
        std::fs::write(&path, contents).unwrap();
        TempFile { directory, path }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.directory);
    }
}

const PROFILES: &str = "\
# Alibaba Cloud credentials
[default]
type = access_key
access_key_id = default-id
access_key_secret = very-secret-key-material

[temporary]
type = sts
access_key_id = STS.temporary-id
access_key_secret = \"very-secret-key-material\"
security_token = very-secret-sts-token

[disabled]
enable = false
type = access_key
access_key_id = disabled-id
access_key_secret = very-secret-key-material

[instance]
type = ecs_ram_role
role_name = my-role

[no-secret]
type = access_key
access_key_id = lonely-id

[no-token]
type = sts
access_key_id = STS.id
access_key_secret = very-secret-key-material
";

fn profile_result(file: &TempFile, profile: &str) -> Result<Credentials, CredentialsError> {
    let provider = ProfileProvider::with_path(&file.path).with_profile(profile);
    block_on(provider.provide_credentials())
}

#[test]
fn profile_reads_access_key_and_sts_sections() {
    let file = TempFile::new(PROFILES);
    let default = block_on(ProfileProvider::with_path(&file.path).provide_credentials()).unwrap();
    assert_eq!(default, Credentials::new("default-id", SECRET));

    let temporary = profile_result(&file, "temporary").unwrap();
    assert_eq!(temporary.access_key_id(), "STS.temporary-id");
    assert_eq!(temporary.access_key_secret(), SECRET);
    assert_eq!(temporary.security_token(), Some(TOKEN));
}

#[test]
fn profile_location_and_name_come_from_the_environment() {
    let file = TempFile::new(PROFILES);
    let file_path = file.path.to_str().unwrap().to_owned();
    let provider = ProfileProvider::from_lookup(|name| match name {
        "ALIBABA_CLOUD_CREDENTIALS_FILE" => Some(file_path.clone()),
        "ALIBABA_CLOUD_PROFILE" => Some("temporary".to_owned()),
        _ => None,
    });
    assert_eq!(provider.profile(), "temporary");
    let credentials = block_on(provider.provide_credentials()).unwrap();
    assert_eq!(credentials.access_key_id(), "STS.temporary-id");

    let home = ProfileProvider::from_lookup(|name| {
        (name == "HOME" || name == "USERPROFILE").then(|| "/home/someone".to_owned())
    });
    assert_eq!(home.profile(), "default");
    assert_eq!(
        home.path(),
        Some(std::path::Path::new(
            "/home/someone/.alibabacloud/credentials"
        ))
    );

    let nowhere = ProfileProvider::from_lookup(|_| None);
    assert!(matches!(
        block_on(nowhere.provide_credentials()),
        Err(CredentialsError::NotFound(_))
    ));
}

#[test]
fn profile_reports_absent_disabled_unsupported_and_incomplete_profiles() {
    let file = TempFile::new(PROFILES);
    let check = |profile: &str, expected_words: &[&str]| {
        let error = profile_result(&file, profile).unwrap_err();
        let message = error.to_string();
        for word in expected_words {
            assert!(message.contains(word), "{profile}: {message}");
        }
        assert_no_secret(&message);
        assert_no_secret(&format!("{error:?}"));
        error
    };

    let missing = check("nobody", &["[nobody]", "not found"]);
    assert!(matches!(missing, CredentialsError::NotFound(_)));
    let disabled = check("disabled", &["[disabled]", "disabled"]);
    assert!(matches!(disabled, CredentialsError::NotFound(_)));
    let unsupported = check("instance", &["[instance]", "ecs_ram_role", "supports only"]);
    assert!(matches!(unsupported, CredentialsError::Unsupported(_)));
    let no_secret = check("no-secret", &["[no-secret]", "access_key_secret"]);
    assert!(matches!(no_secret, CredentialsError::Invalid(_)));
    let no_token = check("no-token", &["[no-token]", "security_token"]);
    assert!(matches!(no_token, CredentialsError::Invalid(_)));
}

#[test]
fn profile_reports_missing_and_malformed_files() {
    let missing = ProfileProvider::with_path("/nonexistent/oss-rs/credentials");
    assert!(matches!(
        block_on(missing.provide_credentials()),
        Err(CredentialsError::NotFound(_))
    ));

    let file = TempFile::new("[default]\ntype = access_key\nvery-secret-key-material\n");
    let error = profile_result(&file, "default").unwrap_err();
    assert!(matches!(error, CredentialsError::Invalid(_)), "{error:?}");
    assert!(error.to_string().contains("line 3"), "{error}");
    assert_no_secret(&error.to_string());
}

// ---------------------------------------------------------------------------------------
// External process

fn printf(json: &str) -> ProcessProvider {
    ProcessProvider::new(format!("printf '%s' '{json}'"))
}

fn check_process_error(provider: &ProcessProvider) -> CredentialsError {
    let error = block_on(provider.provide_credentials()).unwrap_err();
    assert_no_secret(&error.to_string());
    assert_no_secret(&format!("{error:?}"));
    error
}

#[test]
fn process_reads_long_term_and_temporary_credentials() {
    let long_term = printf(&format!(
        r#"{{"AccessKeyId": "process-id", "AccessKeySecret": "{SECRET}"}}"#
    ));
    assert_eq!(
        block_on(long_term.provide_credentials()).unwrap(),
        Credentials::new("process-id", SECRET)
    );

    let temporary = printf(&format!(
        r#"{{"AccessKeyId":"STS.id","AccessKeySecret":"{SECRET}","SecurityToken":"{TOKEN}","Expiration":"2006-01-02T15:04:05Z"}}"#
    ));
    let credentials = block_on(temporary.provide_credentials()).unwrap();
    assert_eq!(credentials.security_token(), Some(TOKEN));
    assert_eq!(credentials.expiration(), Some(at(1_136_214_245)));
    assert_no_secret(&format!("{temporary:?}"));
    assert_eq!(temporary.timeout(), ProcessProvider::DEFAULT_TIMEOUT);
}

#[test]
fn process_reports_a_failing_command_with_its_stderr() {
    let failing = ProcessProvider::new("echo 'token service unreachable' >&2; exit 3");
    let error = check_process_error(&failing);
    let CredentialsError::ProcessFailed {
        exit_code, stderr, ..
    } = &error
    else {
        panic!("expected ProcessFailed, got {error:?}");
    };
    assert_eq!(*exit_code, Some(3));
    assert_eq!(stderr, "token service unreachable");
    assert!(error.to_string().contains("exited with code 3"), "{error}");
}

#[test]
fn process_rejects_bad_output_without_echoing_it() {
    let outputs = [
        format!("AccessKeySecret={SECRET}"),
        format!(r#"{{"AccessKeyId":"id","AccessKeySecret":"{SECRET}""#),
        format!(r#"{{"AccessKeyId":"id","AccessKeySecret":"{SECRET}","Nested":{{}}}}"#),
        format!(r#"{{"AccessKeySecret":"{SECRET}"}}"#),
        format!(r#"{{"AccessKeyId":"id","AccessKeySecret":"{SECRET}","Expiration":"soon"}}"#),
        String::new(),
    ];
    for output in outputs {
        let error = check_process_error(&printf(&output));
        assert!(
            matches!(error, CredentialsError::Invalid(_)),
            "{output}: {error:?}"
        );
    }
}

#[test]
fn process_is_killed_after_its_timeout() {
    let slow = ProcessProvider::new("sleep 5").with_timeout(Duration::from_millis(200));
    let started = Instant::now();
    let error = check_process_error(&slow);
    assert!(
        matches!(error, CredentialsError::TimedOut { .. }),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(error.to_string().contains("200 ms"), "{error}");
}

// ---------------------------------------------------------------------------------------
// Cache

#[derive(Debug)]
struct ManualClock(Mutex<SystemTime>);

impl ManualClock {
    fn starting_at(time: SystemTime) -> Arc<Self> {
        Arc::new(ManualClock(Mutex::new(time)))
    }

    fn set(&self, time: SystemTime) {
        *self.0.lock().unwrap() = time;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }
}

/// Hands out credentials numbered by call, expiring `lifetime` after the clock's time, after
/// an optional delay; fails while `failing` is set.
#[derive(Debug)]
struct CountingProvider {
    calls: AtomicUsize,
    clock: Arc<ManualClock>,
    lifetime: Option<Duration>,
    delay: Duration,
    failing: Mutex<bool>,
}

impl CountingProvider {
    fn new(clock: &Arc<ManualClock>, lifetime: Option<Duration>) -> Arc<Self> {
        Arc::new(CountingProvider {
            calls: AtomicUsize::new(0),
            clock: Arc::clone(clock),
            lifetime,
            delay: Duration::ZERO,
            failing: Mutex::new(false),
        })
    }

    fn slow(clock: &Arc<ManualClock>, lifetime: Duration, delay: Duration) -> Arc<Self> {
        Arc::new(CountingProvider {
            delay,
            ..Arc::into_inner(Self::new(clock, Some(lifetime))).unwrap()
        })
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    fn set_failing(&self, failing: bool) {
        *self.failing.lock().unwrap() = failing;
    }
}

impl CredentialsProvider for CountingProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            // Blocking is fine here: every test thread drives its own block_on.
            thread::sleep(self.delay);
            if *self.failing.lock().unwrap() {
                return Err(CredentialsError::NotFound(format!("call {call} failed")));
            }
            let credentials = Credentials::new(format!("id-{call}"), SECRET);
            Ok(match self.lifetime {
                Some(lifetime) => credentials.with_expiration(self.clock.now() + lifetime),
                None => credentials,
            })
        })
    }
}

const START: u64 = 1_700_000_000;

fn cached_id(provider: &impl CredentialsProvider) -> String {
    block_on(provider.provide_credentials())
        .unwrap()
        .access_key_id()
        .to_owned()
}

#[test]
fn cache_keeps_credentials_without_expiry_forever() {
    let clock = ManualClock::starting_at(at(START));
    let inner = CountingProvider::new(&clock, None);
    let cache = CachingProvider::new(Arc::clone(&inner)).with_clock(Arc::clone(&clock));
    assert_eq!(cached_id(&cache), "id-1");
    clock.set(at(START + 10 * 365 * 86_400));
    assert_eq!(cached_id(&cache), "id-1");
    assert_eq!(inner.calls(), 1);
    assert_no_secret(&format!("{cache:?}"));
}

#[test]
fn cache_refreshes_inside_the_window() {
    let clock = ManualClock::starting_at(at(START));
    // 1000 s lifetime: the window is the last 800 s, so refresh is due from START + 200.
    let inner = CountingProvider::new(&clock, Some(Duration::from_secs(1_000)));
    let cache = CachingProvider::new(Arc::clone(&inner)).with_clock(Arc::clone(&clock));

    assert_eq!(cached_id(&cache), "id-1");
    clock.set(at(START + 199));
    assert_eq!(cached_id(&cache), "id-1");
    assert_eq!(inner.calls(), 1);

    clock.set(at(START + 200));
    assert_eq!(cached_id(&cache), "id-2");
    assert_eq!(cached_id(&cache), "id-2");
    assert_eq!(inner.calls(), 2);
}

#[test]
fn cache_does_not_refresh_short_lived_credentials_early() {
    let clock = ManualClock::starting_at(at(START));
    // 100 s lifetime: an 80 s window is shorter than the 120 s backoff, so wait for expiry.
    let inner = CountingProvider::new(&clock, Some(Duration::from_secs(100)));
    let cache = CachingProvider::new(Arc::clone(&inner)).with_clock(Arc::clone(&clock));
    assert_eq!(cached_id(&cache), "id-1");
    clock.set(at(START + 99));
    assert_eq!(cached_id(&cache), "id-1");
    clock.set(at(START + 100));
    assert_eq!(cached_id(&cache), "id-2");
}

#[test]
fn cache_refreshes_once_when_many_threads_ask_inside_the_window() {
    let clock = ManualClock::starting_at(at(START));
    let inner = CountingProvider::slow(
        &clock,
        Duration::from_secs(1_000),
        Duration::from_millis(500),
    );
    let cache = Arc::new(CachingProvider::new(Arc::clone(&inner)).with_clock(Arc::clone(&clock)));
    assert_eq!(cached_id(&*cache), "id-1");

    clock.set(at(START + 500));
    let started = Instant::now();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let cache = Arc::clone(&cache);
            thread::spawn(move || {
                let id = cached_id(&*cache);
                (id, Instant::now())
            })
        })
        .collect();
    let results: Vec<(String, Instant)> = threads.into_iter().map(|t| t.join().unwrap()).collect();

    assert_eq!(inner.calls(), 2, "exactly one refresh");
    let refreshed = results.iter().filter(|(id, _)| id == "id-2").count();
    assert!(refreshed >= 1, "{results:?}");
    // Callers that found the refresh under way were not held up by it.
    for (id, finished) in &results {
        assert!(id == "id-1" || id == "id-2", "{id}");
        if id == "id-1" {
            assert!(*finished - started < Duration::from_millis(400));
        }
    }
    assert_eq!(cached_id(&*cache), "id-2");
    assert_eq!(inner.calls(), 2);
}

#[test]
fn cache_fetches_once_when_many_threads_find_it_empty() {
    let clock = ManualClock::starting_at(at(START));
    let inner = CountingProvider::slow(
        &clock,
        Duration::from_secs(1_000),
        Duration::from_millis(200),
    );
    let cache = Arc::new(CachingProvider::new(Arc::clone(&inner)).with_clock(Arc::clone(&clock)));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let cache = Arc::clone(&cache);
            thread::spawn(move || cached_id(&*cache))
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap(), "id-1");
    }
    assert_eq!(inner.calls(), 1);
}

#[test]
fn cache_serves_valid_credentials_when_a_refresh_fails_and_backs_off() {
    let clock = ManualClock::starting_at(at(START));
    let inner = CountingProvider::new(&clock, Some(Duration::from_secs(1_000)));
    let cache = CachingProvider::new(Arc::clone(&inner)).with_clock(Arc::clone(&clock));
    assert_eq!(cached_id(&cache), "id-1");

    inner.set_failing(true);
    clock.set(at(START + 300));
    assert_eq!(cached_id(&cache), "id-1");
    assert_eq!(inner.calls(), 2);

    // Within the 120 s backoff the failing source is left alone.
    clock.set(at(START + 400));
    assert_eq!(cached_id(&cache), "id-1");
    assert_eq!(inner.calls(), 2);

    clock.set(at(START + 420));
    assert_eq!(cached_id(&cache), "id-1");
    assert_eq!(inner.calls(), 3);

    inner.set_failing(false);
    clock.set(at(START + 540));
    assert_eq!(cached_id(&cache), "id-4");
}

#[test]
fn cache_returns_the_error_when_expired_and_the_refresh_fails() {
    let clock = ManualClock::starting_at(at(START));
    let inner = CountingProvider::new(&clock, Some(Duration::from_secs(1_000)));
    let cache = CachingProvider::new(Arc::clone(&inner)).with_clock(Arc::clone(&clock));
    assert_eq!(cached_id(&cache), "id-1");

    inner.set_failing(true);
    clock.set(at(START + 1_000));
    let error = block_on(cache.provide_credentials()).unwrap_err();
    assert!(error.to_string().contains("call 2 failed"), "{error}");
    // Nothing valid is cached, so every call tries again.
    assert!(block_on(cache.provide_credentials()).is_err());
    assert_eq!(inner.calls(), 3);

    inner.set_failing(false);
    assert_eq!(cached_id(&cache), "id-4");
}

#[test]
fn cache_rejects_credentials_that_are_already_expired() {
    let clock = ManualClock::starting_at(at(START));
    let expired = Credentials::new("stale-id", SECRET).with_expiration(at(START - 1));
    let cache = CachingProvider::new(expired).with_clock(Arc::clone(&clock));
    let error = block_on(cache.provide_credentials()).unwrap_err();
    assert!(
        matches!(error, CredentialsError::Expired { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("stale-id") && message.contains("2023-11-14T22:13:19Z"),
        "{message}"
    );
}
