"""The partner API's bodies, declared once: requests are parsed by these models and the OpenAPI
document (partner_api/openapi.py) takes its schemas from them, so the two cannot drift.

Pydantic emits JSON Schema 2020-12, which is the Schema Object of OpenAPI 3.1; the document
declares 3.1.0 and uses the schemas as they are.
"""

import datetime
import hashlib
import json
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from field.impact import BENEFICIARIES_PER_VOLUNTEER_HOUR

ID = Annotated[int, Field(ge=1, le=2_147_483_647)]
DIGEST = Annotated[str, Field(pattern="^[0-9a-f]{64}$", description="SHA-256, hexadecimal")]
# A local time of day as people write it on a roster, "08:00" (seconds allowed, no zone).
TIME_OF_DAY = Annotated[
    str,
    Field(pattern="^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$", examples=["08:00"]),
    AfterValidator(datetime.time.fromisoformat),
]
HOURS_TEXT = Annotated[str, Field(pattern=r"^-?\d+(\.\d+)?$", examples=["4.5"])]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Requests ------------------------------------------------------------------------------------


class AttendanceSubmission(BaseModel):
    """A volunteer's attendance on one day of a deployment: a shift (check-in and check-out;
    a check-out at or before the check-in is on the next day, a night shift) or the hours
    served. Read strictly, as JSON: ids are integers, dates and times are ISO
    text. Members not listed here are ignored."""

    model_config = ConfigDict(strict=True, extra="ignore")

    deployment: ID
    volunteer: ID
    day: datetime.date
    check_in: TIME_OF_DAY | None = None
    check_out: TIME_OF_DAY | None = None
    hours: Annotated[
        Decimal | None,
        Field(
            gt=0,
            lt=100,
            decimal_places=2,
            description="When no shift is given: the hours served (at most 16 in a day, "
            "all deployments together), as a number or as text",
            examples=["4.5"],
        ),
    ] = None
    beneficiaries: Annotated[
        int | None,
        Field(
            ge=0,
            le=2_147_483_647,
            description="Optional: the people the volunteer served in this shift (pilgrims "
            "guided, cases treated, people welcomed: the field role says which). At most "
            f"{BENEFICIARIES_PER_VOLUNTEER_HOUR} for each hour served; more is refused (422).",
            examples=[120],
        ),
    ] = None


# Responses -----------------------------------------------------------------------------------


class Error(Schema):
    error: str = Field(description="A stable code, e.g. `invalid`, `not_found`, `refused`")
    message: str = Field(description="What went wrong, for a person")


class IdempotencyConflict(Error):
    error: Literal["idempotency_conflict"]
    first_request_digest: DIGEST = Field(
        description="SHA-256 of the canonical JSON of the first submission with this key"
    )
    request_digest: DIGEST = Field(description="SHA-256 of the canonical JSON of this one")


class RateLimited(Schema):
    error: Literal["rate_limited"]


class Verdict(BaseModel):
    """What anyone may learn from a certificate's code. Unknown and malformed codes carry only
    the status; a known code also what the kind of certificate makes public."""

    model_config = ConfigDict(extra="allow")

    status: Literal["valid", "revoked", "expired", "invalid", "unknown"]
    kind: str | None = None
    holder: str | None = Field(None, description="The holder's name, masked")
    issued_at: datetime.datetime | None = None
    expires_at: datetime.datetime | None = None
    revoked_at: datetime.datetime | None = None
    issuer: str | None = None


class HoursTotal(Schema):
    season: int = Field(description="Hijri year")
    kind: str = Field(
        description=(
            "What the hours count as: training, field or adjustment. A correction counts "
            "with the hours it corrects, so the field rows are the approved field hours "
            "that eligibility reads."
        )
    )
    category: str = Field(description="The service category's short name")
    hours: HOURS_TEXT


class VolunteerHours(Schema):
    volunteer: ID
    total_hours: HOURS_TEXT
    totals: list[HoursTotal]


class Finding(Schema):
    kind: Literal["course", "article", "section", "age", "languages", "field_hours", "licence"]
    status: Literal["met", "missing", "expired", "expiring"]
    what: str
    date: datetime.date | None
    needed: str
    label: str = Field(description="What was checked: the course or article, or the condition")
    message: str


class EligibilityAnswer(Schema):
    volunteer: ID
    role: ID
    on: datetime.date
    eligible: bool
    findings: list[Finding]


class AttendanceRecorded(Schema):
    id: ID
    status: Literal["recorded", "confirmed", "approved", "rejected", "returned", "withdrawn"]
    hours: HOURS_TEXT
    beneficiaries: int | None = Field(default=None, description="The people served, if given")


# Reading a submission --------------------------------------------------------------------------


class Invalid(ValueError):
    """A body that does not fit its schema; the message names the member and the problem."""


def canonical_json(body: object) -> str:
    """The body with sorted keys and no spaces (UTF-8): two submissions that differ only in
    layout or member order are the same submission."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(canonical: str) -> str:
    return hashlib.sha256(canonical.encode()).hexdigest()


def attendance_submission(canonical: str) -> AttendanceSubmission:
    """Read a submission from its canonical JSON, or raise ``Invalid``."""
    try:
        return AttendanceSubmission.model_validate_json(canonical)
    except ValidationError as problems:
        raise Invalid(_first_problem(problems)) from problems


_BODY_PROBLEMS = {
    "json_invalid": "the body is not valid JSON",
    "model_type": "the body must be a JSON object",
}
_MEMBER_PROBLEMS = {
    "deployment": "deployment must be a positive integer (at most 2147483647)",
    "volunteer": "volunteer must be a positive integer (at most 2147483647)",
    "day": "day is not a valid date (YYYY-MM-DD)",
    "check_in": "check_in is not a valid time of day (HH:MM or HH:MM:SS)",
    "check_out": "check_out is not a valid time of day (HH:MM or HH:MM:SS)",
    "hours": "hours must be a number more than 0 and less than 100, with at most two decimals",
    "beneficiaries": "beneficiaries must be a whole number, 0 or more (at most 2147483647)",
}


def _first_problem(problems: ValidationError) -> str:
    problem = problems.errors(include_url=False)[0]
    if not problem["loc"]:
        return _BODY_PROBLEMS.get(problem["type"], problem["msg"])
    member = str(problem["loc"][0])
    if problem["type"] == "missing":
        return f"{member} is required"
    return _MEMBER_PROBLEMS[member]
