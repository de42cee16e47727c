//! The checks after the ShowEvent suite: ListEvents, the life of one event from create to
//! delete, requests the documentation says to reject, and the quota of 10 events.
//!
//! Every event the run creates is named `fgsc-<tag>` or `fgsc-<tag>-<suffix>`, where `<tag>` is
//! 8 random hex digits of the run, and is recorded in a [`Ledger`]. The last check deletes every
//! recorded event, also after failed checks, server errors and SIGINT.

use std::time::Instant;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use fgs_model::path::{ColonEncoding, EventsPath};
use fgs_model::request::MAX_CONTENT_CHARS;
use fgs_model::{
    CreateEventRequest, Drift, DriftKind, ErrorBody, Location, Operation, Outcome, Response,
    UpdateEventRequest, MAX_EVENTS_PER_FUNCTION,
};
use reqwest::Method;

use super::{
    fail, finding, finish, pass, redact_decoded, redact_exchange, secrets_of, skipped,
    status_finding, CheckSpec, Observed,
};
use crate::cleanup::{authorized, delete_all, Ledger, Leftover};
use crate::client::{Client, Exchange, SendError};
use crate::config::Target;
use crate::interrupt::Interrupt;
use crate::report::{CheckOutcome, CheckReport, DriftWarning, Finding, Report};
use crate::transport::create::Created;

/// ListEvents returns the configured event.
pub const LIST_EVENTS: CheckSpec = CheckSpec {
    id: "list-events.contains-event",
    description: "ListEvents returns 200 with a documented body that lists the configured event",
    rule: "ListEvents returns 200 with `count`, `events` and `next_marker`; `count` is the number of `events`",
};

/// ListEvents describes the configured event as ShowEvent does.
pub const LIST_MATCHES_SHOW: CheckSpec = CheckSpec {
    id: "list-events.matches-show",
    description: "ListEvents gives the configured event the `name` and `last_modified` ShowEvent gives it",
    rule: "ListEvents and ShowEvent describe the same stored event, so a value rounded or changed by one of them differs",
};

/// CreateEvent creates an event.
pub const CREATE: CheckSpec = CheckSpec {
    id: "lifecycle.create",
    description: "an event with a name unique to the run is created with status 200",
    rule: "CreateEvent returns 200 (not 201) with the new event's `id` and the `name` sent",
};

/// ShowEvent returns the created event.
pub const SHOW_CREATED: CheckSpec = CheckSpec {
    id: "lifecycle.show-created",
    description: "the created event is returned with the name and content sent",
    rule: "ShowEvent returns 200 with the `id`, `name` and `content` of the event",
};

/// ListEvents lists the created event.
pub const LIST_CREATED: CheckSpec = CheckSpec {
    id: "lifecycle.list-contains",
    description: "ListEvents lists the created event by id and name",
    rule: "ListEvents returns every test event of the function",
};

/// UpdateEvent replaces the content.
pub const UPDATE: CheckSpec = CheckSpec {
    id: "lifecycle.update",
    description: "the content of the created event is replaced with status 200",
    rule: "UpdateEvent takes `content` only and returns 200 with the event's `id` and `name`",
};

/// ShowEvent returns the new content with `last_modified`.
pub const SHOW_UPDATED: CheckSpec = CheckSpec {
    id: "lifecycle.show-updated",
    description: "the updated event is returned with the new content and `last_modified` set",
    rule: "after an update, ShowEvent returns the new `content` and `last_modified` in whole Unix seconds",
};

/// DeleteEvent deletes the event.
pub const DELETE: CheckSpec = CheckSpec {
    id: "lifecycle.delete",
    description: "the created event is deleted with status 204 and an empty body",
    rule: "DeleteEvent returns 204 No Content",
};

/// ShowEvent of the deleted event gets 404.
pub const SHOW_DELETED: CheckSpec = CheckSpec {
    id: "lifecycle.show-deleted",
    description: "the deleted event gets 404 and an error body",
    rule: "ShowEvent returns 404 with `error_code` and `error_msg` when the event does not exist",
};

/// A second delete gets 404.
pub const DELETE_AGAIN: CheckSpec = CheckSpec {
    id: "lifecycle.delete-again",
    description: "deleting the deleted event again gets 404 and an error body",
    rule: "DeleteEvent returns 404 with `error_code` and `error_msg` when the event does not exist",
};

/// An invalid name is rejected.
pub const INVALID_NAME: CheckSpec = CheckSpec {
    id: "negative.invalid-name",
    description: "a create request whose name starts with a digit gets 400",
    rule: "a name is 1 to 25 letters, digits, `_` or `-`, starting with a letter and ending with a letter or digit",
};

/// Content that is not base64 is rejected.
pub const CONTENT_NOT_BASE64: CheckSpec = CheckSpec {
    id: "negative.content-not-base64",
    description: "a create request whose content is not base64 gets 400",
    rule: "`content` is the base64 encoding of a JSON document",
};

/// Content over the documented length is rejected.
pub const CONTENT_OVER_LIMIT: CheckSpec = CheckSpec {
    id: "negative.content-over-limit",
    description: "a create request with 16388 characters of content (12291 bytes decoded) gets 400",
    rule: "`content` is 4 to 16384 characters, and error `FSS.1069` limits the event data to 4 KB",
};

/// A second event with the same name is rejected.
pub const DUPLICATE_NAME: CheckSpec = CheckSpec {
    id: "negative.duplicate-name",
    description: "creating a second event with the name of a live one gets 403",
    rule: "an existing event gets 403 `FSS.1073` (\"The function event already exists.\"); another code is drift",
};

/// The 11th event of a function is rejected.
pub const QUOTA: CheckSpec = CheckSpec {
    id: "quota.eleventh-event",
    description: "with the function at 10 events, creating an 11th gets 403",
    rule:
        "a function has at most 10 test events; the 11th gets 403 `FSS.1068`; another code is drift",
};

/// Every event of the run is deleted.
pub const CLEANUP: CheckSpec = CheckSpec {
    id: "cleanup.deleted-all",
    description: "every event this run created is deleted at the end of the run",
    rule: "the runner leaves no event behind; each one it could not delete is listed with its id and the error",
};

