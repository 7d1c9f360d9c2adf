"""The waiting list's invariant, searched for a counter-example: whatever the sequence of
applications, withdrawals and declines, no more are accepted than there are places and the
waiting list keeps the order applied (the first waiting moves up). And twenty applications
at the same moment on PostgreSQL: no overbooking, the order kept."""

import threading

import pytest
from django.db import connection, connections
from hypothesis import given, settings
from hypothesis import strategies as st

from field import opportunities as ops
from field.models import Application, Assignment
from lms.roles import Role
from tests.environment import require
from tests.factories import UserFactory
from tests.field.opportunity_factories import published_opportunity, ready_volunteer

PEOPLE = 5
steps = st.lists(
    st.tuples(st.sampled_from(["apply", "withdraw", "decline"]), st.integers(0, PEOPLE - 1)),
    max_size=14,
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(places=st.integers(1, 3), sequence=steps)
def test_accepted_never_exceed_places_and_the_queue_keeps_its_order(places, sequence):
    office = UserFactory(roles=[Role.OFFICE_STAFF])
    opportunity = published_opportunity(office=office, places=places, auto_accept=True)
    people = [ready_volunteer() for _ in range(PEOPLE)]
    accepted, waiting = [], []  # the model: who, in order
    for action, index in sequence:
        person = people[index]
        live = (
            Application.objects.filter(volunteer=person, opportunity=opportunity)
            .exclude(status__in=["withdrawn", "declined", "cancelled"])
            .first()
        )
        declined = Application.objects.filter(
            volunteer=person, opportunity=opportunity, status="declined"
        ).exists()
        if action == "apply":
            if live or declined:  # a declined applicant does not apply again
                with pytest.raises(ops.OpportunityRefused):
                    ops.application_create(volunteer=person, opportunity=opportunity)
                continue
            ops.application_create(volunteer=person, opportunity=opportunity)
            (accepted if len(accepted) < places else waiting).append(index)
            continue
        if live is None:
            continue
        if action == "withdraw":
            ops.application_withdraw(volunteer=person, application=live)
        else:
            ops.application_decide(actor=office, application=live, accept=False)
        if index in waiting:
            waiting.remove(index)
        else:
            accepted.remove(index)
            if waiting:
                accepted.append(waiting.pop(0))
        found = Application.objects.filter(opportunity=opportunity)
        assert found.filter(status="accepted").count() <= places
        by_person = {p.pk: i for i, p in enumerate(people)}
        queue = [
            by_person[v] for v in found.filter(status="waiting").values_list("volunteer", flat=True)
        ]
        assert queue == waiting
        assert sorted(
            by_person[v]
            for v in found.filter(status="accepted").values_list("volunteer", flat=True)
        ) == sorted(accepted)
    opportunity.refresh_from_db()
    assert opportunity.places_held == len(accepted) <= places
    assert Assignment.objects.filter(deployment=opportunity.deployment).count() == len(accepted)


def at_once(count: int, actions) -> list[Exception]:
    """Run each action in its own thread, released together; return what they raised."""
    barrier = threading.Barrier(count)
    errors = []

    def run(action):
        try:
            barrier.wait()
            action()
        except Exception as error:  # noqa: BLE001 - returned to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_simultaneous_applications_never_overbook():
    """On PostgreSQL: twenty volunteers apply at once for five places; five are accepted,
    fifteen wait, and the waiting list is in the order the applications were made."""
    require("postgres", connection.vendor == "postgresql", "needs concurrent transactions")
    opportunity = published_opportunity(places=5, auto_accept=True)
    people = [ready_volunteer() for _ in range(20)]
    errors = at_once(
        20,
        [
            lambda person=person: ops.application_create(volunteer=person, opportunity=opportunity)
            for person in people
        ],
    )
    assert not errors
    found = list(Application.objects.filter(opportunity=opportunity).order_by("pk"))
    statuses = [a.status for a in found]
    assert statuses.count("accepted") == 5 and statuses.count("waiting") == 15
    # Served in the order they took the lock: every accepted one applied before any waiting.
    assert statuses == ["accepted"] * 5 + ["waiting"] * 15
    assert Assignment.objects.filter(deployment=opportunity.deployment).count() == 5
    opportunity.refresh_from_db()
    assert opportunity.places_held == 5
    # The first waiting moves up when an accepted one withdraws.
    ops.application_withdraw(volunteer=found[0].volunteer, application=found[0])
    assert Application.objects.get(pk=found[5].pk).status == "accepted"
