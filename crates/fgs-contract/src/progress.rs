//! A one-line progress display on standard error, shown only on a terminal.

use std::io::Write;
use std::sync::Mutex;

use reqwest::{Method, Url};

use crate::transport::AttemptOutcome;

/// The maximum number of characters in a progress line, so that it does not wrap on an
/// 80-column terminal and a carriage return can rewrite it.
const MAX_WIDTH: usize = 78;

/// Rewrites one line of standard error after each attempt.
pub struct Progress {
    state: Mutex<ProgressState>,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress").finish_non_exhaustive()
    }
}

struct ProgressState {
    out: Box<dyn Write + Send>,
    attempts: u64,
    shown: usize,
}

impl Progress {
    /// Builds a display on standard error.
    pub fn stderr() -> Self {
        Progress::to_writer(Box::new(std::io::stderr()))
    }

    /// Builds a display on `out`.
    pub fn to_writer(out: Box<dyn Write + Send>) -> Self {
        Progress {
            state: Mutex::new(ProgressState {
                out,
                attempts: 0,
                shown: 0,
            }),
        }
    }

    /// Shows the attempt that just ended.
    pub(crate) fn attempt_done(
        &self,
        sequence: u64,
        method: &Method,
        url: &Url,
        outcome: &AttemptOutcome,
    ) {
        let result = match outcome {
            AttemptOutcome::Response(response) => response.status.to_string(),
            AttemptOutcome::Failed(_) => "failed".to_owned(),
        };
        let mut state = self.lock();
        state.attempts += 1;
        let line = progress_line(
            state.attempts,
            sequence,
            method.as_str(),
            url.path(),
            &result,
        );
        state.show(&line);
    }

    /// Clears the line, before the report is written.
    pub fn finish(&self) {
        let mut state = self.lock();
        state.show("");
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ProgressState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl ProgressState {
    /// Overwrites the previous line with `line`, padding with spaces where it was longer.
    fn show(&mut self, line: &str) {
        let width = line.chars().count();
        let padding = self.shown.saturating_sub(width);
        // A display that cannot be written is not worth stopping the run for.
        let _ = write!(self.out, "\r{line}{:padding$}\r", "");
        let _ = self.out.flush();
        self.shown = width;
    }
}

/// Formats `[attempts] request N: METHOD …path STATUS`, shortening the path from the left to
/// fit [`MAX_WIDTH`].
fn progress_line(attempts: u64, sequence: u64, method: &str, path: &str, result: &str) -> String {
    let head = format!("[{attempts}] request {sequence}: {method} ");
    let tail = format!(" {result}");
    let room = MAX_WIDTH.saturating_sub(head.chars().count() + tail.chars().count());
    let count = path.chars().count();
    let path = if count <= room {
        path.to_owned()
    } else {
        let keep: String = path.chars().skip(count - room.saturating_sub(1)).collect();
        format!("…{keep}")
    };
    format!("{head}{path}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// A writer whose bytes the test can read afterwards.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn progress_line_short_path_whole() {
        assert_eq!(
            progress_line(3, 2, "GET", "/v2/p/events/e", "404"),
            "[3] request 2: GET /v2/p/events/e 404"
        );
    }

    #[test]
    fn progress_line_long_path_keeps_end() {
        let path = format!("/v2/{}/events/last", "x".repeat(200));
        let line = progress_line(1, 1, "GET", &path, "200");
        assert_eq!(line.chars().count(), MAX_WIDTH);
        assert!(line.ends_with("/events/last 200"), "{line}");
    }

    #[test]
    fn progress_rewrites_and_clears_line() {
        let out = Shared::default();
        let progress = Progress::to_writer(Box::new(out.clone()));
        let url = Url::parse("http://127.0.0.1:1/a/long/path").unwrap();
        let response = AttemptOutcome::Response(crate::transport::RawResponse {
            status: 200,
            headers: Vec::new(),
            body: Vec::new(),
            body_exceeded: false,
        });
        progress.attempt_done(1, &Method::GET, &url, &response);
        progress.finish();
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        let first = "[1] request 1: GET /a/long/path 200";
        assert_eq!(text, format!("\r{first}\r\r{}\r", " ".repeat(first.len())));
    }
}
