//! The base URL of the server under test.

use std::fmt;

use url::Url;

/// An `http` or `https` base URL with no credentials, query or fragment, printed without a
/// trailing `/` so that a request path can be appended to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    text: String,
}

/// The error for a rejected base URL.
///
/// The message shows the URL with any user name and password replaced by `[redacted]` and
/// never shows a query string, because either may carry a secret.
#[derive(Debug, thiserror::Error)]
#[error("invalid endpoint `{shown}`: {kind}")]
pub struct EndpointError {
    shown: String,
    kind: EndpointErrorKind,
}

#[derive(Debug, thiserror::Error)]
enum EndpointErrorKind {
    #[error("expected an absolute URL such as `http://127.0.0.1:8080`, {0}")]
    Unparsable(url::ParseError),
    #[error("expected scheme `http` or `https`, found `{0}`")]
    Scheme(String),
    #[error("expected no user name or password in the URL, found one")]
    Credentials,
    #[error("expected no query string, found one")]
    Query,
    #[error("expected no fragment, found one")]
    Fragment,
}

impl EndpointError {
    /// Returns a hint that fixes the error, when one is known.
    pub fn hint(&self) -> Option<&'static str> {
        match self.kind {
            EndpointErrorKind::Unparsable(_) | EndpointErrorKind::Scheme(_) => {
                Some("pass the base URL of the API, for example `--endpoint http://127.0.0.1:8080`")
            }
            EndpointErrorKind::Credentials => {
                Some("pass the token with `--token` or `FGS_TOKEN` instead of in the URL")
            }
            EndpointErrorKind::Query | EndpointErrorKind::Fragment => {
                Some("pass only the base URL; the request path is appended to it")
            }
        }
    }
}

impl Endpoint {
    /// Parses and validates a base URL such as `https://functiongraph.cn-north-4.myhuaweicloud.com`.
    ///
    /// A path prefix is kept, so `http://127.0.0.1:8080/gateway/` sends requests to
    /// `/gateway/v2/...`.
    ///
    /// # Errors
    ///
    /// Returns an error when the text is not an absolute URL, when its scheme is not `http` or
    /// `https`, or when it carries a user name, a password, a query string or a fragment.
    pub fn parse(text: &str) -> Result<Self, EndpointError> {
        let url = Url::parse(text).map_err(|err| EndpointError {
            shown: redact_userinfo(text),
            kind: EndpointErrorKind::Unparsable(err),
        })?;
        let fail = |kind| EndpointError {
            shown: display_without_secrets(&url),
            kind,
        };

        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(fail(EndpointErrorKind::Scheme(url.scheme().to_owned())));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(fail(EndpointErrorKind::Credentials));
        }
        if url.query().is_some() {
            return Err(fail(EndpointErrorKind::Query));
        }
        if url.fragment().is_some() {
            return Err(fail(EndpointErrorKind::Fragment));
        }

        let text = url.as_str().trim_end_matches('/').to_owned();
        Ok(Endpoint { text })
    }

    /// Returns the URL without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Prints scheme, host, port and path, with credentials replaced and query and fragment left out.
fn display_without_secrets(url: &Url) -> String {
    let mut shown = url.clone();
    shown.set_query(None);
    shown.set_fragment(None);
    if url.username().is_empty() && url.password().is_none() {
        return shown.to_string();
    }
    // Both setters fail only for URLs that cannot carry credentials, and this one carries them.
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    let text = shown.to_string();
    match text.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://[redacted]@{rest}"),
        None => text,
    }
}

/// Replaces whatever sits between `://` and the last `@` of the authority with `[redacted]`.
fn redact_userinfo(text: &str) -> String {
    let Some(scheme_end) = text.find("://") else {
        return text.to_owned();
    };
    let authority_start = scheme_end + 3;
    let authority_end = text[authority_start..]
        .find(['/', '?', '#'])
        .map_or(text.len(), |i| authority_start + i);
    match text[authority_start..authority_end].rfind('@') {
        Some(at) => format!(
            "{}[redacted]{}",
            &text[..authority_start],
            &text[authority_start + at..]
        ),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Result<&str, &str>) {
        let found = Endpoint::parse(input)
            .map(|endpoint| endpoint.as_str().to_owned())
            .map_err(|err| err.to_string());
        let expected = expected.map(str::to_owned).map_err(str::to_owned);
        assert_eq!(found, expected, "input `{input}`");
    }

    #[test]
    fn endpoint_parse_cases() {
        check("http://127.0.0.1:8080", Ok("http://127.0.0.1:8080"));
        check("http://127.0.0.1:8080/", Ok("http://127.0.0.1:8080"));
        check("http://[::1]:9000", Ok("http://[::1]:9000"));
        check(
            "https://functiongraph.cn-north-4.myhuaweicloud.com",
            Ok("https://functiongraph.cn-north-4.myhuaweicloud.com"),
        );
        check(
            "http://127.0.0.1:8080/gateway/",
            Ok("http://127.0.0.1:8080/gateway"),
        );
        check(
            "ftp://127.0.0.1",
            Err("invalid endpoint `ftp://127.0.0.1/`: expected scheme `http` or `https`, found `ftp`"),
        );
        check(
            "http://user:pw@127.0.0.1",
            Err("invalid endpoint `http://[redacted]@127.0.0.1/`: expected no user name or password in the URL, found one"),
        );
        check(
            "http://127.0.0.1/?token=abc",
            Err("invalid endpoint `http://127.0.0.1/`: expected no query string, found one"),
        );
        check(
            "http://127.0.0.1/#top",
            Err("invalid endpoint `http://127.0.0.1/`: expected no fragment, found one"),
        );
        check(
            "127.0.0.1:8080",
            Err("invalid endpoint `127.0.0.1:8080`: expected an absolute URL such as `http://127.0.0.1:8080`, relative URL without a base"),
        );
    }

    #[test]
    fn endpoint_unparsable_hides_credentials() {
        let err = Endpoint::parse("http://user:p w@[::1")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("p w"), "{err}");
        assert!(
            err.starts_with("invalid endpoint `http://[redacted]@[::1`"),
            "{err}"
        );
    }
}
