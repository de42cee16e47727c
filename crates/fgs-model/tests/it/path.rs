//! Property tests and error-message snapshots for request paths.

use fgs_model::{ColonEncoding, EventsPath, FunctionUrn};
use proptest::prelude::*;

/// Valid URNs of every form, printed.
fn function_urn() -> impl Strategy<Value = FunctionUrn> {
    let project = "[A-Za-z0-9]{32}";
    let name = "[A-Za-z]([A-Za-z0-9_-]{0,20}[A-Za-z0-9])?";
    let qualifier = prop_oneof![
        Just("latest".to_owned()),
        "[A-Za-z0-9]([A-Za-z0-9._-]{0,10}[A-Za-z0-9])?",
        name.prop_map(|alias| format!("!{alias}")),
    ];
    (0usize..6, name, project, name, name, qualifier).prop_map(
        |(form, region, project, package, function, qualifier)| {
            let text = match form {
                0 => function,
                1 => format!("{package}:{function}"),
                2 => format!("{project}:{package}:{function}"),
                3 => format!("{project}:{package}:{function}:{qualifier}"),
                4 => format!("urn:fss:{region}:{project}:function:{package}:{function}"),
                _ => {
                    format!("urn:fss:{region}:{project}:function:{package}:{function}:{qualifier}")
                }
            };
            // The strategies above generate only fields that satisfy the URN rules.
            FunctionUrn::parse(&text).unwrap()
        },
    )
}

/// Event ids: anything without `/` or control characters, other than `.` and `..`.
fn event_id() -> impl Strategy<Value = String> {
    "[^/\\p{Cc}]{1,24}".prop_filter("dot segment", |id| id != "." && id != "..")
}

fn colons() -> impl Strategy<Value = ColonEncoding> {
    prop_oneof![Just(ColonEncoding::Raw), Just(ColonEncoding::Percent)]
}

proptest! {
    #[test]
    fn path_render_parse_round_trip(
        project_id in "[A-Za-z0-9]{32}",
        function_urn in function_urn(),
        event_id in proptest::option::of(event_id()),
        query in proptest::option::of("[A-Za-z0-9=&%?/:]{0,16}"),
        colons in colons(),
    ) {
        let path = EventsPath::new(&project_id, function_urn.clone(), event_id.as_deref())
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        let mut target = path.render(colons);
        if let Some(query) = &query {
            target.push('?');
            target.push_str(query);
        }

        let parsed = EventsPath::parse(&target).map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(parsed.project_id(), project_id.as_str());
        prop_assert_eq!(parsed.function_urn(), &function_urn);
        prop_assert_eq!(parsed.event_id(), event_id.as_deref());
        prop_assert_eq!(parsed.query(), query.as_deref());
        prop_assert_eq!(parsed.render(colons), target);
    }

    #[test]
    fn path_colon_encodings_compare_equal(
        project_id in "[A-Za-z0-9]{32}",
        function_urn in function_urn(),
        event_id in proptest::option::of(event_id()),
    ) {
        let path = EventsPath::new(&project_id, function_urn, event_id.as_deref())
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        let raw = EventsPath::parse(&path.render(ColonEncoding::Raw));
        let percent = EventsPath::parse(&path.render(ColonEncoding::Percent));
        let lower = EventsPath::parse(&path.render(ColonEncoding::Percent).replace("%3A", "%3a"));
        prop_assert_eq!(&raw, &percent);
        prop_assert_eq!(&raw, &lower);
        prop_assert_eq!(raw, Ok(path));
    }

    #[test]
    fn path_parse_any_string_never_panics(target in any::<String>()) {
        let _ = EventsPath::parse(&target);
    }

    #[test]
    fn path_parse_route_like_string_never_panics(
        project_id in "[A-Za-z0-9%./]{0,34}",
        function_urn in "[a-z0-9:%!./é]{0,40}",
        tail in "(/[a-zA-Z0-9%./é\u{7}]{0,12}){0,3}(\\?.{0,8})?",
    ) {
        let target = format!("/v2/{project_id}/fgs/functions/{function_urn}/events{tail}");
        if let Ok(path) = EventsPath::parse(&target) {
            for colons in [ColonEncoding::Raw, ColonEncoding::Percent] {
                prop_assert_eq!(EventsPath::parse(&path.render(colons)), Ok(path.clone()));
            }
        }
    }
}

/// Snapshots the error message of `$target`, with its source, as `path_error_$case` in the
/// top-level `snapshots/`.
macro_rules! assert_path_error_snapshot {
    ($case:literal, $target:expr) => {
        let error = match EventsPath::parse($target) {
            Ok(path) => panic!("{path:?} parsed, expected an error"),
            Err(error) => error,
        };
        let message = match std::error::Error::source(&error) {
            Some(source) => format!("{error}\ncaused by: {source}"),
            None => error.to_string(),
        };
        insta::with_settings!({
            snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots"),
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(concat!("path_error_", $case), message);
        });
    };
}

#[test]
fn path_error_messages() {
    let base = "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions";
    assert_path_error_snapshot!(
        "not_a_route",
        "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/test/code"
    );
    assert_path_error_snapshot!("dot_dot_event_id", &format!("{base}/test/events/.."));
    assert_path_error_snapshot!("encoded_slash", &format!("{base}/default%2Ftest/events"));
    assert_path_error_snapshot!("invalid_escape", &format!("{base}/test/events/ab%zz"));
    assert_path_error_snapshot!("invalid_urn", &format!("{base}/urn%3Afss%3A%7Bregion%7D%3A7aad83af3e8d42e99ac194e8419e2c9b%3Afunction%3Adefault%3Atest/events"));
}
