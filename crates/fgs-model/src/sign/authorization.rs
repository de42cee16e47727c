//! The `Authorization` header value of SDK-HMAC-SHA256.

use std::fmt;

use super::error::{quote, AuthorizationProblem, Found, Kind, SignError};
use super::ALGORITHM;

/// A parsed `Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` value.
///
/// `Debug` redacts the access key and the signature; [`Authorization::header_value`]
/// writes the full value to send.
#[derive(Clone, PartialEq, Eq)]
pub struct Authorization {
    access_key: String,
    signed_headers: Vec<String>,
    signature: String,
}

impl Authorization {
    /// Parses the exact form the official SDKs send:
    ///
    /// ```text
    /// "SDK-HMAC-SHA256 Access=" access-key ", SignedHeaders=" names ", Signature=" signature
    /// ```
    ///
    /// The access key is printable ASCII without spaces or commas. The names are lowercase
    /// header names joined by `;`, sorted and unique. The signature is 64 lowercase hex digits.
    ///
    /// # Errors
    ///
    /// Returns an error of kind
    /// [`MalformedAuthorization`](super::SignErrorKind::MalformedAuthorization) that names the
    /// missing or malformed part. It never quotes the access key or the signature.
    ///
    /// # Examples
    ///
    /// ```
    /// use fgs_model::sign::Authorization;
    ///
    /// let value = "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, \
    ///              Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624";
    /// let authorization = Authorization::parse(value)?;
    /// assert_eq!(authorization.access_key(), "AccessKey");
    /// assert_eq!(authorization.signed_headers(), ["host", "x-sdk-date"]);
    /// assert_eq!(authorization.header_value(), value);
    /// # Ok::<(), fgs_model::sign::SignError>(())
    /// ```
    pub fn parse(value: &str) -> Result<Authorization, SignError> {
        parse_parts(value).map_err(|problem| SignError::new(Kind::Authorization(problem)))
    }

    pub(crate) fn new(access_key: &str, signed_headers: Vec<String>, signature: String) -> Self {
        Authorization {
            access_key: access_key.to_owned(),
            signed_headers,
            signature,
        }
    }

    /// Returns the access key (AK).
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// Returns the signed header names: lowercase, sorted and unique.
    pub fn signed_headers(&self) -> &[String] {
        &self.signed_headers
    }

    /// Returns the signature: 64 lowercase hex digits.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// Writes the header value, which contains the access key and the signature.
    pub fn header_value(&self) -> String {
        format!(
            "{ALGORITHM} Access={}, SignedHeaders={}, Signature={}",
            self.access_key,
            self.signed_headers.join(";"),
            self.signature
        )
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization")
            .field("access_key", &"[redacted]")
            .field("signed_headers", &self.signed_headers)
            .field("signature", &"[redacted]")
            .finish()
    }
}

fn parse_parts(value: &str) -> Result<Authorization, AuthorizationProblem> {
    let rest = match value.strip_prefix(ALGORITHM) {
        Some(rest) => rest,
        None => {
            // Only the first word is quoted: a different scheme puts its credentials after it.
            let scheme = value.split([' ', ',']).next().unwrap_or_default();
            return Err(AuthorizationProblem::Algorithm(quote(scheme)));
        }
    };

    let rest = expect(rest, " Access=", "the algorithm")?;
    let (access_key, rest) = split_value(rest, "Access")?;
    if !access_key.bytes().all(|byte| byte.is_ascii_graphic()) {
        return Err(AuthorizationProblem::AccessKey);
    }

    let rest = expect(rest, ", SignedHeaders=", "the `Access` value")?;
    let (names, rest) = split_value(rest, "SignedHeaders")?;
    let signed_headers = parse_signed_headers(names)?;

    let signature = expect(rest, ", Signature=", "the `SignedHeaders` value")?;
    if signature.is_empty() {
        return Err(AuthorizationProblem::EmptyValue("Signature"));
    }
    let is_lower_hex = signature
        .bytes()
        .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte));
    if signature.len() != 64 || !is_lower_hex {
        return Err(AuthorizationProblem::Signature(signature.chars().count()));
    }

    Ok(Authorization::new(
        access_key,
        signed_headers,
        signature.to_owned(),
    ))
}

/// Strips `literal` from the start of `rest`, or reports what is there instead.
fn expect<'a>(
    rest: &'a str,
    literal: &'static str,
    after: &'static str,
) -> Result<&'a str, AuthorizationProblem> {
    rest.strip_prefix(literal)
        .ok_or_else(|| AuthorizationProblem::Expected {
            expected: literal,
            after,
            found: Found::describe(rest.trim_start_matches([' ', ','])),
        })
}

/// Splits a parameter value from the rest at the next `,`.
fn split_value<'a>(
    rest: &'a str,
    parameter: &'static str,
) -> Result<(&'a str, &'a str), AuthorizationProblem> {
    let end = rest.find(',').unwrap_or(rest.len());
    let (value, rest) = rest.split_at(end);
    if value.is_empty() {
        return Err(AuthorizationProblem::EmptyValue(parameter));
    }
    Ok((value, rest))
}

