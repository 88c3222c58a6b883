//! What transfers and the client tell `tracing`, seen by a subscriber that keeps every span
//! (with its parent) and event: a span per upload, download and copy with its key and size,
//! the client's span per request inside it (part tasks included), an event per part and one
//! on cancellation, and no secret anywhere.

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use oss_server::faults::Fault;
use oss_transfer::{CancellationToken, Copier, Downloader, Uploader};
use support::{write_data, Env, TempDir};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const PART: u64 = 100 * 1024;

/// A span: its name, fields and parent.
#[derive(Debug, Clone)]
struct SpanSeen {
    metadata: &'static Metadata<'static>,
    name: String,
    fields: HashMap<String, String>,
    parent: Option<u64>,
}

/// An event: its message, fields and the span it happened in.
#[derive(Debug, Clone)]
struct EventSeen {
    message: String,
    fields: HashMap<String, String>,
    span: Option<u64>,
}

#[derive(Debug, Default)]
struct Seen {
    spans: HashMap<u64, SpanSeen>,
    events: Vec<EventSeen>,
    /// The entered spans (the tests run on one thread).
    stack: Vec<u64>,
    next: u64,
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Seen>>);

struct Fields<'a>(&'a mut HashMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("oss_")
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut seen = self.0.lock().unwrap();
        seen.next += 1;
        let id = seen.next;
        let parent = match attributes.parent() {
            Some(parent) => Some(parent.into_u64()),
            None if attributes.is_contextual() => seen.stack.last().copied(),
            None => None,
        };
        let mut span = SpanSeen {
            metadata: attributes.metadata(),
            name: attributes.metadata().name().to_owned(),
            fields: HashMap::new(),
            parent,
        };
        attributes.record(&mut Fields(&mut span.fields));
        seen.spans.insert(id, span);
        Id::from_u64(id)
    }

    fn record(&self, id: &Id, values: &Record<'_>) {
        let mut seen = self.0.lock().unwrap();
        if let Some(span) = seen.spans.get_mut(&id.into_u64()) {
            values.record(&mut Fields(&mut span.fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = HashMap::new();
        event.record(&mut Fields(&mut fields));
        let mut seen = self.0.lock().unwrap();
        let span = match event.parent() {
            Some(parent) => Some(parent.into_u64()),
            None if event.is_contextual() => seen.stack.last().copied(),
            None => None,
        };
        seen.events.push(EventSeen {
            message: fields.remove("message").unwrap_or_default(),
            fields,
            span,
        });
    }

    // `Span::current()` asks for this (transfers record their size on it).
    fn current_span(&self) -> tracing_core::span::Current {
        let seen = self.0.lock().unwrap();
        match seen.stack.last() {
            Some(id) => {
                tracing_core::span::Current::new(Id::from_u64(*id), seen.spans[id].metadata)
            }
            None => tracing_core::span::Current::none(),
        }
    }

    fn enter(&self, id: &Id) {
        self.0.lock().unwrap().stack.push(id.into_u64());
    }

    fn exit(&self, id: &Id) {
        let mut seen = self.0.lock().unwrap();
        if let Some(at) = seen.stack.iter().rposition(|s| *s == id.into_u64()) {
            seen.stack.remove(at);
        }
    }
}

impl Seen {
    /// The `oss_transfer` span of `kind`.
    fn transfer(&self, kind: &str) -> (u64, &SpanSeen) {
        let found: Vec<_> = self
            .spans
            .iter()
            .filter(|(_, s)| s.name == "oss_transfer" && s.fields["kind"] == kind)
            .collect();
        assert_eq!(found.len(), 1, "one {kind} span: {found:?}");
        (*found[0].0, found[0].1)
    }

    /// Whether `span` is `ancestor` or inside it.
    fn within(&self, mut span: Option<u64>, ancestor: u64) -> bool {
        while let Some(id) = span {
            if id == ancestor {
                return true;
            }
            span = self.spans.get(&id).and_then(|s| s.parent);
        }
        false
    }

    /// The events with `message` inside `ancestor`.
    fn events_in(&self, message: &str, ancestor: u64) -> Vec<&EventSeen> {
        self.events
            .iter()
            .filter(|e| e.message == message && self.within(e.span, ancestor))
            .collect()
    }

    /// The operations of the client's spans inside `ancestor`.
    fn operations_in(&self, ancestor: u64) -> Vec<String> {
        let mut operations: Vec<String> = self
            .spans
            .iter()
            .filter(|(id, s)| s.name == "oss_operation" && self.within(Some(**id), ancestor))
            .map(|(_, s)| s.fields["operation"].clone())
            .collect();
        operations.sort();
        operations
    }

    fn everything(&self) -> String {
        format!("{:?}{:?}", self.spans, self.events)
    }
}

#[tokio::test(flavor = "current_thread")]
async fn transfers_and_requests_are_spans_with_part_events() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    let dir = TempDir::new("tracing");
    let file = dir.join("source");
    let size = 3 * PART - 11;
    write_data(&file, size, 7);
    // One part fails once: its retry is an event inside that part's request.
    env.server
        .faults()
        .add(Fault::error(503).operation("UploadPart").times(1));
    let capture = Capture::default();
    let guard = tracing::subscriber::set_default(capture.clone());
    Uploader::builder(bucket.clone())
        .part_size(PART)
        .multipart_threshold(PART)
        .build()
        .unwrap()
        .upload_file(&file, "traced")
        .await
        .unwrap();
    Downloader::builder(bucket.clone())
        .part_size(PART)
        .build()
        .unwrap()
        .download_file("traced", dir.join("back"))
        .await
        .unwrap();
    Copier::builder(bucket.clone())
        .part_size(PART)
        .multipart_threshold(PART)
        .build()
        .unwrap()
        .copy("traced", "copied")
        .await
        .unwrap();
    drop(guard);

    let seen = capture.0.lock().unwrap();
    for (kind, part_event, operations) in [
        (
            "upload",
            "part uploaded",
            &[
                "CompleteMultipartUpload",
                "InitiateMultipartUpload",
                "UploadPart",
                "UploadPart",
                "UploadPart",
            ][..],
        ),
        (
            "download",
            "part downloaded",
            &["GetObject", "GetObject", "GetObject", "HeadObject"][..],
        ),
        (
            "copy",
            "part copied",
            &[
                "CompleteMultipartUpload",
                "HeadObject",
                "InitiateMultipartUpload",
                "UploadPartCopy",
                "UploadPartCopy",
                "UploadPartCopy",
            ][..],
        ),
    ] {
        let (id, span) = seen.transfer(kind);
        assert_eq!(
            span.fields.get("size"),
            Some(&size.to_string()),
            "{kind}: {span:?}"
        );
        let key = if kind == "copy" { "copied" } else { "traced" };
        assert_eq!(span.fields["key"], key, "{span:?}");
        assert_eq!(span.fields["bucket"], bucket.name(), "{span:?}");
        let parts = seen.events_in(part_event, id);
        let mut numbers: Vec<&str> = parts.iter().map(|e| e.fields["part"].as_str()).collect();
        numbers.sort();
        assert_eq!(numbers, ["1", "2", "3"], "{kind}: {parts:?}");
        let ended = format!("{kind} finished");
        assert_eq!(seen.events_in(&ended, id).len(), 1, "{kind}");
        assert_eq!(seen.operations_in(id), operations, "{kind}");
    }
    // Each request's client span has its status, with the transport's span inside.
    let operation = seen
        .spans
        .iter()
        .find(|(_, s)| s.name == "oss_operation" && s.fields["operation"] == "UploadPart")
        .unwrap();
    assert_eq!(operation.1.fields["status"], "200");
    assert_eq!(operation.1.fields["key"], "traced");
    assert!(seen
        .spans
        .values()
        .any(|s| s.name == "oss_request" && s.parent == Some(*operation.0)));
    let (upload, _) = seen.transfer("upload");
    let retries = seen.events_in("retrying", upload);
    assert_eq!(retries.len(), 1, "{retries:?}");
    let retried = seen
        .spans
        .iter()
        .find(|(id, s)| s.name == "oss_operation" && seen.within(retries[0].span, **id));
    assert_eq!(retried.unwrap().1.fields["operation"], "UploadPart");
    let everything = seen.everything();
    assert!(!everything.contains(oss_server::DEV_ACCESS_KEY_SECRET));
    assert!(!everything.contains("Signature"), "{everything}");
}

#[tokio::test(flavor = "current_thread")]
async fn a_cancelled_transfer_says_so() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    bucket.put_object("there", "data").await.unwrap();
    let dir = TempDir::new("tracing-cancel");
    let token = CancellationToken::new();
    token.cancel();
    let capture = Capture::default();
    let guard = tracing::subscriber::set_default(capture.clone());
    let error = Downloader::new(bucket.clone())
        .download_file("there", dir.join("never"))
        .cancel(token)
        .await
        .unwrap_err();
    drop(guard);
    assert!(error.is_cancelled(), "{error}");
    let seen = capture.0.lock().unwrap();
    let (id, span) = seen.transfer("download");
    assert_eq!(span.fields["key"], "there");
    assert_eq!(
        seen.events_in("transfer cancelled", id).len(),
        1,
        "{seen:?}"
    );
    assert_eq!(seen.events_in("download failed", id).len(), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn a_part_fetched_again_says_so() {
    let env = Env::start().await;
    let bucket = env.bucket().await;
    bucket
        .put_object("flipped", support::data(3 * PART as usize, 3))
        .await
        .unwrap();
    // A flipped byte in one part: the parts' CRCs do not add up, and every part is fetched
    // again until two fetches agree.
    env.server
        .faults()
        .add(Fault::corrupt(1000).operation("GetObject").times(1));
    let dir = TempDir::new("tracing-refetch");
    let capture = Capture::default();
    let guard = tracing::subscriber::set_default(capture.clone());
    Downloader::builder(bucket.clone())
        .part_size(PART)
        .build()
        .unwrap()
        .download_file("flipped", dir.join("flipped"))
        .await
        .unwrap();
    drop(guard);
    let seen = capture.0.lock().unwrap();
    let (id, _) = seen.transfer("download");
    let refetched = seen.events_in("part refetched", id);
    let mut numbers: Vec<&str> = refetched
        .iter()
        .map(|e| e.fields["part"].as_str())
        .collect();
    numbers.sort();
    // Every part once, and the corrupted one twice: its second fetch differs from its
    // first, the third agrees.
    assert_eq!(numbers.len(), 4, "{refetched:?}");
    numbers.dedup();
    assert_eq!(numbers, ["1", "2", "3"], "{refetched:?}");
}
