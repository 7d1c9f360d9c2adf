"""Course screens: the course and lesson pages (served by Wagtail), enrolment, completion
and the learner's dashboard. Rules live in services and rules; views translate outcomes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import gate, selectors, services
from courses.models import CourseFile, CourseIndexPage, CoursePage, LessonPage
from courses.rules import prerequisite_gaps
from lms.models import Team
from lms.pages import interface_url
from lms.roles import ADMIN_ROLES, Role, has_role


def _is_author_or_office(user) -> bool:
    return any(has_role(user, role) for role in ADMIN_ROLES)


def catalogue_page(request: HttpRequest, index_page: CourseIndexPage) -> HttpResponse:
    context = index_page.get_context(request)
    context["courses"] = selectors.catalogue(index_page=index_page, user=request.user)
    return TemplateResponse(request, index_page.get_template(request), context)


def course_page(request: HttpRequest, course: CoursePage) -> HttpResponse:
    context = {"page": course, "self": course, "request": request}
    context.update(selectors.course_page_context(user=request.user, course=course, request=request))
    if has_role(request.user, Role.OFFICE_STAFF) or has_role(request.user, Role.TEAM_LEADER):
        context["teams"] = _teams_for(request.user)
    return TemplateResponse(request, course.template, context)


def _teams_for(user):
    teams = Team.objects.select_related("organisation").order_by("name")
    if has_role(user, Role.OFFICE_STAFF):
        return teams.filter(section=user.staff_section) if user.staff_section else teams
    return teams.filter(leaders=user)


def refusal_response(request, course: CoursePage, refusal) -> HttpResponse:
    context = {"course": course, "message": refusal.message, "gaps": refusal.gaps}
    return TemplateResponse(request, "courses/refused.html", context, status=403)


def lesson_page(request: HttpRequest, lesson: LessonPage) -> HttpResponse:
    """Opening a lesson by any URL checks enrolment and prerequisites, every time."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course = selectors.course_of(lesson, request)
    enrolment = selectors.enrolment_for(request.user, course.translation_key)
    previewing = enrolment is None and _is_author_or_office(request.user)
    if not previewing:
        keys = [page.translation_key for page in selectors.prerequisites_of(course, request)]
        gaps = prerequisite_gaps(user=request.user, course=course, keys=keys)
        if gaps:
            refusal = services.EnrolmentRefused(_("Complete the prerequisite courses first."), gaps)
            return refusal_response(request, course, refusal)
        if enrolment is None:
            messages.info(request, _("Enrol in the course to open its lessons."))
            return redirect(interface_url(course, request))
    context = {"page": lesson, "self": lesson, "previewing": previewing}
    context.update(
        selectors.lesson_page_context(
            course=course, lesson=lesson, enrolment=enrolment, request=request
        )
    )
    context.update(_gate_context(request, lesson, enrolment))
    # Record the visit only when it changes something: a first opening, or a new place.
    if enrolment is not None and (not context["opened"] or enrolment.last_lesson_id != lesson.pk):
        services.lesson_open(enrolment=enrolment, lesson=lesson)
    return TemplateResponse(request, lesson.template, context)


def _gate_context(request: HttpRequest, lesson: LessonPage, enrolment) -> dict:
    """What the lesson's family requires that this translation does not show: the quizzes
    and H5P activities of its other language versions, with where to take them (see
    ``courses.gate``). The blocks the lesson carries show their own state."""
    activities = gate.lesson_gate(
        user=request.user, lesson=lesson, enrolment=enrolment, request=request
    )
    elsewhere = gate.describe([a for a in activities if not a.here], request)
    return {
        "required_elsewhere": elsewhere,
        "attempts_since": enrolment.run_started_at if enrolment else None,
    }


@login_required
@require_POST
def enrol(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(CoursePage, pk=course_id)
    try:
        services.enrolment_create(user=request.user, course=course)
    except services.EnrolmentRefused as refusal:
        if selectors.enrolment_for(request.user, course.translation_key):
            messages.info(request, refusal.message)
            return redirect(interface_url(course, request))
        return refusal_response(request, course, refusal)
    messages.success(request, _("You are enrolled. Start with the first lesson."))
    return redirect(interface_url(course, request))


@login_required
@require_POST
def enrol_team(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    team_id = request.POST.get("team", "")
    if not team_id.isdigit():
        raise Http404
    team = get_object_or_404(Team, pk=int(team_id))
    result = services.team_enrol(actor=request.user, team=team, course=course)
    messages.success(
        request,
        _(
            "Team %(team)s: %(enrolled)d enrolled, %(already)d already enrolled, %(refused)d refused."  # noqa: E501
        )
        % {
            "team": team.name,
            "enrolled": len(result.enrolled),
            "already": len(result.already),
            "refused": len(result.refused),
        },
    )
    for member, reason in result.refused:
        messages.warning(request, f"{member.display_name}: {reason}")
    return redirect(interface_url(course, request))


@login_required
@require_POST
def lesson_complete(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    try:
        outcome = services.lesson_complete(user=request.user, lesson=lesson)
    except services.NotEnrolled as error:
        messages.error(request, str(error))
        return redirect(interface_url(selectors.course_of(lesson, request), request))
    except gate.LessonGateClosed as closed:
        activity = closed.activity
        if activity.here:
            messages.error(request, closed.message)
        else:
            link = _("Open the lesson in %(language)s") % {"language": activity.language_name}
            messages.error(
                request,
                format_html('{} <a href="{}">{}</a>', closed.message, activity.url, link),
            )
        return redirect(interface_url(lesson, request))
    except PermissionDenied as blocked:
        messages.error(request, str(blocked))
        return redirect(interface_url(lesson, request))
    course = selectors.course_of(lesson, request)
    if outcome.course_completed_now:
        messages.success(request, _("Well done: you have completed the course."))
        return redirect(interface_url(course, request))
    following = selectors.following_lesson(course, lesson, request)
    return redirect(interface_url(following or course, request))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    context = selectors.for_learner_dashboard(request.user)
    return TemplateResponse(request, "courses/dashboard.html", context)


def _lesson_file_ids(lesson: LessonPage) -> set[int]:
    """Files the lesson links to: its handouts and uploaded videos."""
    return {
        block.value["file"].pk
        for block in lesson.body
        if block.block_type in ("handout", "video") and block.value.get("file") is not None
    }


@login_required
def lesson_handout(request: HttpRequest, lesson_id: int, file_id: int) -> HttpResponse:
    """A lesson's handout, for the course's learners, trainers and office staff only. Only
    files the lesson links to can be fetched this way, whatever the id in the address."""
    lesson = get_object_or_404(LessonPage, pk=lesson_id)
    author_or_office = _is_author_or_office(request.user)
    if not (lesson.live or author_or_office):
        raise Http404
    if file_id not in _lesson_file_ids(lesson):
        raise Http404
    if not author_or_office:
        course = lesson.get_parent().specific
        if selectors.enrolment_for(request.user, course.translation_key) is None:
            raise PermissionDenied(_("Enrol in the course to download its handouts."))
    handout = get_object_or_404(CourseFile, pk=file_id)
    # A lesson's <video> plays its file in the page; everything else downloads.
    playing = request.GET.get("play") == "1" and (handout.mime_type or "").startswith("video/")
    response = FileResponse(
        handout.file.open("rb"),
        as_attachment=not playing,
        filename=handout.original_filename or handout.label,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
