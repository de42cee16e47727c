//! Request targets of the test-event APIs, parsed into typed path parameters and rendered back.
//!
//! ```text
//! /v2/{project_id}/fgs/functions/{function_urn}/events               (list, create)
//! /v2/{project_id}/fgs/functions/{function_urn}/events/{event_id}    (show, update, delete)
//! ```
//!
//! Clients put the function URN on the wire differently: the Python SDK percent-encodes every
//! path parameter (`urn%3Afss%3A...`, `%21` for `!`), while the Go SDK and Terraform leave the
//! colons bare. Parsing accepts both, and [`ColonEncoding`] chooses one for rendering.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::urn::{is_project_id, Escaped, FunctionUrn, UrnError};

/// Encodes all but the unreserved `A-Z a-z 0-9 - _ . ~`, as Python's `quote(value, safe='')`.
pub const PARAMETER_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Encodes as [`PARAMETER_ENCODE_SET`] but leaves `:` bare, as the Go SDK and Terraform send it.
pub const PARAMETER_ENCODE_SET_RAW_COLON: &AsciiSet = &PARAMETER_ENCODE_SET.remove(b':');

/// The spelling of the function URN's colons in a rendered path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColonEncoding {
    /// Bare `:`, as the Go SDK and Terraform send it.
    Raw,
    /// `%3A`, as the Python SDK sends it.
    Percent,
}

impl ColonEncoding {
    /// Returns the percent-encode set used for the function URN.
    pub fn encode_set(self) -> &'static AsciiSet {
        match self {
            ColonEncoding::Raw => PARAMETER_ENCODE_SET_RAW_COLON,
            ColonEncoding::Percent => PARAMETER_ENCODE_SET,
        }
    }
}

/// A test-event request target: `/v2/{project_id}/fgs/functions/{function_urn}/events`, with an
/// optional `/{event_id}` and an optional `?query`.
///
/// Parameters are stored percent-decoded, so equality ignores how colons were encoded on the wire.
///
/// # Examples
///
/// ```
/// use fgs_model::{ColonEncoding, EventsPath};
///
/// let path = EventsPath::parse(
///     "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/default%3Atest/events/ev-1",
/// )?;
/// assert_eq!(path.function_urn().as_str(), "default:test");
/// assert_eq!(path.event_id(), Some("ev-1"));
/// assert_eq!(
///     path.render(ColonEncoding::Raw),
///     "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/default:test/events/ev-1",
/// );
/// # Ok::<(), fgs_model::PathError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EventsPath {
    project_id: String,
    function_urn: FunctionUrn,
    event_id: Option<String>,
    query: Option<String>,
}

/// A path parameter, named as in the API reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathParameter {
    /// `project_id`.
    ProjectId,
    /// `function_urn`.
    FunctionUrn,
    /// `event_id`.
    EventId,
}

impl PathParameter {
    /// Returns the parameter's name as written in the API reference, such as `event_id`.
    pub fn as_str(self) -> &'static str {
        match self {
            PathParameter::ProjectId => "project_id",
            PathParameter::FunctionUrn => "function_urn",
            PathParameter::EventId => "event_id",
        }
    }
}

impl fmt::Display for PathParameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The rule for `project_id` as a regular expression: 32 ASCII letters or digits.
/// [`EventsPath::new`] applies the same rule; a test checks that both agree.
pub const PROJECT_ID_PATTERN: &str = "^[A-Za-z0-9]{32}$";

/// The rule for `event_id` as a regular expression: at least one character, none of them `/` or
/// a control character (Unicode category Cc). [`EventsPath::new`] also rejects `.` and `..`,
/// which the pattern cannot exclude on its own; a test checks that both agree on the rest.
pub const EVENT_ID_PATTERN: &str = r"^[^/\x00-\x1f\x7f-\x9f]+$";

/// Event ids that [`EventsPath::new`] rejects because they would change the route although
/// [`EVENT_ID_PATTERN`] matches them.
pub const DOT_SEGMENTS: [&str; 2] = [".", ".."];

/// An error from [`EventsPath::parse`] or [`EventsPath::new`].
///
/// Messages show the path without its query, which may carry credentials in a presigned request.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(transparent)]
pub struct PathError(#[from] PathErrorKind);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
enum PathErrorKind {
    #[error("not a test-event route `{path}`: {mismatch}")]
    NotEventRoute {
        path: String,
        mismatch: RouteMismatch,
    },
    #[error(
        "invalid path parameter `{parameter}`: invalid percent escape `{escape}` at byte {offset} \
         of `{value}`, expected `%` followed by two hex digits"
    )]
    InvalidEscape {
        parameter: PathParameter,
        value: String,
        escape: String,
        offset: usize,
    },
    #[error(
        "invalid path parameter `{parameter}`: `{value}` does not percent-decode to UTF-8 text"
    )]
    NotUtf8 {
        parameter: PathParameter,
        value: String,
    },
    #[error("invalid path parameter `{parameter}`: {change}")]
    ChangesRoute {
        parameter: PathParameter,
        change: RouteChange,
    },
    #[error("invalid path parameter `project_id`: expected 32 letters or digits, found `{0}`")]
    ProjectId(String),
    #[error("invalid path parameter `function_urn`")]
    InvalidUrn(#[source] UrnError),
    #[error(
        "invalid path parameter `event_id`: expected no control characters, found `{found}` in `{value}`"
    )]
    EventIdControl { value: String, found: String },
}

