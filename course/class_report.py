"""The class report of a grading run: which mistakes the class makes.

``python -m course report OUT`` reads ``OUT/<submission>/results.json`` of a finished
``python -m course grade ... --out OUT`` (which writes this report too, for two submissions or
more) and writes ``OUT/report/``:

* ``report.md`` and ``report.html``: the same page, as markdown and as HTML that works offline
  (no script, font or style sheet is fetched from anywhere);
* ``scores_per_day.png``: per day, a histogram of the students' points;
* ``points_per_function.png``: per function, how many students earned full points, some, none,
  or did not start it;
* ``frequent_hints.png``: the hints that the most students got, and per function the tables of
  its most frequent hints.

Counts of hints are counts of *students*: a student whose three tests of a function name the
same mistake counts once for it. Hints that differ only in their numbers ("the sum over the 3
samples", "over the 5000 samples") are one mistake, shown in its most frequent wording.
Submissions that could not be graded are listed with the reason and left out of the
distributions (their zeros say nothing about the class's mistakes).
"""

from __future__ import annotations

import html
import math
import re
import statistics
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from course.grader import report

#: Figures are WIDTH x height inches at DPI dots per inch: 1000 pixels wide.
DPI = 100
WIDTH = 10.0
#: The day panels of the score histograms: per row, and each row's height in inches.
PANELS_PER_ROW = 3
PANEL_HEIGHT = 3.0
#: A bar chart is FRAME inches (title, axis label, legend) plus BAR inches per bar.
FRAME = 1.6
BAR = 0.34
#: How many hints the figure shows, and how many each function's table lists.
TOP_HINTS = 12
HINTS_PER_FUNCTION = 5
#: Colours that stay distinct for colour-blind readers (Okabe and Ito's palette).
CATEGORY_COLOURS = {"full points": "#009E73", "some points": "#E69F00",
                    "no points": "#D55E00", "not started": "#BBBBBB"}
DAY_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
               "#000000")
FIGURES = ("scores_per_day.png", "points_per_function.png", "frequent_hints.png")


@dataclass
class FunctionStats:
    """How the class did on one function."""

    function: str
    maximum: float
    scores: list[float] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    #: Students per mistake (a hint with its numbers taken out), and each one's wordings.
    mistakes: Counter[str] = field(default_factory=Counter)
    wordings: dict[str, Counter[str]] = field(default_factory=dict)

    @property
    def hints(self) -> list[tuple[str, int]]:
        """(hint, students) per mistake, the most frequent first; the hint in the wording
        most students got."""
        ranked = sorted(self.mistakes.items(), key=lambda item: (-item[1], item[0]))
        return [(min(self.wordings[key].items(), key=lambda w: (-w[1], w[0]))[0], n)
                for key, n in ranked]


@dataclass
class ClassSummary:
    """What the report shows, computed from the ``results.json`` of a run."""

    lines: list[report.Graded]
    maxima: dict[str, float]
    functions: dict[str, FunctionStats]
    #: Per day, the graded students' points of that day.
    days: dict[str, list[float]]

    @property
    def graded(self) -> list[report.Graded]:
        return [line for line in self.lines if line.graded]

    @property
    def ungraded(self) -> list[report.Graded]:
        return [line for line in self.lines if not line.graded]

    def day_maximum(self, day: str) -> float:
        return sum(top for f, top in self.maxima.items() if _day(f) == day)


def _day(function: str) -> str:
    return function.split(".", 1)[0]


def category(line: report.Graded, function: str, maximum: float) -> str:
    """``full points``, ``some points``, ``no points`` or ``not started``."""
    if function in line.not_started:
        return "not started"
    score = line.functions.get(function, (0.0, 0.0))[0]
    if maximum and score >= maximum:
        return "full points"
    return "some points" if score > 0 else "no points"


_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def mistake(hint: str) -> str:
    """The mistake a hint names: the hint with its numbers replaced by ``#``."""
    return _NUMBER.sub("#", hint)


def day_points(line: report.Graded, day: str) -> float:
    """The points ``line`` earned on ``day``."""
    return sum(score for f, (score, _) in line.functions.items() if _day(f) == day)


