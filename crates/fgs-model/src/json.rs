//! A strict, single-pass JSON object reader that reports every violation instead of stopping at
//! the first.
//!
//! serde_json drives the parse, so malformed JSON, invalid UTF-8 and nesting deeper than its
//! recursion limit of 128 are rejected by the same parser every Rust client uses. On top of it,
//! this reader checks each documented field against its [`FieldSpec`], rejects duplicate keys,
//! keeps undocumented fields, and borrows strings from the input where they contain no escapes.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::number::{read_whole, NotWhole, MAX_EXACT_INTEGER};
use crate::request::{check_event_name, EVENT_NAME_RULE};
use crate::violation::{push_pointer, quote, Drift, DriftKind, Location, Rule, Violation};

/// The most documented fields any body has.
pub(crate) const MAX_FIELDS: usize = 4;

/// The JSON type and rule a documented field must follow.
///
/// The decoder and the OpenAPI document (`crate::openapi`) both read these, so a rule checked
/// here is the rule the published schema states.
#[derive(Clone, Copy, Debug)]
pub(crate) enum FieldKind {
    /// A JSON string.
    String,
    /// A JSON string that follows the test event name rule ([`check_event_name`]).
    EventName,
    /// A JSON string holding event content. The reader checks only the type, because the length
    /// limit depends on the chosen [`ContentLimit`](crate::ContentLimit) reading and the
    /// documented example response is masked. Requests apply the rule in their `validate`.
    EventContent,
    /// A JSON number holding whole, non-negative Unix seconds within 2^53.
    UnixSeconds,
    /// A JSON number holding a whole, non-negative integer of at most `max`.
    Integer { max: u64 },
    /// A JSON array of objects, each following the given fields.
    Objects(&'static [FieldSpec]),
}

/// Whether a documented field must be present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Presence {
    /// Absence is a violation.
    Required,
    /// Absence is drift: the documentation lists the field, but a rule-abiding server may omit it.
    Expected,
    /// Absence is unremarkable.
    Optional,
}

/// One documented field of a JSON object.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FieldSpec {
    pub name: &'static str,
    pub kind: FieldKind,
    pub presence: Presence,
    /// The meaning of the field, in the words of the API reference.
    pub description: &'static str,
}

impl FieldSpec {
    /// Builds a field; a `const fn`, so the tables stay constants.
    pub(crate) const fn new(
        name: &'static str,
        kind: FieldKind,
        presence: Presence,
        description: &'static str,
    ) -> Self {
        FieldSpec {
            name,
            kind,
            presence,
            description,
        }
    }
}

/// The value read for one documented field.
#[derive(Debug, Default)]
pub(crate) enum Slot<'de> {
    /// The field was absent, or its value broke its rule (a violation says which).
    #[default]
    Absent,
    String(Cow<'de, str>),
    Whole(u64),
    Objects(Vec<ObjectRef<'de>>),
}

/// A JSON object read against its documented fields: one slot per [`FieldSpec`], in order, and
/// the undocumented fields.
#[derive(Debug)]
pub(crate) struct ObjectRef<'de> {
    pub slots: [Slot<'de>; MAX_FIELDS],
    pub extra: Map<String, Value>,
}

impl<'de> ObjectRef<'de> {
    /// Takes the string of slot `index`, if one was read.
    pub fn take_string(&mut self, index: usize) -> Option<Cow<'de, str>> {
        match std::mem::take(&mut self.slots[index]) {
            Slot::String(text) => Some(text),
            _ => None,
        }
    }

    /// Takes the whole number of slot `index`.
    pub fn take_whole(&mut self, index: usize) -> Option<u64> {
        match std::mem::take(&mut self.slots[index]) {
            Slot::Whole(value) => Some(value),
            _ => None,
        }
    }

    /// Takes the objects of slot `index`, or none when it is absent.
    pub fn take_objects(&mut self, index: usize) -> Vec<ObjectRef<'de>> {
        match std::mem::take(&mut self.slots[index]) {
            Slot::Objects(objects) => objects,
            _ => Vec::new(),
        }
    }
}

/// Where violations and drift are collected while reading.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub violations: Vec<Violation>,
    pub drift: Vec<Drift>,
}