/// The reason a path does not have the shape of a test-event route.
#[derive(Clone, Debug, PartialEq, Eq)]
enum RouteMismatch {
    NoLeadingSlash,
    Literal {
        segment: usize,
        expected: &'static str,
        found: String,
    },
    Missing {
        segment: usize,
        expected: &'static str,
    },
    TrailingSegments {
        rest: String,
    },
}

impl fmt::Display for RouteMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteMismatch::NoLeadingSlash => f.write_str("expected a path starting with `/`"),
            RouteMismatch::Literal {
                segment,
                expected,
                found,
            } => write!(
                f,
                "expected `{expected}` as segment {segment}, found `{found}`"
            ),
            RouteMismatch::Missing { segment, expected } => {
                write!(
                    f,
                    "expected {expected} as segment {segment}, found the end of the path"
                )
            }
            RouteMismatch::TrailingSegments { rest } => write!(
                f,
                "expected the path to end after the event id, found `/{rest}`"
            ),
        }
    }
}

/// A parameter value that a client or proxy could resolve into another route.
#[derive(Clone, Debug, PartialEq, Eq)]
enum RouteChange {
    Empty,
    DotSegment(&'static str),
    Slash { decoded: String, raw: String },
}

impl fmt::Display for RouteChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteChange::Empty => f.write_str("an empty segment would change the route"),
            RouteChange::DotSegment(dots) => write!(f, "`{dots}` would change the route"),
            RouteChange::Slash { decoded, raw } => write!(
                f,
                "`{decoded}`, decoded from `{raw}`, contains `/`, which would change the route"
            ),
        }
    }
}

impl PathError {
    /// Returns the parameter that is invalid, or `None` when the target is not a test-event route.
    pub fn parameter(&self) -> Option<PathParameter> {
        match &self.0 {
            PathErrorKind::NotEventRoute { .. } => None,
            PathErrorKind::InvalidEscape { parameter, .. }
            | PathErrorKind::NotUtf8 { parameter, .. }
            | PathErrorKind::ChangesRoute { parameter, .. } => Some(*parameter),
            PathErrorKind::ProjectId(_) => Some(PathParameter::ProjectId),
            PathErrorKind::InvalidUrn(_) => Some(PathParameter::FunctionUrn),
            PathErrorKind::EventIdControl { .. } => Some(PathParameter::EventId),
        }
    }

    /// Returns true when the function URN decoded but did not parse. Then `source()` is the
    /// [`UrnError`].
    pub fn is_invalid_urn(&self) -> bool {
        matches!(self.0, PathErrorKind::InvalidUrn(_))
    }

    /// Returns true when the target does not have the shape of a test-event route at all:
    /// no leading `/`, a literal segment other than `v2`, `fgs`, `functions` or `events`, or
    /// too few or too many segments.
    pub fn is_not_an_event_route(&self) -> bool {
        matches!(self.0, PathErrorKind::NotEventRoute { .. })
    }
}

/// The raw (still percent-encoded) parameter segments of a route.
struct RawSegments<'a> {
    project_id: &'a str,
    function_urn: &'a str,
    event_id: Option<&'a str>,
}

impl EventsPath {
    /// Builds a path from decoded parameters, with no query.
    ///
    /// # Errors
    ///
    /// Returns a [`PathError`] for the same values [`EventsPath::parse`] rejects after decoding:
    /// a parameter that is empty, `.`, `..` or contains `/`, a project id other than 32 letters
    /// or digits, or an event id with control characters.
    pub fn new(
        project_id: &str,
        function_urn: FunctionUrn,
        event_id: Option<&str>,
    ) -> Result<Self, PathError> {
        check_route_safe(PathParameter::ProjectId, project_id, project_id)?;
        check_project_id(project_id)?;
        check_route_safe(
            PathParameter::FunctionUrn,
            function_urn.as_str(),
            function_urn.as_str(),
        )?;
        if let Some(event_id) = event_id {
            check_route_safe(PathParameter::EventId, event_id, event_id)?;
            check_event_id(event_id)?;
        }
        Ok(EventsPath {
            project_id: project_id.to_owned(),
            function_urn,
            event_id: event_id.map(str::to_owned),
            query: None,
        })
    }

