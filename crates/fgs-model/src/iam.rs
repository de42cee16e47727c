//! The IAM token API (`POST /v3/auth/tokens`) as far as FunctionGraph clients use it: the
//! password request with a project scope, the Keystone-style success body and the error body.
//!
//! A request body reads
//!
//! ```text
//! {"auth": {"identity": {"methods": ["password"],
//!                        "password": {"user": {"name": …, "password": …, "domain": {"name": …}}}},
//!           "scope": {"project": {"name": …} | {"id": …}}}}
//! ```
//!
//! and a success is `201 Created` with the token in the `X-Subject-Token` response header.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::secret::Secret;

/// The path of the token API.
pub const TOKENS_PATH: &str = "/v3/auth/tokens";
/// The response header that carries an issued token.
pub const HEADER_SUBJECT_TOKEN: &str = "X-Subject-Token";
/// The request header that carries a token to a cloud API.
pub const HEADER_AUTH_TOKEN: &str = "X-Auth-Token";
/// The only authentication method this model covers.
pub const METHOD_PASSWORD: &str = "password";

/// The project a token is scoped to, by id or by name (a region id such as `cn-north-4`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProjectScope {
    /// `scope.project.id`.
    Id(String),
    /// `scope.project.name`.
    Name(String),
}

/// A request for a project-scoped token with password credentials.
///
/// `Debug` shows the password as `[redacted]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordTokenRequest {
    /// `auth.identity.password.user.name`.
    pub user_name: String,
    /// `auth.identity.password.user.password`.
    pub password: Secret,
    /// `auth.identity.password.user.domain.name`: the account name.
    pub domain_name: String,
    /// `auth.scope.project`.
    pub scope: ProjectScope,
}

impl PasswordTokenRequest {
    /// Writes the request body. The result contains the password in clear text.
    ///
    /// # Examples
    ///
    /// ```
    /// use fgs_model::iam::{PasswordTokenRequest, ProjectScope};
    ///
    /// let request = PasswordTokenRequest {
    ///     user_name: "alice".to_owned(),
    ///     password: "p4ss".into(),
    ///     domain_name: "example".to_owned(),
    ///     scope: ProjectScope::Name("cn-north-4".to_owned()),
    /// };
    /// assert_eq!(PasswordTokenRequest::from_json(&request.to_json())?, request);
    /// # Ok::<(), fgs_model::iam::TokenRequestError>(())
    /// ```
    pub fn to_json(&self) -> Vec<u8> {
        let project = match &self.scope {
            ProjectScope::Id(id) => json!({ "id": id }),
            ProjectScope::Name(name) => json!({ "name": name }),
        };
        let body = json!({
            "auth": {
                "identity": {
                    "methods": [METHOD_PASSWORD],
                    "password": {
                        "user": {
                            "name": self.user_name,
                            "password": self.password.expose(),
                            "domain": { "name": self.domain_name },
                        }
                    }
                },
                "scope": { "project": project }
            }
        });
        // A `Value` built from strings always serializes.
        serde_json::to_vec(&body).expect("a JSON value serializes")
    }

