//! Known deviations: drift a team has accepted, each with a reason, and the review of a run's
//! drift against them.
//!
//! A known-deviation file lists entries in TOML (any extension but `.json`):
//!
//! ```toml
//! [[deviation]]
//! check = "show-event.success"   # optional: any check when absent
//! location = "/last_modified"    # optional: any location when absent
//! kind = "absent-field"
//! reason = "events that were never updated have no last_modified"
//! ```
//!
//! or the same structure in JSON: `{"deviation": [{"kind": ..., "reason": ...}]}`. An entry
//! accepts every drift it matches. An entry that matches nothing in a run is stale, so a file
//! cannot keep accepting drift that has gone.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::report::{DriftWarning, Report};

/// The drift kinds a run reports, by id: those of the model, and `error-code` for a
/// documented error code other than the one a check expects.
pub const DRIFT_KINDS: [&str; 7] = [
    "undocumented-field",
    "absent-field",
    "number-form",
    "unknown-error-code",
    "error-code-status",
    "absent-header",
    "error-code",
];

/// One accepted deviation.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct KnownDeviation {
    /// The check id the drift must come from, or any check when absent.
    #[serde(default)]
    pub check: Option<String>,
    /// The location the drift must be at (`header <name>` or a JSON pointer), or any when
    /// absent.
    #[serde(default)]
    pub location: Option<String>,
    /// The drift kind, such as `absent-field`.
    pub kind: String,
    /// The team's reason for accepting it.
    pub reason: String,
}

impl KnownDeviation {
    /// Returns whether this entry accepts `drift`.
    pub fn matches(&self, drift: &DriftWarning) -> bool {
        self.kind == drift.kind
            && self
                .check
                .as_deref()
                .is_none_or(|check| check == drift.check)
            && self
                .location
                .as_deref()
                .is_none_or(|location| location == drift.location)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeviationFile {
    #[serde(default)]
    deviation: Vec<KnownDeviation>,
}

/// The entries of a known-deviation file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KnownDeviations {
    /// The file they came from.
    pub path: PathBuf,
    /// The entries in file order.
    pub entries: Vec<KnownDeviation>,
}

/// A known-deviation file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DeviationError {
    /// The file cannot be read.
    #[error("cannot read `--known-deviations` file `{}`: {error}", .path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The file is not valid TOML or JSON of the expected shape.
    #[error("invalid `--known-deviations` file `{}`: {reason}", .path.display())]
    Invalid { path: PathBuf, reason: String },
}

impl KnownDeviations {
    /// Reads a known-deviation file: JSON when its name ends in `.json`, TOML otherwise.
    ///
    /// # Errors
    ///
    /// Returns an error when the file cannot be read, does not parse, has an unknown key, or
    /// has an entry with an unknown `kind` or an empty `reason`.
    pub fn load(path: &Path) -> Result<Self, DeviationError> {
        let text = std::fs::read_to_string(path).map_err(|error| DeviationError::Read {
            path: path.to_owned(),
            error,
        })?;
        let invalid = |reason: String| DeviationError::Invalid {
            path: path.to_owned(),
            reason,
        };
        let is_json = path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("json"));
        let file: DeviationFile = if is_json {
            serde_json::from_str(&text).map_err(|err| invalid(err.to_string()))?
        } else {
            toml::from_str(&text).map_err(|err| invalid(one_line(&err.to_string())))?
        };

        for (index, entry) in file.deviation.iter().enumerate() {
            let number = index + 1;
            if !DRIFT_KINDS.contains(&entry.kind.as_str()) {
                return Err(invalid(format!(
                    "entry {number}: expected `kind` to be one of {}, found `{}`",
                    DRIFT_KINDS
                        .iter()
                        .map(|kind| format!("`{kind}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    entry.kind
                )));
            }
            if entry.reason.trim().is_empty() {
                return Err(invalid(format!(
                    "entry {number}: expected a non-empty `reason`, found none"
                )));
            }
        }
        Ok(KnownDeviations {
            path: path.to_owned(),
            entries: file.deviation,
        })
    }

    /// Marks each drift of `report` that an entry matches as accepted, with the entry's
    /// reason, and lists the entries that matched nothing as stale.
    pub fn apply(&self, report: &mut Report) {
        let mut used = vec![false; self.entries.len()];
        for drift in &mut report.drift {
            if let Some(index) = self.entries.iter().position(|entry| entry.matches(drift)) {
                drift.accepted = Some(self.entries[index].reason.clone());
            }
            for (index, entry) in self.entries.iter().enumerate() {
                if entry.matches(drift) {
                    used[index] = true;
                }
            }
        }
        report.stale_deviations = self
            .entries
            .iter()
            .zip(used)
            .filter(|(_, used)| !used)
            .map(|(entry, _)| entry.clone())
            .collect();
    }
}

/// Joins the lines of a multi-line parser message, which quotes the offending line.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drift(check: &'static str, location: &str, kind: &str) -> DriftWarning {
        DriftWarning {
            check,
            location: location.to_owned(),
            kind: kind.to_owned(),
            found: "found".to_owned(),
            accepted: None,
        }
    }

    fn entry(check: Option<&str>, location: Option<&str>, kind: &str) -> KnownDeviation {
        KnownDeviation {
            check: check.map(str::to_owned),
            location: location.map(str::to_owned),
            kind: kind.to_owned(),
            reason: "known".to_owned(),
        }
    }

    #[test]
    fn entry_matches_each_field() {
        let seen = drift("show-event.success", "/last_modified", "absent-field");
        let cases = [
            (entry(None, None, "absent-field"), true),
            (
                entry(Some("show-event.success"), None, "absent-field"),
                true,
            ),
            (entry(None, Some("/last_modified"), "absent-field"), true),
            (
                entry(
                    Some("show-event.success"),
                    Some("/last_modified"),
                    "absent-field",
                ),
                true,
            ),
            (entry(None, None, "number-form"), false),
            (
                entry(Some("show-event.content"), None, "absent-field"),
                false,
            ),
            (entry(None, Some("/name"), "absent-field"), false),
        ];
        for (entry, expected) in cases {
            assert_eq!(entry.matches(&seen), expected, "{entry:?}");
        }
    }
}
