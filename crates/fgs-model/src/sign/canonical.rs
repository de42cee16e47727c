//! The canonical request of SDK-HMAC-SHA256: the text whose SHA-256 hash is signed.
//!
//! ```text
//! CanonicalRequest = Method "\n" CanonicalURI "\n" CanonicalQueryString "\n"
//!                    CanonicalHeaders "\n" SignedHeaders "\n" HexLower(SHA256(body))
//! ```

use std::borrow::Cow;

use percent_encoding::{percent_decode, percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

use super::error::{quote, Kind, SignError};
use super::{HttpRequest, HEADER_CONTENT_SHA256};

/// Bytes percent-encoded in canonical URIs and query strings: all but the RFC 3986
/// unreserved characters `A-Z a-z 0-9 - _ . ~`.
pub const SIGNING_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Returns the canonical URI of a request path (without the query).
///
/// The path is percent-decoded once and split on `/`. Each segment is percent-encoded
/// with [`SIGNING_ENCODE_SET`] in uppercase hex, and the segments are joined with `/`
/// followed by a trailing `/` if the result lacks one. So `:` and `%3A` both become `%3A`,
/// and `%25` stays `%25`. A decoded `%2F` splits segments like a `/`, as in the Python SDK.
///
/// NOTE: decoding works on bytes, so `%FF` stays `%FF`. The Python SDK (huaweicloudsdkcore
/// 3.1.219) decodes to text with U+FFFD for invalid UTF-8, which signs `%EF%BF%BD` instead.
///
/// # Examples
///
/// ```
/// use fgs_model::sign::canonical_uri;
///
/// assert_eq!(canonical_uri("/v2/p/fgs/functions/urn:fss:x/events"), "/v2/p/fgs/functions/urn%3Afss%3Ax/events/");
/// assert_eq!(canonical_uri("/v2/p/fgs/functions/urn%3afss%3Ax/events"), "/v2/p/fgs/functions/urn%3Afss%3Ax/events/");
/// ```
pub fn canonical_uri(path: &str) -> String {
    let decoded: Cow<'_, [u8]> = percent_decode(path.as_bytes()).into();
    let mut uri = String::with_capacity(path.len() + 1);
    for (index, segment) in decoded.split(|&byte| byte == b'/').enumerate() {
        if index > 0 {
            uri.push('/');
        }
        uri.extend(percent_encode(segment, SIGNING_ENCODE_SET));
    }
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Returns the canonical query string of the query part of a request target (after `?`).
///
/// The query is split on `&`, skipping empty pieces. Each piece splits at its first `=`
/// into key and value (a piece without `=` has an empty value), and both are decoded once:
/// `+` becomes a space, then percent-escapes are decoded. The pairs are sorted by decoded
/// key, then decoded value, as both official SDKs sort. Each is written as `key=value` encoded with
/// [`SIGNING_ENCODE_SET`] (a space becomes `%20`), and the pairs are joined by `&`.
///
/// NOTE: reading `+` as a space follows HTML form encoding and Go's `url.ParseQuery`. So a
/// client that means a literal `+` must send `%2B`, as the official SDKs' encoders do.
///
/// # Examples
///
/// ```
/// use fgs_model::sign::canonical_query_string;
///
/// assert_eq!(canonical_query_string("b=2&a=1&c"), "a=1&b=2&c=");
/// assert_eq!(canonical_query_string(""), "");
/// ```
pub fn canonical_query_string(query: &str) -> String {
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            (decode_query_component(key), decode_query_component(value))
        })
        .collect();
    pairs.sort();

    let mut canonical = String::with_capacity(query.len());
    for (index, (key, value)) in pairs.iter().enumerate() {
        if index > 0 {
            canonical.push('&');
        }
        canonical.extend(percent_encode(key, SIGNING_ENCODE_SET));
        canonical.push('=');
        canonical.extend(percent_encode(value, SIGNING_ENCODE_SET));
    }
    canonical
}

fn decode_query_component(component: &str) -> Vec<u8> {
    let spaced = component.replace('+', " ");
    percent_decode(spaced.as_bytes()).collect()
}

/// Builds the canonical request of `request` for the given signed headers, which must be
/// lowercase, sorted and unique.
///
/// # Errors
///
/// Rejects a method that is not an HTTP token, a target that does not start with `/`, a
/// signed header that the request does not send, and a signed header value with a line
/// break.
pub(crate) fn canonical_request(
    request: &HttpRequest<'_>,
    signed_headers: &[String],
) -> Result<String, SignError> {
    if !is_token(request.method) {
        return Err(Kind::InvalidMethod {
            found: quote(request.method),
        }
        .into());
    }
    if !request.target.starts_with('/') {
        return Err(Kind::InvalidTarget {
            found: quote(request.target),
        }
        .into());
    }
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((request.target, ""));

    let mut canonical = String::with_capacity(256 + request.target.len());
    canonical.push_str(request.method);
    canonical.push('\n');
    canonical.push_str(&canonical_uri(path));
    canonical.push('\n');
    canonical.push_str(&canonical_query_string(query));
    canonical.push('\n');
    push_canonical_headers(&mut canonical, request.headers, signed_headers)?;
    canonical.push('\n');
    canonical.push_str(&signed_headers.join(";"));
    canonical.push('\n');
    canonical.push_str(&body_hash(request)?);
    Ok(canonical)
}

