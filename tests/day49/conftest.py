"""Fixtures for the Day 49 suites: the module under grade."""

from types import ModuleType

import pytest


@pytest.fixture
def stable_losses(course_impl) -> ModuleType:
    """``exercises.day49.stable_losses`` or ``solutions.day49.stable_losses`` (``--impl``)."""
    return course_impl.load("day49.stable_losses")
