"""MkDocs hook: the course website is built from the repository's own sources.

* Each ``days/dayNN/`` folder that has a ``README.md`` becomes a section of the site: the
  README itself is the theory page, ``dayNN.ipynb`` the notebook page (rendered by
  mkdocs-jupyter) and a generated page documents the stubs of ``exercises/dayNN/`` with
  mkdocstrings. The navigation is built from the folders, so a new day needs no edit here.
* Before every build each day's ``visualizations.main()`` redraws its figures (they are written
  only when their bytes change, so ``mkdocs serve`` does not rebuild forever).
* Every page of a day is named after it ("Day 48 · Maximum likelihood: …", "Day 48 ·
  Notebook · …"): the browser's tab, the header, the footer's previous/next links (the
  template ``site_hooks/templates/partials/footer.html``) and the search results.
* The notebooks are executed at build time by mkdocs-jupyter (their pages show every output
  and figure); the results are cached in ``.cache/mkdocs-jupyter/<hash>/``, where the hash
  covers the code the notebooks import (``days/**/*.py``) and the pinned dependencies.
* The search index holds the lessons' formulas as plain text (``ln 10 ≈ 2.3026``) instead of
  TeX (site_hooks/tex_text.py).
* The instructor's pages (``docs/instructors/``) form a section of their own, published only
  where ``solutions/`` exists (the instructor's repository, not a student release).
* MathJax 3 is served from the site itself (the ``es5/`` tree of the PyPI package
  ``django-static-mathjax``): no page loads anything from another host.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib
import importlib.util
import io
import json
import logging
import os
import re
import shutil
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path
from types import ModuleType

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page


def _sibling(name: str) -> ModuleType:
    """A module of this folder, loaded by its path (the hook is not in a package)."""
    spec = importlib.util.spec_from_file_location(f"course_site_{name}",
                                                  Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tex_text = _sibling("tex_text")

log = logging.getLogger("mkdocs.hooks.course_site")

DAY_FOLDER = re.compile(r"^day(\d\d)$")
#: Where the MathJax files go in the site (``extra_javascript`` in mkdocs.yml points here).
MATHJAX_DEST = "assets/mathjax"
#: The parts of MathJax's ``es5/`` tree that a page may load: the combined TeX/CHTML component,
#: the TeX extensions it autoloads, its fonts, and what its context menu can load.
MATHJAX_PARTS = ("tex-chtml.js", "input/tex/extensions", "output/chtml/fonts/woff-v2", "ui",
                 "a11y", "sre")
#: Placeholders in docs/index.md: the table of the days that exist, and their range ("46–52").
DAYS_TABLE = "<!-- course:days -->"
DAY_RANGE = "<!-- course:day-range -->"
#: The instructor's pages, under docs/: a section of their own in the instructor's repository.
INSTRUCTORS = "instructors"
#: What a README's first heading starts with before the lesson's topic ("Day 48 — ").
DAY_PREFIX = re.compile(r"^\s*Day\s*\d+\s*[—–:·-]\s*")


@dataclass(frozen=True)
class Day:
    number: str  # "48"
    folder: Path  # <root>/days/day48
    title: str  # the README's first heading

    @property
    def name(self) -> str:
        return f"day{self.number}"

    @property
    def theory(self) -> str:
        return f"days/{self.name}/README.md"

    @property
    def notebook(self) -> str | None:
        path = f"days/{self.name}/{self.name}.ipynb"
        return path if (self.folder / f"{self.name}.ipynb").is_file() else None

    @property
    def exercises(self) -> str:
        return f"days/{self.name}/exercises.md"

    @property
    def topic(self) -> str:
        """The README's heading without its "Day 48 —" prefix."""
        return DAY_PREFIX.sub("", self.title) or self.title


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _title(readme: Path) -> str:
    for line in readme.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return readme.parent.name


def find_days(root: Path) -> list[Day]:
    """Every ``days/dayNN/`` folder with a README, in order."""
    days = []
    for folder in sorted((root / "days").glob("day[0-9][0-9]")):
        match = DAY_FOLDER.match(folder.name)
        if match and (folder / "README.md").is_file():
            days.append(Day(match.group(1), folder, _title(folder / "README.md")))
    return days


def exercise_modules(root: Path, day: Day) -> list[str]:
    """The dotted names of the stub modules of a day (``exercises.day48.losses``)."""
    folder = root / "exercises" / day.name
    return [f"exercises.{day.name}.{path.stem}" for path in sorted(folder.glob("*.py"))
            if not path.name.startswith("_")]


