"""Licence cards: a wallet-size PDF (85.6 x 54 mm) per licence for its holder, A4 sheets of ten
for the office of the licence's section; the photo only once approved, the names in both
scripts shaped, the QR code leading to the verification page; a revoked licence has no card
and one not in force says so across it."""

import datetime
import io

import pytest
from django.utils import timezone
from reportlab.pdfbase.ttfonts import shapeStr

from certificates.models import Certificate
from certificates.pdf import Line, register_fonts, shaped
from certificates.selectors import verification
from certificates.signing import verify_url
from field.cards import CARD, card_face, card_faces, card_pdf
from field.photos import DecidePhoto
from lms.photos import photo_prepare, photo_submit
from lms.roles import Role
from tests.factories import (
    CertificateFactory,
    LicenceEventFactory,
    LicenceFactory,
    TeamFactory,
    UserFactory,
)
from tests.lms.test_volunteer_photo import jpeg, upload

pdfium = pytest.importorskip("pypdfium2")
pdfium_c = pytest.importorskip("pypdfium2.raw")

pytestmark = pytest.mark.django_db

NAME_AR = "عبدالله بن سعيد الحربي"
NAME_LATIN = ("Abdullah", "Al-Harbi")
MM = 72 / 25.4


def licence_with_card(holder=None, **kwargs):
    """A licence as ``IssueLicence`` leaves it: its issue event and its card certificate.
    With ``team=``, the team's."""
    kwargs["holder"] = None if "team" in kwargs else holder or UserFactory()
    licence = LicenceFactory(**kwargs)
    event = LicenceEventFactory(licence=licence)
    person = licence.holder or licence.team.leaders.first() or UserFactory()
    CertificateFactory(
        kind=Certificate.Kind.LICENCE,
        holder=person,
        source_id=event.pk,
        payload={
            "holder": {"name_ar": person.name_ar, "name_latin": person.get_full_name()},
            "level": licence.level,
            "team": bool(licence.team_id),
            "licence": licence.pk,
            "expires_on": licence.expires_on.isoformat(),
        },
    )
    return licence


@pytest.fixture
def holder():
    return UserFactory(name_ar=NAME_AR, first_name=NAME_LATIN[0], last_name=NAME_LATIN[1])


@pytest.fixture
def licence(holder):
    return licence_with_card(holder)


@pytest.fixture
def men_office():
    return UserFactory(roles=[Role.OFFICE_STAFF], staff_section="men", section="men")


@pytest.fixture
def women_office():
    return UserFactory(roles=[Role.OFFICE_STAFF], staff_section="women", section="women")


def document(pdf: bytes):
    return pdfium.PdfDocument(io.BytesIO(pdf))


def images_on(page) -> int:
    return len(list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])))


def give_photo(person, *, decided_by=None, approve=None, reason=""):
    photo = photo_submit(user=person, prepared=photo_prepare(upload(jpeg())))
    if approve is not None:
        DecidePhoto(photo=photo, user=decided_by, approve=approve, reason=reason).execute()
    return photo


# The card -----------------------------------------------------------------------------------


def test_the_card_is_wallet_size(licence):
    page = document(card_pdf(card_face(licence)))[0]
    width, height = page.get_size()
    assert (round(width, 2), round(height, 2)) == (242.65, 153.07)  # 85.6 x 54 mm in points
    assert (width, height) == pytest.approx(CARD)
    assert width == pytest.approx(85.6 * MM) and height == pytest.approx(54 * MM)


def test_the_photo_prints_only_once_the_office_approves_it(licence, holder, men_office):
    assert images_on(document(card_pdf(card_face(licence)))[0]) == 0
    waiting = give_photo(holder)
    assert card_face(licence).photo is None
    assert images_on(document(card_pdf(card_face(licence)))[0]) == 0
    DecidePhoto(photo=waiting, user=men_office, approve=False, reason="Blurred").execute()
    assert images_on(document(card_pdf(card_face(licence)))[0]) == 0
    approved = give_photo(holder, decided_by=men_office, approve=True)
    face = card_face(licence)
    assert face.photo is not None and face.photo == approved.image.open("rb").read()
    assert images_on(document(card_pdf(face))[0]) == 1
    # A newer photo waiting does not replace the approved one on the card.
    give_photo(holder)
    assert card_face(licence).photo == face.photo


