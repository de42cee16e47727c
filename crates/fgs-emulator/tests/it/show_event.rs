//! ShowEvent: `GET /v2/{project_id}/fgs/functions/{function_urn}/events/{event_id}`.

use fgs_emulator::{
    DEFAULT_EVENT_CONTENT, DEFAULT_EVENT_ID, DEFAULT_EVENT_NAME, DEFAULT_FUNCTION_URN,
    DEFAULT_LAST_MODIFIED,
};
use serde_json::json;

use crate::support::{
    default_event_target, event_target, is_request_id, router, start, Call, DEFAULT_URN_PERCENT,
};

fn documented_event() -> serde_json::Value {
    json!({
        "id": DEFAULT_EVENT_ID,
        "name": DEFAULT_EVENT_NAME,
        "content": DEFAULT_EVENT_CONTENT,
        "last_modified": DEFAULT_LAST_MODIFIED,
    })
}

#[tokio::test]
async fn show_event_returns_documented_example() {
    let emulator = start().await;
    let target = default_event_target(DEFAULT_FUNCTION_URN);

    let answer = Call::new("GET", &target).over_socket(&emulator).await;

    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), documented_event());
    assert_eq!(answer.json()["last_modified"], json!(1597374286));
    assert_eq!(
        answer.json()["id"],
        json!("3b659dc0-12fc-40dc-aa05-a321d9424cb3")
    );
    assert_eq!(answer.json()["name"], json!("event-k9r3"));
}

#[tokio::test]
async fn show_event_sends_json_and_request_id() {
    let emulator = start().await;
    let target = default_event_target(DEFAULT_FUNCTION_URN);

    let answer = Call::new("GET", &target).over_socket(&emulator).await;

    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    let request_id = answer.request_id.expect("X-Request-Id is sent");
    assert!(is_request_id(&request_id), "request id {request_id:?}");
}

#[tokio::test]
async fn show_event_request_ids_differ() {
    let router = router();
    let target = default_event_target(DEFAULT_FUNCTION_URN);

    let first = Call::new("GET", &target).oneshot(&router).await;
    let second = Call::new("GET", &target).oneshot(&router).await;

    assert_ne!(first.request_id, second.request_id);
}

#[tokio::test]
async fn show_event_colon_encodings_answer_alike() {
    let emulator = start().await;
    let lower_percent = DEFAULT_URN_PERCENT.replace("%3A", "%3a");
    let mixed = DEFAULT_FUNCTION_URN.replacen(':', "%3A", 3);
    let urns = [
        DEFAULT_FUNCTION_URN,
        DEFAULT_URN_PERCENT,
        &lower_percent,
        &mixed,
    ];

    for urn in urns {
        let target = default_event_target(urn);
        let over_socket = Call::new("GET", &target).over_socket(&emulator).await;
        let in_process = Call::new("GET", &target).oneshot(&router()).await;

        assert_eq!(over_socket.status, 200, "{urn} over the socket");
        assert_eq!(
            over_socket.json(),
            documented_event(),
            "{urn} over the socket"
        );
        assert_eq!(in_process.status, 200, "{urn} in process");
        assert_eq!(in_process.json(), documented_event(), "{urn} in process");
    }
}

#[tokio::test]
async fn show_event_accepts_every_urn_form() {
    let router = router();
    let check = |urn: &'static str| {
        let router = router.clone();
        async move {
            let answer = Call::new("GET", &default_event_target(urn))
                .oneshot(&router)
                .await;
            assert_eq!(answer.status, 200, "URN {urn}: {:?}", answer.json());
            assert_eq!(answer.json(), documented_event(), "URN {urn}");
        }
    };

    check("test").await;
    check("default:test").await;
    check("7aad83af3e8d42e99ac194e8419e2c9b:default:test").await;
    check("7aad83af3e8d42e99ac194e8419e2c9b:default:test:latest").await;
    check("urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test").await;
    check("urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:latest").await;
    check("urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:v20170830-181539").await;
    check("urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:test:!dev").await;
    check("urn%3Afss%3Acn-north-4%3A7aad83af3e8d42e99ac194e8419e2c9b%3Afunction%3Adefault%3Atest%3A%21dev").await;
    check("default%3Atest").await;
    check("7aad83af3e8d42e99ac194e8419e2c9b%3Adefault%3Atest%3A%21dev").await;
}

