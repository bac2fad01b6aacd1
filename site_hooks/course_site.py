"""MkDocs hook: the course website is built from the repository's own sources.

* Each ``days/dayNN/`` folder that has a ``README.md`` becomes a section of the site: the
  README itself is the theory page, ``dayNN.ipynb`` the notebook page (rendered by
  mkdocs-jupyter) and a generated page documents the stubs of ``exercises/dayNN/`` with
  mkdocstrings. The navigation is built from the folders, so a new day needs no edit here.
* Before every build each day's ``visualizations.main()`` redraws its figures (they are written
  only when their bytes change, so ``mkdocs serve`` does not rebuild forever).
* MathJax 3 is served from the site itself (the ``es5/`` tree of the PyPI package
  ``django-static-mathjax``): no page loads anything from another host.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import logging
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.course_site")

DAY_FOLDER = re.compile(r"^day(\d\d)$")
#: Where the MathJax files go in the site (``extra_javascript`` in mkdocs.yml points here).
MATHJAX_DEST = "assets/mathjax"
#: The parts of MathJax's ``es5/`` tree that a page may load: the combined TeX/CHTML component,
#: the TeX extensions it autoloads, its fonts, and what its context menu can load.
MATHJAX_PARTS = ("tex-chtml.js", "input/tex/extensions", "output/chtml/fonts/woff-v2", "ui",
                 "a11y", "sre")
#: Placeholder in docs/index.md replaced by the table of the days that exist.
DAYS_TABLE = "<!-- course:days -->"


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


# ------------------------------------------------------------------------------------------------
# Events
# ------------------------------------------------------------------------------------------------
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Build the navigation from the day folders that exist."""
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
    config.nav = nav
    return config


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
        "Check your work from the repository's root:",
        "",
        "```bash",
        "make check                              # in a student copy (or simply: pytest)",
        f"pytest --impl=exercises tests/{day.name}     # in the instructor's repository",
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
    """Add the lessons, their figures and code, the exercises pages and MathJax."""
    root = _root(config)
    docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
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


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Point a lesson's links to stub files to its exercises page; fill the home page's table."""
    root = _root(config)
    if page.file.src_uri.startswith("days/"):
        return _link_exercises(markdown, page, root, files)
    if page.file.src_uri != "index.md" or DAYS_TABLE not in markdown:
        return markdown
    rows = ["| day | lesson | notebook | exercises |", "|-----|--------|----------|-----------|"]
    for day in find_days(root):
        notebook = f"[notebook]({day.notebook})" if day.notebook else "—"
        exercises = f"[exercises]({day.exercises})" if exercise_modules(root, day) else "—"
        rows.append(f"| {day.number} | [{day.title}]({day.theory}) | {notebook} | {exercises} |")
    return markdown.replace(DAYS_TABLE, "\n".join(rows))


#: What nbconvert puts in a notebook page that would load from a CDN: its MathJax 2 loader and
#: configuration (the site's own MathJax typesets notebooks too) and its mermaid.js loader.
_NB_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
_REMOTE = re.compile(r"""(?:\bsrc\s*=\s*|\bimport\s*\(\s*)["']https?://""", re.I)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep notebook pages offline: drop nbconvert's CDN scripts."""
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    html = _NB_MATHJAX.sub("", html)
    return _SCRIPT.sub(lambda m: "" if _REMOTE.search(m.group(0)) else m.group(0), html)
