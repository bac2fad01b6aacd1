"""Fixtures for the Day 52 suites: the module under grade."""

from types import ModuleType

import pytest


@pytest.fixture
def uncertainty(course_impl) -> ModuleType:
    """``exercises.day52.uncertainty`` or ``solutions.day52.uncertainty``, as ``--impl`` says."""
    return course_impl.load("day52.uncertainty")
