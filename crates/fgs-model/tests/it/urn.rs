//! Property tests and error-message snapshots for function URNs.

use fgs_model::{FunctionUrn, Qualifier, UrnForm};
use proptest::prelude::*;

/// Project ids: exactly 32 letters or digits.
const PROJECT_ID: &str = "[A-Za-z0-9]{32}";
/// Regions and packages: 1 to 64 letters, digits, `-` or `_`, starting with a letter.
const REGION_OR_PACKAGE: &str = "[A-Za-z][A-Za-z0-9_-]{0,63}";
/// Function names: 1 to 60 characters, starting with a letter, ending with a letter or digit.
const FUNCTION: &str = "[A-Za-z]([A-Za-z0-9_-]{0,58}[A-Za-z0-9])?";
/// Alias names: 1 to 64 characters, starting with a letter, ending with a letter or digit.
const ALIAS: &str = "[A-Za-z]([A-Za-z0-9_-]{0,62}[A-Za-z0-9])?";
/// Version names: `latest`, or 1 to 64 characters of letters, digits, `-`, `_` and `.`,
/// starting and ending with a letter or digit.
const VERSION: &str = "latest|v[0-9]{8}-[0-9]{6}|[A-Za-z0-9]([A-Za-z0-9._-]{0,62}[A-Za-z0-9])?";

/// The fields of a valid URN, in the order they are printed.
#[derive(Clone, Debug)]
struct Fields {
    form: UrnForm,
    region: Option<String>,
    project_id: Option<String>,
    package: Option<String>,
    function: String,
    /// The qualifier as written in the URN, with `!` for an alias.
    qualifier: Option<String>,
}

impl Fields {
    fn print(&self) -> String {
        let mut fields: Vec<&str> = Vec::new();
        if let Some(region) = &self.region {
            fields.extend(["urn", "fss", region]);
        }
        if let Some(project_id) = &self.project_id {
            fields.push(project_id);
        }
        if self.region.is_some() {
            fields.push("function");
        }
        fields.extend(self.package.as_deref());
        fields.push(&self.function);
        fields.extend(self.qualifier.as_deref());
        fields.join(":")
    }
}

fn qualifier() -> impl Strategy<Value = String> {
    prop_oneof![
        VERSION.prop_map(|version| version),
        ALIAS.prop_map(|alias| format!("!{alias}"))
    ]
}

fn fields() -> impl Strategy<Value = Fields> {
    let form = prop_oneof![
        Just(UrnForm::Name),
        Just(UrnForm::PackageName),
        Just(UrnForm::ProjectPackageName),
        Just(UrnForm::ProjectPackageNameQualifier),
        Just(UrnForm::Unqualified),
        Just(UrnForm::Qualified),
    ];
    (
        form,
        REGION_OR_PACKAGE,
        PROJECT_ID,
        REGION_OR_PACKAGE,
        FUNCTION,
        qualifier(),
    )
        .prop_map(|(form, region, project_id, package, function, qualifier)| {
            use UrnForm::*;
            let has_region = matches!(form, Unqualified | Qualified);
            let has_project = !matches!(form, Name | PackageName);
            let has_qualifier = matches!(form, ProjectPackageNameQualifier | Qualified);
            Fields {
                form,
                region: has_region.then_some(region),
                project_id: has_project.then_some(project_id),
                package: (form != Name).then_some(package),
                function,
                qualifier: has_qualifier.then_some(qualifier),
            }
        })
}

fn printed_qualifier(qualifier: Qualifier<'_>) -> String {
    qualifier.to_string()
}

proptest! {
    #[test]
    fn urn_print_parse_round_trip(fields in fields()) {
        let text = fields.print();
        let urn = FunctionUrn::parse(&text).map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(urn.as_str(), text.as_str());
        prop_assert_eq!(urn.to_string(), text.clone());
        prop_assert_eq!(urn.form(), fields.form);
        prop_assert_eq!(urn.region(), fields.region.as_deref());
        prop_assert_eq!(urn.project_id(), fields.project_id.as_deref());
        prop_assert_eq!(urn.package(), fields.package.as_deref());
        prop_assert_eq!(urn.function(), fields.function.as_str());
        prop_assert_eq!(urn.qualifier().map(printed_qualifier), fields.qualifier.clone());
        let reparsed = FunctionUrn::parse(urn.as_str());
        prop_assert_eq!(reparsed, Ok(urn));
    }

    #[test]
    fn urn_parse_any_string_never_panics(text in any::<String>()) {
        if let Ok(urn) = FunctionUrn::parse(&text) {
            prop_assert_eq!(urn.as_str(), text.as_str());
        }
    }

    #[test]
    fn urn_parse_colon_heavy_string_prints_back(text in "[a-z0-9:!._{}é-]{0,90}") {
        match FunctionUrn::parse(&text) {
            Ok(urn) => prop_assert_eq!(urn.to_string(), text),
            Err(error) => {
                prop_assert!(error.offset() <= text.len());
                prop_assert!(text.is_char_boundary(error.offset()));
            }
        }
    }
}

/// Snapshots the error message of `$text` as `urn_error_$case` in the top-level `snapshots/`.
macro_rules! assert_urn_error_snapshot {
    ($case:literal, $text:expr) => {
        let message = match FunctionUrn::parse($text) {
            Ok(urn) => panic!("{urn:?} parsed, expected an error"),
            Err(error) => error.to_string(),
        };
        insta::with_settings!({
            snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots"),
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(concat!("urn_error_", $case), message);
        });
    };
}

#[test]
fn urn_error_messages() {
    assert_urn_error_snapshot!("empty", "");
    assert_urn_error_snapshot!("field_count", "a:b:c:d:e");
    assert_urn_error_snapshot!("too_many_fields", "urn:fss:r:p:function:pkg:f:latest:extra");
    assert_urn_error_snapshot!(
        "literal_case",
        "URN:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test"
    );
    assert_urn_error_snapshot!(
        "region_placeholder",
        "urn:fss:{region}:46b6f338fc3445b8846c71dfb1fbxxxx:function:csharp:test2-0:latest"
    );
    assert_urn_error_snapshot!(
        "project_id_short",
        "urn:fss:xxxxxxxx:abc:function:default:test"
    );
    assert_urn_error_snapshot!("function_trailing_hyphen", "default:test-");
    assert_urn_error_snapshot!("function_too_long", &format!("default:{}", "f".repeat(61)));
    assert_urn_error_snapshot!(
        "alias_bare",
        "urn:fss:xxxxxxxx:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:!"
    );
    assert_urn_error_snapshot!("empty_package", "7aad83af3e8d42e99ac194e8419e2c9b::test");
    assert_urn_error_snapshot!("control_character", "default:te\u{7}st");
}
