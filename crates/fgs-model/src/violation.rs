//! Contract violations and drift: what a decoder reports about a response.
//!
//! A [`Violation`] breaks a documented rule. A [`Drift`] differs from the documentation without
//! breaking a rule, for example an undocumented field or a whole number written as `1.0`.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

/// The place in a response where a violation or drift was found.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "at", rename_all = "snake_case")]
pub enum Location {
    /// The status code.
    Status,
    /// A response header, by its lowercase name.
    Header(&'static str),
    /// A JSON value in the body, by its JSON pointer (RFC 6901); the empty pointer is the whole body.
    Body(String),
}

impl Location {
    /// Builds the location of a body value from its JSON pointer.
    pub fn body(pointer: impl Into<String>) -> Self {
        Location::Body(pointer.into())
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Status => f.write_str("status"),
            Location::Header(name) => write!(f, "header {name}"),
            Location::Body(pointer) if pointer.is_empty() => f.write_str("/"),
            Location::Body(pointer) => f.write_str(pointer),
        }
    }
}

/// The documented rule a violation breaks. [`Rule::id`] is stable and used in reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "&'static str")]
#[non_exhaustive]
pub enum Rule {
    /// The status code is not one the operation documents.
    UndocumentedStatus,
    /// The Content-Type of a body is not `application/json`.
    ContentType,
    /// A body that must be empty is not, or a body that must be JSON is empty.
    EmptyBody,
    /// The body is not well-formed JSON.
    InvalidJson,
    /// The top-level value is not a JSON object.
    TopLevelObject,
    /// A required field is absent.
    RequiredField,
    /// A field has another JSON type than documented.
    FieldType,
    /// An object has the same key twice.
    DuplicateKey,
    /// A timestamp is not a whole, non-negative number of Unix seconds within 2^53.
    WholeSeconds,
    /// An integer field is fractional, negative, too large or outside its documented range.
    IntegerRange,
    /// A test event name breaks the documented name rule.
    EventName,
    /// `count` disagrees with the number of `events`.
    CountMismatch,
    /// `content` is not padded standard base64 of a JSON document within the documented length.
    EventContent,
    /// A success body carries a field that only another operation's success body documents,
    /// so the body belongs to the response of another operation.
    ForeignField,
}

impl Rule {
    /// Returns the stable identifier of the rule, as used in reports.
    pub fn id(self) -> &'static str {
        match self {
            Rule::UndocumentedStatus => "undocumented-status",
            Rule::ContentType => "content-type",
            Rule::EmptyBody => "empty-body",
            Rule::InvalidJson => "invalid-json",
            Rule::TopLevelObject => "top-level-object",
            Rule::RequiredField => "required-field",
            Rule::FieldType => "field-type",
            Rule::DuplicateKey => "duplicate-key",
            Rule::WholeSeconds => "whole-seconds",
            Rule::IntegerRange => "integer-range",
            Rule::EventName => "event-name",
            Rule::CountMismatch => "count-mismatch",
            Rule::EventContent => "event-content",
            Rule::ForeignField => "foreign-field",
        }
    }
}

impl From<Rule> for &'static str {
    fn from(rule: Rule) -> Self {
        rule.id()
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A documented rule that a response breaks, with what was expected and what was found.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Violation {
    /// The place of the violation.
    pub location: Location,
    /// The rule it breaks.
    pub rule: Rule,
    /// The documented expectation, in words.
    pub expected: Cow<'static, str>,
    /// The value the response contains, with literal values in backticks.
    pub found: String,
}

impl Violation {
    pub(crate) fn new(
        location: Location,
        rule: Rule,
        expected: impl Into<Cow<'static, str>>,
        found: impl Into<String>,
    ) -> Self {
        Violation {
            location,
            rule,
            expected: expected.into(),
            found: found.into(),
        }
    }

    /// Returns the message without the location: `expected ..., found ...`.
    pub fn message(&self) -> String {
        format!("expected {}, found {}", self.expected, self.found)
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: expected {}, found {}",
            self.location, self.expected, self.found
        )
    }
}

/// The kind of a difference from the documentation that breaks no rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "&'static str")]
#[non_exhaustive]
pub enum DriftKind {
    /// A field the documentation does not list.
    UndocumentedField,
    /// A documented field that is absent although no rule requires it.
    AbsentField,
    /// A whole number written in another form than a plain integer, such as `1588766718.0`.
    NumberForm,
    /// An error code that the error catalog does not list.
    UnknownErrorCode,
    /// An error code that the error catalog lists under another status code.
    ErrorCodeStatus,
    /// An optional response header, such as `X-Request-Id`, is absent.
    AbsentHeader,
}

impl DriftKind {
    /// Returns the stable identifier of the drift kind, as used in reports.
    pub fn id(self) -> &'static str {
        match self {
            DriftKind::UndocumentedField => "undocumented-field",
            DriftKind::AbsentField => "absent-field",
            DriftKind::NumberForm => "number-form",
            DriftKind::UnknownErrorCode => "unknown-error-code",
            DriftKind::ErrorCodeStatus => "error-code-status",
            DriftKind::AbsentHeader => "absent-header",
        }
    }
}

impl From<DriftKind> for &'static str {
    fn from(kind: DriftKind) -> Self {
        kind.id()
    }
}

impl fmt::Display for DriftKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A difference from the documentation that breaks no documented rule.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Drift {
    /// The place of the difference.
    pub location: Location,
    /// The kind of difference.
    pub kind: DriftKind,
    /// A description of what was found, with literal values in backticks.
    pub found: String,
}

impl Drift {
    pub(crate) fn new(location: Location, kind: DriftKind, found: impl Into<String>) -> Self {
        Drift {
            location,
            kind,
            found: found.into(),
        }
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.location, self.found, self.kind)
    }
}

/// Appends `key` to a JSON pointer, escaping `~` and `/` as RFC 6901 requires.
pub(crate) fn push_pointer(base: &str, key: &str) -> String {
    let mut pointer = String::with_capacity(base.len() + key.len() + 1);
    pointer.push_str(base);
    pointer.push('/');
    for c in key.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            _ => pointer.push(c),
        }
    }
    pointer
}

/// Formats a found value for a message: the literal in backticks, shortened past 80 characters.
pub(crate) fn quote(value: &str) -> String {
    const MAX_CHARS: usize = 80;
    match value.char_indices().nth(MAX_CHARS) {
        None => format!("`{value}`"),
        Some((cut, _)) => format!("`{}`... ({} bytes in all)", &value[..cut], value.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_tilde_and_slash() {
        assert_eq!(push_pointer("", "a/b~c"), "/a~1b~0c");
        assert_eq!(push_pointer("/events/0", "id"), "/events/0/id");
    }

    #[test]
    fn quote_shortens_long_values() {
        let long = "x".repeat(100);
        assert_eq!(quote("abc"), "`abc`");
        assert_eq!(
            quote(&long),
            format!("`{}`... (100 bytes in all)", "x".repeat(80))
        );
    }

    #[test]
    fn location_display_names_whole_body() {
        assert_eq!(Location::body("").to_string(), "/");
        assert_eq!(
            Location::Header("content-type").to_string(),
            "header content-type"
        );
    }
}
