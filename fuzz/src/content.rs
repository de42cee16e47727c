//! Test event `content` values: base64 of JSON, of other bytes, edited, or near the limit.

use arbitrary::Arbitrary;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::json::Content;
use crate::text::{Picks, BASE64_ALPHABET};

/// A test event `content` to check.
#[derive(Arbitrary, Clone, Debug)]
pub enum ContentInput {
    Text(String),
    Content(Content),
    Edited {
        content: Content,
        edit: Edit,
    },
    /// Base64 of `{"k":"vvv…"}` whose length is near the 16384-character limit.
    NearLimit(u8),
}

/// A change to valid base64 that each rule of the decoder should notice.
#[derive(Arbitrary, Clone, Debug)]
pub enum Edit {
    DropPadding,
    AddPadding,
    Insert { at: u16, character: Picks },
    Truncate(u16),
}

impl ContentInput {
    /// Writes the content text.
    pub fn render(&self) -> String {
        match self {
            ContentInput::Text(text) => text.clone(),
            ContentInput::Content(content) => content.render(0),
            ContentInput::Edited { content, edit } => {
                let mut text = content.render(0);
                match edit {
                    Edit::DropPadding => text = text.trim_end_matches('=').to_owned(),
                    Edit::AddPadding => text.push('='),
                    Edit::Insert { at, character } => {
                        let at = usize::from(*at) % (text.len() + 1);
                        text.insert_str(at, &character.render(BASE64_ALPHABET, 2));
                    }
                    Edit::Truncate(length) => {
                        text.truncate(usize::from(*length) % (text.len() + 1))
                    }
                }
                text
            }
            ContentInput::NearLimit(offset) => {
                // 12288 bytes encode to 16384 characters; the 8 bytes of `{"k":""}` are framing.
                let value_length = 12288 - 8 - 6 + usize::from(*offset % 12);
                let document = format!("{{\"k\":\"{}\"}}", "v".repeat(value_length));
                STANDARD.encode(document)
            }
        }
    }
}
