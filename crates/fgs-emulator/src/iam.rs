//! The IAM token API `POST /v3/auth/tokens`: password credentials with a project scope get
//! `201 Created` and a token in `X-Subject-Token`, which the event API then accepts until it
//! expires.

use std::time::SystemTime;

use axum::body::Body;
use axum::http::header::{HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use fgs_model::iam::{
    IamErrorBody, IdName, PasswordTokenRequest, ProjectScope, TokenBody, TokenProject, TokenUser,
    METHOD_PASSWORD, TOKENS_PATH,
};
use time::format_description::FormatItem;
use time::macros::format_description;
use time::OffsetDateTime;

use crate::auth::Authenticator;
use crate::error::ServiceError;
use crate::handler::{json_response, read_body};
use crate::MAX_REQUEST_BODY_BYTES;

/// The time format of `expires_at` and `issued_at`, such as `2024-01-02T00:00:00.000000Z`.
const TOKEN_TIME_FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// `X-Subject-Token` in the lowercase that `HeaderName::from_static` takes.
const SUBJECT_TOKEN_HEADER: &str = "x-subject-token";

/// Returns whether a request goes to the token API: `POST /v3/auth/tokens`, any query.
pub(crate) fn is_token_request(method: &Method, path: &str) -> bool {
    method == Method::POST && path == TOKENS_PATH
}

/// A failure of the token API, sent as `{"error": {"code", "message", "title"}}`.
struct IamFailure {
    status: StatusCode,
    message: String,
}

impl IamFailure {
    fn bad_request(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    fn unauthorized(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            message: message.into(),
        }
    }
}

/// Issues a token for the password credentials in `body`, and returns the status for the log
/// with the response.
pub(crate) async fn issue_token(
    auth: &Authenticator,
    body: Body,
    request_id: &str,
) -> (StatusCode, Response) {
    match try_issue(auth, body).await {
        Ok((token, body)) => {
            let mut response = json_response(StatusCode::CREATED, request_id, body);
            // An issued token is `MII` and hex digits, always a valid header value.
            if let Ok(mut value) = HeaderValue::from_str(&token) {
                value.set_sensitive(true);
                response
                    .headers_mut()
                    .insert(HeaderName::from_static(SUBJECT_TOKEN_HEADER), value);
            }
            (StatusCode::CREATED, response)
        }
        Err(failure) => {
            tracing::debug!(status = failure.status.as_u16(), message = %failure.message, "token request rejected");
            let body = IamErrorBody {
                code: failure.status.as_u16(),
                message: failure.message,
                title: failure
                    .status
                    .canonical_reason()
                    .unwrap_or_default()
                    .to_owned(),
            };
            (
                failure.status,
                json_response(failure.status, request_id, body.to_json()),
            )
        }
    }
}

async fn try_issue(auth: &Authenticator, body: Body) -> Result<(String, Vec<u8>), IamFailure> {
    let body = read_body(body).await.map_err(|error| match error {
        ServiceError::BodyTooLarge => IamFailure::bad_request(format!(
            "request body too large: expected at most {MAX_REQUEST_BODY_BYTES} bytes"
        )),
        _ => IamFailure::bad_request("failed to read the request body"),
    })?;
    let request = PasswordTokenRequest::from_json(&body)
        .map_err(|error| IamFailure::bad_request(error.to_string()))?;

    let record = auth
        .find_user(&request.user_name, &request.password, &request.domain_name)
        .ok_or_else(|| {
            IamFailure::unauthorized(
                "authentication failed: wrong user name, password or domain name",
            )
        })?;
    let project = match &request.scope {
        ProjectScope::Id(id) => auth.project_by_id(id),
        ProjectScope::Name(name) => auth.project_by_name(name),
    }
    .ok_or_else(|| {
        let (field, value) = match &request.scope {
            ProjectScope::Id(id) => ("id", id),
            ProjectScope::Name(name) => ("name", name),
        };
        IamFailure::unauthorized(format!(
            "project not found: no project with {field} `{value}` in the scope"
        ))
    })?;

    let now = SystemTime::now();
    let (token, issued) = auth.issue(now);
    let domain = IdName {
        id: record.domain_id.clone(),
        name: record.user.domain.clone(),
    };
    let body = TokenBody {
        expires_at: format_time(issued.expires_at),
        issued_at: format_time(issued.issued_at),
        methods: vec![METHOD_PASSWORD.to_owned()],
        project: TokenProject {
            domain: domain.clone(),
            id: project.id.clone(),
            name: project.name.clone().unwrap_or_else(|| project.id.clone()),
        },
        user: TokenUser {
            domain,
            id: record.user_id.clone(),
            name: record.user.name.clone(),
        },
    };
    tracing::info!(
        user = %record.user.name,
        project_id = %project.id,
        expires_at = %body.expires_at,
        "token issued"
    );
    Ok((token, body.to_json()))
}

/// Writes `time` as `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC.
fn format_time(time: SystemTime) -> String {
    OffsetDateTime::from(time)
        .format(TOKEN_TIME_FORMAT)
        .unwrap_or_else(|error| {
            // Only a year beyond 9999 fails, which the lifetime cap rules out.
            tracing::warn!(%error, "failed to format a token time");
            String::new()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn format_time_writes_microseconds_utc() {
        let time = UNIX_EPOCH + Duration::from_millis(1_704_067_200_250);

        assert_eq!(format_time(time), "2024-01-01T00:00:00.250000Z");
    }

    #[test]
    fn token_request_route_is_post_only() {
        assert!(is_token_request(&Method::POST, "/v3/auth/tokens"));
        assert!(!is_token_request(&Method::GET, "/v3/auth/tokens"));
        assert!(!is_token_request(&Method::POST, "/v3/auth/tokens/"));
    }
}