/// Appends `name:trim(value)\n` for each signed header. A header sent more than once gives
/// one line per value, values sorted, as the Go SDK writes them.
fn push_canonical_headers(
    canonical: &mut String,
    headers: &[(&str, &str)],
    signed_headers: &[String],
) -> Result<(), SignError> {
    for name in signed_headers {
        let mut values: Vec<&str> = headers
            .iter()
            .filter(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim())
            .collect();
        if values.is_empty() {
            return Err(Kind::MissingSignedHeader { name: name.clone() }.into());
        }
        if values.iter().any(|value| value.contains(['\r', '\n'])) {
            return Err(Kind::InvalidHeaderValue { name: name.clone() }.into());
        }
        values.sort_unstable();
        for value in values {
            canonical.push_str(name);
            canonical.push(':');
            canonical.push_str(value);
            canonical.push('\n');
        }
    }
    Ok(())
}

/// Returns the `X-Sdk-Content-Sha256` value when the request sends one, else the lowercase
/// hex SHA-256 of the body.
fn body_hash(request: &HttpRequest<'_>) -> Result<String, SignError> {
    let declared = request
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(HEADER_CONTENT_SHA256));
    match declared {
        Some((_, value)) if value.contains(['\r', '\n']) => Err(Kind::InvalidHeaderValue {
            name: HEADER_CONTENT_SHA256.to_ascii_lowercase(),
        }
        .into()),
        Some((_, value)) => Ok(value.trim().to_owned()),
        None => Ok(hex::encode(Sha256::digest(request.body))),
    }
}

/// Returns whether `text` is a non-empty HTTP token (RFC 9110 `tchar`s).
pub(crate) fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn check_uri(path: &str, expected: &str) {
        assert_eq!(canonical_uri(path), expected, "canonical URI of {path:?}");
    }

    #[test]
    fn canonical_uri_cases() {
        check_uri("", "/");
        check_uri("/", "/");
        check_uri("/path", "/path/");
        check_uri("/path/", "/path/");
        check_uri("/a//b", "/a//b/");
        check_uri("/urn:fss:x", "/urn%3Afss%3Ax/");
        check_uri("/urn%3Afss%3ax", "/urn%3Afss%3Ax/");
        check_uri("/alias!prod", "/alias%21prod/");
        check_uri("/alias%21prod", "/alias%21prod/");
        check_uri("/100%25", "/100%25/");
        check_uri("/100%", "/100%25/");
        check_uri("/%zz", "/%25zz/");
        check_uri("/a%2Fb", "/a/b/");
        check_uri("/a b", "/a%20b/");
        check_uri("/-_.~AZaz09", "/-_.~AZaz09/");
        check_uri("/\u{4e00}", "/%E4%B8%80/");
        check_uri("/%e4%b8%80", "/%E4%B8%80/");
        check_uri("/%FF", "/%FF/");
    }

    fn check_query(query: &str, expected: &str) {
        assert_eq!(
            canonical_query_string(query),
            expected,
            "canonical query of {query:?}"
        );
    }

    #[test]
    fn canonical_query_string_cases() {
        check_query("", "");
        check_query("limit=1", "limit=1");
        check_query("b=2&a=1", "a=1&b=2");
        check_query("a=2&a=10&a=1", "a=1&a=10&a=2");
        check_query("key", "key=");
        check_query("key=", "key=");
        check_query("a=1&&b=2&", "a=1&b=2");
        check_query("a=x=y", "a=x%3Dy");
        check_query("q=a+b", "q=a%20b");
        check_query("q=a%2Bb", "q=a%2Bb");
        check_query("q=a%20b", "q=a%20b");
        check_query("q=%3a", "q=%3A");
        check_query("q=%2525", "q=%2525");
        check_query("%61=1", "a=1");
    }

    #[test]
    fn canonical_query_string_go_vector() {
        // Query decoded from the Go SDK test: the canonical form must reproduce itself.
        let query = "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123\
                     &test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29";
        check_query(query, query);
        check_query(
            "test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29&path=/tmp/123&multi=3&multi=1\
             &multi=2&limit=1&enable=true",
            query,
        );
    }

    #[test]
    fn is_token_cases() {
        assert!(is_token("GET"));
        assert!(is_token("x-sdk-date"));
        assert!(is_token("TEST_UNDERSCORE"));
        assert!(!is_token(""));
        assert!(!is_token("GET /"));
        assert!(!is_token("x:y"));
        assert!(!is_token("é"));
    }
}
