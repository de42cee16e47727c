//! Text built from small alphabets, so that most generated values are close to valid and
//! coverage reaches past the first rejection.

use arbitrary::{Arbitrary, Unstructured};

/// Characters of names in URNs and event names: mostly valid ones, plus each kind of
/// character a rule rejects.
pub const NAME_ALPHABET: &[&str] = &[
    "a", "e", "k", "t", "x", "A", "Q", "Z", "0", "4", "9", "-", "_", ".", "!", ":", "é", " ", "/",
    "%", "{", "\u{7f}",
];

/// Characters of a project id: letters and digits, plus a few that break the rule.
pub const PROJECT_ALPHABET: &[&str] = &["7", "a", "d", "8", "3", "f", "e", "F", "0", "-", "%", "é"];

/// Characters of standard padded base64, plus the URL-safe ones and a mask character.
pub const BASE64_ALPHABET: &[&str] = &[
    "A", "Q", "g", "w", "e", "y", "J", "r", "I", "j", "o", "i", "d", "9", "0", "+", "/", "=", "-",
    "_", "*", " ", "\n",
];

/// Characters of an event id in a request path: UUID characters, escapes and separators.
pub const EVENT_ID_ALPHABET: &[&str] = &[
    "3", "b", "6", "5", "9", "d", "c", "0", "-", "%20", "%2F", "%2f", "%2E", "%25", "%3A", "%",
    "%zz", "%C3%A9", "%FF", "%00", ".", "..", "?", "#", ":", "é", "\t",
];

/// Bytes taken from the input in one piece. A `Vec<u8>` reads a continuation flag before each
/// byte, which would split dictionary entries and seed texts apart.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

impl<'a> Arbitrary<'a> for Bytes {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Bytes(<&[u8]>::arbitrary(u)?.to_vec()))
    }

    fn arbitrary_take_rest(u: Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Bytes(u.take_rest().to_vec()))
    }

    fn size_hint(depth: usize) -> (usize, Option<usize>) {
        <&[u8]>::size_hint(depth)
    }
}

/// Text picked from an alphabet: each byte chooses one entry.
#[derive(Arbitrary, Clone, Debug)]
pub struct Picks(pub Bytes);

impl Picks {
    /// Writes at most `max_picks` entries of `alphabet`, one for each byte.
    pub fn render(&self, alphabet: &[&str], max_picks: usize) -> String {
        self.0
             .0
            .iter()
            .take(max_picks)
            .map(|&byte| alphabet[usize::from(byte) % alphabet.len()])
            .collect()
    }
}

/// A field of a URN or a name: picked text, or one character repeated to a length near a
/// documented limit.
#[derive(Arbitrary, Clone, Debug)]
pub enum FieldText {
    Picks(Picks),
    Repeat { character: u8, length: u8 },
}

impl FieldText {
    /// Writes the field with characters from `alphabet`.
    pub fn render(&self, alphabet: &[&str]) -> String {
        match self {
            FieldText::Picks(picks) => picks.render(alphabet, 80),
            FieldText::Repeat { character, length } => {
                let picked = alphabet[usize::from(*character) % alphabet.len()];
                picked.repeat(usize::from(*length % 70))
            }
        }
    }
}
