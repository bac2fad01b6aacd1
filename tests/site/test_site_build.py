"""The website builds with ``mkdocs build --strict``, has every day's pages (the notebooks with
their outputs), one table of days, an instructor section of its own, a search index without TeX,
and loads nothing from another host (no browser needed: see test_site_browser.py for the pages
as rendered)."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.site.conftest import ROOT, build_site

#: (tag, attribute) pairs whose URL a browser fetches by itself when it loads the page.
FETCHED = {("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"),
           ("embed", "src"), ("source", "src"), ("source", "srcset"), ("video", "src"),
           ("video", "poster"), ("audio", "src"), ("track", "src"), ("object", "data"),
           ("input", "src"), ("image", "href")}
#: <link rel=...> values whose href is fetched (a plain <a href> to the outside world is fine).
FETCHED_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload",
                     "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest"}
REMOTE = re.compile(r"^\s*(?:https?:)?//", re.I)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'");\s]+)""", re.I)
#: Hosts that serve libraries and fonts to web pages.
CDN = re.compile(r"https?://(?:[\w-]+\.)*(?:jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|"
                 r"googleapis\.com|gstatic\.com|mathjax\.org/mathjax|polyfill\.io|"
                 r"cloudflare\.com|bootstrapcdn\.com|fontawesome\.com|katex\.org|"
                 r"cdn\.plyr\.io)", re.I)
#: CDN addresses that JavaScript files contain but no page of this site loads. Material's bundle
#: imports mermaid from unpkg only to draw a mermaid diagram (this site configures none); the
#: speech-rule engine of MathJax's accessibility menu names CDN fallbacks, while MathJax points
#: it at the local assets/mathjax/sre/ folder. The browser test checks the requests themselves.
CDN_NOT_LOADED = {
    "assets/javascripts/bundle.": {"https://unpkg.com/mermaid"},
    "assets/mathjax/": {"https://cdn.jsdelivr.net/npm/speech-rule-engine",
                        "https://cdn.jsdelivr.net/npm/sre-mathmaps-ie",
                        "https://cdn.jsdelivr.net/npm/wicked-good-xpath"},
    # GLightbox loads the Plyr video player from its CDN only to show a video slide; the
    # lightbox of this site shows images only.
    "assets/javascripts/glightbox.min.js": {"https://cdn.plyr.io/"},
}
#: Attributes that may hold an address on another host without the browser fetching it: a
#: link the reader may follow, and XML namespaces.
NOT_FETCHED = {("a", "href")}


