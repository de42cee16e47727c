"""Validate an OpenAPI 3.1 document and every example it carries.

Usage: validate.py DOCUMENT.json

The document is checked with openapi-spec-validator. Each media type object with `examples`
is checked with jsonschema: every example value must match the media type's schema, with
`#/components/...` references resolved in the document. The script also checks that the
validator rejects a broken example, so that a validator that accepts everything cannot pass.
"""

import copy
import json
import sys

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def media_types(value, pointer=""):
    """Yield (pointer, media type object) for every object with `schema` and `examples`."""
    if isinstance(value, dict):
        if "schema" in value and "examples" in value:
            yield pointer, value
        for key, child in value.items():
            yield from media_types(child, f"{pointer}/{key}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from media_types(child, f"{pointer}/{index}")


def validator_for(document, schema):
    """Return a validator of `schema` whose references resolve in `document`."""
    wrapper = dict(schema)
    wrapper["$schema"] = DIALECT
    wrapper["components"] = document["components"]
    Draft202012Validator.check_schema(wrapper)
    return Draft202012Validator(wrapper)


def main(path):
    with open(path, encoding="utf-8") as file:
        document = json.load(file)

    validate(document)
    if document.get("openapi") != "3.1.0":
        sys.exit(f"openapi: expected version `3.1.0`, found `{document.get('openapi')}`")

    failures = []
    checked = 0
    for pointer, media in media_types(document):
        validator = validator_for(document, media["schema"])
        for name, example in media["examples"].items():
            checked += 1
            for error in validator.iter_errors(example["value"]):
                failures.append(f"{pointer}/examples/{name}: {error.message}")
    if failures:
        sys.exit("openapi: invalid examples:\n" + "\n".join(failures))
    if checked == 0:
        sys.exit("openapi: expected examples in the document, found none")

    show_event = document["paths"][
        "/v2/{project_id}/fgs/functions/{function_urn}/events/{event_id}"
    ]["get"]["responses"]["200"]["content"]["application/json"]
    broken = copy.deepcopy(show_event["examples"]["documented"]["value"])
    broken["last_modified"] = "1597374286"
    if validator_for(document, show_event["schema"]).is_valid(broken):
        sys.exit("openapi: the validator accepted `last_modified` as a string")

    print(f"openapi: the document and its {checked} examples are valid")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: validate.py DOCUMENT.json")
    main(sys.argv[1])
