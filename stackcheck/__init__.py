"""``make stack-check``: the production topology on this machine, without containers.

A package beside ``bench/`` rather than a pytest test: it starts and stops real services
(its own redis-server, an S3-compatible moto server, two gunicorn processes, a Celery worker
and beat, a fresh PostgreSQL database) and runs one ordered story against them, which a
test runner's isolation and fixtures would only get in the way of. ``services`` owns the
processes and always stops them; ``smoke`` holds the checks, each a step that says what it
proved or raises ``Failed``.
"""
