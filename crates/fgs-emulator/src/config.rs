//! Emulator configuration: the accepted token and the functions and events an emulator starts with.

use std::fmt;

use fgs_model::{CreateEventRequest, EventsPath, FunctionUrn};
use rand::Rng;

use crate::requests::CONTENT_RULES;
use crate::server::EmulatorError;
use crate::store::{FunctionKey, StoredEvent, MAX_EVENTS_PER_FUNCTION};
use crate::{
    DEFAULT_EVENT_CONTENT, DEFAULT_EVENT_ID, DEFAULT_EVENT_NAME, DEFAULT_FUNCTION_URN,
    DEFAULT_LAST_MODIFIED, DEFAULT_PROJECT_ID,
};

/// A test event an emulator starts with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedEvent {
    /// Event id, as it appears in the `{event_id}` path parameter.
    pub id: String,
    /// Event name, 1 to 25 letters, digits, `_` or `-`, starting with a letter.
    pub name: String,
    /// Base64 encoding of a JSON document, 4 to 16384 characters.
    pub content: String,
    /// Unix seconds of the last update; `None` for an event never updated.
    pub last_modified: Option<u64>,
}

impl SeedEvent {
    /// Returns the event of the documentation's examples ([`DEFAULT_EVENT_ID`],
    /// [`DEFAULT_EVENT_NAME`], [`DEFAULT_EVENT_CONTENT`], [`DEFAULT_LAST_MODIFIED`]).
    pub fn documented_example() -> Self {
        Self {
            id: DEFAULT_EVENT_ID.to_owned(),
            name: DEFAULT_EVENT_NAME.to_owned(),
            content: DEFAULT_EVENT_CONTENT.to_owned(),
            last_modified: Some(DEFAULT_LAST_MODIFIED),
        }
    }
}

/// A function an emulator serves, with the events it starts with.
#[derive(Clone, Debug)]
pub(crate) struct SeededFunction {
    pub(crate) key: FunctionKey,
    pub(crate) events: Vec<SeedEvent>,
}

/// The configuration of an emulator: the token it accepts and the functions it serves.
///
/// [`EmulatorConfig::new`] serves the function [`DEFAULT_FUNCTION_URN`] of project
/// [`DEFAULT_PROJECT_ID`] with the documented example event; [`EmulatorConfig::empty`] serves no
/// function until [`EmulatorConfig::with_function`] or [`EmulatorConfig::with_event`] adds one.
#[derive(Clone)]
pub struct EmulatorConfig {
    /// The value `X-Auth-Token` must have. Never printed by `Debug`.
    pub token: String,
    functions: Vec<SeededFunction>,
}

impl fmt::Debug for EmulatorConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmulatorConfig")
            .field("token", &"<redacted>")
            .field("functions", &self.functions)
            .finish()
    }
}

impl EmulatorConfig {
    /// Returns a configuration accepting `token`, seeded with the default function and event.
    pub fn new(token: impl Into<String>) -> Self {
        // The default URN is a valid 7-field URN naming the default project, as a test checks.
        let key = FunctionUrn::parse(DEFAULT_FUNCTION_URN)
            .ok()
            .and_then(|urn| FunctionKey::new(DEFAULT_PROJECT_ID, &urn))
            .expect("the default function URN is valid and names the default project");
        let functions = vec![SeededFunction {
            key,
            events: vec![SeedEvent::documented_example()],
        }];
        Self {
            token: token.into(),
            functions,
        }
    }

    /// Returns a configuration like [`EmulatorConfig::new`] with a random token of 32 hex digits.
    pub fn with_generated_token() -> Self {
        let bytes: [u8; 16] = rand::rng().random();
        let token = bytes
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect::<String>();
        Self::new(token)
    }

    /// Returns a configuration accepting `token` that serves no function.
    pub fn empty(token: impl Into<String>) -> Self {
        Self {
            token: token.into(),
            functions: Vec::new(),
        }
    }