    /// Parses a request target such as
    /// `/v2/{project_id}/fgs/functions/{function_urn}/events/{event_id}?query`.
    ///
    /// Each parameter is percent-decoded exactly once, so `%3A`, `%3a` and a bare `:` all give
    /// `:`. The query, if any, is kept verbatim.
    ///
    /// # Errors
    ///
    /// Returns a [`PathError`] for which [`PathError::is_not_an_event_route`] is true when the
    /// literal segments or the segment count do not match the route. Otherwise the error names
    /// the parameter: an invalid percent escape, a decoding that is not UTF-8, a value that would
    /// change the route (empty, `.`, `..` or containing `/`), a project id other than 32 letters
    /// or digits, an event id with control characters, or an invalid function URN
    /// ([`PathError::is_invalid_urn`], with the [`UrnError`] as its source).
    pub fn parse(target: &str) -> Result<Self, PathError> {
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (target, None),
        };

        let raw = split_route(path)?;

        let project_id = decode_parameter(PathParameter::ProjectId, raw.project_id)?;
        check_project_id(&project_id)?;

        let urn_text = decode_parameter(PathParameter::FunctionUrn, raw.function_urn)?;
        let function_urn = FunctionUrn::parse(&urn_text).map_err(PathErrorKind::InvalidUrn)?;

        let event_id = match raw.event_id {
            Some(raw_event_id) => {
                let event_id = decode_parameter(PathParameter::EventId, raw_event_id)?;
                check_event_id(&event_id)?;
                Some(event_id.into_owned())
            }
            None => None,
        };

        Ok(EventsPath {
            project_id: project_id.into_owned(),
            function_urn,
            event_id,
            query: query.map(str::to_owned),
        })
    }

    /// Returns the decoded project id.
    pub fn project_id(&self) -> &str {
        &self.project_id
    }

    /// Returns the function URN.
    pub fn function_urn(&self) -> &FunctionUrn {
        &self.function_urn
    }

    /// Returns the decoded event id, present for show, update and delete.
    pub fn event_id(&self) -> Option<&str> {
        self.event_id.as_deref()
    }

    /// Returns the query after `?`, verbatim, or `None` when the target had no `?`.
    pub fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }

    /// Renders the path, then `?query` if the target had one.
    ///
    /// The project id and event id are encoded with [`PARAMETER_ENCODE_SET`], and the function
    /// URN with the set that `colons` selects.
    pub fn render(&self, colons: ColonEncoding) -> String {
        let mut target = String::with_capacity(64 + self.function_urn.as_str().len());
        target.push_str("/v2/");
        target.extend(utf8_percent_encode(&self.project_id, PARAMETER_ENCODE_SET));
        target.push_str("/fgs/functions/");
        target.extend(utf8_percent_encode(
            self.function_urn.as_str(),
            colons.encode_set(),
        ));
        target.push_str("/events");
        if let Some(event_id) = &self.event_id {
            target.push('/');
            target.extend(utf8_percent_encode(event_id, PARAMETER_ENCODE_SET));
        }
        if let Some(query) = &self.query {
            target.push('?');
            target.push_str(query);
        }
        target
    }

    /// Returns `endpoint` (with one trailing `/` removed) followed by [`EventsPath::render`].
    ///
    /// The endpoint is concatenated as text, so no segment of it or of the path is dropped or
    /// resolved the way `Url::join` would.
    pub fn url(&self, endpoint: &str, colons: ColonEncoding) -> String {
        let endpoint = endpoint.strip_suffix('/').unwrap_or(endpoint);
        let mut url = endpoint.to_owned();
        url.push_str(&self.render(colons));
        url
    }
}

impl FromStr for EventsPath {
    type Err = PathError;

    fn from_str(target: &str) -> Result<Self, PathError> {
        Self::parse(target)
    }
}

// route = "/v2/" project_id "/fgs/functions/" function_urn "/events" [ "/" event_id ]
fn split_route(path: &str) -> Result<RawSegments<'_>, PathError> {
    let mismatch = |mismatch| PathErrorKind::NotEventRoute {
        path: Escaped(path).to_string(),
        mismatch,
    };
    let rest = path
        .strip_prefix('/')
        .ok_or_else(|| mismatch(RouteMismatch::NoLeadingSlash))?;
    // Seven pieces at most: the seventh is the event id, and an eighth is everything after it.
    let mut segments = rest.splitn(8, '/');

    let mut next = |segment: usize, expected: &'static str| {
        segments
            .next()
            .ok_or_else(|| mismatch(RouteMismatch::Missing { segment, expected }))
    };
    let literal = |segment: usize, expected: &'static str, found: &str| {
        if found == expected {
            Ok(())
        } else {
            Err(mismatch(RouteMismatch::Literal {
                segment,
                expected,
                found: Escaped(found).to_string(),
            }))
        }
    };

    literal(1, "v2", next(1, "`v2`")?)?;
    let project_id = next(2, "a project id")?;
    literal(3, "fgs", next(3, "`fgs`")?)?;
    literal(4, "functions", next(4, "`functions`")?)?;
    let function_urn = next(5, "a function URN")?;
    literal(6, "events", next(6, "`events`")?)?;

    let event_id = segments.next();
    if let Some(rest) = segments.next() {
        return Err(mismatch(RouteMismatch::TrailingSegments {
            rest: Escaped(rest).to_string(),
        })
        .into());
    }

    Ok(RawSegments {
        project_id,
        function_urn,
        event_id,
    })
}

