//! JSON bodies built from the documented field names, written as text so that duplicate keys,
//! escapes, number spellings and layouts all reach the decoder.

use std::fmt::Write as _;

use arbitrary::Arbitrary;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::text::{Bytes, Picks, BASE64_ALPHABET, NAME_ALPHABET};

/// Nesting beyond serde_json's recursion limit of 128, so that the limit itself is reached.
const MAX_DEPTH: usize = 140;

/// A response or request body.
#[derive(Arbitrary, Clone, Debug)]
pub enum Body {
    Raw(Bytes),
    Object(Object),
    Value(Value),
    Empty,
    Whitespace,
}

impl Body {
    /// Writes the body bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            Body::Object(object) => render(|out| object.write(out, 0)).into_bytes(),
            Body::Value(value) => render(|out| value.write(out, 0)).into_bytes(),
            Body::Raw(bytes) => bytes.0.clone(),
            Body::Empty => Vec::new(),
            Body::Whitespace => b" \r\n\t".to_vec(),
        }
    }
}

fn render(write: impl FnOnce(&mut String)) -> String {
    let mut out = String::new();
    write(&mut out);
    out
}

/// An object key: a documented field name of some body, a spelling of one, or another key.
#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum Key {
    Id,
    Name,
    Content,
    LastModified,
    Count,
    Events,
    NextMarker,
    ErrorCode,
    ErrorMsg,
    RequestId,
    Details,
    /// `id` written with a `\u` escape, which decodes to the documented name.
    EscapedId,
    /// `ID`, which is not the documented name.
    UpperId,
    Empty,
    /// A key that needs JSON pointer escapes: `a/b~c`.
    PointerEscapes,
    Numbered(u8),
}

impl Key {
    fn write(self, out: &mut String) {
        let text = match self {
            Key::Id => "\"id\"",
            Key::Name => "\"name\"",
            Key::Content => "\"content\"",
            Key::LastModified => "\"last_modified\"",
            Key::Count => "\"count\"",
            Key::Events => "\"events\"",
            Key::NextMarker => "\"next_marker\"",
            Key::ErrorCode => "\"error_code\"",
            Key::ErrorMsg => "\"error_msg\"",
            Key::RequestId => "\"request_id\"",
            Key::Details => "\"details\"",
            Key::EscapedId => "\"\\u0069d\"",
            Key::UpperId => "\"ID\"",
            Key::Empty => "\"\"",
            Key::PointerEscapes => "\"a/b~c\"",
            Key::Numbered(number) => {
                let _ = write!(out, "\"k{number}\"");
                return;
            }
        };
        out.push_str(text);
    }
}

/// The whitespace between tokens.
#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum Layout {
    Compact,
    Spaced,
    Pretty,
}

impl Layout {
    fn after_colon(self) -> &'static str {
        match self {
            Layout::Compact => "",
            Layout::Spaced | Layout::Pretty => " ",
        }
    }

    fn after_comma(self) -> &'static str {
        match self {
            Layout::Compact => "",
            Layout::Spaced => " ",
            Layout::Pretty => "\n  ",
        }
    }
}

/// A JSON object, keys in the given order and possibly repeated.
#[derive(Arbitrary, Clone, Debug)]
pub struct Object {
    pub members: Vec<(Key, Value)>,
    pub layout: Layout,
}

impl Object {
    fn write(&self, out: &mut String, depth: usize) {
        out.push('{');
        for (index, (key, value)) in self.members.iter().enumerate() {
            if index > 0 {
                out.push(',');
                out.push_str(self.layout.after_comma());
            }
            key.write(out);
            out.push(':');
            out.push_str(self.layout.after_colon());
            value.write(out, depth + 1);
        }
        out.push('}');
    }
}

/// A JSON value.
#[derive(Arbitrary, Clone, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(Text),
    Array(Vec<Value>),
    Object(Object),
    /// An array of objects, the shape of ListEvents `events`.
    Events(Vec<Object>),
}

impl Value {
    /// Writes the value as JSON text; nesting deeper than [`MAX_DEPTH`] is written as `null`.
    pub fn write(&self, out: &mut String, depth: usize) {
        if depth > MAX_DEPTH {
            out.push_str("null");
            return;
        }
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
            Value::Number(number) => number.write(out),
            Value::String(text) => text.write(out, depth),
            Value::Array(values) => {
                out.push('[');
                for (index, value) in values.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    value.write(out, depth + 1);
                }
                out.push(']');
            }
            Value::Object(object) => object.write(out, depth),
            Value::Events(objects) => {
                out.push('[');
                for (index, object) in objects.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    object.write(out, depth + 1);
                }
                out.push(']');
            }
        }
    }
}

