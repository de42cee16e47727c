//! Authenticating requests: the `X-Auth-Token` header, SDK-HMAC-SHA256 signing with the
//! model's signer, and the IAM session that requests and renews tokens.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use fgs_model::iam::{IamErrorBody, PasswordTokenRequest, TokenBody, TOKENS_PATH};
use fgs_model::secret::Secret;
use fgs_model::sign::{
    self, Credentials as SigningCredentials, HeaderSelection, HttpRequest, SdkDate,
};
use fgs_model::ErrorBody;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, HOST};
use reqwest::Url;
use tokio::sync::Mutex;

use crate::client::AUTH_TOKEN_HEADER;
use crate::credentials::AccessKeyCredentials;
use crate::endpoint::Endpoint;
/// The request header that carries the project id, as the official SDKs send it.
const PROJECT_ID_HEADER: &str = "x-project-id";
/// The gateway error code of an expired token.
pub const TOKEN_EXPIRED_CODE: &str = "APIGW.0307";

/// A failure to authenticate a request before it is sent.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// The IAM token API could not be reached.
    #[error("cannot request a token from `{url}`: {reason}")]
    IamUnreachable { url: String, reason: String },
    /// The IAM token API rejected the credentials or the request.
    #[error("IAM at `{url}` rejected the token request with status {status}: {message}")]
    IamRejected {
        url: String,
        status: u16,
        message: String,
    },
    /// The IAM token API returned a success without a token.
    #[error("IAM at `{url}` returned status {status} without an `X-Subject-Token` header")]
    NoSubjectToken { url: String, status: u16 },
    /// The request cannot be signed.
    #[error("cannot sign the request: {0}")]
    Sign(#[from] sign::SignError),
    /// A credential cannot be sent as a header value.
    #[error("the {0} is not a valid header value: expected visible ASCII characters")]
    NotHeaderValue(&'static str),
}

impl AuthError {
    /// Returns whether the IAM token API could not be reached at all.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, AuthError::IamUnreachable { .. })
    }
}

/// A source of IAM tokens: the token API, the password request, and the current token.
///
/// `Debug` shows the endpoint and the user, never the password or a token.
#[derive(Debug)]
pub struct IamSession {
    endpoint: Endpoint,
    request: PasswordTokenRequest,
    token: Mutex<Option<Secret>>,
    tokens_obtained: AtomicU32,
}

impl IamSession {
    /// Returns the IAM endpoint the session requests tokens from.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Returns the password the session requests tokens with.
    pub fn password(&self) -> &Secret {
        &self.request.password
    }

    /// Returns a session that requests tokens from `endpoint` with `request`; no request is
    /// sent before the first token is needed.
    pub fn new(endpoint: Endpoint, request: PasswordTokenRequest) -> Self {
        IamSession {
            endpoint,
            request,
            token: Mutex::new(None),
            tokens_obtained: AtomicU32::new(0),
        }
    }

    /// Returns how many tokens the session has obtained: 1 after the first request, plus one
    /// per renewal.
    pub fn tokens_obtained(&self) -> u32 {
        self.tokens_obtained.load(Ordering::Relaxed)
    }

    /// Returns the current token, requesting one when the session has none.
    ///
    /// # Errors
    ///
    /// Returns an error when IAM cannot be reached, rejects the request, or sends no token.
    pub async fn token(&self, http: &reqwest::Client) -> Result<Secret, AuthError> {
        let mut current = self.token.lock().await;
        if let Some(token) = current.as_ref() {
            return Ok(token.clone());
        }
        let token = self.request_token(http).await?;
        *current = Some(token.clone());
        Ok(token)
    }

    /// Replaces `stale` with a new token and returns it. When another request has already
    /// replaced `stale`, the current token is returned without asking IAM again.
    ///
    /// # Errors
    ///
    /// Returns an error when IAM cannot be reached, rejects the request, or sends no token.
    pub async fn renew(&self, http: &reqwest::Client, stale: &Secret) -> Result<Secret, AuthError> {
        let mut current = self.token.lock().await;
        if let Some(token) = current.as_ref() {
            if token != stale {
                return Ok(token.clone());
            }
        }
        let token = self.request_token(http).await?;
        *current = Some(token.clone());
        Ok(token)
    }