impl Findings {
    fn violation(
        &mut self,
        pointer: String,
        rule: Rule,
        expected: impl Into<Cow<'static, str>>,
        found: impl Into<String>,
    ) {
        self.violations.push(Violation::new(
            Location::Body(pointer),
            rule,
            expected,
            found,
        ));
    }

    fn drift(&mut self, pointer: String, kind: DriftKind, found: impl Into<String>) {
        self.drift
            .push(Drift::new(Location::Body(pointer), kind, found));
    }
}

/// Reads `body` as one JSON object with the given documented fields.
///
/// Returns `None` when the body is not a well-formed JSON object; the findings say why. A returned
/// object may still carry violations in its fields: the caller checks `findings.violations`.
pub(crate) fn read_object<'de>(
    body: &'de [u8],
    fields: &'static [FieldSpec],
    findings: &mut Findings,
) -> Option<ObjectRef<'de>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        findings.violation(
            String::new(),
            Rule::EmptyBody,
            "a JSON object",
            "an empty body",
        );
        return None;
    }

    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let seed = ObjectSeed {
        fields,
        pointer: String::new(),
        findings: &mut *findings,
    };
    let object = match seed.deserialize(&mut deserializer) {
        Ok(object) => object,
        Err(error) => {
            report_syntax_error(body, &error, findings);
            return None;
        }
    };
    if let Err(error) = deserializer.end() {
        report_syntax_error(body, &error, findings);
        return None;
    }
    object
}

fn report_syntax_error(body: &[u8], error: &serde_json::Error, findings: &mut Findings) {
    let offset = error_offset(body, error);
    let reason = syntax_reason(error);
    findings.violation(
        String::new(),
        Rule::InvalidJson,
        "well-formed JSON",
        format!(
            "{reason} at byte {offset} (line {}, column {})",
            error.line(),
            error.column()
        ),
    );
}

/// Returns serde_json's reason without its trailing " at line L column C".
pub(crate) fn syntax_reason(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    }
}

/// Returns the 0-based byte offset of a serde_json error in `text`: the end for an unexpected
/// end of input, else the byte its 1-based line and column name.
pub(crate) fn error_offset(text: &[u8], error: &serde_json::Error) -> usize {
    if error.is_eof() {
        text.len()
    } else {
        byte_offset(text, error.line(), error.column())
    }
}

