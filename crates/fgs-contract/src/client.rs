//! The HTTP client: sends one request at a time and records the whole exchange.

use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, Url};

use fgs_model::secret::Secret;

/// The request header that carries an IAM token.
pub const AUTH_TOKEN_HEADER: &str = "x-auth-token";

/// The text recorded in place of a secret header value.
const REDACTED: &str = "[redacted]";

/// Connection and request time limits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timeouts {
    /// Time allowed to open the TCP connection, TLS handshake included.
    pub connect: Duration,
    /// Time allowed for a whole exchange, from connecting to the last body byte.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(30),
        }
    }
}

/// A request to send: method, the URL exactly as rendered, and whether to authenticate.
#[derive(Clone, Debug)]
pub struct Request {
    /// The HTTP method.
    pub method: Method,
    /// The absolute URL; it goes on the wire byte for byte.
    pub url: String,
    /// The token for `X-Auth-Token`, or `None` to send no token.
    pub token: Option<Secret>,
}

/// A request and the response it got, kept so that a failed check can show both.
///
/// Header values of the request that carry a secret are stored as `[redacted]`.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The HTTP method.
    pub method: String,
    /// The URL sent; it never contains a secret because tokens travel in headers.
    pub url: String,
    /// The request headers set by this client, in the order sent.
    pub request_headers: Vec<(String, String)>,
    /// The response status code.
    pub status: u16,
    /// The response headers in the order received, values decoded lossily as UTF-8.
    pub headers: Vec<(String, String)>,
    /// The response body as received, with no content decoding.
    pub body: Vec<u8>,
    /// Time from sending the request to reading the last body byte.
    pub elapsed: Duration,
}

impl Exchange {
    /// Returns the first value of a response header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// The failure of an exchange that did not complete.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The connection could not be opened: refused, DNS failure, TLS failure or connect timeout.
    #[error("cannot connect to `{url}`: {reason}")]
    Connect { url: String, reason: String },
    /// The exchange took longer than the request timeout.
    #[error("request to `{url}` timed out after {seconds} s")]
    TimedOut { url: String, seconds: f64 },
    /// The URL would not be sent as rendered.
    #[error("invalid request URL `{url}`: {reason}")]
    InvalidUrl { url: String, reason: String },
    /// Any other failure while sending the request or reading the response.
    #[error("request to `{url}` failed: {reason}")]
    Other { url: String, reason: String },
}

impl SendError {
    /// Returns whether the server could not be reached at all, as opposed to a failed exchange.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, SendError::Connect { .. } | SendError::TimedOut { .. })
    }
}

/// Errors building the client.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the HTTP client: {0}")]
pub struct ClientBuildError(reqwest::Error);

/// An HTTP client that follows no redirects and decodes no content encoding, so that
/// every response is seen as the server sent it.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    timeouts: Timeouts,
}

impl Client {
    /// Builds a client with the given time limits.
    ///
    /// # Errors
    ///
    /// Returns an error when the TLS backend cannot be initialised.
    pub fn new(timeouts: Timeouts) -> Result<Self, ClientBuildError> {
        let http = reqwest::Client::builder()
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.request)
            .redirect(reqwest::redirect::Policy::none())
            .no_gzip()
            .build()
            .map_err(ClientBuildError)?;
        Ok(Client { http, timeouts })
    }

    /// Sends `request` with `Content-Type: application/json` (documented as mandatory on
    /// every operation, GET included) and returns the exchange.
    ///
    /// # Errors
    ///
    /// Returns [`SendError::InvalidUrl`] when the URL would be re-encoded before sending,
    /// [`SendError::Connect`] or [`SendError::TimedOut`] when the server cannot be reached in
    /// time, and [`SendError::Other`] for any other failure.
    pub async fn send(&self, request: &Request) -> Result<Exchange, SendError> {
        let url = parse_verbatim(&request.url)?;

        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(
            USER_AGENT,
            HeaderValue::from_static(concat!("fgs-contract/", env!("CARGO_PKG_VERSION"))),
        );
        if let Some(token) = &request.token {
            let mut value =
                HeaderValue::from_str(token.expose()).map_err(|_| SendError::Other {
                    url: request.url.clone(),
                    reason: "the token is not a valid header value".to_owned(),
                })?;
            value.set_sensitive(true);
            headers.insert(HeaderName::from_static(AUTH_TOKEN_HEADER), value);
        }
        let request_headers = headers
            .iter()
            .map(|(name, value)| {
                let shown = if value.is_sensitive() {
                    REDACTED.to_owned()
                } else {
                    String::from_utf8_lossy(value.as_bytes()).into_owned()
                };
                (name.as_str().to_owned(), shown)
            })
            .collect();

        tracing::debug!(method = %request.method, url = %request.url, "sending request");
        let started = Instant::now();
        let response = self
            .http
            .request(request.method.clone(), url)
            .headers(headers)
            .send()
            .await
            .map_err(|err| self.classify(&request.url, err))?;
        let status = response.status().as_u16();
        let response_headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_owned(), value)
            })
            .collect();
        let body = response
            .bytes()
            .await
            .map_err(|err| self.classify(&request.url, err))?
            .to_vec();
        let elapsed = started.elapsed();
        tracing::debug!(
            status,
            elapsed_ms = elapsed.as_millis() as u64,
            "received response"
        );

        Ok(Exchange {
            method: request.method.as_str().to_owned(),
            url: request.url.clone(),
            request_headers,
            status,
            headers: response_headers,
            body,
            elapsed,
        })
    }

    fn classify(&self, url: &str, err: reqwest::Error) -> SendError {
        let url = url.to_owned();
        if err.is_connect() {
            SendError::Connect {
                url,
                reason: innermost_message(&err),
            }
        } else if err.is_timeout() {
            SendError::TimedOut {
                url,
                seconds: self.timeouts.request.as_secs_f64(),
            }
        } else {
            SendError::Other {
                url,
                reason: innermost_message(&err),
            }
        }
    }
}

