//! Emulator configuration: the accepted credentials and the functions and events an emulator
//! starts with.

use std::time::Duration;

use fgs_model::secret::Secret;
use fgs_model::{CreateEventRequest, EventsPath, FunctionUrn};
use rand::Rng;

use crate::credentials::{AccessKey, IamUser};
use crate::fault::{Fault, FaultSet};
use crate::requests::CONTENT_RULES;
use crate::server::EmulatorError;
use crate::store::{FunctionKey, StoredEvent, MAX_EVENTS_PER_FUNCTION};
use crate::{
    DEFAULT_ACCESS_KEY, DEFAULT_DOMAIN_NAME, DEFAULT_EVENT_CONTENT, DEFAULT_EVENT_ID,
    DEFAULT_EVENT_NAME, DEFAULT_FUNCTION_URN, DEFAULT_LAST_MODIFIED, DEFAULT_PROJECT_ID,
    DEFAULT_SECRET_KEY, DEFAULT_TOKEN_LIFETIME, DEFAULT_USER_NAME, DEFAULT_USER_PASSWORD,
    MAX_TOKEN_LIFETIME,
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

/// A project the emulator serves: its id and, when a function URN names a region, its name
/// (IAM names a project after its region, such as `cn-north-4`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Project {
    pub(crate) id: String,
    pub(crate) name: Option<String>,
}

/// The configuration of an emulator: the credentials it accepts and the functions it serves.
///
/// [`EmulatorConfig::new`] serves the function [`DEFAULT_FUNCTION_URN`] of project
/// [`DEFAULT_PROJECT_ID`] with the documented example event; [`EmulatorConfig::empty`] serves no
/// function until [`EmulatorConfig::with_function`] or [`EmulatorConfig::with_event`] adds one.
///
/// Both accept, besides the token, the access key [`DEFAULT_ACCESS_KEY`] with secret key
/// [`DEFAULT_SECRET_KEY`] in signed requests, and issue tokens valid for
/// [`DEFAULT_TOKEN_LIFETIME`] to the user [`DEFAULT_USER_NAME`] of domain
/// [`DEFAULT_DOMAIN_NAME`] with password [`DEFAULT_USER_PASSWORD`]. `Debug` redacts every
/// secret.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// The value `X-Auth-Token` must have, besides the tokens the emulator issues.
    pub token: Secret,
    functions: Vec<SeededFunction>,
    projects: Vec<Project>,
    access_keys: Vec<AccessKey>,
    users: Vec<IamUser>,
    token_lifetime: Duration,
    faults: FaultSet,
}

