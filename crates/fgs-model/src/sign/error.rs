//! The error type of SDK-HMAC-SHA256 signing and verification.
//!
//! No message quotes an access key, a secret key, a signature, or the value of a header
//! other than `X-Sdk-Date`, because header values may carry tokens.

/// The maximum number of characters of an input value quoted in an error message.
const QUOTE_LIMIT: usize = 40;

/// An error from signing a request, verifying a signature, or parsing an `X-Sdk-Date` or
/// `Authorization` value.
///
/// [`SignError::kind`] returns the category, which a server maps to a gateway error code.
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct SignError {
    kind: Kind,
}

/// The category of a [`SignError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignErrorKind {
    /// The method, request target, a header or the access key cannot be signed.
    InvalidRequest,
    /// The `Authorization` header does not have the SDK-HMAC-SHA256 form.
    MalformedAuthorization,
    /// The lookup returned no secret key for the access key.
    UnknownAccessKey,
    /// The request has no `X-Sdk-Date` header.
    MissingDate,
    /// An `X-Sdk-Date` value, or a Unix time, that is not a valid date.
    InvalidDate,
    /// `X-Sdk-Date` is more than 15 minutes away from the server time.
    DateOutOfRange,
    /// `x-sdk-date` is not among the signed headers, so the date could be altered.
    DateNotSigned,
    /// A header named in `SignedHeaders` is absent from the request.
    MissingSignedHeader,
    /// The signature does not match the one computed from the request.
    SignatureMismatch,
}

impl SignError {
    /// Returns the category of the error.
    pub fn kind(&self) -> SignErrorKind {
        match &self.kind {
            Kind::InvalidMethod { .. }
            | Kind::InvalidTarget { .. }
            | Kind::InvalidHeaderName { .. }
            | Kind::InvalidHeaderValue { .. }
            | Kind::InvalidAccessKey => SignErrorKind::InvalidRequest,
            Kind::Authorization(_) => SignErrorKind::MalformedAuthorization,
            Kind::UnknownAccessKey => SignErrorKind::UnknownAccessKey,
            Kind::MissingDate => SignErrorKind::MissingDate,
            Kind::InvalidDate { .. } | Kind::UnixSecondsOutOfRange { .. } => {
                SignErrorKind::InvalidDate
            }
            Kind::DateSkew { .. } => SignErrorKind::DateOutOfRange,
            Kind::DateNotSigned => SignErrorKind::DateNotSigned,
            Kind::MissingSignedHeader { .. } => SignErrorKind::MissingSignedHeader,
            Kind::SignatureMismatch => SignErrorKind::SignatureMismatch,
        }
    }

    pub(crate) fn new(kind: Kind) -> Self {
        SignError { kind }
    }
}

impl From<Kind> for SignError {
    fn from(kind: Kind) -> Self {
        SignError::new(kind)
    }
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum Kind {
    #[error("invalid HTTP method `{found}`: expected a non-empty token such as `GET`")]
    InvalidMethod { found: String },
    #[error("invalid request target `{found}`: expected a path that starts with `/`")]
    InvalidTarget { found: String },
    #[error("invalid header name `{found}`: expected a non-empty token such as `x-sdk-date`")]
    InvalidHeaderName { found: String },
    #[error("invalid value of header `{name}`: expected no line breaks")]
    InvalidHeaderValue { name: String },
    #[error("invalid access key: expected printable ASCII without spaces or commas")]
    InvalidAccessKey,
    #[error("invalid `Authorization` header: {0}")]
    Authorization(AuthorizationProblem),
    #[error("unknown access key: no secret key is registered for it")]
    UnknownAccessKey,
    #[error("missing `X-Sdk-Date` header: expected a date such as `20240101T000000Z`")]
    MissingDate,
    #[error("invalid `X-Sdk-Date` value `{found}`: {problem}")]
    InvalidDate { found: String, problem: DateProblem },
    #[error(
        "invalid Unix time `{seconds}`: expected at most `253402300799` (9999-12-31T23:59:59Z)"
    )]
    UnixSecondsOutOfRange { seconds: u64 },
    #[error(
        "`X-Sdk-Date` `{date}` is {skew_seconds} seconds away from the server time `{server}`: \
         expected at most 900 seconds (15 minutes)"
    )]
    DateSkew {
        date: String,
        server: String,
        skew_seconds: u64,
    },
    #[error("`x-sdk-date` is not among the signed headers: expected it in `SignedHeaders`")]
    DateNotSigned,
    #[error(
        "missing signed header `{name}`: `SignedHeaders` names it but the request does not send it"
    )]
    MissingSignedHeader { name: String },
    #[error("signature mismatch: the signature does not match the canonical request")]
    SignatureMismatch,
}