    async fn request_token(&self, http: &reqwest::Client) -> Result<Secret, AuthError> {
        let url = format!("{}{TOKENS_PATH}", self.endpoint.as_str());
        tracing::info!(%url, user = %self.request.user_name, "requesting an IAM token");
        let response = http
            .post(&url)
            .header(CONTENT_TYPE, "application/json;charset=utf8")
            .body(self.request.to_json())
            .send()
            .await
            .map_err(|error| AuthError::IamUnreachable {
                url: url.clone(),
                reason: innermost_message(&error),
            })?;
        let status = response.status().as_u16();
        let token = response
            .headers()
            .get("x-subject-token")
            .and_then(|value| value.to_str().ok())
            .filter(|value| !value.is_empty())
            .map(Secret::from);
        let body = response
            .bytes()
            .await
            .map_err(|error| AuthError::IamUnreachable {
                url: url.clone(),
                reason: innermost_message(&error),
            })?;

        if status != 201 {
            let message = IamErrorBody::from_json(&body).map_or_else(
                |_| format!("{} bytes of body in an unknown shape", body.len()),
                |error| error.message,
            );
            return Err(AuthError::IamRejected {
                url,
                status,
                message,
            });
        }
        let token = token.ok_or(AuthError::NoSubjectToken {
            url: url.clone(),
            status,
        })?;
        self.tokens_obtained.fetch_add(1, Ordering::Relaxed);
        match TokenBody::from_json(&body) {
            Ok(body) => tracing::info!(expires_at = %body.expires_at, "IAM token obtained"),
            Err(error) => tracing::warn!(%error, "IAM token obtained with an unexpected body"),
        }
        Ok(token)
    }
}

/// Adds `X-Auth-Token: token` as a sensitive header.
///
/// # Errors
///
/// Returns an error when the token is not a valid header value.
pub fn add_token(headers: &mut HeaderMap, token: &Secret) -> Result<(), AuthError> {
    let value = sensitive(token.expose(), "token")?;
    headers.insert(HeaderName::from_static(AUTH_TOKEN_HEADER), value);
    Ok(())
}

/// Signs a request with SDK-HMAC-SHA256 as the Python SDK does, and adds the headers the
/// signature needs: `Host` (from the URL, so that the value signed is the one sent),
/// `X-Project-Id`, `X-Sdk-Date`, `X-Security-Token` for a temporary key, and
/// `Authorization`. Every header in `headers` whose name has no `_` is signed.
///
/// # Errors
///
/// Returns an error when the request cannot be signed or a credential is not a valid header
/// value.
pub fn sign_request(
    headers: &mut HeaderMap,
    method: &str,
    url: &Url,
    body: &[u8],
    keys: &AccessKeyCredentials,
    now: SystemTime,
) -> Result<(), AuthError> {
    headers.insert(HOST, plain(&host_of(url), "host")?);
    if let Some(project_id) = &keys.project_id {
        headers.insert(
            HeaderName::from_static(PROJECT_ID_HEADER),
            plain(project_id, "project id")?,
        );
    }

    let list: Vec<(&str, &str)> = headers
        .iter()
        .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
        .collect();
    let target = &url[url::Position::BeforePath..url::Position::AfterQuery];
    let request = HttpRequest {
        method,
        target,
        headers: &list,
        body,
    };
    let credentials = SigningCredentials {
        access_key: &keys.access_key,
        secret_key: &keys.secret_key,
        security_token: keys.security_token.as_ref(),
    };
    let seconds = now
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let date = SdkDate::from_unix_seconds(seconds)?;
    let signed = sign::sign(
        &request,
        &credentials,
        date,
        HeaderSelection::AllWithoutUnderscore,
    )?;

    headers.insert(
        HeaderName::from_static("x-sdk-date"),
        plain(&date.to_string(), "date")?,
    );
    if let Some(token) = &keys.security_token {
        headers.insert(
            HeaderName::from_static("x-security-token"),
            sensitive(token.expose(), "security token")?,
        );
    }
    headers.insert(
        reqwest::header::AUTHORIZATION,
        sensitive(&signed.authorization_header_value(), "access key")?,
    );
    Ok(())
}