def glyphs(text: str) -> list[str]:
    return sorted(c for c in text if c not in " ()[]")


def test_the_names_are_in_both_scripts_and_the_arabic_is_shaped(licence):
    register_fonts()
    pdf = card_pdf(card_face(licence))
    text = document(pdf)[0].get_textpage().get_text_range()
    lines = text.split("\r\n")
    assert "Abdullah Al-Harbi" in lines
    line = Line(NAME_AR, 11, True, bold=True)
    drawn, _width = shaped(line)
    # Joined and ordered as HarfBuzz shapes the whole line, not the letters as typed.
    assert str(drawn) == str(shapeStr(NAME_AR, line.font, line.size, force=True))
    assert str(drawn) != NAME_AR[::-1]
    assert glyphs(str(drawn)) in [glyphs(pdf_line) for pdf_line in lines]


def test_the_qr_code_leads_to_the_licences_verification_page(licence, client):
    zxingcpp = pytest.importorskip("zxingcpp")
    image = document(card_pdf(card_face(licence)))[0].render(scale=10).to_pil()
    results = zxingcpp.read_barcodes(image)
    code = Certificate.objects.get(kind="licence").code
    assert [r.text for r in results] == [verify_url(code)]
    assert verification(code).status == "valid"
    path = "/" + results[0].text.split("://", 1)[1].split("/", 1)[1]
    assert "Verify a licence" in client.get("/en" + path).content.decode()


def test_a_renewal_gives_the_card_the_new_dates_and_code(licence):
    first = card_face(licence)
    later = licence.expires_on + datetime.timedelta(days=365)
    licence.expires_on = later
    licence.save()
    event = LicenceEventFactory(licence=licence, action="renew", expires_on=later)
    renewed = CertificateFactory(kind="licence", holder=licence.holder, source_id=event.pk)
    face = card_face(licence)
    assert face.valid_until == later and face.code == renewed.code != first.code
    assert face.valid_from == timezone.localdate(event.at)


def test_a_revoked_licence_has_no_card(licence, holder, client):
    licence.status = "revoked"
    licence.save()
    Certificate.objects.update(revoked_at=timezone.now())
    client.force_login(holder)
    response = client.get(f"/en/licences/{licence.pk}/card/", follow=True)
    assert b"%PDF" not in response.content
    assert "was revoked, so it has no card" in response.content.decode()
    page = client.get("/en/licences/").content.decode()
    assert "No card: this licence was revoked." in page


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"expires_on": datetime.date(2020, 1, 1)}, "Expired"),
        ({"status": "suspended"}, "Suspended"),
    ],
)
def test_a_card_not_in_force_says_so_across_it(holder, change, status):
    licence = licence_with_card(holder, **change)
    face = card_face(licence)
    assert not face.in_force
    text = document(card_pdf(face))[0].get_textpage().get_text_range()
    assert f"{status} — not in force" in text
    in_force = document(card_pdf(card_face(licence_with_card(level="team_leader"))))[0]
    assert "not in force" not in in_force.get_textpage().get_text_range()


# Who gets a card ------------------------------------------------------------------------------


def test_the_holder_downloads_their_card_and_nobody_else_does(
    licence, holder, client, men_office, women_office
):
    url = f"/en/licences/{licence.pk}/card/"
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(holder)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert document(response.content)[0].get_size() == pytest.approx(CARD)
    page = client.get("/en/licences/").content.decode()
    assert f"/licences/{licence.pk}/card/" in page and "/verify/" in page
    client.force_login(UserFactory())  # another volunteer
    assert client.get(url).status_code == 404
    client.force_login(women_office)
    assert client.get(url).status_code == 404
    client.force_login(men_office)
    assert client.get(url).status_code == 200


def test_a_teams_leader_downloads_the_teams_card(client):
    leader = UserFactory()
    team = TeamFactory(leaders=[leader], name="فريق الإرشاد")
    licence = licence_with_card(holder=None, team=team, level="team_leader")
    client.force_login(leader)
    response = client.get(f"/en/licences/{licence.pk}/card/")
    assert response.status_code == 200
    assert card_face(licence).name_ar == "فريق الإرشاد" and card_face(licence).photo is None
    client.force_login(UserFactory())
    assert client.get(f"/en/licences/{licence.pk}/card/").status_code == 404


