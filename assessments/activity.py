"""Signed tokens that tie a player to one learner and one activity.

The lesson page (rendered for an enrolled learner, or an author previewing) signs what the
player may report on: the learner, the lesson, the block and its policy. The xAPI and state
endpoints accept nothing else, so a learner cannot report on a block that is not in the
lesson, or with a pass mark of their choosing. Enrolment is checked again on every
statement through the ``assessment_may_attempt`` hook.

The player frame and the package's files are loaded from an opaque origin (a sandboxed
frame) that carries no session cookie; their addresses carry a signed, expiring token
instead, so only someone who was shown the lesson can fetch them.
"""

import uuid

from django.core import signing

from assessments.services import Activity

ACTIVITY_SALT = "assessments.h5p.activity"
FILES_SALT = "assessments.h5p.files"
TOKEN_MAX_AGE = 12 * 60 * 60


def activity_token(*, user, lesson, block_id, package, value, course_key=None) -> str:
    return signing.dumps(
        {
            "u": user.pk,
            "c": str(course_key) if course_key else "",
            "l": lesson.pk,
            "k": str(lesson.translation_key),
            "b": str(block_id),
            "p": package.pk,
            "pol": value.get("policy") or "best",
            "m": int(value.get("pass_mark") or 0),
        },
        salt=ACTIVITY_SALT,
        compress=True,
    )


def activity_from_token(token: str) -> Activity | None:
    try:
        data = signing.loads(token, salt=ACTIVITY_SALT, max_age=TOKEN_MAX_AGE)
        return Activity(
            user_id=int(data["u"]),
            lesson_id=int(data["l"]),
            lesson_key=uuid.UUID(data["k"]),
            block_id=uuid.UUID(data["b"]),
            package_id=int(data["p"]),
            policy=str(data["pol"]),
            pass_mark=int(data["m"]),
            course_key=uuid.UUID(data["c"]) if data.get("c") else None,
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def files_token(package) -> str:
    return signing.dumps(str(package.uuid), salt=FILES_SALT)


def package_uuid_from_token(token: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(signing.loads(token, salt=FILES_SALT, max_age=TOKEN_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return None
