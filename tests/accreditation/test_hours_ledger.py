"""The hours ledger: completion credits accredited hours once; nothing is changed in place."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from accreditation.actions import ReverseHoursEntry
from accreditation.models import HoursEntry, LedgerIsAppendOnly
from accreditation.services import HoursRefused, hours_entry_reverse, training_credit
from courses.models import Enrolment
from courses.services import lesson_complete
from lms.dates import hijri_season
from tests.environment import require
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_completing_an_accredited_course_credits_its_hours_in_force_once(
    volunteer, accredited, complete_course
):
    enrolment = complete_course(volunteer, accredited)
    entry = HoursEntry.objects.get(volunteer=volunteer)
    assert entry.hours == Decimal("5")  # the newest decision, not the first
    assert entry.kind == HoursEntry.Kind.TRAINING
    assert entry.status == HoursEntry.Status.APPROVED
    assert entry.category.slug == "training"
    assert entry.source_id == enrolment.completions.get().pk
    assert entry.season == hijri_season(entry.served_on)
    assert entry.accreditation.accredited_by.email  # who approved: the accrediting officer
    # Completing a lesson again, or crediting again, adds nothing.
    lesson_complete(user=volunteer, lesson=accredited.lessons[0])
    assert training_credit(completion=enrolment.completions.get()) is None
    assert HoursEntry.objects.filter(volunteer=volunteer).count() == 1


def test_a_course_nobody_accredited_credits_nothing(volunteer, make_course, complete_course):
    complete_course(volunteer, make_course())
    assert not HoursEntry.objects.exists()


def test_an_unfinished_course_credits_nothing(volunteer, accredited, complete_course):
    from courses.services import enrolment_create

    enrolment = enrolment_create(user=volunteer, course=accredited.course)
    lesson_complete(user=volunteer, lesson=accredited.lessons[0])
    assert not enrolment.completions.exists()
    assert not HoursEntry.objects.exists()


def test_the_volunteers_organisation_and_section_are_kept_on_the_entry(accredited, complete_course):
    volunteer = UserFactory(section="women")
    complete_course(volunteer, accredited)
    entry = HoursEntry.objects.get()
    assert entry.section == "women"
    assert entry.hourly_value_sar == entry.category.hourly_value_sar


def test_entries_are_never_changed_or_deleted(volunteer, accredited, complete_course):
    complete_course(volunteer, accredited)
    entry = HoursEntry.objects.get()
    entry.hours = Decimal("50")
    with pytest.raises(LedgerIsAppendOnly):
        entry.save()
    with pytest.raises(LedgerIsAppendOnly):
        entry.delete()
    entry.refresh_from_db()
    assert entry.hours == Decimal("5")


def test_a_correction_is_a_reversing_entry_with_reason_and_actor(
    volunteer, office_staff, accredited, complete_course
):
    complete_course(volunteer, accredited)
    entry = HoursEntry.objects.get()
    reversal = ReverseHoursEntry(
        entry=entry, user=office_staff, reason="Completed under a colleague's account"
    ).execute()
    assert reversal.hours == Decimal("-5") and reversal.reverses == entry
    assert reversal.created_by == office_staff and reversal.reason
    assert HoursEntry.objects.count() == 2
    totals = HoursEntry.objects.filter(volunteer=volunteer).values_list("hours", flat=True)
    assert sum(totals) == 0
    with pytest.raises(HoursRefused):
        hours_entry_reverse(entry=entry, actor=office_staff, reason="again")
    with pytest.raises(HoursRefused):
        hours_entry_reverse(entry=reversal, actor=office_staff, reason="undo the undo")
    with pytest.raises(HoursRefused):
        hours_entry_reverse(entry=entry, actor=office_staff, reason="  ")


def test_only_office_staff_correct_the_ledger(volunteer, trainer, accredited, complete_course):
    from django.core.exceptions import PermissionDenied

    complete_course(volunteer, accredited)
    with pytest.raises(PermissionDenied):
        ReverseHoursEntry(entry=HoursEntry.objects.get(), user=trainer, reason="x").execute()
    assert HoursEntry.objects.count() == 1


def test_finishing_the_urdu_translation_credits_the_arabic_accreditation(
    volunteer, accredited, locales, django_capture_on_commit_callbacks
):
    from certificates.models import Certificate
    from courses.services import enrolment_create

    urdu = accredited.course.copy_for_translation(locales["ur"], copy_parents=True)
    urdu.title = "رضاکاروں کے لیے ابتدائی طبی امداد"
    urdu.save_revision().publish()
    lessons = []
    for lesson in accredited.lessons:
        translated = lesson.copy_for_translation(locales["ur"])
        translated.save_revision().publish()
        lessons.append(translated)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_create(user=volunteer, course=accredited.course)  # enrolled in Arabic
        for lesson in lessons:
            lesson_complete(user=volunteer, lesson=lesson)
    assert HoursEntry.objects.get().hours == Decimal("5")
    titles = Certificate.objects.get().payload["course"]["titles"]
    assert titles == {"ar": accredited.course.title, "ur": urdu.title}


def at_once(count: int, action) -> list[Exception]:
    """Run ``action`` in ``count`` threads released together; return what they raised."""
    barrier = threading.Barrier(count)
    errors = []

    def run():
        try:
            barrier.wait()
            action()
        except Exception as error:  # noqa: BLE001 - returned to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_simultaneous_completions_leave_one_training_entry(accredited, office_staff):
    """On PostgreSQL: twenty transactions complete the same course at once, and twenty more
    call the credit directly; the unique constraint leaves exactly one entry."""
    require("postgres", connection.vendor == "postgresql", "needs concurrent transactions")
    from courses.services import enrolment_create

    volunteer = UserFactory()
    enrolment = enrolment_create(user=volunteer, course=accredited.course)
    for lesson in accredited.lessons[:-1]:
        lesson_complete(user=volunteer, lesson=lesson)
    last = accredited.lessons[-1]
    errors = at_once(20, lambda: lesson_complete(user=volunteer, lesson=last))
    assert not errors
    assert HoursEntry.objects.filter(volunteer=volunteer, kind="training").count() == 1

    # The constraint holds even without the enrolment's row lock: credit directly, at once.
    completion = Enrolment.objects.get(pk=enrolment.pk).completions.get()
    assert not at_once(20, lambda: training_credit(completion=completion))
    assert HoursEntry.objects.filter(volunteer=volunteer, kind="training").count() == 1


def test_a_refresher_after_expiry_is_a_new_completion_credited_again(
    volunteer, accredited, complete_course, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from certificates.models import Certificate
    from courses.models import CourseCompletion
    from courses.services import EnrolmentRefused, enrolment_create

    enrolment = complete_course(volunteer, accredited)
    with pytest.raises(EnrolmentRefused):  # still valid: nothing to retake
        enrolment_create(user=volunteer, course=accredited.course)
    past = timezone.now() - timedelta(days=1)
    Enrolment.objects.filter(pk=enrolment.pk).update(expires_at=past)
    CourseCompletion.objects.filter(enrolment=enrolment).update(expires_at=past)

    again = enrolment_create(user=volunteer, course=accredited.course)
    assert again.pk == enrolment.pk
    assert (again.completed_at, again.progress_percent) == (None, 0)
    assert not again.lessons.filter(completed_at__isnull=False).exists()
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in accredited.lessons:
            lesson_complete(user=volunteer, lesson=lesson)
    assert enrolment.completions.count() == 2
    assert HoursEntry.objects.filter(volunteer=volunteer, kind="training").count() == 2
    assert Certificate.objects.filter(holder=volunteer, kind="course").count() == 2