/// A JSON number, including spellings of whole numbers as fractions and exponents.
#[derive(Arbitrary, Clone, Debug)]
pub enum Number {
    Small(u8),
    /// Unix seconds near the documented example `1597374286`.
    UnixSeconds(u32),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Literal(NumberLiteral),
}

impl Number {
    fn write(&self, out: &mut String) {
        let _ = match self {
            Number::Small(value) => write!(out, "{value}"),
            Number::UnixSeconds(value) => write!(out, "{value}"),
            Number::Unsigned(value) => write!(out, "{value}"),
            Number::Signed(value) => write!(out, "{value}"),
            // serde_json writes the shortest text that reads back as the same float, and
            // `null` for NaN and the infinities.
            Number::Float(value) => write!(out, "{}", serde_json::Value::from(*value)),
            Number::Literal(literal) => {
                literal.write(out);
                Ok(())
            }
        };
    }
}

/// A number written digit by digit: `-? int (. fraction)? (e [+-]? exponent)?`.
#[derive(Arbitrary, Clone, Debug)]
pub struct NumberLiteral {
    pub negative: bool,
    pub integer: u64,
    pub fraction: Option<Vec<u8>>,
    pub exponent: Option<(bool, u16)>,
    pub upper_e: bool,
}

impl NumberLiteral {
    fn write(&self, out: &mut String) {
        if self.negative {
            out.push('-');
        }
        let _ = write!(out, "{}", self.integer);
        if let Some(fraction) = &self.fraction {
            out.push('.');
            if fraction.is_empty() {
                out.push('0');
            }
            for byte in fraction.iter().take(40) {
                out.push(char::from(b'0' + byte % 10));
            }
        }
        if let Some((negative, exponent)) = self.exponent {
            out.push(if self.upper_e { 'E' } else { 'e' });
            if negative {
                out.push('-');
            }
            let _ = write!(out, "{exponent}");
        }
    }
}

/// A JSON string: values shaped like the documented fields, or free text.
#[derive(Arbitrary, Clone, Debug)]
pub enum Text {
    EventName(Picks),
    Uuid(u128),
    Content(Content),
    ErrorCode(u8),
    Free(String),
    /// Free text with every character written as a `\u` escape.
    Escaped(String),
}

/// Error codes of the documented catalog and a few that are not in it.
const ERROR_CODES: &[&str] = &[
    "FSS.1070",
    "FSS.1051",
    "FSS.0400",
    "FSS.1068",
    "FSS.1073",
    "FSS.0500",
    "APIGW.0301",
    "APIGW.0101",
    "APIGW.0303",
    "FGS.0111",
    "FSS.9999",
    "",
];

impl Text {
    fn write(&self, out: &mut String, depth: usize) {
        let text = match self {
            Text::EventName(picks) => picks.render(NAME_ALPHABET, 30),
            Text::Uuid(bits) => uuid_text(*bits),
            Text::Content(content) => content.render(depth),
            Text::ErrorCode(index) => {
                ERROR_CODES[usize::from(*index) % ERROR_CODES.len()].to_owned()
            }
            Text::Free(text) => text.clone(),
            Text::Escaped(text) => {
                out.push('"');
                let mut units = [0u16; 2];
                for character in text.chars() {
                    for unit in character.encode_utf16(&mut units) {
                        let _ = write!(out, "\\u{unit:04x}");
                    }
                }
                out.push('"');
                return;
            }
        };
        write_string(out, &text);
    }
}

/// Writes `text` as a JSON string with the escapes serde_json chooses.
pub fn write_string(out: &mut String, text: &str) {
    out.push_str(&serde_json::Value::from(text).to_string());
}

/// Writes 128 bits as a lowercase UUID, such as `3b659dc0-12fc-40dc-aa05-a321d9424cb3`.
pub fn uuid_text(bits: u128) -> String {
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// A test event `content`: base64 of a JSON document, of other bytes, or base64-like text.
#[derive(Arbitrary, Clone, Debug)]
pub enum Content {
    OfJson(Box<Value>),
    OfBytes(Bytes),
    Picked(Picks),
}

impl Content {
    /// Writes the content text.
    pub fn render(&self, depth: usize) -> String {
        match self {
            Content::OfJson(value) => STANDARD.encode(render(|out| value.write(out, depth + 1))),
            Content::OfBytes(bytes) => STANDARD.encode(&bytes.0),
            Content::Picked(picks) => picks.render(BASE64_ALPHABET, 200),
        }
    }
}
