"""Opportunities on the site: the public list and detail where volunteers apply, their own
applications, and the pages where representatives (for their organisation) and office staff
(for their section) publish opportunities and decide on applicants. Anything outside a
person's reach is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from field import opportunities as ops
from field.models import Application, Opportunity
from field.opportunity_forms import DecisionForm, OpportunityFilterForm, OpportunityForm
from lms.office import office_only

# Public ------------------------------------------------------------------------------------


def opportunity_list(request: HttpRequest) -> HttpResponse:
    filters = OpportunityFilterForm(request.GET or None)
    found = ops.public_list(filters.filters())
    page = Paginator(found, ops.PAGE_SIZE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "field/opportunities/list.html",
        {"page": page, "filters": filters, "query": query.urlencode()},
    )


def _public_or_404(pk: int) -> Opportunity:
    return get_object_or_404(
        ops.public_opportunities().select_related("organisation", "category", "role"), pk=pk
    )


def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public while published and not over; after that, still open to those who applied."""
    opportunity = None
    if request.user.is_authenticated:
        opportunity = (
            Opportunity.objects.select_related("organisation", "category", "role")
            .filter(pk=pk, applications__volunteer=request.user)
            .first()
        )
    opportunity = opportunity or _public_or_404(pk)
    return _detail_page(request, opportunity)


def _detail_page(request, opportunity, *, answer=None, status=200):
    mine = None
    if request.user.is_authenticated:
        mine = opportunity.applications.filter(volunteer=request.user).order_by("-pk").first()
    position = None
    if mine is not None and mine.status == Application.Status.WAITING:
        position = ops.waiting_positions([opportunity.pk]).get(mine.pk)
    context = {
        "opportunity": opportunity,
        "mine": mine,
        "position": position,
        "answer": answer,
        "languages": ops.language_names(opportunity.languages),
    }
    return TemplateResponse(request, "field/opportunities/detail.html", context, status=status)


@login_required
@require_POST
def opportunity_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """One step: the checks answer at once; ready applicants are saved, the others told
    what is missing (nothing saved)."""
    opportunity = get_object_or_404(Opportunity.objects.select_related("role"), pk=pk)
    if opportunity.status != Opportunity.Status.PUBLISHED:
        raise Http404
    try:
        answer = ops.application_create(volunteer=request.user, opportunity=opportunity)
    except ops.OpportunityRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("opportunity_detail", pk=pk)
    if answer.application is None:
        return _detail_page(request, opportunity, answer=answer, status=200)
    status = answer.application.status
    if status == Application.Status.ACCEPTED:
        messages.success(request, _("You are ready and accepted: you are on the roster."))
    elif status == Application.Status.WAITING:
        messages.info(
            request,
            _("You are ready, but every place is taken: you are on the waiting list."),
        )
    else:
        messages.success(
            request, _("You are ready. Your application waits for the organisation's decision.")
        )
    return redirect("opportunity_detail", pk=pk)


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    rows = list(ops.applications_of(request.user)[:200])
    positions = ops.waiting_positions(
        {a.opportunity_id for a in rows if a.status == Application.Status.WAITING}
    )
    return TemplateResponse(
        request,
        "field/opportunities/mine.html",
        {"rows": [(a, positions.get(a.pk)) for a in rows]},
    )


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk, volunteer=request.user)
    try:
        ops.application_withdraw(volunteer=request.user, application=application)
    except ops.OpportunityRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("my_applications")


# Representatives and the office --------------------------------------------------------------


def _manager(request) -> None:
    if not request.user.is_authenticated or not ops.may_manage_opportunities(request.user):
        raise Http404


def _managed_or_404(request, pk: int) -> Opportunity:
    _manager(request)
    return get_object_or_404(
        ops.opportunities_managed_by(request.user).select_related(
            "organisation", "category", "role"
        ),
        pk=pk,
    )


