//! The machine's floor for the large transfers: what the kernel alone costs a client that moves
//! the same bytes, measured with minimal programs in the same run as the clients.
//!
//! - [`upload`]: read the upload's file (on tmpfs) in 1 MiB reads and write it to loopback
//!   TCP connections, one thread per connection.
//! - [`download`]: read loopback TCP connections in 1 MiB reads and write a new file at each
//!   connection's offset, fsync at the end.
//! - [`crc64`]: one CRC-64 pass over the same number of bytes.
//!
//! The other end of each connection ([`serve_peer`]) is a separate process, as the server is
//! for a client, so that the measured process's CPU is one side's only. A client's CPU per GiB
//! divided by the floor (transfer plus CRC-64) says how much it spends above what any client
//! must.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::measure::Outcome;

/// The size of every read and write.
const CHUNK: usize = 1 << 20;

/// What the peer process does with each connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeerRole {
    /// Reads and discards (the far end of an upload).
    Sink,
    /// Sends its share of `size` bytes (the far end of a download).
    Source,
}

impl PeerRole {
    /// `sink` or `source`.
    pub fn parse(text: &str) -> Result<PeerRole, String> {
        match text {
            "sink" => Ok(PeerRole::Sink),
            "source" => Ok(PeerRole::Source),
            other => Err(format!("--role {other}: expected sink or source")),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            PeerRole::Sink => "sink",
            PeerRole::Source => "source",
        }
    }
}

/// The peer process, started before the measurement and reaped after it.
#[derive(Debug)]
pub struct Peer {
    child: Child,
    /// Where it listens.
    pub address: SocketAddr,
}

impl Peer {
    /// Starts `program floor-peer` (this binary) serving `concurrency` connections.
    pub fn start(
        program: &Path,
        role: PeerRole,
        size: u64,
        concurrency: usize,
    ) -> Result<Peer, String> {
        let mut child = Command::new(program)
            .args(["floor-peer", "--role", role.as_str()])
            .args(["--size", &size.to_string()])
            .args(["--concurrency", &concurrency.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start the floor peer: {e}"))?;
        let mut line = String::new();
        let stdout = child.stdout.take().ok_or("the floor peer has no stdout")?;
        let read = BufReader::new(stdout).read_line(&mut line);
        let address = read
            .ok()
            .and_then(|_| line.trim().strip_prefix("listening on "))
            .and_then(|a| a.parse().ok());
        match address {
            Some(address) => Ok(Peer { child, address }),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                Err(format!("the floor peer did not start: {line:?}"))
            }
        }
    }

    /// Waits for the peer to finish; an error if it failed.
    pub fn finish(mut self) -> Result<(), String> {
        let status = self.child.wait().map_err(|e| e.to_string())?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("the floor peer failed: {status}"))
        }
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        // Only a peer left running (the measured side failed) is stopped here.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The peer's side: listens, prints `listening on ADDR`, then serves `concurrency`
/// connections at once and exits.
pub fn serve_peer(role: PeerRole, size: u64, concurrency: usize) -> Result<(), String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    println!("listening on {address}");
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    std::thread::scope(|scope| {
        let mut workers = Vec::new();
        for index in 0..concurrency {
            let (mut stream, _) = listener.accept().map_err(|e| format!("accept: {e}"))?;
            let (_, length) = share(size, concurrency, index);
            workers.push(scope.spawn(move || match role {
                PeerRole::Sink => {
                    let mut buffer = vec![0u8; CHUNK];
                    while let Ok(1..) = stream.read(&mut buffer) {}
                    Ok(())
                }
                PeerRole::Source => send_pattern(&mut stream, length),
            }));
        }
        for worker in workers {
            worker.join().map_err(|_| "a peer thread panicked")??;
        }
        Ok(())
    })
}

/// Connection `index`'s part of `size` bytes: its offset and length.
fn share(size: u64, concurrency: usize, index: usize) -> (u64, u64) {
    let each = size / concurrency as u64;
    let offset = each * index as u64;
    let length = if index + 1 == concurrency {
        size - offset
    } else {
        each
    };
    (offset, length)
}

fn send_pattern(stream: &mut TcpStream, length: u64) -> Result<(), String> {
    let buffer = vec![0x5Au8; CHUNK];
    let mut sent = 0u64;
    while sent < length {
        let n = buffer.len().min((length - sent) as usize);
        stream
            .write_all(&buffer[..n])
            .map_err(|e| format!("write: {e}"))?;
        sent += n as u64;
    }
    Ok(())
}

