//! The ShowEvent check suite: each check sends requests through [`Client`], judges the
//! responses with the model's decoder and returns a verdict.

use std::time::Instant;

use fgs_model::path::{ColonEncoding, EventsPath};
use fgs_model::{
    decode_response, Decoded, DriftKind, FunctionUrn, Operation, Outcome, Response, Rule,
    ShowEventResponse, Violation,
};
use reqwest::Method;

use crate::client::{Client, Exchange, Request, SendError};
use crate::config::Target;
use crate::report::{CheckOutcome, CheckReport, DriftWarning, Finding, Report};
use fgs_model::secret::Secret;

/// A check's fixed description: its id, what it does and the documented rule it enforces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckSpec {
    /// A stable identifier, `<operation>.<case>`.
    pub id: &'static str,
    /// One line saying what the check does.
    pub description: &'static str,
    /// The documented rule the check enforces.
    pub rule: &'static str,
}

/// A known event is returned with status 200 and a body that decodes with no violation.
pub const SUCCESS: CheckSpec = CheckSpec {
    id: "show-event.success",
    description: "a known event is returned with status 200 and a documented body",
    rule: "ShowEvent answers 200 with `id`, `name` and `content` strings and `last_modified` in whole Unix seconds",
};

/// Every response is labelled `application/json`.
pub const CONTENT_TYPE: CheckSpec = CheckSpec {
    id: "show-event.content-type",
    description: "every response of the run is labelled `application/json`",
    rule: "response bodies are JSON sent as `Content-Type: application/json`",
};

/// Every response carries `X-Request-Id`; its absence is drift.
pub const REQUEST_ID: CheckSpec = CheckSpec {
    id: "show-event.request-id",
    description: "every response carries a non-empty `X-Request-Id` header",
    rule: "the official SDKs read the request id from `X-Request-Id`; its absence is drift, an empty value a failure",
};

/// An unknown event id gets 404 and an error body.
pub const UNKNOWN_EVENT: CheckSpec = CheckSpec {
    id: "show-event.unknown-event",
    description: "an unknown event id gets 404 and an error body",
    rule: "ShowEvent answers 404 with `error_code` and `error_msg` when the event does not exist",
};

/// An unknown function gets 404 and an error body.
pub const UNKNOWN_FUNCTION: CheckSpec = CheckSpec {
    id: "show-event.unknown-function",
    description: "an event of an unknown function gets 404 and an error body",
    rule:
        "ShowEvent answers 404 with `error_code` and `error_msg` when the function does not exist",
};

/// A request without a token gets 401 and an error body.
pub const MISSING_TOKEN: CheckSpec = CheckSpec {
    id: "show-event.missing-token",
    description: "a request without `X-Auth-Token` gets 401 and an error body",
    rule:
        "`X-Auth-Token` is mandatory; requests without it get 401 with `error_code` and `error_msg`",
};

/// A request with a wrong token gets 401 and an error body.
pub const WRONG_TOKEN: CheckSpec = CheckSpec {
    id: "show-event.wrong-token",
    description: "a request with a wrong `X-Auth-Token` gets 401 and an error body",
    rule: "an invalid token gets 401 with `error_code` and `error_msg`",
};

/// A URN that breaks the documented grammar gets 400.
pub const INVALID_URN: CheckSpec = CheckSpec {
    id: "show-event.invalid-urn",
    description: "a function URN whose name starts with a digit gets 400 and an error body",
    rule: "a function name starts with a letter; an invalid URN gets 400 with `error_code` and `error_msg`",
};

/// Raw and percent-encoded colons in the URN reach the same resource.
pub const COLON_ENCODING: CheckSpec = CheckSpec {
    id: "show-event.colon-encoding",
    description: "the URN with raw `:` and with `%3A` gets the same status and body",
    rule: "clients send the URN with raw colons (Go SDK, Terraform) or `%3A` (Python SDK); both name the same function",
};

/// The event content is padded base64 of a JSON document.
pub const CONTENT: CheckSpec = CheckSpec {
    id: "show-event.content",
    description: "the event `content` decodes as padded standard base64 of a JSON document",
    rule: "`content` is the base64 encoding of a JSON string",
};

