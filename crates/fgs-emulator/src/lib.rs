//! A loopback HTTP server that behaves as the FunctionGraph test-event API is documented.
//!
//! The emulator serves the five test-event operations under
//! `/v2/{project_id}/fgs/functions/{function_urn}/events[/{event_id}]` and responds the way the API
//! gateway and then the FunctionGraph service would. An unknown route or method gets the
//! gateway's `APIGW.0101`. A missing or wrong `X-Auth-Token` or SDK-HMAC-SHA256 signature gets
//! the gateway's `APIGW.0301`, and an expired issued token `APIGW.0307`. Everything past
//! authentication gets the service's `{"error_code","error_msg"}` errors. The emulator also
//! serves the IAM token API `POST /v3/auth/tokens` for password credentials.
//!
//! # Examples
//!
//! ```no_run
//! use fgs_emulator::{Emulator, EmulatorConfig};
//!
//! # async fn run() -> Result<(), fgs_emulator::EmulatorError> {
//! let config = EmulatorConfig::with_generated_token();
//! let emulator = Emulator::bind("127.0.0.1:0".parse().expect("valid address"), config).await?;
//! println!("listening on {}", emulator.base_url());
//! emulator.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod auth;
mod config;
mod credentials;
mod error;
mod fault;
mod handler;
mod iam;
mod requests;
mod server;
mod store;

use std::time::Duration;

pub use config::{EmulatorConfig, SeedEvent};
pub use credentials::{AccessKey, IamUser};
pub use fault::{round_as_f32, Fault, UnknownFault, SLOW_RESPONSE_DELAY, TOKEN_FIELD};
pub use server::{Emulator, EmulatorError, RunningEmulator};

/// Project id of the seeded function, the one in the documentation's examples.
pub const DEFAULT_PROJECT_ID: &str = "7aad83af3e8d42e99ac194e8419e2c9b";

/// URN of the seeded function (7-field form, so it addresses the `latest` version).
pub const DEFAULT_FUNCTION_URN: &str =
    "urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test";

/// Id of the seeded test event, the one in the documentation's examples.
pub const DEFAULT_EVENT_ID: &str = "3b659dc0-12fc-40dc-aa05-a321d9424cb3";

/// Name of the seeded test event.
pub const DEFAULT_EVENT_NAME: &str = "event-k9r3";

/// `last_modified` of the seeded test event, in Unix seconds.
pub const DEFAULT_LAST_MODIFIED: u64 = 1597374286;

/// Content of the seeded test event: the standard padded base64 encoding of a small API
/// gateway-style trigger event, indented with four spaces so that it begins with the same
/// characters as the documentation's masked example (`ewogICAgImJvZHkiOiAiIiwKICAgICJyZXF1ZXN0Q29udGV4d`).
pub const DEFAULT_EVENT_CONTENT: &str = "ewogICAgImJvZHkiOiAiIiwKICAgICJyZXF1ZXN0Q29udGV4dCI6IHsKICAgICAgICAiYXBpSWQiOiAiYmMxZGNmZmQtYWEzNS00NzRkLTg5N2MtZDUzNDI1YTRjMDhlIiwKICAgICAgICAicmVxdWVzdElkIjogIjExY2RjZGNmMzM5NDlkYzZkNzIyNjQwYTEzMDkxYzc3IiwKICAgICAgICAic3RhZ2UiOiAiUkVMRUFTRSIKICAgIH0sCiAgICAicXVlcnlTdHJpbmdQYXJhbWV0ZXJzIjogewogICAgICAgICJyZXNwb25zZVR5cGUiOiAiaHRtbCIKICAgIH0sCiAgICAiaHR0cE1ldGhvZCI6ICJHRVQiLAogICAgInBhdGhQYXJhbWV0ZXJzIjoge30sCiAgICAiaGVhZGVycyI6IHsKICAgICAgICAiYWNjZXB0IjogImFwcGxpY2F0aW9uL2pzb24iLAogICAgICAgICJ4LWZvcndhcmRlZC1wb3J0IjogIjQ0MyIKICAgIH0sCiAgICAicGF0aCI6ICIvYXBpZy1ldmVudC10ZW1wbGF0ZSIsCiAgICAiaXNCYXNlNjRFbmNvZGVkIjogZmFsc2UKfQ==";

/// Largest request body the emulator reads, in bytes. A create or update body contains at most a
/// 25-character name and 16384 characters of content, so 64 KiB leaves room for whitespace and
/// fields the emulator ignores.
pub const MAX_REQUEST_BODY_BYTES: usize = 64 * 1024;

/// Access key (AK) that a new configuration accepts in SDK-HMAC-SHA256 signatures, with
/// [`DEFAULT_SECRET_KEY`].
pub const DEFAULT_ACCESS_KEY: &str = "fgs-emulator-access-key";

/// Secret key (SK) of [`DEFAULT_ACCESS_KEY`]. It is public, so an emulator reachable by
/// others should be configured with keys of its own.
pub const DEFAULT_SECRET_KEY: &str = "fgs-emulator-secret-key-0f5e8c3a";

/// Name of the IAM user that a new configuration lets request tokens.
pub const DEFAULT_USER_NAME: &str = "fgs-emulator-user";

/// Password of [`DEFAULT_USER_NAME`].
pub const DEFAULT_USER_PASSWORD: &str = "fgs-emulator-password";

/// Account (domain) name of [`DEFAULT_USER_NAME`].
pub const DEFAULT_DOMAIN_NAME: &str = "fgs-emulator-domain";

/// How long an issued token is accepted unless configured otherwise: 24 hours, as IAM
/// documents for its tokens.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// Maximum token lifetime a configuration accepts: 10 years.
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(10 * 365 * 24 * 60 * 60);