/// Converts serde_json's 1-based line and column (in bytes) into a 0-based byte offset.
fn byte_offset(text: &[u8], line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.iter()
            .enumerate()
            .filter(|(_, &b)| b == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(at, _)| at + 1)
    };
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// Reads one JSON value that must be an object with `fields`.
struct ObjectSeed<'f> {
    fields: &'static [FieldSpec],
    pointer: String,
    findings: &'f mut Findings,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_> {
    type Value = Option<ObjectRef<'de>>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_> {
    type Value = Option<ObjectRef<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let ObjectSeed {
            fields,
            pointer,
            findings,
        } = self;
        let mut object = ObjectRef {
            slots: Default::default(),
            extra: Map::new(),
        };
        let mut seen = [false; MAX_FIELDS];

        while let Some(key) = map.next_key_seed(KeySeed)? {
            let Some(index) = fields.iter().position(|field| field.name == key) else {
                read_undocumented(&mut map, &mut object.extra, &pointer, key, findings)?;
                continue;
            };
            let field_pointer = push_pointer(&pointer, &key);
            if seen[index] {
                map.next_value::<IgnoredAny>()?;
                findings.violation(
                    field_pointer,
                    Rule::DuplicateKey,
                    "each key once",
                    format!("a second {}", quote(&key)),
                );
                continue;
            }
            seen[index] = true;
            object.slots[index] =
                read_field(&mut map, fields[index].kind, field_pointer, findings)?;
        }

        for (index, field) in fields.iter().enumerate() {
            if seen[index] {
                continue;
            }
            let field_pointer = push_pointer(&pointer, field.name);
            match field.presence {
                Presence::Required => findings.violation(
                    field_pointer,
                    Rule::RequiredField,
                    format!("the required field `{}`", field.name),
                    "none",
                ),
                Presence::Expected => findings.drift(
                    field_pointer,
                    DriftKind::AbsentField,
                    format!("the documented field `{}` is absent", field.name),
                ),
                Presence::Optional => {}
            }
        }
        Ok(Some(object))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.not_an_object("an array")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        self.not_an_object(&format!("the string {}", quote(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        self.not_an_object(&format!("the string {}", quote(value)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        self.not_an_object(&format!("the number `{value}`"))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        self.not_an_object(&format!("the number `{value}`"))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        self.not_an_object(&format!("the number `{value}`"))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        self.not_an_object(&format!("`{value}`"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.not_an_object("`null`")
    }
}

impl ObjectSeed<'_> {
    fn not_an_object<'de, E>(self, found: &str) -> Result<Option<ObjectRef<'de>>, E> {
        let rule = if self.pointer.is_empty() {
            Rule::TopLevelObject
        } else {
            Rule::FieldType
        };
        self.findings
            .violation(self.pointer, rule, "a JSON object", found.to_owned());
        Ok(None)
    }
}

fn read_undocumented<'de, A: MapAccess<'de>>(
    map: &mut A,
    extra: &mut Map<String, Value>,
    pointer: &str,
    key: Cow<'de, str>,
    findings: &mut Findings,
) -> Result<(), A::Error> {
    let field_pointer = push_pointer(pointer, &key);
    if extra.contains_key(key.as_ref()) {
        map.next_value::<IgnoredAny>()?;
        findings.violation(
            field_pointer,
            Rule::DuplicateKey,
            "each key once",
            format!("a second {}", quote(&key)),
        );
        return Ok(());
    }
    let value: Value = map.next_value()?;
    findings.drift(
        field_pointer,
        DriftKind::UndocumentedField,
        format!("the undocumented field {}", quote(&key)),
    );
    extra.insert(key.into_owned(), value);
    Ok(())
}

fn read_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    kind: FieldKind,
    pointer: String,
    findings: &mut Findings,
) -> Result<Slot<'de>, A::Error> {
    match kind {
        FieldKind::String | FieldKind::EventContent => match map.next_value_seed(StringSeed)? {
            StringOr::String(text) => Ok(Slot::String(text)),
            StringOr::Other(found) => {
                findings.violation(pointer, Rule::FieldType, "a JSON string", found);
                Ok(Slot::Absent)
            }
        },
        FieldKind::EventName => match map.next_value_seed(StringSeed)? {
            StringOr::String(name) => {
                // A name that breaks the rule is still returned, so that the caller sees it.
                if let Err(error) = check_event_name(&name) {
                    findings.violation(pointer, Rule::EventName, EVENT_NAME_RULE, error.found());
                }
                Ok(Slot::String(name))
            }
            StringOr::Other(found) => {
                findings.violation(pointer, Rule::FieldType, "a JSON string", found);
                Ok(Slot::Absent)
            }
        },
        FieldKind::UnixSeconds | FieldKind::Integer { .. } => {
            let raw: &'de RawValue = map.next_value()?;
            Ok(read_whole_field(raw.get().trim(), kind, pointer, findings))
        }
        FieldKind::Objects(fields) => {
            let objects = map.next_value_seed(ObjectsSeed {
                fields,
                pointer,
                findings,
            })?;
            Ok(objects.map_or(Slot::Absent, Slot::Objects))
        }
    }
}

fn read_whole_field<'de>(
    literal: &str,
    kind: FieldKind,
    pointer: String,
    findings: &mut Findings,
) -> Slot<'de> {
    let (rule, expected, max) = match kind {
        FieldKind::UnixSeconds => (
            Rule::WholeSeconds,
            "whole Unix seconds as a non-negative JSON number within 2^53",
            MAX_EXACT_INTEGER,
        ),
        FieldKind::Integer { max } => (
            Rule::IntegerRange,
            "a whole non-negative JSON number within 2^53",
            max,
        ),
        _ => (Rule::FieldType, "a JSON number", MAX_EXACT_INTEGER),
    };
    let found_type = match literal.as_bytes().first() {
        Some(b'"') => Some("a string"),
        Some(b'{') => Some("an object"),
        Some(b'[') => Some("an array"),
        Some(b't' | b'f') => Some("a boolean"),
        Some(b'n') => Some("null"),
        _ => None,
    };
    if let Some(found_type) = found_type {
        findings.violation(
            pointer,
            Rule::FieldType,
            "a JSON number",
            format!("{found_type} {}", quote(literal)),
        );
        return Slot::Absent;
    }

    match read_whole(literal) {
        Ok(number) if number.value > max => {
            findings.violation(
                pointer,
                Rule::IntegerRange,
                format!("a whole number of 0 to {max}"),
                format!("`{}`", number.value),
            );
            Slot::Absent
        }
        Ok(number) => {
            if !number.plain {
                findings.drift(
                    pointer,
                    DriftKind::NumberForm,
                    format!(
                        "the whole number {} written as {}",
                        number.value,
                        quote(literal)
                    ),
                );
            }
            Slot::Whole(number.value)
        }
        Err(reason) => {
            let why = match reason {
                NotWhole::Negative => "which is negative".to_owned(),
                NotWhole::Fraction => "which has a fraction".to_owned(),
                NotWhole::TooLarge => format!("which is beyond {MAX_EXACT_INTEGER}"),
            };
            findings.violation(
                pointer,
                rule,
                expected,
                format!("{}, {why}", quote(literal)),
            );
            Slot::Absent
        }
    }
}

