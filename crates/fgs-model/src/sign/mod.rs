//! AK/SK request signing with SDK-HMAC-SHA256, as the Huawei Cloud SDKs and API gateway do it.
//!
//! ```text
//! CanonicalRequest = Method "\n" CanonicalURI "\n" CanonicalQueryString "\n"
//!                    CanonicalHeaders "\n" SignedHeaders "\n" HexLower(SHA256(body))
//! StringToSign     = "SDK-HMAC-SHA256\n" X-Sdk-Date "\n" HexLower(SHA256(CanonicalRequest))
//! Signature        = HexLower(HMAC-SHA256(key = SK bytes, StringToSign))
//! Authorization    = "SDK-HMAC-SHA256 Access=" AK ", SignedHeaders=" names ", Signature=" Signature
//! ```
//!
//! [`sign`] computes the `Authorization` value of a request and [`verify`] checks one; both
//! build the canonical request with the same code. Neither reads the clock: the caller
//! passes the date.

mod authorization;
mod canonical;
mod date;
mod error;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::secret::Secret;

pub use authorization::Authorization;
pub use canonical::{canonical_query_string, canonical_uri, SIGNING_ENCODE_SET};
pub use date::SdkDate;
pub use error::{SignError, SignErrorKind};

use error::Kind;

/// The signing algorithm name that starts the string to sign and the `Authorization` value.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// The header that carries the signing date.
pub const HEADER_SDK_DATE: &str = "X-Sdk-Date";
/// The header that carries the security token of temporary credentials.
pub const HEADER_SECURITY_TOKEN: &str = "X-Security-Token";
/// The header whose value, when sent, replaces the body hash in the canonical request.
pub const HEADER_CONTENT_SHA256: &str = "X-Sdk-Content-Sha256";
/// The header that carries the signature.
pub const HEADER_AUTHORIZATION: &str = "Authorization";
/// The largest accepted difference between `X-Sdk-Date` and the server time: 15 minutes.
pub const MAX_DATE_SKEW_SECONDS: u64 = 15 * 60;

/// An HTTP request as sent or received, borrowed.
#[derive(Clone, Copy, Debug)]
pub struct HttpRequest<'a> {
    /// The method, such as `GET`, exactly as sent.
    pub method: &'a str,
    /// The request target exactly as sent: the path, then `?` and the query if any.
    pub target: &'a str,
    /// The header names and values; names compare case-insensitively.
    pub headers: &'a [(&'a str, &'a str)],
    /// The exact body bytes; empty when there is no body.
    pub body: &'a [u8],
}

/// The credentials that sign a request.
#[derive(Clone, Copy, Debug)]
pub struct Credentials<'a> {
    /// The access key (AK) sent in the `Authorization` header.
    pub access_key: &'a str,
    /// The secret key (SK), used as the HMAC key.
    pub secret_key: &'a Secret,
    /// The security token of temporary credentials, sent in `X-Security-Token`.
    pub security_token: Option<&'a Secret>,
}

/// The choice of request headers a signature covers. `X-Sdk-Date` and `X-Security-Token`
/// are signed in every case.
#[derive(Clone, Copy, Debug, Default)]
pub enum HeaderSelection<'a> {
    /// Every header sent except names containing `_` and `Authorization`, as the Python SDK
    /// (huaweicloudsdkcore 3.1.219) chooses.
    #[default]
    AllWithoutUnderscore,
    /// Exactly these header names, in any case and order.
    Only(&'a [&'a str]),
}

/// The result of [`sign`]: the `Authorization` value and the intermediate texts.
///
/// `Debug` shows only the date and the signed header names, because the canonical request
/// contains header values and the `Authorization` value contains the signature.
#[derive(Clone)]
pub struct SignedRequest {
    date: SdkDate,
    canonical_request: String,
    string_to_sign: String,
    authorization: Authorization,
}

impl SignedRequest {
    /// Returns the date to send in `X-Sdk-Date`.
    pub fn date(&self) -> SdkDate {
        self.date
    }

    /// Returns the canonical request, whose lines are separated by `\n`.
    pub fn canonical_request(&self) -> &str {
        &self.canonical_request
    }

