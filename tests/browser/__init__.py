"""Headless Chromium helpers for the hardening tests (Playwright, Debian chromium)."""