/// Every check of this module, in report order.
pub const CHECKS: [CheckSpec; 16] = [
    LIST_EVENTS,
    LIST_MATCHES_SHOW,
    CREATE,
    SHOW_CREATED,
    LIST_CREATED,
    UPDATE,
    SHOW_UPDATED,
    DELETE,
    SHOW_DELETED,
    DELETE_AGAIN,
    INVALID_NAME,
    CONTENT_NOT_BASE64,
    CONTENT_OVER_LIMIT,
    DUPLICATE_NAME,
    QUOTA,
    CLEANUP,
];

/// The reason of a check skipped because of SIGINT.
const INTERRUPTED: &str = "interrupted by SIGINT";

/// The error code of a duplicate event.
const DUPLICATE_CODE: &str = "FSS.1073";

/// The error code of a function over its event quota.
const QUOTA_CODE: &str = "FSS.1068";

/// The selection of checks that write to the account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteChecks {
    /// Run only the checks that write nothing: the ShowEvent suite and ListEvents.
    pub read_only: bool,
    /// Fill the function to 10 events to check that an 11th is rejected.
    pub quota: bool,
}

/// Runs the ShowEvent suite, then ListEvents and, unless `writes.read_only`, the lifecycle,
/// negative and quota checks; then deletes every event the run created.
///
/// After `interrupt` is set, no further check is sent: the remaining ones are reported as
/// skipped, the created events are still deleted and the report is returned.
///
/// # Errors
///
/// Returns the error of the first request when it shows that the server cannot be reached.
pub async fn run_all(
    client: &Client,
    target: &Target,
    writes: WriteChecks,
    interrupt: &Interrupt,
) -> Result<Report, SendError> {
    let show_event = tokio::select! {
        biased;
        report = super::run(client, target) => Some(report?),
        () = interrupt.wait() => None,
    };
    let mut report = show_event.unwrap_or_else(|| Report {
        endpoint: target.endpoint.to_string(),
        checks: super::CHECKS
            .iter()
            .map(|spec| {
                finish(
                    *spec,
                    Instant::now(),
                    skipped(INTERRUPTED.to_owned()),
                    Vec::new(),
                )
            })
            .collect(),
        drift: Vec::new(),
        stale_deviations: Vec::new(),
        strict: false,
        interrupted: false,
    });

    let function =
        match EventsPath::new(
            target.path.project_id(),
            target.path.function_urn().clone(),
            None,
        ) {
            Ok(function) => function,
            Err(error) => {
                // The project id and URN already form a valid event path, so this is not expected.
                let reason = format!("cannot build the path of the function's events: {error}");
                report.checks.extend(CHECKS.iter().map(|spec| {
                    finish(*spec, Instant::now(), skipped(reason.clone()), Vec::new())
                }));
                return Ok(report);
            }
        };

    let mut suite = Lifecycle::new(client, target, function, writes, interrupt.clone());
    suite.run().await;
    suite
        .checks
        .sort_by_key(|check| CHECKS.iter().position(|spec| spec.id == check.id));
    report.checks.extend(suite.checks);
    for warning in suite.drift {
        if !report.drift.contains(&warning) {
            report.drift.push(warning);
        }
    }
    Ok(report)
}

/// The reason a request got no response.
#[derive(Debug)]
enum Failure {
    Send(SendError),
    Interrupted,
    /// The response to a create request was lost, and ListEvents then showed the event `id`
    /// with the name sent, so the request created it.
    Adopted {
        id: String,
        list: Box<Observed>,
    },
}

/// The state of the checks after the ShowEvent suite.
struct Lifecycle<'a> {
    client: &'a Client,
    target: &'a Target,
    writes: WriteChecks,
    interrupt: Interrupt,
    /// The path of the function's events, which every create and list uses.
    function: EventsPath,
    /// 8 random hex digits in the name of every event the run creates.
    tag: String,
    ledger: Ledger,
    checks: Vec<CheckReport>,
    drift: Vec<DriftWarning>,
}

impl<'a> Lifecycle<'a> {
    fn new(
        client: &'a Client,
        target: &'a Target,
        function: EventsPath,
        writes: WriteChecks,
        interrupt: Interrupt,
    ) -> Self {
        // The client's seeded generator gives a replay the same names as the recorded run.
        let tag = client.random_uuid().simple().to_string()[..8].to_owned();
        Lifecycle {
            client,
            target,
            writes,
            interrupt,
            function,
            tag,
            ledger: Ledger::default(),
            checks: Vec::new(),
            drift: Vec::new(),
        }
    }

    async fn run(&mut self) {
        let existing = self.list_events().await;
        self.list_matches_show().await;
        if self.writes.read_only {
            return;
        }
        tracing::info!(tag = %self.tag, "creating test events named `fgsc-{}`", self.tag);
        let mut protected = existing;
        protected.extend(self.target.path.event_id().map(str::to_owned));
        self.ledger = Ledger::new(protected);

        self.event_life().await;
        self.rejected_creates().await;
        self.quota().await;
        self.cleanup().await;
    }

    /// The name of the run's event with `suffix`, or its main event for an empty suffix.
    fn name(&self, suffix: &str) -> String {
        if suffix.is_empty() {
            format!("fgsc-{}", self.tag)
        } else {
            format!("fgsc-{}-{suffix}", self.tag)
        }
    }

    /// Base64 of a small JSON document naming the run and the step.
    fn content(&self, step: &str) -> String {
        let document = serde_json::json!({"fgs_contract": self.tag, "step": step});
        STANDARD.encode(document.to_string())
    }

