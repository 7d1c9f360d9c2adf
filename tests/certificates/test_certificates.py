"""Certificates: issued on completion, rendered to PDF by a task, verified by anyone."""

import hashlib
import io
import json
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client, override_settings

from certificates.actions import RevokeCertificate
from certificates.content import certificate_pdf
from certificates.models import Certificate
from certificates.rendering import certificate_render
from certificates.selectors import verification
from certificates.signing import masked_name, new_code, normalise_code, sign, verify_url
from tests.factories import CourseAccreditationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(volunteer, accredited, complete_course):
    complete_course(volunteer, accredited)
    return Certificate.objects.get(holder=volunteer)


def test_completion_issues_a_rendered_course_certificate(certificate, volunteer):
    assert certificate.kind == Certificate.Kind.COURSE
    assert certificate.payload["hours"] == "5"
    assert certificate.rendered_at is not None
    with certificate.pdf_file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    assert len(certificate.pdf_sha256) == 64
    assert certificate.expires_at is not None  # the course's 24-month validity
    assert verification(certificate.code).status == "valid"


def test_codes_are_unguessable_and_typed_in_any_case():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    code = codes.pop()
    raw = code.replace("-", "")
    assert len(raw) * 5 >= 128  # base 32: five bits a character
    assert normalise_code(raw.lower()) == code
    assert normalise_code(" " + code + " ") == code
    for bad in ("", "ABC", "../../etc/passwd", raw + "A", raw[:-1] + "1", "<script>"):
        assert normalise_code(bad) is None


def test_rendering_again_changes_nothing(certificate):
    pdf = certificate.pdf_file.name
    assert certificate_render(certificate_id=certificate.pk) is False
    certificate.refresh_from_db()
    assert certificate.pdf_file.name == pdf


def test_altered_data_or_signature_fails_verification(certificate):
    altered = dict(certificate.payload, hours="50")
    Certificate.objects.filter(pk=certificate.pk).update(payload=altered)
    assert verification(certificate.code).status == "invalid"
    Certificate.objects.filter(pk=certificate.pk).update(payload=certificate.payload)
    assert verification(certificate.code).status == "valid"
    Certificate.objects.filter(pk=certificate.pk).update(signature="0" * 64)
    assert verification(certificate.code).status == "invalid"
    Certificate.objects.filter(pk=certificate.pk).update(
        signature=certificate.signature, holder=UserFactory()
    )
    assert verification(certificate.code).status == "invalid"


def test_revoking_shows_revoked_at_once(certificate, office_staff, client):
    RevokeCertificate(
        certificate=certificate, user=office_staff, reason="Issued in error"
    ).execute()
    response = client.get(f"/en/verify/{certificate.code}/")
    assert response.status_code == 200
    assert "Revoked" in response.content.decode()
    assert verification(certificate.code).status == "revoked"
    data = client.get(f"/api/v1/certificates/{certificate.code}/").json()
    assert data["status"] == "revoked" and data["revoked_at"]


def test_revoking_needs_office_staff_a_reason_and_happens_once(certificate, trainer, office_staff):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        RevokeCertificate(certificate=certificate, user=trainer, reason="x").execute()
    with pytest.raises(ValidationError):
        RevokeCertificate(certificate=certificate, user=office_staff, reason=" ").execute()
    RevokeCertificate(
        certificate=certificate, user=office_staff, reason="Issued in error"
    ).execute()
    with pytest.raises(ValidationError):
        RevokeCertificate(certificate=certificate, user=office_staff, reason="again").execute()
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Issued in error"
    assert certificate.revoked_by == office_staff


def test_an_expired_certificate_says_expired(certificate):
    from datetime import timedelta

    from django.utils import timezone

    past = timezone.now() - timedelta(days=1)
    certificate.expires_at = past
    certificate.signature = sign(certificate)
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_at=past, signature=certificate.signature
    )
    assert verification(certificate.code).status == "expired"


def test_the_page_masks_the_name_and_names_the_course(certificate, client):
    response = client.get(f"/en/verify/{certificate.code.lower()}/")
    page = response.content.decode()
    assert "Valid" in page
    assert certificate.payload["course"]["titles"]["ar"] in page
    holder = certificate.holder
    assert masked_name(holder.get_full_name()) in page
    assert holder.last_name not in page and holder.email not in page
    assert response["X-Robots-Tag"] == "noindex"


def test_the_qr_code_address_without_language_opens_the_page(certificate, client):
    response = client.get(f"/verify/{certificate.code}/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/ar/verify/")


def test_unknown_and_malformed_codes_get_the_same_answer(client):
    unknown = new_code()
    answers = set()
    for code in (unknown, "not-a-code", "A" * 32, "%3Cscript%3E"):
        json_answer = client.get(f"/api/v1/certificates/{code}/")
        assert json_answer.status_code == 200
        answers.add(json.dumps(json_answer.json()))
        page = client.get(f"/en/verify/{code}/")
        assert page.status_code == 200 and "Unknown code" in page.content.decode()
    assert answers == {json.dumps({"status": "unknown"})}


@override_settings(MANARA_VERIFY_RATE_PER_MINUTE=5)
def test_verification_is_rate_limited_per_address():
    from django.core.cache import cache

    cache.clear()
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [client.get(f"/en/verify/{new_code()}/").status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429, 429]
    assert client.get(f"/api/v1/certificates/{new_code()}/").status_code == 429
    other = Client(REMOTE_ADDR="203.0.113.10")
    assert other.get(f"/en/verify/{new_code()}/").status_code == 200
    cache.clear()


