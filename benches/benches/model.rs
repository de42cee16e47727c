//! Criterion benchmarks of fgs-model: decoding beside plain serde_json baselines, parsing and
//! signing.
//!
//! Each decoding group is named for the operation and contains one benchmark per variant:
//! `contract` (the owned, contract-checked type), `contract_borrowed` (the zero-copy type, where
//! one exists), `serde_plain` (a `#[derive(Deserialize)]` struct of `String`s and `f64`s, with no
//! contract checks) and `serde_value` (`serde_json::Value`). Every variant decodes the same bytes,
//! and the throughput of parsing and decoding counts the input bytes.
//!
//! Times are the CPU time of the benchmark thread, not wall time: on a machine shared with other
//! jobs, wall time also counts the slices in which the thread waits for a core, which made
//! medians of the same code differ by a factor of two between runs.

use std::fmt::Debug;
use std::hint::black_box;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use cpu_time::ThreadTime;
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use serde_json::Value;

use fgs_benches::{
    content_of_length, list_events_body, plain, show_event_body, show_event_request_headers,
    DOCUMENTED_ERROR, DOCUMENTED_SHOW_EVENT, FLOAT_SECONDS_SHOW_EVENT, FUNCTION_URN,
    SHOW_EVENT_PATH_PERCENT, SHOW_EVENT_PATH_RAW,
};
use fgs_model::secret::Secret;
use fgs_model::sign::{sign, Credentials, HeaderSelection, HttpRequest, SdkDate};
use fgs_model::{
    decode_content, ErrorBody, EventsPath, FunctionUrn, ListEventsResponse, ShowEventRef,
    ShowEventResponse,
};

const KIB: usize = 1024;
const MIB: usize = 1024 * KIB;

/// CPU time of the calling thread, from `CLOCK_THREAD_CPUTIME_ID` on Linux.
struct ThreadCpuTime;

impl Measurement for ThreadCpuTime {
    type Intermediate = ThreadTime;
    type Value = Duration;

    fn start(&self) -> ThreadTime {
        // Panics only where the kernel lacks a thread CPU clock (Linux before 2.6.12).
        ThreadTime::now()
    }

    fn end(&self, start: ThreadTime) -> Duration {
        start.elapsed()
    }

    fn add(&self, first: &Duration, second: &Duration) -> Duration {
        *first + *second
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        // Both measure time in nanoseconds, so wall time's formatter prints these values too.
        WallTime.formatter()
    }
}

/// Stops the run when a benchmark input does not decode, so no variant times a rejection.
fn ensure_ok<T, E: Debug>(result: Result<T, E>, what: &str) -> T {
    result.unwrap_or_else(|error| panic!("{what} must succeed before it is timed: {error:?}"))
}

fn byte_group<'c>(
    criterion: &'c mut Criterion<ThreadCpuTime>,
    name: &str,
    bytes: usize,
) -> BenchmarkGroup<'c, ThreadCpuTime> {
    let mut group = criterion.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes as u64));
    group
}

fn bench_show_event(criterion: &mut Criterion<ThreadCpuTime>, name: &str, body: &[u8]) {
    ensure_ok(
        ShowEventResponse::from_json(body).value,
        "ShowEventResponse",
    );
    ensure_ok(ShowEventRef::from_json(body).value, "ShowEventRef");
    ensure_ok(
        serde_json::from_slice::<plain::ShowEvent>(body),
        "plain ShowEvent",
    );

    let mut group = byte_group(criterion, name, body.len());
    group.bench_function("contract", |b| {
        b.iter(|| ShowEventResponse::from_json(black_box(body)))
    });
    group.bench_function("contract_borrowed", |b| {
        b.iter(|| ShowEventRef::from_json(black_box(body)))
    });
    group.bench_function("serde_plain", |b| {
        b.iter(|| serde_json::from_slice::<plain::ShowEvent>(black_box(body)))
    });
    group.bench_function("serde_value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(body)))
    });
    group.finish();
}

fn show_event(criterion: &mut Criterion<ThreadCpuTime>) {
    bench_show_event(criterion, "show_event_documented", DOCUMENTED_SHOW_EVENT);
    bench_show_event(
        criterion,
        "show_event_float_seconds",
        FLOAT_SECONDS_SHOW_EVENT,
    );
    for (name, length) in [
        ("show_event_4k", 4 * KIB),
        ("show_event_16k", 16 * KIB),
        ("show_event_1m", MIB),
    ] {
        let body = show_event_body(&content_of_length(length));
        bench_show_event(criterion, name, &body);
    }
}