@login_required
def managed_list(request: HttpRequest) -> HttpResponse:
    _manager(request)
    page = Paginator(ops.managed_list(request.user), 25).get_page(request.GET.get("p"))
    return TemplateResponse(request, "field/opportunities/managed_list.html", {"page": page})


@login_required
def managed_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _manager(request)
    opportunity = _managed_or_404(request, pk) if pk else Opportunity()
    if pk and opportunity.status not in (Opportunity.Status.DRAFT, Opportunity.Status.DECLINED):
        messages.error(request, _("Only a draft or a declined opportunity is edited."))
        return redirect("managed_opportunity", pk=pk)
    form = OpportunityForm(request.POST or None, instance=opportunity, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = ops.opportunity_save(
                actor=request.user,
                opportunity=form.apply_texts(),
                skills=form.cleaned_data["skills"],
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ops.OpportunityRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            if saved.status == Opportunity.Status.PUBLISHED:
                messages.success(request, _("The opportunity is published."))
            else:
                messages.success(
                    request, _("The draft is saved. Submit it to the office when it is ready.")
                )
            return redirect("managed_opportunity", pk=saved.pk)
    return TemplateResponse(
        request, "field/opportunities/edit.html", {"form": form, "opportunity": opportunity}
    )


@login_required
def managed_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _managed_or_404(request, pk)
    return TemplateResponse(
        request,
        "field/opportunities/managed_detail.html",
        {
            "opportunity": opportunity,
            "rows": ops.applicants(opportunity),
            "languages": ops.language_names(opportunity.languages),
        },
    )


@login_required
@require_POST
def managed_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    opportunity = _managed_or_404(request, pk)
    try:
        if action == "submit":
            ops.opportunity_submit(actor=request.user, opportunity=opportunity)
            messages.success(request, _("Submitted: the office will approve or decline it."))
        elif action in ("close", "cancel"):
            ops.opportunity_end(
                actor=request.user, opportunity=opportunity, cancel=action == "cancel"
            )
            messages.success(request, _("Done: the applicants concerned are told by email."))
        else:
            raise Http404
    except (ops.OpportunityRefused, PermissionDenied) as refusal:
        messages.error(request, str(refusal))
    return redirect("managed_opportunity", pk=pk)


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    application = get_object_or_404(
        Application.objects.select_related("opportunity", "volunteer").filter(
            opportunity__in=ops.opportunities_managed_by(request.user)
        ),
        pk=pk,
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.problem())
    else:
        try:
            ops.application_decide(
                actor=request.user,
                application=application,
                accept=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except (ops.OpportunityRefused, PermissionDenied) as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("Decision recorded for %(name)s.") % {"name": application.volunteer.display_name},
            )
    return redirect("managed_opportunity", pk=application.opportunity_id)


# The office's approvals, in the Wagtail admin ----------------------------------------------


@office_only
def office_approvals(request: HttpRequest) -> HttpResponse:
    """Organisations' opportunities waiting for the office (of the staff member's section),
    oldest first, each approved or declined with a reason."""
    pending = ops.pending_for_office(request.user)
    if request.method == "POST":
        chosen = request.POST.get("opportunity", "")
        if not (chosen.isascii() and chosen.isdigit()):
            raise Http404
        opportunity = get_object_or_404(pending, pk=int(chosen))
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                ops.opportunity_decide(
                    actor=request.user,
                    opportunity=opportunity,
                    approve=form.cleaned_data["decision"] == "approve",
                    reason=form.cleaned_data["reason"],
                )
            except (ops.OpportunityRefused, PermissionDenied) as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(
                    request, _("Decision recorded: %(title)s.") % {"title": opportunity}
                )
        else:
            messages.error(request, form.problem())
        return redirect("opportunity_approvals")
    page = Paginator(pending, 25).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "field/admin/opportunity_approvals.html",
        {"page": page, "page_title": _("Opportunities to approve"), "header_icon": "tasks"},
    )
