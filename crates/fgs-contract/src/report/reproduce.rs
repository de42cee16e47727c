//! The request of an exchange as a `curl` command that sends it again, with secrets replaced by
//! placeholders.

use crate::client::{Exchange, AUTH_TOKEN_HEADER};

/// The text the client records in place of a secret header value.
const REDACTED: &str = "[redacted]";

/// The shell variable that stands for the IAM token in a reproduced request.
pub const TOKEN_PLACEHOLDER: &str = "$FGS_TOKEN";

/// The header of the security token of a temporary access key.
const SECURITY_TOKEN_HEADER: &str = "x-security-token";

/// The shell variable that stands for a security token, the one `fgs-contract` reads.
const SECURITY_TOKEN_PLACEHOLDER: &str = "$HUAWEICLOUD_SDK_SECURITY_TOKEN";

/// Headers of an SDK-HMAC-SHA256 signature, which are valid for one request at one time and so
/// cannot be replayed; they are replaced by a comment.
const SIGNATURE_HEADERS: [&str; 2] = ["authorization", "x-sdk-date"];

/// Returns a shell command that sends the request of `exchange` again: method, the URL exactly
/// as sent, every header the client set, and the body.
///
/// The IAM token becomes `$FGS_TOKEN`, so that the command works once the variable is set and
/// never shows the token. A signed request loses its `Authorization` and `X-Sdk-Date` headers,
/// and a comment in front gives the `fgs-contract sign` command that computes them afresh. A
/// security token becomes `$HUAWEICLOUD_SDK_SECURITY_TOKEN`, and any other value recorded as
/// `[redacted]` a variable named after its header, such as `$FGS_X_API_KEY` for `x-api-key`.
///
/// `--globoff` and `--path-as-is` keep curl from reading `[`, `{` or `..` in the URL, and
/// `--include` prints the response head as the report shows it.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use fgs_contract::client::Exchange;
/// use fgs_contract::report::reproduce::curl_command;
///
/// let exchange = Exchange {
///     method: "GET".to_owned(),
///     url: "http://127.0.0.1:8080/v2/p/fgs/functions/test/events/e".to_owned(),
///     request_headers: vec![("x-auth-token".to_owned(), "[redacted]".to_owned())],
///     request_body: Vec::new(),
///     status: 404,
///     headers: Vec::new(),
///     body: Vec::new(),
///     elapsed: Duration::ZERO,
///     attempts: 1,
/// };
/// assert_eq!(
///     curl_command(&exchange),
///     "curl --silent --show-error --globoff --path-as-is --include --request GET \\\n  \
///      'http://127.0.0.1:8080/v2/p/fgs/functions/test/events/e' \\\n  \
///      --header \"x-auth-token: $FGS_TOKEN\"",
/// );
/// ```
pub fn curl_command(exchange: &Exchange) -> String {
    let mut lines = Vec::new();
    let signed = exchange
        .request_headers
        .iter()
        .any(|(name, _)| is_signature_header(name));
    if signed {
        lines.extend(sign_comment(exchange));
    }

    let mut arguments = vec![
        format!(
            "curl --silent --show-error --globoff --path-as-is --include --request {}",
            method_word(&exchange.method)
        ),
        shell_quote(exchange.url.as_bytes()),
    ];
    for (name, value) in &exchange.request_headers {
        if is_signature_header(name) {
            continue;
        }
        let header = if value == REDACTED {
            format!("--header \"{name}: {}\"", placeholder(name))
        } else {
            format!(
                "--header {}",
                shell_quote(format!("{name}: {value}").as_bytes())
            )
        };
        arguments.push(header);
    }
    if !exchange.request_body.is_empty() {
        arguments.push(format!(
            "--data-binary {}",
            shell_quote(&exchange.request_body)
        ));
    }
    lines.push(arguments.join(" \\\n  "));
    lines.join("\n")
}

/// Returns the comment lines for a signed request: an `fgs-contract sign` command with the same
/// method, URL, headers and body, whose last two lines of output are the headers to add. The access key comes from `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK`.
fn sign_comment(exchange: &Exchange) -> Vec<String> {
    let mut command = format!(
        "fgs-contract sign --method {} --url {}",
        method_word(&exchange.method),
        shell_quote(exchange.url.as_bytes())
    );
    for (name, value) in &exchange.request_headers {
        // `sign` derives Host from the URL and adds the security token from its own settings.
        let derived = ["host", SECURITY_TOKEN_HEADER]
            .iter()
            .any(|derived| name.eq_ignore_ascii_case(derived));
        if is_signature_header(name) || derived || value == REDACTED {
            continue;
        }
        command.push_str(&format!(
            " --header {}",
            shell_quote(format!("{name}: {value}").as_bytes())
        ));
    }
    if !exchange.request_body.is_empty() {
        command.push_str(" --body-file FILE");
    }

    let mut lines = vec![
        "# This request was signed with SDK-HMAC-SHA256, and a signature is valid once. Sign it"
            .to_owned(),
        "# afresh and add the X-Sdk-Date and Authorization headers that this prints last:"
            .to_owned(),
        format!("#   {command}"),
    ];
    if !exchange.request_body.is_empty() {
        lines.push("# where FILE holds the bytes of --data-binary below.".to_owned());
    }
    lines
}