/// Every check of the suite, in report order.
pub const CHECKS: [CheckSpec; 10] = [
    SUCCESS,
    CONTENT_TYPE,
    REQUEST_ID,
    UNKNOWN_EVENT,
    UNKNOWN_FUNCTION,
    MISSING_TOKEN,
    WRONG_TOKEN,
    INVALID_URN,
    COLON_ENCODING,
    CONTENT,
];

/// The location of a status finding, as the model prints it.
const STATUS: &str = "status";

/// The rule id of a status finding that the model does not judge: a documented status that is
/// not the one this case calls for.
const EXPECTED_STATUS_RULE: &str = "expected-status";

/// A response and the model's reading of it.
#[derive(Clone, Debug)]
struct Observed {
    exchange: Exchange,
    decoded: Decoded,
}

/// The state of one run: the target, every response so far, and the drift found.
struct Run<'a> {
    client: &'a Client,
    target: &'a Target,
    /// Every response, with the check that asked for it.
    observed: Vec<(&'static str, Observed)>,
    drift: Vec<DriftWarning>,
}

/// Runs every check against `target` and returns the report.
///
/// # Errors
///
/// Returns the error of the first request when it shows that the server cannot be reached
/// (connection refused, DNS or TLS failure, timeout). Any later failure to send becomes the
/// failure of the check that sent the request.
pub async fn run(client: &Client, target: &Target) -> Result<Report, SendError> {
    let mut run = Run {
        client,
        target,
        observed: Vec::new(),
        drift: Vec::new(),
    };
    let mut checks = Vec::with_capacity(CHECKS.len());

    let started = Instant::now();
    let primary = run
        .send(SUCCESS.id, &target.path, ColonEncoding::Raw, Auth::Token)
        .await;
    let primary = match primary {
        Err(err) if err.is_unreachable() => return Err(err),
        other => other,
    };
    checks.push(finish(
        SUCCESS,
        started,
        check_success(&primary),
        exchanges_of(&primary),
    ));

    let started = Instant::now();
    checks.push(finish(
        CONTENT,
        started,
        check_content(&primary),
        exchanges_of(&primary),
    ));

    checks.push(
        run.expect_error(UNKNOWN_EVENT, unknown_event_path(target), Auth::Token, 404)
            .await,
    );
    checks.push(run.unknown_function().await);
    checks.push(
        run.expect_error(MISSING_TOKEN, Ok(target.path.clone()), Auth::None, 401)
            .await,
    );
    checks.push(
        run.expect_error(WRONG_TOKEN, Ok(target.path.clone()), Auth::Wrong, 401)
            .await,
    );
    checks.push(run.invalid_urn().await);
    checks.push(run.colon_encoding(&primary).await);

    // These two judge every response of the run, so they come last.
    checks.push(run.content_type());
    checks.push(run.request_id());

    checks.sort_by_key(|check| CHECKS.iter().position(|spec| spec.id == check.id));
    Ok(Report {
        endpoint: target.endpoint.to_string(),
        checks,
        drift: run.drift,
    })
}

/// The token a request carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Auth {
    /// The configured token.
    Token,
    /// No `X-Auth-Token` header.
    None,
    /// A random token that no server can have issued.
    Wrong,
}

