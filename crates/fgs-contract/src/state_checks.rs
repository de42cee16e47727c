//! Checks that change the function's events: create, show, list, update, delete and the quota.
//!
//! They run in one chain on an event the run creates, so that every step can be compared with
//! what the run itself stored: a later step judges what an earlier one claimed. Every event the
//! run creates is deleted again at the end, whatever the outcome.

use std::time::Instant;

use fgs_model::path::{ColonEncoding, EventsPath};
use fgs_model::{
    decode_response, Drift, DriftKind, EventSummary, ListEventsResponse, Location, Operation,
    Outcome, Response, ShowEventResponse, MAX_EVENTS_PER_FUNCTION,
};
use reqwest::Method;
use serde_json::Value;

use crate::client::{Exchange, Request, SendError};
use crate::report::{CheckOutcome, CheckReport, Finding};
use crate::suite::{
    body_findings, exchanges_of, fail, finish, judge_error, pass, skipped, status_finding,
    CheckSpec, Observed, Run,
};

/// A new event is created with status 200 and `{id, name}`.
pub const CREATE: CheckSpec = CheckSpec {
    id: "create-event.success",
    description: "a new event is created with status 200 and the name sent",
    rule: "CreateEvent answers 200 (not 201) with the new event's `id` and the `name` sent",
};

/// The new event is shown as it was sent.
pub const SHOW_CREATED: CheckSpec = CheckSpec {
    id: "show-event.after-create",
    description: "the new event is shown with the name and content sent",
    rule: "ShowEvent returns what CreateEvent stored; `last_modified` may be absent before the first update",
};

/// The list is well-formed and contains the new event.
pub const LIST: CheckSpec = CheckSpec {
    id: "list-events.success",
    description: "the list has status 200, a `count` equal to the number of `events`, and the new event",
    rule: "ListEvents answers 200 with `count`, `events` and `next_marker`; `count` is the number of events",
};

/// The list describes each event as ShowEvent does.
pub const LIST_MATCHES_SHOW: CheckSpec = CheckSpec {
    id: "list-events.matches-show",
    description: "the list gives each event shown in the run the same name and `last_modified`",
    rule: "ListEvents and ShowEvent describe the same stored event",
};

/// An update of the new event's content is accepted.
pub const UPDATE: CheckSpec = CheckSpec {
    id: "update-event.success",
    description: "an update of the new event's content gets 200 and its `id` and `name`",
    rule: "UpdateEvent answers 200 with the event's `id` and `name`",
};

/// The updated event shows the new content and a `last_modified`.
pub const SHOW_UPDATED: CheckSpec = CheckSpec {
    id: "show-event.after-update",
    description: "the updated event is shown with the new content and a `last_modified`",
    rule: "UpdateEvent replaces `content` and sets `last_modified` in whole Unix seconds",
};

/// Deleting the new event gets 204 with no body.
pub const DELETE: CheckSpec = CheckSpec {
    id: "delete-event.success",
    description: "deleting the new event gets 204 with an empty body",
    rule: "DeleteEvent answers 204 No Content with an empty body",
};

/// The deleted event is gone.
pub const SHOW_DELETED: CheckSpec = CheckSpec {
    id: "show-event.after-delete",
    description: "the deleted event gets 404 and an error body",
    rule:
        "a deleted event no longer exists: ShowEvent answers 404 with `error_code` and `error_msg`",
};

/// The eleventh event of a function is rejected.
pub const QUOTA: CheckSpec = CheckSpec {
    id: "create-event.quota",
    description: "an eleventh event of the function gets 403 and an error body",
    rule: "a function has at most 10 test events; CreateEvent answers 403 beyond that",
};

/// Content of the created event: standard padded base64 of `{"fgs_contract":"created"}`.
const CREATED_CONTENT: &str = "eyJmZ3NfY29udHJhY3QiOiJjcmVhdGVkIn0=";

/// Content after the update: standard padded base64 of `{"fgs_contract":"updated"}`.
const UPDATED_CONTENT: &str = "eyJmZ3NfY29udHJhY3QiOiJ1cGRhdGVkIn0=";

/// Prefix of the names of events the run creates, so that leftovers are recognisable.
const NAME_PREFIX: &str = "fgs-contract-";

/// An event this run created and has not deleted yet.
#[derive(Clone, Debug)]
struct Created {
    id: String,
    name: String,
    path: EventsPath,
}

