//! The emulator served from this test process behind a layer that logs every request and can
//! inject one fault, so that a test can see what the runner sent and what the store holds.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use fgs_emulator::{
    Emulator, EmulatorConfig, DEFAULT_EVENT_ID, DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID,
};
use tokio::sync::oneshot;

/// The token the hosted emulator accepts.
pub const TOKEN: &str = "hosted-emulator-token";

/// A fault the layer injects in front of the emulator.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// Every request reaches the emulator unchanged.
    None,
    /// Every DELETE gets 500 with `FSS.0500` and does not reach the emulator.
    DeleteFails,
    /// Every PUT gets 500 with `FSS.0500` and does not reach the emulator.
    UpdateFails,
    /// The `number`th POST (counting from 1) is held for `delay` before the emulator serves it.
    SlowPost { number: usize, delay: Duration },
    /// Every response body has `from` replaced by `to`, which must have the same length.
    ReplaceInBody {
        from: &'static str,
        to: &'static str,
    },
}

/// One request as the layer saw it.
#[derive(Clone, Debug)]
pub struct Logged {
    /// The request method.
    pub method: String,
    /// The request path, still percent-encoded.
    pub path: String,
    /// The response status, or `None` while the request is served.
    pub status: Option<u16>,
    /// The response body.
    pub body: Vec<u8>,
}

struct Layer {
    fault: Fault,
    log: Arc<Mutex<Vec<Logged>>>,
    posts: AtomicUsize,
}

/// An emulator with the default function and event, served on a loopback port by a runtime of
/// its own until dropped.
pub struct HostedEmulator {
    runtime: tokio::runtime::Runtime,
    base_url: String,
    log: Arc<Mutex<Vec<Logged>>>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl HostedEmulator {
    /// Starts the emulator behind a layer with `fault`.
    pub fn start(fault: Fault) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let layer = Arc::new(Layer {
            fault,
            log: Arc::clone(&log),
            posts: AtomicUsize::new(0),
        });
        let router = Emulator::router(EmulatorConfig::new(TOKEN))
            .layer(middleware::from_fn_with_state(layer, log_and_inject));
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let (shutdown, stopped) = oneshot::channel::<()>();
        runtime.spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
        HostedEmulator {
            runtime,
            base_url,
            log,
            shutdown: Some(shutdown),
        }
    }

    /// Returns the `check` arguments that aim at the default event, followed by `extra`.
    pub fn check_args(&self, extra: &[&str]) -> Vec<String> {
        let mut args: Vec<String> = [
            "check",
            "--endpoint",
            &self.base_url,
            "--project-id",
            DEFAULT_PROJECT_ID,
            "--function-urn",
            DEFAULT_FUNCTION_URN,
            "--event-id",
            DEFAULT_EVENT_ID,
            "--token",
            TOKEN,
        ]
        .map(str::to_owned)
        .to_vec();
        args.extend(extra.iter().map(|arg| arg.to_string()));
        args
    }

    /// Returns the base URL, such as `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Returns every request so far.
    pub fn log(&self) -> Vec<Logged> {
        self.log.lock().unwrap().clone()
    }

    /// Returns the `(id, name)` of every event of the default function, read from the
    /// emulator's store with a ListEvents request that bypasses the fault.
    pub fn events(&self) -> Vec<(String, String)> {
        let url = format!(
            "{}/v2/{DEFAULT_PROJECT_ID}/fgs/functions/{DEFAULT_FUNCTION_URN}/events",
            self.base_url
        );
        let body = self.runtime.block_on(async {
            reqwest::Client::new()
                .get(&url)
                .header("x-auth-token", TOKEN)
                .header("x-fault", "bypass")
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap()
        });
        let list: serde_json::Value = serde_json::from_slice(&body).unwrap();
        list["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|event| {
                (
                    event["id"].as_str().unwrap().to_owned(),
                    event["name"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    /// Returns the ids that 200 responses to POST requests returned: the events the runner
    /// created.
    pub fn created_ids(&self) -> Vec<String> {
        self.log()
            .iter()
            .filter(|logged| logged.method == "POST" && logged.status == Some(200))
            .map(|logged| {
                let body: serde_json::Value = serde_json::from_slice(&logged.body).unwrap();
                body["id"].as_str().unwrap().to_owned()
            })
            .collect()
    }
}

impl Drop for HostedEmulator {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

async fn log_and_inject(State(layer): State<Arc<Layer>>, request: Request, next: Next) -> Response {
    let bypass = request.headers().contains_key("x-fault");
    let method = request.method().to_string();
    let index = {
        let mut log = layer.log.lock().unwrap();
        if !bypass {
            log.push(Logged {
                method: method.clone(),
                path: request.uri().path().to_owned(),
                status: None,
                body: Vec::new(),
            });
        }
        log.len().wrapping_sub(1)
    };
    let posts = if method == "POST" && !bypass {
        layer.posts.fetch_add(1, Ordering::SeqCst) + 1
    } else {
        0
    };

    let fault = if bypass { Fault::None } else { layer.fault };
    let injected = match (fault, method.as_str()) {
        (Fault::DeleteFails, "DELETE") | (Fault::UpdateFails, "PUT") => Some(internal_error()),
        _ => None,
    };
    if let Fault::SlowPost { number, delay } = fault {
        if posts == number {
            tokio::time::sleep(delay).await;
        }
    }
    let response = match injected {
        Some(response) => response,
        None => next.run(request).await,
    };

    let (parts, body) = response.into_parts();
    let mut bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap()
        .to_vec();
    if let Fault::ReplaceInBody { from, to } = fault {
        assert_eq!(from.len(), to.len(), "a replacement keeps Content-Length");
        let text = String::from_utf8(bytes).unwrap();
        bytes = text.replace(from, to).into_bytes();
    }
    if !bypass {
        let mut log = layer.log.lock().unwrap();
        log[index].status = Some(parts.status.as_u16());
        log[index].body = bytes.clone();
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn internal_error() -> Response {
    let body = r#"{"error_code":"FSS.0500","error_msg":"Internal server error."}"#;
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    headers.insert("x-request-id", HeaderValue::from_static("fault-injected"));
    response
}
