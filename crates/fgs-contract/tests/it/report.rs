//! The JSON and JUnit reports of a run against the built-in emulator, and `--output`.

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::run;

#[test]
fn json_report_has_documented_keys() {
    let output = run(&["check", "--format", "json"]);
    assert_eq!(output.code, 0, "{output:?}");
    crate::schema::assert_valid_report(&output.stdout);
    let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();

    assert_eq!(report["schema_version"], 1);
    assert!(report["endpoint"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));
    assert!(report["drift"].is_array());
    for key in ["passed", "failed", "skipped", "total"] {
        assert!(report["summary"][key].is_u64(), "summary.{key}");
    }
    let checks = report["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 27);
    for check in checks {
        for key in ["id", "description", "rule", "outcome", "detail"] {
            assert!(check[key].is_string(), "{key} in {check}");
        }
        assert!(check["duration_ms"].is_u64(), "{check}");
        assert!(check["violations"].is_array(), "{check}");
    }
}

#[test]
fn json_report_summary_matches_checks() {
    let output = run(&["check", "--format", "json"]);
    crate::schema::assert_valid_report(&output.stdout);
    let report: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(report["summary"]["passed"], 27);
    assert_eq!(report["summary"]["failed"], 0);
    assert_eq!(report["summary"]["skipped"], 0);
    assert_eq!(report["summary"]["total"], 27);
}

/// Returns the `name` attribute of every `testcase` element and the number of `failure`s.
fn testcases(xml: &str) -> (Vec<String>, usize) {
    let mut reader = Reader::from_str(xml);
    let mut names = Vec::new();
    let mut failures = 0;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(element) | Event::Empty(element) => match element.name().as_ref() {
                b"testcase" => {
                    let name = element.try_get_attribute("name").unwrap().unwrap();
                    names.push(name.unescape_value().unwrap().into_owned());
                }
                b"failure" => failures += 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    (names, failures)
}

#[test]
fn junit_report_has_one_testcase_per_check() {
    let output = run(&["check", "--format", "junit"]);
    assert_eq!(output.code, 0, "{output:?}");
    let (names, failures) = testcases(&output.stdout);
    assert_eq!(names.len(), 27);
    assert_eq!(names[0], "show-event.success");
    assert_eq!(failures, 0);
}

#[test]
fn output_flag_writes_report_to_file() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("report.json");
    let output = run(&[
        "check",
        "--format",
        "json",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(output.code, 0, "{output:?}");
    assert!(output.stdout.is_empty());
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(report["schema_version"], 1);
}

#[test]
fn table_has_no_colour_outside_terminal() {
    let output = run(&["check"]);
    assert!(!output.stdout.contains('\x1b'));
}
