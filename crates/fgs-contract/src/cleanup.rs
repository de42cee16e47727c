//! The ledger of events a run created, and the deletion of every one of them at the end.
//!
//! Every update and delete the runner sends takes its path from the [`Ledger`], and the ledger
//! holds only ids that this run's own create responses returned. So the runner cannot change or
//! delete an event it did not create, even when a server misbehaves: an id the run saw before it
//! wrote anything (the configured event, and every event the first list returned) is never
//! recorded.

use std::collections::HashSet;

use fgs_model::path::{ColonEncoding, EventsPath, PathError};
use reqwest::Method;

use crate::client::{Client, Request};
use crate::config::Target;

/// Builds a request to `url` that carries the target's credentials.
pub(crate) fn authorized(target: &Target, method: Method, url: String) -> Request {
    Request {
        method,
        url,
        auth: Some(target.credentials.clone()),
    }
}

/// An event this run created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Created {
    /// The id the create response returned.
    pub id: String,
    /// The name the run sent.
    pub name: String,
    /// The path of the event, or why the id cannot be part of one.
    path: Result<EventsPath, PathError>,
    /// Whether a delete of the event returned 204 or 404.
    pub deleted: bool,
}

/// A create request that may have created an event without returning its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unconfirmed {
    /// The name the run sent.
    pub name: String,
    /// The reason the id is unknown.
    pub reason: String,
}

/// An event the run created and could not delete, or may have created without learning its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leftover {
    /// The id of the event, or `None` when no create response returned one.
    pub id: Option<String>,
    /// The name the run sent when creating it.
    pub name: String,
    /// The reason the event is left.
    pub error: String,
}

/// A request to change or delete an event that the ledger does not allow.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// The id did not come from a create response of this run.
    #[error(
        "event `{id}` was not created by this run, so the runner does not change or delete it"
    )]
    NotCreated { id: String },
    /// The id came from a create response but cannot be sent in a path.
    #[error("event `{id}` cannot be addressed: {source}")]
    UnusableId {
        id: String,
        #[source]
        source: Box<PathError>,
    },
    /// A create response returned the id of an event that existed before the run wrote anything.
    #[error("event `{id}` existed before this run, so a create response cannot have created it")]
    Protected { id: String },
}

/// The events this run created, keyed by the ids their create responses returned.
#[derive(Debug, Default)]
pub struct Ledger {
    protected: HashSet<String>,
    created: Vec<Created>,
    unconfirmed: Vec<Unconfirmed>,
}

impl Ledger {
    /// Builds an empty ledger that will never accept the ids in `protected`: the events that
    /// existed before the run wrote anything.
    pub fn new(protected: impl IntoIterator<Item = String>) -> Self {
        Ledger {
            protected: protected.into_iter().collect(),
            created: Vec::new(),
            unconfirmed: Vec::new(),
        }
    }

    /// Records the event that a create request for `name` under `function` returned as `id`.
    /// Recording an id twice keeps one entry.
    ///
    /// # Errors
    ///
    /// Returns [`LedgerError::Protected`] for an id that existed before the run; the ledger
    /// does not record it. An id that cannot be part of a path is recorded, so that cleanup
    /// reports it, and returned as [`LedgerError::UnusableId`].
    pub fn record_created(
        &mut self,
        function: &EventsPath,
        name: &str,
        id: &str,
    ) -> Result<(), LedgerError> {
        if self.protected.contains(id) {
            return Err(LedgerError::Protected { id: id.to_owned() });
        }
        if self.created.iter().any(|created| created.id == id) {
            return Ok(());
        }
        let path = EventsPath::new(
            function.project_id(),
            function.function_urn().clone(),
            Some(id),
        );
        let unusable = path.as_ref().err().cloned();
        self.created.push(Created {
            id: id.to_owned(),
            name: name.to_owned(),
            path,
            deleted: false,
        });
        match unusable {
            Some(source) => Err(LedgerError::UnusableId {
                id: id.to_owned(),
                source: Box::new(source),
            }),
            None => Ok(()),
        }
    }

    /// Records a create request for `name` whose response gave no id, although it may have
    /// created the event.
    pub fn record_unconfirmed(&mut self, name: &str, reason: String) {
        self.unconfirmed.push(Unconfirmed {
            name: name.to_owned(),
            reason,
        });
    }

    /// Returns the path of an event this run created, the only way the runner builds the path of
    /// an update or a delete.
    ///
    /// # Errors
    ///
    /// Returns [`LedgerError::NotCreated`] for an id no create response of this run returned,
    /// and [`LedgerError::UnusableId`] for one that cannot be part of a path.
    pub fn path(&self, id: &str) -> Result<&EventsPath, LedgerError> {
        let created = self
            .created
            .iter()
            .find(|created| created.id == id)
            .ok_or_else(|| LedgerError::NotCreated { id: id.to_owned() })?;
        created
            .path
            .as_ref()
            .map_err(|source| LedgerError::UnusableId {
                id: id.to_owned(),
                source: Box::new(source.clone()),
            })
    }

    /// Marks an event as deleted, after a delete returned 204 or 404.
    pub fn mark_deleted(&mut self, id: &str) {
        if let Some(created) = self.created.iter_mut().find(|created| created.id == id) {
            created.deleted = true;
        }
    }

    /// Returns every event this run created, deleted or not, in creation order.
    pub fn created(&self) -> &[Created] {
        &self.created
    }

    /// Returns the create requests whose ids are unknown.
    pub fn unconfirmed(&self) -> &[Unconfirmed] {
        &self.unconfirmed
    }