    /// Parses a request body. Fields other than the ones read are ignored.
    ///
    /// # Errors
    ///
    /// Returns [`TokenRequestError`] for a body that is not a JSON object, a missing or
    /// mistyped field (named by its JSON pointer), a `methods` list without `password`, and a
    /// scope other than one project. The message never contains the password.
    pub fn from_json(body: &[u8]) -> Result<Self, TokenRequestError> {
        let root: Value = serde_json::from_slice(body).map_err(|error| TokenRequestError {
            kind: TokenRequestErrorKind::InvalidJson {
                line: error.line(),
                column: error.column(),
            },
        })?;
        let root = root.as_object().ok_or(TokenRequestError {
            kind: TokenRequestErrorKind::NotObject,
        })?;
        let auth = object(root, "/auth", "auth")?;
        let identity = object(auth, "/auth/identity", "identity")?;

        let methods = field(identity, "/auth/identity/methods", "methods")?
            .as_array()
            .ok_or_else(|| TokenRequestError::wrong_type("/auth/identity/methods", "an array"))?;
        if !methods.iter().any(|method| method == METHOD_PASSWORD) {
            return Err(TokenRequestError {
                kind: TokenRequestErrorKind::NoPasswordMethod,
            });
        }

        let password = object(identity, "/auth/identity/password", "password")?;
        let user = object(password, "/auth/identity/password/user", "user")?;
        let user_name = string(user, "/auth/identity/password/user/name", "name")?;
        let secret = string(user, "/auth/identity/password/user/password", "password")?;
        let domain = object(user, "/auth/identity/password/user/domain", "domain")?;
        let domain_name = string(domain, "/auth/identity/password/user/domain/name", "name")?;

        let scope = object(auth, "/auth/scope", "scope")?;
        let Some(project) = scope.get("project") else {
            return Err(TokenRequestError {
                kind: TokenRequestErrorKind::NotProjectScope,
            });
        };
        let project = project
            .as_object()
            .ok_or_else(|| TokenRequestError::wrong_type("/auth/scope/project", "an object"))?;
        let scope = if project.contains_key("id") {
            ProjectScope::Id(string(project, "/auth/scope/project/id", "id")?.to_owned())
        } else if project.contains_key("name") {
            ProjectScope::Name(string(project, "/auth/scope/project/name", "name")?.to_owned())
        } else {
            return Err(TokenRequestError::missing("/auth/scope/project/id"));
        };

        Ok(PasswordTokenRequest {
            user_name: user_name.to_owned(),
            password: Secret::from(secret),
            domain_name: domain_name.to_owned(),
            scope,
        })
    }
}

fn field<'a>(
    parent: &'a Map<String, Value>,
    pointer: &'static str,
    name: &str,
) -> Result<&'a Value, TokenRequestError> {
    parent
        .get(name)
        .ok_or_else(|| TokenRequestError::missing(pointer))
}

fn object<'a>(
    parent: &'a Map<String, Value>,
    pointer: &'static str,
    name: &str,
) -> Result<&'a Map<String, Value>, TokenRequestError> {
    field(parent, pointer, name)?
        .as_object()
        .ok_or_else(|| TokenRequestError::wrong_type(pointer, "an object"))
}

fn string<'a>(
    parent: &'a Map<String, Value>,
    pointer: &'static str,
    name: &str,
) -> Result<&'a str, TokenRequestError> {
    let text = field(parent, pointer, name)?
        .as_str()
        .ok_or_else(|| TokenRequestError::wrong_type(pointer, "a string"))?;
    if text.is_empty() {
        return Err(TokenRequestError::wrong_type(pointer, "a non-empty string"));
    }
    Ok(text)
}

/// A token request body that cannot be read. The message never quotes a field value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct TokenRequestError {
    kind: TokenRequestErrorKind,
}

impl TokenRequestError {
    fn missing(pointer: &'static str) -> Self {
        TokenRequestError {
            kind: TokenRequestErrorKind::Missing { pointer },
        }
    }

    fn wrong_type(pointer: &'static str, expected: &'static str) -> Self {
        TokenRequestError {
            kind: TokenRequestErrorKind::WrongType { pointer, expected },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
enum TokenRequestErrorKind {
    #[error("invalid JSON at line {line}, column {column}: expected one JSON object")]
    InvalidJson { line: usize, column: usize },
    #[error("invalid body: expected a JSON object")]
    NotObject,
    #[error("missing field `{pointer}`")]
    Missing { pointer: &'static str },
    #[error("invalid field `{pointer}`: expected {expected}")]
    WrongType {
        pointer: &'static str,
        expected: &'static str,
    },
    #[error("unsupported `/auth/identity/methods`: expected a list containing `password`")]
    NoPasswordMethod,
    #[error("unsupported `/auth/scope`: expected a project scope `{{\"project\": {{\"id\" or \"name\": …}}}}`")]
    NotProjectScope,
}

/// An id and a name, as the token body writes a domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdName {
    /// The id.
    pub id: String,
    /// The name.
    pub name: String,
}

/// The project a token is scoped to, in a token body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenProject {
    /// The account (domain) the project belongs to.
    pub domain: IdName,
    /// The project id, 32 letters or digits.
    pub id: String,
    /// The project name: the region id, such as `cn-north-4`.
    pub name: String,
}

/// The user a token was issued to, in a token body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenUser {
    /// The account (domain) of the user.
    pub domain: IdName,
    /// The user id.
    pub id: String,
    /// The user name.
    pub name: String,
}

/// The body of a token API success, `{"token": {…}}`, with the fields the token API
/// documents for a password request without a catalog. Reading ignores other fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenBody {
    /// When the token stops being accepted, such as `2024-01-02T00:00:00.000000Z`.
    pub expires_at: String,
    /// When the token was issued, in the same format.
    pub issued_at: String,
    /// The authentication methods used, such as `["password"]`.
    pub methods: Vec<String>,
    /// The scope of the token.
    pub project: TokenProject,
    /// The user the token was issued to.
    pub user: TokenUser,
}