/// Reads a JSON array whose elements must be objects with `fields`.
struct ObjectsSeed<'f> {
    fields: &'static [FieldSpec],
    pointer: String,
    findings: &'f mut Findings,
}

impl<'de> DeserializeSeed<'de> for ObjectsSeed<'_> {
    type Value = Option<Vec<ObjectRef<'de>>>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ObjectsSeed<'_> {
    type Value = Option<Vec<ObjectRef<'de>>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut objects = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(16));
        let mut index = 0usize;
        let mut complete = true;
        loop {
            let element = ObjectSeed {
                fields: self.fields,
                pointer: push_pointer(&self.pointer, &index.to_string()),
                findings: &mut *self.findings,
            };
            match seq.next_element_seed(element)? {
                None => break,
                Some(Some(object)) => objects.push(object),
                Some(None) => complete = false,
            }
            index += 1;
        }
        Ok(complete.then_some(objects))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(self.not_an_array("an object"))
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(self.not_an_array(&format!("the string {}", quote(value))))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(self.not_an_array(&format!("the string {}", quote(value))))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(self.not_an_array(&format!("the number `{value}`")))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(self.not_an_array(&format!("the number `{value}`")))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(self.not_an_array(&format!("the number `{value}`")))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(self.not_an_array(&format!("`{value}`")))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.not_an_array("`null`"))
    }
}

impl ObjectsSeed<'_> {
    fn not_an_array<'de>(self, found: &str) -> Option<Vec<ObjectRef<'de>>> {
        self.findings.violation(
            self.pointer,
            Rule::FieldType,
            "a JSON array",
            found.to_owned(),
        );
        None
    }
}

/// Reads an object key, borrowing it from the input when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }
}

/// A JSON value read where a string is expected: the string, or a description of what was found.
enum StringOr<'de> {
    String(Cow<'de, str>),
    Other(String),
}

/// Reads any JSON value, keeping it only when it is a string.
struct StringSeed;

impl<'de> DeserializeSeed<'de> for StringSeed {
    type Value = StringOr<'de>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StringSeed {
    type Value = StringOr<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON string")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(StringOr::String(Cow::Borrowed(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(StringOr::String(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(StringOr::String(Cow::Owned(value)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(StringOr::Other(format!("the number `{value}`")))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(StringOr::Other(format!("the number `{value}`")))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        Ok(StringOr::Other(format!("the number `{value}`")))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(StringOr::Other(format!("`{value}`")))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(StringOr::Other("`null`".to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(StringOr::Other("an array".to_owned()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(StringOr::Other("an object".to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_offset_counts_lines_and_columns() {
        let text = b"{\n  \"a\": 1,\n  x\n}";
        assert_eq!(byte_offset(text, 1, 1), 0);
        assert_eq!(byte_offset(text, 3, 3), 14);
        assert_eq!(text[14], b'x');
    }
}
