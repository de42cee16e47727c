//! A loopback HTTP server that behaves as the FunctionGraph test-event API is documented.
//!
//! The emulator serves the five test-event operations under
//! `/v2/{project_id}/fgs/functions/{function_urn}/events[/{event_id}]` and responds the way the API
//! gateway and then the FunctionGraph service would: an unknown route or method gets the gateway's
//! `APIGW.0101`, a missing or wrong `X-Auth-Token` the gateway's `APIGW.0301`, and everything past
//! authentication the service's `{"error_code","error_msg"}` errors.
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

mod config;
mod error;
mod handler;
mod requests;
mod server;
mod store;

pub use config::{EmulatorConfig, SeedEvent};
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
