"""Pages of the core: home, registration, profile, sign-in, the language switch, and asking
for a page in one's language."""

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from wagtail.models import Page

from lms import selectors, services, throttling
from lms.forms import (
    EmailAuthenticationForm,
    ProfileChangeRequestForm,
    ProfileForm,
    QueuedPasswordResetForm,
    RegistrationForm,
)
from lms.home import home_panels
from lms.pages import interface_url, may_read_page


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "today": timezone.localdate(),
        "roles": selectors.role_labels(request.user),
        "panels": home_panels(request.user),
    }
    return render(request, "lms/home.html", context)


def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.user_register(
            email=data["email"],
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            name_ar=data["name_ar"],
            mobile=data["mobile"],
            id_type=data["id_type"],
            id_number=data["id_number"],
            date_of_birth=data["date_of_birth"],
            section=data["section"],
            preferred_language=data["preferred_language"],
            organisation=data["organisation"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        with translation.override(user.preferred_language):
            messages.success(request, _("Your account is ready. Welcome to Manara."))
            response = redirect(reverse("home"))
        return _remember_language(response, user.preferred_language)
    return render(request, "lms/register.html", {"form": form})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    context = selectors.profile_context(request.user)
    return render(request, "lms/profile.html", context)


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = services.profile_update(user=request.user, data=form.cleaned_data)
        with translation.override(user.preferred_language):
            messages.success(request, _("Your profile is saved."))
            response = redirect(reverse("profile"))
        return _remember_language(response, user.preferred_language)
    return render(request, "lms/profile_edit.html", {"form": form})


@login_required
def profile_change_request(request: HttpRequest) -> HttpResponse:
    """Ask the office to change the section, organisation, date of birth or identity: sent
    as a request the office accepts or declines; the account is unchanged until then."""
    form = ProfileChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.profile_change_request(
            user=request.user,
            field=form.cleaned_data["field"],
            proposed=form.cleaned_data["proposed"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Your request is sent to the office."))
        return redirect(reverse("profile"))
    return render(request, "lms/profile_change_request.html", {"form": form})


class LoginView(auth_views.LoginView):
    """Signs in by email and then speaks the language the volunteer chose."""

    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().preferred_language
        if not self.get_redirect_url():
            with translation.override(language):
                response = HttpResponseRedirect(reverse(settings.LOGIN_REDIRECT_URL))
        return _remember_language(response, language)


class PasswordResetView(auth_views.PasswordResetView):
    """Sends a reset link, a few times an hour per visitor and per address asked for."""

    form_class = QueuedPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        wait = throttling.password_reset_wait(self.request, email=form.cleaned_data["email"])
        if wait:
            minutes = max(1, math.ceil(wait / 60))
            form.add_error(
                None,
                ngettext(
                    "Too many requests to reset a password. Try again in %(minutes)d minute.",
                    "Too many requests to reset a password. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password from the emailed link also lifts the account's sign-in lock:
    whoever holds the mailbox is the account's holder."""

    def form_valid(self, form):
        response = super().form_valid(form)
        throttling.account_failures_reset(email=form.user.get_username())
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("profile")

    def form_valid(self, form):
        messages.success(self.request, _("Your new password is saved."))
        return super().form_valid(form)


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's set_language, which also remembers the choice on the signed-in account."""
    # translate_url resolves ``next`` in the active language, so speak the page's language.
    page_language = translation.get_language_from_path(request.POST.get("next", ""))
    if page_language:
        translation.activate(page_language)
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_set_language(user=request.user, language=language)
    return response


def _remember_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response


@login_required
@require_POST
def translation_request(request: HttpRequest, page_id: int) -> HttpResponse:
    """ "Ask for a translation" on a page shown in another language than the interface's:
    recorded once per person, page and language, then back to the page."""
    page = get_object_or_404(Page.objects.live().select_related("locale"), pk=page_id)
    if not may_read_page(request, page):  # nothing is told about a page one cannot open
        raise Http404
    language = translation.get_language()
    try:
        _request, created = services.translation_request_create(
            user=request.user, page=page, language=language
        )
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        if created:
            messages.success(request, _("Thank you: the trainers will see your request."))
        else:
            messages.info(request, _("You have already asked for this translation."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = interface_url(page, request)
    return redirect(back)
