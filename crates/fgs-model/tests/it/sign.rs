//! SDK-HMAC-SHA256 against the published vectors of the Go SDK, the API gateway guide and
//! the Python SDK (huaweicloudsdkcore 3.1.219), and verification of every failure kind.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::HashMap;

use fgs_model::secret::Secret;
use fgs_model::sign::{
    canonical_query_string, canonical_uri, sign, verify, Authorization, Credentials,
    HeaderSelection, HttpRequest, SdkDate, SignErrorKind, SignedRequest, MAX_DATE_SKEW_SECONDS,
};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

const AK: &str = "AccessKey";
const SK: &str = "SecretKey";

fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn sign_with(
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    date: &str,
    selection: HeaderSelection<'_>,
) -> SignedRequest {
    let secret_key = Secret::from(SK);
    let request = HttpRequest {
        method,
        target,
        headers,
        body,
    };
    let credentials = Credentials {
        access_key: AK,
        secret_key: &secret_key,
        security_token: None,
    };
    sign(
        &request,
        &credentials,
        SdkDate::parse(date).unwrap(),
        selection,
    )
    .unwrap()
}

// Go SDK, core/auth/signer/signer_test.go.

#[test]
fn go_vector_get_signature() {
    let signed = sign_with(
        "GET",
        "/path?limit=1",
        &[
            ("X-Sdk-Date", "20060102T150405Z"),
            ("TEST_UNDERSCORE", "TEST_VALUE"),
        ],
        b"",
        "20060102T150405Z",
        HeaderSelection::AllWithoutUnderscore,
    );
    assert_eq!(
        signed.authorization_header_value(),
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, \
         Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"
    );
}

#[test]
fn go_vector_post_signature() {
    // The Go SDK signs neither `Content-Type` nor names with `_`, so only `x-sdk-date` here.
    let signed = sign_with(
        "POST",
        "/path?key=value",
        &[
            ("X-Sdk-Date", "20060102T150405Z"),
            ("TEST_UNDERSCORE", "TEST_VALUE"),
            ("Content-Type", "application/json"),
        ],
        b"{\"Name\":\"test\",\"Id\":1}\n",
        "20060102T150405Z",
        HeaderSelection::Only(&[]),
    );
    assert_eq!(
        signed.authorization_header_value(),
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, \
         Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59"
    );
}

#[test]
fn go_vector_canonical_query_string() {
    let expected = "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123\
                    &test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29";
    let wire = "test=%E4%B8%80%20(%26%3D%3F!%23%25.*)&path=/tmp/123&multi=2&multi=3&multi=1\
                &limit=1&enable=true";
    assert_eq!(canonical_query_string(wire), expected);
}

// API gateway developer guide, app authentication worked example.

#[test]
fn apig_example_canonical_request_hash() {
    let signed = sign_with(
        "GET",
        "/app1?b=2&a=1",
        &[(
            "Host",
            "c967a237-cd6c-470e-906f-a8655461897e.apigw.exampleRegion.com",
        )],
        b"",
        "20191111T093443Z",
        HeaderSelection::AllWithoutUnderscore,
    );
    assert_eq!(
        signed.canonical_request(),
        "GET\n/app1/\na=1&b=2\n\
         host:c967a237-cd6c-470e-906f-a8655461897e.apigw.exampleRegion.com\n\
         x-sdk-date:20191111T093443Z\n\n\
         host;x-sdk-date\n\
         e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        sha256_hex(signed.canonical_request()),
        "af71c5a7ef45310b8dc05ab15f7da50189ffa81a95cc284379ebaa5eb61155c0"
    );
}

// Python SDK vectors for the five test-event operations.

const PROJECT: &str = "46b6f338fc3445b8846c71dfb1fbd9e8";
const EVENTS_PATH: &str = "/v2/46b6f338fc3445b8846c71dfb1fbd9e8/fgs/functions/\
    urn%3Afss%3Acn-north-4%3A46b6f338fc3445b8846c71dfb1fbd9e8%3Afunction%3Adefault%3Atest%3Alatest/events";
const EVENT_ID: &str = "3b659dc0-12fc-40dc-aa05-a321d9424cb3";
const FGS_DATE: &str = "20240101T000000Z";

