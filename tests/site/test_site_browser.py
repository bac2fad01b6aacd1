"""The website as a student sees it: every page in headless Chromium, served from localhost.

Checks each page for maths left as raw TeX, images that did not load, console errors and any
request that left localhost; that every page has a title of its own and that the footers name
the pages they lead to; that no part of a typeset formula is cut off or runs out of its column
at phone (390 px) and desktop (1280 px) width, a formula that scrolls inside its own box being
fine; that every figure fills its column at 1280 px or opens enlarged when clicked; that the
notebook pages show their outputs and figures; that search finds "cross-entropy" and its
snippets show no TeX; toggles the dark palette; and saves screenshots (in the test's folder and
in build/screenshots/): each day's theory page at 1280 px, and the home page, the Day 48 lesson
and its notebook at 390 and 1280 px.
Needs Debian's ``chromium`` and ``chromium-driver`` (``apt-get install chromium
chromium-driver``); skipped with the reason when they are missing.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.site.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = ROOT / "build" / "screenshots"

#: Text outside code that means a formula was not typeset: TeX delimiters or commands.
RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\\[A-Za-z]{2,}|(?<![\w$])\$[^\s$][^$]*\$")

#: Every text node of the page (content, navigation, table of contents) outside code, scripts
#: and typeset maths.
VISIBLE_TEXT_JS = """
const root = document.body;
const skip = 'pre, code, script, style, textarea, mjx-container, mjx-assistive-mml, .highlight,'
    + ' .jp-CodeCell';
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
const texts = [];
while (walker.nextNode()) {
  const node = walker.currentNode;
  if (node.parentElement && !node.parentElement.closest(skip) && node.textContent.trim()) {
    texts.push(node.textContent);
  }
}
return texts;
"""

#: Resolve once MathJax has typeset the page (or at once where the page has no MathJax).
MATHJAX_DONE_JS = """
const done = arguments[arguments.length - 1];
if (!window.MathJax || !MathJax.startup || !MathJax.startup.promise) { done('no mathjax'); }
else { MathJax.startup.promise.then(() => done('ok'), (e) => done('error: ' + e)); }
"""


#: The widths a page is checked at: a phone's and a desktop's.
WIDTHS = (390, 1280)

#: Every part of each typeset formula that is cut off by a box that hides what overflows, or
#: runs out of the page's content column or the window, where no box on the way scrolls it.
#: Formulas in the closed navigation drawer of a narrow window (off the screen) are skipped.
FORMULA_OVERFLOW_JS = """
const problems = [];
const width = document.documentElement.clientWidth;
const content = document.querySelector('.md-content');
for (const container of document.querySelectorAll('mjx-container')) {
  if (!container.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
  const sidebar = container.closest('.md-sidebar');
  if (sidebar) {
    const r = sidebar.getBoundingClientRect();
    if (r.right <= 0 || r.left >= width) continue;  // the drawer is closed
  }
  const parts = [...container.querySelectorAll('*')].filter(
    e => e.childElementCount === 0 && !e.closest('mjx-assistive-mml'));
  for (const part of parts) {
    const r = part.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    let left = r.left, right = r.right, problem = null;
    for (let box = part.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (style.overflowX === 'visible' && box !== content) continue;
      const b = box.getBoundingClientRect();
      if (left >= b.left - 1 && right <= b.right + 1) continue;
      const scrolls = ['auto', 'scroll'].includes(style.overflowX)
        && box.scrollWidth > box.clientWidth;
      if (scrolls) { left = b.left; right = b.right; continue; }  // a scroll box: fine
      problem = `${box.tagName.toLowerCase()}.${[...box.classList].join('.')} (overflow-x: `
        + `${style.overflowX}) spans [${Math.round(b.left)}, ${Math.round(b.right)}] px, `
        + `the formula [${Math.round(left)}, ${Math.round(right)}]`;
      break;
    }
    if (!problem && (left < -1 || right > width + 1)) {
      problem = `the window (${width} px) holds [${Math.round(left)}, ${Math.round(right)}]`;
    }
    if (problem) {
      const tex = container.parentElement.textContent.trim().slice(0, 60)
        || container.textContent.slice(0, 60);
      problems.push(`${tex}: ${problem}`);
      break;
    }
  }
}
return problems;
"""

#: The figures of the page's content: the column's width and, per image, its rendered width,
#: natural width and whether it is a lightbox link (mkdocs-glightbox).
FIGURES_JS = """
const column = document.querySelector('.md-content__inner').getBoundingClientRect().width;
return [column, [...document.querySelectorAll('.md-content img')].map(i => ({
  src: i.getAttribute('src'), width: i.getBoundingClientRect().width,
  natural: i.naturalWidth, lightbox: !!i.closest('a.glightbox')}))];
"""

#: The width of the image the lightbox shows (0 while it has not opened).
LIGHTBOX_WIDTH_JS = """
const image = document.querySelector('.glightbox-container .gslide.current img');
return image && image.complete ? image.getBoundingClientRect().width : 0;
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def origin(site) -> Iterator[str]:
    """The built site, served on a free port of localhost."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    """Headless Chromium through the system's chromedriver (selenium-manager never runs)."""
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        pytest.skip("needs Debian's chromium and chromium-driver (/usr/bin/chromium, "
                    "/usr/bin/chromedriver): apt-get install chromium chromium-driver")
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (pip install "
                                    "-e '.[dev]')")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                     "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--window-size=1280,900",
                     # any host name but this machine's fails to resolve
                     "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, "
                     "EXCLUDE 127.0.0.1",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)),
                               options=options)
    browser.set_page_load_timeout(60)
    browser.set_script_timeout(60)
    try:
        yield browser
    finally:
        browser.quit()


