"""The course's pytest plugin is loaded for every test run from the repository root."""

pytest_plugins = ["course.pytest_plugin"]
