"""Results screens: volunteers see their own attempts and results; trainers and office
staff see the report of each quiz and H5P activity and export it as CSV."""

import csv
import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import reports
from assessments.permissions import may_read_reports
from lms.exports import spreadsheet_safe

PER_PAGE = 25


def _staff_only(user) -> None:
    """Reports exist only for trainers and office staff; to others they are not found."""
    if not may_read_reports(user):
        raise Http404


@login_required
def my_results(request: HttpRequest) -> HttpResponse:
    attempts = Paginator(reports.my_quiz_attempts(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "attempts": attempts,
        "attempt_rows": reports.with_lesson_titles(attempts.object_list),
        "results": reports.with_lesson_titles(
            reports.my_activity_results(request.user)[:PER_PAGE], key=True
        ),
    }
    return TemplateResponse(request, "assessments/my_results.html", context)


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    _staff_only(request.user)
    quizzes = Paginator(reports.quiz_overview(), PER_PAGE).get_page(request.GET.get("page"))
    activities = Paginator(reports.activity_overview(), PER_PAGE).get_page(
        request.GET.get("activities")
    )
    context = {
        "quizzes": quizzes,
        "quiz_rows": reports.with_titles(quizzes.object_list),
        "activities": activities,
        "activity_rows": reports.with_titles(activities.object_list),
    }
    return TemplateResponse(request, "assessments/report_index.html", context)


@login_required
def report_detail(request: HttpRequest, kind: str, lesson_key: uuid.UUID, block_id: uuid.UUID):
    _staff_only(request.user)
    if kind == "quiz":
        report = reports.quiz_report(lesson_key=lesson_key, block_id=block_id)
    elif kind == "activity":
        report = reports.activity_report(lesson_key=lesson_key, block_id=block_id)
    else:
        raise Http404
    if not report.learners:
        raise Http404
    peak = max((count for _low, count in report.distribution), default=0) or 1
    context = {
        "kind": kind,
        "report": report,
        "lesson_key": lesson_key,
        "block_id": block_id,
        "bars": [(low, count, round(100 * count / peak)) for low, count in report.distribution],
    }
    return TemplateResponse(request, "assessments/report_detail.html", context)


class _Echo:
    def write(self, value):
        return value


@login_required
def report_csv(request: HttpRequest, kind: str, lesson_key: uuid.UUID, block_id: uuid.UUID):
    _staff_only(request.user)
    writer = csv.writer(_Echo())
    if kind == "quiz":
        header = [
            _("email"),
            _("name"),
            _("started"),
            _("submitted"),
            _("score"),
            _("out of"),
            _("percent"),
            _("passed"),
            _("late"),
        ]
        rows = (
            [
                a.user.email,
                a.user.display_name,
                timezone.localtime(a.started_at).isoformat(),
                timezone.localtime(a.submitted_at).isoformat(),
                a.score,
                a.max_score,
                a.percent,
                a.passed,
                a.late,
            ]
            for a in reports.quiz_attempts_for_export(lesson_key=lesson_key, block_id=block_id)
        )
    elif kind == "activity":
        header = [
            _("email"),
            _("name"),
            _("updated"),
            _("raw score"),
            _("maximum"),
            _("scaled"),
            _("success"),
            _("completed"),
            _("passed"),
            _("attempts"),
            _("reported by"),
        ]
        rows = (
            [
                r.user.email,
                r.user.display_name,
                timezone.localtime(r.updated_at).isoformat(),
                r.raw_score,
                r.max_score,
                r.scaled_score,
                r.success,
                r.completion,
                r.passed,
                r.attempts,
                _("browser"),
            ]
            for r in reports.activity_results_for_export(lesson_key=lesson_key, block_id=block_id)
        )
    else:
        raise Http404

    def lines():
        yield "\ufeff"
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([spreadsheet_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{block_id}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
