//! `fgs-contract sign`: sign one request with SDK-HMAC-SHA256 and print the canonical request,
//! the string to sign and the headers to send, the `Authorization` header last.

use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use fgs_model::secret::Secret;
use fgs_model::sign::{
    self, Credentials, HeaderSelection, HttpRequest, SdkDate, HEADER_AUTHORIZATION,
    HEADER_SDK_DATE, HEADER_SECURITY_TOKEN,
};
use url::Url;

use crate::cli::SignArgs;
use crate::credentials;
use crate::error::{Error, ExitStatus};

/// Signs the request described by `args` and prints each step on standard output. The secret
/// key never appears; the security token of a temporary key is shown as `[redacted]` in the
/// canonical request.
///
/// # Errors
///
/// Returns an error when the access key pair is missing, the URL or a header is malformed,
/// the body file cannot be read, or the request cannot be signed.
pub fn sign(args: SignArgs) -> Result<ExitStatus, Error> {
    let keys = credentials::fill_access_key_args(args.keys, args.config.as_deref())?;
    let (Some(access_key), Some(secret_key)) = (keys.ak, keys.sk) else {
        return Err(Error::Sign(
            "missing access key pair: pass `--ak` and `--sk`, set HUAWEICLOUD_SDK_AK and \
             HUAWEICLOUD_SDK_SK, or set `ak` and `sk` in the settings file"
                .to_owned(),
        ));
    };

    let (authority, target) = split_url(&args.url)?;
    let mut headers = args
        .headers
        .iter()
        .map(|header| parse_header(header))
        .collect::<Result<Vec<_>, _>>()?;
    check_header_names(&headers)?;
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("host"))
    {
        headers.push(("Host", authority));
    }
    let body = match &args.body_file {
        Some(path) => std::fs::read(path).map_err(|error| Error::Input {
            path: path.clone(),
            error,
        })?,
        None => Vec::new(),
    };
    let date = match args.date {
        Some(date) => date,
        None => now()?,
    };

    let request = HttpRequest {
        method: &args.method,
        target,
        headers: &headers,
        body: &body,
    };
    let signing = Credentials {
        access_key: &access_key,
        secret_key: &secret_key,
        security_token: keys.security_token.as_ref(),
    };
    let signed = sign::sign(
        &request,
        &signing,
        date,
        HeaderSelection::AllWithoutUnderscore,
    )
    .map_err(|error| Error::Sign(error.to_string()))?;

    let canonical_request =
        redact_security_token(signed.canonical_request(), keys.security_token.as_ref());
    let mut stdout = io::stdout().lock();
    write!(
        stdout,
        "Canonical request:\n{canonical_request}\n\nString to sign:\n{}\n\n{HEADER_SDK_DATE}: {date}\n",
        signed.string_to_sign(),
    )
    .map_err(Error::Stdout)?;
    if keys.security_token.is_some() {
        writeln!(stdout, "{HEADER_SECURITY_TOKEN}: [redacted]").map_err(Error::Stdout)?;
    }
    writeln!(
        stdout,
        "{HEADER_AUTHORIZATION}: {}",
        signed.authorization_header_value()
    )
    .map_err(Error::Stdout)?;
    stdout.flush().map_err(Error::Stdout)?;
    Ok(ExitStatus::Success)
}

/// Splits an absolute `http` or `https` URL into its authority and its request target, both
/// exactly as written. The target is `/` when the URL has no path; a fragment is dropped.
fn split_url(text: &str) -> Result<(&str, &str), Error> {
    let rest = text.split_once("://").map_or(text, |(_scheme, rest)| rest);
    let rest = rest
        .split_once('#')
        .map_or(rest, |(before, _fragment)| before);
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, target) = rest.split_at(end);
    let has_userinfo = authority.contains('@');

    // A user name or password in the URL is a secret, so errors show it as `[redacted]`.
    let shown = match authority.rsplit_once('@') {
        Some((userinfo, _host)) => text.replacen(userinfo, "[redacted]", 1),
        None => text.to_owned(),
    };
    let invalid = |expected: &str| Error::Sign(format!("invalid `--url` `{shown}`: {expected}"));
    let url =
        Url::parse(text).map_err(|error| invalid(&format!("expected an absolute URL, {error}")))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(invalid(&format!(
            "expected scheme `http` or `https`, found `{}`",
            url.scheme()
        )));
    }
    if has_userinfo {
        return Err(invalid(
            "expected no user name or password in the URL, found one",
        ));
    }
    if target.starts_with('?') {
        return Err(invalid("expected a path before the query, such as `/?a=1`"));
    }
    let target = if target.is_empty() { "/" } else { target };
    Ok((authority, target))
}