# The office's A4 sheets ----------------------------------------------------------------------


def test_an_a4_sheet_holds_ten_cards_with_their_qr_codes(men_office, client):
    zxingcpp = pytest.importorskip("zxingcpp")
    licences = [licence_with_card() for _ in range(11)]
    client.force_login(men_office)
    query = "&".join(f"licence={licence.pk}" for licence in licences)
    response = client.get(f"/admin/accreditation/licences/cards/sheet/?{query}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    sheets = document(response.content)
    assert len(sheets) == 2
    assert sheets[0].get_size() == pytest.approx((595.2756, 841.8898), abs=0.01)  # A4
    first = zxingcpp.read_barcodes(sheets[0].render(scale=4).to_pil())
    second = zxingcpp.read_barcodes(sheets[1].render(scale=4).to_pil())
    codes = dict(Certificate.objects.filter(kind="licence").values_list("source_id", "code"))
    expected = [verify_url(codes[licence.events.get().pk]) for licence in licences]
    assert sorted(r.text for r in first) == sorted(expected[:10])
    assert [r.text for r in second] == expected[10:]


def test_the_sheet_refuses_a_licence_of_the_other_section(men_office, women_office, client):
    mens = licence_with_card(UserFactory(section="men"))
    womens = licence_with_card(UserFactory(section="women"))
    client.force_login(women_office)
    own = client.get(f"/admin/accreditation/licences/cards/sheet/?licence={womens.pk}")
    assert own.status_code == 200
    for query in (f"licence={mens.pk}", f"licence={womens.pk}&licence={mens.pk}"):
        response = client.get(f"/admin/accreditation/licences/cards/sheet/?{query}", follow=True)
        assert response.status_code == 404 and b"%PDF" not in response.content
    listing = client.get("/admin/accreditation/licences/cards/").content.decode()
    assert f'value="{womens.pk}"' in listing and f'value="{mens.pk}"' not in listing


def test_the_sheet_needs_office_staff(licence, holder, client):
    client.force_login(holder)
    response = client.get(f"/admin/accreditation/licences/cards/sheet/?licence={licence.pk}")
    assert response.status_code in (302, 403) and b"%PDF" not in response.content


def test_the_card_list_and_faces_use_a_fixed_number_of_queries(
    men_office, client, django_assert_num_queries
):
    for _ in range(2):
        licence_with_card()
    client.force_login(men_office)
    client.get("/admin/accreditation/licences/cards/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/admin/accreditation/licences/cards/")  # the shared caches warm, as in use
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/accreditation/licences/cards/")
    few = len(few.captured_queries)  # read now: the next request empties Django's query log
    for _ in range(4):
        licence_with_card()
    client.get("/admin/accreditation/licences/cards/")  # the shared caches warm, as in use
    with django_assert_num_queries(few):
        page = client.get("/admin/accreditation/licences/cards/").content.decode()
    assert page.count('name="licence"') == 6
    from field.models import Licence

    licences = list(Licence.objects.select_related("holder", "team"))
    with django_assert_num_queries(QUERIES_CARD_FACES):
        faces = card_faces(licences)
    assert len(faces) == 6


# Events, their cards, the approved photos, and the standing of the practitioners' level.
QUERIES_CARD_FACES = 4


def test_my_licences_uses_a_fixed_number_of_queries(holder, client, django_assert_num_queries):
    """A person holds one licence per level at most; the requirements are checked once per
    level for all, so the page's queries are bounded whatever the holder has."""
    for level in ("practitioner", "team_leader", "management"):
        licence_with_card(holder, level=level)
    client.force_login(holder)
    client.get("/en/licences/")
    with django_assert_num_queries(QUERIES_MY_LICENCES):
        page = client.get("/en/licences/").content.decode()
    assert page.count("/card/") == 3


# Session and user, roles, licences, events, cards, photos, and the three levels' checks.
QUERIES_MY_LICENCES = 10
