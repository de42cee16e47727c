//! `fgs-contract urn` on the documented URN examples.

use crate::run;

/// Asserts that `urn` prints `expected` as its parts, compared as JSON.
fn check(urn: &str, expected: serde_json::Value) {
    let output = run(&["urn", urn]);
    assert_eq!(output.code, 0, "{urn}: {output:?}");
    let found: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(found, expected, "{urn}");
    assert_eq!(output.stdout.lines().count(), 1, "{urn}");
}

#[test]
fn urn_documented_examples() {
    use serde_json::json;
    check(
        "urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test",
        json!({"region": "cn-north-4", "project_id": "7aad83af3e8d42e99ac194e8419e2c9b",
               "package": "default", "function": "test", "qualifier": null, "form": "unqualified"}),
    );
    check(
        "urn:fss:cn-north-4:35f6ceaa17ca4c239538265a0f823423:function:Acception:testnodejs12:latest",
        json!({"region": "cn-north-4", "project_id": "35f6ceaa17ca4c239538265a0f823423",
               "package": "Acception", "function": "testnodejs12",
               "qualifier": {"kind": "version", "value": "latest"}, "form": "qualified"}),
    );
    check(
        "urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:!dev",
        json!({"region": "cn-north-4", "project_id": "7aad83af3e8d42e99ac194e8419e2c9b",
               "package": "default", "function": "test",
               "qualifier": {"kind": "alias", "value": "dev"}, "form": "qualified"}),
    );
    check(
        "test",
        json!({"region": null, "project_id": null, "package": null, "function": "test",
               "qualifier": null, "form": "name"}),
    );
    check(
        "default:test",
        json!({"region": null, "project_id": null, "package": "default", "function": "test",
               "qualifier": null, "form": "package-name"}),
    );
}

#[test]
fn urn_invalid_exits_1_with_error() {
    let output = run(&["urn", "urn:fss:cn-north-4:abc:function:default:test"]);
    assert_eq!(output.code, 1, "{output:?}");
    assert!(output.stdout.is_empty());
    assert!(
        output.stderr.starts_with(
            "fgs-contract: invalid function URN `urn:fss:cn-north-4:abc:function:default:test`"
        ),
        "{}",
        output.stderr
    );
}