fn fgs_headers() -> [(&'static str, &'static str); 4] {
    [
        ("Content-Type", "application/json"),
        ("Host", "functiongraph.cn-north-4.myhuaweicloud.com"),
        ("X-Project-Id", PROJECT),
        ("X-Sdk-Date", FGS_DATE),
    ]
}

fn sign_fgs(method: &str, target: &str, body: &[u8]) -> SignedRequest {
    sign_with(
        method,
        target,
        &fgs_headers(),
        body,
        FGS_DATE,
        HeaderSelection::AllWithoutUnderscore,
    )
}

fn check_fgs_vector(method: &str, target: &str, body: &str, canonical_hash: &str, signature: &str) {
    let signed = sign_fgs(method, target, body.as_bytes());
    assert_eq!(
        signed.signed_headers(),
        ["content-type", "host", "x-project-id", "x-sdk-date"],
        "{method} {target}"
    );
    assert_eq!(
        sha256_hex(signed.canonical_request()),
        canonical_hash,
        "{method} {target}: canonical request hash"
    );
    assert_eq!(
        signed.string_to_sign(),
        format!("SDK-HMAC-SHA256\n{FGS_DATE}\n{canonical_hash}"),
        "{method} {target}: string to sign"
    );
    assert_eq!(
        signed.authorization().signature(),
        signature,
        "{method} {target}: signature"
    );
}

#[test]
fn python_vectors_five_operations() {
    let event = format!("{EVENTS_PATH}/{EVENT_ID}");
    check_fgs_vector(
        "GET",
        EVENTS_PATH,
        "",
        "2a95dac1bab0b443c0a133a2f0c0d21cd7e9a6c58dec0714d1bb81cdc84d7122",
        "e906d02cc2bf8134ceaa779e976f2ddf9e9b2ec6541937e7c03ea1b74297f48b",
    );
    check_fgs_vector(
        "POST",
        EVENTS_PATH,
        r#"{"name": "event-xx", "content": "eyJrIjoidiJ9"}"#,
        "68c438de8a35725bdd46b81540746f7ca63935d242eff1d5c2362d1b3af42299",
        "8779f96a70ac1c830e551dfbe0074889f69e8c5a06b32d2a80f1a60dc2951612",
    );
    check_fgs_vector(
        "GET",
        &event,
        "",
        "4f34abf43863607c0c2b2c5bd7752d5f9ead51fcbdae24f9e0bb25fa0226aa87",
        "b363cf68a485a2d9c11a401aa11bf5375148c35886c110950219d63638a130ee",
    );
    check_fgs_vector(
        "PUT",
        &event,
        r#"{"content": "eyJrIjoidiJ9"}"#,
        "64a05483004d41c6912dfb22a88929e2271e43abc5c83a9c5128514e6c30e402",
        "b1c563fef2793b45b4cbe78c2f36d0d7a32f25d80ce51668c78c0a552ab8c38a",
    );
    check_fgs_vector(
        "DELETE",
        &event,
        "",
        "0cd5c95f1ff6335685e298355588421ab967436fe8b8fe8a95964ded757f1fbc",
        "569947b9d4f4a7526c043fae36dc89f6433b1fdc1952c448b31cc4ea5ad1a594",
    );
}

#[test]
fn python_vector_create_event_canonical_request() {
    let signed = sign_fgs(
        "POST",
        EVENTS_PATH,
        br#"{"name": "event-xx", "content": "eyJrIjoidiJ9"}"#,
    );
    assert_eq!(
        signed.canonical_request(),
        "POST\n\
         /v2/46b6f338fc3445b8846c71dfb1fbd9e8/fgs/functions/urn%3Afss%3Acn-north-4%3A46b6f338fc3445b8846c71dfb1fbd9e8%3Afunction%3Adefault%3Atest%3Alatest/events/\n\
         \n\
         content-type:application/json\n\
         host:functiongraph.cn-north-4.myhuaweicloud.com\n\
         x-project-id:46b6f338fc3445b8846c71dfb1fbd9e8\n\
         x-sdk-date:20240101T000000Z\n\
         \n\
         content-type;host;x-project-id;x-sdk-date\n\
         e3ed5b60cdc066081c0eb6162bebf101b92964675a9b1116cdbd924c5a4ecf5d"
    );
    assert_eq!(
        signed.string_to_sign(),
        "SDK-HMAC-SHA256\n20240101T000000Z\n\
         68c438de8a35725bdd46b81540746f7ca63935d242eff1d5c2362d1b3af42299"
    );
}

