"""SQLite in development waits for a busy database instead of failing: WAL, a busy timeout
and transactions that take the write lock when they begin."""

import threading

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper

from lms.settings.base import SQLITE_OPTIONS


def file_database(path) -> DatabaseWrapper:
    """A connection configured like the development database, on a file in ``path``."""
    config = {
        **settings.DATABASES["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path / "manara.sqlite3"),
        "OPTIONS": dict(SQLITE_OPTIONS),
        "TEST": {},
    }
    return DatabaseWrapper(config, alias="sqlite-probe")


@pytest.fixture
def unblocked(django_db_blocker):
    """These tests open their own file databases, not the test database."""
    with django_db_blocker.unblock():
        yield


def test_a_file_database_runs_in_wal_mode_and_waits_when_busy(tmp_path, unblocked):
    database = file_database(tmp_path)
    try:
        with database.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 1  # NORMAL
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 10_000
        assert database.transaction_mode == "IMMEDIATE"
    finally:
        database.close()


def test_eight_simultaneous_writers_wait_their_turn(tmp_path, unblocked):
    setup = file_database(tmp_path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n INTEGER)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    setup.close()
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def submit():
        database = file_database(tmp_path)
        try:
            start.wait()
            database.ensure_connection()
            # What transaction.atomic() does under autocommit: BEGIN IMMEDIATE.
            database._start_transaction_under_autocommit()
            with database.cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                (value,) = cursor.fetchone()
                cursor.execute("UPDATE counter SET n = %s", [value + 1])
            database.connection.commit()
        except BaseException as error:  # noqa: BLE001 - any failure is the finding
            errors.append(error)
        finally:
            database.close()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = file_database(tmp_path)
    with check.cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        assert cursor.fetchone()[0] == 8
    check.close()
