//! Function URN parsing: `FunctionUrn::parse`.
//!
//! Properties:
//! - The parser accepts exactly what the grammar accepts.
//! - A parsed URN prints its input back, parses again to an equal value, and its fields
//!   reassemble the text.
//! - An error names a field position from 1 to 8 and an offset inside the input.
#![no_main]

use fgs_fuzz::urn::{is_valid_urn, UrnInput};
use fgs_model::{FunctionUrn, Qualifier, UrnError, UrnForm};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: UrnInput| {
    let text = input.render();
    let parsed = FunctionUrn::parse(&text);
    assert_eq!(
        parsed.is_ok(),
        is_valid_urn(&text),
        "parser and grammar disagree on {text:?}: {parsed:?}"
    );
    match parsed {
        Ok(urn) => check_parsed(&text, &urn),
        Err(error) => check_error(&text, &error),
    }
});

fn check_parsed(text: &str, urn: &FunctionUrn) {
    assert_eq!(urn.as_str(), text);
    let printed = urn.to_string();
    assert_eq!(printed, text);

    let again = FunctionUrn::parse(&printed).expect("a printed URN parses");
    assert_eq!(&again, urn);
    assert_eq!(again.as_str(), text);
    assert_eq!(again.parts(), urn.parts());

    let json = serde_json::to_string(urn).expect("a URN serializes");
    assert_eq!(
        json,
        serde_json::to_string(text).expect("a string serializes")
    );

    assert_eq!(reassemble(urn), text, "fields of {text:?}");
}

/// Writes a URN back from its accessors, in the layout of its form.
fn reassemble(urn: &FunctionUrn) -> String {
    let missing = "<missing>";
    let region = urn.region().unwrap_or(missing);
    let project = urn.project_id().unwrap_or(missing);
    let package = urn.package().unwrap_or(missing);
    let function = urn.function();
    let qualifier = match urn.qualifier() {
        Some(Qualifier::Version(version)) => version.to_owned(),
        Some(Qualifier::Alias(alias)) => {
            assert!(!alias.is_empty(), "empty alias in {urn:?}");
            format!("!{alias}")
        }
        None => missing.to_owned(),
    };
    match urn.form() {
        UrnForm::Name => {
            assert_eq!(urn.package(), None);
            function.to_owned()
        }
        UrnForm::PackageName => format!("{package}:{function}"),
        UrnForm::ProjectPackageName => format!("{project}:{package}:{function}"),
        UrnForm::ProjectPackageNameQualifier => {
            format!("{project}:{package}:{function}:{qualifier}")
        }
        UrnForm::Unqualified => {
            format!("urn:fss:{region}:{project}:function:{package}:{function}")
        }
        UrnForm::Qualified => {
            format!("urn:fss:{region}:{project}:function:{package}:{function}:{qualifier}")
        }
    }
}

fn check_error(text: &str, error: &UrnError) {
    let message = error.to_string();
    assert!(message.starts_with("invalid function URN"), "{message}");
    assert_eq!(error.text(), text);
    assert!(
        error.offset() <= text.len(),
        "offset {} in {text:?}",
        error.offset()
    );
    assert_eq!(error.field().is_some(), error.position().is_some());
    if let Some(position) = error.position() {
        assert!(
            (1..=8).contains(&position),
            "position {position} in {text:?}"
        );
    }
}
