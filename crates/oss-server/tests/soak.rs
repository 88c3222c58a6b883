//! Soak test (review D6, issue 16 item 5): the binary, as a child process with a data
//! directory, serves real transfers while hundreds of slow and stalled clients attack it for
//! about twelve seconds: headers sent a byte at a time, fat unfinished headers opened
//! continuously, bodies that stop halfway, and downloads nobody reads. The transfers must
//! complete byte-exact, and the server's descriptors (`/proc/PID/fd`) and memory (`VmRSS`)
//! must stay bounded by its connection cap, sampled throughout.

#![cfg(target_os = "linux")]

mod common;

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::{data, Client};

/// The server's connection cap in this test.
const CAP: usize = 200;
/// How long the attack lasts.
const ATTACK: Duration = Duration::from_secs(12);
/// Descriptors the server may hold besides its connections and their files (listener, epoll,
/// stdio, the database and its lock).
const FD_SLACK: usize = 32;
/// Memory the server may gain over its warmed-up baseline under attack: the cap times what
/// one connection may hold (64 KiB of headers, buffers, about 1 MiB of a response's
/// read-ahead), with room; about 60 MiB were measured.
const RSS_SLACK_KIB: u64 = 160 * 1024;

struct Server {
    child: Child,
    addr: SocketAddr,
    dir: PathBuf,
}

impl Server {
    fn start() -> Server {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir =
            std::env::temp_dir().join(format!("oss-server-soak-{}-{nanos}", std::process::id()));
        let cap = CAP.to_string();
        let mut child = Command::new(env!("CARGO_BIN_EXE_oss-server"))
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(&dir)
            .args(["--header-timeout", "2", "--idle-timeout", "2"])
            .args(["--max-connections", &cap])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap()
            .parse()
            .unwrap();
        Server { child, addr, dir }
    }

    /// The server's sockets, descriptors and resident memory (KiB) now.
    fn usage(&self) -> (usize, usize, u64) {
        usage(self.child.id())
    }
}

/// A process's open descriptors: sockets, and all; and its resident memory in KiB.
fn usage(pid: u32) -> (usize, usize, u64) {
    let (mut sockets, mut fds) = (0, 0);
    for entry in std::fs::read_dir(format!("/proc/{pid}/fd"))
        .into_iter()
        .flatten()
        .flatten()
    {
        fds += 1;
        let target = std::fs::read_link(entry.path()).unwrap_or_default();
        if target.to_string_lossy().starts_with("socket:") {
            sockets += 1;
        }
    }
    let rss = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    (sockets, fds, rss)
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What an attacking connection does.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Sends its request line and headers a byte at a time, forever.
    Dribble,
    /// Sends 32 KiB of headers at once, never the end of them.
    Fat,
    /// Sends a PUT head and half its body, then nothing.
    Stalled,
    /// Asks for a large object and never reads it.
    Reader,
}

struct Attacker {
    kind: Kind,
    stream: TcpStream,
}

fn connect(addr: SocketAddr) -> Option<TcpStream> {
    TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()
}

impl Attacker {
    fn open(kind: Kind, addr: SocketAddr, signed: &Client) -> Option<Attacker> {
        let mut stream = connect(addr)?;
        let first: Vec<u8> = match kind {
            Kind::Dribble => b"G".to_vec(),
            Kind::Fat => {
                let mut head = b"GET /soak/x HTTP/1.1\r\nHost: x\r\nX-Fat: ".to_vec();
                head.resize(32 * 1024, b'a');
                head
            }
            Kind::Stalled => {
                let mut head = signed
                    .build("PUT", Some("soak"), Some("stalled"), &[], &[], 1 << 20)
                    .into_bytes();
                head.extend_from_slice(&[b's'; 4096]);
                head
            }
            Kind::Reader => signed
                .build("GET", Some("soak"), Some("big"), &[], &[], 0)
                .into_bytes(),
        };
        // Into the socket buffer, even before the server accepts.
        stream.write_all(&first).ok()?;
        stream.set_nonblocking(true).ok()?;
        Some(Attacker { kind, stream })
    }

    /// One step of the attack; false once the server has closed the connection.
    fn step(&mut self, tick: u64) -> bool {
        if self.kind == Kind::Reader {
            return true; // Never reads, so never learns; the server drops it.
        }
        let mut buf = [0u8; 4096];
        loop {
            match self.stream.read(&mut buf) {
                Ok(0) => return false,
                Ok(_) => continue,
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(_) => return false,
            }
        }
        if self.kind == Kind::Dribble && tick % 4 == 0 {
            let byte = b"ET /soak/x HTTP/1.1\r\nX-Slow: "[(tick as usize / 4) % 29];
            if let Err(e) = self.stream.write(&[byte]) {
                return e.kind() == ErrorKind::WouldBlock;
            }
        }
        true
    }
}

