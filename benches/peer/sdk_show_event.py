"""Time the official Python SDK turning a ShowEvent 200 body into its ShowEventResponse.

Usage: sdk_show_event.py BODY_FILE ITERATIONS REPEATS

The SDK's synchronous call path, Client.do_http_request, ends in
Client.sync_response_handler(response, response_type, response_headers, progress_callback).
That method parses the body with json.loads (floats as Decimal), builds the model through
Client._deserialize, and sets status_code and raw_content. This script calls it on a
requests.Response filled in by hand, as the HTTP adapter of requests would fill it for a
`Content-Type: application/json` response, so no socket is opened. It prints the nanoseconds of
thread CPU time per call of the fastest of REPEATS rounds of ITERATIONS calls.
"""

import sys
import time
import timeit

from requests.models import Response
from requests.structures import CaseInsensitiveDict

from huaweicloudsdkfunctiongraph.v2 import FunctionGraphClient

RESPONSE_TYPE = "ShowEventResponse"


def build_response(body: bytes) -> Response:
    response = Response()
    response.status_code = 200
    response.headers = CaseInsensitiveDict(
        {
            "Content-Type": "application/json",
            "Content-Length": str(len(body)),
        }
    )
    response._content = body
    # requests takes UTF-8 for application/json when the header names no charset.
    response.encoding = "utf-8"
    return response


def main() -> int:
    if len(sys.argv) != 4:
        print(f"usage: {sys.argv[0]} BODY_FILE ITERATIONS REPEATS", file=sys.stderr)
        return 2
    body_file, iterations, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(body_file, "rb") as file:
        body = file.read()

    client = FunctionGraphClient()
    response = build_response(body)

    decoded = client.sync_response_handler(response, RESPONSE_TYPE, [], None)
    if type(decoded).__name__ != RESPONSE_TYPE or decoded.status_code != 200:
        print(f"sdk_show_event: expected a {RESPONSE_TYPE}, found {decoded!r}", file=sys.stderr)
        return 1
    if decoded.name != "event-k9r3" or decoded.last_modified != 1597374286:
        print(f"sdk_show_event: the body decoded to unexpected values: {decoded}", file=sys.stderr)
        return 1

    timer = timeit.Timer(
        lambda: client.sync_response_handler(response, RESPONSE_TYPE, [], None),
        timer=time.thread_time,
    )
    best = min(timer.repeat(repeat=repeats, number=iterations))
    print(f"{best / iterations * 1e9:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
