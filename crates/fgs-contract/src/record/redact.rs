//! Replacing secrets in recorded requests and responses before they are written.
//!
//! Three layers apply. Header values are replaced by name, along with any value the client
//! marked sensitive. String fields of JSON bodies are replaced by key. Finally every occurrence
//! of each secret the run was given is replaced, wherever it appears.

use fgs_model::secret::Secret;

/// The text written in place of a secret.
pub const REDACTED: &str = "[redacted]";

/// Headers whose whole value is a credential, by lowercase name.
const SECRET_HEADERS: [&str; 6] = [
    "x-auth-token",
    "x-subject-token",
    "x-security-token",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// JSON keys whose string values are credentials, compared without case: passwords in IAM
/// token requests, and the access key, secret key and security token of temporary
/// credentials.
const SECRET_KEYS: [&str; 11] = [
    "password",
    "passcode",
    "secret",
    "secret_key",
    "sk",
    "access",
    "access_key",
    "securitytoken",
    "security_token",
    "token",
    "private_key",
];

/// The parameters of an `Authorization` value that identify or prove a credential.
const SECRET_AUTHORIZATION_PARAMETERS: [&str; 3] = ["Access", "Signature", "Credential"];

/// Returns the value of header `name` as it may be written: `[redacted]` for a credential
/// header or a value the client marked sensitive, and for `Authorization` the scheme and
/// `SignedHeaders` with the key id and signature replaced.
pub fn header_value(name: &str, value: &str, sensitive: bool) -> String {
    let name = name.to_ascii_lowercase();
    if name == "authorization" {
        return authorization(value);
    }
    if sensitive || SECRET_HEADERS.contains(&name.as_str()) {
        return REDACTED.to_owned();
    }
    value.to_owned()
}

/// Redacts an `Authorization` value such as
/// `SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=hex`.
///
/// A scheme whose parameters are not `name=value` pairs (`Bearer`, `Basic`) keeps only the
/// scheme.
fn authorization(value: &str) -> String {
    let Some((scheme, parameters)) = value.trim().split_once(' ') else {
        return REDACTED.to_owned();
    };
    let mut shown = Vec::new();
    for parameter in parameters.split(',') {
        let Some((name, _)) = parameter.trim().split_once('=') else {
            return format!("{scheme} {REDACTED}");
        };
        let name = name.trim();
        if SECRET_AUTHORIZATION_PARAMETERS
            .iter()
            .any(|secret| secret.eq_ignore_ascii_case(name))
        {
            shown.push(format!("{name}={REDACTED}"));
        } else {
            shown.push(parameter.trim().to_owned());
        }
    }
    format!("{scheme} {}", shown.join(", "))
}

/// Returns `body` with the string value of every secret key replaced, or `None` when the
/// body is not JSON or contains no such key.
pub fn json_body(body: &[u8]) -> Option<Vec<u8>> {
    let mut value: serde_json::Value = serde_json::from_slice(body).ok()?;
    if !redact_value(&mut value) {
        return None;
    }
    serde_json::to_vec(&value).ok()
}

fn redact_value(value: &mut serde_json::Value) -> bool {
    let mut changed = false;
    match value {
        serde_json::Value::Object(map) => {
            for (key, field) in map.iter_mut() {
                let secret = SECRET_KEYS
                    .iter()
                    .any(|secret| secret.eq_ignore_ascii_case(key));
                if secret && field.is_string() {
                    *field = serde_json::Value::String(REDACTED.to_owned());
                    changed = true;
                } else {
                    changed |= redact_value(field);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                changed |= redact_value(item);
            }
        }
        _ => {}
    }
    changed
}

/// Replaces every occurrence of each secret in `text`, as written and as escaped in a JSON
/// string.
pub fn scrub(text: &str, secrets: &[Secret]) -> String {
    let mut text = text.to_owned();
    for secret in secrets {
        let raw = secret.expose();
        if raw.is_empty() {
            continue;
        }
        text = text.replace(raw, REDACTED);
        if let Ok(quoted) = serde_json::to_string(raw) {
            let escaped = &quoted[1..quoted.len() - 1];
            if escaped != raw {
                text = text.replace(escaped, REDACTED);
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_header(name: &str, value: &str, expected: &str) {
        assert_eq!(
            header_value(name, value, false),
            expected,
            "{name}: {value}"
        );
    }

    #[test]
    fn header_value_each_credential_header() {
        check_header("X-Auth-Token", "MIIabc", "[redacted]");
        check_header("x-subject-token", "MIIabc", "[redacted]");
        check_header("X-Security-Token", "tmp", "[redacted]");
        check_header("Cookie", "a=b", "[redacted]");
        check_header("content-type", "application/json", "application/json");
        check_header("x-sdk-date", "20200101T000000Z", "20200101T000000Z");
    }

    #[test]
    fn header_value_sensitive_flag_redacts() {
        assert_eq!(header_value("x-custom", "v", true), "[redacted]");
    }

    #[test]
    fn authorization_keeps_scheme_and_signed_headers() {
        check_header(
            "Authorization",
            "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
            "SDK-HMAC-SHA256 Access=[redacted], SignedHeaders=content-type;host;x-sdk-date, Signature=[redacted]",
        );
        check_header("Authorization", "Bearer abc.def", "Bearer [redacted]");
        check_header("Authorization", "opaque", "[redacted]");
    }

    #[test]
    fn json_body_redacts_iam_password() {
        let body = br#"{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"u","password":"hunter2","domain":{"name":"d"}}}},"scope":{"project":{"name":"cn-north-4"}}}}"#;
        let redacted = String::from_utf8(json_body(body).unwrap()).unwrap();
        assert!(!redacted.contains("hunter2"), "{redacted}");
        assert!(
            redacted.contains(r#""password":"[redacted]""#),
            "{redacted}"
        );
        assert!(redacted.contains(r#""methods":["password"]"#), "{redacted}");
    }

    #[test]
    fn json_body_redacts_temporary_credentials() {
        let body = br#"{"credential":{"access":"AK1","secret":"SK1","securitytoken":"ST1","expires_at":"x"}}"#;
        let redacted = String::from_utf8(json_body(body).unwrap()).unwrap();
        for secret in ["AK1", "SK1", "ST1"] {
            assert!(!redacted.contains(secret), "{redacted}");
        }
        assert!(redacted.contains(r#""expires_at":"x""#));
    }

    #[test]
    fn json_body_without_secrets_is_unchanged() {
        assert_eq!(json_body(br#"{"name":"event-1","content":"e30="}"#), None);
        assert_eq!(json_body(b"not json"), None);
    }

    #[test]
    fn scrub_replaces_raw_and_escaped_secret() {
        let secrets = [Secret::from("to\"ken")];
        assert_eq!(
            scrub(r#"a to"ken b "to\"ken""#, &secrets),
            r#"a [redacted] b "[redacted]""#
        );
    }
}