#[tokio::test]
async fn show_event_unknown_function_is_fss_1051() {
    let router = router();
    let check = |urn: &'static str| {
        let router = router.clone();
        async move {
            let answer = Call::new("GET", &default_event_target(urn))
                .oneshot(&router)
                .await;
            assert_eq!(answer.status, 404, "URN {urn}");
            assert_eq!(
                answer.json(),
                json!({"error_code": "FSS.1051", "error_msg": "The function does not exist."}),
                "URN {urn}"
            );
        }
    };

    check("other").await;
    check("other-package:test").await;
    check("urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:function:default:other").await;
    // A URN naming another project than the path's is a function the project does not have.
    check("35f6ceaa17ca4c239538265a0f823423:default:test").await;
    check("urn:fss:cn-north-4:35f6ceaa17ca4c239538265a0f823423:function:default:test").await;
}

#[tokio::test]
async fn show_event_unknown_project_is_fss_1051() {
    let target = format!(
        "/v2/35f6ceaa17ca4c239538265a0f823423/fgs/functions/test/events/{DEFAULT_EVENT_ID}"
    );

    let answer = Call::new("GET", &target).oneshot(&router()).await;

    assert_eq!(answer.status, 404);
    assert_eq!(answer.error_code(), "FSS.1051");
}

#[tokio::test]
async fn show_event_unknown_event_is_fss_1070() {
    let target = event_target(DEFAULT_FUNCTION_URN, "b6ef601f-47c1-4ccd-a3a5-0b5913f539c9");

    let answer = Call::new("GET", &target).oneshot(&router()).await;

    assert_eq!(answer.status, 404);
    assert_eq!(
        answer.json(),
        json!({"error_code": "FSS.1070", "error_msg": "The event cannot be found."})
    );
}

#[tokio::test]
async fn show_event_unknown_function_before_event() {
    let target = event_target("other", "b6ef601f-47c1-4ccd-a3a5-0b5913f539c9");

    let answer = Call::new("GET", &target).oneshot(&router()).await;

    assert_eq!(answer.status, 404);
    assert_eq!(answer.error_code(), "FSS.1051");
}

#[tokio::test]
async fn show_event_invalid_urn_is_fss_1309() {
    let router = router();
    let check = |urn: &'static str| {
        let router = router.clone();
        async move {
            let answer = Call::new("GET", &default_event_target(urn))
                .oneshot(&router)
                .await;
            assert_eq!(answer.status, 400, "URN {urn}");
            assert_eq!(
                answer.json(),
                json!({"error_code": "FSS.1309", "error_msg": "Invalid function URN."}),
                "URN {urn}"
            );
        }
    };

    check("urn:fss:cn-north-4:abc:function:default:test").await;
    check("urn%3Afss%3Acn-north-4%3Aabc%3Afunction%3Adefault%3Atest").await;
    check("a:b:c:d:e").await;
    check("urn:fss:cn-north-4:7aad83af3e8d42e99ac194e8419e2c9b:lambda:default:test").await;
    check("1test").await;
}

#[tokio::test]
async fn show_event_invalid_project_is_fss_0400() {
    let target = format!("/v2/abc/fgs/functions/test/events/{DEFAULT_EVENT_ID}");

    let answer = Call::new("GET", &target).oneshot(&router()).await;

    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.json(),
        json!({"error_code": "FSS.0400", "error_msg": "Invalid parameter."})
    );
}

