"""Benchmarks register here; each returns figures printed as JSON lines by bench/__main__.py."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    context: dict = field(default_factory=dict)


BENCHMARKS: dict[str, Callable[[], list[Figure]]] = {}


def benchmark(name: str):
    """Register a benchmark under ``name`` (what ``make bench NAME=...`` selects)."""

    def register(function: Callable[[], list[Figure]]):
        BENCHMARKS[name] = function
        return function

    return register
