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

/// The location of a value in the body: a JSON pointer kept as links to its parent, so that
/// reading a conforming body allocates no pointer text. [`JsonPath::pointer`] writes it out for a
/// finding.
#[derive(Clone, Copy, Debug)]
pub(crate) enum JsonPath<'p> {
    /// The whole body.
    Root,
    /// A member of an object.
    Key(&'p JsonPath<'p>, &'p str),
    /// An element of an array.
    Index(&'p JsonPath<'p>, usize),
}

impl JsonPath<'_> {
    /// Writes the JSON pointer (RFC 6901) of this value: empty for the whole body.
    pub fn pointer(&self) -> String {
        match self {
            JsonPath::Root => String::new(),
            JsonPath::Key(parent, key) => push_pointer(&parent.pointer(), key),
            JsonPath::Index(parent, index) => push_pointer(&parent.pointer(), &index.to_string()),
        }
    }
}

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
    /// The field was absent, or its value broke its rule, which a violation names.
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

impl<'de> Slot<'de> {
    /// Returns the string read, if any.
    pub fn into_string(self) -> Option<Cow<'de, str>> {
        match self {
            Slot::String(text) => Some(text),
            _ => None,
        }
    }

    /// Returns the whole number read, if any.
    pub fn into_whole(self) -> Option<u64> {
        match self {
            Slot::Whole(value) => Some(value),
            _ => None,
        }
    }

    /// Returns the objects read, or none.
    pub fn into_objects(self) -> Vec<ObjectRef<'de>> {
        match self {
            Slot::Objects(objects) => objects,
            _ => Vec::new(),
        }
    }
}

impl<'de> ObjectRef<'de> {
    fn new() -> Self {
        ObjectRef {
            slots: Default::default(),
            extra: Map::new(),
        }
    }

    /// Takes the string of slot `index`, if one was read.
    pub fn take_string(&mut self, index: usize) -> Option<Cow<'de, str>> {
        std::mem::take(&mut self.slots[index]).into_string()
    }

    /// Takes the whole number of slot `index`.
    pub fn take_whole(&mut self, index: usize) -> Option<u64> {
        std::mem::take(&mut self.slots[index]).into_whole()
    }

    /// Takes the objects of slot `index`, or none when it is absent.
    pub fn take_objects(&mut self, index: usize) -> Vec<ObjectRef<'de>> {
        std::mem::take(&mut self.slots[index]).into_objects()
    }
}

/// The violations and drift collected while reading.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub violations: Vec<Violation>,
    pub drift: Vec<Drift>,
    numbers: NumberReading,
}

/// The way the current pass over a body reads number fields.
///
/// Reading a number's literal through `RawValue` made decoding the documented ShowEvent example
/// about a fifth slower (fgs-benches, `show_event_documented`). Nearly every number a server
/// sends is a plain integer, which serde_json reads exactly as a `u64`. So the first pass takes
/// only such integers. Any other value in a number field (`1.0`, `-1`, `1e9`, a string) makes
/// [`read_object`] read the whole body again from the literals, and only that second pass
/// reports findings about it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum NumberReading {
    /// Plain integers within 2^53 only.
    #[default]
    PlainFirst,
    /// A number field held another value, so the body must be read again with `Literal`.
    NeedsLiteral,
    /// Every number from its literal text.
    Literal,
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

/// Reads `body` as one JSON object with the given documented fields, and returns what `build`
/// makes of it.
///
/// Returns `None` when the body is not a well-formed JSON object, and the findings name why. The
/// object passed to `build` may still carry violations in its fields: the caller checks
/// `findings.violations`. `build` takes the object where it was read, so that the object is not
/// copied out through an `Option` first.
pub(crate) fn read_object<'de, T>(
    body: &'de [u8],
    fields: &'static [FieldSpec],
    findings: &mut Findings,
    build: impl FnOnce(ObjectRef<'de>, &mut Findings) -> T,
) -> Option<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        findings.violation(
            String::new(),
            Rule::EmptyBody,
            "a JSON object",
            "an empty body",
        );
        return None;
    }

    let violations_before = findings.violations.len();
    let drift_before = findings.drift.len();
    findings.numbers = NumberReading::PlainFirst;
    let mut object = ObjectRef::new();
    let is_object = read_object_pass(body, fields, findings, &mut object);
    if findings.numbers != NumberReading::NeedsLiteral {
        return is_object.then(|| build(object, findings));
    }

    findings.violations.truncate(violations_before);
    findings.drift.truncate(drift_before);
    findings.numbers = NumberReading::Literal;
    let mut object = ObjectRef::new();
    let is_object = read_object_pass(body, fields, findings, &mut object);
    is_object.then(|| build(object, findings))
}

