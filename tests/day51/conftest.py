"""Fixtures for the Day 51 suites: the module under grade."""

from types import ModuleType

import pytest


@pytest.fixture
def information(course_impl) -> ModuleType:
    """``exercises.day51.information`` or ``solutions.day51.information``, as ``--impl`` says."""
    return course_impl.load("day51.information")
