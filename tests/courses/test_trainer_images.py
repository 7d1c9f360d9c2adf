"""Trainers upload images for lessons into the trainers' collection, and nowhere else; the
collection is shared by every trainer, as courses are (the project limits no trainer to a
section); office staff may choose those images when they review a lesson."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.permissions import permission_policy
from wagtail.models import Collection

from courses.models import trainers_collection
from lms.models import Section
from lms.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "#0a7d5a").save(buffer, "PNG")
    return SimpleUploadedFile("shade.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def other_collection():
    return Collection.get_first_root_node().add_child(name="Office photos")


def upload(client, user, collection):
    client.force_login(user)
    return client.post(
        reverse("wagtailimages:add"),
        {"title": "Shade", "file": png(), "collection": collection.pk},
    )


def test_the_migration_made_the_trainers_collection_with_add_and_choose(trainer):
    collection = trainers_collection()
    assert collection is not None
    assert list(permission_policy.collections_user_has_permission_for(trainer, "add")) == [
        collection
    ]
    # Choosing (which trainers could already do everywhere) includes it.
    assert collection in permission_policy.collections_user_has_permission_for(trainer, "choose")


def test_a_trainer_uploads_into_the_trainers_collection(client, trainer):
    response = upload(client, trainer, trainers_collection())
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert image.collection == trainers_collection()
    assert image.uploaded_by_user == trainer


def test_a_trainer_cannot_upload_elsewhere(client, trainer, other_collection):
    upload(client, trainer, other_collection)
    assert not get_image_model().objects.filter(collection=other_collection).exists()
    root = Collection.get_first_root_node()
    upload(client, trainer, root)
    assert not get_image_model().objects.filter(collection=root).exists()


def test_a_volunteer_cannot_upload(client, volunteer):
    response = upload(client, volunteer, trainers_collection())
    assert response.status_code in (302, 403)
    assert not get_image_model().objects.exists()


def test_trainers_of_both_sections_share_the_collection(client, office_staff):
    men = UserFactory(roles=[Role.TRAINER], section=Section.MEN)
    women = UserFactory(roles=[Role.TRAINER], section=Section.WOMEN)
    upload(client, men, trainers_collection())
    image = get_image_model().objects.get()
    chooser = reverse("wagtailimages_chooser:choose")
    for person in (women, office_staff):
        client.force_login(person)
        assert image.title in client.get(chooser).content.decode()
    # The image belongs to courses, which both sections' trainers write, not to a section.
    assert permission_policy.user_has_permission_for_instance(women, "choose", image)
