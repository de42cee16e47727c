//! A string secret that cannot be printed by accident.

use std::fmt;

use subtle::ConstantTimeEq;

/// The text that `Debug` and `Display` print in place of a secret.
const REDACTED: &str = "[redacted]";

/// A secret string: a token, a secret access key (SK), a security token or a password.
///
/// `Debug` and `Display` print `[redacted]`, the type implements no `Serialize`, and
/// [`Secret::expose`] is the only way to read the value. Equality compares the bytes in
/// constant time, so a comparison does not reveal how long a common prefix is (it does
/// reveal whether the lengths differ).
///
/// NOTE: the value is not zeroed on drop, so it may stay in freed memory.
///
/// # Examples
///
/// ```
/// use fgs_model::secret::Secret;
///
/// let sk = Secret::from("SecretKey");
/// assert_eq!(format!("{sk:?} {sk}"), "[redacted] [redacted]");
/// assert_eq!(sk.expose(), "SecretKey");
/// ```
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Returns the secret value. Every call site is a place where the secret leaves this type.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn secret_debug_prints_redacted() {
        let secret = Secret::from("hunter2");
        assert_eq!(format!("{secret:?}"), "[redacted]");
        assert_eq!(format!("{secret:#?}"), "[redacted]");
    }

    #[test]
    fn secret_display_prints_redacted() {
        let secret = Secret::from(String::from("hunter2"));
        assert_eq!(secret.to_string(), "[redacted]");
    }

    #[test]
    fn secret_inside_struct_debug_redacted() {
        #[derive(Debug)]
        #[allow(dead_code)] // the field is read only through Debug
        struct Holder {
            sk: Secret,
        }
        let text = format!(
            "{:?}",
            Holder {
                sk: "hunter2".into()
            }
        );
        assert!(!text.contains("hunter2"), "{text}");
    }

    #[test]
    fn secret_expose_returns_value() {
        assert_eq!(Secret::from("hunter2").expose(), "hunter2");
    }

    #[test]
    fn secret_equality_compares_values() {
        let secret = Secret::from("hunter2");
        assert_eq!(secret, secret.clone());
        assert_ne!(secret, Secret::from("hunter3"));
        assert_ne!(secret, Secret::from("hunter"));
        assert_ne!(secret, Secret::from(""));
    }
}
