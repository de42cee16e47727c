//! Requests to the emulator: method, target, token, headers and body.

use arbitrary::Arbitrary;
use axum::http::Method;
use fgs_emulator::{
    DEFAULT_EVENT_ID, DEFAULT_FUNCTION_URN, DEFAULT_PROJECT_ID, MAX_REQUEST_BODY_BYTES,
};

use crate::json::{Body as JsonBody, Content};
use crate::path::{ColonStyle, PathInput};
use crate::text::{Bytes, Picks, NAME_ALPHABET};

/// The token the emulator under test accepts.
pub const TOKEN: &str = "fuzz-token";

/// One request to the emulator.
#[derive(Arbitrary, Clone, Debug)]
pub struct RequestInput {
    pub method: MethodInput,
    pub target: TargetInput,
    pub token: TokenInput,
    pub content_type: bool,
    pub headers: Vec<(Bytes, Bytes)>,
    pub body: BodyInput,
}

/// A request method: those HTTP defines, or any text.
#[derive(Arbitrary, Clone, Debug)]
pub enum MethodInput {
    Get,
    Post,
    Put,
    Delete,
    Patch,
    Head,
    Options,
    Text(String),
}

impl MethodInput {
    /// Returns the method, or `None` for text that is no HTTP method.
    pub fn to_method(&self) -> Option<Method> {
        let name = match self {
            MethodInput::Get => "GET",
            MethodInput::Post => "POST",
            MethodInput::Put => "PUT",
            MethodInput::Delete => "DELETE",
            MethodInput::Patch => "PATCH",
            MethodInput::Head => "HEAD",
            MethodInput::Options => "OPTIONS",
            MethodInput::Text(text) => text,
        };
        Method::from_bytes(name.as_bytes()).ok()
    }
}

/// A request target: the seeded function's routes, the last created event, or any path.
#[derive(Arbitrary, Clone, Debug)]
pub enum TargetInput {
    Collection(ColonStyle),
    SeededEvent(ColonStyle),
    CreatedEvent(ColonStyle),
    Path(PathInput),
    /// An absolute-form target, `http://host/path`, as a proxy receives it.
    Absolute(PathInput),
}

impl TargetInput {
    /// Writes the target; `created_event_id` is the id of the last event created, if any.
    pub fn render(&self, created_event_id: Option<&str>) -> String {
        let collection = |colons: &ColonStyle| {
            format!(
                "/v2/{DEFAULT_PROJECT_ID}/fgs/functions/{}/events",
                colons.apply(DEFAULT_FUNCTION_URN)
            )
        };
        match self {
            TargetInput::Collection(colons) => collection(colons),
            TargetInput::SeededEvent(colons) => {
                format!("{}/{DEFAULT_EVENT_ID}", collection(colons))
            }
            TargetInput::CreatedEvent(colons) => format!(
                "{}/{}",
                collection(colons),
                created_event_id.unwrap_or(DEFAULT_EVENT_ID)
            ),
            TargetInput::Path(path) => path.render(),
            TargetInput::Absolute(path) => format!("http://127.0.0.1:8000{}", path.render()),
        }
    }
}

/// The `X-Auth-Token` header.
#[derive(Arbitrary, Clone, Debug)]
pub enum TokenInput {
    Right,
    Absent,
    Empty,
    Wrong(Bytes),
}

/// A request body: a CreateEvent or UpdateEvent body near valid, any JSON, bytes, or one byte
/// over the emulator's limit.
#[derive(Arbitrary, Clone, Debug)]
pub enum BodyInput {
    None,
    Create { name: Picks, content: Content },
    Update { content: Content },
    Json(JsonBody),
    Raw(Bytes),
    TooLarge,
}

impl BodyInput {
    /// Writes the body bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            BodyInput::None => Vec::new(),
            BodyInput::Create { name, content } => serde_json::to_vec(&serde_json::json!({
                "name": name.render(NAME_ALPHABET, 30),
                "content": content.render(0),
            }))
            .expect("a JSON value serializes"),
            BodyInput::Update { content } => {
                serde_json::to_vec(&serde_json::json!({ "content": content.render(0) }))
                    .expect("a JSON value serializes")
            }
            BodyInput::Json(body) => body.to_bytes(),
            BodyInput::Raw(bytes) => bytes.0.clone(),
            BodyInput::TooLarge => vec![b' '; MAX_REQUEST_BODY_BYTES + 1],
        }
    }
}