/// Parses `text` as a URL and checks that printing it gives back the same bytes, so that
/// the request line carries the path exactly as the model rendered it.
fn parse_verbatim(text: &str) -> Result<Url, SendError> {
    let url = Url::parse(text).map_err(|err| SendError::InvalidUrl {
        url: text.to_owned(),
        reason: err.to_string(),
    })?;
    if url.as_str() != text {
        return Err(SendError::InvalidUrl {
            url: text.to_owned(),
            reason: format!("it would be sent as `{}`", url.as_str()),
        });
    }
    Ok(url)
}

/// Returns the message of the deepest error in the chain, which names the actual cause
/// (for example "Connection refused") where the outer ones repeat the URL.
fn innermost_message(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// Accepts one connection, returns the request head as text and responds `204`.
    async fn capture_request_head(listener: TcpListener) -> String {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut buffer = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let read = stream.read(&mut buffer).await.unwrap();
            assert_ne!(read, 0, "connection closed before the end of the head");
            head.extend_from_slice(&buffer[..read]);
        }
        stream
            .write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
            .await
            .unwrap();
        String::from_utf8(head).unwrap()
    }

    async fn send_and_capture(path: &str, token: Option<Secret>) -> (Exchange, String) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(capture_request_head(listener));
        let client = Client::new(Timeouts::default()).unwrap();
        let request = Request {
            method: Method::GET,
            url: format!("{base}{path}"),
            token,
        };
        let exchange = client.send(&request).await.unwrap();
        (exchange, server.await.unwrap())
    }

    #[tokio::test]
    async fn client_sends_percent_encoded_colons_verbatim() {
        let path =
            "/v2/p/fgs/functions/urn%3Afss%3Acn-north-4%3Ap%3Afunction%3Adefault%3Atest/events/e";
        let (_, head) = send_and_capture(path, None).await;
        assert!(
            head.starts_with(&format!("GET {path} HTTP/1.1\r\n")),
            "{head}"
        );
    }

    #[tokio::test]
    async fn client_sends_raw_colons_verbatim() {
        let path = "/v2/p/fgs/functions/urn:fss:cn-north-4:p:function:default:test:!dev/events/e";
        let (_, head) = send_and_capture(path, None).await;
        assert!(
            head.starts_with(&format!("GET {path} HTTP/1.1\r\n")),
            "{head}"
        );
    }

    #[tokio::test]
    async fn client_sends_token_and_content_type() {
        let (_, head) = send_and_capture("/x", Some(Secret::from("tok-123"))).await;
        let head = head.to_ascii_lowercase();
        assert!(head.contains("\r\nx-auth-token: tok-123\r\n"), "{head}");
        assert!(
            head.contains("\r\ncontent-type: application/json\r\n"),
            "{head}"
        );
    }

    #[tokio::test]
    async fn client_records_token_as_redacted() {
        let (exchange, _) = send_and_capture("/x", Some(Secret::from("tok-123"))).await;
        let token = exchange
            .request_headers
            .iter()
            .find(|(name, _)| name == AUTH_TOKEN_HEADER)
            .map(|(_, value)| value.as_str());
        assert_eq!(token, Some("[redacted]"));
        assert!(!format!("{exchange:?}").contains("tok-123"));
    }

    #[tokio::test]
    async fn client_records_status_and_headers() {
        let (exchange, _) = send_and_capture("/x", None).await;
        assert_eq!(exchange.status, 204);
        assert_eq!(exchange.header("Connection"), Some("close"));
        assert!(exchange.body.is_empty());
    }

    #[test]
    fn parse_verbatim_rejects_reencoded_url() {
        let err = parse_verbatim("http://127.0.0.1/a b").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request URL `http://127.0.0.1/a b`: it would be sent as `http://127.0.0.1/a%20b`"
        );
    }

    #[tokio::test]
    async fn client_closed_port_is_unreachable() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/x", listener.local_addr().unwrap());
        drop(listener);
        let client = Client::new(Timeouts::default()).unwrap();
        let request = Request {
            method: Method::GET,
            url,
            token: None,
        };
        let err = client.send(&request).await.unwrap_err();
        assert!(err.is_unreachable(), "{err}");
    }
}
