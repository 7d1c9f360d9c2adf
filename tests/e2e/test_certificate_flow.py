"""A volunteer completes an accredited course in the browser and, with nobody acting, has
the hours in the ledger and a certificate to download; its QR code leads to a page that
says it is valid, and after the office revokes it, the same page says revoked."""

import io
from decimal import Decimal

import pytest
from django.conf import settings

from accreditation.actions import AccreditCourse
from accreditation.models import HoursEntry
from certificates.actions import RevokeCertificate
from certificates.models import Certificate
from tests.conftest import PASSWORD
from tests.e2e.conftest import SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def read_qr(pdf: bytes) -> str:
    import pypdfium2
    import zxingcpp

    image = pypdfium2.PdfDocument(io.BytesIO(pdf))[0].render(scale=3).to_pil()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(SCREENSHOTS / "certificate-downloaded.png")
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1
    return codes[0].text


def test_completion_gives_hours_and_a_certificate_whose_qr_code_verifies(
    page, live_server, screenshot, sign_in, volunteer, office_staff, make_course
):
    tree = make_course(title="إرشاد التائهين في المسجد النبوي", lessons=2, validity_months=24)
    AccreditCourse(course=tree.course, user=office_staff, credit_hours=Decimal("3")).execute()

    sign_in(volunteer, PASSWORD, "ar")
    page.goto(f"{live_server.url}{tree.course.url}")
    page.click("form[action*='/learning/enrol/'] button")
    page.wait_for_load_state("networkidle")
    page.click(".enrolment a.button")
    for _ in range(2):
        page.click("form[action*='/complete/'] button")
        page.wait_for_load_state("networkidle")

    entry = HoursEntry.objects.get(volunteer=volunteer)
    assert (entry.hours, entry.kind, entry.status) == (Decimal("3"), "training", "approved")
    certificate = Certificate.objects.get(holder=volunteer)

    page.goto(f"{live_server.url}/ar/hours/")
    assert page.locator(".summary .figure").first.inner_text() == "3"
    assert certificate.code in page.content()
    screenshot("ar-my-hours")
    with page.expect_download() as download:
        page.click(f"a[href$='/certificates/{certificate.code}/download/']")
    with open(download.value.path(), "rb") as pdf:
        scanned = read_qr(pdf.read())
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    assert scanned == f"{base}/verify/{certificate.code}/"

    # A phone opens the address from the QR code, with no account and no language chosen.
    visitor = page.context.browser.new_context()
    phone = visitor.new_page()
    phone.goto(live_server.url + scanned.removeprefix(base))
    assert "/ar/verify/" in phone.url
    assert phone.locator(".verdict--valid h2").inner_text() == "صالحة"
    screenshot("ar-verify-valid", of=phone)
    phone.goto(f"{live_server.url}/en/verify/{certificate.code}/")
    assert phone.locator(".verdict--valid h2").inner_text() == "Valid"
    screenshot("en-verify-valid", of=phone)

    RevokeCertificate(
        certificate=certificate, user=office_staff, reason="Issued in error"
    ).execute()
    phone.goto(f"{live_server.url}/en/verify/{certificate.code}/")
    assert phone.locator(".verdict--revoked h2").inner_text() == "Revoked"
    screenshot("en-verify-revoked", of=phone)
    visitor.close()