def mathjax_es5() -> Path:
    """The ``es5/`` folder of MathJax 3 shipped by the PyPI package django-static-mathjax."""
    spec = importlib.util.find_spec("mathjax")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        es5 = Path(location) / "static" / "mathjax" / "es5"
        if (es5 / "tex-chtml.js").is_file():
            return es5
    raise PluginError("MathJax 3 is missing: pip install django-static-mathjax (the site serves "
                      "MathJax itself and never loads it from the internet)")


def instructor_pages(root: Path, config: MkDocsConfig) -> list[str]:
    """The instructor's pages (``instructors/*.md`` under docs/, the overview first), or none
    in a copy without ``solutions/`` (a student release)."""
    folder = Path(config.docs_dir) / INSTRUCTORS
    if not (root / "solutions").is_dir() or not folder.is_dir():
        return []
    pages = sorted(folder.glob("*.md"), key=lambda path: (path.name != "index.md", path.name))
    return [path.relative_to(config.docs_dir).as_posix() for path in pages]


def page_titles(root: Path, config: MkDocsConfig) -> dict[str, str]:
    """The title of each page (by its source path), as tabs, search results and footers show
    it: "Day 48 · Maximum likelihood: …", "Day 48 · Notebook · …", "Instructors · Grading"."""
    titles = {}
    for day in find_days(root):
        titles[day.theory] = f"Day {day.number} · {day.topic}"
        if day.notebook:
            titles[day.notebook] = f"Day {day.number} · Notebook · {day.topic}"
        titles[day.exercises] = f"Day {day.number} · Exercises · {day.topic}"
    for page in instructor_pages(root, config):
        heading = _title(Path(config.docs_dir) / page)
        titles[page] = f"Instructors · {heading}"
    return titles


def notebook_code_hash(root: Path) -> str:
    """A hash of what an executed notebook's outputs depend on besides the notebook itself:
    the lessons' code (``days/**/*.py``) and the pinned dependencies of ``pyproject.toml``."""
    digest = hashlib.sha256()
    for path in sorted((root / "days").rglob("*.py")):
        if "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        digest.update(json.dumps(project.get("dependencies", [])).encode())
    return digest.hexdigest()[:16]


#: The titles of this build's pages, by source path and by URL (filled by on_config and
#: on_page_markdown; the footer template and the search index read them).
_titles: dict[str, str] = {}
_url_titles: dict[str, str] = {}


# ------------------------------------------------------------------------------------------------
# Events
# ------------------------------------------------------------------------------------------------
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Build the navigation from the day folders that exist; name every page; make the
    repository importable by the notebooks and key their cache by the code they import."""
    root = _root(config)
    if not config.repo_url:  # no public repository configured (COURSE_REPO_URL): no edit links
        config.edit_uri = config.edit_uri_template = None
    nav: list = [{"Home": "index.md"}]
    for day in find_days(root):
        section: list = [{"Theory": day.theory}]
        if day.notebook:
            section.append({"Notebook": day.notebook})
        if exercise_modules(root, day):
            section.append({"Exercises": day.exercises})
        nav.append({f"Day {day.number}": section})
    if instructors := instructor_pages(root, config):
        docs = Path(config.docs_dir)
        nav.append({"Instructors": [{_title(docs / page): page} for page in instructors]})
    config.nav = nav
    _titles.clear()
    _titles.update(page_titles(root, config))
    _url_titles.clear()
    # The notebooks run in their own folder; their first cell finds the repository's root, and
    # the root is importable from the first cell on anyway.
    paths = [str(root)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    # Their kernels write no bytecode into days/ (which `mkdocs serve` watches).
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None and jupyter.config["execute"] and jupyter.config["cache"]:
        # mkdocs-jupyter keys its cache by the notebook's bytes only; a cache folder per hash of
        # the imported code re-runs the notebooks whenever the lessons' code changes.
        base = Path(os.environ.get("COURSE_NOTEBOOK_CACHE") or root / ".cache" / "mkdocs-jupyter")
        jupyter.config["cache_dir"] = str(base / notebook_code_hash(root))
    return config


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """``{{ page | course_title }}``: a page's full title (the footer names the day)."""
    env.filters["course_title"] = lambda page: _titles.get(page.file.src_uri, page.title)
    return env