    async fn event_life(&mut self) {
        const AFTER_CREATE: [CheckSpec; 8] = [
            SHOW_CREATED,
            LIST_CREATED,
            DUPLICATE_NAME,
            UPDATE,
            SHOW_UPDATED,
            DELETE,
            SHOW_DELETED,
            DELETE_AGAIN,
        ];
        let name = self.name("");
        let created = self.content("create");
        let Some(id) = self.create_event(&name, &created).await else {
            let reason = self.skip_reason(format!("{} created no event", CREATE.id));
            for spec in AFTER_CREATE {
                self.push_skipped(spec, reason.clone());
            }
            return;
        };

        self.show_created(&id, &name, &created).await;
        self.list_created(&id, &name).await;
        self.duplicate_name(&name, &created).await;
        let updated = self.content("update");
        self.update(&id, &name, &updated).await;
        self.show_updated(&id, &updated).await;
        if self.delete(&id).await {
            self.show_deleted(&id).await;
            self.delete_again(&id).await;
        } else {
            let reason = self.skip_reason(format!("{} did not delete the event", DELETE.id));
            for spec in [SHOW_DELETED, DELETE_AGAIN] {
                self.push_skipped(spec, reason.clone());
            }
        }
    }

    async fn rejected_creates(&mut self) {
        let content = self.content("rejected");
        let invalid_name = format!("0{}", self.name(""));
        self.expect_rejected_create(INVALID_NAME, &invalid_name, &content)
            .await;

        let name = self.name("b");
        self.expect_rejected_create(CONTENT_NOT_BASE64, &name, NOT_BASE64)
            .await;

        let name = self.name("c");
        let over_limit = over_limit_content();
        self.expect_rejected_create(CONTENT_OVER_LIMIT, &name, &over_limit)
            .await;
    }

    /// Sends a request that creates nothing and decodes the response as `operation`. It stops
    /// at once on SIGINT.
    async fn send(
        &mut self,
        check: &'static str,
        operation: Operation,
        path: &EventsPath,
        body: Option<Vec<u8>>,
    ) -> Result<Observed, Failure> {
        self.send_expecting(check, operation, path, body, |_, _| false)
            .await
    }

    /// Sends a request as [`Lifecycle::send`] does, keeping out of the report the drift that
    /// `expected` accepts for the exchange, because the check expects it.
    async fn send_expecting(
        &mut self,
        check: &'static str,
        operation: Operation,
        path: &EventsPath,
        body: Option<Vec<u8>>,
        expected: impl Fn(&Exchange, &Drift) -> bool,
    ) -> Result<Observed, Failure> {
        let method = match operation.method() {
            "POST" => Method::POST,
            "PUT" => Method::PUT,
            "DELETE" => Method::DELETE,
            _ => Method::GET,
        };
        let url = path.url(self.target.endpoint.as_str(), ColonEncoding::Raw);
        let request = authorized(self.target, method, url);
        let exchange = tokio::select! {
            biased;
            result = self.client.send_with_body(&request, body.as_deref()) => {
                result.map_err(Failure::Send)?
            }
            () = self.interrupt.wait() => return Err(Failure::Interrupted),
        };
        Ok(self.observe(check, operation, exchange, expected))
    }

    /// Decodes `exchange` as a response of `operation` and keeps its drift, with any echo of
    /// the token replaced by `[redacted]`.
    fn observe(
        &mut self,
        check: &'static str,
        operation: Operation,
        mut exchange: Exchange,
        expected: impl Fn(&Exchange, &Drift) -> bool,
    ) -> Observed {
        let mut decoded = fgs_model::decode_response(
            operation,
            exchange.status,
            exchange.header("content-type"),
            &exchange.body,
        );
        let secrets = secrets_of(&self.target.credentials);
        let echoed_token = redact_exchange(&mut exchange, &secrets);
        redact_decoded(&mut decoded, &secrets);
        for drift in decoded
            .drift
            .iter()
            .filter(|drift| !expected(&exchange, drift))
        {
            self.add_drift(DriftWarning {
                check,
                location: drift.location.to_string(),
                kind: drift.kind.id().to_owned(),
                found: drift.found.clone(),
                accepted: None,
            });
        }
        Observed {
            exchange,
            decoded,
            echoed_token,
        }
    }

    fn add_drift(&mut self, warning: DriftWarning) {
        let seen = self.drift.iter().any(|known| {
            known.location == warning.location
                && known.kind == warning.kind
                && known.found == warning.found
        });
        if !seen {
            self.drift.push(warning);
        }
    }

    /// Sends a create request for `name` and records in the ledger any event it created. The
    /// body is sent as given, without the model's checks, so that rejected values can be sent.
    ///
    /// The request goes through [`Client::create_event`], which lists the events before it
    /// sends a POST again whose response was lost, so the run never creates an event twice. A
    /// create runs to its end even after SIGINT, so that an event it makes gets into the ledger.
    async fn create(
        &mut self,
        check: &'static str,
        name: &str,
        content: &str,
    ) -> (Result<Observed, Failure>, Option<Finding>) {
        let body = CreateEventRequest {
            name: name.to_owned(),
            content: content.to_owned(),
        }
        .to_json();
        let function = self.function.clone();
        let url = function.url(self.target.endpoint.as_str(), ColonEncoding::Raw);
        let post = authorized(self.target, Method::POST, url.clone());
        let list = authorized(self.target, Method::GET, url);
        let result = match self.client.create_event(&post, &body, &list, name).await {
            Ok(Created::Answered(exchange)) => {
                Ok(self.observe(check, Operation::CreateEvent, exchange, |_, _| false))
            }
            Ok(Created::Adopted { id, list }) => {
                let list = self.observe(check, Operation::ListEvents, list, |_, _| false);
                Err(Failure::Adopted {
                    id,
                    list: Box::new(list),
                })
            }
            Err(error) => Err(Failure::Send(error)),
        };

        let mut ledger_finding = None;
        let mut record_created = |ledger: &mut Ledger, id: &str| {
            tracing::info!(%id, %name, "created an event");
            if let Err(error) = ledger.record_created(&function, name, id) {
                ledger_finding = Some(Finding {
                    location: "/id".to_owned(),
                    rule: "created-id".to_owned(),
                    expected: "the id of a new event".to_owned(),
                    found: error.to_string(),
                });
            }
        };
        match &result {
            Ok(observed) if (200..300).contains(&observed.exchange.status) => {
                match created_id(&observed.exchange.body) {
                    Some(id) => record_created(&mut self.ledger, &id),
                    None => self.ledger.record_unconfirmed(
                        name,
                        format!(
                            "the create response (status {}) returned no id",
                            observed.exchange.status
                        ),
                    ),
                }
            }
            // The gateway responded for a server that may have acted on the request.
            Ok(observed) if (502..=504).contains(&observed.exchange.status) => {
                self.ledger.record_unconfirmed(
                    name,
                    format!(
                        "the create request got status {} from the gateway",
                        observed.exchange.status
                    ),
                );
            }
            // Every listed event with the name belongs to the run, because a server that ignores
            // the unique-name rule may list a second one beside the one found.
            Err(Failure::Adopted { id, list }) => {
                record_created(&mut self.ledger, id);
                for other in named_ids(list, name).iter().filter(|other| *other != id) {
                    record_created(&mut self.ledger, other);
                }
            }
            // After these errors no request reached a server, because the connection failed,
            // the URL was never sent, or the replayed recording has another request here.
            Err(Failure::Send(
                SendError::Connect { .. }
                | SendError::InvalidUrl { .. }
                | SendError::ReplayMismatch { .. },
            )) => {}
            Err(Failure::Send(error)) => {
                self.ledger.record_unconfirmed(
                    name,
                    format!("the create request got no response: {error}"),
                );
            }
            _ => {}
        }
        (result, ledger_finding)
    }