impl Run<'_> {
    /// Sends a ShowEvent request for `path` and keeps the response and its drift.
    async fn send(
        &mut self,
        check: &'static str,
        path: &EventsPath,
        colons: ColonEncoding,
        auth: Auth,
    ) -> Result<Observed, SendError> {
        let token = match auth {
            Auth::Token => Some(self.target.token.clone()),
            Auth::None => None,
            Auth::Wrong => Some(Secret::from(format!(
                "fgs-contract-wrong-{}",
                uuid::Uuid::new_v4()
            ))),
        };
        let request = Request {
            method: Method::GET,
            url: path.url(self.target.endpoint.as_str(), colons),
            token,
        };
        let exchange = self.client.send(&request).await?;
        Ok(self.observe(check, exchange))
    }

    /// Decodes `exchange`, records its drift and keeps it for the checks that judge every
    /// response.
    fn observe(&mut self, check: &'static str, exchange: Exchange) -> Observed {
        let decoded = decode_response(
            Operation::ShowEvent,
            exchange.status,
            exchange.header("content-type"),
            &exchange.body,
        );
        for drift in &decoded.drift {
            let warning = DriftWarning {
                check,
                location: drift.location.to_string(),
                kind: drift.kind.id().to_owned(),
                found: drift.found.clone(),
            };
            let seen = self.drift.iter().any(|known| {
                known.location == warning.location
                    && known.kind == warning.kind
                    && known.found == warning.found
            });
            if !seen {
                self.drift.push(warning);
            }
        }
        let observed = Observed { exchange, decoded };
        self.observed.push((check, observed.clone()));
        observed
    }

    /// Sends one request that must be answered with `status` and a documented error body.
    async fn expect_error(
        &mut self,
        spec: CheckSpec,
        path: Result<EventsPath, String>,
        auth: Auth,
        status: u16,
    ) -> CheckReport {
        let started = Instant::now();
        let path = match path {
            Ok(path) => path,
            Err(reason) => return finish(spec, started, skipped(reason), Vec::new()),
        };
        let result = self.send(spec.id, &path, ColonEncoding::Raw, auth).await;
        let outcome = judge_error(&result, status);
        finish(spec, started, outcome, exchanges_of(&result))
    }

    async fn unknown_function(&mut self) -> CheckReport {
        let path = unknown_function_urn(self.target.path.function_urn()).and_then(|urn| {
            let event_id = self.target.path.event_id().unwrap_or_default();
            EventsPath::new(self.target.path.project_id(), urn, Some(event_id))
                .map_err(|err| format!("cannot build the request path: {err}"))
        });
        self.expect_error(UNKNOWN_FUNCTION, path, Auth::Token, 404)
            .await
    }

    async fn invalid_urn(&mut self) -> CheckReport {
        let started = Instant::now();
        let url = match invalid_urn_url(self.target) {
            Ok(url) => url,
            Err(reason) => return finish(INVALID_URN, started, skipped(reason), Vec::new()),
        };
        let request = Request {
            method: Method::GET,
            url,
            token: Some(self.target.token.clone()),
        };
        let result = match self.client.send(&request).await {
            Ok(exchange) => Ok(self.observe(INVALID_URN.id, exchange)),
            Err(err) => Err(err),
        };
        let outcome = judge_error(&result, 400);
        finish(INVALID_URN, started, outcome, exchanges_of(&result))
    }

    async fn colon_encoding(&mut self, raw: &Result<Observed, SendError>) -> CheckReport {
        let started = Instant::now();
        let Ok(raw) = raw else {
            let outcome = skipped(format!(
                "no response to the raw-colon request of {}",
                SUCCESS.id
            ));
            return finish(COLON_ENCODING, started, outcome, Vec::new());
        };
        if !self.target.path.function_urn().as_str().contains(':') {
            let outcome = skipped("the function URN has no `:` to encode".to_owned());
            return finish(COLON_ENCODING, started, outcome, Vec::new());
        }
        let path = self.target.path.clone();
        let encoded = self
            .send(
                COLON_ENCODING.id,
                &path,
                ColonEncoding::Percent,
                Auth::Token,
            )
            .await;
        let mut exchanges = vec![raw.exchange.clone()];
        exchanges.extend(exchanges_of(&encoded));
        let outcome = match &encoded {
            Err(err) => fail(err.to_string(), Vec::new()),
            Ok(encoded) => judge_same_response(&raw.exchange, &encoded.exchange),
        };
        finish(COLON_ENCODING, started, outcome, exchanges)
    }

    /// Judges the Content-Type of every response of the run.
    fn content_type(&self) -> CheckReport {
        let started = Instant::now();
        if self.observed.is_empty() {
            let outcome = skipped("no response was received".to_owned());
            return finish(CONTENT_TYPE, started, outcome, Vec::new());
        }
        let mut findings = Vec::new();
        let mut exchanges = Vec::new();
        for (_, observed) in &self.observed {
            let before = findings.len();
            findings.extend(
                observed
                    .decoded
                    .violations()
                    .iter()
                    .filter(|violation| violation.rule == Rule::ContentType)
                    .map(finding),
            );
            if findings.len() > before {
                exchanges.push(observed.exchange.clone());
            }
        }
        let total = self.observed.len();
        let outcome = if findings.is_empty() {
            pass(format!("`application/json` on all {total} responses"))
        } else {
            fail(
                format!(
                    "{} of {total} responses are not labelled `application/json`",
                    exchanges.len()
                ),
                findings,
            )
        };
        finish(CONTENT_TYPE, started, outcome, exchanges)
    }

    /// Judges the `X-Request-Id` header of every response of the run, reporting absence as
    /// drift.
    fn request_id(&mut self) -> CheckReport {
        let started = Instant::now();
        if self.observed.is_empty() {
            let outcome = skipped("no response was received".to_owned());
            return finish(REQUEST_ID, started, outcome, Vec::new());
        }
        let total = self.observed.len();
        let mut absent = Vec::new();
        let mut empty = Vec::new();
        for (check, observed) in &self.observed {
            match observed.exchange.header("x-request-id") {
                None => absent.push(*check),
                Some(value) if value.trim().is_empty() => empty.push(observed.exchange.clone()),
                Some(_) => {}
            }
        }
        if let Some(first) = absent.first() {
            self.drift.push(DriftWarning {
                check: first,
                location: "header x-request-id".to_owned(),
                kind: DriftKind::AbsentHeader.id().to_owned(),
                found: format!(
                    "no `X-Request-Id` header on {} of {total} responses",
                    absent.len()
                ),
            });
        }
        let outcome = if !empty.is_empty() {
            let findings = vec![Finding {
                location: "header x-request-id".to_owned(),
                rule: "request-id".to_owned(),
                expected: "a non-empty request id".to_owned(),
                found: "an empty value".to_owned(),
            }];
            fail(
                format!(
                    "empty `X-Request-Id` on {} of {total} responses",
                    empty.len()
                ),
                findings,
            )
        } else if absent.is_empty() {
            pass(format!("present on all {total} responses"))
        } else {
            pass(format!(
                "absent on {} of {total} responses, reported as drift",
                absent.len()
            ))
        };
        finish(REQUEST_ID, started, outcome, empty)
    }
}