/// Reads `body` once into `object`, reading number fields in the mode `findings.numbers` selects,
/// and returns whether the body is a well-formed JSON object.
fn read_object_pass<'de>(
    body: &'de [u8],
    fields: &'static [FieldSpec],
    findings: &mut Findings,
    object: &mut ObjectRef<'de>,
) -> bool {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let seed = ObjectSeed {
        fields,
        path: JsonPath::Root,
        findings: &mut *findings,
        object,
    };
    let is_object = match seed.deserialize(&mut deserializer) {
        Ok(is_object) => is_object,
        Err(error) => {
            report_syntax_error(body, &error, findings);
            return false;
        }
    };
    if let Err(error) = deserializer.end() {
        report_syntax_error(body, &error, findings);
        return false;
    }
    is_object
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

/// Reads one JSON value that must be an object with `fields` into `object`, and returns
/// whether it was an object.
struct ObjectSeed<'f, 'p, 'de> {
    fields: &'static [FieldSpec],
    path: JsonPath<'p>,
    findings: &'f mut Findings,
    object: &'f mut ObjectRef<'de>,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_, '_, 'de> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_, '_, 'de> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let ObjectSeed {
            fields,
            path,
            findings,
            object,
        } = self;
        let mut seen = [false; MAX_FIELDS];

        while let Some(key) = map.next_key_seed(KeySeed)? {
            let Some(index) = fields.iter().position(|field| field.name == key) else {
                read_undocumented(&mut map, &mut object.extra, &path, key, findings)?;
                continue;
            };
            let field_path = JsonPath::Key(&path, &key);
            if seen[index] {
                map.next_value::<IgnoredAny>()?;
                findings.violation(
                    field_path.pointer(),
                    Rule::DuplicateKey,
                    "each key once",
                    format!("a second {}", quote(&key)),
                );
                continue;
            }
            seen[index] = true;
            let slot = &mut object.slots[index];
            read_field(&mut map, fields[index].kind, &field_path, findings, slot)?;
        }

        for (index, field) in fields.iter().enumerate() {
            if seen[index] {
                continue;
            }
            let field_path = JsonPath::Key(&path, field.name);
            match field.presence {
                Presence::Required => findings.violation(
                    field_path.pointer(),
                    Rule::RequiredField,
                    format!("the required field `{}`", field.name),
                    "none",
                ),
                Presence::Expected => findings.drift(
                    field_path.pointer(),
                    DriftKind::AbsentField,
                    format!("the documented field `{}` is absent", field.name),
                ),
                Presence::Optional => {}
            }
        }
        Ok(true)
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

impl ObjectSeed<'_, '_, '_> {
    fn not_an_object<E>(self, found: &str) -> Result<bool, E> {
        let rule = match self.path {
            JsonPath::Root => Rule::TopLevelObject,
            _ => Rule::FieldType,
        };
        self.findings
            .violation(self.path.pointer(), rule, "a JSON object", found.to_owned());
        Ok(false)
    }
}