def summarise(all_results: dict[str, dict]) -> ClassSummary:
    """The class's scores, categories and hints, per day and per function."""
    lines = [report.graded_line(name, results) for name, results in sorted(all_results.items())]
    maxima = report.maxima(lines)
    functions = {f: FunctionStats(f, top) for f, top in maxima.items()}
    days: dict[str, list[float]] = {day: [] for day in sorted({_day(f) for f in maxima})}
    for line in lines:
        if not line.graded:
            continue
        for day in days:
            days[day].append(day_points(line, day))
        for function, stats in functions.items():
            stats.scores.append(line.functions.get(function, (0.0, 0.0))[0])
            stats.counts[category(line, function, stats.maximum)] += 1
            hints = line.hints.get(function, [])  # distinct already
            stats.mistakes.update({mistake(hint) for hint in hints})  # once per student
            for hint in hints:
                stats.wordings.setdefault(mistake(hint), Counter())[hint] += 1
    return ClassSummary(lines, maxima, functions, days)


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------
def figure_height(name: str, count: int) -> float:
    """The height in inches of figure ``name`` showing ``count`` days, functions or hints."""
    if name == "scores_per_day.png":
        return PANEL_HEIGHT * max(1, math.ceil(count / PANELS_PER_ROW))
    return FRAME + BAR * max(count, 1)


def _new_figure(name: str, count: int):
    from matplotlib.figure import Figure  # only here: the grader's process never needs it

    return Figure(figsize=(WIDTH, figure_height(name, count)), dpi=DPI, layout="constrained")


def _bins(maximum: float) -> list[float]:
    """Histogram edges from 0 to ``maximum``: one point wide up to 20 points, else 20 bins."""
    count = max(1, min(20, math.ceil(maximum)))
    return [maximum * k / count for k in range(count + 1)]


def plot_scores_per_day(summary: ClassSummary, path: Path) -> None:
    from matplotlib.ticker import MaxNLocator

    days = list(summary.days)
    figure = _new_figure(path.name, len(days))
    rows = max(1, math.ceil(len(days) / PANELS_PER_ROW))
    columns = max(1, min(len(days), PANELS_PER_ROW))
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    for ax, day in zip(axes, days, strict=False):
        scores, top = summary.days[day], summary.day_maximum(day)
        ax.hist(scores, bins=_bins(top) if top else 1, color=DAY_COLOURS[0],
                edgecolor="white", label=f"students ({len(scores)})")
        if scores:
            middle = statistics.median(scores)
            ax.axvline(middle, color="#000000", linestyle="--", label=f"median {middle:g}")
        ax.set_xlim(0, top or 1)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(f"Day {day[3:]} (max {top:g} points)")
        ax.set_xlabel("points")
        ax.set_ylabel("students")
        ax.legend(loc="best", fontsize="small")
    for ax in axes[len(days):]:
        ax.set_visible(False)
    figure.suptitle("Score distribution per day (graded submissions)")
    figure.savefig(path, dpi=DPI)


def plot_points_per_function(summary: ClassSummary, path: Path) -> None:
    from matplotlib.ticker import MaxNLocator

    stats = list(summary.functions.values())
    figure = _new_figure(path.name, len(stats))
    ax = figure.subplots()
    positions = list(range(len(stats)))
    left = [0.0] * len(stats)
    for name, colour in CATEGORY_COLOURS.items():
        counts = [s.counts[name] for s in stats]
        ax.barh(positions, counts, left=left, color=colour, label=name)
        left = [a + b for a, b in zip(left, counts, strict=True)]
    ax.set_yticks(positions, [_label(f"{s.function} (max {s.maximum:g})") for s in stats])
    ax.invert_yaxis()  # the first function on top, as in the tables
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("students")
    ax.set_title("Points per function: who earned all, some or none of them")
    figure.legend(loc="outside lower center", ncols=len(CATEGORY_COLOURS), fontsize="small")
    figure.savefig(path, dpi=DPI)


def frequent_hints(summary: ClassSummary, top: int = TOP_HINTS) -> list[tuple[str, str, int]]:
    """The ``top`` (function, hint, students) triples with the most students, most first."""
    triples = [(f, hint, n) for f, stats in summary.functions.items()
               for hint, n in stats.hints]
    return sorted(triples, key=lambda t: (-t[2], t[0], t[1]))[:top]


