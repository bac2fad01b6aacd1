"""Fixtures for the Day 50 suites: the module under grade."""

from types import ModuleType

import pytest


@pytest.fixture
def fitting(course_impl) -> ModuleType:
    """``exercises.day50.fitting`` or ``solutions.day50.fitting``, as ``--impl`` says."""
    return course_impl.load("day50.fitting")