/// Returns `host[:port]` as a client writes it in the `Host` header: the port only when the
/// URL names one other than the scheme's default.
pub fn host_of(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// Returns whether a response is the gateway's `401 APIGW.0307`: the token must be renewed.
pub fn is_token_expired(status: u16, body: &[u8]) -> bool {
    status == 401
        && ErrorBody::from_json(body)
            .value
            .is_ok_and(|error| error.error_code == TOKEN_EXPIRED_CODE)
}

fn plain(value: &str, what: &'static str) -> Result<HeaderValue, AuthError> {
    HeaderValue::from_str(value).map_err(|_| AuthError::NotHeaderValue(what))
}

/// Returns a header value that clients record and log as `[redacted]`.
fn sensitive(value: &str, what: &'static str) -> Result<HeaderValue, AuthError> {
    let mut value = plain(value, what)?;
    value.set_sensitive(true);
    Ok(value)
}

/// Returns the message of the deepest error in the chain, which names the actual cause.
fn innermost_message(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_of_keeps_explicit_port_only() {
        let check = |url: &str, expected: &str| {
            assert_eq!(host_of(&Url::parse(url).unwrap()), expected, "{url}");
        };

        check("http://127.0.0.1:8080/x", "127.0.0.1:8080");
        check("http://127.0.0.1:80/x", "127.0.0.1");
        check(
            "https://functiongraph.cn-north-4.myhuaweicloud.com/v2",
            "functiongraph.cn-north-4.myhuaweicloud.com",
        );
        check("http://[::1]:9000/", "[::1]:9000");
    }

    #[test]
    fn token_expired_needs_401_and_apigw_0307() {
        let expired = br#"{"error_code":"APIGW.0307","error_msg":"The token must be updated.","request_id":"r"}"#;
        let wrong = br#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information.","request_id":"r"}"#;

        assert!(is_token_expired(401, expired));
        assert!(!is_token_expired(403, expired));
        assert!(!is_token_expired(401, wrong));
        assert!(!is_token_expired(401, b"not json"));
    }

    #[test]
    fn sign_request_matches_documented_vector() {
        let keys = AccessKeyCredentials {
            access_key: "AccessKey".to_owned(),
            secret_key: Secret::from("SecretKey"),
            security_token: None,
            project_id: Some("46b6f338fc3445b8846c71dfb1fbd9e8".to_owned()),
        };
        let url = Url::parse(
            "https://functiongraph.cn-north-4.myhuaweicloud.com/v2/46b6f338fc3445b8846c71dfb1fbd9e8/fgs/functions/urn%3Afss%3Acn-north-4%3A46b6f338fc3445b8846c71dfb1fbd9e8%3Afunction%3Adefault%3Atest%3Alatest/events",
        )
        .unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let now = UNIX_EPOCH + std::time::Duration::from_secs(1_704_067_200);

        sign_request(
            &mut headers,
            "POST",
            &url,
            br#"{"name": "event-xx", "content": "eyJrIjoidiJ9"}"#,
            &keys,
            now,
        )
        .unwrap();

        let authorization = headers.get("authorization").unwrap();
        assert!(authorization.is_sensitive());
        assert_eq!(
            authorization.to_str().unwrap(),
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=content-type;host;x-project-id;x-sdk-date, \
             Signature=8779f96a70ac1c830e551dfbe0074889f69e8c5a06b32d2a80f1a60dc2951612"
        );
        assert_eq!(headers.get("x-sdk-date").unwrap(), "20240101T000000Z");
    }
}