// Colon spellings: `:` (Go SDK, Terraform), `%3A` (Python SDK) and `%3a` sign identically.

fn check_colon_spelling(target: &str) {
    let expected = "b363cf68a485a2d9c11a401aa11bf5375148c35886c110950219d63638a130ee";
    let signed = sign_fgs("GET", target, b"");
    assert_eq!(signed.authorization().signature(), expected, "{target}");
}

#[test]
fn colon_spellings_sign_identically() {
    let urn = "urn:fss:cn-north-4:46b6f338fc3445b8846c71dfb1fbd9e8:function:default:test:latest";
    let prefix = format!("/v2/{PROJECT}/fgs/functions");
    let suffix = format!("events/{EVENT_ID}");
    check_colon_spelling(&format!("{prefix}/{urn}/{suffix}"));
    check_colon_spelling(&format!("{prefix}/{}/{suffix}", urn.replace(':', "%3A")));
    check_colon_spelling(&format!("{prefix}/{}/{suffix}", urn.replace(':', "%3a")));
    check_colon_spelling(&format!(
        "{prefix}/{}/{suffix}",
        urn.replacen(':', "%3A", 3)
    ));
    check_colon_spelling(&format!("{prefix}/{urn}/{suffix}/"));
}

// Verification.

/// A request as the server receives it after `sign`: the headers plus `X-Sdk-Date`.
struct Received {
    headers: Vec<(&'static str, String)>,
    authorization: String,
    date: SdkDate,
}

fn signed_show_event() -> Received {
    let headers = fgs_headers();
    let signed = sign_fgs("GET", &format!("{EVENTS_PATH}/{EVENT_ID}"), b"");
    let mut received: Vec<(&'static str, String)> = headers
        .iter()
        .filter(|(name, _)| *name != "X-Sdk-Date")
        .map(|(name, value)| (*name, value.to_string()))
        .collect();
    received.push(("X-Sdk-Date", signed.date().to_string()));
    Received {
        headers: received,
        authorization: signed.authorization_header_value(),
        date: signed.date(),
    }
}

fn verify_received(
    received: &Received,
    target: &str,
    body: &[u8],
    now: u64,
) -> Result<(), SignErrorKind> {
    let headers: Vec<(&str, &str)> = received
        .headers
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    let request = HttpRequest {
        method: "GET",
        target,
        headers: &headers,
        body,
    };
    let keys = HashMap::from([(AK.to_owned(), Secret::from(SK))]);
    let authorization = Authorization::parse(&received.authorization).map_err(|e| e.kind())?;
    verify(&request, &authorization, |ak| keys.get(ak), now).map_err(|e| e.kind())
}

fn show_target() -> String {
    format!("{EVENTS_PATH}/{EVENT_ID}")
}

#[test]
fn verify_accepts_signed_request() {
    let received = signed_show_event();
    let now = received.date.unix_seconds();
    assert_eq!(verify_received(&received, &show_target(), b"", now), Ok(()));
}

#[test]
fn verify_accepts_raw_colon_target() {
    let received = signed_show_event();
    let now = received.date.unix_seconds();
    let raw = show_target().replace("%3A", ":");
    assert_eq!(verify_received(&received, &raw, b"", now), Ok(()));
}

#[test]
fn verify_accepts_skew_of_15_minutes() {
    let received = signed_show_event();
    let date = received.date.unix_seconds();
    let target = show_target();
    assert_eq!(
        verify_received(&received, &target, b"", date + MAX_DATE_SKEW_SECONDS),
        Ok(())
    );
    assert_eq!(
        verify_received(&received, &target, b"", date - MAX_DATE_SKEW_SECONDS),
        Ok(())
    );
}

#[test]
fn verify_rejects_skew_over_15_minutes() {
    let received = signed_show_event();
    let date = received.date.unix_seconds();
    let target = show_target();
    assert_eq!(
        verify_received(&received, &target, b"", date + MAX_DATE_SKEW_SECONDS + 1),
        Err(SignErrorKind::DateOutOfRange)
    );
    assert_eq!(
        verify_received(&received, &target, b"", date - MAX_DATE_SKEW_SECONDS - 1),
        Err(SignErrorKind::DateOutOfRange)
    );
}

#[test]
fn verify_rejects_malformed_authorization() {
    let mut received = signed_show_event();
    let now = received.date.unix_seconds();
    received.authorization = received
        .authorization
        .replace(", Signature=", ",Signature=");
    assert_eq!(
        verify_received(&received, &show_target(), b"", now),
        Err(SignErrorKind::MalformedAuthorization)
    );
}

#[test]
fn verify_rejects_unknown_access_key() {
    let mut received = signed_show_event();
    let now = received.date.unix_seconds();
    received.authorization = received
        .authorization
        .replace("Access=AccessKey", "Access=Other");
    assert_eq!(
        verify_received(&received, &show_target(), b"", now),
        Err(SignErrorKind::UnknownAccessKey)
    );
}

#[test]
fn verify_rejects_missing_date() {
    let mut received = signed_show_event();
    let now = received.date.unix_seconds();
    received.headers.retain(|(name, _)| *name != "X-Sdk-Date");
    assert_eq!(
        verify_received(&received, &show_target(), b"", now),
        Err(SignErrorKind::MissingDate)
    );
}

#[test]
fn verify_rejects_invalid_date() {
    let mut received = signed_show_event();
    let now = received.date.unix_seconds();
    for (name, value) in &mut received.headers {
        if *name == "X-Sdk-Date" {
            *value = "2024-01-01T00:00:00Z".to_owned();
        }
    }
    assert_eq!(
        verify_received(&received, &show_target(), b"", now),
        Err(SignErrorKind::InvalidDate)
    );
}

#[test]
fn verify_rejects_unsigned_date() {
    let mut received = signed_show_event();
    let now = received.date.unix_seconds();
    received.authorization = received.authorization.replace(";x-sdk-date,", ",");
    assert_eq!(
        verify_received(&received, &show_target(), b"", now),
        Err(SignErrorKind::DateNotSigned)
    );
}

#[test]
fn verify_rejects_missing_signed_header() {
    let mut received = signed_show_event();
    let now = received.date.unix_seconds();
    received.headers.retain(|(name, _)| *name != "Host");
    assert_eq!(
        verify_received(&received, &show_target(), b"", now),
        Err(SignErrorKind::MissingSignedHeader)
    );
}

#[test]
fn verify_rejects_altered_request() {
    let received = signed_show_event();
    let now = received.date.unix_seconds();
    let target = show_target();
    assert_eq!(
        verify_received(&received, &target, b"{}", now),
        Err(SignErrorKind::SignatureMismatch),
        "altered body"
    );
    assert_eq!(
        verify_received(&received, &format!("{target}?limit=1"), b"", now),
        Err(SignErrorKind::SignatureMismatch),
        "added query"
    );
    assert_eq!(
        verify_received(&received, &target.replace(EVENT_ID, "other"), b"", now),
        Err(SignErrorKind::SignatureMismatch),
        "altered path"
    );
}

#[test]
fn verify_rejects_altered_signed_header() {
    let mut received = signed_show_event();
    let now = received.date.unix_seconds();
    for (name, value) in &mut received.headers {
        if *name == "X-Project-Id" {
            *value = "00000000000000000000000000000000".to_owned();
        }
    }
    assert_eq!(
        verify_received(&received, &show_target(), b"", now),
        Err(SignErrorKind::SignatureMismatch)
    );
}

#[test]
fn verify_ignores_unsigned_header() {
    let mut received = signed_show_event();
    let now = received.date.unix_seconds();
    received.headers.push(("User-Agent", "curl/8".to_owned()));
    assert_eq!(verify_received(&received, &show_target(), b"", now), Ok(()));
}

#[test]
fn verify_rejects_wrong_secret_key() {
    let received = signed_show_event();
    let headers: Vec<(&str, &str)> = received
        .headers
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    let target = show_target();
    let request = HttpRequest {
        method: "GET",
        target: &target,
        headers: &headers,
        body: b"",
    };
    let authorization = Authorization::parse(&received.authorization).unwrap();
    let wrong = Secret::from("OtherKey");
    let error = verify(
        &request,
        &authorization,
        |_| Some(&wrong),
        received.date.unix_seconds(),
    )
    .unwrap_err();
    assert_eq!(error.kind(), SignErrorKind::SignatureMismatch);
    assert!(!error.to_string().contains(authorization.signature()));
}

// Properties.

/// Generates paths whose segments may contain colons but no `%`, so every colon spelling is
/// unambiguous.
fn colon_path() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-zA-Z0-9:!._~ -]{0,12}", 0..6)
        .prop_map(|segments| format!("/{}", segments.join("/")))
}

