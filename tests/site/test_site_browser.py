"""The website as a student sees it: every page in headless Chromium, served from localhost.

Checks each page for maths left as raw TeX, images that did not load, console errors and any
request that left localhost; searches for "cross-entropy"; toggles the dark palette; and saves
a screenshot of each day's theory page (in the test's folder and in build/screenshots/).
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
        open_answers = driver.execute_script(
            "return [...document.querySelectorAll('.md-content details')]"
            ".filter(d => d.open).length")
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


def test_search_finds_cross_entropy(driver, origin):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    _load(driver, f"{origin}/")
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    if not box.is_displayed():  # a narrow window: the search box opens from the header's icon
        next(label for label in driver.find_elements(By.CSS_SELECTOR, "label[for='__search']")
             if label.is_displayed()).click()
    WebDriverWait(driver, 20).until(ready.element_to_be_clickable(box)).click()
    box.send_keys("cross-entropy")
    results_js = ("return [...document.querySelectorAll('.md-search-result__item')]"
                  ".map(item => [item.innerText, (item.querySelector('a') || {}).href])")

    def found(d):  # the results are redrawn while they arrive: read them in one go
        results = d.execute_script(results_js)
        return results if any("entropy" in text.lower() for text, _ in results) else False

    results = WebDriverWait(driver, 30).until(found)
    assert any("cross" in text.lower() for text, _ in results)
    links = [link for _, link in results if link]
    assert links and all(link.startswith(origin + "/") for link in links)
    assert [name for name in _requests(driver) if not _local(name, origin)] == []


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


def test_screenshots_of_each_days_theory_page(driver, origin, days, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.execute_script("localStorage.clear()")  # the light palette, as a first visit
    try:
        for day in days:
            assert _load(driver, f"{origin}/days/{day.name}/") in ("ok", "no mathjax")
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(1280, min(max(int(height), 900), 16000))
            shot = tmp_path / f"{day.name}.png"
            assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
            shutil.copy(shot, SCREENSHOTS / shot.name)
    finally:
        driver.set_window_size(1280, 900)