/// Runs the attack until `stop`: 300 dribblers and 60 stalled bodies kept at strength, 20
/// stalled readers, and 25 fat headers a second; returns how many connections it opened.
fn attack(addr: SocketAddr, signed: Client, stop: Arc<AtomicBool>) -> u64 {
    let mut attackers: Vec<Attacker> = Vec::new();
    let mut opened = 0u64;
    let wanted = [
        (Kind::Dribble, 300),
        (Kind::Stalled, 60),
        (Kind::Reader, 20),
    ];
    for (kind, n) in wanted {
        for _ in 0..n {
            if let Some(a) = Attacker::open(kind, addr, &signed) {
                attackers.push(a);
                opened += 1;
            }
        }
    }
    let mut tick = 0u64;
    while !stop.load(Ordering::Relaxed) {
        tick += 1;
        attackers.retain_mut(|a| a.step(tick));
        // Replace the cut-off dribblers and stalled bodies; fat headers just keep coming.
        for (kind, n) in [(Kind::Dribble, 300), (Kind::Stalled, 60)] {
            let live = attackers.iter().filter(|a| a.kind == kind).count();
            for _ in live..n {
                if let Some(a) = Attacker::open(kind, addr, &signed) {
                    attackers.push(a);
                    opened += 1;
                }
            }
        }
        if tick % 2 == 0 {
            for _ in 0..3 {
                if let Some(a) = Attacker::open(Kind::Fat, addr, &signed) {
                    attackers.push(a);
                    opened += 1;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    opened
}

#[test]
fn slow_and_stalled_clients_cannot_exhaust_the_server() {
    let server = Server::start();
    let addr = server.addr;
    let c = Client::new(addr);
    assert_eq!(c.create_bucket("soak").status, 200);
    assert_eq!(c.put("soak", "big", &data(16 << 20, 1)).status, 200);
    // A warm-up round, so that the baseline includes what serving itself allocates.
    let warm = data(4 << 20, 2);
    assert_eq!(c.put("soak", "warm", &warm).status, 200);
    assert_eq!(c.get("soak", "warm").body, warm);
    let (base_sockets, base_fds, base_rss) = server.usage();

    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(Mutex::new((0usize, 0usize, 0u64)));
    let sampler = {
        let (stop, peak) = (Arc::clone(&stop), Arc::clone(&peak));
        let pid = server.child.id();
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let (sockets, fds, rss) = usage(pid);
                let mut p = peak.lock().unwrap();
                *p = (p.0.max(sockets), p.1.max(fds), p.2.max(rss));
                drop(p);
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let attacker = {
        let (stop, signed) = (Arc::clone(&stop), c.clone());
        std::thread::spawn(move || attack(addr, signed, stop))
    };

    // Real transfers alongside, until the attack ends: each round a 4 MiB object up and down,
    // and once a 64 MiB streaming upload.
    let rounds = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let movers: Vec<_> = (0..2u64)
        .map(|t| {
            let (c, rounds) = (c.clone(), Arc::clone(&rounds));
            std::thread::spawn(move || {
                let mut round = 0u64;
                while round == 0 || started.elapsed() < ATTACK {
                    let size = if t == 0 && round == 0 {
                        64 << 20
                    } else {
                        4 << 20
                    };
                    let body = data(size, 100 + t * 1000 + round);
                    let key = format!("transfer-{t}");
                    let r = c.put("soak", &key, &body);
                    assert_eq!(r.status, 200, "PUT round {round}: {}", r.text());
                    let g = c.get("soak", &key);
                    assert_eq!(g.status, 200, "GET round {round}");
                    assert!(
                        g.body == body,
                        "round {round}: the data came back different"
                    );
                    round += 1;
                    rounds.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    while started.elapsed() < ATTACK {
        std::thread::sleep(Duration::from_millis(100));
    }
    stop.store(true, Ordering::Relaxed);
    let opened = attacker.join().unwrap();
    for mover in movers {
        mover.join().expect("a transfer failed");
    }
    sampler.join().unwrap();
    let (peak_sockets, peak_fds, peak_rss) = *peak.lock().unwrap();
    eprintln!(
        "soak: {opened} attacking connections, {} transfers; sockets {base_sockets} -> peak \
         {peak_sockets}; \
         fds {base_fds} -> peak {peak_fds}; RSS {base_rss} KiB -> peak {peak_rss} KiB",
        rounds.load(Ordering::Relaxed)
    );
    assert!(
        opened > CAP as u64 * 2,
        "the attack outnumbered the cap ({opened})"
    );
    // The listener and the runtime's own sockets (counted before), and the connections.
    assert!(
        peak_sockets <= base_sockets + CAP,
        "{peak_sockets} sockets ({base_sockets} before) with a cap of {CAP} connections"
    );
    // Besides its socket, a connection here holds at most one file (the object it reads or
    // the partial upload it writes).
    assert!(
        peak_fds <= 2 * CAP + FD_SLACK,
        "descriptors went to {peak_fds} with a cap of {CAP}"
    );
    assert!(
        peak_rss <= base_rss + RSS_SLACK_KIB,
        "memory went from {base_rss} KiB to {peak_rss} KiB"
    );
    // Once the attackers are gone, so are their connections.
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.usage().1 > base_fds + 4 {
        assert!(
            Instant::now() < deadline,
            "{} descriptors still open, {base_fds} before the attack",
            server.usage().1
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(c.get("soak", "warm").body, warm, "still serving");
}
