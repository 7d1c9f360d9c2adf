"""A volunteer's photo for their licence card: uploading it from the profile, and serving
it (to the person in it and the office staff of their section) after a permission check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lms.forms import PhotoForm
from lms.models import VolunteerPhoto
from lms.permissions import may_see_photo
from lms.photos import photo_bytes, photo_submit, photos_for_profile


@login_required
def profile_photo(request: HttpRequest) -> HttpResponse:
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        photo_submit(user=request.user, prepared=form.cleaned_data["photo"])
        messages.success(
            request,
            _("Your photo is uploaded. It prints on your card once the office approves it."),
        )
        return redirect("profile_photo")
    context = {"form": form, "photo": photos_for_profile(request.user)}
    return render(request, "lms/profile_photo.html", context, status=400 if form.errors else 200)


@login_required
def photo_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored JPEG, for the person in it and office staff of their section; to anyone
    else it does not exist."""
    photo = VolunteerPhoto.objects.select_related("user").filter(pk=pk).first()
    if photo is None or not may_see_photo(request.user, photo):
        raise Http404
    content = photo_bytes(photo)
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