    /// Returns the string to sign.
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// Returns the signed header names: lowercase, sorted and unique.
    pub fn signed_headers(&self) -> &[String] {
        self.authorization.signed_headers()
    }

    /// Returns the parsed `Authorization` value.
    pub fn authorization(&self) -> &Authorization {
        &self.authorization
    }

    /// Writes the value to send in the `Authorization` header.
    pub fn authorization_header_value(&self) -> String {
        self.authorization.header_value()
    }
}

impl std::fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedRequest")
            .field("date", &self.date)
            .field("signed_headers", &self.signed_headers())
            .finish_non_exhaustive()
    }
}

/// Signs a request with SDK-HMAC-SHA256.
///
/// The signed headers are those of `request` plus `X-Sdk-Date: {date}` and, with a security
/// token, `X-Security-Token`. These two replace any header of the same name in `request`, and
/// the caller sends them with the `Authorization` header. `selection` chooses which of the
/// other headers are signed. A body hash comes from `X-Sdk-Content-Sha256` when `request`
/// sends that header.
///
/// # Errors
///
/// Returns an error of kind [`InvalidRequest`](SignErrorKind::InvalidRequest) for a method
/// that is not an HTTP token, a target that does not start with `/`, or a header name that is
/// not a token. The same kind covers a signed header value with a line break and an access
/// key that is empty or has characters other than printable ASCII without `,`. The kind is
/// [`MissingSignedHeader`](SignErrorKind::MissingSignedHeader) when
/// [`HeaderSelection::Only`] names a header that `request` does not send.
///
/// # Examples
///
/// ```
/// use fgs_model::secret::Secret;
/// use fgs_model::sign::{sign, Credentials, HeaderSelection, HttpRequest, SdkDate};
///
/// let sk = Secret::from("SecretKey");
/// let request = HttpRequest {
///     method: "GET",
///     target: "/path?limit=1",
///     headers: &[("TEST_UNDERSCORE", "TEST_VALUE")],
///     body: b"",
/// };
/// let credentials = Credentials { access_key: "AccessKey", secret_key: &sk, security_token: None };
/// let date = SdkDate::parse("20060102T150405Z")?;
/// let signed = sign(&request, &credentials, date, HeaderSelection::AllWithoutUnderscore)?;
/// assert_eq!(
///     signed.authorization_header_value(),
///     "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, \
///      Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
/// );
/// # Ok::<(), fgs_model::sign::SignError>(())
/// ```
pub fn sign(
    request: &HttpRequest<'_>,
    credentials: &Credentials<'_>,
    date: SdkDate,
    selection: HeaderSelection<'_>,
) -> Result<SignedRequest, SignError> {
    let is_writable_access_key = !credentials.access_key.is_empty()
        && credentials
            .access_key
            .bytes()
            .all(|byte| byte.is_ascii_graphic() && byte != b',');
    if !is_writable_access_key {
        return Err(Kind::InvalidAccessKey.into());
    }

    let date_text = date.to_string();
    let is_replaced = |name: &str| {
        name.eq_ignore_ascii_case(HEADER_SDK_DATE)
            || (credentials.security_token.is_some()
                && name.eq_ignore_ascii_case(HEADER_SECURITY_TOKEN))
    };
    let mut headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .copied()
        .filter(|(name, _)| !is_replaced(name))
        .collect();
    headers.push((HEADER_SDK_DATE, &date_text));
    if let Some(token) = credentials.security_token {
        headers.push((HEADER_SECURITY_TOKEN, token.expose()));
    }

    let chosen: Vec<&str> = match selection {
        HeaderSelection::AllWithoutUnderscore => headers
            .iter()
            .map(|(name, _)| *name)
            .filter(|name| !name.contains('_') && !name.eq_ignore_ascii_case(HEADER_AUTHORIZATION))
            .collect(),
        HeaderSelection::Only(names) => {
            let mut names = names.to_vec();
            names.push(HEADER_SDK_DATE);
            if credentials.security_token.is_some() {
                names.push(HEADER_SECURITY_TOKEN);
            }
            names
        }
    };
    let signed_headers = normalize_header_names(&chosen)?;

    let request = HttpRequest {
        headers: &headers,
        ..*request
    };
    let canonical_request = canonical::canonical_request(&request, &signed_headers)?;
    let string_to_sign = string_to_sign(&date_text, &canonical_request);
    let signature = compute_signature(credentials.secret_key, &string_to_sign);
    Ok(SignedRequest {
        date,
        canonical_request,
        string_to_sign,
        authorization: Authorization::new(credentials.access_key, signed_headers, signature),
    })
}

