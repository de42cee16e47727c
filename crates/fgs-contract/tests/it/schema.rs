//! Every JSON report the tests produce is checked against `docs/report-schema.json`.

use std::sync::OnceLock;

/// Returns the validator of the published report schema, compiled once.
fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/report-schema.json");
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        jsonschema::draft202012::new(&schema).unwrap()
    })
}

/// Panics with every schema error of `json` when it is not a valid report.
pub fn assert_valid_report(json: &str) {
    let report: serde_json::Value = serde_json::from_str(json).unwrap();
    let errors: Vec<String> = validator()
        .iter_errors(&report)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "report breaks the schema: {errors:#?}\n{json}"
    );
}

#[test]
fn schema_rejects_report_without_version() {
    let report = serde_json::json!({"endpoint": "x"});
    assert!(!validator().is_valid(&report));
}

#[test]
fn schema_is_valid_draft_2020_12() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/report-schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(jsonschema::meta::is_valid(&schema));
}
