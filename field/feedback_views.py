"""The public feedback form a pilgrim opens from the QR code on a service point's poster:
no account, three questions, in any of the six languages."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from field import feedback
from lms.i18n import text_direction
from lms.ratelimit import client_address

# The faces, worst to best: the label is what a screen reader says and what shows under
# each face.
FACES = (
    (1, _("Very bad")),
    (2, _("Bad")),
    (3, _("Fair")),
    (4, _("Good")),
    (5, _("Very good")),
)
HELPED = (("yes", _("Yes")), ("no", _("No")))
# Each face's mouth, from a deep frown to a broad smile (SVG path in a 24 × 24 box).
MOUTHS = {
    1: "M7.5 17.5 Q12 11.5 16.5 17.5",
    2: "M8 16.5 Q12 13.5 16 16.5",
    3: "M8 15.5 L16 15.5",
    4: "M8 14.5 Q12 17.5 16 14.5",
    5: "M7 13.5 Q12 20 17 13.5",
}


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How did we do?"),
        choices=FACES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a face from 1 to 5.")},
    )
    helped = forms.ChoiceField(
        label=_("Were you helped?"),
        choices=HELPED,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you were helped.")},
    )
    comment = forms.CharField(
        label=_("Anything you would like to tell us? (optional)"),
        required=False,
        max_length=feedback.COMMENT_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": feedback.COMMENT_MAX_LENGTH}),
    )


def _languages(code: str) -> list[dict]:
    """The form's address in each language, for the switcher at its top (plain links: a
    pilgrim who cannot read the page's language needs no form to change it)."""
    current = translation.get_language()
    found = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            url = reverse("feedback_form", kwargs={"code": code})
        found.append(
            {
                "code": language,
                "name": translation.get_language_info(language)["name_local"],
                "direction": text_direction(language),
                "url": url,
                "current": language == current,
            }
        )
    return found


def _faces(form: FeedbackForm) -> list[dict]:
    chosen = str(form["rating"].value() or "")
    return [
        {"score": score, "label": label, "mouth": MOUTHS[score], "checked": str(score) == chosen}
        for score, label in FACES
    ]


def _page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    response = TemplateResponse(request, template, context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def feedback_form(request: HttpRequest, code: str) -> HttpResponse:
    try:
        deployment = feedback.deployment_for_code(code)
        feedback.feedback_check_open(deployment)
    except feedback.FeedbackCodeUnknown:
        return _page(request, "field/feedback/unknown.html", {}, status=404)
    except feedback.FeedbackClosed as closed:
        return _page(request, "field/feedback/closed.html", {"closed": closed})
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback.feedback_submit(
                code=code,
                rating=form.cleaned_data["rating"],
                helped=form.cleaned_data["helped"] == "yes",
                comment=form.cleaned_data["comment"],
                language=translation.get_language(),
                address=client_address(request),
            )
        except feedback.FeedbackCodeUnknown:  # a new code issued since the form was shown
            return _page(request, "field/feedback/unknown.html", {}, status=404)
        except feedback.FeedbackClosed as closed:
            return _page(request, "field/feedback/closed.html", {"closed": closed})
        except feedback.FeedbackRateLimited as limited:
            minutes = max(1, round(limited.seconds / 60))
            response = _page(
                request, "field/feedback/limited.html", {"minutes": minutes}, status=429
            )
            response["Retry-After"] = str(limited.seconds)
            return response
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("feedback_thanks", code=code)
    return _page(
        request,
        "field/feedback/form.html",
        {
            "form": form,
            "deployment": deployment,
            "code": code,
            "languages": _languages(code),
            "faces": _faces(form),
        },
    )


def feedback_thanks(request: HttpRequest, code: str) -> HttpResponse:
    """Thanks, whatever the code: the page says nothing about a deployment."""
    return _page(request, "field/feedback/thanks.html", {"languages": _languages(code)})
