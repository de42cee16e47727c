//! Request targets of the test-event routes:
//! `/v2/{project_id}/fgs/functions/{function_urn}/events[/{event_id}][?query]`.

use arbitrary::Arbitrary;

use crate::text::{FieldText, Picks, EVENT_ID_ALPHABET, NAME_ALPHABET};
use crate::urn::{ProjectInput, UrnInput};

/// How the colons of the URN are written in a request target.
#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum ColonStyle {
    Raw,
    UpperPercent,
    LowerPercent,
    /// Each colon picks raw, `%3A` or `%3a` from the bits of the number, in turn.
    Mixed(u32),
}

impl ColonStyle {
    /// Writes `text` with each `:` spelled in this style.
    pub fn apply(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 16);
        let mut bits = match self {
            ColonStyle::Mixed(bits) => bits,
            _ => 0,
        };
        for character in text.chars() {
            if character != ':' {
                out.push(character);
                continue;
            }
            let spelling = match self {
                ColonStyle::Raw => ":",
                ColonStyle::UpperPercent => "%3A",
                ColonStyle::LowerPercent => "%3a",
                ColonStyle::Mixed(_) => {
                    let choice = bits % 3;
                    bits = bits.rotate_right(2);
                    [":", "%3A", "%3a"][choice as usize]
                }
            };
            out.push_str(spelling);
        }
        out
    }
}

/// A request target: free text, free segments, or the route with each parameter near valid.
#[derive(Arbitrary, Clone, Debug)]
pub enum PathInput {
    Text(String),
    Segments {
        segments: Vec<FieldText>,
        query: Option<Picks>,
    },
    Route(RouteInput),
}

/// The route with its three parameters written as a client might send them, unencoded
/// except for the colon style.
#[derive(Arbitrary, Clone, Debug)]
pub struct RouteInput {
    pub project: ProjectInput,
    pub urn: UrnInput,
    pub event_id: Option<EventIdInput>,
    pub query: Option<Picks>,
    pub colons: ColonStyle,
    pub trailing_slash: bool,
}

/// An event id in a request target.
#[derive(Arbitrary, Clone, Debug)]
pub enum EventIdInput {
    /// A UUID, the form of every documented event id.
    Uuid(u128),
    Picked(Picks),
}

impl EventIdInput {
    /// Writes the event id as it appears in the target.
    pub fn render(&self) -> String {
        match self {
            EventIdInput::Uuid(bits) => crate::json::uuid_text(*bits),
            EventIdInput::Picked(picks) => picks.render(EVENT_ID_ALPHABET, 40),
        }
    }
}

/// Characters of a query string.
const QUERY_ALPHABET: &[&str] = &["a", "=", "&", "1", "%3A", ":", "+", "?", "/", "#", "%"];

impl PathInput {
    /// Writes the request target.
    pub fn render(&self) -> String {
        match self {
            PathInput::Text(text) => text.clone(),
            PathInput::Segments { segments, query } => {
                let mut target = String::new();
                for segment in segments.iter().take(12) {
                    target.push('/');
                    target.push_str(&segment.render(NAME_ALPHABET));
                }
                push_query(&mut target, query.as_ref());
                target
            }
            PathInput::Route(route) => route.render(),
        }
    }
}

impl RouteInput {
    /// Writes the request target.
    pub fn render(&self) -> String {
        let mut target = format!(
            "/v2/{}/fgs/functions/{}/events",
            self.project.render(),
            self.colons.apply(&self.urn.render())
        );
        if let Some(event_id) = &self.event_id {
            target.push('/');
            target.push_str(&event_id.render());
        }
        if self.trailing_slash {
            target.push('/');
        }
        push_query(&mut target, self.query.as_ref());
        target
    }
}

fn push_query(target: &mut String, query: Option<&Picks>) {
    if let Some(query) = query {
        target.push('?');
        target.push_str(&query.render(QUERY_ALPHABET, 30));
    }
}
