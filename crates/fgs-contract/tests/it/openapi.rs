//! `fgs-contract openapi`: the model's OpenAPI document on standard output.

use crate::run;

#[test]
fn openapi_prints_model_document() {
    let output = run(&["openapi"]);
    assert_eq!(output.code, 0, "{output:?}");
    let printed: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(printed, fgs_model::openapi::document());
    assert_eq!(printed["openapi"], "3.1.0");
    assert!(output.stderr.is_empty(), "{}", output.stderr);
}