/// Percent-decodes one segment, then rejects values that would change the route.
fn decode_parameter(parameter: PathParameter, raw: &str) -> Result<Cow<'_, str>, PathError> {
    let decoded = percent_decode(parameter, raw)?;
    check_route_safe(parameter, &decoded, raw)?;
    Ok(decoded)
}

/// Decodes `%XX` escapes exactly once. Unlike `percent_encoding::percent_decode`, a `%` not
/// followed by two hex digits is an error rather than a literal `%`.
fn percent_decode(parameter: PathParameter, raw: &str) -> Result<Cow<'_, str>, PathError> {
    if !raw.contains('%') {
        return Ok(Cow::Borrowed(raw));
    }

    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] != b'%' {
            decoded.push(bytes[index]);
            index += 1;
            continue;
        }
        let high = bytes.get(index + 1).and_then(|&byte| hex_value(byte));
        let low = bytes.get(index + 2).and_then(|&byte| hex_value(byte));
        let (Some(high), Some(low)) = (high, low) else {
            // `index` is at an ASCII `%`, so slicing from it stays on a character boundary.
            let escape: String = raw[index..].chars().take(3).collect();
            return Err(PathErrorKind::InvalidEscape {
                parameter,
                value: Escaped(raw).to_string(),
                escape: Escaped(&escape).to_string(),
                offset: index,
            }
            .into());
        };
        decoded.push(high << 4 | low);
        index += 3;
    }

    String::from_utf8(decoded).map(Cow::Owned).map_err(|_| {
        PathErrorKind::NotUtf8 {
            parameter,
            value: Escaped(raw).to_string(),
        }
        .into()
    })
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Rejects a decoded value that a client or proxy would resolve into another route: empty
/// (`//`), a dot segment, or one containing `/` (sent as `%2F`).
fn check_route_safe(parameter: PathParameter, decoded: &str, raw: &str) -> Result<(), PathError> {
    let change = match decoded {
        "" => RouteChange::Empty,
        "." => RouteChange::DotSegment("."),
        ".." => RouteChange::DotSegment(".."),
        _ if decoded.contains('/') => RouteChange::Slash {
            decoded: Escaped(decoded).to_string(),
            raw: Escaped(raw).to_string(),
        },
        _ => return Ok(()),
    };
    Err(PathErrorKind::ChangesRoute { parameter, change }.into())
}

fn check_project_id(project_id: &str) -> Result<(), PathError> {
    if is_project_id(project_id) {
        Ok(())
    } else {
        Err(PathErrorKind::ProjectId(Escaped(project_id).to_string()).into())
    }
}

