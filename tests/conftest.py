"""Shared pytest set-up: plugins only (fixtures live beside the tests that use them)."""

pytest_plugins = ["_hardening_plugin"]
