"""The licence card in a browser: a volunteer uploads a photo on a phone, in Arabic; a bad file
is refused and nothing is kept; the office approves the photo in the admin; the volunteer
downloads a card that carries it, and the office prints a sheet."""

import io

import pytest
from PIL import Image, ImageDraw

from lms.models import VolunteerPhoto
from lms.roles import Role
from tests.factories import UserFactory
from tests.field.test_licence_cards import images_on, licence_with_card

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"


def portrait(path):
    """A plain drawn portrait (a face and shoulders on blue), as a phone would send it."""
    image = Image.new("RGB", (900, 1200), (68, 108, 150))
    draw = ImageDraw.Draw(image)
    draw.ellipse((300, 220, 600, 600), fill=(222, 184, 150))
    draw.ellipse((160, 700, 740, 1500), fill=(245, 245, 245))
    image.save(path, "JPEG")
    return path


def test_a_volunteer_uploads_a_photo_the_office_approves_and_the_card_carries_it(
    browser, live_server, tmp_path, screenshot
):
    pdfium = pytest.importorskip("pypdfium2")
    volunteer = UserFactory(
        name_ar="فاطمة عبدالرحمن القرشي", first_name="Fatimah", last_name="Al-Qurashi"
    )
    licence = licence_with_card(volunteer)
    office = UserFactory(roles=[Role.OFFICE_STAFF], staff_section="men")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page = phone.new_page()
    page.goto(f"{live_server.url}/ar/accounts/login/")
    page.fill("input[name=username]", volunteer.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state("networkidle")

    # A file that is not a photo, named as one: refused, nothing kept.
    garbage = tmp_path / "photo.jpg"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 100)
    page.goto(f"{live_server.url}/ar/accounts/profile/photo/")
    page.set_input_files("input[name=photo]", str(garbage))
    page.click("form.stacked button[type=submit]")
    assert page.locator(".errorlist").count() >= 1
    assert not VolunteerPhoto.objects.exists()
    screenshot("card-photo-refused-ar-phone", of=page)

    page.set_input_files("input[name=photo]", str(portrait(tmp_path / "me.jpg")))
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state("networkidle")
    photo = VolunteerPhoto.objects.get()
    assert photo.status == "pending"
    assert page.locator(f"img[src$='/accounts/photos/{photo.pk}/']").count() == 1
    screenshot("card-photo-pending-ar-phone", of=page)

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    admin = desk.new_page()
    admin.goto(f"{live_server.url}/ar/accounts/login/")
    admin.fill("input[name=username]", office.email)
    admin.fill("input[name=password]", PASSWORD)
    admin.click("form.stacked button[type=submit]")
    admin.wait_for_load_state("networkidle")
    admin.goto(f"{live_server.url}/admin/accreditation/photos/")
    assert admin.locator(f"img[src$='/accounts/photos/{photo.pk}/']").count() == 1
    screenshot("card-photo-queue-ar", of=admin)
    admin.select_option(f"#decision-{photo.pk}", "approve")
    admin.click(f"form[action$='/photos/{photo.pk}/decide/'] button")
    admin.wait_for_load_state("networkidle")
    photo.refresh_from_db()
    assert photo.status == "approved" and photo.decided_by == office

    page.goto(f"{live_server.url}/ar/licences/")
    screenshot("card-my-licences-ar-phone", of=page)
    with page.expect_download() as download:
        page.click(f"a[href$='/licences/{licence.pk}/card/']")
    pdf = download.value.path().read_bytes()
    card = pdfium.PdfDocument(io.BytesIO(pdf))[0]
    assert [round(side, 2) for side in card.get_size()] == [242.65, 153.07]
    assert images_on(card) == 1

    page.goto(f"{live_server.url}/en/accounts/profile/photo/")
    assert page.locator(f"img[src$='/accounts/photos/{photo.pk}/']").count() == 1
    screenshot("card-photo-approved-en-phone", of=page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/en/licences/")
    screenshot("card-my-licences-en-desktop", of=page)

    admin.goto(f"{live_server.url}/admin/accreditation/licences/cards/")
    assert admin.locator(f"input[name=licence][value='{licence.pk}']").is_checked()
    screenshot("card-print-list-ar", of=admin)
    phone.close()
    desk.close()
