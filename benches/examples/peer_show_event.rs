//! Times `ShowEventResponse::from_json` on the documented ShowEvent example body and prints the
//! nanoseconds of thread CPU time per decode, for `benches/peer/run.sh` to set beside the
//! official Python SDK.
//!
//! Usage: `peer_show_event [ITERATIONS] [REPEATS]`. Each of REPEATS rounds times ITERATIONS
//! decodes, and the fastest round counts, as Python's `timeit.repeat` is read.
//! `peer_show_event --print-body` writes the body to standard output instead, so that the SDK
//! is timed on exactly these bytes.

use std::hint::black_box;
use std::io::Write;
use std::process::ExitCode;

use cpu_time::ThreadTime;

use fgs_benches::DOCUMENTED_SHOW_EVENT;
use fgs_model::ShowEventResponse;

const DEFAULT_ITERATIONS: u32 = 200_000;
const DEFAULT_REPEATS: u32 = 5;

fn parse_count(argument: Option<String>, name: &str, default: u32) -> Result<u32, String> {
    let Some(text) = argument else {
        return Ok(default);
    };
    match text.parse::<u32>() {
        Ok(count) if count > 0 => Ok(count),
        _ => Err(format!(
            "invalid {name} `{text}`: expected a whole number from 1 to {}",
            u32::MAX
        )),
    }
}

fn main() -> ExitCode {
    let mut arguments = std::env::args().skip(1).peekable();
    if arguments.peek().map(String::as_str) == Some("--print-body") {
        if let Err(error) = std::io::stdout().write_all(DOCUMENTED_SHOW_EVENT) {
            eprintln!("peer_show_event: failed to write the body: {error}");
            return ExitCode::FAILURE;
        }
        return ExitCode::SUCCESS;
    }

    let counts =
        parse_count(arguments.next(), "ITERATIONS", DEFAULT_ITERATIONS).and_then(|iterations| {
            parse_count(arguments.next(), "REPEATS", DEFAULT_REPEATS)
                .map(|repeats| (iterations, repeats))
        });
    let (iterations, repeats) = match counts {
        Ok(counts) => counts,
        Err(message) => {
            eprintln!("peer_show_event: {message}");
            return ExitCode::FAILURE;
        }
    };

    if let Err(violations) = ShowEventResponse::from_json(DOCUMENTED_SHOW_EVENT).value {
        eprintln!("peer_show_event: the documented example does not decode: {violations:?}");
        return ExitCode::FAILURE;
    }

    let mut best_ns = f64::INFINITY;
    for _ in 0..repeats {
        // Panics only where the kernel lacks a thread CPU clock (Linux before 2.6.12).
        let start = ThreadTime::now();
        for _ in 0..iterations {
            black_box(ShowEventResponse::from_json(black_box(
                DOCUMENTED_SHOW_EVENT,
            )));
        }
        let ns = start.elapsed().as_nanos() as f64 / f64::from(iterations);
        best_ns = best_ns.min(ns);
    }
    println!("{best_ns:.1}");
    ExitCode::SUCCESS
}
