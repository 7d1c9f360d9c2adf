"""Run the benchmarks: ``python -m bench`` (all) or ``python -m bench --name <name>``.

Uses its own database (build/bench.sqlite3, or DATABASE_URL), tops it up with scale data
from ``generate_scale_data`` and prints one JSON line per figure.
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--name", help="run only this benchmark")
    parser.add_argument("--volunteers", type=int, default=10_000)
    arguments = parser.parse_args()

    (ROOT / "build").mkdir(exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'build' / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import (  # noqa: F401
        accreditation,
        assessments,
        bulk_issue,
        courses,
        dashboard,
        forums,
        http,
        impact,
        knowledge_base,
        office,
        opportunities,
        pages,
    )
    from bench.registry import BENCHMARKS

    if arguments.name and arguments.name not in BENCHMARKS:
        parser.error(f"unknown benchmark {arguments.name!r}; known: {', '.join(BENCHMARKS)}")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("generate_scale_data", volunteers=arguments.volunteers, stdout=sys.stderr)
    selected = [arguments.name] if arguments.name else list(BENCHMARKS)
    for name in selected:
        for figure in BENCHMARKS[name]():
            line = {"name": figure.name, "value": round(figure.value, 3), "unit": figure.unit}
            line.update(figure.context)
            line.setdefault("database", connection.vendor)
            print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