    async fn list_events(&mut self) -> Vec<String> {
        let started = Instant::now();
        if self.stopped(LIST_EVENTS) {
            return Vec::new();
        }
        let function = self.function.clone();
        let result = self
            .send(LIST_EVENTS.id, Operation::ListEvents, &function, None)
            .await;
        let exchanges = exchanges_of(&result);
        let configured = self.target.path.event_id().unwrap_or_default().to_owned();
        let (outcome, ids) = match expect_success(&result, Operation::ListEvents) {
            Err(outcome) => (outcome, Vec::new()),
            Ok(Response::ListEvents(list)) => {
                let ids: Vec<String> = list.events.iter().map(|event| event.id.clone()).collect();
                let outcome = if ids.contains(&configured) {
                    pass(format!(
                        "{}, the configured one among them",
                        events(list.count)
                    ))
                } else {
                    fail(
                        format!("the configured event `{configured}` is not listed"),
                        vec![Finding {
                            location: "/events".to_owned(),
                            rule: "lists-event".to_owned(),
                            expected: format!("an event with `id` `{configured}`"),
                            found: format!("{} without it", events(ids.len() as u64)),
                        }],
                    )
                };
                (outcome, ids)
            }
            Ok(other) => (unexpected(other), Vec::new()),
        };
        self.push(LIST_EVENTS, started, outcome, exchanges);
        ids
    }

    /// Compares the configured event as ShowEvent and ListEvents return it. A response that is
    /// not documented makes the check skip, because the checks of that response report it.
    async fn list_matches_show(&mut self) {
        let started = Instant::now();
        if self.stopped(LIST_MATCHES_SHOW) {
            return;
        }
        // Both responses repeat ones that show-event.success and list-events.contains-event
        // judge, drift included, so their drift is not reported twice.
        let path = self.target.path.clone();
        let shown = self
            .send_expecting(
                LIST_MATCHES_SHOW.id,
                Operation::ShowEvent,
                &path,
                None,
                |_, _| true,
            )
            .await;
        let function = self.function.clone();
        let listed = self
            .send_expecting(
                LIST_MATCHES_SHOW.id,
                Operation::ListEvents,
                &function,
                None,
                |_, _| true,
            )
            .await;
        let mut exchanges = exchanges_of(&shown);
        exchanges.extend(exchanges_of(&listed));

        let (Ok(Response::ShowEvent(event)), Ok(Response::ListEvents(list))) = (
            expect_success(&shown, Operation::ShowEvent),
            expect_success(&listed, Operation::ListEvents),
        ) else {
            let reason = self.skip_reason(format!(
                "no documented ShowEvent and ListEvents bodies to compare; {} and {} judge them",
                super::SUCCESS.id,
                LIST_EVENTS.id
            ));
            return self.push_skipped(LIST_MATCHES_SHOW, reason);
        };
        let Some((index, summary)) = list
            .events
            .iter()
            .enumerate()
            .find(|(_, summary)| summary.id == event.id)
        else {
            let reason = format!("the event is not listed, which {} reports", LIST_EVENTS.id);
            return self.push_skipped(LIST_MATCHES_SHOW, reason);
        };

        let mut findings = compare(
            &format!("/events/{index}/name"),
            "the name ShowEvent returns",
            &event.name,
            &summary.name,
        );
        if summary.last_modified != event.last_modified {
            findings.push(Finding {
                location: format!("/events/{index}/last_modified"),
                rule: "same-value".to_owned(),
                expected: format!(
                    "the `last_modified` ShowEvent returns, {}",
                    seconds(event.last_modified)
                ),
                found: seconds(summary.last_modified),
            });
        }
        let outcome = if findings.is_empty() {
            pass(format!(
                "the same name and `last_modified` ({})",
                seconds(event.last_modified)
            ))
        } else {
            fail(
                "ListEvents and ShowEvent describe the event differently".to_owned(),
                findings,
            )
        };
        self.push(LIST_MATCHES_SHOW, started, outcome, exchanges);
    }

