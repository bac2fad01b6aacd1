"""Fixtures for the Day 46 suites: the module under grade."""

from types import ModuleType

import pytest


@pytest.fixture
def coins(course_impl) -> ModuleType:
    """``exercises.day46.coins`` or ``solutions.day46.coins``, as ``--impl`` says."""
    return course_impl.load("day46.coins")