/// Checks an event id. Its format is not validated beyond having no control characters,
/// because the documentation only shows UUID examples.
fn check_event_id(event_id: &str) -> Result<(), PathError> {
    match event_id.chars().find(|c| c.is_control()) {
        Some(found) => Err(PathErrorKind::EventIdControl {
            value: Escaped(event_id).to_string(),
            found: found.escape_default().to_string(),
        }
        .into()),
        None => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::error::Error as _;

    use super::*;

    const PROJECT: &str = "7aad83af3e8d42e99ac194e8419e2c9b";
    const EVENT: &str = "3b659dc0-12fc-40dc-aa05-a321d9424cb3";

    /// Parses `$target`, asserts every component and both renderings, then asserts that both
    /// renderings and every alternate spelling parse to an equal value.
    macro_rules! round_trip {
        (
            $name:ident: $target:expr => {
                project_id: $project_id:expr,
                function_urn: $function_urn:expr,
                event_id: $event_id:expr,
                query: $query:expr,
                percent: $percent:expr,
                raw: $raw:expr $(,)?
            }
            $(same as [$($alternate:expr),* $(,)?])?
        ) => {
            #[test]
            fn $name() {
                let path = EventsPath::parse($target).unwrap_or_else(|error| panic!("{error}"));
                assert_eq!(path.project_id(), $project_id, "project_id");
                assert_eq!(path.function_urn().as_str(), $function_urn, "function_urn");
                assert_eq!(path.event_id(), $event_id, "event_id");
                assert_eq!(path.query(), $query, "query");

                let percent = path.render(ColonEncoding::Percent);
                let raw = path.render(ColonEncoding::Raw);
                assert_eq!(percent, $percent, "percent rendering");
                assert_eq!(raw, $raw, "raw rendering");
                assert_eq!(EventsPath::parse(&percent).unwrap(), path, "percent rendering re-parsed");
                assert_eq!(EventsPath::parse(&raw).unwrap(), path, "raw rendering re-parsed");

                $($(
                    let alternate = EventsPath::parse($alternate)
                        .unwrap_or_else(|error| panic!("{}: {error}", $alternate));
                    assert_eq!(alternate, path, "alternate spelling {}", $alternate);
                )*)?
            }
        };
    }

    round_trip! {
        path_show_event_python_encoding: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/urn%3Afss%3Acn-north-4%3A7aad83af3e8d42e99ac194e8419e2c9b%3Afunction%3Adefault%3Atest%3Alatest/events/3b659dc0-12fc-40dc-aa05-a321d9424cb3" => {
            project_id: PROJECT,
            function_urn: "urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:latest",
            event_id: Some(EVENT),
            query: None,
            percent: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/urn%3Afss%3Acn-north-4%3A7aad83af3e8d42e99ac194e8419e2c9b%3Afunction%3Adefault%3Atest%3Alatest/events/3b659dc0-12fc-40dc-aa05-a321d9424cb3",
            raw: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:latest/events/3b659dc0-12fc-40dc-aa05-a321d9424cb3",
        }
        same as [
            "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/urn%3afss%3acn-north-4%3a7aad83af3e8d42e99ac194e8419e2c9b%3afunction%3adefault%3atest%3alatest/events/3b659dc0-12fc-40dc-aa05-a321d9424cb3",
            "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/urn:fss%3Acn-north-4:7aad83af3e8d42e99ac194e8419e2c9b%3afunction:default%3Atest:latest/events/3b659dc0-12fc-40dc-aa05-a321d9424cb3",
            "/v2/%37aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/%75rn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:latest/events/%33b659dc0-12fc-40dc-aa05-a321d9424cb3",
        ]
    }

    round_trip! {
        path_list_events_go_encoding: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test/events" => {
            project_id: PROJECT,
            function_urn: "urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test",
            event_id: None,
            query: None,
            percent: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/urn%3Afss%3Acn-north-4%3A7aad83af3e8d42e99ac194e8419e2c9b%3Afunction%3Adefault%3Atest/events",
            raw: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test/events",
        }
        same as [
            "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/urn%3Afss%3Acn-north-4%3A7aad83af3e8d42e99ac194e8419e2c9b%3Afunction%3Adefault%3Atest/events",
        ]
    }

    round_trip! {
        path_alias_bang_encoded_only_by_percent: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/urn%3Afss%3Axxxxxxxx%3A7aad83af3e8d42e99ac194e8419e2c9b%3Afunction%3Adefault%3Atest%3A%21dev/events" => {
            project_id: PROJECT,
            function_urn: "urn:fss:xxxxxxxx:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:!dev",
            event_id: None,
            query: None,
            percent: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/urn%3Afss%3Axxxxxxxx%3A7aad83af3e8d42e99ac194e8419e2c9b%3Afunction%3Adefault%3Atest%3A%21dev/events",
            raw: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/urn:fss:xxxxxxxx:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:%21dev/events",
        }
        same as [
            "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/urn:fss:xxxxxxxx:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:!dev/events",
        ]
    }

    round_trip! {
        path_short_urn_with_query: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/default:test/events?marker=%zz&limit=1?x" => {
            project_id: PROJECT,
            function_urn: "default:test",
            event_id: None,
            query: Some("marker=%zz&limit=1?x"),
            percent: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/default%3Atest/events?marker=%zz&limit=1?x",
            raw: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/default:test/events?marker=%zz&limit=1?x",
        }
    }

    round_trip! {
        path_empty_query_kept: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/test/events/e1?" => {
            project_id: PROJECT,
            function_urn: "test",
            event_id: Some("e1"),
            query: Some(""),
            percent: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/test/events/e1?",
            raw: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/test/events/e1?",
        }
    }

    round_trip! {
        path_event_id_always_percent_encoded: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/test/events/a%20b:c%C3%A9~%25" => {
            project_id: PROJECT,
            function_urn: "test",
            event_id: Some("a b:cé~%"),
            query: None,
            percent: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/test/events/a%20b%3Ac%C3%A9~%25",
            raw: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/test/events/a%20b%3Ac%C3%A9~%25",
        }
        same as [
            "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/test/events/a%20b%3ac%c3%a9%7E%25",
        ]
    }

    round_trip! {
        path_version_with_dots: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/7aad83af3e8d42e99ac194e8419e2c9b:pkg:f:1.0.2/events/..a" => {
            project_id: PROJECT,
            function_urn: "7aad83af3e8d42e99ac194e8419e2c9b:pkg:f:1.0.2",
            event_id: Some("..a"),
            query: None,
            percent: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/7aad83af3e8d42e99ac194e8419e2c9b%3Apkg%3Af%3A1.0.2/events/..a",
            raw: "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/7aad83af3e8d42e99ac194e8419e2c9b:pkg:f:1.0.2/events/..a",
        }
    }

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Expect {
        NotRoute,
        Parameter(PathParameter),
        InvalidUrn,
    }

    /// Checks that `target` is rejected as `expected`, with `fragment` in the message (or, for an
    /// invalid URN, in the message of its source).
    #[track_caller]
    fn check_err(target: &str, expected: Expect, fragment: &str) {
        let error = match EventsPath::parse(target) {
            Ok(path) => panic!("`{target}` parsed as {path:?}, expected an error"),
            Err(error) => error,
        };
        let message = match error.source() {
            Some(source) => format!("{error}: {source}"),
            None => error.to_string(),
        };
        let parameter = match expected {
            Expect::NotRoute => None,
            Expect::Parameter(parameter) => Some(parameter),
            Expect::InvalidUrn => Some(PathParameter::FunctionUrn),
        };
        assert_eq!(error.parameter(), parameter, "parameter in: {message}");
        assert_eq!(
            error.is_not_an_event_route(),
            expected == Expect::NotRoute,
            "route error: {message}"
        );
        assert_eq!(
            error.is_invalid_urn(),
            expected == Expect::InvalidUrn,
            "URN error: {message}"
        );
        assert!(message.contains(fragment), "`{fragment}` not in: {message}");
    }

    /// Builds `/v2/{project_id}/fgs/functions/{function_urn}/events` followed by `tail`.
    fn target(project_id: &str, function_urn: &str, tail: &str) -> String {
        format!("/v2/{project_id}/fgs/functions/{function_urn}/events{tail}")
    }

    #[test]
    #[rustfmt::skip]
    fn path_not_an_event_route() {
        use Expect::NotRoute;
        check_err("", NotRoute, "not a test-event route ``: expected a path starting with `/`");
        check_err(&target(PROJECT, "test", "")[1..], NotRoute, "expected a path starting with `/`");
        check_err(&format!("/v3/{PROJECT}/fgs/functions/test/events"), NotRoute, "expected `v2` as segment 1, found `v3`");
        check_err(&format!("/V2/{PROJECT}/fgs/functions/test/events"), NotRoute, "expected `v2` as segment 1, found `V2`");
        check_err(&format!("/v2/{PROJECT}/FGS/functions/test/events"), NotRoute, "expected `fgs` as segment 3, found `FGS`");
        check_err(&format!("/v2/{PROJECT}/fgs/function/test/events"), NotRoute, "expected `functions` as segment 4, found `function`");
        check_err(&format!("/v2/{PROJECT}/fgs/%66unctions/test/events"), NotRoute, "found `%66unctions`");
        check_err(&format!("/v2/{PROJECT}/fgs/functions/test/event"), NotRoute, "expected `events` as segment 6, found `event`");
        check_err(&format!("/v2/{PROJECT}/fgs/functions/test"), NotRoute, "expected `events` as segment 6, found the end of the path");
        check_err(&format!("/v2/{PROJECT}/fgs/functions"), NotRoute, "expected a function URN as segment 5, found the end of the path");
        check_err("/v2", NotRoute, "expected a project id as segment 2, found the end of the path");
        check_err("/", NotRoute, "expected `v2` as segment 1, found ``");
        check_err(&format!("/v2/{PROJECT}//fgs/functions/test/events"), NotRoute, "expected `fgs` as segment 3, found ``");
        check_err(&target(PROJECT, "test", "/e1/code"), NotRoute, "expected the path to end after the event id, found `/code`");
        check_err(&target(PROJECT, "test", "/e1/"), NotRoute, "found `/`");
        check_err(&target(PROJECT, "test", "/e1/x/y"), NotRoute, "found `/x/y`");
    }

    #[test]
    #[rustfmt::skip]
    fn path_parameter_changes_route() {
        use Expect::Parameter;
        use PathParameter::*;
        check_err(&target("", "test", ""), Parameter(ProjectId), "invalid path parameter `project_id`: an empty segment would change the route");
        check_err(&target(PROJECT, "", ""), Parameter(FunctionUrn), "invalid path parameter `function_urn`: an empty segment would change the route");
        check_err(&target(PROJECT, "test", "/"), Parameter(EventId), "invalid path parameter `event_id`: an empty segment would change the route");
        check_err(&target(PROJECT, "test", "/.."), Parameter(EventId), "invalid path parameter `event_id`: `..` would change the route");
        check_err(&target(PROJECT, "test", "/."), Parameter(EventId), "invalid path parameter `event_id`: `.` would change the route");
        check_err(&target(PROJECT, "test", "/%2E%2E"), Parameter(EventId), "`..` would change the route");
        check_err(&target(PROJECT, "test", "/%2e"), Parameter(EventId), "`.` would change the route");
        check_err(&target(PROJECT, "test", "/a%2Fb"), Parameter(EventId), "`a/b`, decoded from `a%2Fb`, contains `/`, which would change the route");
        check_err(&target(PROJECT, "test", "/a%2fb"), Parameter(EventId), "contains `/`");
        check_err(&target(PROJECT, "..", ""), Parameter(FunctionUrn), "`..` would change the route");
        check_err(&target(PROJECT, "%2E", ""), Parameter(FunctionUrn), "`.` would change the route");
        check_err(&target(PROJECT, "default%2Ftest", ""), Parameter(FunctionUrn), "`default/test`, decoded from `default%2Ftest`, contains `/`");
        check_err(&target("..", "test", ""), Parameter(ProjectId), "`..` would change the route");
        check_err(&target("%2F", "test", ""), Parameter(ProjectId), "contains `/`");
    }

    #[test]
    #[rustfmt::skip]
    fn path_percent_decoding_errors() {
        use Expect::Parameter;
        use PathParameter::*;
        check_err(&target(PROJECT, "test", "/%zz"), Parameter(EventId), "invalid path parameter `event_id`: invalid percent escape `%zz` at byte 0 of `%zz`, expected `%` followed by two hex digits");
        check_err(&target(PROJECT, "test", "/ab%4"), Parameter(EventId), "invalid percent escape `%4` at byte 2 of `ab%4`");
        check_err(&target(PROJECT, "test", "/ab%"), Parameter(EventId), "invalid percent escape `%` at byte 2 of `ab%`");
        check_err(&target(PROJECT, "test", "/%4é"), Parameter(EventId), "invalid percent escape `%4é` at byte 0");
        check_err(&target(PROJECT, "test%3", ""), Parameter(FunctionUrn), "invalid percent escape `%3` at byte 4 of `test%3`");
        check_err(&target("%G0", "test", ""), Parameter(ProjectId), "invalid percent escape `%G0`");
        check_err(&target(PROJECT, "test", "/%FF"), Parameter(EventId), "invalid path parameter `event_id`: `%FF` does not percent-decode to UTF-8 text");
        check_err(&target(PROJECT, "test", "/%C3"), Parameter(EventId), "`%C3` does not percent-decode to UTF-8 text");
        check_err(&target(PROJECT, "t%C0%BAst", ""), Parameter(FunctionUrn), "`t%C0%BAst` does not percent-decode to UTF-8 text");
    }

    #[test]
    #[rustfmt::skip]
    fn path_parameter_value_errors() {
        use Expect::Parameter;
        use PathParameter::*;
        check_err(&target("abc", "test", ""), Parameter(ProjectId), "invalid path parameter `project_id`: expected 32 letters or digits, found `abc`");
        check_err(&target(&PROJECT[..31], "test", ""), Parameter(ProjectId), "expected 32 letters or digits");
        check_err(&target(&format!("{PROJECT}0"), "test", ""), Parameter(ProjectId), "expected 32 letters or digits");
        check_err(&target(&format!("{}%2D", &PROJECT[..31]), "test", ""), Parameter(ProjectId), "found `7aad83af3e8d42e99ac194e8419e2c9-`");
        check_err(&target(PROJECT, "test", "/a%0Ab"), Parameter(EventId), "invalid path parameter `event_id`: expected no control characters, found `\\n` in `a\\nb`");
        check_err(&target(PROJECT, "test", "/a%7F"), Parameter(EventId), "found `\\u{7f}`");
        check_err(&target(PROJECT, "test", "/a%C2%85"), Parameter(EventId), "found `\\u{85}`");
    }

    #[test]
    #[rustfmt::skip]
    fn path_invalid_function_urn() {
        use Expect::InvalidUrn;
        check_err(&target(PROJECT, "test-", ""), InvalidUrn, "invalid path parameter `function_urn`: invalid function URN `test-`: field 1 (function name)");
        check_err(&target(PROJECT, "urn%3Afss%3A%7Bregion%7D%3A7aad83af3e8d42e99ac194e8419e2c9b%3Afunction%3Adefault%3Atest", ""), InvalidUrn, "field 3 (region) at byte 8");
        check_err(&target(PROJECT, "urn%253Afss", ""), InvalidUrn, "found `%` in `urn%3Afss`");
        check_err(&target(PROJECT, "%3A", ""), InvalidUrn, "expected a package name, found an empty field");
        check_err(&target(PROJECT, "a:b:c:d:e", ""), InvalidUrn, "found 5");
    }

    #[test]
    fn path_invalid_urn_source_is_urn_error() {
        let error = EventsPath::parse(&target(PROJECT, "1test", "")).unwrap_err();
        let source = error
            .source()
            .and_then(|source| source.downcast_ref::<UrnError>());
        let urn_error = source.expect("source is a UrnError");
        assert_eq!(urn_error.field(), Some(crate::UrnField::Function));
        assert_eq!(error.to_string(), "invalid path parameter `function_urn`");
    }

    #[test]
    fn path_error_omits_query() {
        let error = EventsPath::parse("/v3/x?Signature=c2VjcmV0").unwrap_err();
        assert_eq!(
            error.to_string(),
            "not a test-event route `/v3/x`: expected `v2` as segment 1, found `v3`"
        );
    }

    #[test]
    fn path_new_renders_show_event() {
        let urn = FunctionUrn::parse(
            "urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test",
        )
        .unwrap();
        let path = EventsPath::new(PROJECT, urn, Some(EVENT)).unwrap();
        assert_eq!(path.query(), None);
        assert_eq!(
            path.render(ColonEncoding::Raw),
            "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test/events/3b659dc0-12fc-40dc-aa05-a321d9424cb3"
        );
        assert_eq!(
            EventsPath::parse(&path.render(ColonEncoding::Percent)).unwrap(),
            path
        );
    }

    #[test]
    #[rustfmt::skip]
    fn path_new_validates_as_parse() {
        let urn = || FunctionUrn::parse("default:test").unwrap();
        let check = |project_id: &str, event_id: Option<&str>, parameter: PathParameter, fragment: &str| {
            let error = EventsPath::new(project_id, urn(), event_id).unwrap_err();
            assert_eq!(error.parameter(), Some(parameter), "{error}");
            assert!(error.to_string().contains(fragment), "`{fragment}` not in: {error}");
        };
        check("", None, PathParameter::ProjectId, "an empty segment would change the route");
        check("abc", None, PathParameter::ProjectId, "expected 32 letters or digits, found `abc`");
        check("..", None, PathParameter::ProjectId, "`..` would change the route");
        check(PROJECT, Some(""), PathParameter::EventId, "an empty segment would change the route");
        check(PROJECT, Some(".."), PathParameter::EventId, "`..` would change the route");
        check(PROJECT, Some("."), PathParameter::EventId, "`.` would change the route");
        check(PROJECT, Some("a/b"), PathParameter::EventId, "contains `/`");
        check(PROJECT, Some("a\tb"), PathParameter::EventId, "expected no control characters, found `\\t` in `a\\tb`");
    }

    #[test]
    fn path_new_event_id_round_trips() {
        let urn = FunctionUrn::parse("default:test").unwrap();
        let path = EventsPath::new(PROJECT, urn, Some("50% off?#")).unwrap();
        let rendered = path.render(ColonEncoding::Percent);
        assert!(
            rendered.ends_with("/events/50%25%20off%3F%23"),
            "{rendered}"
        );
        assert_eq!(EventsPath::parse(&rendered).unwrap(), path);
    }

    #[test]
    #[rustfmt::skip]
    fn path_url_concatenates_endpoint() {
        let path = EventsPath::parse(&target(PROJECT, "test", "")).unwrap();
        let check = |endpoint: &str, expected: &str| {
            assert_eq!(path.url(endpoint, ColonEncoding::Raw), expected, "endpoint {endpoint}");
        };
        check("http://127.0.0.1:8080", "http://127.0.0.1:8080/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/test/events");
        check("http://127.0.0.1:8080/", "http://127.0.0.1:8080/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/test/events");
        check("http://127.0.0.1:8080/base", "http://127.0.0.1:8080/base/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/test/events");
        check("http://127.0.0.1:8080/base/", "http://127.0.0.1:8080/base/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/test/events");
        check("http://127.0.0.1:8080//", "http://127.0.0.1:8080//v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/test/events");
    }

    #[test]
    fn path_url_uses_colon_encoding() {
        let path = EventsPath::parse(&target(PROJECT, "default:test", "/e1")).unwrap();
        let url = path.url("http://[::1]:9000/", ColonEncoding::Percent);
        assert_eq!(url, "http://[::1]:9000/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/default%3Atest/events/e1");
    }

    #[test]
    fn path_equality_includes_query() {
        let plain = EventsPath::parse(&target(PROJECT, "test", "")).unwrap();
        let with_query = EventsPath::parse(&target(PROJECT, "test", "?a=1")).unwrap();
        assert_ne!(plain, with_query);
    }

    #[test]
    fn encode_sets_match_python_quote() {
        let is_left_bare = |c: &char| {
            let text = c.to_string();
            utf8_percent_encode(&text, PARAMETER_ENCODE_SET).to_string() == text
        };
        let bare: String = (0u8..128).map(char::from).filter(is_left_bare).collect();
        assert_eq!(
            bare,
            "-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~"
        );
    }

    #[test]
    fn encode_set_raw_colon_leaves_only_colon() {
        let text = ":!/?#[]@ é";
        assert_eq!(
            utf8_percent_encode(text, PARAMETER_ENCODE_SET_RAW_COLON).to_string(),
            ":%21%2F%3F%23%5B%5D%40%20%C3%A9"
        );
        assert_eq!(
            utf8_percent_encode(text, PARAMETER_ENCODE_SET).to_string(),
            "%3A%21%2F%3F%23%5B%5D%40%20%C3%A9"
        );
    }
}
