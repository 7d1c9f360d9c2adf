"""The office's screens for the beneficiaries' voice in the Wagtail admin: a deployment's
ratings, QR code and printable poster; the queue of comments to read, publish or hide. For
office staff, limited to their section: another section's deployment or comment is "not
found"."""

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from field import feedback
from field.models import Feedback
from field.permissions import deployments_visible_to
from lms.i18n import text_direction
from lms.office import PAGE_SIZE, office_only, pager_query


def _deployment(request: HttpRequest, pk: int):
    return get_object_or_404(
        deployments_visible_to(request.user).select_related("role", "organisation"), pk=pk
    )


def _poster_address(request: HttpRequest, code: str) -> str:
    """The form's address without a language prefix: it opens in the language the visitor
    chose last, else Arabic, and the page offers the six languages at its top."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("feedback_form", kwargs={"code": code})
    return request.build_absolute_uri("/" + path.split("/", 2)[2])


def _qr_svg(address: str, scale: int) -> str:
    # segno, as the certificates' QR codes; error correction M survives a creased poster.
    return mark_safe(segno.make_qr(address, error="m").svg_inline(scale=scale, border=2))  # noqa: S308


@office_only
def deployment_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = _deployment(request, pk)
    code = feedback.feedback_code_ensure(deployment=deployment)
    address = _poster_address(request, code.code)
    opens, closes = feedback.feedback_window(deployment)
    return TemplateResponse(
        request,
        "field/feedback/admin/deployment.html",
        {
            "page_title": _("Beneficiaries' feedback"),
            "page_subtitle": str(deployment),
            "header_icon": "comment",
            "deployment": deployment,
            "address": address,
            "qr": _qr_svg(address, 4),
            "opens": opens,
            "closes": closes,
            "summary": feedback.rating_summary(
                season=deployment.season, deployment_id=deployment.pk
            ),
            "comments": feedback.published_comments(deployment_id=deployment.pk, limit=20),
            "unread": feedback.comments_for_office(request.user)
            .filter(deployment=deployment)
            .count(),
        },
    )


@office_only
def deployment_feedback_poster(request: HttpRequest, pk: int) -> HttpResponse:
    """The poster for the service point: an A4 page to print from the browser, with the QR
    code, the place, and "Tell us how we did" in each of the six languages."""
    deployment = _deployment(request, pk)
    code = feedback.feedback_code_ensure(deployment=deployment)
    address = _poster_address(request, code.code)
    invitations = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            invitations.append(
                {
                    "code": language,
                    "direction": text_direction(language),
                    "title": _("Tell us how we did"),
                    "hint": _("Scan the code with your phone's camera."),
                }
            )
    return TemplateResponse(
        request,
        "field/feedback/admin/poster.html",
        {
            "deployment": deployment,
            "address": address,
            "qr": _qr_svg(address, 10),
            "invitations": invitations,
        },
    )


@office_only
@require_POST
def deployment_feedback_code_issue(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = _deployment(request, pk)
    try:
        feedback.feedback_code_issue(deployment=deployment, actor=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("A new code is issued: the old posters no longer work. Print the new poster."),
        )
    return redirect("deployment_feedback", pk=deployment.pk)


STATUSES = {
    Feedback.CommentStatus.UNREAD: Feedback.CommentStatus.UNREAD.label,
    Feedback.CommentStatus.PUBLISHED: Feedback.CommentStatus.PUBLISHED.label,
    Feedback.CommentStatus.HIDDEN: Feedback.CommentStatus.HIDDEN.label,
}


@office_only
def comments_queue(request: HttpRequest) -> HttpResponse:
    """Beneficiaries' comments of the staff member's section: unread first (oldest first),
    or those already published or hidden."""
    status = request.GET.get("status", Feedback.CommentStatus.UNREAD)
    if status not in STATUSES:
        status = Feedback.CommentStatus.UNREAD
    page = Paginator(feedback.comments_for_office(request.user, status=status), PAGE_SIZE)
    return TemplateResponse(
        request,
        "field/feedback/admin/queue.html",
        {
            "page_title": _("Beneficiaries' comments"),
            "header_icon": "comment",
            "page": page.get_page(request.GET.get("p")),
            "status": status,
            "statuses": STATUSES.items(),
            "q": "",
            "pager_query": pager_query(request),
        },
    )


@office_only
@require_POST
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(feedback.feedback_visible_to(request.user), pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("publish", "hide"):
        messages.error(request, _("Choose whether to publish or hide the comment."))
    else:
        try:
            feedback.feedback_moderate(
                feedback=found, actor=request.user, publish=decision == "publish"
            )
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(
                request,
                _("The comment is published.")
                if decision == "publish"
                else _("The comment is hidden."),
            )
    back = request.POST.get("status", Feedback.CommentStatus.UNREAD)
    if back not in STATUSES:
        back = Feedback.CommentStatus.UNREAD
    return redirect(f"{reverse('feedback_comments')}?status={back}")
