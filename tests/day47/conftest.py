"""Fixtures for the Day 47 suites: the module under grade."""

from types import ModuleType

import pytest


@pytest.fixture
def log_likelihood(course_impl) -> ModuleType:
    """``exercises.day47.log_likelihood`` or ``solutions.day47.log_likelihood``, as ``--impl``
    says."""
    return course_impl.load("day47.log_likelihood")