fn read_undocumented<'de, A: MapAccess<'de>>(
    map: &mut A,
    extra: &mut Map<String, Value>,
    path: &JsonPath<'_>,
    key: Cow<'de, str>,
    findings: &mut Findings,
) -> Result<(), A::Error> {
    let field_pointer = JsonPath::Key(path, &key).pointer();
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
    path: &JsonPath<'_>,
    findings: &mut Findings,
    slot: &mut Slot<'de>,
) -> Result<(), A::Error> {
    match kind {
        FieldKind::String | FieldKind::EventContent => match map.next_value_seed(StringSeed)? {
            StringOr::String(text) => {
                fill(slot, Slot::String(text));
                Ok(())
            }
            StringOr::Other(found) => {
                findings.violation(path.pointer(), Rule::FieldType, "a JSON string", found);
                Ok(())
            }
        },
        FieldKind::EventName => match map.next_value_seed(StringSeed)? {
            StringOr::String(name) => {
                // A name that breaks the rule is still returned, so that the caller sees it.
                if let Err(error) = check_event_name(&name) {
                    findings.violation(
                        path.pointer(),
                        Rule::EventName,
                        EVENT_NAME_RULE,
                        error.found(),
                    );
                }
                fill(slot, Slot::String(name));
                Ok(())
            }
            StringOr::Other(found) => {
                findings.violation(path.pointer(), Rule::FieldType, "a JSON string", found);
                Ok(())
            }
        },
        FieldKind::UnixSeconds | FieldKind::Integer { .. }
            if findings.numbers != NumberReading::Literal =>
        {
            let max = match kind {
                FieldKind::Integer { max } => max,
                _ => MAX_EXACT_INTEGER,
            };
            match map.next_value_seed(PlainIntegerSeed { max }) {
                Ok(Some(value)) => {
                    fill(slot, Slot::Whole(value));
                    Ok(())
                }
                Ok(None) => {
                    findings.numbers = NumberReading::NeedsLiteral;
                    Ok(())
                }
                Err(error) => {
                    // The second pass reports this syntax error when it reads the literal.
                    findings.numbers = NumberReading::NeedsLiteral;
                    Err(error)
                }
            }
        }
        FieldKind::UnixSeconds | FieldKind::Integer { .. } => {
            let raw: &'de RawValue = map.next_value()?;
            fill(
                slot,
                read_whole_field(raw.get().trim(), kind, path, findings),
            );
            Ok(())
        }
        FieldKind::Objects(fields) => {
            let objects = map.next_value_seed(ObjectsSeed {
                fields,
                path: *path,
                findings,
            })?;
            if let Some(objects) = objects {
                fill(slot, Slot::Objects(objects));
            }
            Ok(())
        }
    }
}

/// Writes `value` into the slot of a field read for the first time.
///
/// Such a slot is `Absent`, which owns nothing, so it is forgotten instead of dropped: the drop
/// glue of `Slot` is a call that the compiler does not inline, once per field.
fn fill<'de>(slot: &mut Slot<'de>, value: Slot<'de>) {
    let previous = std::mem::replace(slot, value);
    debug_assert!(matches!(previous, Slot::Absent));
    std::mem::forget(previous);
}

fn read_whole_field<'de>(
    literal: &str,
    kind: FieldKind,
    path: &JsonPath<'_>,
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
            path.pointer(),
            Rule::FieldType,
            "a JSON number",
            format!("{found_type} {}", quote(literal)),
        );
        return Slot::Absent;
    }

    match read_whole(literal) {
        Ok(number) if number.value > max => {
            findings.violation(
                path.pointer(),
                Rule::IntegerRange,
                format!("a whole number of 0 to {max}"),
                format!("`{}`", number.value),
            );
            Slot::Absent
        }
        Ok(number) => {
            if !number.plain {
                findings.drift(
                    path.pointer(),
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
                path.pointer(),
                rule,
                expected,
                format!("{}, {why}", quote(literal)),
            );
            Slot::Absent
        }
    }
}

/// Reads a plain integer of at most `max` and 2^53, or `None` for any other JSON value.
///
/// serde_json (1.0.154) calls `visit_u64` only for a literal of digits alone (`0|[1-9][0-9]*`)
/// that fits a `u64`. A fraction, an exponent, a minus sign or more digits give `visit_i64` or
/// `visit_f64`, and its `arbitrary_precision` feature gives `visit_map`.
struct PlainIntegerSeed {
    max: u64,
}

impl<'de> DeserializeSeed<'de> for PlainIntegerSeed {
    type Value = Option<u64>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PlainIntegerSeed {
    type Value = Option<u64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON number")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok((value <= self.max && value <= MAX_EXACT_INTEGER).then_some(value))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// Reads a JSON array whose elements must be objects with `fields`.
struct ObjectsSeed<'f, 'p> {
    fields: &'static [FieldSpec],
    path: JsonPath<'p>,
    findings: &'f mut Findings,
}

impl<'de> DeserializeSeed<'de> for ObjectsSeed<'_, '_> {
    type Value = Option<Vec<ObjectRef<'de>>>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ObjectsSeed<'_, '_> {
    type Value = Option<Vec<ObjectRef<'de>>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut objects = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(16));
        let mut index = 0usize;
        let mut complete = true;
        loop {
            let mut object = ObjectRef::new();
            let element = ObjectSeed {
                fields: self.fields,
                path: JsonPath::Index(&self.path, index),
                findings: &mut *self.findings,
                object: &mut object,
            };
            match seq.next_element_seed(element)? {
                None => break,
                Some(true) => objects.push(object),
                Some(false) => complete = false,
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

impl ObjectsSeed<'_, '_> {
    fn not_an_array<'de>(self, found: &str) -> Option<Vec<ObjectRef<'de>>> {
        self.findings.violation(
            self.path.pointer(),
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
