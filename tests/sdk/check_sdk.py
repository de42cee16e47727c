"""Drive the five test-event operations of an fgs-contract emulator with the official Python SDK.

Usage: check_sdk.py ENDPOINT AK SK PROJECT_ID FUNCTION_URN

The SDK client is used unchanged: `BasicCredentials(ak, sk, project_id)` signs every request
with SDK-HMAC-SHA256 and `with_endpoint` aims it at the emulator. The project id is passed
explicitly, so the SDK makes no IAM call to look it up. Each typed response is checked, then a
client with a wrong secret key must get `ClientRequestException` 401 `APIGW.0301`.
"""

import base64
import json
import sys

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkfunctiongraph.v2 import (
    CreateEventRequest,
    CreateEventRequestBody,
    DeleteEventRequest,
    FunctionGraphClient,
    ListEventsRequest,
    ShowEventRequest,
    UpdateEventRequest,
    UpdateEventRequestBody,
)


def client_for(endpoint, ak, sk, project_id):
    credentials = BasicCredentials(ak, sk, project_id)
    return (
        FunctionGraphClient.new_builder()
        .with_credentials(credentials)
        .with_endpoint(endpoint)
        .build()
    )


def content_of(document):
    """Return the padded standard base64 of a JSON document, as `content` is documented."""
    return base64.b64encode(json.dumps(document).encode()).decode()


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def main():
    endpoint, ak, sk, project_id, function_urn = sys.argv[1:6]
    client = client_for(endpoint, ak, sk, project_id)
    name = "sdk-event-1"
    created_content = content_of({"step": "create"})
    updated_content = content_of({"step": "update"})

    created = client.create_event(
        CreateEventRequest(
            function_urn=function_urn,
            body=CreateEventRequestBody(name=name, content=created_content),
        )
    )
    expect(created.status_code == 200, f"create: status {created.status_code}")
    expect(created.name == name, f"create: name {created.name!r}")
    expect(len(created.id) == 36, f"create: id {created.id!r}")
    event_id = created.id
    print(f"create-event: 200, id {event_id}")

    listed = client.list_events(ListEventsRequest(function_urn=function_urn))
    expect(listed.status_code == 200, f"list: status {listed.status_code}")
    expect(listed.count == len(listed.events), f"list: count {listed.count}")
    names = [event.name for event in listed.events]
    expect(name in names, f"list: names {names!r}")
    print(f"list-events: 200, count {listed.count}")

    shown = client.show_event(ShowEventRequest(function_urn=function_urn, event_id=event_id))
    expect(shown.status_code == 200, f"show: status {shown.status_code}")
    expect(shown.id == event_id, f"show: id {shown.id!r}")
    expect(shown.name == name, f"show: name {shown.name!r}")
    expect(shown.content == created_content, f"show: content {shown.content!r}")
    print("show-event: 200, content as created")

    updated = client.update_event(
        UpdateEventRequest(
            function_urn=function_urn,
            event_id=event_id,
            body=UpdateEventRequestBody(content=updated_content),
        )
    )
    expect(updated.status_code == 200, f"update: status {updated.status_code}")
    expect(updated.id == event_id, f"update: id {updated.id!r}")
    expect(updated.name == name, f"update: name {updated.name!r}")
    shown = client.show_event(ShowEventRequest(function_urn=function_urn, event_id=event_id))
    expect(shown.content == updated_content, f"update: content {shown.content!r}")
    expect(isinstance(shown.last_modified, (int, float)), f"update: last_modified {shown.last_modified!r}")
    print("update-event: 200, content replaced, last_modified set")

    deleted = client.delete_event(DeleteEventRequest(function_urn=function_urn, event_id=event_id))
    expect(deleted.status_code == 204, f"delete: status {deleted.status_code}")
    try:
        client.show_event(ShowEventRequest(function_urn=function_urn, event_id=event_id))
        raise AssertionError("show after delete: expected 404")
    except ClientRequestException as error:
        expect(error.status_code == 404, f"show after delete: status {error.status_code}")
        expect(error.error_code == "FSS.1070", f"show after delete: code {error.error_code}")
    print("delete-event: 204, then show gets 404 FSS.1070")

    wrong = client_for(endpoint, ak, sk + "-wrong", project_id)
    try:
        wrong.list_events(ListEventsRequest(function_urn=function_urn))
        raise AssertionError("wrong secret key: expected 401")
    except ClientRequestException as error:
        expect(error.status_code == 401, f"wrong secret key: status {error.status_code}")
        expect(error.error_code == "APIGW.0301", f"wrong secret key: code {error.error_code}")
        expect(sk not in str(error.error_msg), "wrong secret key: the message shows the secret key")
        print(f"wrong secret key: 401 {error.error_code}: {error.error_msg}")


if __name__ == "__main__":
    main()
