//! Loopback servers for transport tests: a scripted HTTP server that can respond, hang, drop
//! the connection or forward to an upstream, a TLS front with a CA made in the test, and a
//! proxy that serves `CONNECT` and absolute-form requests.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One HTTP/1.1 request as read from a socket.
#[derive(Clone, Debug)]
pub struct RawRequest {
    /// The head, request line and headers, up to and including the blank line.
    pub head: String,
    pub method: String,
    pub body: Vec<u8>,
}

impl RawRequest {
    /// Returns a header value, matched without case.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_in(&self.head, name)
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = self.head.as_bytes().to_vec();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

fn header_in<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then_some(value.trim())
    })
}

/// Reads a head up to the blank line; `None` when the stream ends first.
async fn read_head(stream: &mut (impl AsyncRead + Unpin)) -> Option<(String, Vec<u8>)> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = buffer.split_off(end + 4);
            return Some((String::from_utf8(buffer).unwrap(), rest));
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
}

/// Reads the body that `Content-Length` announces, after the `already` bytes read.
async fn read_body(
    stream: &mut (impl AsyncRead + Unpin),
    head: &str,
    mut already: Vec<u8>,
) -> Vec<u8> {
    let length: usize = header_in(head, "content-length")
        .map(|value| value.parse().unwrap())
        .unwrap_or(0);
    while already.len() < length {
        let mut chunk = vec![0u8; length - already.len()];
        let read = stream.read(&mut chunk).await.unwrap();
        assert_ne!(read, 0, "stream ended inside a body");
        already.extend_from_slice(&chunk[..read]);
    }
    already
}

/// Reads one request; `None` when the client closed the connection first.
pub async fn read_request(stream: &mut (impl AsyncRead + Unpin)) -> Option<RawRequest> {
    let (head, rest) = read_head(stream).await?;
    let body = read_body(stream, &head, rest).await;
    let method = head.split(' ').next().unwrap().to_owned();
    Some(RawRequest { head, method, body })
}

/// Reads one response with a `Content-Length` body, as the emulator sends it.
async fn read_response(stream: &mut (impl AsyncRead + Unpin)) -> Vec<u8> {
    let (head, rest) = read_head(stream).await.expect("upstream closed early");
    let body = read_body(stream, &head, rest).await;
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&body);
    bytes
}

/// Adds `connection: close` to a response head so that the client does not reuse the
/// connection this server is about to close.
fn with_connection_close(response: &[u8]) -> Vec<u8> {
    let end = response
        .windows(2)
        .position(|w| w == b"\r\n")
        .expect("a status line");
    let mut bytes = response[..end + 2].to_vec();
    bytes.extend_from_slice(b"connection: close\r\n");
    bytes.extend_from_slice(&response[end + 2..]);
    bytes
}

/// Builds a whole response with a `Content-Length` body.
pub fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// What the scripted server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Sends these bytes and closes the connection.
    Bytes(Vec<u8>),
    /// Closes the connection without a response.
    Close,
    /// Keeps the connection open and never responds.
    Hang,
    /// Sends the request upstream and passes the response back.
    Forward,
    /// Sends the request upstream, reads the response, and closes the connection without
    /// passing it back: the request took effect but its response is lost.
    ForwardThenClose,
}

/// A loopback HTTP server that handles each request as its script returns.
#[derive(Debug)]
pub struct ScriptedServer {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<RawRequest>>>,
    task: JoinHandle<()>,
}

type Script = dyn Fn(usize, &RawRequest) -> Reply + Send + Sync;

impl ScriptedServer {
    /// Starts the server; `script` gets the 0-based number of the request and the request.
    pub async fn start(
        upstream: Option<SocketAddr>,
        script: impl Fn(usize, &RawRequest) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let seen = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                let script = Arc::clone(&script);
                let seen = Arc::clone(&seen);
                tokio::spawn(serve_connection(stream, upstream, script, seen));
            }
        });
        ScriptedServer {
            addr,
            requests,
            task,
        }
    }

    /// Returns `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Returns every request received so far.
    pub fn requests(&self) -> Vec<RawRequest> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve_connection(
    mut stream: TcpStream,
    upstream: Option<SocketAddr>,
    script: Arc<Script>,
    seen: Arc<Mutex<Vec<RawRequest>>>,
) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let index = {
        let mut seen = seen.lock().unwrap();
        seen.push(request.clone());
        seen.len() - 1
    };
    let reply = script(index, &request);
    match &reply {
        Reply::Bytes(bytes) => {
            let _ = stream.write_all(&with_connection_close(bytes)).await;
        }
        Reply::Close => {}
        Reply::Hang => {
            // Holds the connection until the client gives up.
            let mut sink = [0u8; 64];
            while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
        }
        Reply::Forward | Reply::ForwardThenClose => {
            let upstream = upstream.expect("forwarding needs an upstream");
            let mut connection = TcpStream::connect(upstream).await.unwrap();
            connection.write_all(&request.to_bytes()).await.unwrap();
            let answer = read_response(&mut connection).await;
            if matches!(reply, Reply::Forward) {
                let _ = stream.write_all(&with_connection_close(&answer)).await;
            }
        }
    }
    let _ = stream.shutdown().await;
}