def _pages(site: Path) -> list[str]:
    """Every page of the site, as its path under the site's root (``days/day48/``)."""
    pages = []
    for page in sorted(site.rglob("index.html")):
        relative = page.parent.relative_to(site).as_posix()
        if "assets" not in relative.split("/"):
            pages.append("" if relative == "." else relative + "/")
    return pages


def _maths_expected(site: Path, page: str) -> bool:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    if 'class="arithmatex"' in html:
        return True
    markdown_cells = re.findall(r'<div class="[^"]*jp-RenderedMarkdown[^"]*"[^>]*>(.*?)</div>',
                                html, re.S)
    return any("$" in cell for cell in markdown_cells)


def _requests(driver) -> list[str]:
    """The URLs of the requests the browser made since the last call (the performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _load(driver, url: str) -> str:
    driver.get(url)
    return driver.execute_async_script(MATHJAX_DONE_JS)


def _local(url: str, origin: str) -> bool:
    """Whether a request stays on the site's origin (or never touches the network)."""
    if not re.match(r"^(?:https?|wss?|ftp):", url, re.I):
        return True  # data:, blob:, about:, and chromium's own chrome:// pages
    return url == origin or url.startswith(origin + "/")


def test_every_page_renders_offline_with_its_maths_typeset_and_its_images(driver, origin, site):
    pages = _pages(site)
    assert "" in pages and any(page.startswith("days/") for page in pages)
    driver.get_log("browser"), driver.get_log("performance")  # start with empty logs
    problems: list[str] = []
    for page in pages:
        url = f"{origin}/{page}"
        mathjax = _load(driver, url)
        if mathjax != "ok":
            problems.append(f"{page}: MathJax did not run ({mathjax})")
        raw = [text.strip()[:80] for text in driver.execute_script(VISIBLE_TEXT_JS)
               if RAW_TEX.search(text)]
        problems += [f"{page}: raw TeX left: {text!r}" for text in raw]
        typeset = driver.execute_script("return document.querySelectorAll('mjx-container').length")
        if _maths_expected(site, page) and typeset == 0:
            problems.append(f"{page}: has maths but nothing was typeset")
        untypeset = driver.execute_script(
            "return [...document.querySelectorAll('.arithmatex')]"
            ".filter(e => !e.querySelector('mjx-container')).map(e => e.textContent)")
        problems += [f"{page}: formula not typeset: {text[:60]!r}" for text in untypeset]
        errors = driver.execute_script("return [...document.querySelectorAll('mjx-merror')]"
                                       ".map(e => e.getAttribute('data-mjx-error') || "
                                       "e.textContent)")
        problems += [f"{page}: TeX error: {error}" for error in errors]
        broken = driver.execute_script(
            "return [...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
            ".map(i => i.getAttribute('src'))")
        problems += [f"{page}: image did not load: {src}" for src in broken]
        open_answers = driver.execute_script(  # a docstring's Notes (mkdocstrings) stay open
            "return [...document.querySelectorAll('.md-content details')]"
            ".filter(d => d.open && !d.closest('.doc')).length")
        if open_answers:
            problems.append(f"{page}: {open_answers} answer(s) shown unfolded")
        resources = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        problems += [f"{page}: fetched {name}" for name in resources
                     if not _local(name, origin)]
        problems += [f"{page}: requested {name}" for name in _requests(driver)
                     if not _local(name, origin)]
        problems += [f"{page}: console: {entry['message']}" for entry in driver.get_log("browser")
                     if entry["level"] == "SEVERE"]
    assert not problems, "\n".join(problems)