    /// Returns the ids of the events not yet deleted.
    pub fn live_ids(&self) -> Vec<String> {
        self.created
            .iter()
            .filter(|created| !created.deleted)
            .map(|created| created.id.clone())
            .collect()
    }
}

/// Attempts per event before cleanup gives up on it.
const DELETE_ATTEMPTS: usize = 2;

/// Deletes every event of `ledger` not yet deleted and returns what is left: the events whose
/// delete failed, and the create requests whose ids are unknown.
///
/// A delete that returns 204 or 404 counts as done. Any other status or a failure to send is
/// tried once more before the event is reported as left.
pub async fn delete_all(client: &Client, target: &Target, ledger: &mut Ledger) -> Vec<Leftover> {
    let mut leftovers = Vec::new();
    for id in ledger.live_ids() {
        let name = ledger
            .created()
            .iter()
            .find(|created| created.id == id)
            .map(|created| created.name.clone())
            .unwrap_or_default();
        let url = match ledger.path(&id) {
            Ok(path) => path.url(target.endpoint.as_str(), ColonEncoding::Raw),
            Err(error) => {
                leftovers.push(Leftover {
                    id: Some(id),
                    name,
                    error: error.to_string(),
                });
                continue;
            }
        };

        let mut error = String::new();
        for attempt in 1..=DELETE_ATTEMPTS {
            let request = authorized(target, Method::DELETE, url.clone());
            match client.send(&request).await {
                Ok(exchange) if matches!(exchange.status, 204 | 404) => {
                    tracing::info!(%id, %name, status = exchange.status, "deleted an event of this run");
                    ledger.mark_deleted(&id);
                    error.clear();
                    break;
                }
                Ok(exchange) => {
                    error = format!(
                        "DELETE returned status {}{}",
                        exchange.status,
                        error_code_suffix(&exchange.body)
                    );
                }
                Err(send_error) => error = send_error.to_string(),
            }
            tracing::warn!(%id, %name, attempt, %error, "failed to delete an event of this run");
        }
        if !error.is_empty() {
            leftovers.push(Leftover {
                id: Some(id),
                name,
                error,
            });
        }
    }

    for unconfirmed in ledger.unconfirmed() {
        leftovers.push(Leftover {
            id: None,
            name: unconfirmed.name.clone(),
            error: unconfirmed.reason.clone(),
        });
    }
    leftovers
}

/// Returns ` with error_code `X`` when `body` is an object with a string `error_code`.
fn error_code_suffix(body: &[u8]) -> String {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|value| value["error_code"].as_str().map(str::to_owned))
        .map(|code| format!(" with `error_code` `{code}`"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use fgs_model::FunctionUrn;

    const PROJECT: &str = "7aad83af3e8d42e99ac194e8419e2c9b";

    fn function() -> EventsPath {
        let urn = FunctionUrn::parse("default:test").unwrap();
        EventsPath::new(PROJECT, urn, None).unwrap()
    }

    #[test]
    fn ledger_refuses_id_not_created() {
        let ledger = Ledger::new([]);
        let error = ledger
            .path("3b659dc0-12fc-40dc-aa05-a321d9424cb3")
            .unwrap_err();
        assert!(matches!(error, LedgerError::NotCreated { .. }), "{error}");
    }

    #[test]
    fn ledger_returns_path_of_created_event() {
        let mut ledger = Ledger::new([]);
        ledger
            .record_created(&function(), "fgsc-a1b2c3d4", "e1")
            .unwrap();
        let path = ledger.path("e1").unwrap();
        assert_eq!(path.event_id(), Some("e1"));
        assert_eq!(path.project_id(), PROJECT);
    }

    #[test]
    fn ledger_never_records_protected_id() {
        let mut ledger = Ledger::new(["seeded".to_owned()]);
        let error = ledger
            .record_created(&function(), "fgsc-a1b2c3d4", "seeded")
            .unwrap_err();
        assert!(matches!(error, LedgerError::Protected { .. }), "{error}");
        assert!(ledger.path("seeded").is_err());
        assert!(ledger.created().is_empty());
    }

    #[test]
    fn ledger_keeps_unusable_id_for_report() {
        let mut ledger = Ledger::new([]);
        let error = ledger
            .record_created(&function(), "fgsc-a1b2c3d4", "..")
            .unwrap_err();
        assert!(matches!(error, LedgerError::UnusableId { .. }), "{error}");
        assert_eq!(ledger.live_ids(), [".."]);
        assert!(ledger.path("..").is_err());
    }

    #[test]
    fn ledger_records_id_once() {
        let mut ledger = Ledger::new([]);
        ledger.record_created(&function(), "fgsc-a", "e1").unwrap();
        ledger.record_created(&function(), "fgsc-a", "e1").unwrap();
        assert_eq!(ledger.created().len(), 1);
    }

    #[test]
    fn ledger_live_ids_skip_deleted() {
        let mut ledger = Ledger::new([]);
        ledger.record_created(&function(), "fgsc-a", "e1").unwrap();
        ledger.record_created(&function(), "fgsc-b", "e2").unwrap();
        ledger.mark_deleted("e1");
        assert_eq!(ledger.live_ids(), ["e2"]);
    }

    #[test]
    fn error_code_suffix_reads_error_body() {
        let body = br#"{"error_code":"FSS.0500","error_msg":"Internal server error."}"#;
        assert_eq!(error_code_suffix(body), " with `error_code` `FSS.0500`");
        assert_eq!(error_code_suffix(b"<html>"), "");
    }
}
