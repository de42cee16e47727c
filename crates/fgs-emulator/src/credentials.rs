//! The credentials an emulator accepts besides its token: access keys for SDK-HMAC-SHA256
//! signatures and IAM users that can request tokens.

use fgs_model::secret::Secret;

use crate::server::EmulatorError;

/// An access key pair the emulator accepts in signed requests: permanent (AK and SK) or
/// temporary (AK, SK and the security token sent in `X-Security-Token`).
///
/// `Debug` redacts the secret key and the security token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessKey {
    /// The access key (AK), as sent in `Authorization: SDK-HMAC-SHA256 Access=…`.
    pub access_key: String,
    /// The secret key (SK) that signs requests.
    pub secret_key: Secret,
    /// The security token a temporary key must send in `X-Security-Token`; `None` for a
    /// permanent key, which must not send one.
    pub security_token: Option<Secret>,
}

impl AccessKey {
    /// Checks the parts: an AK of printable ASCII without spaces or commas (the characters
    /// an `Authorization` value can carry), a non-empty SK and, when given, a non-empty
    /// security token of printable ASCII (a header value).
    pub(crate) fn validate(&self) -> Result<(), EmulatorError> {
        let is_valid_access_key = !self.access_key.is_empty()
            && self
                .access_key
                .bytes()
                .all(|byte| byte.is_ascii_graphic() && byte != b',');
        if !is_valid_access_key {
            return Err(EmulatorError::InvalidAccessKey {
                access_key: self.access_key.clone(),
            });
        }
        if self.secret_key.expose().is_empty() {
            return Err(EmulatorError::EmptySecretKey {
                access_key: self.access_key.clone(),
            });
        }
        if let Some(token) = &self.security_token {
            let is_header_value =
                !token.expose().is_empty() && token.expose().bytes().all(|b| b.is_ascii_graphic());
            if !is_header_value {
                return Err(EmulatorError::InvalidSecurityToken {
                    access_key: self.access_key.clone(),
                });
            }
        }
        Ok(())
    }
}

/// An IAM user that can request a token from `POST /v3/auth/tokens` with a password.
///
/// `Debug` redacts the password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IamUser {
    /// The user name.
    pub name: String,
    /// The password.
    pub password: Secret,
    /// The account (domain) name the user belongs to.
    pub domain: String,
}

impl IamUser {
    pub(crate) fn validate(&self) -> Result<(), EmulatorError> {
        if self.name.is_empty() || self.domain.is_empty() || self.password.expose().is_empty() {
            return Err(EmulatorError::InvalidUser {
                name: self.name.clone(),
            });
        }
        Ok(())
    }

    /// Returns whether the user name, password and domain name all match.
    pub(crate) fn matches(&self, name: &str, password: &Secret, domain: &str) -> bool {
        // The password is compared whatever the name, so the time taken does not show
        // whether the user exists.
        let password_matches = self.password == *password;
        password_matches && self.name == name && self.domain == domain
    }
}