fn check_success(result: &Result<Observed, SendError>) -> CheckOutcome {
    let observed = match result {
        Ok(observed) => observed,
        Err(err) => return fail(err.to_string(), Vec::new()),
    };
    let mut findings = body_findings(&observed.decoded);
    let status = observed.exchange.status;
    if status != 200 {
        findings.insert(0, status_finding(200, status));
        return fail(format!("expected status 200, found {status}"), findings);
    }
    match (&observed.decoded.outcome, findings.is_empty()) {
        (_, false) => fail(
            format!("{} violations in the 200 response", findings.len()),
            findings,
        ),
        (Outcome::Success(Response::ShowEvent(event)), true) => pass(format!(
            "200 with event `{}` named `{}`",
            event.id, event.name
        )),
        // Only a Content-Type violation remains, which show-event.content-type reports.
        (_, true) => pass("200 with a documented body".to_owned()),
    }
}

fn check_content(result: &Result<Observed, SendError>) -> CheckOutcome {
    let Ok(observed) = result else {
        return skipped(format!("no response to {}", SUCCESS.id));
    };
    if observed.exchange.status != 200 {
        return skipped(format!(
            "{} got status {}, not 200",
            SUCCESS.id, observed.exchange.status
        ));
    }
    let event = match ShowEventResponse::from_json(&observed.exchange.body).value {
        Ok(event) => event,
        Err(_) => {
            return skipped(format!(
                "the body of {} is not a documented ShowEvent body",
                SUCCESS.id
            ))
        }
    };
    match event.decode_content() {
        Ok(document) => pass(format!("decodes to a JSON {}", json_kind(&document))),
        Err(err) => {
            let findings = vec![Finding {
                location: "/content".to_owned(),
                rule: Rule::EventContent.id().to_owned(),
                expected: "padded standard base64 of a JSON document".to_owned(),
                found: err.to_string(),
            }];
            fail(err.to_string(), findings)
        }
    }
}