#[derive(Serialize, Deserialize)]
struct TokenEnvelope<T> {
    token: T,
}

impl TokenBody {
    /// Writes `{"token": {…}}`.
    pub fn to_json(&self) -> Vec<u8> {
        // Strings and lists of strings always serialize.
        serde_json::to_vec(&TokenEnvelope { token: self }).expect("a token body serializes")
    }

    /// Reads `{"token": {…}}`.
    ///
    /// # Errors
    ///
    /// Returns the decoding error of serde_json, which names the missing or mistyped field.
    pub fn from_json(body: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice::<TokenEnvelope<TokenBody>>(body).map(|envelope| envelope.token)
    }
}

/// The Keystone-style error body of the token API:
/// `{"error": {"code": 401, "message": "…", "title": "Unauthorized"}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IamErrorBody {
    /// The HTTP status code, repeated.
    pub code: u16,
    /// What failed.
    pub message: String,
    /// The reason phrase of the status, such as `Unauthorized`.
    pub title: String,
}

#[derive(Serialize, Deserialize)]
struct ErrorEnvelope<T> {
    error: T,
}

impl IamErrorBody {
    /// Writes `{"error": {…}}`.
    pub fn to_json(&self) -> Vec<u8> {
        // A number and two strings always serialize.
        serde_json::to_vec(&ErrorEnvelope { error: self }).expect("an error body serializes")
    }