def _search(driver, origin: str, query: str, expected: str) -> list[list[str]]:
    """The search results for ``query`` on the home page, once one of them holds ``expected``:
    [text, link] per result (a page's, then its sections')."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    _load(driver, f"{origin}/")
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    if not box.is_displayed():  # a narrow window: the search box opens from the header's icon
        next(label for label in driver.find_elements(By.CSS_SELECTOR, "label[for='__search']")
             if label.is_displayed()).click()
    WebDriverWait(driver, 20).until(ready.element_to_be_clickable(box)).click()
    box.send_keys(query)
    results_js = ("return [...document.querySelectorAll('.md-search-result__item')]"
                  ".map(item => [item.innerText, (item.querySelector('a') || {}).href])")

    def found(d):  # the results are redrawn while they arrive: read them in one go
        results = d.execute_script(results_js)
        return results if any(expected in text.lower() for text, _ in results) else False

    return WebDriverWait(driver, 30).until(found)


def test_search_finds_cross_entropy(driver, origin):
    results = _search(driver, origin, "cross-entropy", "entropy")
    assert any("cross" in text.lower() for text, _ in results)
    links = [link for _, link in results if link]
    assert links and all(link.startswith(origin + "/") for link in links)
    assert [name for name in _requests(driver) if not _local(name, origin)] == []


#: TeX in a search result: delimiters or a command of the lessons' formulas.
SNIPPET_TEX = re.compile(r"\\[()\[\]]|\$\$|\\(?:frac|tfrac|sum|prod|hat|bar|log|ln|exp|"
                         r"sigma|theta|lambda|mu|pi|tau|mid|approx|cdot|times|mathrm|text|"
                         r"operatorname|left|right|qquad|le|ge)\b")


@pytest.mark.parametrize("query, expected", [("log10", "≈"), ("underflow", "underflow"),
                                             ("gaussian", "σ")])
def test_search_snippets_show_formulas_as_text_not_tex(driver, origin, query, expected):
    results = _search(driver, origin, query, expected)
    tex = [text[:120] for text, _ in results if SNIPPET_TEX.search(text)]
    assert tex == [], f"search results for {query!r} show TeX"
    titles = [text.splitlines()[0] for text, link in results if link and "#" not in link]
    assert len(titles) == len(set(titles)), f"two result pages share a title: {titles}"


def test_the_palette_toggles_between_light_and_dark(driver, origin):
    from selenium.webdriver.common.by import By

    _load(driver, f"{origin}/")
    scheme = "return document.body.getAttribute('data-md-color-scheme')"
    before = driver.execute_script(scheme)
    toggles = [label for label in driver.find_elements(By.CSS_SELECTOR,
                                                       "form[data-md-component='palette'] label")
               if label.is_displayed()]
    assert toggles, "no palette toggle"
    toggles[0].click()
    after = driver.execute_script(scheme)
    assert {before, after} == {"default", "slate"}


def _page_title(site_name: str, title: str) -> str:
    return title.removesuffix(f" - {site_name}")


def test_every_page_has_a_title_of_its_own_and_the_footers_name_theirs(driver, origin, site,
                                                                       days):
    pages = _pages(site)
    titles, footers = {}, {}
    for page in pages:
        driver.get(f"{origin}/{page}")
        titles[f"{origin}/{page}"] = driver.title
        footers[page] = driver.execute_script(
            "return [...document.querySelectorAll('a.md-footer__link')].map(a => "
            "[a.href, a.querySelector('.md-ellipsis').textContent.trim()])")
    repeated = {title for title in titles.values() if list(titles.values()).count(title) > 1}
    assert not repeated, f"pages share a title: {sorted(repeated)}"
    site_name = titles[f"{origin}/"]
    for day in days:
        theory = _page_title(site_name, titles[f"{origin}/days/{day.name}/"])
        assert theory == f"Day {day.number} · {day.topic}", theory
        if day.notebook:
            notebook = titles[f"{origin}/days/{day.name}/{day.name}/"]
            assert notebook.startswith(f"Day {day.number} · Notebook · {day.topic}"), notebook
        exercises = titles.get(f"{origin}/days/{day.name}/exercises/")
        assert exercises is None or exercises.startswith(f"Day {day.number} · Exercises · ")
    for page, links in footers.items():
        assert links, f"{page}: no previous/next link in the footer"
        for href, text in links:
            expected = "Home" if href == f"{origin}/" else _page_title(site_name, titles[href])
            assert text == expected, f"{page}: the footer says {text!r}, not {expected!r}"


@pytest.mark.parametrize("width", WIDTHS)
def test_no_typeset_formula_runs_out_of_its_box(driver, origin, site, width):
    driver.set_window_size(width, 900)
    problems = []
    try:
        for page in _pages(site):
            if not _maths_expected(site, page) and page != "":
                continue
            assert _load(driver, f"{origin}/{page}") in ("ok", "no mathjax")
            driver.execute_async_script("document.fonts.ready.then(arguments[0])")
            problems += [f"{page}: {problem}"
                         for problem in driver.execute_script(FORMULA_OVERFLOW_JS)]
    finally:
        driver.set_window_size(1280, 900)
    assert not problems, f"at {width} px:\n" + "\n".join(problems)


def _close_lightbox(driver) -> None:
    """Press Escape and wait until the lightbox has gone."""
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    driver.find_element("tag name", "body").send_keys(Keys.ESCAPE)
    WebDriverWait(driver, 10).until(lambda d: not d.execute_script(
        "return document.querySelector('.glightbox-container')"))


def _open_in_lightbox(driver, index: int) -> float:
    """Click the page's ``index``-th content image; the width the lightbox shows it at."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("const i = document.querySelectorAll('.md-content img')"
                          f"[{index}]; i.scrollIntoView(); i.closest('a').click();")
    widths = [0.0]

    def opened(d):  # shown, and no longer growing (the zoom effect)
        widths.append(d.execute_script(LIGHTBOX_WIDTH_JS))
        return widths[-1] if widths[-1] > 0 and widths[-1] == widths[-2] else False

    shown = WebDriverWait(driver, 10, poll_frequency=0.2).until(opened)
    _close_lightbox(driver)
    return shown


