"""Fixtures for the Day 48 suites: the module under grade."""

from types import ModuleType

import pytest


@pytest.fixture
def losses(course_impl) -> ModuleType:
    """``exercises.day48.losses`` or ``solutions.day48.losses``, as ``--impl`` says."""
    return course_impl.load("day48.losses")
