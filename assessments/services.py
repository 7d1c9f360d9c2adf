"""Writes of the assessments app: storing H5P packages and recording what players report.

Every service is atomic. A package is checked completely before anything is written, and
whatever was written is removed again if unpacking fails half-way. xAPI statements are
stored once per learner and statement id; only top-level statements with a result move the
activity's result, under the block's policy, and a failed answer never passes.
"""

import hashlib
import math
import uuid
import zipfile
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connections, router, transaction
from django.db.models import Max
from django.db.models.expressions import Col
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail import hooks

from assessments.h5p import PackageRejected, package_check, read_member
from assessments.models import (
    ActivityResult,
    Choice,
    ContentState,
    H5PLibrary,
    H5PPackage,
    Question,
    QuestionBank,
    QuestionKind,
    ResultPolicy,
    XAPIStatement,
)
from assessments.storage import h5p_storage

MAX_STATE_CHARS = 64 * 1024


@transaction.atomic
def package_create(
    *,
    upload,
    uploaded_by,
    title: str = "",
    language: str = "",
    allow_media_hosts: bool = False,
) -> H5PPackage:
    """Check ``upload`` (an ``.h5p`` file), keep it and unpack it once: the content under
    the package's folder, each library once for every package that bundles the same files
    (``H5PLibrary``). Raises PackageRejected naming the file and the problem; then nothing
    is kept, neither in storage nor in the database.

    Files of a type no browser runs (``.swf``) are left out and listed on the package. The
    media hosts the content names are recorded; they are allowed in the player only when
    ``allow_media_hosts`` says the trainer confirmed them (or later, in the package's form).
    """
    name = getattr(upload, "name", "package.h5p") or "package.h5p"
    checked = package_check(upload, name=name)
    storage = h5p_storage()
    package = H5PPackage(
        title=(title or checked.title)[:255],
        main_library=checked.main_library,
        language=(language or ("" if checked.language == "und" else checked.language))[:16],
        original_filename=name.rsplit("/", 1)[-1][:255],
        unpacked_bytes=checked.unpacked_bytes,
        file_count=len(checked.kept_members),
        uploaded_by=uploaded_by,
        libraries_shared=True,
        inert_files=checked.inert,
        media_hosts_named=checked.media_hosts,
        media_hosts=list(checked.media_hosts) if allow_media_hosts else [],
    )
    written: list[str] = []
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            by_folder: dict[str, list[zipfile.ZipInfo]] = {}
            for info in checked.kept_members:
                by_folder.setdefault(info.filename.split("/", 1)[0], []).append(info)
            libraries = [
                _library_store(
                    storage,
                    library=library,
                    files=[
                        (info.filename[len(folder) + 1 :], read_member(archive, info))
                        for info in by_folder.get(folder, [])
                    ],
                    written=written,
                )
                for folder, library in checked.libraries.items()
            ]
            for folder in ("h5p.json", "content"):
                for info in by_folder.get(folder, []):
                    _store(
                        storage,
                        f"{package.folder}/{info.filename}",
                        read_member(archive, info),
                        written,
                        shown_as=info.filename,
                    )
        upload.seek(0)
        package.archive = storage.save(f"archives/{package.uuid}.h5p", upload)
        written.append(package.archive)
        package.save()
        package.libraries.set(libraries)
    except BaseException:
        for path in written:
            storage.delete(path)
        raise
    return package


def _store(storage, wanted: str, data: bytes, written: list[str], *, shown_as: str) -> None:
    stored = storage.save(wanted, ContentFile(data))
    written.append(stored)
    if stored != wanted:
        raise PackageRejected(
            _("“%(file)s” could not be stored under its own name.") % {"file": shown_as}
        )


def library_folders_key(package_uuid) -> str:
    """The cache key of a package's library folders (``assessments.views``)."""
    return f"assessments:h5p-libraries:{package_uuid}"


def library_digest(files: list[tuple[str, bytes]]) -> str:
    """A digest of a library's files (their paths and contents), whatever their order."""
    total = hashlib.sha256()
    for relative, data in sorted(files):
        total.update(relative.encode() + b"\0" + hashlib.sha256(data).digest())
    return total.hexdigest()