fn is_signature_header(name: &str) -> bool {
    SIGNATURE_HEADERS
        .iter()
        .any(|signature| name.eq_ignore_ascii_case(signature))
}

/// Returns the shell variable that stands for the secret value of header `name`.
fn placeholder(name: &str) -> String {
    if name.eq_ignore_ascii_case(AUTH_TOKEN_HEADER) {
        return TOKEN_PLACEHOLDER.to_owned();
    }
    if name.eq_ignore_ascii_case(SECURITY_TOKEN_HEADER) {
        return SECURITY_TOKEN_PLACEHOLDER.to_owned();
    }
    let variable: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("$FGS_{variable}")
}

/// Returns a method as a shell word: bare when it is a plain token such as `GET`.
fn method_word(method: &str) -> String {
    if !method.is_empty() && method.bytes().all(|byte| byte.is_ascii_alphabetic()) {
        method.to_owned()
    } else {
        shell_quote(method.as_bytes())
    }
}

/// Quotes `bytes` as one shell word: in single quotes when they are printable UTF-8, otherwise
/// as a `$'...'` string with `\xHH` escapes, which bash, zsh and ksh read.
fn shell_quote(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.chars().any(char::is_control) => {
            format!("'{}'", text.replace('\'', r"'\''"))
        }
        _ => {
            let mut quoted = String::from("$'");
            for &byte in bytes {
                match byte {
                    b'\\' => quoted.push_str(r"\\"),
                    b'\'' => quoted.push_str(r"\'"),
                    0x20..=0x7e => quoted.push(char::from(byte)),
                    _ => quoted.push_str(&format!("\\x{byte:02x}")),
                }
            }
            quoted.push('\'');
            quoted
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn exchange(headers: &[(&str, &str)], body: &[u8]) -> Exchange {
        Exchange {
            method: "POST".to_owned(),
            url: "http://127.0.0.1:8080/v2/p/fgs/functions/urn:fss:r:p:function:default:f:!dev/events"
                .to_owned(),
            request_headers: headers
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect(),
            request_body: body.to_vec(),
            status: 201,
            headers: Vec::new(),
            body: Vec::new(),
            elapsed: Duration::ZERO,
            attempts: 1,
        }
    }

    #[test]
    fn curl_sends_body_and_headers() {
        let command = curl_command(&exchange(
            &[("content-type", "application/json")],
            br#"{"name":"e","content":"eyJrIjoidiJ9"}"#,
        ));
        assert_eq!(
            command,
            "curl --silent --show-error --globoff --path-as-is --include --request POST \\\n  \
             'http://127.0.0.1:8080/v2/p/fgs/functions/urn:fss:r:p:function:default:f:!dev/events' \\\n  \
             --header 'content-type: application/json' \\\n  \
             --data-binary '{\"name\":\"e\",\"content\":\"eyJrIjoidiJ9\"}'"
        );
    }

    #[test]
    fn curl_token_becomes_placeholder() {
        let command = curl_command(&exchange(&[("x-auth-token", "[redacted]")], b""));
        assert!(
            command.ends_with("--header \"x-auth-token: $FGS_TOKEN\""),
            "{command}"
        );
    }

    #[test]
    fn curl_signed_request_gets_comment() {
        let command = curl_command(&exchange(
            &[
                ("authorization", "[redacted]"),
                ("x-sdk-date", "20240101T000000Z"),
                ("x-security-token", "[redacted]"),
            ],
            b"",
        ));
        assert!(
            command.starts_with("# This request was signed"),
            "{command}"
        );
        assert!(
            command.contains(
                "\n#   fgs-contract sign --method POST --url 'http://127.0.0.1:8080/v2/p/fgs/functions/urn:fss:r:p:function:default:f:!dev/events'\n"
            ),
            "{command}"
        );
        assert!(!command.contains("authorization:"), "{command}");
        assert!(!command.contains("x-sdk-date:"), "{command}");
        assert!(
            command.contains("--header \"x-security-token: $HUAWEICLOUD_SDK_SECURITY_TOKEN\""),
            "{command}"
        );
    }

    #[test]
    fn shell_quote_cases() {
        let check = |input: &[u8], expected: &str| {
            assert_eq!(shell_quote(input), expected, "{input:?}");
        };
        check(b"plain", "'plain'");
        check(b"it's", r"'it'\''s'");
        check(b"$HOME `x`", "'$HOME `x`'");
        check(b"a\nb", r"$'a\x0ab'");
        check(b"\xff'\\", r"$'\xff\'\\'");
    }
}
