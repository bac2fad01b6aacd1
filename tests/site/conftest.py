"""Fixtures for the website's tests: the site built once per session, and the day folders."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


#: The executed notebooks' cache, shared by every build of the tests (a copy of the repository
#: with the same lesson code reuses it; site_hooks/course_site.py keys it by that code).
NOTEBOOK_CACHE = ROOT / ".cache" / "mkdocs-jupyter"


def load_hook() -> ModuleType:
    """The site's MkDocs hook (site_hooks/course_site.py), which knows the days that exist."""
    spec = importlib.util.spec_from_file_location("course_site", ROOT / "site_hooks" /
                                                  "course_site.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return sys.modules[spec.name]


def build_site(root: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of the repository (or release) at ``root`` into ``site_dir``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg",
           "COURSE_NOTEBOOK_CACHE": str(NOTEBOOK_CACHE)}
    env.pop("COURSE_REPO_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root, env=env, capture_output=True, text=True, timeout=600, check=False,
    )


@pytest.fixture(scope="session")
def hook() -> ModuleType:
    pytest.importorskip("mkdocs", reason="mkdocs is not installed (pip install -e .)")
    return load_hook()


@pytest.fixture(scope="session")
def days(hook) -> list:
    found = hook.find_days(ROOT)
    assert found, "no days/dayNN/ folder with a README.md: the site would have no lesson"
    return found


@pytest.fixture(scope="session")
def site(hook, tmp_path_factory) -> Path:
    """The site, built with ``mkdocs build --strict`` into a temporary folder."""
    site_dir = tmp_path_factory.mktemp("site") / "site"
    process = build_site(ROOT, site_dir)
    assert process.returncode == 0, f"mkdocs build --strict failed:\n{process.stderr}"
    return site_dir
