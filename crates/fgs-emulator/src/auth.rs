//! Authentication of event API requests, by token or by SDK-HMAC-SHA256 signature, and the
//! tokens the emulator issues.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use fgs_model::secret::Secret;
use fgs_model::sign::{self, Authorization, HttpRequest, HEADER_SECURITY_TOKEN};

use crate::config::{EmulatorConfig, Project};
use crate::credentials::{AccessKey, IamUser};
use crate::error::{ApiError, GatewayError};

/// Header carrying the IAM token, in requests.
const AUTH_TOKEN_HEADER: &str = "x-auth-token";

/// Maximum number of issued tokens kept. When it is reached, expired tokens are forgotten
/// first, then the ones closest to expiry.
const MAX_ISSUED_TOKENS: usize = 4096;

/// A token the emulator issued.
#[derive(Clone, Debug)]
pub(crate) struct IssuedToken {
    pub(crate) issued_at: SystemTime,
    pub(crate) expires_at: SystemTime,
}

/// An IAM user with the ids the emulator gave it and its domain.
#[derive(Clone, Debug)]
pub(crate) struct UserRecord {
    pub(crate) user: IamUser,
    pub(crate) user_id: String,
    pub(crate) domain_id: String,
}

/// The credentials an emulator accepts and the tokens it has issued.
#[derive(Debug)]
pub(crate) struct Authenticator {
    token: Secret,
    access_keys: Vec<AccessKey>,
    users: Vec<UserRecord>,
    projects: Vec<Project>,
    token_lifetime: Duration,
    issued: Mutex<HashMap<String, IssuedToken>>,
}

impl Authenticator {
    /// Copies the credentials of `config` and gives each user and domain a random id.
    pub(crate) fn new(config: &EmulatorConfig) -> Self {
        let mut domain_ids: HashMap<&str, String> = HashMap::new();
        let users = config
            .users()
            .iter()
            .map(|user| {
                let domain_id = domain_ids
                    .entry(user.domain.as_str())
                    .or_insert_with(random_id)
                    .clone();
                UserRecord {
                    user: user.clone(),
                    user_id: random_id(),
                    domain_id,
                }
            })
            .collect();
        Self {
            token: config.token.clone(),
            access_keys: config.access_keys().to_vec(),
            users,
            projects: config.projects().to_vec(),
            token_lifetime: config.token_lifetime(),
            issued: Mutex::new(HashMap::new()),
        }
    }

    /// Returns whether the request authenticates with a signature: it sends `Authorization`
    /// and no `X-Auth-Token`.
    ///
    /// NOTE: a request with both headers is checked by its token alone. What the real
    /// gateway does with both is not documented.
    pub(crate) fn is_signed(headers: &HeaderMap) -> bool {
        headers.contains_key(AUTHORIZATION) && !headers.contains_key(AUTH_TOKEN_HEADER)
    }

    /// Checks `X-Auth-Token`: the configured token or an unexpired issued one.
    ///
    /// A missing, empty, non-UTF-8 or unknown token gets `APIGW.0301` and an expired one
    /// `APIGW.0307`. Without `X-Auth-Token`, the `Authorization` header is checked instead.
    pub(crate) fn check_token(&self, headers: &HeaderMap, now: SystemTime) -> Result<(), ApiError> {
        let presented = headers
            .get(AUTH_TOKEN_HEADER)
            .and_then(|value| value.to_str().ok())
            .filter(|value| !value.is_empty());
        let Some(presented) = presented else {
            return Err(incorrect(
                "missing `X-Auth-Token` header or `Authorization` signature",
            ));
        };
        if Secret::from(presented) == self.token {
            return Ok(());
        }
        let issued = self.issued().get(presented).cloned();
        match issued {
            Some(token) if now < token.expires_at => Ok(()),
            Some(_) => {
                tracing::debug!("expired token");
                Err(GatewayError::TokenExpired.into())
            }
            None => Err(incorrect("the `X-Auth-Token` value is not a valid token")),
        }
    }