def test_only_the_holder_and_office_staff_download_the_pdf(
    certificate, client, office_staff, trainer
):
    url = f"/ar/certificates/{certificate.code}/download/"
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(trainer)
    assert client.get(url).status_code == 404
    for person in (certificate.holder, office_staff):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")


def test_the_same_certificate_renders_to_the_same_bytes(certificate):
    with certificate.pdf_file.open("rb") as stored:
        issued = stored.read()
    assert certificate_pdf(certificate) == issued
    assert hashlib.sha256(issued).hexdigest() == certificate.pdf_sha256


def test_a_replaced_pdf_is_never_served(certificate, client):
    """A forgery put in place of the stored file is not what the holder downloads: the
    download checks the sealed digest and serves the certificate as issued."""
    with certificate.pdf_file.open("rb") as stored:
        issued = stored.read()
    storage = certificate.pdf_file.storage
    storage.delete(certificate.pdf_file.name)
    storage.save(certificate.pdf_file.name, ContentFile(b"%PDF-1.4 forged: 500 hours"))
    client.force_login(certificate.holder)
    response = client.get(f"/en/certificates/{certificate.code}/download/")
    assert response.status_code == 200
    assert response.content == issued
    with certificate.pdf_file.open("rb") as repaired:
        assert repaired.read() == issued


def test_a_digest_changed_without_the_key_stops_the_download(certificate, client):
    forged = hashlib.sha256(b"forged").hexdigest()
    Certificate.objects.filter(pk=certificate.pk).update(pdf_sha256=forged)
    client.force_login(certificate.holder)
    response = client.get(f"/en/certificates/{certificate.code}/download/", follow=True)
    assert b"%PDF" not in response.content
    assert "does not match what the office issued" in response.content.decode()


def test_certificates_are_not_in_any_file_library(certificate):
    from filer.models import File

    assert not File.objects.filter(original_filename__contains=certificate.code).exists()
    assert not File.objects.filter(name__contains=certificate.code).exists()


def test_the_qr_code_leads_to_a_page_that_says_valid(certificate, client):
    """Render the PDF to an image, read the QR code like a phone would, and follow it."""
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    with certificate.pdf_file.open("rb") as stored:
        document = pdfium.PdfDocument(io.BytesIO(stored.read()))
    image = document[0].render(scale=3).to_pil()
    results = zxingcpp.read_barcodes(image)
    assert [r.text for r in results] == [verify_url(certificate.code)]
    path = results[0].text.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert "Valid" in response.content.decode() or "صالحة" in response.content.decode()
    assert verification(certificate.code).status == "valid"


def test_the_holder_sees_hours_and_certificates(certificate, client, volunteer):
    client.force_login(volunteer)
    page = client.get("/en/hours/").content.decode()
    assert certificate.code in page
    assert "Download (PDF)" in page
    assert Decimal("5") == certificate.holder.hours.get().hours


def test_my_hours_uses_a_constant_number_of_queries(
    client,
    volunteer,
    accredited,
    make_course,
    complete_course,
    office_staff,
    django_assert_num_queries,
):
    client.force_login(volunteer)
    complete_course(volunteer, accredited)
    client.get("/en/hours/")  # the site's own caches (the catalogue's address) warm up
    with django_assert_num_queries(QUERIES_MY_HOURS):
        assert client.get("/en/hours/").status_code == 200
    for _ in range(3):
        tree = make_course()
        CourseAccreditationFactory(
            course_key=tree.course.translation_key, credit_hours=2, accredited_by=office_staff
        )
        complete_course(volunteer, tree)
    client.get("/en/hours/")  # the shared caches warm, as in use
    with django_assert_num_queries(QUERIES_MY_HOURS):
        assert client.get("/en/hours/").status_code == 200


QUERIES_MY_HOURS = 7  # the roles and the menu's catalogue link from the shared cache


def test_a_statement_request_twice_gives_one_statement(
    certificate, client, volunteer, django_capture_on_commit_callbacks
):
    client.force_login(volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/en/hours/statement/", {"season": ""})
        second = client.post("/en/hours/statement/", {"season": ""})
    assert first.status_code == second.status_code == 302
    statement = Certificate.objects.get(kind="hours")
    assert statement.payload["total_hours"] == "5"
    assert statement.rendered_at is not None
    bad = client.post("/en/hours/statement/", {"season": "1300"})
    assert bad.status_code == 400
    assert Certificate.objects.filter(kind="hours").count() == 1


def test_a_statement_needs_approved_hours(client):
    newcomer = UserFactory()
    client.force_login(newcomer)
    response = client.post("/en/hours/statement/", {"season": ""})
    assert response.status_code == 400
    assert "no approved hours yet" in response.content.decode()
    assert not Certificate.objects.exists()


def test_round_hours_are_written_plainly(volunteer, make_course, office_staff, complete_course):
    from accreditation.services import hours_statement_payload

    tree = make_course()
    CourseAccreditationFactory(
        course_key=tree.course.translation_key,
        credit_hours=Decimal("10"),
        accredited_by=office_staff,
    )
    complete_course(volunteer, tree)
    assert Certificate.objects.get(holder=volunteer).payload["hours"] == "10"  # not "1E+1"
    assert hours_statement_payload(volunteer=volunteer)["total_hours"] == "10"