def _library_store(storage, *, library, files: list[tuple[str, bytes]], written: list[str]):
    """The stored library with exactly these files, stored now if no package brought it
    before. The row is made first: a second upload of the same library at the same moment
    waits on its unique folder until this one commits, so the files are written once."""
    digest = library_digest(files)
    folder = f"{library.folder}.{library.patch}-{digest[:16]}"
    stored, created = H5PLibrary.objects.get_or_create(
        folder=folder,
        defaults={
            "machine_name": library.machine_name,
            "major_version": library.major,
            "minor_version": library.minor,
            "patch_version": library.patch,
            "digest": digest,
            "file_count": len(files),
            "size_bytes": sum(len(data) for _relative, data in files),
        },
    )
    if created:
        for relative, data in files:
            # Left over from a library whose row is gone (a restored database): the folder
            # is named by the files' digest and is this upload's alone until it commits.
            storage.delete(f"libraries/{folder}/{relative}")
            _store(
                storage,
                f"libraries/{folder}/{relative}",
                data,
                written,
                shown_as=f"{library.folder}/{relative}",
            )
    return stored


def package_delete_files(*, package: H5PPackage) -> None:
    """Remove a package's archive and unpacked content from storage, and every shared
    library no package uses any more."""
    storage = h5p_storage()
    _delete_tree(storage, package.folder)
    if package.archive:
        storage.delete(package.archive)
    cache.delete(library_folders_key(package.uuid))
    libraries_prune()


def libraries_prune() -> int:
    """Delete the libraries no package bundles any more (rows and files); returns how many.
    A library an upload links at the same moment keeps its row: the upload's link fails its
    foreign key, and that upload is refused whole rather than left pointing at nothing."""
    storage = h5p_storage()
    with transaction.atomic():
        orphans = list(H5PLibrary.objects.filter(packages__isnull=True).values_list("pk", "folder"))
        H5PLibrary.objects.filter(pk__in=[pk for pk, _folder in orphans]).delete()
    for _pk, folder in orphans:
        _delete_tree(storage, f"libraries/{folder}")
    return len(orphans)


def _delete_tree(storage, folder: str) -> None:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        storage.delete(f"{folder}/{file}")
    for sub in folders:
        _delete_tree(storage, f"{folder}/{sub}")


def package_media_hosts_set(*, package: H5PPackage, hosts: list[str]) -> H5PPackage:
    """Allow the package's player to play media from ``hosts``: only hosts its content
    names, each a plain host name (see ``assessments.h5p.media_host``)."""
    allowed = [host for host in package.media_hosts_named if host in set(hosts)]
    package.media_hosts = allowed
    package.save(update_fields=["media_hosts"])
    return package