/// Runs the chain and the quota check, then deletes what the run created.
///
/// `primary` is the response of `show-event.success`, whose event the list is compared with.
pub(crate) async fn run(run: &mut Run<'_>, primary: Option<&Observed>) -> Vec<CheckReport> {
    let mut chain = Chain {
        run,
        leftovers: Vec::new(),
        shown_events: Vec::new(),
    };
    let typed = primary.and_then(|observed| typed_response(observed, Operation::ShowEvent));
    if let Some(Response::ShowEvent(event)) = typed {
        chain.shown_events.push(event);
    }

    let mut checks = chain.lifecycle().await;
    checks.push(chain.quota().await);
    chain.clean_up().await;
    checks
}

struct Chain<'r, 'a> {
    run: &'r mut Run<'a>,
    /// Events created and not deleted yet, deleted by [`Chain::clean_up`].
    leftovers: Vec<Created>,
    /// Events that ShowEvent returned with a documented body, for the list to be compared with.
    shown_events: Vec<ShowEventResponse>,
}

impl Chain<'_, '_> {
    fn collection(&self) -> Result<EventsPath, String> {
        let path = &self.run.target.path;
        EventsPath::new(path.project_id(), path.function_urn().clone(), None)
            .map_err(|err| format!("cannot build the request path: {err}"))
    }

    fn item(&self, event_id: &str) -> Result<EventsPath, String> {
        let path = &self.run.target.path;
        EventsPath::new(
            path.project_id(),
            path.function_urn().clone(),
            Some(event_id),
        )
        .map_err(|err| format!("cannot use the event id `{event_id}` in a path: {err}"))
    }

    /// Sends one authenticated request and keeps its response, accepting the drift `expected`
    /// allows.
    async fn send(
        &mut self,
        spec: CheckSpec,
        operation: Operation,
        path: &EventsPath,
        body: Option<Value>,
        expected: impl Fn(&Drift) -> bool,
    ) -> Result<Observed, SendError> {
        let exchange = self.fetch(operation, path, body).await?;
        Ok(self.run.observe_as(spec.id, operation, exchange, expected))
    }

    /// Sends one authenticated request of `operation` with `body` as JSON.
    async fn fetch(
        &self,
        operation: Operation,
        path: &EventsPath,
        body: Option<Value>,
    ) -> Result<Exchange, SendError> {
        let method = match operation.method() {
            "POST" => Method::POST,
            "PUT" => Method::PUT,
            "DELETE" => Method::DELETE,
            _ => Method::GET,
        };
        let request = Request {
            method,
            url: path.url(self.run.target.endpoint.as_str(), ColonEncoding::Raw),
            token: Some(self.run.target.token.clone()),
        };
        let body = body.map(|value| value.to_string().into_bytes());
        self.run
            .client
            .send_with_body(&request, body.unwrap_or_default())
            .await
    }

    /// Creates an event, shows it, lists it, updates it, shows it again, deletes it and shows
    /// it once more. A step whose predecessor left nothing to work on is skipped.
    async fn lifecycle(&mut self) -> Vec<CheckReport> {
        let mut checks = Vec::new();

        let started = Instant::now();
        let name = event_name();
        let created = match self.create(CREATE, &name).await {
            Ok((observed, created)) => {
                let outcome = judge_created(&observed, &name);
                checks.push(finish(CREATE, started, outcome, vec![observed.exchange]));
                created
            }
            Err(outcome) => {
                checks.push(finish(CREATE, started, outcome, Vec::new()));
                None
            }
        };
        let Some(created) = created else {
            let reason = format!("{} returned no event id", CREATE.id);
            for spec in [
                SHOW_CREATED,
                LIST,
                LIST_MATCHES_SHOW,
                UPDATE,
                SHOW_UPDATED,
                DELETE,
                SHOW_DELETED,
            ] {
                checks.push(finish(
                    spec,
                    Instant::now(),
                    skipped(reason.clone()),
                    Vec::new(),
                ));
            }
            return checks;
        };

        checks.push(self.show_created(&created).await);
        let list = self.list(&created).await;
        checks.push(list.0);
        checks.push(self.list_matches_show(list.1));
        checks.push(self.update(&created).await);
        checks.push(self.show_updated(&created).await);
        checks.push(self.delete(&created).await);
        checks.push(self.show_deleted(&created).await);
        checks
    }

