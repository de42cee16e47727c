//! Request-path parsing: `EventsPath::parse`, `EventsPath::new` and `EventsPath::render`.
//!
//! Properties:
//! - A parsed path renders, with raw and with percent-encoded colons, to a target that parses
//!   to an equal value and renders to the same text again.
//! - `EventsPath::new` accepts the parsed parameters.
//! - Writing the URN's colons raw, as `%3A` or as `%3a` gives equal paths.
//! - An error names the parameter it is about.
#![no_main]

use fgs_fuzz::path::{ColonStyle, PathInput};
use fgs_model::{ColonEncoding, EventsPath, PathError};
use libfuzzer_sys::fuzz_target;

// The path comes last so that a seed can end with the target text.
fuzz_target!(|input: (ColonStyle, PathInput)| {
    let (other_style, path_input) = input;
    let target = path_input.render();
    let parsed = EventsPath::parse(&target);

    let respelled = respell_colons(&target, other_style);
    let parsed_respelled = EventsPath::parse(&respelled);
    assert_eq!(
        parsed.as_ref().ok(),
        parsed_respelled.as_ref().ok(),
        "colons spelled differently: {target:?} and {respelled:?}"
    );

    match parsed {
        Ok(path) => check_parsed(&target, &path),
        Err(error) => check_error(&error),
    }
});

/// Writes the colons of the path part of `target` in `style`, leaving the query as it is.
fn respell_colons(target: &str, style: ColonStyle) -> String {
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    let mut respelled = style.apply(path);
    if let Some(query) = query {
        respelled.push('?');
        respelled.push_str(query);
    }
    respelled
}

fn check_parsed(target: &str, path: &EventsPath) {
    for colons in [ColonEncoding::Raw, ColonEncoding::Percent] {
        let rendered = path.render(colons);
        let again = EventsPath::parse(&rendered)
            .unwrap_or_else(|error| panic!("rendered {rendered:?} of {target:?}: {error}"));
        assert_eq!(&again, path, "rendered {rendered:?} of {target:?}");
        assert_eq!(again.render(colons), rendered);
        assert_eq!(again.function_urn().as_str(), path.function_urn().as_str());

        let url = path.url("http://127.0.0.1:8080/", colons);
        assert_eq!(url, format!("http://127.0.0.1:8080{rendered}"));
    }

    let built = EventsPath::new(
        path.project_id(),
        path.function_urn().clone(),
        path.event_id(),
    )
    .unwrap_or_else(|error| panic!("parameters of {target:?}: {error}"));
    assert_eq!(built.project_id(), path.project_id());
    assert_eq!(built.function_urn(), path.function_urn());
    assert_eq!(built.event_id(), path.event_id());
    assert_eq!(built.query(), None);
    if path.query().is_none() {
        assert_eq!(&built, path);
    }
}

fn check_error(error: &PathError) {
    let message = error.to_string();
    assert!(!message.is_empty());
    if error.is_not_an_event_route() {
        assert_eq!(error.parameter(), None, "{message}");
    } else {
        assert!(error.parameter().is_some(), "{message}");
    }
    if error.is_invalid_urn() {
        let source = std::error::Error::source(error).expect("a URN error has a source");
        assert!(source.to_string().starts_with("invalid function URN"));
    }
}
