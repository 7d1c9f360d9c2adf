from tests.courses.conftest import catalogue, locales  # noqa: F401  (shared fixtures)
