//! Requests to sign with SDK-HMAC-SHA256.

use arbitrary::Arbitrary;

use crate::path::{ColonStyle, PathInput};
use crate::text::{Bytes, Picks};

/// A request with the credentials and date that sign it. The target comes last so that a seed
/// can end with the target text.
#[derive(Arbitrary, Clone, Debug)]
pub struct SignInput {
    pub method: Method,
    pub other_colons: ColonStyle,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub access_key: Picks,
    pub secret_key: Picks,
    pub security_token: Option<Picks>,
    pub unix_seconds: u64,
    pub server_skew_seconds: i16,
    pub selection: Option<Vec<HeaderName>>,
    pub body: Bytes,
    pub target: PathInput,
}

/// An HTTP method: the four the API uses, or any text.
#[derive(Arbitrary, Clone, Debug)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
    Text(String),
}

impl Method {
    /// Returns the method as sent.
    pub fn as_str(&self) -> &str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Text(text) => text,
        }
    }
}

/// A header name: those the official SDKs send or the signer treats specially, or any text.
#[derive(Arbitrary, Clone, Debug)]
pub enum HeaderName {
    ContentType,
    Host,
    ProjectId,
    SdkDate,
    SecurityToken,
    ContentSha256,
    Authorization,
    /// A name with `_`, which the default selection leaves unsigned.
    Underscore,
    Text(String),
}

impl HeaderName {
    /// Returns the header name as sent.
    pub fn as_str(&self) -> &str {
        match self {
            HeaderName::ContentType => "Content-Type",
            HeaderName::Host => "Host",
            HeaderName::ProjectId => "X-Project-Id",
            HeaderName::SdkDate => "x-sdk-date",
            HeaderName::SecurityToken => "X-Security-Token",
            HeaderName::ContentSha256 => "X-Sdk-Content-Sha256",
            HeaderName::Authorization => "Authorization",
            HeaderName::Underscore => "TEST_UNDERSCORE",
            HeaderName::Text(text) => text,
        }
    }
}

/// A header value: those of the signing examples, or any text, padded or not.
#[derive(Arbitrary, Clone, Debug)]
pub enum HeaderValue {
    Json,
    Host,
    ProjectId,
    Padded(String),
    Text(String),
}

impl HeaderValue {
    /// Returns the header value as sent.
    pub fn render(&self) -> String {
        match self {
            HeaderValue::Json => "application/json".to_owned(),
            HeaderValue::Host => "functiongraph.cn-north-4.myhuaweicloud.com".to_owned(),
            HeaderValue::ProjectId => "46b6f338fc3445b8846c71dfb1fbd9e8".to_owned(),
            HeaderValue::Padded(text) => format!(" \t{text} "),
            HeaderValue::Text(text) => text.clone(),
        }
    }
}