class StatementRefused(Exception):
    """The statement is not well formed or not allowed; ``message`` says why."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Activity:
    """One H5P block of one lesson, as the signed activity token describes it."""

    user_id: int
    lesson_id: int
    lesson_key: uuid.UUID
    block_id: uuid.UUID
    package_id: int
    policy: str
    pass_mark: int
    # The course's translation key, for the activity's stable xAPI IRI (None in tokens
    # signed before it was added: the lesson's key stands in).
    course_key: uuid.UUID | None = None


@dataclass
class StatementOutcome:
    stored: bool
    result: ActivityResult | None
    lesson_completed: bool = False


COMPLETING_VERBS = {
    "http://adlnet.gov/expapi/verbs/answered",
    "http://adlnet.gov/expapi/verbs/completed",
    "http://adlnet.gov/expapi/verbs/passed",
    "http://adlnet.gov/expapi/verbs/failed",
}


def _number(value, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise StatementRefused(_("The statement's %(what)s is not a number.") % {"what": what})
    return float(value)


def _boolean(value, what: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise StatementRefused(_("The statement's %(what)s is not true or false.") % {"what": what})


@dataclass
class ParsedStatement:
    statement_id: uuid.UUID
    verb: str
    object_id: str
    is_child: bool
    raw: float | None
    max: float | None
    scaled: float | None
    success: bool | None
    completion: bool | None


def statement_parse(statement) -> ParsedStatement:
    """Read what matters from a statement, refusing anything malformed or impossible (a
    score above its maximum, below zero, or a scaled score outside 0..1)."""
    if not isinstance(statement, dict):
        raise StatementRefused(_("The statement must be a JSON object."))
    statement_id = _statement_id(statement)
    verb_id = _verb_id(statement)
    object_id = _object_id(statement)
    if len(verb_id) > 255:
        raise StatementRefused(_("The statement's verb is too long."))
    result = _result_of(statement)
    raw, maximum, scaled = _score(result)
    return ParsedStatement(
        statement_id=statement_id,
        verb=verb_id,
        object_id=object_id,
        is_child=_is_child(statement, object_id),
        raw=raw,
        max=maximum if raw is not None else None,
        scaled=scaled,
        success=_boolean(result.get("success"), _("success")),
        completion=_boolean(result.get("completion"), _("completion")),
    )


def _statement_id(statement: dict) -> uuid.UUID:
    try:
        return uuid.UUID(str(statement.get("id", "")))
    except ValueError:
        raise StatementRefused(_("The statement needs an “id” that is a UUID.")) from None


def _verb_id(statement: dict) -> str:
    verb = statement.get("verb")
    verb_id = verb.get("id") if isinstance(verb, dict) else None
    if not isinstance(verb_id, str) or not verb_id.startswith(("http://", "https://")):
        raise StatementRefused(_("The statement's verb needs an “id” that is an IRI."))
    return verb_id


def _object_id(statement: dict) -> str:
    target = statement.get("object")
    object_id = target.get("id") if isinstance(target, dict) else None
    if not isinstance(object_id, str) or not object_id or len(object_id) > 500:
        raise StatementRefused(_("The statement's object needs an “id”."))
    return object_id


def _is_child(statement: dict, object_id: str) -> bool:
    """A container (a course presentation, a question set) reports its questions as child
    statements: they carry a parent activity or a subContentId and decide nothing."""
    context = statement.get("context") if isinstance(statement.get("context"), dict) else {}
    activities = context.get("contextActivities")
    parents = activities.get("parent") if isinstance(activities, dict) else None
    return bool(parents) or "subContentId=" in object_id


def _result_of(statement: dict) -> dict:
    result = statement.get("result", {})
    if not isinstance(result, dict):
        raise StatementRefused(_("The statement's result must be an object."))
    return result


def _score(result: dict) -> tuple[float | None, float | None, float | None]:
    """(raw, maximum, scaled) of the result's score; scaled is computed from raw and
    maximum, and a reported scaled score must agree with it."""
    score = result.get("score", {})
    if not isinstance(score, dict):
        raise StatementRefused(_("The statement's score must be an object."))
    raw = _number(score.get("raw"), _("raw score"))
    minimum = _number(score.get("min"), _("minimum score")) or 0.0
    maximum = _number(score.get("max"), _("maximum score"))
    scaled = _number(score.get("scaled"), _("scaled score"))
    if raw is None:
        if scaled is not None:
            raise StatementRefused(_("A scaled score needs the raw score and its maximum."))
        return None, maximum, None
    if maximum is None or maximum <= 0:
        raise StatementRefused(_("A score needs a maximum above zero."))
    if raw < minimum or raw > maximum or minimum < 0:
        raise StatementRefused(
            _("A score of %(raw)s out of %(max)s is impossible.")
            % {"raw": f"{raw:g}", "max": f"{maximum:g}"}
        )
    computed = raw / maximum
    if scaled is not None and abs(scaled - computed) > 0.01:
        raise StatementRefused(_("The scaled score does not match the raw score."))
    return raw, maximum, computed


def result_passes(*, scaled: float | None, success: bool | None, completion: bool, pass_mark: int):
    """A failed answer never passes; a scored answer passes at the pass mark. Content that
    keeps no score passes when the player says it is completed (or passed), but only for a
    block without a pass mark (0): a score-less "passed" cannot meet a pass mark of 80."""
    if success is False:
        return False
    if scaled is not None:
        return scaled * 100 >= pass_mark - 1e-9
    if pass_mark > 0:
        return False
    return bool(completion or success)


@transaction.atomic
def statement_record(*, user, activity: Activity, statement: dict) -> StatementOutcome:
    """Store one statement from the player of ``activity`` for ``user`` and update the
    activity's result. The actor is ``user``, whatever the statement claims. Raises
    StatementRefused for a malformed statement or a learner not enrolled in the course.
    A statement id seen before raises IntegrityError (the caller answers "already stored";
    the transaction keeps nothing of the repeat)."""
    if activity.user_id != user.pk:
        raise StatementRefused(_("This activity was opened by someone else."), status=403)
    parsed = statement_parse(statement)
    for check in hooks.get_hooks("assessment_may_attempt"):
        reason = check(user=user, lesson_id=activity.lesson_id)
        if reason:
            raise StatementRefused(reason, status=403)
    statement = {**statement, "actor": {"objectType": "Agent", "account": {"name": str(user.pk)}}}
    XAPIStatement.objects.create(
        statement_id=parsed.statement_id,
        user=user,
        package_id=activity.package_id,
        lesson_key=activity.lesson_key,
        block_id=activity.block_id,
        verb=parsed.verb,
        object_id=parsed.object_id,
        is_child=parsed.is_child,
        raw_score=parsed.raw,
        max_score=parsed.max,
        scaled_score=parsed.scaled,
        success=parsed.success,
        completion=parsed.completion,
        payload=statement,
    )
    decides = (
        not parsed.is_child
        and parsed.verb in COMPLETING_VERBS
        and (parsed.raw is not None or parsed.completion is not None or parsed.success is not None)
    )
    if not decides:
        return StatementOutcome(stored=True, result=None)
    result = _result_update(user=user, activity=activity, parsed=parsed)
    completed = False
    if result.passed:
        for announce in hooks.get_hooks("assessment_passed"):
            completed = bool(announce(user=user, lesson_id=activity.lesson_id)) or completed
    return StatementOutcome(stored=True, result=result, lesson_completed=completed)


# The columns the upsert writes, in order; the deciding columns are kept from the stored row
# when the best-attempt policy keeps it (``_KEEP``), the rest always come from the report.
_DECIDING = ("raw_score", "max_score", "scaled_score", "success", "completion", "passed")
_INSERTED = (
    "user_id", "package_id", "lesson_key", "block_id", *_DECIDING,
    "attempts", "passed_at", "reported_by_browser", "updated_at",
)  # fmt: skip # the columns in groups, as the statement reads them
# The stored row is kept (not replaced) under the best-attempt policy when it has counted an
# attempt and is at least as good: passing first, then score (``_better_or_equal``).
_KEEP = (
    "({table}.attempts > 0 AND %s AND (({table}.passed AND NOT EXCLUDED.passed)"
    " OR ({table}.passed = EXCLUDED.passed"
    " AND COALESCE({table}.scaled_score, 0) >= COALESCE(EXCLUDED.scaled_score, 0))))"
)


def _result_update(*, user, activity: Activity, parsed: ParsedStatement) -> ActivityResult:
    """Count the deciding statement in the learner's result row, in ONE statement: an
    ``INSERT ... ON CONFLICT DO UPDATE`` (PostgreSQL and SQLite) that creates the row with
    this attempt, or adds the attempt to the stored row and decides there, under the row's
    lock, whether the best-attempt policy keeps the stored result. Two first statements at
    once both count: the second insert waits for the first and then updates its row, so
    neither is lost and ``attempts`` counts both, whichever arrives first."""
    completion = bool(parsed.completion) or (parsed.raw is not None and parsed.success is not False)
    passed = result_passes(
        scaled=parsed.scaled,
        success=parsed.success,
        completion=completion,
        pass_mark=activity.pass_mark,
    )
    now = timezone.now()
    row = ActivityResult(
        user_id=user.pk,
        package_id=activity.package_id,
        lesson_key=activity.lesson_key,
        block_id=activity.block_id,
        raw_score=parsed.raw,
        max_score=parsed.max,
        scaled_score=parsed.scaled,
        success=parsed.success,
        completion=completion,
        passed=passed,
        attempts=1,
        # Dated even when an earlier, better pass is kept: a refresher run needs a pass
        # made during the run, not the score of one made before it.
        passed_at=now if passed else None,
        updated_at=now,
    )
    meta = ActivityResult._meta
    connection = connections[router.db_for_write(ActivityResult)]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    fields = [meta.get_field(name) for name in _INSERTED]
    values = [field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields]
    keep = _KEEP.format(table=table)
    assignments = [
        f"{quote(name)} = CASE WHEN {keep} THEN {table}.{quote(name)} "
        f"ELSE EXCLUDED.{quote(name)} END"
        for name in _DECIDING
    ]
    assignments += [
        f"{quote('attempts')} = {table}.{quote('attempts')} + 1",
        f"{quote('passed_at')} = "
        f"COALESCE(EXCLUDED.{quote('passed_at')}, {table}.{quote('passed_at')})",
        f"{quote('package_id')} = EXCLUDED.{quote('package_id')}",
        f"{quote('updated_at')} = EXCLUDED.{quote('updated_at')}",
    ]
    returned = ["id", *_DECIDING, "attempts", "passed_at"]
    # Names from the model's own metadata, values as parameters.
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({quote('user_id')}, {quote('lesson_key')}, {quote('block_id')}) "
        f"DO UPDATE SET {', '.join(assignments)} "
        f"RETURNING {', '.join(quote(name) for name in returned)}"
    )
    best = activity.policy == ResultPolicy.BEST
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *([best] * len(_DECIDING))])
        stored = cursor.fetchone()
    for name, value in zip(returned, stored, strict=True):
        column = Col(meta.db_table, meta.get_field(name))
        for converter in column.get_db_converters(connection):
            value = converter(value, column, connection)
        setattr(row, column.target.attname, value)
    row._state.adding = False
    return row


def _better_or_equal(result: ActivityResult, candidate: dict) -> bool:
    """Whether the kept result is at least as good as the new one (passing first, then
    score)."""
    if result.passed != candidate["passed"]:
        return result.passed
    return (result.scaled_score or 0) >= (candidate["scaled_score"] or 0)


@transaction.atomic
def state_save(*, user, activity: Activity, state: str) -> None:
    """Keep the player's state (H5P content user data) for the learner and activity."""
    if activity.user_id != user.pk:
        raise StatementRefused(_("This activity was opened by someone else."), status=403)
    if not isinstance(state, str) or len(state) > MAX_STATE_CHARS:
        raise StatementRefused(_("The saved state is missing or too large."))
    ContentState.objects.update_or_create(
        user=user,
        lesson_key=activity.lesson_key,
        block_id=activity.block_id,
        defaults={"state": state},
    )


@transaction.atomic
def question_true_false_create(
    *, bank: QuestionBank, text: str, answer: bool, explanation: str = ""
) -> Question:
    """Add a true/false question at the end of ``bank`` with its two choices, "True" and
    "False" written in the bank's language, the right one marked. The question and its
    choices are in the bank's locale, so wagtail-localize translates them with the bank."""
    language = bank.locale.language_code
    with translation.override(language):
        labels = (pgettext("quiz choice", "True"), pgettext("quiz choice", "False"))
    last = bank.questions.aggregate(last=Max("sort_order"))["last"]
    question = Question.objects.create(
        bank=bank,
        locale=bank.locale,
        kind=QuestionKind.TRUE_FALSE,
        text=text.strip(),
        explanation=explanation.strip(),
        sort_order=0 if last is None else last + 1,
    )
    Choice.objects.bulk_create(
        [
            Choice(
                question=question,
                locale=bank.locale,
                text=label,
                is_correct=(position == 0) == answer,
                sort_order=position,
            )
            for position, label in enumerate(labels)
        ]
    )
    return question