    /// Sends a CreateEvent request and returns its response with the event it created, or the
    /// outcome of a failure to send. The event counts as created when the body names an `id`,
    /// whatever the status, so that the run can delete it.
    async fn create(
        &mut self,
        spec: CheckSpec,
        name: &str,
    ) -> Result<(Observed, Option<Created>), CheckOutcome> {
        let collection = self.collection().map_err(skipped)?;
        let body = serde_json::json!({ "name": name, "content": CREATED_CONTENT });
        let observed = self
            .send(
                spec,
                Operation::CreateEvent,
                &collection,
                Some(body),
                |_| false,
            )
            .await
            .map_err(|err| fail(err.to_string(), Vec::new()))?;
        let created = match body_string(&observed, "id") {
            Some(id) if observed.exchange.status < 300 => match self.item(&id) {
                Ok(path) => {
                    let created = Created {
                        id,
                        name: name.to_owned(),
                        path,
                    };
                    self.leftovers.push(created.clone());
                    Some(created)
                }
                Err(reason) => {
                    tracing::warn!(%reason, "cannot address the created event");
                    None
                }
            },
            _ => None,
        };
        Ok((observed, created))
    }

    async fn show_created(&mut self, created: &Created) -> CheckReport {
        let started = Instant::now();
        // An event never updated may lack `last_modified`, which this check expects.
        let result = self
            .send(
                SHOW_CREATED,
                Operation::ShowEvent,
                &created.path,
                None,
                is_absent_last_modified,
            )
            .await;
        let outcome = self.judge_shown(&result, created, CREATED_CONTENT, false);
        finish(SHOW_CREATED, started, outcome, exchanges_of(&result))
    }

    async fn list(&mut self, created: &Created) -> (CheckReport, Option<ListEventsResponse>) {
        let started = Instant::now();
        let collection = match self.collection() {
            Ok(collection) => collection,
            Err(reason) => return (finish(LIST, started, skipped(reason), Vec::new()), None),
        };
        let result = self
            .fetch(Operation::ListEvents, &collection, None)
            .await
            .map(|exchange| {
                // The run's own event has never been updated, so its `last_modified` may be
                // absent, which this check expects.
                let expected = list_index(&exchange.body, &created.id)
                    .map(|index| Location::body(format!("/events/{index}/last_modified")));
                self.run
                    .observe_as(LIST.id, Operation::ListEvents, exchange, |drift| {
                        drift.kind == DriftKind::AbsentField
                            && Some(&drift.location) == expected.as_ref()
                    })
            });
        let (outcome, list, exchanges) = match result {
            Err(err) => (fail(err.to_string(), Vec::new()), None, Vec::new()),
            Ok(observed) => {
                let (outcome, list) = judge_list(&observed, created);
                (outcome, list, vec![observed.exchange])
            }
        };
        (finish(LIST, started, outcome, exchanges), list)
    }

    fn list_matches_show(&self, list: Option<ListEventsResponse>) -> CheckReport {
        let started = Instant::now();
        let Some(list) = list else {
            let reason = format!("{} gave no documented list", LIST.id);
            return finish(LIST_MATCHES_SHOW, started, skipped(reason), Vec::new());
        };
        if self.shown_events.is_empty() {
            let reason = "no ShowEvent body of the run decoded".to_owned();
            return finish(LIST_MATCHES_SHOW, started, skipped(reason), Vec::new());
        }
        let mut findings = Vec::new();
        for event in &self.shown_events {
            let Some((index, summary)) = list
                .events
                .iter()
                .enumerate()
                .find(|(_, summary)| summary.id == event.id)
            else {
                findings.push(Finding {
                    location: "/events".to_owned(),
                    rule: "list-matches-show".to_owned(),
                    expected: format!("the event `{}` that ShowEvent returned", event.id),
                    found: "no event with that id".to_owned(),
                });
                continue;
            };
            findings.extend(compare_summary(index, summary, event));
        }
        let compared = self.shown_events.len();
        let outcome = if findings.is_empty() {
            let noun = if compared == 1 { "event" } else { "events" };
            pass(format!("{compared} shown {noun} listed alike"))
        } else {
            fail(
                format!("{} differences from ShowEvent", findings.len()),
                findings,
            )
        };
        finish(LIST_MATCHES_SHOW, started, outcome, Vec::new())
    }