    async fn create_event(&mut self, name: &str, content: &str) -> Option<String> {
        let started = Instant::now();
        if self.stopped(CREATE) {
            return None;
        }
        // A request the model rejects is never sent.
        if let Err(error) = CreateEventRequest::new(name, content) {
            self.push(CREATE, started, skipped(error.to_string()), Vec::new());
            return None;
        }
        let (result, ledger_finding) = self.create(CREATE.id, name, content).await;
        let exchanges = exchanges_of(&result);
        if let Err(Failure::Adopted { id, .. }) = &result {
            // The status and body of the create response are unknown, but the event exists,
            // so the checks that depend on it still run.
            let outcome = match ledger_finding {
                Some(finding) => fail(
                    "the event listed under the name sent cannot be recorded as this run's"
                        .to_owned(),
                    vec![finding],
                ),
                None => skipped(format!(
                    "the create response was lost, and ListEvents shows `{id}` named `{name}`"
                )),
            };
            let id = id.clone();
            self.push(CREATE, started, outcome, exchanges);
            return Some(id).filter(|id| self.ledger.path(id).is_ok());
        }
        let mut id = None;
        let outcome = match expect_success(&result, Operation::CreateEvent) {
            Err(outcome) => outcome,
            Ok(Response::CreateEvent(created)) => {
                let mut findings: Vec<Finding> = ledger_finding.into_iter().collect();
                findings.extend(compare("/name", "the name sent", name, &created.name));
                if findings.is_empty() {
                    id = Some(created.id.clone());
                    pass(format!("created `{}` named `{name}`", created.id))
                } else {
                    fail(
                        "the created event differs from the request".to_owned(),
                        findings,
                    )
                }
            }
            Ok(other) => unexpected(other),
        };
        // A created event whose response broke a rule is still deleted at the end, but the
        // checks that depend on it do not run.
        self.push(CREATE, started, outcome, exchanges);
        id.filter(|id| self.ledger.path(id).is_ok())
    }

    async fn show_created(&mut self, id: &str, name: &str, content: &str) {
        let started = Instant::now();
        if self.stopped(SHOW_CREATED) {
            return;
        }
        let path = self.item_path(id);
        // An event never updated may lack `last_modified`, which this check expects.
        let result = self
            .send_expecting(
                SHOW_CREATED.id,
                Operation::ShowEvent,
                &path,
                None,
                |_, drift| is_absent_at(drift, "/last_modified"),
            )
            .await;
        let exchanges = exchanges_of(&result);
        let outcome = match expect_success(&result, Operation::ShowEvent) {
            Err(outcome) => outcome,
            Ok(Response::ShowEvent(event)) => {
                let mut findings = compare("/id", "the created id", id, &event.id);
                findings.extend(compare("/name", "the name sent", name, &event.name));
                findings.extend(compare(
                    "/content",
                    "the content sent",
                    content,
                    &event.content,
                ));
                if findings.is_empty() {
                    pass("200 with the name and content sent".to_owned())
                } else {
                    fail(
                        "the event differs from the one created".to_owned(),
                        findings,
                    )
                }
            }
            Ok(other) => unexpected(other),
        };
        self.push(SHOW_CREATED, started, outcome, exchanges);
    }

    async fn list_created(&mut self, id: &str, name: &str) {
        let started = Instant::now();
        if self.stopped(LIST_CREATED) {
            return;
        }
        let function = self.function.clone();
        // The created event has never been updated, so it may be listed without
        // `last_modified`, which this check expects.
        let result = self
            .send_expecting(
                LIST_CREATED.id,
                Operation::ListEvents,
                &function,
                None,
                |exchange, drift| {
                    list_position(&exchange.body, id).is_some_and(|index| {
                        is_absent_at(drift, &format!("/events/{index}/last_modified"))
                    })
                },
            )
            .await;
        let exchanges = exchanges_of(&result);
        let outcome = match expect_success(&result, Operation::ListEvents) {
            Err(outcome) => outcome,
            Ok(Response::ListEvents(list)) => {
                match list.events.iter().find(|event| event.id == id) {
                    Some(event) if event.name == name => {
                        pass(format!("listed among {}", events(list.count)))
                    }
                    Some(event) => fail(
                        "the listed event has another name".to_owned(),
                        compare("/events", "the name sent", name, &event.name),
                    ),
                    None => fail(
                        format!("`{id}` is not listed"),
                        vec![Finding {
                            location: "/events".to_owned(),
                            rule: "lists-event".to_owned(),
                            expected: format!("an event with `id` `{id}`"),
                            found: format!("{} without it", events(list.events.len() as u64)),
                        }],
                    ),
                }
            }
            Ok(other) => unexpected(other),
        };
        self.push(LIST_CREATED, started, outcome, exchanges);
    }

    async fn duplicate_name(&mut self, name: &str, content: &str) {
        let started = Instant::now();
        if self.stopped(DUPLICATE_NAME) {
            return;
        }
        let (result, _) = self.create(DUPLICATE_NAME.id, name, content).await;
        let exchanges = exchanges_of(&result);
        let outcome = match &result {
            // The list found the first event by name, so only a second one shows the rule broken.
            Err(Failure::Adopted { list, .. }) => match named_ids(list, name).len() {
                0 | 1 => skipped(format!(
                    "the create response was lost, and ListEvents shows one event named `{name}`"
                )),
                count => fail(
                    format!("ListEvents shows {count} events named `{name}`"),
                    vec![Finding {
                        location: "/events".to_owned(),
                        rule: "unique-name".to_owned(),
                        expected: format!("one event named `{name}`"),
                        found: format!("{count} events"),
                    }],
                ),
            },
            _ => self.expect_error_code(DUPLICATE_NAME, &result, 403, DUPLICATE_CODE),
        };
        self.push(DUPLICATE_NAME, started, outcome, exchanges);
    }

    async fn update(&mut self, id: &str, name: &str, content: &str) {
        let started = Instant::now();
        if self.stopped(UPDATE) {
            return;
        }
        let body = match UpdateEventRequest::new(content) {
            Ok(request) => request.to_json(),
            Err(error) => {
                self.push(UPDATE, started, skipped(error.to_string()), Vec::new());
                return;
            }
        };
        let path = self.item_path(id);
        let result = self
            .send(UPDATE.id, Operation::UpdateEvent, &path, Some(body))
            .await;
        let exchanges = exchanges_of(&result);
        let outcome = match expect_success(&result, Operation::UpdateEvent) {
            Err(outcome) => outcome,
            Ok(Response::UpdateEvent(updated)) => {
                let mut findings = compare("/id", "the updated id", id, &updated.id);
                findings.extend(compare("/name", "the unchanged name", name, &updated.name));
                if findings.is_empty() {
                    pass("200 with the same id and name".to_owned())
                } else {
                    fail("the response names another event".to_owned(), findings)
                }
            }
            Ok(other) => unexpected(other),
        };
        self.push(UPDATE, started, outcome, exchanges);
    }

