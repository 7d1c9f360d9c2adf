"""The OpenAPI document of the partner API, version 1 (served at /api/v1/openapi.json).

Every body's schema comes from the models in partner_api/schemas.py, the same ones that read
the requests and shape the answers. Pydantic writes JSON Schema 2020-12, which is exactly
OpenAPI 3.1's Schema Object, so the document declares 3.1.0 and carries the schemas
unchanged (3.0 would need them rewritten: ``nullable``, boolean ``exclusiveMinimum``, no
``const`` or ``examples``).
"""

from functools import cache

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import models_json_schema

from partner_api import schemas

OPENAPI_VERSION = "3.1.0"
COMPONENTS = (
    schemas.AttendanceSubmission,
    schemas.AttendanceRecorded,
    schemas.EligibilityAnswer,
    schemas.Error,
    schemas.IdempotencyConflict,
    schemas.RateLimited,
    schemas.Verdict,
    schemas.VolunteerHours,
)


@cache
def component_schemas() -> dict:
    """The models' schemas by name, referring to one another under components/schemas."""
    _, top = models_json_schema(
        [(model, "validation") for model in COMPONENTS],
        ref_template="#/components/schemas/{model}",
    )
    return top["$defs"]


def _body(model: type[BaseModel]) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}


def _answer(description: str, model: type[BaseModel] = schemas.Error) -> dict:
    return {"description": description, "content": _body(model)}


def _id(name: str, where: str = "path") -> dict:
    schema = TypeAdapter(schemas.ID).json_schema()
    return {"name": name, "in": where, "required": True, "schema": schema}


LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "The language of messages (the default is Arabic)",
    "schema": {"type": "string", "enum": ["ar", "en", "ur", "tr", "ms", "ha"]},
}
UNAUTHORISED = _answer("No valid partner token")
PARTNER = [{"partnerToken": []}]


def document(base_url: str) -> dict:
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Manara partner API",
            "version": "1.0.0",
            "description": "Verify certificates, read volunteers' hours and eligibility, "
            "and submit field attendance.",
        },
        "servers": [{"url": base_url}],
        "components": {
            "securitySchemes": {"partnerToken": {"type": "http", "scheme": "bearer"}},
            "schemas": component_schemas(),
        },
        "paths": {
            "/api/v1/certificates/{code}/": {
                "get": {
                    "operationId": "verify_certificate",
                    "summary": "Verify a certificate or licence by its code",
                    "parameters": [
                        {
                            "name": "code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "minLength": 1, "maxLength": 64},
                        },
                        LANG,
                    ],
                    "responses": {
                        "200": _answer(
                            "The verdict (unknown and malformed codes alike)", schemas.Verdict
                        ),
                        "429": _answer("Too many requests from this address", schemas.RateLimited),
                    },
                }
            },
            "/api/v1/volunteers/{volunteer_id}/hours/": {
                "get": {
                    "operationId": "volunteer_hours",
                    "summary": "A volunteer's approved hours by season, kind and category",
                    "security": PARTNER,
                    "parameters": [_id("volunteer_id")],
                    "responses": {
                        "200": _answer("Totals", schemas.VolunteerHours),
                        "401": UNAUTHORISED,
                        "404": _answer("Not a volunteer of the partner organisation"),
                    },
                }
            },
            "/api/v1/roles/{role_id}/eligibility/{volunteer_id}/": {
                "get": {
                    "operationId": "volunteer_eligibility",
                    "summary": "Whether a volunteer may serve in a field role today, with reasons",
                    "security": PARTNER,
                    "parameters": [_id("role_id"), _id("volunteer_id"), LANG],
                    "responses": {
                        "200": _answer("The answer", schemas.EligibilityAnswer),
                        "401": UNAUTHORISED,
                        "404": _answer("No such role, or not a volunteer of the partner"),
                    },
                }
            },
            "/api/v1/attendance/": {
                "post": {
                    "operationId": "submit_attendance",
                    "summary": "Submit a volunteer's attendance on a deployment",
                    "description": "Recorded once per Idempotency-Key: the same key with the "
                    "same body answers the first record again (200); with another body, 409. "
                    "Bodies are compared by the SHA-256 of their canonical JSON (members "
                    "sorted, no spaces, UTF-8).",
                    "security": PARTNER,
                    "parameters": [
                        {
                            "name": "Idempotency-Key",
                            "in": "header",
                            "required": True,
                            "schema": {"type": "string", "minLength": 1, "maxLength": 100},
                        },
                        LANG,
                    ],
                    "requestBody": {
                        "required": True,
                        "content": _body(schemas.AttendanceSubmission),
                    },
                    "responses": {
                        "201": _answer(
                            "Recorded, pending confirmation and approval",
                            schemas.AttendanceRecorded,
                        ),
                        "200": _answer(
                            "Already recorded with this key and body", schemas.AttendanceRecorded
                        ),
                        "400": _answer("Malformed submission or missing key"),
                        "401": UNAUTHORISED,
                        "403": _answer("Not allowed"),
                        "404": _answer("No such deployment or volunteer of the partner"),
                        "409": _answer(
                            "The key was first used with another body",
                            schemas.IdempotencyConflict,
                        ),
                        "413": _answer("Too large"),
                        "422": _answer(
                            "Refused by the rules (overlap, limits, dates, more people served "
                            "than the shift could serve)"
                        ),
                    },
                }
            },
        },
    }
