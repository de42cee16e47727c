#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use super::*;

const DATE: &str = "20240101T000000Z";

fn sign_get(
    headers: &[(&str, &str)],
    security_token: Option<&Secret>,
    selection: HeaderSelection<'_>,
) -> Result<SignedRequest, SignError> {
    let secret_key = Secret::from("SecretKey");
    let request = HttpRequest {
        method: "GET",
        target: "/v2/events",
        headers,
        body: b"",
    };
    let credentials = Credentials {
        access_key: "AccessKey",
        secret_key: &secret_key,
        security_token,
    };
    sign(&request, &credentials, SdkDate::parse(DATE)?, selection)
}

#[test]
fn sign_default_selection_skips_underscore_and_authorization() {
    let headers = [
        ("Host", "example.com"),
        ("X_Custom", "1"),
        ("Authorization", "Bearer x"),
        ("User-Agent", "test"),
    ];
    let signed = sign_get(&headers, None, HeaderSelection::AllWithoutUnderscore).unwrap();
    assert_eq!(
        signed.signed_headers(),
        ["host", "user-agent", "x-sdk-date"]
    );
}

#[test]
fn sign_explicit_selection_adds_date() {
    let headers = [("Host", "example.com"), ("User-Agent", "test")];
    let signed = sign_get(&headers, None, HeaderSelection::Only(&["HOST", "host"])).unwrap();
    assert_eq!(signed.signed_headers(), ["host", "x-sdk-date"]);
}

#[test]
fn sign_explicit_selection_missing_header() {
    let error = sign_get(&[], None, HeaderSelection::Only(&["Host"])).unwrap_err();
    assert_eq!(error.kind(), SignErrorKind::MissingSignedHeader);
    assert_eq!(
        error.to_string(),
        "missing signed header `host`: `SignedHeaders` names it but the request does not send it"
    );
}

#[test]
fn sign_replaces_caller_date_header() {
    let headers = [("x-sdk-date", "20000101T000000Z")];
    let signed = sign_get(&headers, None, HeaderSelection::AllWithoutUnderscore).unwrap();
    assert!(
        signed
            .canonical_request()
            .contains("\nx-sdk-date:20240101T000000Z\n"),
        "{}",
        signed.canonical_request()
    );
    assert!(!signed.canonical_request().contains("20000101T000000Z"));
}

#[test]
fn sign_security_token_is_signed() {
    let token = Secret::from("token-value");
    let headers = [("X-Security-Token", "stale")];
    let signed = sign_get(&headers, Some(&token), HeaderSelection::Only(&[])).unwrap();
    assert_eq!(signed.signed_headers(), ["x-sdk-date", "x-security-token"]);
    assert!(signed
        .canonical_request()
        .contains("\nx-security-token:token-value\n"));
    assert!(!signed.canonical_request().contains("stale"));
}

#[test]
fn sign_content_sha256_header_replaces_body_hash() {
    let headers = [("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD")];
    let signed = sign_get(&headers, None, HeaderSelection::Only(&[])).unwrap();
    assert!(signed.canonical_request().ends_with("\nUNSIGNED-PAYLOAD"));
}

#[test]
fn sign_repeated_header_gives_sorted_lines() {
    let headers = [("Accept", "text/plain"), ("accept", " application/json ")];
    let signed = sign_get(&headers, None, HeaderSelection::AllWithoutUnderscore).unwrap();
    assert!(signed
        .canonical_request()
        .contains("\naccept:application/json\naccept:text/plain\nx-sdk-date:"));
    assert_eq!(signed.signed_headers(), ["accept", "x-sdk-date"]);
}

