//! When a request is sent again, and how long the client waits first.
//!
//! Connection errors, throttling (429, or the API gateway's `APIGW.0308` under any status) and
//! the gateway statuses 502, 503 and 504 are retried. A request that is not idempotent (POST)
//! is sent again only when the server cannot have acted on it: the connection was never
//! opened, or the gateway throttled it. Any other failure of a POST leaves its outcome unknown,
//! and the caller must find out what happened before sending it again.

use std::time::{Duration, SystemTime};

use rand::Rng;

/// The error code the API gateway sends when it throttles a request.
pub const THROTTLED_ERROR_CODE: &str = "APIGW.0308";

/// Waits between attempts: exponential backoff with full jitter, and `Retry-After` when the
/// server sends one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// The upper bound of the first wait; each retry doubles it.
    pub base: Duration,
    /// The largest upper bound a doubled wait reaches.
    pub max: Duration,
    /// The longest `Retry-After` honoured; a longer one is cut to this.
    pub max_retry_after: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_millis(250),
            max: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl Backoff {
    /// A backoff that never waits, for replaying a recording.
    pub const NONE: Backoff = Backoff {
        base: Duration::ZERO,
        max: Duration::ZERO,
        max_retry_after: Duration::ZERO,
    };

    /// Returns the wait before retry number `retry` (0 for the first retry): the server's
    /// `Retry-After` when given, capped, or else a random time between zero and
    /// `min(max, base * 2^retry)`.
    pub fn wait(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            return after.min(self.max_retry_after);
        }
        let ceiling = self
            .base
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.max);
        if ceiling.is_zero() {
            return Duration::ZERO;
        }
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(rand::rng().random_range(0..=millis))
    }
}

/// The end of one attempt, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptKind {
    /// No connection was opened, so the request never reached the server.
    ConnectFailed,
    /// The request was sent but no whole response came back: the connection broke or the
    /// time ran out.
    Lost,
    /// A response came back with this status. `throttled` is true when its body carries the
    /// gateway's throttling code.
    Response { status: u16, throttled: bool },
    /// A failure that another attempt cannot fix, such as an oversized body.
    Final,
}

/// The decision after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Keep the result.
    Done,
    /// Send the request again; the server cannot have acted on it, or the method is
    /// idempotent.
    Retry,
    /// The request is not idempotent and may or may not have taken effect; find out before
    /// sending it again.
    Unknown,
}

/// Decides what to do after an attempt of a request that is `idempotent` or not.
pub fn judge(kind: AttemptKind, idempotent: bool) -> Verdict {
    match kind {
        AttemptKind::ConnectFailed => Verdict::Retry,
        AttemptKind::Lost if idempotent => Verdict::Retry,
        AttemptKind::Lost => Verdict::Unknown,
        AttemptKind::Response {
            throttled: true, ..
        }
        | AttemptKind::Response { status: 429, .. } => Verdict::Retry,
        AttemptKind::Response {
            status: 502..=504, ..
        } if idempotent => Verdict::Retry,
        AttemptKind::Response {
            status: 502..=504, ..
        } => Verdict::Unknown,
        AttemptKind::Response { .. } | AttemptKind::Final => Verdict::Done,
    }
}

/// Returns whether an HTTP method is idempotent, so that repeating it is harmless.
pub fn is_idempotent(method: &reqwest::Method) -> bool {
    method.is_idempotent()
}

/// Returns whether a JSON error body carries the gateway's throttling code.
///
/// Only bodies of an error status are read, and only their top-level `error_code`.
pub fn is_throttled_body(status: u16, body: &[u8]) -> bool {
    if status < 400 {
        return false;
    }
    #[derive(serde::Deserialize)]
    struct ErrorCode<'a> {
        #[serde(borrow)]
        error_code: Option<std::borrow::Cow<'a, str>>,
    }
    serde_json::from_slice::<ErrorCode<'_>>(body)
        .ok()
        .and_then(|body| body.error_code)
        .is_some_and(|code| code == THROTTLED_ERROR_CODE)
}

