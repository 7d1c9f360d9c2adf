"""The season-peak load test (``make loadtest``): thousands of volunteers, each a person
reading between pages, against the production topology that ``stackcheck`` starts."""