def test_every_figure_fills_its_column_or_opens_enlarged(driver, origin, site):
    driver.set_window_size(1280, 900)
    problems, widest = [], None
    for page in _pages(site):
        _load(driver, f"{origin}/{page}")
        column, figures = driver.execute_script(FIGURES_JS)
        for index, figure in enumerate(figures):
            name = f"{page}: {figure['src'][:60]}"
            if not figure["lightbox"]:  # at a phone's width every figure needs it
                problems.append(f"{name} does not open enlarged when clicked")
            elif figure["width"] < column - 1:
                shown = _open_in_lightbox(driver, index)
                if shown <= figure["width"] + 1:
                    problems.append(f"{name} is {figure['width']:.0f} px wide in a "
                                    f"{column:.0f} px column, and the lightbox shows it "
                                    f"{shown:.0f} px wide")
            ratio = figure["natural"] / max(figure["width"], 1)
            if widest is None or ratio > widest[0]:
                widest = (ratio, page, index, figure["width"])
    assert not problems, "\n".join(problems)
    assert widest, "the site shows no figure"
    _, page, index, width = widest  # the lightbox itself works: the widest figure grows
    _load(driver, f"{origin}/{page}")
    assert _open_in_lightbox(driver, index) > width + 1


def test_notebook_pages_show_their_outputs_and_figures(driver, origin, days):
    for day in days:
        if not day.notebook:
            continue
        _load(driver, f"{origin}/days/{day.name}/{day.name}/")
        outputs, images = driver.execute_script(
            "return [document.querySelectorAll('.jp-OutputArea-output').length, "
            "[...document.querySelectorAll('.jp-OutputArea-output img')]"
            ".map(i => i.naturalWidth)]")
        assert outputs > 0, f"{day.notebook}: the page shows no output"
        assert images and all(width > 0 for width in images), \
            f"{day.notebook}: the page shows no figure ({images})"


def _screenshot(driver, url: str, width: int, path: Path) -> None:
    driver.set_window_size(width, 900)
    assert _load(driver, url) in ("ok", "no mathjax")
    driver.execute_async_script("document.fonts.ready.then(arguments[0])")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(int(height), 900), 16000))
    assert driver.save_screenshot(str(path)) and path.stat().st_size > 10_000
    shutil.copy(path, SCREENSHOTS / path.name)


def test_screenshots_at_phone_and_desktop_width(driver, origin, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.execute_script("localStorage.clear()")  # the light palette, as a first visit
    try:
        for name, page in (("home", ""), ("day48", "days/day48/"),
                           ("day48-notebook", "days/day48/day48/")):
            for width in WIDTHS:
                _screenshot(driver, f"{origin}/{page}", width, tmp_path / f"{name}-{width}.png")
    finally:
        driver.set_window_size(1280, 900)


def test_screenshots_of_each_days_theory_page(driver, origin, days, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.execute_script("localStorage.clear()")  # the light palette, as a first visit
    try:
        for day in days:
            _screenshot(driver, f"{origin}/days/{day.name}/", 1280, tmp_path / f"{day.name}.png")
    finally:
        driver.set_window_size(1280, 900)