impl EmulatorConfig {
    /// Returns a configuration accepting `token`, seeded with the default function and event.
    pub fn new(token: impl Into<Secret>) -> Self {
        // The default URN is a valid 7-field URN naming the default project, as a test checks.
        Self::empty(token)
            .with_event(
                DEFAULT_PROJECT_ID,
                DEFAULT_FUNCTION_URN,
                SeedEvent::documented_example(),
            )
            .expect("the default function URN is valid and names the default project")
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
    pub fn empty(token: impl Into<Secret>) -> Self {
        Self {
            token: token.into(),
            functions: Vec::new(),
            projects: Vec::new(),
            access_keys: vec![AccessKey {
                access_key: DEFAULT_ACCESS_KEY.to_owned(),
                secret_key: Secret::from(DEFAULT_SECRET_KEY),
                security_token: None,
            }],
            users: vec![IamUser {
                name: DEFAULT_USER_NAME.to_owned(),
                password: Secret::from(DEFAULT_USER_PASSWORD),
                domain: DEFAULT_DOMAIN_NAME.to_owned(),
            }],
            token_lifetime: DEFAULT_TOKEN_LIFETIME,
            faults: FaultSet::default(),
        }
    }

    /// Accepts signatures by the permanent key pair `access_key` and `secret_key`, replacing
    /// any key with the same AK.
    ///
    /// # Errors
    ///
    /// Fails when the AK is empty or has characters other than printable ASCII without `,`,
    /// or when the SK is empty.
    pub fn with_access_key(
        self,
        access_key: impl Into<String>,
        secret_key: impl Into<Secret>,
    ) -> Result<Self, EmulatorError> {
        self.with_key(AccessKey {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            security_token: None,
        })
    }

    /// Accepts signatures by the temporary key pair `access_key` and `secret_key` on requests
    /// that send `security_token` in `X-Security-Token`, replacing any key with the same AK.
    ///
    /// # Errors
    ///
    /// Fails as [`EmulatorConfig::with_access_key`] does, and when the security token is
    /// empty or is not printable ASCII.
    pub fn with_temporary_access_key(
        self,
        access_key: impl Into<String>,
        secret_key: impl Into<Secret>,
        security_token: impl Into<Secret>,
    ) -> Result<Self, EmulatorError> {
        self.with_key(AccessKey {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            security_token: Some(security_token.into()),
        })
    }

    fn with_key(mut self, key: AccessKey) -> Result<Self, EmulatorError> {
        key.validate()?;
        self.access_keys
            .retain(|existing| existing.access_key != key.access_key);
        self.access_keys.push(key);
        Ok(self)
    }

    /// Removes every access key, [`DEFAULT_ACCESS_KEY`] included.
    pub fn without_access_keys(mut self) -> Self {
        self.access_keys.clear();
        self
    }

    /// Returns the access keys accepted in signed requests.
    pub fn access_keys(&self) -> &[AccessKey] {
        &self.access_keys
    }

    /// Lets the user `name` of domain `domain` request tokens with `password`, replacing any
    /// user with the same name and domain.
    ///
    /// # Errors
    ///
    /// Fails when the name, the password or the domain is empty.
    pub fn with_user(
        mut self,
        name: impl Into<String>,
        password: impl Into<Secret>,
        domain: impl Into<String>,
    ) -> Result<Self, EmulatorError> {
        let user = IamUser {
            name: name.into(),
            password: password.into(),
            domain: domain.into(),
        };
        user.validate()?;
        self.users
            .retain(|existing| existing.name != user.name || existing.domain != user.domain);
        self.users.push(user);
        Ok(self)
    }

    /// Removes every IAM user, [`DEFAULT_USER_NAME`] included.
    pub fn without_users(mut self) -> Self {
        self.users.clear();
        self
    }

    /// Returns the IAM users that can request tokens.
    pub fn users(&self) -> &[IamUser] {
        &self.users
    }

    /// Sets how long an issued token is accepted, at most [`MAX_TOKEN_LIFETIME`] (a longer
    /// lifetime is shortened to it). After that the event API rejects the token with
    /// `APIGW.0307`.
    pub fn with_token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime.min(MAX_TOKEN_LIFETIME);
        self
    }

    /// Returns how long an issued token is accepted.
    pub fn token_lifetime(&self) -> Duration {
        self.token_lifetime
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
        let (urn, key) = parse_function(project_id, function_urn)?;
        self.add_project(project_id, urn.region());
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
        self.add_project(project_id, urn.region());
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

    /// Adds `fault`, which the emulator then makes on every response it concerns. Adding a
    /// fault already present changes nothing.
    pub fn with_fault(mut self, fault: Fault) -> Self {
        self.faults.insert(fault);
        self
    }

    /// Returns the faults added, in the order of [`Fault::ALL`].
    pub fn faults(&self) -> &[Fault] {
        self.faults.as_slice()
    }

    pub(crate) fn fault_set(&self) -> &FaultSet {
        &self.faults
    }

    /// Records the project of a served function, naming it after the URN's region when the
    /// URN has one and the project has no name yet.
    fn add_project(&mut self, project_id: &str, region: Option<&str>) {
        let name = region.map(str::to_owned);
        match self
            .projects
            .iter_mut()
            .find(|project| project.id == project_id)
        {
            Some(project) => {
                if project.name.is_none() {
                    project.name = name;
                }
            }
            None => self.projects.push(Project {
                id: project_id.to_owned(),
                name,
            }),
        }
    }

    /// Returns the projects of the served functions.
    pub(crate) fn projects(&self) -> &[Project] {
        &self.projects
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