    async fn show_updated(&mut self, id: &str, content: &str) {
        let started = Instant::now();
        if self.stopped(SHOW_UPDATED) {
            return;
        }
        let path = self.item_path(id);
        let result = self
            .send(SHOW_UPDATED.id, Operation::ShowEvent, &path, None)
            .await;
        let exchanges = exchanges_of(&result);
        let outcome = match expect_success(&result, Operation::ShowEvent) {
            Err(outcome) => outcome,
            Ok(Response::ShowEvent(event)) => {
                let mut findings = compare(
                    "/content",
                    "the content of the update",
                    content,
                    &event.content,
                );
                if event.last_modified.is_none() {
                    findings.push(Finding {
                        location: "/last_modified".to_owned(),
                        rule: "last-modified-after-update".to_owned(),
                        expected: "whole Unix seconds after an update".to_owned(),
                        found: "none".to_owned(),
                    });
                }
                match (findings.is_empty(), event.last_modified) {
                    (true, Some(seconds)) => {
                        pass(format!("the new content, `last_modified` {seconds}"))
                    }
                    _ => fail("the update is not shown".to_owned(), findings),
                }
            }
            Ok(other) => unexpected(other),
        };
        self.push(SHOW_UPDATED, started, outcome, exchanges);
    }

    /// Deletes the event and returns whether the response was 204.
    async fn delete(&mut self, id: &str) -> bool {
        let started = Instant::now();
        if self.stopped(DELETE) {
            return false;
        }
        let path = self.item_path(id);
        let result = self
            .send(DELETE.id, Operation::DeleteEvent, &path, None)
            .await;
        let exchanges = exchanges_of(&result);
        let (outcome, deleted) = match expect_success(&result, Operation::DeleteEvent) {
            Err(outcome) => {
                let gone = matches!(&result, Ok(observed) if observed.exchange.status == 204);
                (outcome, gone)
            }
            Ok(_) => (pass("204 with an empty body".to_owned()), true),
        };
        if deleted {
            self.ledger.mark_deleted(id);
        }
        self.push(DELETE, started, outcome, exchanges);
        deleted
    }

    async fn show_deleted(&mut self, id: &str) {
        let started = Instant::now();
        if self.stopped(SHOW_DELETED) {
            return;
        }
        let path = self.item_path(id);
        let result = self
            .send(SHOW_DELETED.id, Operation::ShowEvent, &path, None)
            .await;
        let exchanges = exchanges_of(&result);
        let outcome = match expect_error(&result, 404) {
            Ok(error) => pass(format!("404 with `error_code` `{}`", error.error_code)),
            Err(outcome) => outcome,
        };
        self.push(SHOW_DELETED, started, outcome, exchanges);
    }

    async fn delete_again(&mut self, id: &str) {
        let started = Instant::now();
        if self.stopped(DELETE_AGAIN) {
            return;
        }
        let path = self.item_path(id);
        let result = self
            .send(DELETE_AGAIN.id, Operation::DeleteEvent, &path, None)
            .await;
        let exchanges = exchanges_of(&result);
        let outcome = match expect_error(&result, 404) {
            Ok(error) => pass(format!("404 with `error_code` `{}`", error.error_code)),
            Err(outcome) => outcome,
        };
        self.push(DELETE_AGAIN, started, outcome, exchanges);
    }

    async fn expect_rejected_create(&mut self, spec: CheckSpec, name: &str, content: &str) {
        let started = Instant::now();
        if self.stopped(spec) {
            return;
        }
        let (result, _) = self.create(spec.id, name, content).await;
        let exchanges = exchanges_of(&result);
        let outcome = match expect_error(&result, 400) {
            Ok(error) => pass(format!("400 with `error_code` `{}`", error.error_code)),
            Err(outcome) => outcome,
        };
        self.push(spec, started, outcome, exchanges);
    }

    async fn quota(&mut self) {
        let started = Instant::now();
        if !self.writes.quota {
            let reason = "it writes 10 events to the account; pass `--quota-check` to run it";
            self.push(QUOTA, started, skipped(reason.to_owned()), Vec::new());
            return;
        }
        if self.stopped(QUOTA) {
            return;
        }

        let function = self.function.clone();
        let listed = self
            .send(QUOTA.id, Operation::ListEvents, &function, None)
            .await;
        let mut exchanges = exchanges_of(&listed);
        let count = match expect_success(&listed, Operation::ListEvents) {
            Ok(Response::ListEvents(list)) => list.count,
            Ok(other) => return self.push(QUOTA, started, unexpected(other), exchanges),
            Err(outcome) => return self.push(QUOTA, started, outcome, exchanges),
        };

        let missing = MAX_EVENTS_PER_FUNCTION.saturating_sub(count);
        tracing::info!(count, missing, "filling the function to its quota");
        let content = self.content("quota");
        for index in 1..=missing {
            if self.stopped(QUOTA) {
                return;
            }
            let name = self.name(&format!("q{index}"));
            // A request the model rejects is never sent.
            if let Err(error) = CreateEventRequest::new(&name, &content) {
                return self.push(QUOTA, started, skipped(error.to_string()), exchanges);
            }
            let (result, _) = self.create(QUOTA.id, &name, &content).await;
            // An event found by name after a lost response fills the function as well.
            if matches!(result, Err(Failure::Adopted { .. })) {
                continue;
            }
            if let Err(outcome) = expect_success(&result, Operation::CreateEvent) {
                exchanges.extend(exchanges_of(&result));
                let detail = format!(
                    "could not fill the function: create {index} of {missing} failed: {}",
                    outcome.detail()
                );
                let outcome = match outcome {
                    CheckOutcome::Fail { violations, .. } => fail(detail, violations),
                    other => other,
                };
                return self.push(QUOTA, started, outcome, exchanges);
            }
        }

        if self.stopped(QUOTA) {
            return;
        }
        let name = self.name(&format!("q{}", missing + 1));
        let (result, _) = self.create(QUOTA.id, &name, &content).await;
        exchanges.extend(exchanges_of(&result));
        let outcome = self.expect_error_code(QUOTA, &result, 403, QUOTA_CODE);
        self.push(QUOTA, started, outcome, exchanges);
    }

