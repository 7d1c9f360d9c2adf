"""The OpenAPI 3.0 document of the partner API, version 1 (served at /api/v1/openapi.json)."""

ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}
FINDING = {
    "type": "object",
    "required": ["kind", "status", "what", "date", "needed", "message"],
    "properties": {
        "kind": {
            "type": "string",
            "enum": ["course", "article", "section", "age", "languages", "field_hours", "licence"],
        },
        "status": {"type": "string", "enum": ["met", "missing", "expired", "expiring"]},
        "what": {"type": "string"},
        "date": {"type": ["string", "null"], "format": "date", "nullable": True},
        "needed": {"type": "string"},
        "message": {"type": "string"},
    },
}


def _error_response(description: str) -> dict:
    schema = {"$ref": "#/components/schemas/Error"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ok(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "enum": ["ar", "en", "ur", "tr", "ms", "ha"]},
}


def document(base_url: str) -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Manara partner API",
            "version": "1.0.0",
            "description": "Verify certificates, read volunteers' hours and eligibility, "
            "and submit field attendance.",
        },
        "servers": [{"url": base_url}],
        "components": {
            "securitySchemes": {"partnerToken": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": ERROR, "Finding": FINDING},
        },
        "paths": {
            "/api/v1/certificates/{code}/": {
                "get": {
                    "summary": "Verify a certificate or licence by its code",
                    "parameters": [
                        {
                            "name": "code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "maxLength": 64},
                        },
                        LANG,
                    ],
                    "responses": {
                        "200": _ok(
                            "The verdict (unknown and malformed codes alike)",
                            {
                                "type": "object",
                                "required": ["status"],
                                "properties": {
                                    "status": {
                                        "type": "string",
                                        "enum": [
                                            "valid",
                                            "revoked",
                                            "expired",
                                            "invalid",
                                            "unknown",
                                        ],
                                    }
                                },
                            },
                        ),
                        "429": _error_response("Too many requests from this address"),
                    },
                }
            },
            "/api/v1/volunteers/{volunteer_id}/hours/": {
                "get": {
                    "summary": "A volunteer's approved hours by season, kind and category",
                    "security": [{"partnerToken": []}],
                    "parameters": [
                        {
                            "name": "volunteer_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                        }
                    ],
                    "responses": {
                        "200": _ok(
                            "Totals",
                            {"type": "object", "required": ["volunteer", "total_hours", "totals"]},
                        ),
                        "401": _error_response("No valid partner token"),
                        "404": _error_response("Not a volunteer of the partner organisation"),
                    },
                }
            },
            "/api/v1/roles/{role_id}/eligibility/{volunteer_id}/": {
                "get": {
                    "summary": "Whether a volunteer may serve in a field role today, with reasons",
                    "security": [{"partnerToken": []}],
                    "parameters": [
                        {
                            "name": "role_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                        },
                        {
                            "name": "volunteer_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                        },
                        LANG,
                    ],
                    "responses": {
                        "200": _ok(
                            "The answer",
                            {
                                "type": "object",
                                "required": ["eligible", "findings"],
                                "properties": {
                                    "eligible": {"type": "boolean"},
                                    "findings": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Finding"},
                                    },
                                },
                            },
                        ),
                        "401": _error_response("No valid partner token"),
                        "404": _error_response("No such role, or not a volunteer of the partner"),
                    },
                }
            },
            "/api/v1/attendance/": {
                "post": {
                    "summary": "Submit a volunteer's attendance on a deployment",
                    "security": [{"partnerToken": []}],
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
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["deployment", "volunteer", "day"],
                                    "properties": {
                                        "deployment": {"type": "integer", "minimum": 1},
                                        "volunteer": {"type": "integer", "minimum": 1},
                                        "day": {"type": "string", "format": "date"},
                                        "check_in": {"type": "string", "example": "08:00"},
                                        "check_out": {"type": "string", "example": "14:00"},
                                        "hours": {
                                            "type": "number",
                                            "exclusiveMinimum": True,
                                            "minimum": 0,
                                            "maximum": 16,
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "201": _ok(
                            "Recorded, pending confirmation and approval",
                            {"type": "object", "required": ["id", "status", "hours"]},
                        ),
                        "200": _ok(
                            "Already recorded with this key",
                            {"type": "object", "required": ["id", "status", "hours"]},
                        ),
                        "400": _error_response("Malformed submission or missing key"),
                        "401": _error_response("No valid partner token"),
                        "403": _error_response("Not allowed"),
                        "404": _error_response("No such deployment or volunteer of the partner"),
                        "413": _error_response("Too large"),
                        "422": _error_response("Refused by the rules (overlap, limits, dates)"),
                    },
                }
            },
        },
    }