/// The defect found in an `X-Sdk-Date` value.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DateProblem {
    #[error("expected 16 characters `YYYYMMDDTHHMMSSZ`, found {0}")]
    Length(usize),
    #[error("expected `{expected}` at byte {offset}, found `{found}`")]
    Literal {
        expected: char,
        offset: usize,
        found: char,
    },
    #[error("expected a digit at byte {offset} ({field}), found `{found}`")]
    Digit {
        offset: usize,
        field: &'static str,
        found: char,
    },
    #[error("year {0} is out of range: expected 1970 to 9999")]
    Year(u16),
    #[error("month {0:02} is out of range: expected 01 to 12")]
    Month(u8),
    #[error("day {day:02} does not exist in {year:04}-{month:02}")]
    Day { year: u16, month: u8, day: u8 },
    #[error(
        "time {hour:02}:{minute:02}:{second:02} is out of range: expected 00:00:00 to 23:59:59"
    )]
    Time { hour: u8, minute: u8, second: u8 },
}

/// The defect found in an `Authorization` value. No variant stores the access key or the signature.
#[derive(Debug, thiserror::Error)]
pub(crate) enum AuthorizationProblem {
    #[error("expected the algorithm `SDK-HMAC-SHA256` at the start, found `{0}`")]
    Algorithm(String),
    #[error("expected `{expected}` after {after}, found {found}")]
    Expected {
        expected: &'static str,
        after: &'static str,
        found: Found,
    },
    #[error("empty `{0}` value")]
    EmptyValue(&'static str),
    #[error("invalid `Access` value: expected printable ASCII without spaces or commas")]
    AccessKey,
    #[error("invalid `SignedHeaders` entry `{0}`: expected a lowercase header name")]
    SignedHeaderName(String),
    #[error(
        "invalid `SignedHeaders` order: expected sorted unique names, found `{0}` out of place"
    )]
    SignedHeaderOrder(String),
    #[error("invalid `Signature` value: expected 64 lowercase hex digits, found {0} characters")]
    Signature(usize),
}

/// A description of unexpected input that never quotes a parameter value.
#[derive(Debug)]
pub(crate) enum Found {
    End,
    Parameter(String),
    Other,
}

impl Found {
    /// Describes `rest` by the parameter name it starts with, if any.
    pub(crate) fn describe(rest: &str) -> Found {
        if rest.is_empty() {
            return Found::End;
        }
        match rest.split_once('=') {
            Some((name, _))
                if !name.is_empty()
                    && name.len() <= QUOTE_LIMIT
                    && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
            {
                Found::Parameter(name.to_owned())
            }
            _ => Found::Other,
        }
    }
}

impl std::fmt::Display for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Found::End => f.write_str("the end of the header"),
            Found::Parameter(name) => write!(f, "parameter `{name}`"),
            Found::Other => f.write_str("other text"),
        }
    }
}

/// Quotes at most [`QUOTE_LIMIT`] characters of a non-secret value, escaping control
/// characters and marking a cut with `…`.
pub(crate) fn quote(value: &str) -> String {
    let (head, cut) = match value.char_indices().nth(QUOTE_LIMIT) {
        Some((end, _)) => (&value[..end], "…"),
        None => (value, ""),
    };
    format!("{}{cut}", head.escape_debug())
}