    async fn cleanup(&mut self) {
        let started = Instant::now();
        let created = self.ledger.created().len();
        let leftovers = delete_all(self.client, self.target, &mut self.ledger).await;
        let outcome = if leftovers.is_empty() {
            match created {
                0 => pass("this run created no events".to_owned()),
                1 => pass("deleted the 1 event this run created".to_owned()),
                n => pass(format!("deleted all {n} events this run created")),
            }
        } else {
            for leftover in &leftovers {
                tracing::error!(id = ?leftover.id, name = %leftover.name, error = %leftover.error, "left an event behind");
            }
            fail(
                format!(
                    "{} events of this run are left: {}",
                    leftovers.len(),
                    leftovers
                        .iter()
                        .map(describe)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                leftovers.iter().map(leftover_finding).collect(),
            )
        };
        self.push(CLEANUP, started, outcome, Vec::new());
    }

    /// Judges a response that must have `status` and an error body with `code`; another code
    /// is drift.
    fn expect_error_code(
        &mut self,
        spec: CheckSpec,
        result: &Result<Observed, Failure>,
        status: u16,
        code: &str,
    ) -> CheckOutcome {
        match expect_error(result, status) {
            Err(outcome) => outcome,
            Ok(error) if error.error_code == code => {
                pass(format!("{status} with `error_code` `{code}`"))
            }
            Ok(error) => {
                let found = error.error_code.clone();
                self.add_drift(DriftWarning {
                    check: spec.id,
                    location: "/error_code".to_owned(),
                    kind: "error-code".to_owned(),
                    found: format!("`{found}` where `{code}` is documented"),
                    accepted: None,
                });
                pass(format!(
                    "{status} with `error_code` `{found}`, not `{code}`"
                ))
            }
        }
    }

    /// Returns the path of an event in the ledger. The caller only passes ids that
    /// [`Lifecycle::create_event`] returned, which it returns only once the ledger has a path.
    fn item_path(&self, id: &str) -> EventsPath {
        match self.ledger.path(id) {
            Ok(path) => path.clone(),
            Err(error) => {
                tracing::error!(%error, "no ledger path for an event of this run");
                self.function.clone()
            }
        }
    }

    /// Returns the reason to skip a dependent check: SIGINT when the run was interrupted, else
    /// `reason`.
    fn skip_reason(&self, reason: String) -> String {
        if self.interrupt.is_set() {
            INTERRUPTED.to_owned()
        } else {
            reason
        }
    }

    /// Reports `spec` as skipped and returns true when the run was interrupted.
    fn stopped(&mut self, spec: CheckSpec) -> bool {
        if !self.interrupt.is_set() {
            return false;
        }
        self.push_skipped(spec, INTERRUPTED.to_owned());
        true
    }

    fn push(
        &mut self,
        spec: CheckSpec,
        started: Instant,
        outcome: CheckOutcome,
        exchanges: Vec<Exchange>,
    ) {
        self.checks.push(finish(spec, started, outcome, exchanges));
    }

    fn push_skipped(&mut self, spec: CheckSpec, reason: String) {
        self.push(spec, Instant::now(), skipped(reason), Vec::new());
    }
}

/// Returns a `last_modified` value in backticks, or `none`.
fn seconds(value: Option<u64>) -> String {
    value.map_or_else(|| "none".to_owned(), |seconds| format!("`{seconds}`"))
}

/// Returns whether `drift` is the absence of the documented field at `pointer`.
fn is_absent_at(drift: &Drift, pointer: &str) -> bool {
    drift.kind == DriftKind::AbsentField && drift.location == Location::body(pointer)
}

/// Returns the position of the event `id` in the `events` array of a ListEvents body.
fn list_position(body: &[u8], id: &str) -> Option<usize> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value
        .get("events")?
        .as_array()?
        .iter()
        .position(|event| event.get("id").and_then(serde_json::Value::as_str) == Some(id))
}

/// Content that is not base64: `!` is outside the alphabet.
const NOT_BASE64: &str = "!!not-base64!!";

/// Base64 of a JSON document 4 characters longer than the 16384 the parameter table allows,
/// whose 12291 decoded bytes are also over the 4 KB of `FSS.1069`.
fn over_limit_content() -> String {
    let bytes = (MAX_CONTENT_CHARS + 4) / 4 * 3;
    let document = format!("{{\"k\":\"{}\"}}", "v".repeat(bytes - 8));
    STANDARD.encode(document)
}

/// Returns the `id` string of a create response body, read leniently so that an event is
/// recorded even when the rest of the body breaks a rule.
fn created_id(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value
        .get("id")?
        .as_str()
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
}

/// Judges a response that must have the documented success status of `operation` and a
/// conforming body, returning the body.
fn expect_success(
    result: &Result<Observed, Failure>,
    operation: Operation,
) -> Result<&Response, CheckOutcome> {
    let observed = observed(result)?;
    let status = observed.exchange.status;
    let expected = operation.success_status();
    let mut findings: Vec<Finding> = observed.decoded.violations().iter().map(finding).collect();
    if status != expected {
        findings.insert(0, status_finding(expected, status));
        return Err(fail(
            format!("expected status {expected}, found {status}"),
            findings,
        ));
    }
    if !findings.is_empty() {
        return Err(fail(
            format!("{} violations in the {status} response", findings.len()),
            findings,
        ));
    }
    match &observed.decoded.outcome {
        Outcome::Success(response) => Ok(response),
        other => Err(fail(format!("no documented body: {other:?}"), Vec::new())),
    }
}