/// Parses `Name: value`, trimming the spaces around the value. The name must be an HTTP token
/// and the value free of control characters other than tab, as HTTP requires.
fn parse_header(text: &str) -> Result<(&str, &str), Error> {
    match text.split_once(':') {
        Some((name, value))
            if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_ok()
                && reqwest::header::HeaderValue::from_str(value.trim()).is_ok() =>
        {
            Ok((name, value.trim()))
        }
        _ => Err(Error::Sign(format!(
            "invalid `--header` value `{}`: expected `Name: value` with a header name of letters, \
             digits and `!#$%&'*+-.^_|~`, and a value of visible ASCII characters, spaces or tabs",
            text.escape_debug()
        ))),
    }
}

/// Rejects headers the command sets itself (`X-Sdk-Date`) and a second `Host`, which no server
/// would receive as the signature assumes.
fn check_header_names(headers: &[(&str, &str)]) -> Result<(), Error> {
    if headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("x-sdk-date"))
    {
        return Err(Error::Sign(
            "invalid `--header`: `X-Sdk-Date` is set from `--date`; pass the time there".to_owned(),
        ));
    }
    let hosts = headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("host"))
        .count();
    if hosts > 1 {
        return Err(Error::Sign(format!(
            "invalid `--header`: expected at most one `Host`, found {hosts}"
        )));
    }
    Ok(())
}

/// Returns the current time as an `X-Sdk-Date`.
fn now() -> Result<SdkDate, Error> {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| Error::Sign("the system clock is before 1970".to_owned()))?
        .as_secs();
    SdkDate::from_unix_seconds(seconds).map_err(|error| Error::Sign(error.to_string()))
}

/// Replaces the value on the `x-security-token:` line of a canonical request.
fn redact_security_token(canonical_request: &str, token: Option<&Secret>) -> String {
    let Some(token) = token else {
        return canonical_request.to_owned();
    };
    let line = format!("\nx-security-token:{}\n", token.expose().trim());
    canonical_request.replace(&line, "\nx-security-token:[redacted]\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_split(url: &str, authority: &str, target: &str) {
        let (found_authority, found_target) = split_url(url).unwrap();
        assert_eq!(
            (found_authority, found_target),
            (authority, target),
            "{url}"
        );
    }

    #[test]
    fn split_url_keeps_text_as_written() {
        check_split("http://127.0.0.1:8080", "127.0.0.1:8080", "/");
        check_split(
            "https://example.com/a%3Ab:c?x=1&y",
            "example.com",
            "/a%3Ab:c?x=1&y",
        );
        check_split("https://example.com:443/p#frag", "example.com:443", "/p");
        check_split("http://[::1]:9/v2/", "[::1]:9", "/v2/");
    }

    #[test]
    fn split_url_rejects_bad_urls() {
        let check = |url: &str, expected: &str| {
            let message = split_url(url).unwrap_err().to_string();
            assert_eq!(message, expected, "{url}");
        };

        check(
            "ftp://example.com/",
            "invalid `--url` `ftp://example.com/`: expected scheme `http` or `https`, found `ftp`",
        );
        check(
            "http://user:pw@example.com/",
            "invalid `--url` `http://[redacted]@example.com/`: expected no user name or password in the URL, found one",
        );
        check(
            "http://example.com?a=1",
            "invalid `--url` `http://example.com?a=1`: expected a path before the query, such as `/?a=1`",
        );
    }

    #[test]
    fn parse_header_splits_at_first_colon() {
        assert_eq!(parse_header("Host: a:1").unwrap(), ("Host", "a:1"));
        assert_eq!(parse_header("X-A:b").unwrap(), ("X-A", "b"));
        assert!(parse_header("no colon").is_err());
        assert!(parse_header(": value").is_err());
        assert!(parse_header("X-A: a\u{1}b").is_err());
        assert!(parse_header("X A: b").is_err());
    }

    #[test]
    fn header_names_reject_sdk_date_and_second_host() {
        assert!(check_header_names(&[("Host", "a"), ("X-A", "b")]).is_ok());
        assert!(check_header_names(&[("x-sdk-date", "junk")]).is_err());
        assert!(check_header_names(&[("Host", "a"), ("host", "b")]).is_err());
    }

    #[test]
    fn security_token_redacted_in_canonical_request() {
        let token = Secret::from("st-1");
        let canonical = "GET\n/\n\nhost:a\nx-security-token:st-1\n\nhost;x-security-token\nabc";

        let shown = redact_security_token(canonical, Some(&token));

        assert_eq!(
            shown,
            "GET\n/\n\nhost:a\nx-security-token:[redacted]\n\nhost;x-security-token\nabc"
        );
    }
}