    /// Adds the function `function_urn` of project `project_id`, without events. Adding a function
    /// already served changes nothing. Every URN form is accepted; the function is identified by
    /// the project, the package (`default` when the URN names none) and the function name.
    ///
    /// # Errors
    ///
    /// Fails when `project_id` is not 32 letters or digits, when `function_urn` is no valid URN,
    /// or when the URN names a project other than `project_id`.
    pub fn with_function(
        mut self,
        project_id: &str,
        function_urn: &str,
    ) -> Result<Self, EmulatorError> {
        let (_urn, key) = parse_function(project_id, function_urn)?;
        self.function_mut(key);
        Ok(self)
    }

    /// Adds `event` to the function `function_urn` of project `project_id`, adding the function
    /// first when it is not served yet.
    ///
    /// # Errors
    ///
    /// Fails as [`EmulatorConfig::with_function`] does, when the function already has 10 events,
    /// when it has an event of the same id or name, or when the event's id, name or content is
    /// invalid.
    pub fn with_event(
        mut self,
        project_id: &str,
        function_urn: &str,
        event: SeedEvent,
    ) -> Result<Self, EmulatorError> {
        let (urn, key) = parse_function(project_id, function_urn)?;
        validate_seed_event(project_id, urn, &event)?;

        let events = &mut self.function_mut(key).events;
        if events.len() >= MAX_EVENTS_PER_FUNCTION {
            return Err(EmulatorError::TooManyEvents {
                function_urn: function_urn.to_owned(),
                max: MAX_EVENTS_PER_FUNCTION,
            });
        }
        if let Some(existing) = events
            .iter()
            .find(|existing| existing.id == event.id || existing.name == event.name)
        {
            return Err(EmulatorError::DuplicateEvent {
                function_urn: function_urn.to_owned(),
                id: existing.id.clone(),
                name: existing.name.clone(),
            });
        }
        events.push(event);
        Ok(self)
    }

    fn function_mut(&mut self, key: FunctionKey) -> &mut SeededFunction {
        let position = match self
            .functions
            .iter()
            .position(|function| function.key == key)
        {
            Some(position) => position,
            None => {
                self.functions.push(SeededFunction {
                    key,
                    events: Vec::new(),
                });
                self.functions.len() - 1
            }
        };
        &mut self.functions[position]
    }

    /// Returns the functions with their events, ready for the store.
    pub(crate) fn into_store_contents(
        self,
    ) -> impl Iterator<Item = (FunctionKey, Vec<StoredEvent>)> {
        self.functions.into_iter().map(|function| {
            let events = function.events.into_iter().map(StoredEvent::from).collect();
            (function.key, events)
        })
    }
}

/// Parses and checks a project id and function URN given in a configuration.
fn parse_function(
    project_id: &str,
    function_urn: &str,
) -> Result<(FunctionUrn, FunctionKey), EmulatorError> {
    let urn = FunctionUrn::parse(function_urn).map_err(EmulatorError::InvalidFunctionUrn)?;
    EventsPath::new(project_id, urn.clone(), None).map_err(EmulatorError::InvalidPath)?;
    let key = FunctionKey::new(project_id, &urn).ok_or_else(|| EmulatorError::ProjectMismatch {
        project_id: project_id.to_owned(),
        function_urn: function_urn.to_owned(),
    })?;
    Ok((urn, key))
}

/// Checks a seeded event with the rules of a request that creates one, and its id as a path
/// parameter.
fn validate_seed_event(
    project_id: &str,
    urn: FunctionUrn,
    event: &SeedEvent,
) -> Result<(), EmulatorError> {
    EventsPath::new(project_id, urn, Some(&event.id)).map_err(EmulatorError::InvalidPath)?;
    let request = CreateEventRequest {
        name: event.name.clone(),
        content: event.content.clone(),
    };
    request
        .validate(CONTENT_RULES)
        .map_err(|source| EmulatorError::InvalidEvent {
            id: event.id.clone(),
            source,
        })
}