    async fn update(&mut self, created: &Created) -> CheckReport {
        let started = Instant::now();
        let body = serde_json::json!({ "content": UPDATED_CONTENT });
        let result = self
            .send(
                UPDATE,
                Operation::UpdateEvent,
                &created.path,
                Some(body),
                |_| false,
            )
            .await;
        let outcome = match &result {
            Err(err) => fail(err.to_string(), Vec::new()),
            Ok(observed) => judge_success(observed, Operation::UpdateEvent, |response| {
                let Response::UpdateEvent(updated) = response else {
                    return Vec::new();
                };
                same_event(&updated.id, &updated.name, created)
            }),
        };
        finish(UPDATE, started, outcome, exchanges_of(&result))
    }

    async fn show_updated(&mut self, created: &Created) -> CheckReport {
        let started = Instant::now();
        // An absent `last_modified` is a finding of this check, not drift.
        let result = self
            .send(
                SHOW_UPDATED,
                Operation::ShowEvent,
                &created.path,
                None,
                is_absent_last_modified,
            )
            .await;
        let outcome = self.judge_shown(&result, created, UPDATED_CONTENT, true);
        finish(SHOW_UPDATED, started, outcome, exchanges_of(&result))
    }

    async fn delete(&mut self, created: &Created) -> CheckReport {
        let started = Instant::now();
        let result = self
            .send(DELETE, Operation::DeleteEvent, &created.path, None, |_| {
                false
            })
            .await;
        let outcome = match &result {
            Err(err) => fail(err.to_string(), Vec::new()),
            Ok(observed) => {
                if observed.exchange.status < 300 {
                    self.leftovers.retain(|leftover| leftover.id != created.id);
                }
                judge_success(observed, Operation::DeleteEvent, |_| Vec::new())
            }
        };
        finish(DELETE, started, outcome, exchanges_of(&result))
    }

    async fn show_deleted(&mut self, created: &Created) -> CheckReport {
        let started = Instant::now();
        let result = self
            .send(
                SHOW_DELETED,
                Operation::ShowEvent,
                &created.path,
                None,
                |_| false,
            )
            .await;
        let outcome = judge_error(&result, 404);
        finish(SHOW_DELETED, started, outcome, exchanges_of(&result))
    }

    /// Fills the function up to 10 events and checks that one more is rejected.
    async fn quota(&mut self) -> CheckReport {
        let started = Instant::now();
        let collection = match self.collection() {
            Ok(collection) => collection,
            Err(reason) => return finish(QUOTA, started, skipped(reason), Vec::new()),
        };
        let listed = self
            .send(QUOTA, Operation::ListEvents, &collection, None, |_| false)
            .await;
        let existing = match &listed {
            Err(err) => {
                return finish(
                    QUOTA,
                    started,
                    fail(err.to_string(), Vec::new()),
                    Vec::new(),
                )
            }
            Ok(observed) => match list_length(&observed.exchange.body) {
                Some(existing) => existing,
                None => {
                    let reason = "ListEvents gave no `events` array to count".to_owned();
                    return finish(QUOTA, started, skipped(reason), exchanges_of(&listed));
                }
            },
        };
        let quota = usize::try_from(MAX_EVENTS_PER_FUNCTION).unwrap_or(usize::MAX);
        if existing >= quota {
            let reason = format!("the function already has {existing} events");
            return finish(QUOTA, started, skipped(reason), Vec::new());
        }

        for position in existing..quota {
            let outcome = match self.create(QUOTA, &event_name()).await {
                Err(outcome) => Some(outcome),
                Ok((_, Some(_))) => None,
                Ok((observed, None)) => {
                    let detail = format!(
                        "event {} of {quota} was rejected with status {}",
                        position + 1,
                        observed.exchange.status
                    );
                    let finding = Finding {
                        location: "status".to_owned(),
                        rule: "event-quota".to_owned(),
                        expected: format!("`200` while the function has fewer than {quota} events"),
                        found: format!("`{}` with {position} events", observed.exchange.status),
                    };
                    return finish(
                        QUOTA,
                        started,
                        fail(detail, vec![finding]),
                        vec![observed.exchange],
                    );
                }
            };
            if let Some(outcome) = outcome {
                return finish(QUOTA, started, outcome, Vec::new());
            }
        }

        let result = match self.create(QUOTA, &event_name()).await {
            Ok((observed, _)) => Ok(observed),
            Err(outcome) => return finish(QUOTA, started, outcome, Vec::new()),
        };
        let outcome = judge_error(&result, 403);
        finish(QUOTA, started, outcome, exchanges_of(&result))
    }