def _shorten(text: str, width: int) -> str:
    return textwrap.shorten(text, width=width, placeholder=" …")


def _label(text: str) -> str:
    """``text`` as Matplotlib shows it literally: text between two ``$`` would be typeset as
    mathematics, and fail to draw where it is not valid mathematics (``$a^^b$``)."""
    return text.replace("$", r"\$")


def plot_frequent_hints(summary: ClassSummary, path: Path) -> None:
    from matplotlib.ticker import MaxNLocator

    triples = frequent_hints(summary)
    figure = _new_figure(path.name, len(triples))
    ax = figure.subplots()
    days = sorted({_day(f) for f, _, _ in triples})
    colour = {day: DAY_COLOURS[k % len(DAY_COLOURS)] for k, day in enumerate(days)}
    for day in days:  # one bar series per day, so the legend names the days
        rows = [(k, n) for k, (f, _, n) in enumerate(triples) if _day(f) == day]
        ax.barh([k for k, _ in rows], [n for _, n in rows], color=colour[day],
                label=f"Day {day[3:]}")
    ax.set_yticks(range(len(triples)),
                  [_label(f"{f.split('.', 1)[1]}: {_shorten(hint, 60)}")
                   for f, hint, _ in triples],
                  fontsize="small")
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("students who got this hint")
    ax.set_title(f"The {len(triples)} most frequent hints")
    figure.legend(loc="outside lower center", ncols=max(1, len(days)), fontsize="small")
    figure.savefig(path, dpi=DPI)


# --------------------------------------------------------------------------------------------
# The page: blocks rendered as markdown and as HTML
# --------------------------------------------------------------------------------------------
Block = tuple  # ("h1" | "h2" | "h3" | "p", text) | ("img", file, alt) | ("table", head, rows)


def _mean(values: list[float]) -> str:
    return f"{statistics.fmean(values):.1f}" if values else "-"


def _percent(count: int, total: int) -> str:
    return f"{count} ({100 * count / total:.0f} %)" if total else "0"


def page(summary: ClassSummary, figures: list[str]) -> list[Block]:
    """The report's content, in order."""
    graded, ungraded = summary.graded, summary.ungraded
    times = sorted(line.graded_at for line in summary.lines if line.graded_at)
    when = f" Graded from {times[0]} to {times[-1]}." if times else ""
    days = ", ".join(day[3:] for day in summary.days) or "none"
    blocks: list[Block] = [
        ("h1", "Class report"),
        ("p", f"{len(summary.lines)} submissions: {len(graded)} graded, {len(ungraded)} could "
              f"not be graded (listed at the end, left out of the figures and tables). Days: "
              f"{days}.{when} Hints are counted once per student."),
        ("h2", "Score distribution per day"),
    ]
    if "scores_per_day.png" in figures:
        blocks.append(("img", "scores_per_day.png", "Histograms of the points per day"))
    rows = []
    for day, scores in summary.days.items():
        top = summary.day_maximum(day)
        rows.append([day, f"{top:g}", str(len(scores)), _mean(scores),
                     f"{statistics.median(scores):g}" if scores else "-",
                     f"{min(scores):g}" if scores else "-", f"{max(scores):g}" if scores else "-",
                     _percent(sum(s >= top for s in scores), len(scores))])
    blocks.append(("table", ["day", "max", "graded", "mean", "median", "lowest", "highest",
                             "full points"], rows))
    blocks.append(("h2", "Points per function"))
    if "points_per_function.png" in figures:
        blocks.append(("img", "points_per_function.png",
                       "Students with full, some, no points or not started, per function"))
    blocks.append(("table", ["function", "max", "mean", *CATEGORY_COLOURS],
                   [[s.function, f"{s.maximum:g}", _mean(s.scores),
                     *(_percent(s.counts[name], len(s.scores)) for name in CATEGORY_COLOURS)]
                    for s in summary.functions.values()]))
    blocks.append(("h2", "Most frequent hints per function"))
    if "frequent_hints.png" in figures:
        blocks.append(("img", "frequent_hints.png", "The most frequent hints"))
    with_hints = [s for s in summary.functions.values() if s.hints]
    if not with_hints:
        blocks.append(("p", "No failed test gave a hint."))
    for stats in with_hints:
        blocks.append(("h3", f"{stats.function} (max {stats.maximum:g})"))
        blocks.append(("table", ["students", "hint"],
                       [[str(n), hint] for hint, n in stats.hints[:HINTS_PER_FUNCTION]]))
    if ungraded:
        blocks.append(("h2", "Could not be graded"))
        blocks.append(("table", ["submission", "reason"],
                       [[line.name, line.status.removeprefix(f"{report.CANNOT_GRADE}: ")]
                        for line in ungraded]))
    blocks.append(("h2", "Students"))
    day_tops = {day: summary.day_maximum(day) for day in summary.days}
    full = sum(summary.maxima.values())
    blocks.append(("table", ["submission", *(f"{day} (max {top:g})" for day, top in
                                             day_tops.items()), f"total (max {full:g})",
                             "status"],
                   [[line.name, *(f"{day_points(line, day):g}" for day in day_tops),
                     f"{sum(s for s, _ in line.functions.values()):g}", line.status]
                    for line in summary.lines]))
    return blocks