/// The upload floor: `file` read and written to `peer`'s connections, one thread each.
pub fn upload(file: &Path, peer: SocketAddr, concurrency: usize) -> Result<Outcome, String> {
    let source = File::open(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let size = source.metadata().map_err(|e| e.to_string())?.len();
    let sent = std::thread::scope(|scope| {
        let senders: Vec<_> = (0..concurrency)
            .map(|index| {
                let source = &source;
                scope.spawn(move || -> Result<u64, String> {
                    let (offset, length) = share(size, concurrency, index);
                    let mut stream =
                        TcpStream::connect(peer).map_err(|e| format!("connect: {e}"))?;
                    let mut buffer = vec![0u8; CHUNK];
                    let mut done = 0u64;
                    while done < length {
                        let want = buffer.len().min((length - done) as usize);
                        let n = source
                            .read_at(&mut buffer[..want], offset + done)
                            .map_err(|e| format!("read: {e}"))?;
                        if n == 0 {
                            return Err("the file ended early".into());
                        }
                        stream
                            .write_all(&buffer[..n])
                            .map_err(|e| format!("write: {e}"))?;
                        done += n as u64;
                    }
                    Ok(done)
                })
            })
            .collect();
        total(senders)
    })?;
    if sent != size {
        return Err(format!("sent {sent} of {size} bytes"));
    }
    Ok(Outcome {
        operations: concurrency as u64,
        bytes: sent,
        crc64: None,
        check: format!("{sent} bytes from the file over {concurrency} connections"),
    })
}

/// The download floor: `peer`'s connections read and written to a new `output` of `size`
/// bytes, one thread each; the file is removed afterwards.
pub fn download(
    output: &Path,
    size: u64,
    peer: SocketAddr,
    concurrency: usize,
) -> Result<Outcome, String> {
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(output)
        .map_err(|e| format!("{}: {e}", output.display()))?;
    let received = std::thread::scope(|scope| {
        let receivers: Vec<_> = (0..concurrency)
            .map(|index| {
                let file = &file;
                scope.spawn(move || -> Result<u64, String> {
                    let (offset, length) = share(size, concurrency, index);
                    let mut stream =
                        TcpStream::connect(peer).map_err(|e| format!("connect: {e}"))?;
                    let mut buffer = vec![0u8; CHUNK];
                    let mut done = 0u64;
                    loop {
                        let n = stream.read(&mut buffer).map_err(|e| format!("read: {e}"))?;
                        if n == 0 {
                            break;
                        }
                        file.write_all_at(&buffer[..n], offset + done)
                            .map_err(|e| format!("write: {e}"))?;
                        done += n as u64;
                    }
                    if done != length {
                        return Err(format!("connection {index}: {done} of {length} bytes"));
                    }
                    Ok(done)
                })
            })
            .collect();
        total(receivers)
    });
    // The clients fsync their download at the end; so does the floor.
    let written = file
        .sync_all()
        .and_then(|()| file.metadata())
        .map(|m| m.len());
    drop(file);
    let _ = std::fs::remove_file(output);
    let received = received?;
    if written.map_err(|e| e.to_string())? != size {
        return Err("the new file has the wrong size".into());
    }
    Ok(Outcome {
        operations: concurrency as u64,
        bytes: received,
        crc64: None,
        check: format!("{received} bytes over {concurrency} connections into a new file"),
    })
}

/// The bytes the threads moved, or the first failure.
fn total(
    threads: Vec<std::thread::ScopedJoinHandle<'_, Result<u64, String>>>,
) -> Result<u64, String> {
    threads
        .into_iter()
        .map(|t| {
            t.join()
                .map_err(|_| "a transfer thread panicked".to_owned())?
        })
        .sum()
}

/// The CRC-64 floor: one pass over `size` bytes, 1 MiB at a time (as the clients check data
/// in chunks that were just copied, so in cache).
pub fn crc64(size: u64) -> Result<Outcome, String> {
    let buffer: Vec<u8> = (0..CHUNK).map(|i| (i * 7 + 3) as u8).collect();
    let mut crc = 0u64;
    let mut done = 0u64;
    while done < size {
        let n = buffer.len().min((size - done) as usize);
        crc = oss_checksum::crc64::update(crc, std::hint::black_box(&buffer[..n]));
        done += n as u64;
    }
    Ok(Outcome {
        operations: 1,
        bytes: done,
        crc64: None,
        check: format!("CRC-64 of {done} bytes: {crc:016x}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_cover_the_size_once() {
        for (size, concurrency) in [(10u64, 3usize), (1 << 20, 4), (5, 8), (0, 2)] {
            let mut next = 0;
            for index in 0..concurrency {
                let (offset, length) = share(size, concurrency, index);
                assert_eq!(offset, next);
                next += length;
            }
            assert_eq!(next, size);
        }
    }
}
