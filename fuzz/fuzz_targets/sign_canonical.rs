//! SDK-HMAC-SHA256 signing: `sign::sign`, `sign::verify`, `Authorization::parse` and the
//! canonical URI and query string.
//!
//! Properties:
//! - The signature and the canonical request do not depend on how colons were sent (raw, `%3A`
//!   or `%3a`).
//! - A signed request verifies at any server time within 15 minutes of its date, whichever
//!   colon spelling the server receives. It fails with another secret key or another body.
//! - The `Authorization` value parses back to the same value, and canonicalising twice changes
//!   nothing.
//! - No error or `Debug` output contains a secret key, a security token, an access key or a
//!   signature, unless the method, target or a header name contains it too.
#![no_main]

use fgs_fuzz::sign::{HeaderName, SignInput};
use fgs_fuzz::text::NAME_ALPHABET;
use fgs_model::secret::Secret;
use fgs_model::sign::{
    canonical_query_string, canonical_uri, sign, verify, Authorization, Credentials,
    HeaderSelection, HttpRequest, SdkDate, SignErrorKind, SignedRequest, HEADER_CONTENT_SHA256,
    HEADER_SDK_DATE, HEADER_SECURITY_TOKEN, MAX_DATE_SKEW_SECONDS,
};
use libfuzzer_sys::fuzz_target;

/// The last second `X-Sdk-Date` can write: 9999-12-31T23:59:59Z.
const MAX_UNIX_SECONDS: u64 = 253_402_300_799;

