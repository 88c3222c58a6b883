//! `hash`: the CRC-64 (as in `x-oss-hash-crc64ecma`) or MD5 (hex and as `Content-MD5`) of
//! local files, computed as OSS computes them, to compare with `oss stat`.

use std::io::Read;
use std::path::PathBuf;

use base64::Engine;
use clap::{Args, ValueEnum};
use oss_checksum::crc64::Crc64;
use oss_checksum::md5::Md5;
use serde_json::json;

use crate::error::{CliError, Result};
use crate::output::Printer;

/// Which checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HashType {
    /// CRC-64/ECMA-182 (XZ), as OSS's `x-oss-hash-crc64ecma`.
    Crc64,
    /// MD5, hex and base64 (`Content-MD5`).
    Md5,
    /// Both.
    All,
}

/// `oss hash FILE...`.
#[derive(Debug, Args)]
pub struct HashArgs {
    /// The files (`-` for standard input).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The checksum.
    #[arg(long = "type", value_enum, default_value = "crc64")]
    pub kind: HashType,
}

/// The checksums of one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digests {
    /// Bytes read.
    pub size: u64,
    /// The CRC-64, if asked.
    pub crc64: Option<u64>,
    /// The MD5, if asked.
    pub md5: Option<[u8; 16]>,
}

/// Reads `input` to the end and computes what `kind` asks for.
pub fn digest(mut input: impl Read, kind: HashType) -> std::io::Result<Digests> {
    let mut crc = (kind != HashType::Md5).then(Crc64::new);
    let mut md5 = (kind != HashType::Crc64).then(Md5::new);
    let mut buffer = vec![0u8; 1 << 20];
    let mut size = 0;
    loop {
        let n = match input.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        size += n as u64;
        if let Some(crc) = crc.as_mut() {
            crc.update(&buffer[..n]);
        }
        if let Some(md5) = md5.as_mut() {
            md5.update(&buffer[..n]);
        }
    }
    Ok(Digests {
        size,
        crc64: crc.map(|c| c.value()),
        md5: md5.map(Md5::finish),
    })
}

/// Runs `hash`.
pub fn run(out: Printer, args: HashArgs) -> Result<()> {
    let mut results = Vec::new();
    let mut text = String::new();
    for path in &args.files {
        let digests = if path.as_os_str() == "-" {
            digest(std::io::stdin().lock(), args.kind)
        } else {
            std::fs::File::open(path).and_then(|f| digest(f, args.kind))
        }
        .map_err(|e| CliError::io(format!("cannot read {}", path.display()), e))?;
        let mut entry = json!({ "file": path.display().to_string(), "size": digests.size });
        if let Some(crc) = digests.crc64 {
            entry["crc64"] = crc.to_string().into();
            text.push_str(&format!("CRC64-ECMA  : {crc}  {}\n", path.display()));
        }
        if let Some(md5) = digests.md5 {
            let hex: String = md5.iter().map(|b| format!("{b:02x}")).collect();
            let b64 = base64::engine::general_purpose::STANDARD.encode(md5);
            text.push_str(&format!(
                "MD5         : {}  {}\n",
                hex.to_uppercase(),
                path.display()
            ));
            text.push_str(&format!("Content-MD5 : {b64}  {}\n", path.display()));
            entry["md5"] = hex.into();
            entry["content_md5"] = b64.into();
        }
        results.push(entry);
    }
    out.emit(json!({ "files": results }), || text);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        let d = digest(&b"123456789"[..], HashType::All).unwrap();
        assert_eq!(d.crc64, Some(0x995D_C9BB_DF19_39FA));
        let hex: String = d.md5.unwrap().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "25f9e794323b453885f5181f1b624d0b");
        assert_eq!(d.size, 9);
    }
}