fn check_invalid_request(headers: &[(&str, &str)], access_key: &str, message: &str) {
    let secret_key = Secret::from("SecretKey");
    let request = HttpRequest {
        method: "GET",
        target: "/",
        headers,
        body: b"",
    };
    let credentials = Credentials {
        access_key,
        secret_key: &secret_key,
        security_token: None,
    };
    let date = SdkDate::parse(DATE).unwrap();
    let error = sign(&request, &credentials, date, HeaderSelection::default()).unwrap_err();
    assert_eq!(error.kind(), SignErrorKind::InvalidRequest, "{message}");
    assert_eq!(error.to_string(), message);
}

#[test]
fn sign_rejects_unsignable_input() {
    check_invalid_request(
        &[("Bad Name", "1")],
        "AccessKey",
        "invalid header name `Bad Name`: expected a non-empty token such as `x-sdk-date`",
    );
    check_invalid_request(
        &[("X-Token", "secret\r\nX-Other: 1")],
        "AccessKey",
        "invalid value of header `x-token`: expected no line breaks",
    );
    check_invalid_request(
        &[],
        "Access Key",
        "invalid access key: expected printable ASCII without spaces or commas",
    );
    check_invalid_request(
        &[],
        "",
        "invalid access key: expected printable ASCII without spaces or commas",
    );
}

#[test]
fn sign_rejects_invalid_method_and_target() {
    let secret_key = Secret::from("SecretKey");
    let credentials = Credentials {
        access_key: "AccessKey",
        secret_key: &secret_key,
        security_token: None,
    };
    let date = SdkDate::parse(DATE).unwrap();
    let request = |method, target| HttpRequest {
        method,
        target,
        headers: &[],
        body: b"",
    };

    let error = sign(
        &request("GE T", "/"),
        &credentials,
        date,
        HeaderSelection::default(),
    );
    assert_eq!(
        error.unwrap_err().to_string(),
        "invalid HTTP method `GE T`: expected a non-empty token such as `GET`"
    );
    let error = sign(
        &request("GET", "http://host/"),
        &credentials,
        date,
        HeaderSelection::default(),
    );
    assert_eq!(
        error.unwrap_err().to_string(),
        "invalid request target `http://host/`: expected a path that starts with `/`"
    );
}

#[test]
fn signed_request_debug_hides_signature() {
    let signed = sign_get(&[], None, HeaderSelection::default()).unwrap();
    let text = format!("{signed:?}");
    assert!(!text.contains(signed.authorization().signature()), "{text}");
    assert!(!text.contains("AccessKey"), "{text}");
}

#[test]
fn verify_error_hides_secrets() {
    let signed = sign_get(&[("Host", "h")], None, HeaderSelection::default()).unwrap();
    let request = HttpRequest {
        method: "GET",
        target: "/v2/events",
        headers: &[("Host", "other"), ("X-Sdk-Date", DATE)],
        body: b"",
    };
    let secret_key = Secret::from("SecretKey");
    let now = signed.date().unix_seconds();
    let error = verify(&request, signed.authorization(), |_| Some(&secret_key), now).unwrap_err();
    assert_eq!(error.kind(), SignErrorKind::SignatureMismatch);
    let text = format!("{error} {error:?}");
    assert!(!text.contains(signed.authorization().signature()), "{text}");
    assert!(!text.contains("SecretKey"), "{text}");
    assert!(!text.contains("AccessKey"), "{text}");
}

#[test]
fn verify_error_date_skew_message() {
    let signed = sign_get(&[], None, HeaderSelection::default()).unwrap();
    let request = HttpRequest {
        method: "GET",
        target: "/v2/events",
        headers: &[("X-Sdk-Date", DATE)],
        body: b"",
    };
    let secret_key = Secret::from("SecretKey");
    let now = signed.date().unix_seconds() + 3600;
    let error = verify(&request, signed.authorization(), |_| Some(&secret_key), now).unwrap_err();
    assert_eq!(
        error.to_string(),
        "`X-Sdk-Date` `20240101T000000Z` is 3600 seconds away from the server time \
         `20240101T010000Z`: expected at most 900 seconds (15 minutes)"
    );
}
