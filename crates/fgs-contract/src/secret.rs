//! The token sent as `X-Auth-Token`, kept out of every log, report and error.

use std::fmt;

// NOTE: this wrapper stands in for `fgs_model::secret::Secret`; swap it once that type is on `main`.
/// A secret string whose `Debug` and `Display` print `[redacted]`.
///
/// The only way to read the value is [`Token::expose`], which the HTTP client calls when it
/// builds the `X-Auth-Token` header.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

/// The text printed in place of a secret.
pub const REDACTED: &str = "[redacted]";

impl Token {
    /// Wraps `value` as a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Token(value.into())
    }

    /// Returns the secret value, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_debug_prints_redacted() {
        let token = Token::new("s3cr3t-value");
        assert_eq!(format!("{token:?}"), "[redacted]");
    }

    #[test]
    fn token_display_prints_redacted() {
        let token = Token::new("s3cr3t-value");
        assert_eq!(token.to_string(), "[redacted]");
    }

    #[test]
    fn token_inside_option_debug_prints_redacted() {
        let token = Some(Token::new("s3cr3t-value"));
        assert_eq!(format!("{token:?}"), "Some([redacted])");
    }

    #[test]
    fn token_expose_returns_value() {
        assert_eq!(Token::new("s3cr3t-value").expose(), "s3cr3t-value");
    }
}