    /// Reads `{"error": {…}}`.
    ///
    /// # Errors
    ///
    /// Returns the decoding error of serde_json, which names the missing or mistyped field.
    pub fn from_json(body: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice::<ErrorEnvelope<IamErrorBody>>(body).map(|envelope| envelope.error)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    const DOCUMENTED: &str = r#"{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"user-a","password":"pw-1","domain":{"name":"account-a"}}}},"scope":{"project":{"name":"cn-north-4"}}}}"#;

    #[test]
    fn token_request_reads_documented_body() {
        let request = PasswordTokenRequest::from_json(DOCUMENTED.as_bytes()).unwrap();

        assert_eq!(request.user_name, "user-a");
        assert_eq!(request.password.expose(), "pw-1");
        assert_eq!(request.domain_name, "account-a");
        assert_eq!(request.scope, ProjectScope::Name("cn-north-4".to_owned()));
    }

    #[test]
    fn token_request_reads_project_id_scope() {
        let body = DOCUMENTED.replace(
            r#"{"name":"cn-north-4"}"#,
            r#"{"id":"7aad83af3e8d42e99ac194e8419e2c9b"}"#,
        );

        let request = PasswordTokenRequest::from_json(body.as_bytes()).unwrap();

        assert_eq!(
            request.scope,
            ProjectScope::Id("7aad83af3e8d42e99ac194e8419e2c9b".to_owned())
        );
    }

    #[test]
    fn token_request_writes_documented_shape() {
        let request = PasswordTokenRequest::from_json(DOCUMENTED.as_bytes()).unwrap();

        let written: Value = serde_json::from_slice(&request.to_json()).unwrap();

        assert_eq!(written, serde_json::from_str::<Value>(DOCUMENTED).unwrap());
    }

    #[test]
    fn token_request_debug_redacts_password() {
        let request = PasswordTokenRequest::from_json(DOCUMENTED.as_bytes()).unwrap();

        let text = format!("{request:?}");

        assert!(!text.contains("pw-1"), "{text}");
        assert!(text.contains("[redacted]"), "{text}");
    }

    fn check_rejected(body: &str, message: &str) {
        let error = PasswordTokenRequest::from_json(body.as_bytes()).unwrap_err();
        assert_eq!(error.to_string(), message, "{body}");
    }

    #[test]
    fn token_request_rejects_malformed_bodies() {
        check_rejected(
            "{",
            "invalid JSON at line 1, column 1: expected one JSON object",
        );
        check_rejected("[]", "invalid body: expected a JSON object");
        check_rejected("{}", "missing field `/auth`");
        check_rejected(r#"{"auth":1}"#, "invalid field `/auth`: expected an object");
        check_rejected(
            &DOCUMENTED.replace(r#"["password"]"#, r#""password""#),
            "invalid field `/auth/identity/methods`: expected an array",
        );
        check_rejected(
            &DOCUMENTED.replace(r#"["password"]"#, r#"["token"]"#),
            "unsupported `/auth/identity/methods`: expected a list containing `password`",
        );
        check_rejected(
            &DOCUMENTED.replace(r#""name":"user-a","#, ""),
            "missing field `/auth/identity/password/user/name`",
        );
        check_rejected(
            &DOCUMENTED.replace(r#""pw-1""#, "7"),
            "invalid field `/auth/identity/password/user/password`: expected a string",
        );
        check_rejected(
            &DOCUMENTED.replace(r#"{"name":"account-a"}"#, r#"{"name":""}"#),
            "invalid field `/auth/identity/password/user/domain/name`: expected a non-empty string",
        );
        check_rejected(
            &DOCUMENTED.replace(r#"{"project":{"name":"cn-north-4"}}"#, r#"{"domain":{"name":"a"}}"#),
            "unsupported `/auth/scope`: expected a project scope `{\"project\": {\"id\" or \"name\": …}}`",
        );
        check_rejected(
            &DOCUMENTED.replace(r#"{"name":"cn-north-4"}"#, "{}"),
            "missing field `/auth/scope/project/id`",
        );
    }

    #[test]
    fn token_request_error_omits_password() {
        let body = DOCUMENTED.replace(r#""name":"account-a""#, r#""name":1"#);

        let message = PasswordTokenRequest::from_json(body.as_bytes())
            .unwrap_err()
            .to_string();

        assert!(!message.contains("pw-1"), "{message}");
    }

    #[test]
    fn token_body_round_trips() {
        let body = TokenBody {
            expires_at: "2024-01-02T00:00:00.000000Z".to_owned(),
            issued_at: "2024-01-01T00:00:00.000000Z".to_owned(),
            methods: vec!["password".to_owned()],
            project: TokenProject {
                domain: IdName {
                    id: "d1".to_owned(),
                    name: "account-a".to_owned(),
                },
                id: "7aad83af3e8d42e99ac194e8419e2c9b".to_owned(),
                name: "cn-north-4".to_owned(),
            },
            user: TokenUser {
                domain: IdName {
                    id: "d1".to_owned(),
                    name: "account-a".to_owned(),
                },
                id: "u1".to_owned(),
                name: "user-a".to_owned(),
            },
        };

        let json: Value = serde_json::from_slice(&body.to_json()).unwrap();

        assert_eq!(json["token"]["expires_at"], "2024-01-02T00:00:00.000000Z");
        assert_eq!(json["token"]["project"]["domain"]["name"], "account-a");
        assert_eq!(TokenBody::from_json(&body.to_json()).unwrap(), body);
    }

    #[test]
    fn iam_error_body_has_keystone_shape() {
        let body = IamErrorBody {
            code: 401,
            message: "The username or password is wrong.".to_owned(),
            title: "Unauthorized".to_owned(),
        };

        let json: Value = serde_json::from_slice(&body.to_json()).unwrap();

        assert_eq!(
            json,
            json!({"error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}})
        );
        assert_eq!(IamErrorBody::from_json(&body.to_json()).unwrap(), body);
    }
}
