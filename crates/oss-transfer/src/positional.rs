//! Positional reads and writes: several parts write one file at their own offsets at the
//! same time, so a write must not depend on (or move) a shared file cursor; reads of an open
//! file follow the same rule.

use std::fs::File;
use std::io;

/// Writes all of `data` at `offset` in `file`.
#[cfg(unix)]
pub(crate) fn write_all_at(file: &File, data: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, data, offset)
}

/// Writes all of `data` at `offset` in `file`.
#[cfg(windows)]
pub(crate) fn write_all_at(file: &File, mut data: &[u8], mut offset: u64) -> io::Result<()> {
    // `seek_write` moves the cursor, which nothing here relies on.
    while !data.is_empty() {
        match std::os::windows::fs::FileExt::seek_write(file, data, offset) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                data = &data[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Reads exactly `buffer.len()` bytes at `offset` of `file`.
#[cfg(unix)]
pub(crate) fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

/// Reads exactly `buffer.len()` bytes at `offset` of `file`.
#[cfg(windows)]
pub(crate) fn read_exact_at(file: &File, mut buffer: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buffer.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buffer, offset) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buffer = &mut buffer[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Reads `length` bytes of `file` from `offset` in chunks of at most 256 KiB, handing each
/// to `each`; fails if the file is shorter.
pub(crate) fn read_range_at(
    file: &File,
    offset: u64,
    length: u64,
    mut each: impl FnMut(&[u8]),
) -> io::Result<()> {
    const CHUNK: u64 = 256 * 1024;
    let mut buffer = vec![0u8; length.min(CHUNK) as usize];
    let mut done = 0;
    while done < length {
        let want = (length - done).min(CHUNK) as usize;
        read_exact_at(file, &mut buffer[..want], offset + done)?;
        each(&buffer[..want]);
        done += want as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_land_at_their_offsets_whatever_the_order() {
        let dir =
            std::env::temp_dir().join(format!("oss-transfer-positional-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("file");
        let file = File::create(&path).unwrap();
        write_all_at(&file, b"world", 6).unwrap();
        write_all_at(&file, b"hello ", 0).unwrap();
        drop(file);
        assert_eq!(std::fs::read(&path).unwrap(), b"hello world");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