    /// Checks the SDK-HMAC-SHA256 signature of a request, rebuilding the canonical request
    /// from the headers its `SignedHeaders` names over the target, headers and body as
    /// received. A temporary key must also send its security token in `X-Security-Token`,
    /// and sign it; a permanent key must not send one.
    pub(crate) fn check_signature(
        &self,
        method: &str,
        target: &str,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), ApiError> {
        let authorization = headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .ok_or_else(|| incorrect("the `Authorization` value is not visible ASCII"))?;
        let authorization = Authorization::parse(authorization).map_err(signature_failure)?;

        // A header value that is not UTF-8 cannot be signed by the SDKs; leaving it out makes
        // a signature that names it fail with "missing signed header".
        let header_list: Vec<(&str, &str)> = headers
            .iter()
            .filter_map(|(name, value)| {
                let value = std::str::from_utf8(value.as_bytes()).ok()?;
                Some((name.as_str(), value))
            })
            .collect();
        let request = HttpRequest {
            method,
            target,
            headers: &header_list,
            body,
        };
        let key = self
            .access_keys
            .iter()
            .find(|key| key.access_key == authorization.access_key());
        let now_seconds = now
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        sign::verify(
            &request,
            &authorization,
            |_| key.map(|key| &key.secret_key),
            now_seconds,
        )
        .map_err(signature_failure)?;

        // `verify` succeeded, so the key exists.
        let Some(key) = key else {
            return Err(incorrect("unknown access key"));
        };
        check_security_token(key, headers, &authorization)
    }

    /// Finds the user with this name, password and domain name.
    pub(crate) fn find_user(
        &self,
        name: &str,
        password: &Secret,
        domain: &str,
    ) -> Option<&UserRecord> {
        self.users
            .iter()
            .find(|record| record.user.matches(name, password, domain))
    }

    /// Finds a served project by id.
    pub(crate) fn project_by_id(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|project| project.id == id)
    }

    /// Finds a served project by name (its region).
    pub(crate) fn project_by_name(&self, name: &str) -> Option<&Project> {
        self.projects
            .iter()
            .find(|project| project.name.as_deref() == Some(name))
    }

    /// Issues a new token valid for the configured lifetime from `now`.
    pub(crate) fn issue(&self, now: SystemTime) -> (String, IssuedToken) {
        let token = format!(
            "MII{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        // The configuration caps the lifetime at `MAX_TOKEN_LIFETIME`, which any clock
        // before the year 9000 can add, so the fallback only serves absurd clocks.
        let expires_at = now.checked_add(self.token_lifetime).unwrap_or(now);
        let issued = IssuedToken {
            issued_at: now,
            expires_at,
        };

        let mut tokens = self.issued();
        if tokens.len() >= MAX_ISSUED_TOKENS {
            tokens.retain(|_, token| now < token.expires_at);
        }
        if tokens.len() >= MAX_ISSUED_TOKENS {
            let soonest = tokens
                .iter()
                .min_by_key(|(_, token)| token.expires_at)
                .map(|(text, _)| text.clone());
            if let Some(soonest) = soonest {
                tokens.remove(&soonest);
            }
        }
        tokens.insert(token.clone(), issued.clone());
        (token, issued)
    }

    /// Makes every issued token expire at `now`.
    pub(crate) fn expire_issued(&self, now: SystemTime) {
        let mut tokens = self.issued();
        for token in tokens.values_mut() {
            token.expires_at = token.expires_at.min(now);
        }
        tracing::info!(count = tokens.len(), "issued tokens expired");
    }

    /// Locks the issued tokens. Every change is one insertion or removal, so a poisoned lock
    /// is used as it is.
    fn issued(&self) -> MutexGuard<'_, HashMap<String, IssuedToken>> {
        self.issued.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Checks `X-Security-Token` against the key that signed the request.
fn check_security_token(
    key: &AccessKey,
    headers: &HeaderMap,
    authorization: &Authorization,
) -> Result<(), ApiError> {
    let sent = headers
        .get(HEADER_SECURITY_TOKEN)
        .map(|value| Secret::from(String::from_utf8_lossy(value.as_bytes()).into_owned()));
    let is_signed = authorization
        .signed_headers()
        .iter()
        .any(|name| name.eq_ignore_ascii_case(HEADER_SECURITY_TOKEN));
    match (&key.security_token, sent) {
        (None, None) => Ok(()),
        (None, Some(_)) => Err(incorrect(
            "unexpected `X-Security-Token` header: the access key is permanent",
        )),
        (Some(_), None) => Err(incorrect(
            "missing `X-Security-Token` header: the access key is temporary",
        )),
        (Some(_), Some(_)) if !is_signed => Err(incorrect(
            "`x-security-token` is not among the signed headers: expected it in `SignedHeaders`",
        )),
        (Some(expected), Some(sent)) if *expected == sent => Ok(()),
        (Some(_), Some(_)) => Err(incorrect(
            "the `X-Security-Token` value does not belong to the access key",
        )),
    }
}

fn incorrect(detail: &str) -> ApiError {
    tracing::debug!(detail, "authentication failed");
    ApiError::gateway_detail(GatewayError::IncorrectIamAuthentication, detail)
}

fn signature_failure(error: sign::SignError) -> ApiError {
    // A `SignError` message never contains a key, a signature or a header value other than
    // `X-Sdk-Date`.
    incorrect(&error.to_string())
}

/// Returns 32 random hex digits.
fn random_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