    /// Deletes every event the run created and did not delete, logging each failure.
    async fn clean_up(&mut self) {
        let endpoint = self.run.target.endpoint.as_str().to_owned();
        for leftover in std::mem::take(&mut self.leftovers) {
            let request = Request {
                method: Method::DELETE,
                url: leftover.path.url(&endpoint, ColonEncoding::Raw),
                token: Some(self.run.target.token.clone()),
            };
            match self.run.client.send(&request).await {
                Ok(exchange) if exchange.status < 300 => {
                    tracing::debug!(event_id = %leftover.id, "deleted an event of the run");
                }
                Ok(exchange) => tracing::warn!(
                    event_id = %leftover.id,
                    name = %leftover.name,
                    status = exchange.status,
                    "failed to delete an event the run created"
                ),
                Err(error) => tracing::warn!(
                    event_id = %leftover.id,
                    name = %leftover.name,
                    %error,
                    "failed to delete an event the run created"
                ),
            }
        }
    }

    /// Judges a ShowEvent response for `created`: status 200, a documented body, the name and
    /// `content` expected, and a `last_modified` when `updated`.
    fn judge_shown(
        &mut self,
        result: &Result<Observed, SendError>,
        created: &Created,
        content: &str,
        updated: bool,
    ) -> CheckOutcome {
        let observed = match result {
            Ok(observed) => observed,
            Err(err) => return fail(err.to_string(), Vec::new()),
        };
        let mut shown = None;
        let outcome = judge_success(observed, Operation::ShowEvent, |response| {
            let Response::ShowEvent(event) = response else {
                return Vec::new();
            };
            shown = Some(event.clone());
            let mut findings = same_event(&event.id, &event.name, created);
            if event.content != content {
                findings.push(Finding {
                    location: "/content".to_owned(),
                    rule: "stored-content".to_owned(),
                    expected: format!("`{content}`, the content sent"),
                    found: format!("`{}`", event.content),
                });
            }
            if updated && event.last_modified.is_none() {
                findings.push(Finding {
                    location: "/last_modified".to_owned(),
                    rule: "stored-content".to_owned(),
                    expected: "the time of the update in whole Unix seconds".to_owned(),
                    found: "no `last_modified`".to_owned(),
                });
            }
            findings
        });
        if let Some(event) = shown {
            if !updated {
                self.shown_events.push(event);
            }
        }
        outcome
    }
}

/// Returns a fresh event name of 25 characters: [`NAME_PREFIX`] and 12 hex digits.
fn event_name() -> String {
    let suffix = uuid::Uuid::new_v4().simple().to_string();
    format!("{NAME_PREFIX}{}", &suffix[..12])
}

fn is_absent_last_modified(drift: &Drift) -> bool {
    drift.kind == DriftKind::AbsentField && drift.location == Location::body("/last_modified")
}

/// Judges a response that must have the operation's success status and a documented body,
/// then applies `more` to the typed body.
fn judge_success(
    observed: &Observed,
    operation: Operation,
    more: impl FnOnce(&Response) -> Vec<Finding>,
) -> CheckOutcome {
    let expected = operation.success_status();
    let status = observed.exchange.status;
    let mut findings = body_findings(&observed.decoded);
    if status != expected {
        findings.insert(0, status_finding(expected, status));
        return fail(
            format!("expected status {expected}, found {status}"),
            findings,
        );
    }
    if !findings.is_empty() {
        return fail(
            format!("{} violations in the {status} response", findings.len()),
            findings,
        );
    }
    let Some(response) = typed_response(observed, operation) else {
        return pass(format!("{status} with a documented body"));
    };
    let findings = more(&response);
    if findings.is_empty() && operation == Operation::DeleteEvent {
        pass(format!("{status} with an empty body"))
    } else if findings.is_empty() {
        pass(format!("{status} with a documented body"))
    } else {
        fail(
            format!("{} differences from what the run stored", findings.len()),
            findings,
        )
    }
}

/// Returns the typed body of a response with no violation other than its Content-Type, which
/// `show-event.content-type` reports.
pub(crate) fn typed_response(observed: &Observed, operation: Operation) -> Option<Response> {
    if let Outcome::Success(response) = &observed.decoded.outcome {
        return Some(response.clone());
    }
    let exchange = &observed.exchange;
    let relabelled = decode_response(
        operation,
        exchange.status,
        Some("application/json"),
        &exchange.body,
    );
    match relabelled.outcome {
        Outcome::Success(response) => Some(response),
        _ => None,
    }
}