proptest! {
    #[test]
    fn canonical_uri_same_for_colon_spellings(path in colon_path()) {
        let canonical = canonical_uri(&path);
        prop_assert_eq!(&canonical_uri(&path.replace(':', "%3A")), &canonical);
        prop_assert_eq!(&canonical_uri(&path.replace(':', "%3a")), &canonical);
        prop_assert_eq!(&canonical_uri(&canonical), &canonical);
    }

    #[test]
    fn canonical_uri_is_idempotent(path in "\\PC{0,40}") {
        let canonical = canonical_uri(&path);
        prop_assert_eq!(canonical_uri(&canonical), canonical);
    }

    #[test]
    fn sign_valid_request_always_verifies(
        method in "[A-Z]{1,7}",
        target in "/\\PC{0,40}",
        headers in prop::collection::vec(("[A-Za-z0-9_-]{1,10}", "\\PC{0,20}"), 0..5),
        body in prop::collection::vec(any::<u8>(), 0..64),
        access_key in "[!-+--~]{1,12}",
        seconds in 0u64..=253_402_300_799,
    ) {
        let input = SignInput { method, target, headers, body, access_key, secret_key: SK.to_owned(), seconds };
        prop_assert!(sign_then_verify(&input)?, "signing failed");
    }

    #[test]
    fn sign_never_panics_and_verifies(
        method in "\\PC{0,8}",
        target in "\\PC{0,40}",
        headers in prop::collection::vec(("\\PC{0,12}", "\\PC{0,20}"), 0..5),
        body in prop::collection::vec(any::<u8>(), 0..64),
        access_key in "\\PC{0,12}",
        secret_key in "\\PC{0,12}",
        seconds in 0u64..=253_402_300_799,
    ) {
        let input = SignInput { method, target, headers, body, access_key, secret_key, seconds };
        sign_then_verify(&input)?;
    }
}

