//! The test event `content`: padded standard base64 of a JSON document.

use base64::engine::general_purpose::STANDARD;
use base64::{DecodeError, Engine};

use crate::json::{error_offset, syntax_reason};

/// Padded standard base64 as a regular expression: groups of four symbols, the last group
/// optionally padded with `=`, and no bits set past the end of the data (so `eQ==` matches but
/// `eR==` does not). [`decode_base64`] accepts exactly these strings; a test checks that both
/// agree.
pub const BASE64_PATTERN: &str =
    "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$";

/// Decodes a test event `content`: standard base64 with padding, then JSON.
///
/// # Examples
///
/// ```
/// let document = fgs_model::content::decode_content("eyJrIjoidiJ9").expect("documented example");
/// assert_eq!(document, serde_json::json!({"k": "v"}));
/// ```
///
/// # Errors
///
/// Returns [`ContentError`] naming `content` and the byte offset when the text is not padded
/// standard base64 (offset into the base64 text), or when the decoded bytes are not one JSON
/// document (offset into the decoded bytes).
pub fn decode_content(content: &str) -> Result<serde_json::Value, ContentError> {
    let bytes = decode_base64(content)?;
    serde_json::from_slice(&bytes).map_err(|error| ContentError {
        kind: ContentErrorKind::Json {
            offset: error_offset(&bytes, &error),
            reason: syntax_reason(&error),
        },
    })
}

/// Decodes padded standard base64 text, naming the offending byte on failure.
///
/// # Errors
///
/// Returns [`ContentError`] with the byte offset into `content` of the first invalid byte, or
/// the length when padding or length are wrong.
pub fn decode_base64(content: &str) -> Result<Vec<u8>, ContentError> {
    STANDARD.decode(content).map_err(|error| {
        let kind = match error {
            DecodeError::InvalidByte(offset, byte) => {
                ContentErrorKind::InvalidByte { offset, byte }
            }
            DecodeError::InvalidLastSymbol(offset, byte) => {
                ContentErrorKind::InvalidLastSymbol { offset, byte }
            }
            DecodeError::InvalidLength(length) => ContentErrorKind::InvalidLength { length },
            DecodeError::InvalidPadding => ContentErrorKind::InvalidPadding {
                length: content.len(),
            },
        };
        ContentError { kind }
    })
}

/// A test event `content` that is not padded standard base64 of a JSON document.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid `content`: {kind}")]
pub struct ContentError {
    kind: ContentErrorKind,
}

impl ContentError {
    /// Returns the byte offset of the failure: into the base64 text for base64 errors, into the
    /// decoded bytes for JSON errors.
    pub fn offset(&self) -> usize {
        match self.kind {
            ContentErrorKind::InvalidByte { offset, .. }
            | ContentErrorKind::InvalidLastSymbol { offset, .. }
            | ContentErrorKind::Json { offset, .. } => offset,
            ContentErrorKind::InvalidLength { length }
            | ContentErrorKind::InvalidPadding { length } => length,
        }
    }

    /// Returns whether the base64 decoded but the result is not JSON.
    pub fn is_json_error(&self) -> bool {
        matches!(self.kind, ContentErrorKind::Json { .. })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
enum ContentErrorKind {
    #[error("byte {offset} is {}, which is not in the standard base64 alphabet", show_byte(*.byte))]
    InvalidByte { offset: usize, byte: u8 },
    #[error("the last symbol {} at byte {offset} leaves bits set that padded base64 keeps zero", show_byte(*.byte))]
    InvalidLastSymbol { offset: usize, byte: u8 },
    #[error(
        "expected a length that is a multiple of 4 with `=` padding, found {length} base64 symbols"
    )]
    InvalidLength { length: usize },
    #[error(
        "expected `=` padding that completes a group of 4, found other padding in {length} bytes"
    )]
    InvalidPadding { length: usize },
    #[error("the decoded bytes are not a JSON document at byte {offset}: {reason}")]
    Json { offset: usize, reason: String },
}

fn show_byte(byte: u8) -> String {
    if byte.is_ascii_graphic() || byte == b' ' {
        format!("`{}`", char::from(byte))
    } else {
        format!("0x{byte:02x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_request_content_decodes() {
        assert_eq!(
            decode_content("eyJrIjoidiJ9"),
            Ok(serde_json::json!({"k": "v"}))
        );
    }

    #[test]
    fn masked_documented_content_names_offset() {
        let error = decode_content("ewogICAgImJvZHkiOiAiIiwKICAgICJyZXF1ZXN0Q29udGV4d*****")
            .expect_err("masked content");
        assert_eq!(error.offset(), 49);
        assert_eq!(
            error.to_string(),
            "invalid `content`: byte 49 is `*`, which is not in the standard base64 alphabet"
        );
    }

    #[test]
    fn truncated_json_content_names_decoded_offset() {
        // Base64 of `{\n    "body": "",\n    "r`, as an update on a real endpoint stored it.
        let error = decode_content("ewogICAgImJvZHkiOiAiIiwKICAgICJy").expect_err("truncated");
        assert!(error.is_json_error());
        assert_eq!(error.offset(), 24);
    }

    #[test]
    fn unpadded_content_is_rejected() {
        let error = decode_content("eyJrIjoidiJ9fQ").expect_err("no padding");
        assert!(!error.is_json_error());
    }
}