fn list_events(criterion: &mut Criterion<ThreadCpuTime>) {
    let body = list_events_body(10);
    let body = body.as_slice();
    ensure_ok(
        ListEventsResponse::from_json(body).value,
        "ListEventsResponse",
    );
    ensure_ok(
        serde_json::from_slice::<plain::ListEvents>(body),
        "plain ListEvents",
    );

    let mut group = byte_group(criterion, "list_events_10", body.len());
    group.bench_function("contract", |b| {
        b.iter(|| ListEventsResponse::from_json(black_box(body)))
    });
    group.bench_function("serde_plain", |b| {
        b.iter(|| serde_json::from_slice::<plain::ListEvents>(black_box(body)))
    });
    group.bench_function("serde_value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(body)))
    });
    group.finish();
}

fn error_body(criterion: &mut Criterion<ThreadCpuTime>) {
    let body = DOCUMENTED_ERROR;
    ensure_ok(ErrorBody::from_json(body).value, "ErrorBody");
    ensure_ok(
        serde_json::from_slice::<plain::ErrorBody>(body),
        "plain ErrorBody",
    );

    let mut group = byte_group(criterion, "error_body", body.len());
    group.bench_function("contract", |b| {
        b.iter(|| ErrorBody::from_json(black_box(body)))
    });
    group.bench_function("serde_plain", |b| {
        b.iter(|| serde_json::from_slice::<plain::ErrorBody>(black_box(body)))
    });
    group.bench_function("serde_value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(body)))
    });
    group.finish();
}

fn content(criterion: &mut Criterion<ThreadCpuTime>) {
    let content = content_of_length(16 * KIB);
    let content = content.as_str();
    ensure_ok(decode_content(content), "decode_content");

    let mut group = byte_group(criterion, "content_decode_16k", content.len());
    group.bench_function("contract", |b| {
        b.iter(|| decode_content(black_box(content)))
    });
    group.bench_function("serde_plain", |b| {
        b.iter(|| {
            let bytes = ensure_ok(STANDARD.decode(black_box(content)), "base64");
            serde_json::from_slice::<plain::Content>(&bytes)
        })
    });
    group.bench_function("serde_value", |b| {
        b.iter(|| {
            let bytes = ensure_ok(STANDARD.decode(black_box(content)), "base64");
            serde_json::from_slice::<Value>(&bytes)
        })
    });
    group.finish();
}

fn parsing(criterion: &mut Criterion<ThreadCpuTime>) {
    ensure_ok(FunctionUrn::parse(FUNCTION_URN), "FunctionUrn");
    let mut group = byte_group(criterion, "urn_parse", FUNCTION_URN.len());
    group.bench_function("contract", |b| {
        b.iter(|| FunctionUrn::parse(black_box(FUNCTION_URN)))
    });
    group.finish();

    for (name, target) in [
        ("path_parse_raw_colons", SHOW_EVENT_PATH_RAW),
        ("path_parse_percent_colons", SHOW_EVENT_PATH_PERCENT),
    ] {
        ensure_ok(EventsPath::parse(target), name);
        let mut group = byte_group(criterion, name, target.len());
        group.bench_function("contract", |b| {
            b.iter(|| EventsPath::parse(black_box(target)))
        });
        group.finish();
    }
}

fn signing(criterion: &mut Criterion<ThreadCpuTime>) {
    let secret_key = Secret::from("SecretKey");
    let credentials = Credentials {
        access_key: "AccessKey",
        secret_key: &secret_key,
        security_token: None,
    };
    let headers = show_event_request_headers();
    let request = HttpRequest {
        method: "GET",
        target: SHOW_EVENT_PATH_PERCENT,
        headers: &headers,
        body: b"",
    };
    let date = ensure_ok(SdkDate::parse("20240101T000000Z"), "SdkDate");
    let signed = ensure_ok(
        sign(&request, &credentials, date, HeaderSelection::default()),
        "sign",
    );

    // The throughput counts the canonical request, the text that is hashed before the HMAC.
    let mut group = byte_group(
        criterion,
        "sign_show_event",
        signed.canonical_request().len(),
    );
    group.bench_function("contract", |b| {
        b.iter(|| {
            sign(
                black_box(&request),
                &credentials,
                date,
                HeaderSelection::default(),
            )
        })
    });
    group.finish();
}

/// Keeps a full `cargo bench -p fgs-benches` to about three minutes on two cores, while each
/// benchmark still spans a few seconds so that a burst of load on a shared machine moves its
/// median less.
fn config() -> Criterion<ThreadCpuTime> {
    Criterion::default()
        .with_measurement(ThreadCpuTime)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(50)
}

criterion_group! {
    name = benches;
    config = config();
    targets = show_event, list_events, error_body, content, parsing, signing
}
criterion_main!(benches);
