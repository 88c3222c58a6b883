//! The `Content-Type` an upload gets when the caller gives none: guessed from the key's
//! extension with a small built-in table (the common web, document, archive and media
//! types), `application/octet-stream` otherwise, as the official SDKs do.
//!
//! ```
//! use oss_client::mime;
//!
//! assert_eq!(mime::guess("photos/cat.JPG"), "image/jpeg");
//! assert_eq!(mime::guess("index.html"), "text/html");
//! assert_eq!(mime::guess("archive.tar.gz"), "application/gzip");
//! assert_eq!(mime::guess("no-extension"), "application/octet-stream");
//! assert_eq!(mime::from_extension("css"), Some("text/css"));
//! ```

/// What is sent when nothing better is known.
pub const DEFAULT: &str = "application/octet-stream";

/// Extension (lower case, sorted) → media type.
const TABLE: &[(&str, &str)] = &[
    ("7z", "application/x-7z-compressed"),
    ("aac", "audio/aac"),
    ("apk", "application/vnd.android.package-archive"),
    ("avi", "video/x-msvideo"),
    ("avif", "image/avif"),
    ("bin", "application/octet-stream"),
    ("bmp", "image/bmp"),
    ("bz2", "application/x-bzip2"),
    ("css", "text/css"),
    ("csv", "text/csv"),
    ("doc", "application/msword"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("eot", "application/vnd.ms-fontobject"),
    ("epub", "application/epub+zip"),
    ("exe", "application/octet-stream"),
    ("flac", "audio/flac"),
    ("flv", "video/x-flv"),
    ("gif", "image/gif"),
    ("gz", "application/gzip"),
    ("heic", "image/heic"),
    ("htm", "text/html"),
    ("html", "text/html"),
    ("ico", "image/x-icon"),
    ("ics", "text/calendar"),
    ("jar", "application/java-archive"),
    ("jpeg", "image/jpeg"),
    ("jpg", "image/jpeg"),
    ("js", "application/javascript"),
    ("json", "application/json"),
    ("m3u8", "application/vnd.apple.mpegurl"),
    ("m4a", "audio/mp4"),
    ("md", "text/markdown"),
    ("mid", "audio/midi"),
    ("mjs", "application/javascript"),
    ("mkv", "video/x-matroska"),
    ("mov", "video/quicktime"),
    ("mp3", "audio/mpeg"),
    ("mp4", "video/mp4"),
    ("mpeg", "video/mpeg"),
    ("mpg", "video/mpeg"),
    ("odp", "application/vnd.oasis.opendocument.presentation"),
    ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    ("odt", "application/vnd.oasis.opendocument.text"),
    ("oga", "audio/ogg"),
    ("ogg", "audio/ogg"),
    ("ogv", "video/ogg"),
    ("otf", "font/otf"),
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("ppt", "application/vnd.ms-powerpoint"),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ("rar", "application/vnd.rar"),
    ("rtf", "application/rtf"),
    ("svg", "image/svg+xml"),
    ("tar", "application/x-tar"),
    ("tgz", "application/gzip"),
    ("tif", "image/tiff"),
    ("tiff", "image/tiff"),
    ("ts", "video/mp2t"),
    ("ttf", "font/ttf"),
    ("txt", "text/plain"),
    ("wasm", "application/wasm"),
    ("wav", "audio/wav"),
    ("weba", "audio/webm"),
    ("webm", "video/webm"),
    ("webp", "image/webp"),
    ("woff", "font/woff"),
    ("woff2", "font/woff2"),
    ("xhtml", "application/xhtml+xml"),
    ("xls", "application/vnd.ms-excel"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("xml", "application/xml"),
    ("yaml", "application/yaml"),
    ("yml", "application/yaml"),
    ("zip", "application/zip"),
];

/// The media type of an extension (without the dot, any case), if the table knows it.
pub fn from_extension(extension: &str) -> Option<&'static str> {
    let lower = extension.to_ascii_lowercase();
    TABLE
        .binary_search_by(|(ext, _)| (*ext).cmp(lower.as_str()))
        .ok()
        .map(|index| TABLE[index].1)
}

/// The media type for `key`, from the extension of its last path segment;
/// [`DEFAULT`] when it has none or an unknown one.
pub fn guess(key: &str) -> &'static str {
    let name = key.rsplit('/').next().unwrap_or(key);
    match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => from_extension(extension).unwrap_or(DEFAULT),
        _ => DEFAULT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_lower_case() {
        for pair in TABLE.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
        assert!(TABLE.iter().all(|(e, _)| *e == e.to_ascii_lowercase()));
    }

    #[test]
    fn guesses() {
        assert_eq!(guess("a/b/c.PNG"), "image/png");
        assert_eq!(guess(".hidden"), DEFAULT);
        assert_eq!(guess("dir.d/file"), DEFAULT);
        assert_eq!(guess("x.unknown"), DEFAULT);
        assert_eq!(guess("report.pdf"), "application/pdf");
    }
}