/// Judges a response that must have `expected` status and a documented error body.
fn judge_error(result: &Result<Observed, SendError>, expected: u16) -> CheckOutcome {
    let observed = match result {
        Ok(observed) => observed,
        Err(err) => return fail(err.to_string(), Vec::new()),
    };
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
            format!("{} violations in the {status} error body", findings.len()),
            findings,
        );
    }
    match &observed.decoded.outcome {
        Outcome::Error(error) => pass(format!("{status} with `error_code` `{}`", error.error_code)),
        // Only a Content-Type violation remains, which show-event.content-type reports.
        _ => pass(format!("{status} with a documented error body")),
    }
}

fn judge_same_response(raw: &Exchange, encoded: &Exchange) -> CheckOutcome {
    let mut findings = Vec::new();
    if raw.status != encoded.status {
        findings.push(Finding {
            location: STATUS.to_owned(),
            rule: "same-response".to_owned(),
            expected: format!("`{}` as with raw colons", raw.status),
            found: format!("`{}`", encoded.status),
        });
    }
    if raw.body != encoded.body {
        findings.push(Finding {
            location: "/".to_owned(),
            rule: "same-response".to_owned(),
            expected: format!("the {} bytes sent for raw colons", raw.body.len()),
            found: format!("{} different bytes", encoded.body.len()),
        });
    }
    if findings.is_empty() {
        pass(format!(
            "both gave {} with the same {} bytes",
            raw.status,
            raw.body.len()
        ))
    } else {
        fail(
            "`%3A` gave another response than raw `:`".to_owned(),
            findings,
        )
    }
}

/// Returns the model's violations except Content-Type ones, which one check owns.
fn body_findings(decoded: &Decoded) -> Vec<Finding> {
    decoded
        .violations()
        .iter()
        .filter(|violation| violation.rule != Rule::ContentType)
        .map(finding)
        .collect()
}

fn finding(violation: &Violation) -> Finding {
    Finding {
        location: violation.location.to_string(),
        rule: violation.rule.id().to_owned(),
        expected: violation.expected.to_string(),
        found: violation.found.clone(),
    }
}

fn status_finding(expected: u16, found: u16) -> Finding {
    Finding {
        location: STATUS.to_owned(),
        rule: EXPECTED_STATUS_RULE.to_owned(),
        expected: format!("`{expected}`"),
        found: format!("`{found}`"),
    }
}

/// Returns the ShowEvent URL of the configured event under a URN whose function name starts
/// with a digit, which the documented name rule forbids.
///
/// The model renders only valid URNs, so it renders the URL for a valid name made of letters
/// and digits, and that name, which appears once and needs no escaping, is then prefixed with
/// `0`. The model's parser confirms that the result is invalid.
fn invalid_urn_url(target: &Target) -> Result<String, String> {
    let marker = format!("fgscontract{}", uuid::Uuid::new_v4().simple());
    let valid_text = replace_function_name(target.path.function_urn(), &marker);
    let valid = FunctionUrn::parse(&valid_text)
        .map_err(|err| format!("cannot build a URN to render: {err}"))?;
    let invalid_text = replace_function_name(&valid, &format!("0{marker}"));
    if FunctionUrn::parse(&invalid_text).is_ok() {
        return Err(format!(
            "the model accepts `{invalid_text}`, so it breaks no rule"
        ));
    }
    let event_id = target.path.event_id().unwrap_or_default();
    let path = EventsPath::new(target.path.project_id(), valid, Some(event_id))
        .map_err(|err| format!("cannot build the request path: {err}"))?;
    let url = path.url(target.endpoint.as_str(), ColonEncoding::Raw);
    Ok(url.replacen(&marker, &format!("0{marker}"), 1))
}