def _md(text: str) -> str:
    """Plain text safe in markdown (and in a table cell): no markup, no HTML."""
    text = html.escape(text, quote=False)
    for char in "\\`*[]|#":
        text = text.replace(char, "\\" + char)
    # An underscore inside a word (day48.binary_cross_entropy) is no emphasis in CommonMark.
    text = re.sub(r"(?<!\w)_|_(?!\w)", r"\\_", text)
    return " ".join(text.split())


def render_markdown(blocks: list[Block]) -> str:
    out = []
    for kind, *rest in blocks:
        if kind in ("h1", "h2", "h3"):
            out.append(f"{'#' * int(kind[1])} {_md(rest[0])}")
        elif kind == "p":
            out.append(_md(rest[0]))
        elif kind == "img":
            out.append(f"![{_md(rest[1])}]({rest[0]})")
        elif kind == "table":
            head, rows = rest
            lines = ["| " + " | ".join(_md(h) for h in head) + " |",
                     "|" + "|".join("---" for _ in head) + "|"]
            lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


STYLE = """
body { font-family: system-ui, sans-serif; max-width: 64rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.45; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left;
         vertical-align: top; }
th { background: #f2f2f2; }
img { max-width: 100%; height: auto; }
"""


def render_html(blocks: list[Block]) -> str:
    """A page that needs nothing but itself and the PNGs beside it."""
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           "<title>Class report</title>", f"<style>{STYLE}</style>", "</head>", "<body>"]
    for kind, *rest in blocks:
        if kind in ("h1", "h2", "h3", "p"):
            out.append(f"<{kind}>{html.escape(rest[0])}</{kind}>")
        elif kind == "img":
            out.append(f'<p><img src="{html.escape(rest[0])}" alt="{html.escape(rest[1])}">'
                       "</p>")
        elif kind == "table":
            head, rows = rest
            out.append("<table>")
            out.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr>")
            out += ["<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                    for row in rows]
            out.append("</table>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def write(folder: Path, all_results: dict[str, dict]) -> list[Path]:
    """Write the class report of ``all_results`` into ``folder``; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    summary = summarise(all_results)
    plots = {"scores_per_day.png": (plot_scores_per_day, bool(summary.days)),
             "points_per_function.png": (plot_points_per_function, bool(summary.functions)),
             "frequent_hints.png": (plot_frequent_hints, bool(frequent_hints(summary)))}
    written = []
    for name, (plot, has_data) in plots.items():
        if has_data:
            plot(summary, folder / name)
            written.append(folder / name)
        else:
            (folder / name).unlink(missing_ok=True)  # no stale figure from an earlier run
    blocks = page(summary, [p.name for p in written])
    for name, text in (("report.md", render_markdown(blocks)),
                       ("report.html", render_html(blocks))):
        report.write_atomically(folder / name, text)
        written.append(folder / name)
    return written