/// Verifies the SDK-HMAC-SHA256 signature of a received request.
///
/// The canonical request is rebuilt from the headers that `authorization` lists as signed,
/// and `lookup` returns the secret key of its access key. `X-Sdk-Date` may differ from the
/// server time `now_unix_seconds` by at most [`MAX_DATE_SKEW_SECONDS`]. The checks
/// run in this order: date present, valid, in range and signed, access key known, signed
/// headers present, signature equal (compared in constant time).
///
/// # Errors
///
/// Returns an error whose [`SignError::kind`] names the first failed check:
/// [`MissingDate`](SignErrorKind::MissingDate), [`InvalidDate`](SignErrorKind::InvalidDate),
/// [`DateOutOfRange`](SignErrorKind::DateOutOfRange),
/// [`DateNotSigned`](SignErrorKind::DateNotSigned),
/// [`UnknownAccessKey`](SignErrorKind::UnknownAccessKey),
/// [`MissingSignedHeader`](SignErrorKind::MissingSignedHeader),
/// [`InvalidRequest`](SignErrorKind::InvalidRequest) or
/// [`SignatureMismatch`](SignErrorKind::SignatureMismatch).
pub fn verify<'s>(
    request: &HttpRequest<'_>,
    authorization: &Authorization,
    lookup: impl FnOnce(&str) -> Option<&'s Secret>,
    now_unix_seconds: u64,
) -> Result<(), SignError> {
    let date_text = request
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(HEADER_SDK_DATE))
        .map(|(_, value)| value.trim())
        .ok_or(Kind::MissingDate)?;
    let date = SdkDate::parse(date_text)?;
    let skew_seconds = date.unix_seconds().abs_diff(now_unix_seconds);
    if skew_seconds > MAX_DATE_SKEW_SECONDS {
        let server = SdkDate::from_unix_seconds(now_unix_seconds)
            .map_or_else(|_| now_unix_seconds.to_string(), |now| now.to_string());
        return Err(Kind::DateSkew {
            date: date.to_string(),
            server,
            skew_seconds,
        }
        .into());
    }
    if !authorization
        .signed_headers()
        .iter()
        .any(|name| name.eq_ignore_ascii_case(HEADER_SDK_DATE))
    {
        return Err(Kind::DateNotSigned.into());
    }

    let secret_key = lookup(authorization.access_key()).ok_or(Kind::UnknownAccessKey)?;
    let canonical_request = canonical::canonical_request(request, authorization.signed_headers())?;
    let expected = compute_signature(secret_key, &string_to_sign(date_text, &canonical_request));
    if bool::from(
        expected
            .as_bytes()
            .ct_eq(authorization.signature().as_bytes()),
    ) {
        Ok(())
    } else {
        Err(Kind::SignatureMismatch.into())
    }
}

/// Lowercases, sorts and deduplicates header names, rejecting any that is not a token.
fn normalize_header_names(names: &[&str]) -> Result<Vec<String>, SignError> {
    let mut normalized = Vec::with_capacity(names.len());
    for name in names {
        if !canonical::is_token(name) {
            return Err(Kind::InvalidHeaderName {
                found: error::quote(name),
            }
            .into());
        }
        normalized.push(name.to_ascii_lowercase());
    }
    normalized.sort_unstable();
    normalized.dedup();
    Ok(normalized)
}

fn string_to_sign(date: &str, canonical_request: &str) -> String {
    let hash = hex::encode(Sha256::digest(canonical_request.as_bytes()));
    format!("{ALGORITHM}\n{date}\n{hash}")
}

/// Returns the lowercase hex HMAC-SHA256 of the string to sign, keyed with the SK bytes.
fn compute_signature(secret_key: &Secret, string_to_sign: &str) -> String {
    // HMAC accepts keys of every length, so `new_from_slice` cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret_key.expose().as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(string_to_sign.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests;
