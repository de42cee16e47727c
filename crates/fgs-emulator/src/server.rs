//! The router and the loopback server around it.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use fgs_model::{PathError, RequestError, UrnError};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::EmulatorConfig;
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
        let token = config.token.clone();
        let store = Store::new(config.into_store_contents());
        let state = Arc::new(AppState { token, store });
        Router::new().fallback(handle).with_state(state)
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
        let router = Emulator::router(config);
        let (shutdown, shutdown_signal) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let stopping = async {
                // A dropped sender stops the server as a sent signal does.
                let _ = shutdown_signal.await;
            };
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
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }
}

/// An emulator serving on a loopback socket. Dropping it starts a graceful shutdown without
/// waiting for it; [`RunningEmulator::shutdown`] waits until the server has stopped.
pub struct RunningEmulator {
    local_addr: SocketAddr,
    token: String,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for RunningEmulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningEmulator")
            .field("local_addr", &self.local_addr)
            .field("token", &"<redacted>")
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

    /// Returns the token the server accepts in `X-Auth-Token`.
    pub fn token(&self) -> &str {
        &self.token
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
