"""Shared pytest set-up: the fakes' fixtures (a scripted Messages API) for every suite."""

pytest_plugins = ["tests.fakes.fixtures"]
