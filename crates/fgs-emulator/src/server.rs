//! The router and the loopback server around it.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::{middleware, Router};
use fgs_model::secret::Secret;
use fgs_model::{PathError, RequestError, UrnError};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::auth::Authenticator;
use crate::config::EmulatorConfig;
use crate::fault::{self, Fault};
use crate::handler::{handle, AppState};
use crate::store::Store;

/// Errors of configuring or starting an emulator.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    /// The address to bind is not a loopback address.
    #[error("invalid bind address `{addr}`: expected a loopback address such as `127.0.0.1:0`")]
    NotLoopback { addr: SocketAddr },

    /// Binding the listening socket failed.
    #[error("failed to bind `{addr}`")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: io::Error,
    },

    /// Reading the address of the bound socket failed.
    #[error("failed to read the local address of the bound socket")]
    LocalAddr(#[source] io::Error),

    /// A configured access key cannot appear in an `Authorization` header.
    #[error(
        "invalid access key `{access_key}`: expected printable ASCII without spaces or commas"
    )]
    InvalidAccessKey { access_key: String },

    /// A configured secret key is empty.
    #[error("empty secret key for access key `{access_key}`")]
    EmptySecretKey { access_key: String },

    /// A configured security token cannot be sent as a header value.
    #[error("invalid security token for access key `{access_key}`: expected printable ASCII")]
    InvalidSecurityToken { access_key: String },

    /// A configured IAM user has an empty name, password or domain.
    #[error("invalid IAM user `{name}`: expected a non-empty name, password and domain")]
    InvalidUser { name: String },

    /// A configured function URN is invalid.
    #[error("invalid function in configuration")]
    InvalidFunctionUrn(#[source] UrnError),

    /// A configured project id or event id is invalid.
    #[error("invalid path parameter in configuration")]
    InvalidPath(#[source] PathError),

    /// A configured function URN names a project other than the configured project id.
    #[error("function URN `{function_urn}` names another project than `{project_id}`")]
    ProjectMismatch {
        project_id: String,
        function_urn: String,
    },

    /// A configured event has an invalid name or content.
    #[error("invalid event `{id}` in configuration")]
    InvalidEvent {
        id: String,
        #[source]
        source: RequestError,
    },

    /// More events are configured for one function than it may have.
    #[error("too many events for function `{function_urn}`: expected at most {max}")]
    TooManyEvents { function_urn: String, max: usize },

    /// Two configured events of one function share an id or a name.
    #[error("duplicate event for function `{function_urn}`: id `{id}` or name `{name}` is already configured")]
    DuplicateEvent {
        function_urn: String,
        id: String,
        name: String,
    },
}

/// The emulated FunctionGraph test-event API.
#[derive(Debug)]
pub struct Emulator;

impl Emulator {
    /// Builds the whole service as a router, for in-process use with `tower::ServiceExt::oneshot`
    /// or for serving on a listener of the caller's.
    pub fn router(config: EmulatorConfig) -> Router {
        Self::router_with_state(config).0
    }

    fn router_with_state(config: EmulatorConfig) -> (Router, Arc<AppState>) {
        let auth = Authenticator::new(&config);
        let faults = config.fault_set().clone();
        let mut store = Store::new(config.into_store_contents());
        if faults.contains(Fault::QuotaNotEnforced) {
            store = store.without_quota();
        }
        let rewrites_responses = faults.rewrites_responses();
        let state = Arc::new(AppState {
            auth,
            store,
            faults: faults.clone(),
        });
        let router = Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&state));
        // The fault layer exists only when a fault rewrites responses, so an emulator without
        // faults serves exactly what the handler builds.
        let router = if rewrites_responses {
            router.layer(middleware::from_fn_with_state(
                Arc::new(faults),
                fault::inject,
            ))
        } else {
            router
        };
        (router, state)
    }

    /// Serves the emulator on `addr`, which must be a loopback address. Port 0 picks a free
    /// ephemeral port; [`RunningEmulator::local_addr`] returns the one bound.
    ///
    /// # Errors
    ///
    /// Fails when `addr` is not a loopback address or the socket cannot be bound.
    pub async fn bind(
        addr: SocketAddr,
        config: EmulatorConfig,
    ) -> Result<RunningEmulator, EmulatorError> {
        if !addr.ip().is_loopback() {
            return Err(EmulatorError::NotLoopback { addr });
        }
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| EmulatorError::Bind { addr, source })?;
        let local_addr = listener.local_addr().map_err(EmulatorError::LocalAddr)?;

        let token = config.token.clone();
        let (router, state) = Emulator::router_with_state(config);
        let (shutdown, shutdown_signal) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let stopping = async {
                // A dropped sender stops the server as a sent signal does.
                let _ = shutdown_signal.await;
            };
            // NOTE: hyper rejects requests it cannot parse (bad method or version, invalid
            // bytes in the target, conflicting Content-Length, oversized head) with an empty
            // 400, 414 or 431 before the router runs, so those responses carry neither JSON nor
            // `X-Request-Id`. `axum::serve` also sets no timeout for reading a request head.
            let served = axum::serve(listener, router)
                .with_graceful_shutdown(stopping)
                .await;
            match served {
                Ok(()) => tracing::info!(%local_addr, "emulator stopped"),
                Err(error) => {
                    tracing::error!(%local_addr, %error, "emulator stopped with an error")
                }
            }
        });
        tracing::info!(%local_addr, "emulator listening");

        Ok(RunningEmulator {
            local_addr,
            token,
            state,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }
}

/// An emulator serving on a loopback socket. Dropping it starts a graceful shutdown without
/// waiting for it; [`RunningEmulator::shutdown`] waits until the server has stopped.
pub struct RunningEmulator {
    local_addr: SocketAddr,
    token: Secret,
    state: Arc<AppState>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for RunningEmulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningEmulator")
            .field("local_addr", &self.local_addr)
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

impl RunningEmulator {
    /// Returns the address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Returns the endpoint, such as `http://127.0.0.1:40123`, without a trailing `/`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.local_addr)
    }

    /// Returns the configured token the server accepts in `X-Auth-Token`.
    pub fn token(&self) -> &Secret {
        &self.token
    }

    /// Expires every token issued so far, as IAM does when the user's password changes. The
    /// event API then rejects them with `APIGW.0307`, and tokens issued later are valid.
    pub fn expire_issued_tokens(&self) {
        self.state.auth.expire_issued(std::time::SystemTime::now());
    }

    /// Stops accepting connections, lets requests in flight finish and waits until the server has
    /// stopped.
    pub async fn shutdown(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            // The server task may have ended already, so the signal may have no receiver.
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            if let Err(error) = task.await {
                tracing::error!(local_addr = %self.local_addr, %error, "emulator task failed");
            }
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            // The server task may have ended already, so the signal may have no receiver.
            let _ = shutdown.send(());
        }
    }
}