@contextlib.contextmanager
def _quiet_import(root: Path) -> Iterator[None]:
    """Import from the repository without leaving bytecode (which ``serve`` would watch)."""
    saved_path, saved_argv, saved_flag = list(sys.path), list(sys.argv), sys.dont_write_bytecode
    sys.path.insert(0, str(root))
    sys.argv = sys.argv[:1]
    sys.dont_write_bytecode = True
    try:
        yield
    finally:
        sys.path[:], sys.argv[:] = saved_path, saved_argv
        sys.dont_write_bytecode = saved_flag


def on_pre_build(config: MkDocsConfig) -> None:
    """Redraw every day's figures so that the site never shows a stale plot."""
    root = _root(config)
    os.environ.setdefault("MPLBACKEND", "Agg")
    for day in find_days(root):
        if not (day.folder / "code" / "visualizations.py").is_file():
            continue
        name = f"days.{day.name}.code.visualizations"
        with _quiet_import(root), contextlib.redirect_stdout(io.StringIO()) as printed:
            module = sys.modules.get(name)
            module = importlib.reload(module) if module else importlib.import_module(name)
            module.main()
        for line in printed.getvalue().splitlines():
            log.info("%s figures: %s", day.name, line)


def _exercises_page(root: Path, day: Day) -> str:
    modules = exercise_modules(root, day)
    lines = [
        f"# Day {day.number} exercises",
        "",
        f"Fill in the functions of `exercises/{day.name}/` (one file per module below). Each "
        "function's docstring is its whole specification: the formula, the conventions, the "
        "tolerance and an example. Replace the line `raise NotImplementedError` and keep the "
        "input checks above it.",
        "",
        "Check your work from the root of your copy of the course:",
        "",
        "```bash",
        f"make check DAY={day.number}    # this day's exercises (or: python -m course check "
        f"{day.number})",
        "make check           # every day's",
        "```",
        "",
        "The run ends with a score table: one row per function with its status (`passed`, "
        "`failed`, `not started`), its points and, for a failure, a hint that names the likely "
        "mistake.",
        "",
    ]
    for module in modules:
        path = module.replace(".", "/") + ".py"
        lines += [f"## `{path}`", "", f"::: {module}", ""]
    return "\n".join(lines)


def _add(files: Files, config: MkDocsConfig, root: Path, path: Path) -> None:
    src_uri = path.relative_to(root).as_posix()
    if files.get_file_from_path(src_uri) is None:
        files.append(File(src_uri, str(root), config.site_dir, config.use_directory_urls))


@event_priority(100)  # before mkdocs-jupyter's on_files, which turns notebooks into pages
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the lessons, their figures and code, the exercises pages and MathJax; leave the
    instructor's pages out of a student release."""
    root = _root(config)
    docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
    published = set(instructor_pages(root, config))
    for file in list(files):
        if file.src_uri.startswith(f"{INSTRUCTORS}/") and file.src_uri not in published:
            files.remove(file)
    for file in files:  # pages of docs/: edit links point to docs/<page> in the repository
        file.edit_uri = f"{docs}/{file.src_uri}" if file.is_documentation_page() else None
    for day in find_days(root):
        _add(files, config, root, day.folder / "README.md")
        if day.notebook:
            _add(files, config, root, root / day.notebook)
        for pattern in ("outputs/*.png", "outputs/*.svg", "code/*.py"):
            for path in sorted(day.folder.glob(pattern)):
                if path.name != "__init__.py":
                    _add(files, config, root, path)
        if exercise_modules(root, day):
            page = File.generated(config, day.exercises, content=_exercises_page(root, day))
            page.edit_uri = None  # generated from the stubs, which are generated themselves
            files.append(page)
    es5 = mathjax_es5()
    for part in MATHJAX_PARTS:
        paths = [es5 / part] if (es5 / part).is_file() else sorted((es5 / part).rglob("*"))
        for path in paths:
            if path.is_file():
                relative = path.relative_to(es5).as_posix()
                files.append(File.generated(config, f"{MATHJAX_DEST}/{relative}",
                                            abs_src_path=str(path)))
    return files


_LINK = re.compile(r"(\]\()([^()\s#]+)(#[^()\s]*)?(\))")