/// Judges a response that must have `status` and a documented error body, returning the body.
fn expect_error(
    result: &Result<Observed, Failure>,
    status: u16,
) -> Result<&ErrorBody, CheckOutcome> {
    let observed = observed(result)?;
    let found = observed.exchange.status;
    let mut findings: Vec<Finding> = observed.decoded.violations().iter().map(finding).collect();
    if found != status {
        findings.insert(0, status_finding(status, found));
        return Err(fail(
            format!("expected status {status}, found {found}"),
            findings,
        ));
    }
    if !findings.is_empty() {
        return Err(fail(
            format!("{} violations in the {status} error body", findings.len()),
            findings,
        ));
    }
    match &observed.decoded.outcome {
        Outcome::Error(error) => Ok(error),
        other => Err(fail(
            format!("no documented error body: {other:?}"),
            Vec::new(),
        )),
    }
}

fn observed(result: &Result<Observed, Failure>) -> Result<&Observed, CheckOutcome> {
    match result {
        Ok(observed) => Ok(observed),
        Err(Failure::Send(error)) => Err(fail(error.to_string(), Vec::new())),
        Err(Failure::Interrupted) => Err(skipped(INTERRUPTED.to_owned())),
        Err(Failure::Adopted { id, .. }) => Err(fail(
            format!(
                "the create response was lost, and ListEvents shows the event `{id}` it created"
            ),
            vec![Finding {
                location: "status".to_owned(),
                rule: "rejected-create".to_owned(),
                expected: "a rejected create request".to_owned(),
                found: format!("the event `{id}`, listed by the name sent"),
            }],
        )),
    }
}

/// Fails a check whose response decoded as another operation's, which the decoder prevents.
fn unexpected(response: &Response) -> CheckOutcome {
    fail(
        format!("decoded as another operation: {response:?}"),
        Vec::new(),
    )
}

/// Returns a finding at `location` when `found` is not `expected`.
fn compare(location: &str, what: &str, expected: &str, found: &str) -> Vec<Finding> {
    if expected == found {
        return Vec::new();
    }
    vec![Finding {
        location: location.to_owned(),
        rule: "same-value".to_owned(),
        expected: format!("{what}, `{expected}`"),
        found: format!("`{found}`"),
    }]
}

fn exchanges_of(result: &Result<Observed, Failure>) -> Vec<Exchange> {
    match result {
        Ok(observed) => vec![observed.exchange.clone()],
        Err(Failure::Adopted { list, .. }) => vec![list.exchange.clone()],
        Err(Failure::Send(_) | Failure::Interrupted) => Vec::new(),
    }
}

/// Returns the ids of the events called `name` in a decoded ListEvents response.
fn named_ids(list: &Observed, name: &str) -> Vec<String> {
    let Outcome::Success(Response::ListEvents(events)) = &list.decoded.outcome else {
        return Vec::new();
    };
    events
        .events
        .iter()
        .filter(|event| event.name == name)
        .map(|event| event.id.clone())
        .collect()
}

/// Returns `1 event` or `N events`.
fn events(count: u64) -> String {
    if count == 1 {
        "1 event".to_owned()
    } else {
        format!("{count} events")
    }
}

fn describe(leftover: &Leftover) -> String {
    match &leftover.id {
        Some(id) => format!("`{id}` ({})", leftover.name),
        None => format!("an event named `{}` of unknown id", leftover.name),
    }
}

fn leftover_finding(leftover: &Leftover) -> Finding {
    let location = match &leftover.id {
        Some(id) => format!("event {id}"),
        None => format!("event named {}", leftover.name),
    };
    Finding {
        location,
        rule: "cleanup".to_owned(),
        expected: format!("`{}` deleted", leftover.name),
        found: leftover.error.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fgs_model::request::MAX_EVENT_DATA_BYTES;
    use fgs_model::{check_content, check_event_name, ContentLimit, ContentRules};

    fn rules(limit: ContentLimit) -> ContentRules {
        ContentRules {
            limit,
            require_json: false,
        }
    }

    #[test]
    fn over_limit_content_breaks_both_readings() {
        let content = over_limit_content();
        assert_eq!(content.len(), MAX_CONTENT_CHARS + 4);
        assert!(check_content(&content, rules(ContentLimit::Base64Characters)).is_err());
        let error = check_content(&content, rules(ContentLimit::DecodedFourKib)).unwrap_err();
        assert!(error.is_event_data_size(), "{error}");
        assert!(STANDARD.decode(&content).unwrap().len() > MAX_EVENT_DATA_BYTES);
    }

    #[test]
    fn not_base64_content_is_rejected_by_model() {
        assert!(check_content(NOT_BASE64, rules(ContentLimit::Base64Characters)).is_err());
        assert!(check_content(NOT_BASE64, rules(ContentLimit::DecodedFourKib)).is_err());
    }

    #[test]
    fn run_names_follow_name_rule() {
        let tag = "0a1b2c3d";
        for suffix in ["", "b", "c", "q1", "q11"] {
            let name = if suffix.is_empty() {
                format!("fgsc-{tag}")
            } else {
                format!("fgsc-{tag}-{suffix}")
            };
            assert_eq!(check_event_name(&name), Ok(()), "{name}");
            assert!(check_event_name(&format!("0{name}")).is_err(), "{name}");
        }
    }

    #[test]
    fn created_id_reads_id_leniently() {
        assert_eq!(
            created_id(br#"{"id":"e1","name":7}"#),
            Some("e1".to_owned())
        );
        assert_eq!(created_id(br#"{"id":""}"#), None);
        assert_eq!(created_id(br#"[{"id":"e1"}]"#), None);
        assert_eq!(created_id(b"not json"), None);
    }

    #[test]
    fn check_ids_are_unique_across_suites() {
        let mut ids: Vec<&str> = CHECKS
            .iter()
            .chain(super::super::CHECKS.iter())
            .map(|spec| spec.id)
            .collect();
        let total = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), total);
    }

    #[test]
    fn compare_names_both_values() {
        assert_eq!(compare("/name", "the name sent", "a", "a"), Vec::new());
        let findings = compare("/name", "the name sent", "a", "b");
        assert_eq!(findings[0].expected, "the name sent, `a`");
        assert_eq!(findings[0].found, "`b`");
    }
}
