"""The results-morning load test (issue 21): a Locust scenario (scenario.py) and `make bench-load`
(run.py), which runs it against the local portal; docs/capacity.md says how to run it against a
deployed stage, and at what size."""
