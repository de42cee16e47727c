//! Consistent references for values that change from run to run.
//!
//! Event ids, request ids and dates differ in every run. A recording writes each distinct
//! value as a reference such as `{{event-id-1}}`, the same reference wherever the value
//! appears. So two recordings of the same behaviour compare equal, and a replay can still
//! check that an id the server returned is the one later requests use.

use std::fmt;

/// The kinds of value replaced by a reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VolatileKind {
    /// A test event id, from a request path or an `id` field.
    EventId,
    /// A request id, from `X-Request-Id` or a `request_id` field.
    RequestId,
    /// An HTTP date, from the `Date` header.
    Date,
}

impl VolatileKind {
    const ALL: [VolatileKind; 3] = [
        VolatileKind::EventId,
        VolatileKind::RequestId,
        VolatileKind::Date,
    ];

    /// Returns the name used in references, such as `event-id`.
    pub fn as_str(self) -> &'static str {
        match self {
            VolatileKind::EventId => "event-id",
            VolatileKind::RequestId => "request-id",
            VolatileKind::Date => "date",
        }
    }

    /// Returns the kind named `name` in a reference.
    pub fn from_name(name: &str) -> Option<Self> {
        VolatileKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }

    /// Returns the minimum length of a replaced value. Shorter ids stay as they are, because
    /// replacing every occurrence of a short text would also hit unrelated text.
    fn min_len(self) -> usize {
        match self {
            VolatileKind::EventId | VolatileKind::RequestId => 8,
            VolatileKind::Date => 1,
        }
    }

    fn index(self) -> usize {
        match self {
            VolatileKind::EventId => 0,
            VolatileKind::RequestId => 1,
            VolatileKind::Date => 2,
        }
    }
}

impl fmt::Display for VolatileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Returns the reference `{{kind-number}}`.
pub fn reference(kind: VolatileKind, number: u32) -> String {
    format!("{{{{{kind}-{number}}}}}")
}

/// The values seen so far and their references, in the order first seen.
#[derive(Debug, Default)]
pub struct VolatileRefs {
    /// `(value, reference)`, longest value first so that no replacement cuts into a longer
    /// value that contains a shorter one.
    entries: Vec<(String, String)>,
    counts: [u32; 3],
}

impl VolatileRefs {
    /// Gives `value` a reference of `kind`, unless it already has one or is too short.
    pub fn register(&mut self, kind: VolatileKind, value: &str) {
        if value.len() < kind.min_len()
            || value.contains("{{")
            || self.entries.iter().any(|(known, _)| known == value)
        {
            return;
        }
        let count = &mut self.counts[kind.index()];
        *count += 1;
        self.entries
            .push((value.to_owned(), reference(kind, *count)));
        self.entries
            .sort_by(|(a, _), (b, _)| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    }

    /// Returns `text` with every registered value replaced by its reference.
    pub fn apply(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for (value, reference) in &self.entries {
            if text.contains(value.as_str()) {
                text = text.replace(value.as_str(), reference);
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_numbers_each_kind_separately() {
        let mut refs = VolatileRefs::default();
        refs.register(
            VolatileKind::EventId,
            "3b659dc0-12fc-40dc-aa05-a321d9424cb3",
        );
        refs.register(VolatileKind::RequestId, "0b1e6f3a9c2d4e5f");
        refs.register(
            VolatileKind::EventId,
            "b6ef601f-47c1-4ccd-a3a5-0b5913f539c9",
        );
        refs.register(
            VolatileKind::EventId,
            "3b659dc0-12fc-40dc-aa05-a321d9424cb3",
        );
        assert_eq!(
            refs.apply("/events/3b659dc0-12fc-40dc-aa05-a321d9424cb3 b6ef601f-47c1-4ccd-a3a5-0b5913f539c9 0b1e6f3a9c2d4e5f"),
            "/events/{{event-id-1}} {{event-id-2}} {{request-id-1}}"
        );
    }

    #[test]
    fn register_skips_short_values() {
        let mut refs = VolatileRefs::default();
        refs.register(VolatileKind::EventId, "e1");
        assert_eq!(refs.apply("/events/e1"), "/events/e1");
    }

    #[test]
    fn apply_replaces_longer_value_first() {
        let mut refs = VolatileRefs::default();
        refs.register(VolatileKind::RequestId, "abcdefgh");
        refs.register(VolatileKind::EventId, "abcdefgh-1234");
        assert_eq!(
            refs.apply("abcdefgh-1234 abcdefgh"),
            "{{event-id-1}} {{request-id-1}}"
        );
    }

    #[test]
    fn kind_names_round_trip() {
        for kind in VolatileKind::ALL {
            assert_eq!(VolatileKind::from_name(kind.as_str()), Some(kind));
        }
        assert_eq!(VolatileKind::from_name("token"), None);
    }
}
