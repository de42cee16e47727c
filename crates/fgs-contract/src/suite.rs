//! The ShowEvent check suite: each check sends requests through [`Client`], judges the
//! responses with the model's decoder and returns a verdict.

use std::time::Instant;

use fgs_model::path::{ColonEncoding, EventsPath};
use fgs_model::{
    decode_response, Decoded, Drift, DriftKind, FunctionUrn, Operation, Outcome, Response, Rule,
    ShowEventResponse, Violation,
};
use reqwest::Method;

use crate::client::{Client, Exchange, Request, SendError, AUTH_TOKEN_HEADER};
use crate::config::Target;
use crate::credentials::Credentials;
use crate::report::{CheckOutcome, CheckReport, DriftWarning, Finding, Report};
use fgs_model::secret::Secret;

pub mod lifecycle;

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

/// Every response carries `X-Request-Id`; its absence from every response is drift.
pub const REQUEST_ID: CheckSpec = CheckSpec {
    id: "show-event.request-id",
    description: "every response carries a non-empty `X-Request-Id` header",
    rule: "the official SDKs read the request id from `X-Request-Id`; absent from every response it is drift, absent from some or empty it is a failure",
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

/// No response repeats the configured token.
pub const TOKEN_ECHO: CheckSpec = CheckSpec {
    id: "show-event.token-echo",
    description: "no response of the run contains the `X-Auth-Token` value",
    rule: "a token is a credential; no documented field or header carries it back",
};

/// Every check of the suite, in report order.
pub const CHECKS: [CheckSpec; 11] = [
    SUCCESS,
    CONTENT_TYPE,
    REQUEST_ID,
    TOKEN_ECHO,
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
pub(crate) struct Observed {
    /// The exchange, with any echo of the token replaced by `[redacted]`.
    pub(crate) exchange: Exchange,
    /// The model's reading of the response as received.
    pub(crate) decoded: Decoded,
    /// Whether the response headers or body contained the configured token.
    pub(crate) echoed_token: bool,
}

/// The state of one run: the target, every response so far, and the drift found.
pub(crate) struct Run<'a> {
    pub(crate) client: &'a Client,
    pub(crate) target: &'a Target,
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
        run.expect_error(
            UNKNOWN_EVENT,
            unknown_event_path(target, client.random_uuid()),
            Auth::Token,
            404,
        )
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

    // These three judge every response of the run, so they come last.
    checks.push(run.content_type());
    checks.push(run.request_id());
    checks.push(run.token_echo());

    checks.sort_by_key(|check| CHECKS.iter().position(|spec| spec.id == check.id));
    Ok(Report {
        endpoint: target.endpoint.to_string(),
        checks,
        drift: run.drift,
        stale_deviations: Vec::new(),
        strict: false,
        interrupted: false,
    })
}

/// The credentials a request carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Auth {
    /// The configured credentials.
    Token,
    /// None: no `X-Auth-Token` and no signature.
    None,
    /// A random token, or a signature with a random secret key, that no server accepts.
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
        let credentials = match auth {
            Auth::Token => Some(self.target.credentials.clone()),
            Auth::None => None,
            Auth::Wrong => Some(self.target.credentials.wrong()),
        };
        let request = Request {
            method: Method::GET,
            url: path.url(self.target.endpoint.as_str(), colons),
            auth: credentials,
        };
        let mut exchange = self.client.send(&request).await?;
        if let (Auth::Wrong, Some(Credentials::Token(token))) = (auth, &request.auth) {
            // A random token is no secret, and a reproduced request must send the same one.
            reveal_header(&mut exchange, AUTH_TOKEN_HEADER, token.expose());
        }
        Ok(self.observe(check, exchange))
    }

    /// Decodes a ShowEvent `exchange`, records its drift and keeps it for the checks that judge
    /// every response.
    fn observe(&mut self, check: &'static str, exchange: Exchange) -> Observed {
        self.observe_as(check, Operation::ShowEvent, exchange, |_| false)
    }

    /// Decodes `exchange` as a response of `operation`, records its drift except the drift
    /// that `expected` accepts, and keeps it for the checks that judge every response. Any echo
    /// of the configured token is replaced by `[redacted]` before the exchange is kept.
    pub(crate) fn observe_as(
        &mut self,
        check: &'static str,
        operation: Operation,
        mut exchange: Exchange,
        expected: impl Fn(&Drift) -> bool,
    ) -> Observed {
        let mut decoded = decode_response(
            operation,
            exchange.status,
            exchange.header("content-type"),
            &exchange.body,
        );
        let secrets = secrets_of(&self.target.credentials);
        let echoed_token = redact_exchange(&mut exchange, &secrets);
        redact_decoded(&mut decoded, &secrets);
        for drift in decoded.drift.iter().filter(|drift| !expected(drift)) {
            let warning = DriftWarning {
                check,
                location: drift.location.to_string(),
                kind: drift.kind.id().to_owned(),
                found: drift.found.clone(),
                accepted: None,
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
        let observed = Observed {
            exchange,
            decoded,
            echoed_token,
        };
        self.observed.push((check, observed.clone()));
        observed
    }

    /// Sends one request whose response must have `status` and a documented error body.
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
        let random = self.client.random_uuid();
        let path = unknown_function_urn(self.target.path.function_urn(), random).and_then(|urn| {
            let event_id = self.target.path.event_id().unwrap_or_default();
            EventsPath::new(self.target.path.project_id(), urn, Some(event_id))
                .map_err(|err| format!("cannot build the request path: {err}"))
        });
        self.expect_error(UNKNOWN_FUNCTION, path, Auth::Token, 404)
            .await
    }

    async fn invalid_urn(&mut self) -> CheckReport {
        let started = Instant::now();
        let url = match invalid_urn_url(self.target, self.client.random_uuid()) {
            Ok(url) => url,
            Err(reason) => return finish(INVALID_URN, started, skipped(reason), Vec::new()),
        };
        let request = Request {
            method: Method::GET,
            url,
            auth: Some(self.target.credentials.clone()),
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
            Err(err) => fail(err.to_string(), err.findings()),
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

    /// Judges the `X-Request-Id` header of every response of the run. Absence from every
    /// response is drift; absence from some of them, or an empty value, is a failure.
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
        if let (Some(first), true) = (absent.first(), absent.len() == total) {
            self.drift.push(DriftWarning {
                check: first,
                location: "header x-request-id".to_owned(),
                kind: DriftKind::AbsentHeader.id().to_owned(),
                found: format!(
                    "no `X-Request-Id` header on {} of {total} responses",
                    absent.len()
                ),
                accepted: None,
            });
        }
        let present = total - absent.len();
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
        } else if !absent.is_empty() && present > 0 {
            // A server that sends the header on some responses drops it on the others by
            // mistake; one that never sends it is only drift.
            let findings = vec![Finding {
                location: "header x-request-id".to_owned(),
                rule: "request-id".to_owned(),
                expected: format!("`X-Request-Id` on every response, as on {present} others"),
                found: format!("no header on the responses of {}", absent.join(", ")),
            }];
            let missing: Vec<Exchange> = self
                .observed
                .iter()
                .filter(|(_, observed)| observed.exchange.header("x-request-id").is_none())
                .map(|(_, observed)| observed.exchange.clone())
                .take(MAX_SHOWN_EXCHANGES)
                .collect();
            return finish(
                REQUEST_ID,
                started,
                fail(
                    format!(
                        "`X-Request-Id` absent on {} of {total} responses",
                        absent.len()
                    ),
                    findings,
                ),
                missing,
            );
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

    /// Judges whether any response of the run repeated the configured token.
    fn token_echo(&self) -> CheckReport {
        let started = Instant::now();
        if self.observed.is_empty() {
            let outcome = skipped("no response was received".to_owned());
            return finish(TOKEN_ECHO, started, outcome, Vec::new());
        }
        let total = self.observed.len();
        let echoes: Vec<&(&'static str, Observed)> = self
            .observed
            .iter()
            .filter(|(_, observed)| observed.echoed_token)
            .collect();
        if echoes.is_empty() {
            return finish(
                TOKEN_ECHO,
                started,
                pass(format!("absent from all {total} responses")),
                Vec::new(),
            );
        }
        let checks: Vec<&str> = echoes.iter().map(|(check, _)| *check).collect();
        let findings = vec![Finding {
            location: "/".to_owned(),
            rule: "token-echo".to_owned(),
            expected: "no response that contains the `X-Auth-Token` value".to_owned(),
            found: format!(
                "the token, shown here as `{REDACTED}`, in the responses of {}",
                checks.join(", ")
            ),
        }];
        let exchanges = echoes
            .iter()
            .map(|(_, observed)| observed.exchange.clone())
            .take(MAX_SHOWN_EXCHANGES)
            .collect();
        let outcome = fail(
            format!("{} of {total} responses contain the token", echoes.len()),
            findings,
        );
        finish(TOKEN_ECHO, started, outcome, exchanges)
    }
}

/// The text that replaces an echo of the token in a kept exchange.
const REDACTED: &str = "[redacted]";

/// The number of exchanges a check that judges every response shows at most.
const MAX_SHOWN_EXCHANGES: usize = 3;

/// Returns the secrets of `credentials` that a response must never repeat: the token, or the
/// secret key and security token of an access key.
///
/// NOTE: an IAM session's token is obtained during the run and is not among them, so an echo
/// of it is neither detected nor redacted.
pub(crate) fn secrets_of(credentials: &Credentials) -> Vec<&str> {
    let secrets = match credentials {
        Credentials::Token(token) => vec![token.expose()],
        Credentials::AccessKey(keys) => {
            let mut secrets = vec![keys.secret_key.expose()];
            secrets.extend(keys.security_token.as_ref().map(Secret::expose));
            secrets
        }
        Credentials::Iam(_) => Vec::new(),
    };
    secrets
        .into_iter()
        .filter(|secret| !secret.is_empty())
        .collect()
}

/// Replaces every occurrence of each of `secrets` in the response headers and body with
/// `[redacted]`, and returns whether there was one.
pub(crate) fn redact_exchange(exchange: &mut Exchange, secrets: &[&str]) -> bool {
    let mut echoed = false;
    for secret in secrets {
        for (_, value) in &mut exchange.headers {
            if value.contains(secret) {
                *value = value.replace(secret, REDACTED);
                echoed = true;
            }
        }
        let needle = secret.as_bytes();
        if exchange
            .body
            .windows(needle.len())
            .any(|window| window == needle)
        {
            exchange.body = replace_bytes(&exchange.body, needle, REDACTED.as_bytes());
            echoed = true;
        }
    }
    echoed
}

/// Replaces each of `secrets` in every violation and drift text of `decoded`.
pub(crate) fn redact_decoded(decoded: &mut Decoded, secrets: &[&str]) {
    for secret in secrets {
        if let Outcome::Violations(violations) = &mut decoded.outcome {
            for violation in violations {
                violation.found = violation.found.replace(secret, REDACTED);
            }
        }
        for drift in &mut decoded.drift {
            drift.found = drift.found.replace(secret, REDACTED);
        }
    }
}

fn replace_bytes(haystack: &[u8], needle: &[u8], replacement: &[u8]) -> Vec<u8> {
    let mut replaced = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while !rest.is_empty() {
        if rest.starts_with(needle) {
            replaced.extend_from_slice(replacement);
            rest = &rest[needle.len()..];
        } else {
            replaced.push(rest[0]);
            rest = &rest[1..];
        }
    }
    replaced
}

fn check_success(result: &Result<Observed, SendError>) -> CheckOutcome {
    let observed = match result {
        Ok(observed) => observed,
        Err(err) => return fail(err.to_string(), err.findings()),
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
pub(crate) fn judge_error(result: &Result<Observed, SendError>, expected: u16) -> CheckOutcome {
    let observed = match result {
        Ok(observed) => observed,
        Err(err) => return fail(err.to_string(), err.findings()),
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
pub(crate) fn body_findings(decoded: &Decoded) -> Vec<Finding> {
    decoded
        .violations()
        .iter()
        .filter(|violation| violation.rule != Rule::ContentType)
        .map(finding)
        .collect()
}

pub(crate) fn finding(violation: &Violation) -> Finding {
    Finding {
        location: violation.location.to_string(),
        rule: violation.rule.id().to_owned(),
        expected: violation.expected.to_string(),
        found: violation.found.clone(),
    }
}

pub(crate) fn status_finding(expected: u16, found: u16) -> Finding {
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
fn invalid_urn_url(target: &Target, random: uuid::Uuid) -> Result<String, String> {
    let marker = format!("fgscontract{}", random.simple());
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
fn unknown_event_path(target: &Target, random: uuid::Uuid) -> Result<EventsPath, String> {
    let event_id = random.to_string();
    EventsPath::new(
        target.path.project_id(),
        target.path.function_urn().clone(),
        Some(&event_id),
    )
    .map_err(|err| format!("cannot build the request path: {err}"))
}

/// Returns `urn` with its function name replaced by a random one that no server holds.
fn unknown_function_urn(urn: &FunctionUrn, random: uuid::Uuid) -> Result<FunctionUrn, String> {
    let suffix = random.simple().to_string();
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

pub(crate) fn pass(detail: String) -> CheckOutcome {
    CheckOutcome::Pass { detail }
}

pub(crate) fn fail(detail: String, violations: Vec<Finding>) -> CheckOutcome {
    CheckOutcome::Fail { detail, violations }
}

pub(crate) fn skipped(reason: String) -> CheckOutcome {
    CheckOutcome::Skipped { reason }
}

pub(crate) fn finish(
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

/// Replaces the recorded value of request header `name` with `value`.
fn reveal_header(exchange: &mut Exchange, name: &str, value: &str) {
    for (header, shown) in &mut exchange.request_headers {
        if header.eq_ignore_ascii_case(name) {
            *shown = value.to_owned();
        }
    }
}

/// Returns the exchange of a response, the partial exchange of an oversized one, or none
/// when the request failed.
pub(crate) fn exchanges_of(result: &Result<Observed, SendError>) -> Vec<Exchange> {
    match result {
        Ok(observed) => vec![observed.exchange.clone()],
        Err(err) => err.exchange().cloned().into_iter().collect(),
    }
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
            request_body: Vec::new(),
            status,
            headers,
            body: body.as_bytes().to_vec(),
            elapsed: Duration::from_millis(1),
            attempts: 1,
        };
        let decoded = decode_response(Operation::ShowEvent, status, content_type, body.as_bytes());
        Observed {
            exchange,
            decoded,
            echoed_token: false,
        }
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