fuzz_target!(|input: SignInput| {
    let target = input.target.render();
    let respelled = input.other_colons.apply(&target);
    let header_values: Vec<(String, String)> = input
        .headers
        .iter()
        .take(8)
        .map(|(name, value)| (name.as_str().to_owned(), value.render()))
        .collect();
    let headers: Vec<(&str, &str)> = header_values
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();

    // Markers no message or `Debug` output writes by itself, so finding one means a leak,
    // unless the method, target or a header name (which messages may quote) contains it too.
    let access_key = format!("AK~{}", input.access_key.render(NAME_ALPHABET, 20));
    let secret_key = Secret::from(format!("SK~{}", input.secret_key.render(NAME_ALPHABET, 20)));
    let security_token = input
        .security_token
        .as_ref()
        .map(|token| Secret::from(format!("TOKEN~{}", token.render(NAME_ALPHABET, 20))));
    let credentials = Credentials {
        access_key: &access_key,
        secret_key: &secret_key,
        security_token: security_token.as_ref(),
    };
    let date = SdkDate::from_unix_seconds(input.unix_seconds % (MAX_UNIX_SECONDS + 1))
        .expect("seconds up to 9999-12-31T23:59:59Z are a date");
    let names: Vec<&str> = input
        .selection
        .iter()
        .flatten()
        .take(8)
        .map(HeaderName::as_str)
        .collect();
    let selection = match input.selection {
        Some(_) => HeaderSelection::Only(&names),
        None => HeaderSelection::AllWithoutUnderscore,
    };

    let request = HttpRequest {
        method: input.method.as_str(),
        target: &target,
        headers: &headers,
        body: &input.body.0,
    };
    let respelled_request = HttpRequest {
        target: &respelled,
        ..request
    };
    let signed = sign(&request, &credentials, date, selection);
    let signed_respelled = sign(&respelled_request, &credentials, date, selection);
    let quotable: String = [input.method.as_str(), &target, &respelled]
        .into_iter()
        .chain(headers.iter().map(|(name, _)| *name))
        .chain(names.iter().copied())
        .collect::<Vec<_>>()
        .join("\n");
    let secrets = [&access_key, secret_key.expose()]
        .into_iter()
        .chain(security_token.as_ref().map(Secret::expose))
        .filter(|secret| !quotable.contains(secret));

    let signed = match (signed, signed_respelled) {
        (Ok(signed), Ok(respelled)) => {
            assert_eq!(signed.canonical_request(), respelled.canonical_request());
            assert_eq!(
                signed.authorization_header_value(),
                respelled.authorization_header_value()
            );
            signed
        }
        (Err(error), Err(respelled_error)) => {
            assert_eq!(error.kind(), respelled_error.kind());
            let message = error.to_string();
            for secret in secrets {
                assert!(!message.contains(secret), "{message}");
            }
            return;
        }
        (signed, respelled) => {
            panic!("colons spelled differently: {signed:?} for {target:?}, {respelled:?} for {respelled_request:?}")
        }
    };

    check_canonical_request(&request, &signed);
    let debug = format!("{signed:?} {:?}", signed.authorization());
    for secret in secrets {
        assert!(!debug.contains(secret), "{debug}");
    }
    assert!(
        !debug.contains(signed.authorization().signature()),
        "{debug}"
    );

    let header_value = signed.authorization_header_value();
    let authorization = Authorization::parse(&header_value).expect("a written value parses");
    assert_eq!(&authorization, signed.authorization());
    assert_eq!(authorization.header_value(), header_value);

    // The headers the client sends: its own, with the date and token replaced by the signer's.
    let date_text = date.to_string();
    let mut sent: Vec<(&str, &str)> = headers
        .iter()
        .copied()
        .filter(|(name, _)| {
            let is_date = name.eq_ignore_ascii_case(HEADER_SDK_DATE);
            let is_token =
                security_token.is_some() && name.eq_ignore_ascii_case(HEADER_SECURITY_TOKEN);
            !is_date && !is_token
        })
        .collect();
    sent.push((HEADER_SDK_DATE, &date_text));
    if let Some(token) = &security_token {
        sent.push((HEADER_SECURITY_TOKEN, token.expose()));
    }
    let received = HttpRequest {
        headers: &sent,
        ..request
    };
    let lookup = |key: &str| (key == access_key).then_some(&secret_key);
    let now = date
        .unix_seconds()
        .saturating_add_signed(i64::from(input.server_skew_seconds));
    let skew_ok = now.abs_diff(date.unix_seconds()) <= MAX_DATE_SKEW_SECONDS;

    match verify(&received, &authorization, lookup, now) {
        Ok(()) => assert!(skew_ok),
        Err(error) => {
            assert!(!skew_ok, "{error}");
            assert_eq!(error.kind(), SignErrorKind::DateOutOfRange, "{error}");
        }
    }
    let at_date = date.unix_seconds();
    let received_respelled = HttpRequest {
        target: &respelled,
        ..received
    };
    verify(&received_respelled, &authorization, lookup, at_date)
        .unwrap_or_else(|error| panic!("{respelled:?} signed as {target:?}: {error}"));

    let other_secret = Secret::from(format!("{}~", secret_key.expose()));
    let error = verify(&received, &authorization, |_| Some(&other_secret), at_date)
        .expect_err("another secret key gives another signature");
    assert_eq!(error.kind(), SignErrorKind::SignatureMismatch);

    let declares_body_hash = sent
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case(HEADER_CONTENT_SHA256));
    if !declares_body_hash {
        let mut other_body = input.body.0.clone();
        other_body.push(b'x');
        let tampered = HttpRequest {
            body: &other_body,
            ..received
        };
        let error = verify(&tampered, &authorization, lookup, at_date)
            .expect_err("another body gives another signature");
        assert_eq!(error.kind(), SignErrorKind::SignatureMismatch);
    }
});

/// Checks the first three lines of the canonical request and that canonicalising the
/// canonical URI and query string again changes nothing.
fn check_canonical_request(request: &HttpRequest<'_>, signed: &SignedRequest) {
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((request.target, ""));
    let uri = canonical_uri(path);
    let query_string = canonical_query_string(query);
    let mut lines = signed.canonical_request().split('\n');
    assert_eq!(lines.next(), Some(request.method));
    assert_eq!(lines.next(), Some(uri.as_str()));
    assert_eq!(lines.next(), Some(query_string.as_str()));

    assert_eq!(canonical_uri(&uri), uri, "canonical URI of {path:?}");
    assert_eq!(
        canonical_query_string(&query_string),
        query_string,
        "canonical query string of {query:?}"
    );
}
