//! Which processes use a data directory, and sweeping what dead ones left behind.
//!
//! ```text
//! DIR/tmp/<id>.lock   a SQLite file its process holds an exclusive lock on while it lives
//! DIR/tmp/<id>/       that process's temporary files (partial uploads)
//! ```
//!
//! The OS releases the lock when the process dies, however it dies, so "the lock can be
//! taken" means "the process is dead", with no grace period: files of a process killed a
//! moment ago are swept at once. A process creates and locks its lock file before its
//! directory exists, and a sweeper removes a directory and its lock file only while holding
//! that lock itself; a starting process that finds its lock file gone once it holds the lock
//! (a sweeper took it for a dead one's) picks another id. Blob files are named after their
//! writer (`<id>-<counter>`), so an unreferenced blob of a dead writer is garbage.
//!
//! Directories of the previous layout (`tmp/<id>/lock.db`, the lock inside) are honoured too.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use rusqlite::{Connection, OpenFlags};

use super::private;

/// The suffix of lock files.
const LOCK_SUFFIX: &str = ".lock";
/// The lock file inside a directory of the previous layout.
const LEGACY_LOCK: &str = "lock.db";

/// This process's id, temporary directory and lock.
pub(super) struct ProcessDir {
    /// The id (blob names start with it).
    pub id: String,
    /// The temporary directory.
    pub dir: PathBuf,
    lock_path: PathBuf,
    /// Holds the lock while this lives (in a mutex only because a connection is not `Sync`).
    _lock: Mutex<Connection>,
}

impl ProcessDir {
    /// Claims a new id under `tmp_root`: its lock file, locked, then its directory.
    pub fn claim(tmp_root: &Path) -> io::Result<ProcessDir> {
        for _ in 0..8 {
            let id = random_hex();
            let lock_path = tmp_root.join(format!("{id}{LOCK_SUFFIX}"));
            match private::create_new_file(&lock_path) {
                Ok(file) => drop(file),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
            let lock = take_lock(&lock_path, true).map_err(sqlite)?;
            if !lock_path.exists() {
                // A sweeper took the fresh file for a dead process's and removed it.
                continue;
            }
            let dir = tmp_root.join(&id);
            private::create_dir(&dir)?;
            return Ok(ProcessDir {
                id,
                dir,
                lock_path,
                _lock: Mutex::new(lock),
            });
        }
        Err(io::Error::other(
            "could not claim a temporary directory in the data directory",
        ))
    }
}

impl Drop for ProcessDir {
    fn drop(&mut self) {
        // A clean stop leaves nothing behind; the lock is still held while this runs.
        let _ = std::fs::remove_dir_all(&self.dir);
        let _ = std::fs::remove_file(&self.lock_path);
        let _ = std::fs::remove_file(journal(&self.lock_path));
    }
}

fn sqlite(e: rusqlite::Error) -> io::Error {
    io::Error::other(format!("SQLite: {e}"))
}

fn random_hex() -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.write_u32(std::process::id());
    format!("{:016x}", hasher.finish())
}

fn journal(lock_path: &Path) -> PathBuf {
    let mut name = lock_path.as_os_str().to_owned();
    name.push("-journal");
    PathBuf::from(name)
}

/// Takes the exclusive lock of `path`, waiting up to 5 seconds with `wait` (a sweeper may
/// hold it for a moment), not at all without. Never creates the file.
fn take_lock(path: &Path, wait: bool) -> Result<Connection, rusqlite::Error> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(if wait {
        Duration::from_secs(5)
    } else {
        Duration::ZERO
    })?;
    conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    conn.execute_batch("BEGIN EXCLUSIVE")?;
    Ok(conn)
}

/// What a lock file says about its process.
enum Liveness {
    /// Its lock is held.
    Alive,
    /// Its lock was taken: the process is dead, and stays "dead" while this is held.
    Dead(Connection),
    /// There is no such lock file.
    Missing,
}

fn liveness(lock_path: &Path) -> Liveness {
    if !lock_path.exists() {
        return Liveness::Missing;
    }
    match take_lock(lock_path, false) {
        Ok(conn) => Liveness::Dead(conn),
        // Gone meanwhile (another sweeper) or busy; anything else is treated as alive, so
        // that an error never costs a live process its files.
        Err(_) if !lock_path.exists() => Liveness::Missing,
        Err(_) => Liveness::Alive,
    }
}

/// Whether the process `id` is alive, in either layout.
pub(super) fn is_alive(tmp_root: &Path, id: &str) -> bool {
    let lock_path = tmp_root.join(format!("{id}{LOCK_SUFFIX}"));
    match liveness(&lock_path) {
        Liveness::Alive => true,
        Liveness::Dead(_) => false,
        Liveness::Missing => matches!(
            liveness(&tmp_root.join(id).join(LEGACY_LOCK)),
            Liveness::Alive
        ),
    }
}

/// Removes the temporary directories and lock files of dead processes under `tmp_root`;
/// returns how many processes' leftovers it removed.
pub(super) fn sweep_temporary(tmp_root: &Path, own_id: &str) -> io::Result<usize> {
    let mut names = HashSet::new();
    for entry in std::fs::read_dir(tmp_root)? {
        names.insert(entry?.file_name().to_string_lossy().into_owned());
    }
    let ids: HashSet<&str> = names
        .iter()
        .map(|name| {
            let name = name.strip_suffix("-journal").unwrap_or(name);
            name.strip_suffix(LOCK_SUFFIX).unwrap_or(name)
        })
        .filter(|id| *id != own_id)
        .collect();
    let mut removed = 0;
    for id in ids {
        let lock_path = tmp_root.join(format!("{id}{LOCK_SUFFIX}"));
        let dir = tmp_root.join(id);
        let held = match liveness(&lock_path) {
            Liveness::Alive => continue,
            Liveness::Dead(conn) => Some(conn),
            // No lock file: the previous layout, or the remains of an interrupted sweep (a
            // process creates its lock file before its directory).
            Liveness::Missing => match liveness(&dir.join(LEGACY_LOCK)) {
                Liveness::Alive => continue,
                Liveness::Dead(conn) => Some(conn),
                Liveness::Missing => None,
            },
        };
        if !dir.is_dir() && held.is_none() {
            continue; // Not a process's leftovers.
        }
        tracing::info!(process = %id, "removing the temporary files of a dead process");
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_file(&lock_path);
        let _ = std::fs::remove_file(journal(&lock_path));
        drop(held);
        removed += 1;
    }
    Ok(removed)
}

/// Removes the blob files under `blobs` that no row references (`referenced`) and whose
/// writer is dead; returns how many.
pub(super) fn sweep_blobs(
    blobs: &Path,
    tmp_root: &Path,
    own_id: &str,
    referenced: &HashSet<String>,
) -> io::Result<usize> {
    let mut alive: HashMap<String, bool> = HashMap::new();
    alive.insert(own_id.to_owned(), true);
    let mut removed = 0;
    for entry in std::fs::read_dir(blobs)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if referenced.contains(&name) {
            continue;
        }
        let owner = name.split('-').next().unwrap_or_default().to_owned();
        let owner_alive = *alive
            .entry(owner)
            .or_insert_with_key(|owner| is_alive(tmp_root, owner));
        if !owner_alive && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}