/// Returns a path to a random event id, which no server holds.
fn unknown_event_path(target: &Target) -> Result<EventsPath, String> {
    let event_id = uuid::Uuid::new_v4().to_string();
    EventsPath::new(
        target.path.project_id(),
        target.path.function_urn().clone(),
        Some(&event_id),
    )
    .map_err(|err| format!("cannot build the request path: {err}"))
}

/// Returns `urn` with its function name replaced by a random one that no server holds.
fn unknown_function_urn(urn: &FunctionUrn) -> Result<FunctionUrn, String> {
    let suffix = uuid::Uuid::new_v4().simple().to_string();
    let name = format!("fgs-contract-absent-{}", &suffix[..12]);
    let text = replace_function_name(urn, &name);
    FunctionUrn::parse(&text)
        .map_err(|err| format!("cannot build a URN for an unknown function: {err}"))
}

/// Replaces the function name field of `urn`, which the model already validated.
///
/// The function name is the last field of the 1-, 2-, 3- and 7-field forms and the one before
/// the qualifier in the 4- and 8-field forms.
fn replace_function_name(urn: &FunctionUrn, name: &str) -> String {
    let mut fields: Vec<&str> = urn.as_str().split(':').collect();
    let index = if urn.qualifier().is_some() {
        fields.len() - 2
    } else {
        fields.len() - 1
    };
    fields[index] = name;
    fields.join(":")
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

fn pass(detail: String) -> CheckOutcome {
    CheckOutcome::Pass { detail }
}

fn fail(detail: String, violations: Vec<Finding>) -> CheckOutcome {
    CheckOutcome::Fail { detail, violations }
}

fn skipped(reason: String) -> CheckOutcome {
    CheckOutcome::Skipped { reason }
}

fn finish(
    spec: CheckSpec,
    started: Instant,
    outcome: CheckOutcome,
    exchanges: Vec<Exchange>,
) -> CheckReport {
    CheckReport {
        id: spec.id,
        description: spec.description,
        rule: spec.rule,
        outcome,
        duration: started.elapsed(),
        exchanges,
    }
}

/// Returns the exchange of a response, or none when the request failed.
fn exchanges_of(result: &Result<Observed, SendError>) -> Vec<Exchange> {
    result
        .iter()
        .map(|observed| observed.exchange.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// The ShowEvent 200 example exactly as the API reference prints it; `content` is masked.
    const DOCUMENTED_SHOW_EVENT: &str = r#"{ "id" : "3b659dc0-12fc-40dc-aa05-a321d9424cb3", "name" : "event-k9r3", "last_modified" : 1597374286, "content" : "ewogICAgImJvZHkiOiAiIiwKICAgICJyZXF1ZXN0Q29udGV4d*****" }"#;

    fn observed(status: u16, content_type: Option<&str>, body: &str) -> Observed {
        let mut headers = Vec::new();
        if let Some(value) = content_type {
            headers.push(("content-type".to_owned(), value.to_owned()));
        }
        let exchange = Exchange {
            method: "GET".to_owned(),
            url: "http://127.0.0.1:9/v2/p/fgs/functions/test/events/e".to_owned(),
            request_headers: Vec::new(),
            status,
            headers,
            body: body.as_bytes().to_vec(),
            elapsed: Duration::from_millis(1),
        };
        let decoded = decode_response(Operation::ShowEvent, status, content_type, body.as_bytes());
        Observed { exchange, decoded }
    }

    fn replaced(urn: &str, name: &str) -> String {
        replace_function_name(&FunctionUrn::parse(urn).unwrap(), name)
    }

    #[test]
    fn replace_function_name_each_form() {
        let cases = [
            ("test", "test"),
            ("default:test", "default:test"),
            (
                "7aad83af3e8d42e99ac194e8419e2c9b:default:test",
                "7aad83af3e8d42e99ac194e8419e2c9b:default:test",
            ),
            (
                "7aad83af3e8d42e99ac194e8419e2c9b:default:test:latest",
                "7aad83af3e8d42e99ac194e8419e2c9b:default:test:latest",
            ),
            (
                "urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test",
                "urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test",
            ),
            (
                "urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:!dev",
                "urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:!dev",
            ),
        ];
        for (urn, expected) in cases {
            let expected = expected.replacen("test", "other", 1);
            assert_eq!(replaced(urn, "other"), expected, "{urn}");
        }
    }

    #[test]
    fn invalid_urn_name_breaks_model_rule() {
        let urn = "urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test";
        assert!(FunctionUrn::parse(&replaced(urn, "0test")).is_err());
    }

    #[test]
    fn content_check_rejects_masked_example() {
        let result = Ok(observed(
            200,
            Some("application/json"),
            DOCUMENTED_SHOW_EVENT,
        ));
        let outcome = check_content(&result);
        let CheckOutcome::Fail { violations, .. } = outcome else {
            panic!("expected a failure, found {outcome:?}");
        };
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].location, "/content");
        assert_eq!(
            violations[0].found,
            "invalid `content`: byte 49 is `*`, which is not in the standard base64 alphabet"
        );
    }

    #[test]
    fn success_check_accepts_documented_example() {
        let result = Ok(observed(
            200,
            Some("application/json"),
            DOCUMENTED_SHOW_EVENT,
        ));
        assert_eq!(check_success(&result).as_str(), "pass");
    }

    #[test]
    fn content_check_accepts_documented_request_content() {
        let body = r#"{"id":"3b659dc0-12fc-40dc-aa05-a321d9424cb3","name":"event-k9r3","content":"eyJrIjoidiJ9"}"#;
        let outcome = check_content(&Ok(observed(200, Some("application/json"), body)));
        assert_eq!(
            outcome,
            CheckOutcome::Pass {
                detail: "decodes to a JSON object".to_owned()
            }
        );
    }

    #[test]
    fn judge_error_wrong_status_names_both() {
        let result = Ok(observed(
            200,
            Some("application/json"),
            DOCUMENTED_SHOW_EVENT,
        ));
        let outcome = judge_error(&result, 404);
        assert_eq!(outcome.detail(), "expected status 404, found 200");
        assert_eq!(outcome.violations()[0].location, "status");
        assert_eq!(outcome.violations()[0].expected, "`404`");
        assert_eq!(outcome.violations()[0].found, "`200`");
    }

    #[test]
    fn judge_error_documented_error_body_passes() {
        let body = r#"{"error_code":"FSS.1070","error_msg":"The event cannot be found."}"#;
        let outcome = judge_error(&Ok(observed(404, Some("application/json"), body)), 404);
        assert_eq!(
            outcome,
            CheckOutcome::Pass {
                detail: "404 with `error_code` `FSS.1070`".to_owned()
            }
        );
    }

    #[test]
    fn judge_error_missing_error_msg_fails() {
        let body = r#"{"error_code":"FSS.1070"}"#;
        let outcome = judge_error(&Ok(observed(404, Some("application/json"), body)), 404);
        assert_eq!(outcome.as_str(), "fail");
        assert_eq!(outcome.violations()[0].location, "/error_msg");
    }

    #[test]
    fn judge_error_leaves_content_type_to_its_check() {
        let body = r#"{"error_code":"FSS.1070","error_msg":"The event cannot be found."}"#;
        let outcome = judge_error(&Ok(observed(404, Some("text/plain"), body)), 404);
        assert_eq!(outcome.as_str(), "pass");
    }

    #[test]
    fn same_response_differing_bodies_fail() {
        let raw = observed(200, Some("application/json"), "{}").exchange;
        let encoded = observed(200, Some("application/json"), "{ }").exchange;
        let outcome = judge_same_response(&raw, &encoded);
        assert_eq!(outcome.violations().len(), 1);
        assert_eq!(outcome.violations()[0].location, "/");
    }

    #[test]
    fn same_response_identical_passes() {
        let raw = observed(404, Some("application/json"), "{}").exchange;
        let outcome = judge_same_response(&raw, &raw.clone());
        assert_eq!(outcome.as_str(), "pass");
    }

    #[test]
    fn check_ids_are_unique() {
        let mut ids: Vec<&str> = CHECKS.iter().map(|spec| spec.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CHECKS.len());
    }
}