fn parse_signed_headers(names: &str) -> Result<Vec<String>, AuthorizationProblem> {
    let mut signed_headers: Vec<String> = Vec::new();
    for name in names.split(';') {
        let is_lowercase_token =
            super::canonical::is_token(name) && !name.bytes().any(|byte| byte.is_ascii_uppercase());
        if !is_lowercase_token {
            return Err(AuthorizationProblem::SignedHeaderName(quote(name)));
        }
        if signed_headers
            .last()
            .is_some_and(|previous| previous.as_str() >= name)
        {
            return Err(AuthorizationProblem::SignedHeaderOrder(quote(name)));
        }
        signed_headers.push(name.to_owned());
    }
    Ok(signed_headers)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::sign::SignErrorKind;

    const SIGNATURE: &str = "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624";

    fn check_rejected(value: &str, message: &str) {
        let error = Authorization::parse(value).unwrap_err();
        assert_eq!(
            error.kind(),
            SignErrorKind::MalformedAuthorization,
            "{value}"
        );
        assert_eq!(error.to_string(), message, "{value}");
        assert!(!error.to_string().contains(SIGNATURE), "{value}");
        assert!(!error.to_string().contains("SecretAk"), "{value}");
    }

    #[test]
    fn authorization_parse_rejects_malformed() {
        let s = SIGNATURE;
        check_rejected("", "invalid `Authorization` header: expected the algorithm `SDK-HMAC-SHA256` at the start, found ``");
        check_rejected(
            "Bearer abc.def",
            "invalid `Authorization` header: expected the algorithm `SDK-HMAC-SHA256` at the start, found `Bearer`",
        );
        check_rejected(
            "SDK-HMAC-SHA256",
            "invalid `Authorization` header: expected ` Access=` after the algorithm, found the end of the header",
        );
        check_rejected(
            &format!("SDK-HMAC-SHA256 Signature={s}, Access=SecretAk"),
            "invalid `Authorization` header: expected ` Access=` after the algorithm, found parameter `Signature`",
        );
        check_rejected(
            &format!("SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature={s}"),
            "invalid `Authorization` header: empty `Access` value",
        );
        check_rejected(
            &format!("SDK-HMAC-SHA256 Access=Secret Ak, SignedHeaders=host, Signature={s}"),
            "invalid `Authorization` header: invalid `Access` value: expected printable ASCII without spaces or commas",
        );
        check_rejected(
            &format!("SDK-HMAC-SHA256 Access=SecretAk, Signature={s}"),
            "invalid `Authorization` header: expected `, SignedHeaders=` after the `Access` value, found parameter `Signature`",
        );
        check_rejected(
            &format!("SDK-HMAC-SHA256 Access=SecretAk,SignedHeaders=host,Signature={s}"),
            "invalid `Authorization` header: expected `, SignedHeaders=` after the `Access` value, found parameter `SignedHeaders`",
        );
        check_rejected(
            &format!("SDK-HMAC-SHA256 Access=SecretAk, SignedHeaders=, Signature={s}"),
            "invalid `Authorization` header: empty `SignedHeaders` value",
        );
        check_rejected(
            &format!("SDK-HMAC-SHA256 Access=SecretAk, SignedHeaders=Host, Signature={s}"),
            "invalid `Authorization` header: invalid `SignedHeaders` entry `Host`: expected a lowercase header name",
        );
        check_rejected(
            &format!("SDK-HMAC-SHA256 Access=SecretAk, SignedHeaders=host;;x-sdk-date, Signature={s}"),
            "invalid `Authorization` header: invalid `SignedHeaders` entry ``: expected a lowercase header name",
        );
        check_rejected(
            &format!("SDK-HMAC-SHA256 Access=SecretAk, SignedHeaders=x-sdk-date;host, Signature={s}"),
            "invalid `Authorization` header: invalid `SignedHeaders` order: expected sorted unique names, found `host` out of place",
        );
        check_rejected(
            &format!("SDK-HMAC-SHA256 Access=SecretAk, SignedHeaders=host;host, Signature={s}"),
            "invalid `Authorization` header: invalid `SignedHeaders` order: expected sorted unique names, found `host` out of place",
        );
        check_rejected(
            "SDK-HMAC-SHA256 Access=SecretAk, SignedHeaders=host",
            "invalid `Authorization` header: expected `, Signature=` after the `SignedHeaders` value, found the end of the header",
        );
        check_rejected(
            "SDK-HMAC-SHA256 Access=SecretAk, SignedHeaders=host, Signature=",
            "invalid `Authorization` header: empty `Signature` value",
        );
        check_rejected(
            &format!("SDK-HMAC-SHA256 Access=SecretAk, SignedHeaders=host, Signature={}", s.to_uppercase()),
            "invalid `Authorization` header: invalid `Signature` value: expected 64 lowercase hex digits, found 64 characters",
        );
        check_rejected(
            &format!("SDK-HMAC-SHA256 Access=SecretAk, SignedHeaders=host, Signature={s}, Extra=1"),
            "invalid `Authorization` header: invalid `Signature` value: expected 64 lowercase hex digits, found 73 characters",
        );
    }

    #[test]
    fn authorization_round_trips_header_value() {
        let value = format!(
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=content-type;host;x-sdk-date, Signature={SIGNATURE}"
        );
        let authorization = Authorization::parse(&value).unwrap();
        assert_eq!(authorization.access_key(), "AccessKey");
        assert_eq!(
            authorization.signed_headers(),
            ["content-type", "host", "x-sdk-date"]
        );
        assert_eq!(authorization.signature(), SIGNATURE);
        assert_eq!(authorization.header_value(), value);
    }

    #[test]
    fn authorization_debug_redacts_credentials() {
        let value = format!(
            "SDK-HMAC-SHA256 Access=SecretAk, SignedHeaders=x-sdk-date, Signature={SIGNATURE}"
        );
        let text = format!("{:?}", Authorization::parse(&value).unwrap());
        assert!(!text.contains("SecretAk"), "{text}");
        assert!(!text.contains(SIGNATURE), "{text}");
        assert!(text.contains("x-sdk-date"), "{text}");
    }
}