#[tokio::test]
async fn show_event_missing_token_is_apigw_0301() {
    let emulator = start().await;
    let target = default_event_target(DEFAULT_FUNCTION_URN);

    let answer = Call::new("GET", &target)
        .token(None)
        .over_socket(&emulator)
        .await;

    assert_eq!(answer.status, 401);
    let request_id = answer.request_id.clone().expect("X-Request-Id is sent");
    assert_eq!(
        answer.json(),
        json!({
            "error_msg": "Incorrect IAM authentication information: missing `X-Auth-Token` header or `Authorization` signature",
            "error_code": "APIGW.0301",
            "request_id": request_id,
        })
    );
}

#[tokio::test]
async fn show_event_wrong_token_is_apigw_0301() {
    let router = router();
    let target = default_event_target(DEFAULT_FUNCTION_URN);

    for token in ["wrong", "", "emulator-test-token-5f0c2a9"] {
        let answer = Call::new("GET", &target)
            .token(Some(token))
            .oneshot(&router)
            .await;

        assert_eq!(answer.status, 401, "token {token:?}");
        assert_eq!(answer.error_code(), "APIGW.0301", "token {token:?}");
        assert_eq!(
            answer.json()["request_id"].as_str(),
            answer.request_id.as_deref(),
            "token {token:?}"
        );
    }
}

#[tokio::test]
async fn show_event_checks_token_before_urn() {
    let target = default_event_target("urn:fss:cn-north-4:abc:function:default:test");

    let answer = Call::new("GET", &target)
        .token(None)
        .oneshot(&router())
        .await;

    assert_eq!(answer.status, 401);
    assert_eq!(answer.error_code(), "APIGW.0301");
}

#[tokio::test]
async fn unknown_route_is_apigw_0101() {
    let router = router();
    let check = |method: &'static str, target: &'static str| {
        let router = router.clone();
        async move {
            let answer = Call::new(method, target).token(None).oneshot(&router).await;
            assert_eq!(answer.status, 404, "{method} {target}");
            let request_id = answer.request_id.clone().expect("X-Request-Id is sent");
            assert_eq!(
                answer.json(),
                json!({
                    "error_msg": "The API does not exist or has not been published in the environment.",
                    "error_code": "APIGW.0101",
                    "request_id": request_id,
                }),
                "{method} {target}"
            );
        }
    };

    check("GET", "/").await;
    check("GET", "/v2").await;
    check("GET", "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions").await;
    check(
        "GET",
        "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/test/code",
    )
    .await;
    check(
        "GET",
        "/v3/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/test/events",
    )
    .await;
    check(
        "GET",
        "/v2/7aad83af3e8d42e99ac194e8419e2c9b/fgs/functions/test/events/3b659dc0-12fc-40dc-aa05-a321d9424cb3/more",
    )
    .await;
}

#[tokio::test]
async fn method_not_on_route_is_apigw_0101() {
    let router = router();
    let item = default_event_target(DEFAULT_FUNCTION_URN);

    for method in ["PATCH", "OPTIONS", "TRACE", "POST", "CONNECT"] {
        let answer = Call::new(method, &item).oneshot(&router).await;

        assert_eq!(answer.status, 404, "{method}");
        assert_eq!(answer.error_code(), "APIGW.0101", "{method}");
    }
}

#[tokio::test]
async fn show_event_query_is_ignored() {
    let target = format!("{}?marker=1", default_event_target(DEFAULT_FUNCTION_URN));

    let answer = Call::new("GET", &target).oneshot(&router()).await;

    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), documented_event());
}

#[tokio::test]
async fn head_on_event_is_404_without_body() {
    let target = default_event_target(DEFAULT_FUNCTION_URN);

    let answer = Call::new("HEAD", &target).oneshot(&router()).await;

    assert_eq!(answer.status, 404);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    assert!(answer.body.is_empty(), "{:?}", answer.body);
}