/// Reads a `Retry-After` value: a number of seconds, or an HTTP date measured from `now`.
///
/// Returns `None` for a value that is neither, and zero for a date in the past.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        // A value too large for u64 is far beyond any cap.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(kind: AttemptKind, idempotent: bool, expected: Verdict) {
        assert_eq!(judge(kind, idempotent), expected, "{kind:?} {idempotent}");
    }

    fn response(status: u16) -> AttemptKind {
        AttemptKind::Response {
            status,
            throttled: false,
        }
    }

    #[test]
    fn judge_idempotent_request() {
        check(AttemptKind::ConnectFailed, true, Verdict::Retry);
        check(AttemptKind::Lost, true, Verdict::Retry);
        check(response(200), true, Verdict::Done);
        check(response(404), true, Verdict::Done);
        check(response(429), true, Verdict::Retry);
        check(response(500), true, Verdict::Done);
        check(response(501), true, Verdict::Done);
        check(response(502), true, Verdict::Retry);
        check(response(503), true, Verdict::Retry);
        check(response(504), true, Verdict::Retry);
        check(AttemptKind::Final, true, Verdict::Done);
    }

    #[test]
    fn judge_post_retries_only_unprocessed() {
        check(AttemptKind::ConnectFailed, false, Verdict::Retry);
        check(AttemptKind::Lost, false, Verdict::Unknown);
        check(response(200), false, Verdict::Done);
        check(response(429), false, Verdict::Retry);
        check(response(502), false, Verdict::Unknown);
        check(response(503), false, Verdict::Unknown);
        check(response(504), false, Verdict::Unknown);
    }

    #[test]
    fn judge_gateway_throttling_under_any_status() {
        let throttled = AttemptKind::Response {
            status: 403,
            throttled: true,
        };
        check(throttled, true, Verdict::Retry);
        check(throttled, false, Verdict::Retry);
    }

    #[test]
    fn throttled_body_reads_error_code() {
        let body = br#"{"error_msg":"The throttling threshold has been reached.","error_code":"APIGW.0308","request_id":"r"}"#;
        assert!(is_throttled_body(429, body));
        assert!(!is_throttled_body(200, body));
        assert!(!is_throttled_body(
            404,
            br#"{"error_code":"FSS.1070","error_msg":"x"}"#
        ));
        assert!(!is_throttled_body(429, b"not json"));
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        let cases = [
            ("120", Some(Duration::from_secs(120))),
            (" 0 ", Some(Duration::ZERO)),
            (
                "Wed, 21 Oct 2015 07:28:05 GMT",
                Some(Duration::from_secs(5)),
            ),
            (
                "Wednesday, 21-Oct-15 07:28:10 GMT",
                Some(Duration::from_secs(10)),
            ),
            ("Wed, 21 Oct 2015 07:27:00 GMT", Some(Duration::ZERO)),
            ("-1", None),
            ("1.5", None),
            ("soon", None),
            ("", None),
        ];
        for (value, expected) in cases {
            assert_eq!(parse_retry_after(value, now), expected, "{value:?}");
        }
    }

    #[test]
    fn backoff_honours_capped_retry_after() {
        let backoff = Backoff::default();
        assert_eq!(
            backoff.wait(0, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            backoff.wait(0, Some(Duration::from_secs(3600))),
            Duration::from_secs(30)
        );
    }

    #[test]
    fn backoff_jitter_stays_under_ceiling() {
        let backoff = Backoff::default();
        for retry in 0..8 {
            let ceiling = (backoff.base * 2u32.pow(retry)).min(backoff.max);
            for _ in 0..50 {
                assert!(backoff.wait(retry, None) <= ceiling, "retry {retry}");
            }
        }
    }

    #[test]
    fn backoff_none_never_waits() {
        assert_eq!(Backoff::NONE.wait(5, None), Duration::ZERO);
        assert_eq!(
            Backoff::NONE.wait(0, Some(Duration::from_secs(9))),
            Duration::ZERO
        );
    }
}