/// A CA and a server certificate for `127.0.0.1` that it signed, made fresh for a test.
pub struct TestPki {
    pub ca_pem: String,
    server_chain: Vec<rustls_pki_types::CertificateDer<'static>>,
    server_key: rustls_pki_types::PrivateKeyDer<'static>,
}

impl TestPki {
    pub fn generate() -> Self {
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "fgs-contract test CA");
        ca_params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::CrlSign,
        ];
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).unwrap();

        let server_params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()]).unwrap();
        let server_key = rcgen::KeyPair::generate().unwrap();
        let server_cert = server_params.signed_by(&server_key, &ca).unwrap();

        TestPki {
            ca_pem: ca.pem(),
            server_chain: vec![server_cert.der().clone()],
            server_key: rustls_pki_types::PrivateKeyDer::Pkcs8(server_key.serialize_der().into()),
        }
    }

    fn acceptor(&self) -> tokio_rustls::TlsAcceptor {
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(self.server_chain.clone(), self.server_key.clone_key())
            .unwrap();
        tokio_rustls::TlsAcceptor::from(Arc::new(config))
    }
}

/// A TLS front on loopback: it completes the handshake with the test certificate and pipes
/// the plain bytes to `upstream`.
#[derive(Debug)]
pub struct TlsFront {
    pub addr: SocketAddr,
    task: JoinHandle<()>,
}

impl TlsFront {
    pub async fn start(pki: &TestPki, upstream: SocketAddr) -> Self {
        let acceptor = pki.acceptor();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    // A client that rejects the certificate ends the handshake; that is
                    // what some tests expect.
                    let Ok(mut tls) = acceptor.accept(stream).await else {
                        return;
                    };
                    let mut plain = TcpStream::connect(upstream).await.unwrap();
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                });
            }
        });
        TlsFront { addr, task }
    }

    /// Returns `https://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("https://{}", self.addr)
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A loopback HTTP proxy: `CONNECT host:port` opens a tunnel, and an absolute-form request
/// is forwarded in origin form. Every request line it receives is kept.
#[derive(Debug)]
pub struct Proxy {
    pub addr: SocketAddr,
    lines: Arc<Mutex<Vec<String>>>,
    task: JoinHandle<()>,
}

impl Proxy {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&lines);
        let task = tokio::spawn(async move {
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                tokio::spawn(proxy_connection(stream, Arc::clone(&seen)));
            }
        });
        Proxy { addr, lines, task }
    }

    /// Returns `http://127.0.0.1:PORT`, the form `HTTPS_PROXY` takes.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Returns the request lines received, such as `CONNECT 127.0.0.1:4000 HTTP/1.1`.
    pub fn request_lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn proxy_connection(mut client: TcpStream, seen: Arc<Mutex<Vec<String>>>) {
    let Some((head, rest)) = read_head(&mut client).await else {
        return;
    };
    let line = head.lines().next().unwrap().to_owned();
    seen.lock().unwrap().push(line.clone());
    let mut parts = line.split(' ');
    let method = parts.next().unwrap();
    let target = parts.next().unwrap();

    if method == "CONNECT" {
        let upstream: SocketAddr = target.parse().unwrap();
        assert!(upstream.ip().is_loopback(), "{upstream}");
        let mut server = TcpStream::connect(upstream).await.unwrap();
        client
            .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            .await
            .unwrap();
        pipe(&mut client, &mut server, &rest).await;
        return;
    }

    let without_scheme = target
        .strip_prefix("http://")
        .expect("absolute-form target");
    let (authority, path) = without_scheme.split_at(without_scheme.find('/').unwrap());
    let upstream: SocketAddr = authority.parse().unwrap();
    assert!(upstream.ip().is_loopback(), "{upstream}");
    let mut server = TcpStream::connect(upstream).await.unwrap();
    let rewritten = head.replacen(target, path, 1);
    server.write_all(rewritten.as_bytes()).await.unwrap();
    pipe(&mut client, &mut server, &rest).await;
}

async fn pipe(
    client: &mut (impl AsyncRead + AsyncWrite + Unpin),
    server: &mut (impl AsyncRead + AsyncWrite + Unpin),
    already: &[u8],
) {
    server.write_all(already).await.unwrap();
    let _ = tokio::io::copy_bidirectional(client, server).await;
}