class _Fetched(HTMLParser):
    """Collect the URLs that an HTML page makes the browser fetch, its inline CSS, and every
    attribute that holds an address on another host where a link or namespace is not
    expected."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.css: list[str] = []
        self.remote_attributes: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.remote_attributes += [
            f"<{tag} {name}={value[:80]!r}>" for name, value in values.items()
            if REMOTE.match(value) and (tag, name) not in NOT_FETCHED
            and not name.startswith("xmlns")]
        for name, value in values.items():
            if (tag, name) in FETCHED:
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()] \
                    if name == "srcset" else [value]
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and rels & FETCHED_LINK_RELS:
            self.urls.append(values.get("href", ""))
        if "style" in values:
            self.css.append(values["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)


def _built(site: Path, suffix: str) -> list[Path]:
    return sorted(site.rglob(f"*{suffix}"))


def _pages(site: Path) -> list[Path]:
    return [page for page in _built(site, ".html") if "assets" not in page.relative_to(site).parts]


def _css_urls(css: str) -> list[str]:
    return [url for url in CSS_URL.findall(css) + CSS_IMPORT.findall(css)
            if not url.lstrip().lower().startswith("data:")]


def test_every_day_has_its_theory_notebook_and_exercises_pages(site, days, hook):
    home = (site / "index.html").read_text(encoding="utf-8")
    for day in days:
        theory = site / "days" / day.name / "index.html"
        assert theory.is_file(), f"no theory page for {day.name}"
        assert f'href="days/{day.name}/"' in home, f"the home page does not link {day.name}"
        notebook = site / "days" / day.name / day.name / "index.html"
        if day.notebook:
            html = notebook.read_text(encoding="utf-8")
            assert "jp-Notebook" in html, f"{day.notebook} was copied, not rendered"
        else:
            assert not notebook.exists()
        exercises = site / "days" / day.name / "exercises" / "index.html"
        modules = hook.exercise_modules(ROOT, day)
        assert exercises.is_file() == bool(modules), f"exercises page of {day.name}"
        if modules:
            html = exercises.read_text(encoding="utf-8")
            for module in modules:
                assert f'id="{module}"' in html or f'id="{module}.' in html, module
            assert ".. math::" not in html and ":math:`" not in html and ":func:`" not in html
            sources = "".join((ROOT / (module.replace(".", "/") + ".py")).read_text("utf-8")
                              for module in modules)
            if ".. math::" in sources or ":math:`" in sources:  # typeset in the browser test
                assert 'class="arithmatex"' in html
            assert not re.search(r'id="exercises\.[\w.]*\._', html), "a private helper is shown"
            assert "NotImplementedError" in html  # the instructions; never a solution's body


def test_theory_pages_keep_answers_folded_and_their_figures_resolve(site, days):
    for day in days:
        page = site / "days" / day.name / "index.html"
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<details[^>]*\bopen\b", html), f"{day.name}: an answer is open"
        assert "$$" not in re.sub(r"<pre.*?</pre>|<code.*?</code>", "", html, flags=re.S)
        parser = _Fetched()
        parser.feed(html)
        for url in parser.urls:
            if not REMOTE.match(url) and not url.startswith("data:"):
                target = (page.parent / url.split("#")[0].split("?")[0]).resolve()
                assert target.is_file(), f"{day.name}: {url} is missing from the site"


def test_no_page_fetches_anything_from_another_host(site):
    offenders = []
    for page in _pages(site):
        parser = _Fetched()
        parser.feed(page.read_text(encoding="utf-8"))
        urls = parser.urls + [url for css in parser.css for url in _css_urls(css)]
        offenders += [f"{page.relative_to(site)}: {url}" for url in urls if REMOTE.match(url)]
        offenders += [f"{page.relative_to(site)}: {attribute}"
                      for attribute in parser.remote_attributes]
    for sheet in _built(site, ".css"):
        offenders += [f"{sheet.relative_to(site)}: {url}"
                      for url in _css_urls(sheet.read_text(encoding="utf-8")) if REMOTE.match(url)]
    for script in _built(site, ".js"):
        relative = script.relative_to(site).as_posix()
        allowed = set().union(*(urls for prefix, urls in CDN_NOT_LOADED.items()
                                if relative.startswith(prefix)))
        for match in CDN.finditer(script.read_text(encoding="utf-8", errors="replace")):
            if not any(match.group(0).startswith(url) or url.startswith(match.group(0))
                       for url in allowed):
                offenders.append(f"{relative}: {match.group(0)}")
    assert offenders == []
    for page in _pages(site):  # nbconvert's MathJax 2 / mermaid loaders were taken out
        html = page.read_text(encoding="utf-8")
        assert "cdnjs" not in html and "text/x-mathjax-config" not in html, page


def test_the_maths_and_search_assets_are_served_by_the_site(site):
    mathjax = site / "assets" / "mathjax"
    assert (mathjax / "tex-chtml.js").stat().st_size > 500_000
    assert list((mathjax / "output" / "chtml" / "fonts" / "woff-v2").glob("MathJax_Main-*.woff"))
    assert (mathjax / "input" / "tex" / "extensions" / "boldsymbol.js").is_file()
    assert (site / "javascripts" / "mathjax-config.js").is_file()
    assert (site / "search" / "search_index.json").is_file()
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        if page.name != "404.html":
            assert "assets/mathjax/tex-chtml.js" in html and "mathjax-config.js" in html, page
            assert "fonts.googleapis" not in html


def test_notebook_pages_are_executed_at_build_though_committed_without_outputs(site, days):
    nbformat = pytest.importorskip("nbformat")
    for day in days:
        if not day.notebook:
            continue
        notebook = nbformat.read(ROOT / day.notebook, as_version=4)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert all(not cell.outputs and cell.execution_count is None for cell in code), \
            f"{day.notebook} is committed with outputs"
        page = site / "days" / day.name / day.name / "index.html"
        html = page.read_text(encoding="utf-8")
        outputs = re.findall(r'class="[^"]*\bjp-OutputArea-output\b', html)
        assert outputs, f"{day.notebook}: its page shows no output"
        assert "Traceback" not in html and "jp-OutputArea-error" not in html
        figures = re.findall(r'<img [^>]*src="(figure-[0-9a-f]{16}\.png)"', html)
        assert figures, f"{day.notebook}: its page shows no figure"
        assert all((page.parent / name).stat().st_size > 10_000 for name in figures)
        assert not re.search(r'<img [^>]*src="data:', html)  # files, not repeated base64


#: TeX in the search index: delimiters, or a command of the lessons' formulas.
INDEX_TEX = re.compile(r"\\[()\[\]]|\$\$|\\(?:frac|tfrac|sum|prod|hat|bar|log|ln|exp|sigma|theta|"
                       r"lambda|mu|pi|tau|mid|approx|cdot|times|mathrm|text|operatorname|left|"
                       r"right|qquad|le|ge|ell|infty|binom|sqrt)\b")


def test_the_search_index_names_every_page_and_holds_no_tex(site, days):
    entries = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    tex = [f"{entry['location']}: {match.group(0)!r}" for entry in entries
           for field in ("title", "text") for match in [INDEX_TEX.search(entry[field])] if match]
    assert tex == []
    titles = {entry["location"]: entry["title"] for entry in entries}
    for day in days:
        assert titles[f"days/{day.name}/"] == f"Day {day.number} · {day.topic}"
        if day.notebook:
            assert titles[f"days/{day.name}/{day.name}/"].startswith(
                f"Day {day.number} · Notebook · ")
    day48 = " ".join(entry["text"] for entry in entries if entry["location"].startswith(
        "days/day48/"))
    if "log10" in day48:  # the BCE's value with another base: "divided by ln 10 ≈ 2.3026"
        assert "ln 10 ≈ 2.3026" in day48


def _article(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    match = re.search(r"<article\b.*?</article>", html, re.S)
    assert match, f"{page}: no article"
    return match.group(0)


def test_one_table_of_days_and_an_instructor_section_of_its_own(site, days):
    home = _article(site / "index.html")
    assert home.count("<table") == 1, "the home page shows more than one table"
    assert f"Days {days[0].number}–{days[-1].number} of" in home and "<!--" not in home
    for day in days:
        assert f'href="days/{day.name}/"' in home and day.topic in home
    instructors = sorted((site / "instructors").rglob("index.html"))
    assert instructors, "no instructor section"
    for page in _pages(site):
        relative = page.relative_to(site).as_posix()
        if relative.startswith("instructors/") or page.name == "404.html":
            continue
        text = re.sub(r"<[^>]+>", " ", _article(page))
        assert not re.search(r"\binstructor", text, re.I), f"{relative} speaks to instructors"
        assert "solutions/" not in text and "_hidden" not in text, relative


def test_a_day_folder_is_picked_up_without_any_edit(hook, days, tmp_path):
    """A new days/dayNN/ folder appears in the navigation by itself."""
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in ("mkdocs.yml", "pyproject.toml"):  # the notebook finds the root by the latter
        shutil.copy(ROOT / name, copy / name)
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    for name in ("docs", "site_hooks", "exercises"):
        shutil.copytree(ROOT / name, copy / name, ignore=ignore)
    day = days[0]
    shutil.copytree(day.folder, copy / "days" / day.name, ignore=ignore)
    for shared in (ROOT / "days").glob("*.py"):  # the package and its shared lesson modules
        shutil.copy(shared, copy / "days" / shared.name)
    fake = copy / "days" / "day99"
    fake.mkdir()
    (fake / "README.md").write_text("# Day 99: a lesson that just landed\n\n$$a^2 + b^2$$\n")
    process = build_site(copy, tmp_path / "site")
    assert process.returncode == 0, process.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Day 99" in home and 'href="days/day99/"' in home
    assert (tmp_path / "site" / "days" / "day99" / "index.html").is_file()
    assert not (tmp_path / "site" / "days" / "day99" / "exercises").exists()


@pytest.mark.skipif(not (ROOT / "solutions").is_dir(), reason="a student release has no solutions/")
def test_the_student_release_builds_the_same_site_without_solutions(tmp_path):
    from course import release

    out = tmp_path / "release"
    release.build(ROOT, out)
    assert (out / "mkdocs.yml").is_file() and (out / "site_hooks" / "course_site.py").is_file()
    process = build_site(out, tmp_path / "site")
    assert process.returncode == 0, process.stderr
    for day in (out / "days").glob("day[0-9][0-9]"):
        if (day / "README.md").is_file():
            assert (tmp_path / "site" / "days" / day.name / "index.html").is_file()
    assert not (tmp_path / "site" / "instructors").exists(), "students get the instructor pages"