fn judge_created(observed: &Observed, name: &str) -> CheckOutcome {
    judge_success(observed, Operation::CreateEvent, |response| {
        let Response::CreateEvent(created) = response else {
            return Vec::new();
        };
        if created.name == name {
            return Vec::new();
        }
        vec![Finding {
            location: "/name".to_owned(),
            rule: "stored-content".to_owned(),
            expected: format!("`{name}`, the name sent"),
            found: format!("`{}`", created.name),
        }]
    })
}

fn judge_list(
    observed: &Observed,
    created: &Created,
) -> (CheckOutcome, Option<ListEventsResponse>) {
    let mut list = None;
    let outcome = judge_success(observed, Operation::ListEvents, |response| {
        let Response::ListEvents(events) = response else {
            return Vec::new();
        };
        list = Some(events.clone());
        if events.events.iter().any(|event| event.id == created.id) {
            return Vec::new();
        }
        vec![Finding {
            location: "/events".to_owned(),
            rule: "stored-content".to_owned(),
            expected: format!("the new event `{}`", created.id),
            found: format!("{} events without it", events.events.len()),
        }]
    });
    (outcome, list)
}

/// Compares the id and name of a returned event with the event the run created.
fn same_event(id: &str, name: &str, created: &Created) -> Vec<Finding> {
    let mut findings = Vec::new();
    if id != created.id {
        findings.push(Finding {
            location: "/id".to_owned(),
            rule: "stored-content".to_owned(),
            expected: format!("`{}`, the id CreateEvent returned", created.id),
            found: format!("`{id}`"),
        });
    }
    if name != created.name {
        findings.push(Finding {
            location: "/name".to_owned(),
            rule: "stored-content".to_owned(),
            expected: format!("`{}`, the name sent", created.name),
            found: format!("`{name}`"),
        });
    }
    findings
}

/// Compares one list item with the same event as ShowEvent returned it.
fn compare_summary(
    index: usize,
    summary: &EventSummary,
    event: &ShowEventResponse,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    if summary.name != event.name {
        findings.push(Finding {
            location: format!("/events/{index}/name"),
            rule: "list-matches-show".to_owned(),
            expected: format!("`{}` as ShowEvent returned", event.name),
            found: format!("`{}`", summary.name),
        });
    }
    if summary.last_modified != event.last_modified {
        findings.push(Finding {
            location: format!("/events/{index}/last_modified"),
            rule: "list-matches-show".to_owned(),
            expected: format!("{} as ShowEvent returned", seconds(event.last_modified)),
            found: seconds(summary.last_modified),
        });
    }
    findings
}

fn seconds(value: Option<u64>) -> String {
    value.map_or_else(|| "no value".to_owned(), |seconds| format!("`{seconds}`"))
}

/// Returns the string field `name` of a JSON object body, whatever else the body breaks.
fn body_string(observed: &Observed, name: &str) -> Option<String> {
    let value: Value = serde_json::from_slice(&observed.exchange.body).ok()?;
    value.get(name)?.as_str().map(str::to_owned)
}

/// Returns the position of the event `id` in the `events` array of a ListEvents body.
fn list_index(body: &[u8], id: &str) -> Option<usize> {
    let value: Value = serde_json::from_slice(body).ok()?;
    value
        .get("events")?
        .as_array()?
        .iter()
        .position(|event| event.get("id").and_then(Value::as_str) == Some(id))
}

/// Returns the length of the `events` array of a ListEvents body, ignoring `count`.
fn list_length(body: &[u8]) -> Option<usize> {
    let value: Value = serde_json::from_slice(body).ok()?;
    Some(value.get("events")?.as_array()?.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_are_base64_json() {
        for content in [CREATED_CONTENT, UPDATED_CONTENT] {
            let document = fgs_model::decode_content(content).unwrap();
            assert!(document.get("fgs_contract").is_some(), "{content}");
        }
    }

    #[test]
    fn event_name_follows_documented_rule() {
        let name = event_name();
        assert_eq!(name.len(), 25);
        assert!(fgs_model::check_event_name(&name).is_ok(), "{name}");
    }

    #[test]
    fn list_index_finds_event() {
        let body = br#"{"count":2,"events":[{"id":"a"},{"id":"b"}],"next_marker":2}"#;
        assert_eq!(list_index(body, "b"), Some(1));
        assert_eq!(list_index(body, "c"), None);
        assert_eq!(list_length(body), Some(2));
    }
}