def _link_exercises(markdown: str, page: Page, root: Path, files: Files) -> str:
    """Point links to a stub file (``../../exercises/day48/losses.py``) to its exercises page."""
    folder = (root / page.file.src_uri).parent

    def fix(match: re.Match[str]) -> str:
        target = match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("/"):
            return match.group(0)
        path = Path(os.path.normpath(folder / target))
        if not path.is_relative_to(root):
            return match.group(0)
        parts = path.relative_to(root).parts
        if len(parts) != 3 or parts[0] != "exercises" or path.suffix != ".py":
            return match.group(0)
        page_uri = f"days/{parts[1]}/exercises.md"
        if files.get_file_from_path(page_uri) is None:
            return match.group(0)
        new = Path(os.path.relpath(root / page_uri, folder)).as_posix()
        return f"{match.group(1)}{new}{match.group(3) or ''}{match.group(4)}"

    return _LINK.sub(fix, markdown)


def days_table(root: Path) -> str:
    """The home page's table of the days that exist: each lesson's title links to its theory
    page, with its notebook and exercises below (two columns fit a phone's width)."""
    rows = ["| Day | Lesson |", "|-----|--------|"]
    for day in find_days(root):
        more = [f"[notebook]({day.notebook})"] if day.notebook else []
        more += [f"[exercises]({day.exercises})"] if exercise_modules(root, day) else []
        lesson = f"[{day.topic}]({day.theory})" + ("<br>" + " · ".join(more) if more else "")
        rows.append(f"| {day.number} | {lesson} |")
    return "\n".join(rows)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Name the page; point a lesson's links to stub files to its exercises page; fill the home
    page's table."""
    if title := _titles.get(page.file.src_uri):
        page.meta["title"] = title  # the tab, the header and the search results
        _url_titles[page.url] = title
    root = _root(config)
    if page.file.src_uri.startswith("days/") and not page.file.src_uri.endswith(".ipynb"):
        return _link_exercises(markdown, page, root, files)
    if page.file.src_uri == "index.md":
        days = find_days(root)
        span = f"{days[0].number}–{days[-1].number}" if days else ""
        return markdown.replace(DAYS_TABLE, days_table(root)).replace(DAY_RANGE, span)
    return markdown


#: What nbconvert puts in a notebook page that would load from a CDN: its MathJax 2 loader and
#: configuration (the site's own MathJax typesets notebooks too) and its mermaid.js loader.
_NB_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
_REMOTE = re.compile(r"""(?:\bsrc\s*=\s*|\bimport\s*\(\s*)["']https?://""", re.I)


_DATA_PNG = re.compile(r"""(<img\b[^>]*?\bsrc=")data:image/png;base64,([A-Za-z0-9+/=\s]+)(")""")


@event_priority(50)  # before mkdocs-glightbox links each image to itself
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep notebook pages offline (drop nbconvert's CDN scripts) and light: the figures that
    nbconvert inlines as base64 become PNG files beside the page (named by their content), so
    that the lightbox's link does not repeat them and the browser can cache them."""
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    html = _NB_MATHJAX.sub("", html)
    html = _SCRIPT.sub(lambda m: "" if _REMOTE.search(m.group(0)) else m.group(0), html)
    folder = Path(page.file.abs_dest_path).parent

    def to_file(match: re.Match[str]) -> str:
        data = base64.b64decode(re.sub(r"\s", "", match.group(2)))
        name = f"figure-{hashlib.sha256(data).hexdigest()[:16]}.png"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        return f"{match.group(1)}{name}{match.group(3)}"

    return _DATA_PNG.sub(to_file, html)


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config: MkDocsConfig) -> None:
    """Search results name their page and show formulas as plain text, not TeX; stale
    notebook caches (of code that has changed since) are removed, unless the cache is shared
    (``COURSE_NOTEBOOK_CACHE``, which the site's tests set)."""
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if index_path.is_file():
        index = json.loads(index_path.read_text(encoding="utf-8"))
        for entry in index.get("docs", []):
            if entry.get("location") in _url_titles:  # a page's own entry: its full title
                entry["title"] = html_escape(_url_titles[entry["location"]], quote=False)
            for field in ("title", "text"):
                if isinstance(entry.get(field), str):
                    entry[field] = tex_text.plain_maths(entry[field])
        index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")),
                              encoding="utf-8")
    jupyter = config.plugins.get("mkdocs-jupyter")
    if (jupyter is not None and jupyter.config["execute"] and jupyter.config["cache"]
            and not os.environ.get("COURSE_NOTEBOOK_CACHE")):  # a shared cache is left alone
        current = Path(jupyter.config["cache_dir"])
        for stale in current.parent.iterdir():
            if stale != current and re.fullmatch(r"[0-9a-f]{16}|[0-9a-f]{64}\.json", stale.name):
                if stale.is_dir():
                    shutil.rmtree(stale, ignore_errors=True)
                else:
                    stale.unlink(missing_ok=True)
