//! The functions and their test events, shared by all requests.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use fgs_model::{EventsPath, FunctionUrn};

use crate::config::SeedEvent;
use crate::error::ServiceError;

/// Maximum number of test events per function, as documented.
pub(crate) const MAX_EVENTS_PER_FUNCTION: usize = fgs_model::MAX_EVENTS_PER_FUNCTION as usize;

/// Package of a function whose URN names none.
const DEFAULT_PACKAGE: &str = "default";

/// Identity of a function: its project, package and name. Region and qualifier (version or
/// alias) do not take part, so every version and alias of a function shares its events.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct FunctionKey {
    project_id: String,
    package: String,
    function: String,
}

impl FunctionKey {
    /// Returns the function that `urn` names in the project `project_id`, or `None` when the URN
    /// names a different project.
    pub(crate) fn new(project_id: &str, urn: &FunctionUrn) -> Option<Self> {
        if urn
            .project_id()
            .is_some_and(|urn_project| urn_project != project_id)
        {
            return None;
        }
        Some(Self {
            project_id: project_id.to_owned(),
            package: urn.package().unwrap_or(DEFAULT_PACKAGE).to_owned(),
            function: urn.function().to_owned(),
        })
    }

    /// Returns the function a request path addresses, as [`FunctionKey::new`] does.
    pub(crate) fn for_path(path: &EventsPath) -> Option<Self> {
        Self::new(path.project_id(), path.function_urn())
    }
}

/// One test event as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StoredEvent {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) content: String,
    /// Unix seconds of the last update; `None` until the first update.
    pub(crate) last_modified: Option<u64>,
}

impl From<SeedEvent> for StoredEvent {
    fn from(seed: SeedEvent) -> Self {
        Self {
            id: seed.id,
            name: seed.name,
            content: seed.content,
            last_modified: seed.last_modified,
        }
    }
}

/// All functions with their events in creation order, behind one lock.
#[derive(Debug)]
pub(crate) struct Store {
    functions: Mutex<HashMap<FunctionKey, Vec<StoredEvent>>>,
    /// The number of events a function may have; [`MAX_EVENTS_PER_FUNCTION`] unless a fault
    /// lifts it.
    max_events: usize,
}

impl Store {
    /// Builds a store holding `functions` with their events.
    pub(crate) fn new(
        functions: impl IntoIterator<Item = (FunctionKey, Vec<StoredEvent>)>,
    ) -> Self {
        Self {
            functions: Mutex::new(functions.into_iter().collect()),
            max_events: MAX_EVENTS_PER_FUNCTION,
        }
    }

    /// Lets every function have any number of events.
    pub(crate) fn without_quota(mut self) -> Self {
        self.max_events = usize::MAX;
        self
    }

    /// Locks the store. A panic while the lock was held leaves no half-done change, because every
    /// change is a single insertion, removal or assignment, so a poisoned lock is used as it is.
    fn lock(&self) -> MutexGuard<'_, HashMap<FunctionKey, Vec<StoredEvent>>> {
        self.functions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Returns all events of a function in creation order.
    pub(crate) fn list(&self, key: &FunctionKey) -> Result<Vec<StoredEvent>, ServiceError> {
        let functions = self.lock();
        let events = functions.get(key).ok_or(ServiceError::FunctionNotFound)?;
        Ok(events.clone())
    }

    /// Returns one event of a function.
    pub(crate) fn show(
        &self,
        key: &FunctionKey,
        event_id: &str,
    ) -> Result<StoredEvent, ServiceError> {
        let functions = self.lock();
        let events = functions.get(key).ok_or(ServiceError::FunctionNotFound)?;
        events
            .iter()
            .find(|event| event.id == event_id)
            .cloned()
            .ok_or(ServiceError::EventNotFound)
    }

    /// Returns the first event with id `event_id` in any function.
    pub(crate) fn find_in_any_function(&self, event_id: &str) -> Result<StoredEvent, ServiceError> {
        let functions = self.lock();
        functions
            .values()
            .flatten()
            .find(|event| event.id == event_id)
            .cloned()
            .ok_or(ServiceError::EventNotFound)
    }

    /// Adds an event with a fresh UUID and returns it. A name already used on the function
    /// (compared case-sensitively) is rejected before the quota is checked.
    pub(crate) fn create(
        &self,
        key: &FunctionKey,
        name: String,
        content: String,
    ) -> Result<StoredEvent, ServiceError> {
        let mut functions = self.lock();
        let events = functions
            .get_mut(key)
            .ok_or(ServiceError::FunctionNotFound)?;
        if events.iter().any(|event| event.name == name) {
            return Err(ServiceError::EventExists);
        }
        if events.len() >= self.max_events {
            return Err(ServiceError::EventQuotaExceeded);
        }

        let event = StoredEvent {
            id: uuid::Uuid::new_v4().hyphenated().to_string(),
            name,
            content,
            last_modified: None,
        };
        events.push(event.clone());
        Ok(event)
    }

    /// Replaces the content of an event, stamps it with `now` (Unix seconds) and returns it.
    pub(crate) fn update(
        &self,
        key: &FunctionKey,
        event_id: &str,
        content: String,
        now: u64,
    ) -> Result<StoredEvent, ServiceError> {
        let mut functions = self.lock();
        let events = functions
            .get_mut(key)
            .ok_or(ServiceError::FunctionNotFound)?;
        let event = events
            .iter_mut()
            .find(|event| event.id == event_id)
            .ok_or(ServiceError::EventNotFound)?;
        event.content = content;
        event.last_modified = Some(now);
        Ok(event.clone())
    }

    /// Removes an event.
    pub(crate) fn delete(&self, key: &FunctionKey, event_id: &str) -> Result<(), ServiceError> {
        let mut functions = self.lock();
        let events = functions
            .get_mut(key)
            .ok_or(ServiceError::FunctionNotFound)?;
        let position = events
            .iter()
            .position(|event| event.id == event_id)
            .ok_or(ServiceError::EventNotFound)?;
        events.remove(position);
        Ok(())
    }
}