struct SignInput {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    access_key: String,
    secret_key: String,
    seconds: u64,
}

/// Signs `input`, then verifies the result as received with its `X-Sdk-Date`. Returns
/// whether signing succeeded, and fails the case when verification rejects a signed request.
fn sign_then_verify(input: &SignInput) -> Result<bool, TestCaseError> {
    let secret_key = Secret::from(input.secret_key.as_str());
    let headers: Vec<(&str, &str)> = input
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let request = HttpRequest {
        method: &input.method,
        target: &input.target,
        headers: &headers,
        body: &input.body,
    };
    let credentials = Credentials {
        access_key: &input.access_key,
        secret_key: &secret_key,
        security_token: None,
    };
    let date = SdkDate::from_unix_seconds(input.seconds).unwrap();
    let Ok(signed) = sign(
        &request,
        &credentials,
        date,
        HeaderSelection::AllWithoutUnderscore,
    ) else {
        return Ok(false);
    };

    let date_text = date.to_string();
    let mut received: Vec<(&str, &str)> = headers
        .iter()
        .copied()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("x-sdk-date"))
        .collect();
    received.push(("X-Sdk-Date", &date_text));
    let request = HttpRequest {
        headers: &received,
        ..request
    };
    let authorization = Authorization::parse(&signed.authorization_header_value()).unwrap();
    let verified = verify(
        &request,
        &authorization,
        |_| Some(&secret_key),
        input.seconds,
    );
    prop_assert!(verified.is_ok(), "{:?}", verified);
    Ok(true)
}
