"""Annex 1, *schemat organizacyjny*: the org chart with its title block, in print formats.

Graphviz lays the chart out and cairo draws it, embedding DejaVu Sans (all Polish letters) in
the PDF. A PDF is one page of an exact A4/A3 size: the drawing is scaled onto the page with
pypdf. When that would make the text smaller than :data:`MIN_TEXT_PT`, the layout is first
made narrower or taller to suit the page (``spread_depth`` and ``wrap`` in
:mod:`model.exports.orgchart`); if no layout is readable we refuse with a message naming a page that
works, or on request split the chart into an overview and parts, instead of printing a chart
nobody can read.
"""

from __future__ import annotations

import html
import io
import json
import math
import textwrap
from dataclasses import dataclass

import graphviz
from pypdf import PageObject, PdfReader, PdfWriter, Transformation

from model.config.loader import Scenario
from model.config.schema import Unit
from model.exports.orgchart import FONT_SIZE, SMALL_FONT_SIZE, dotted_lines, orgchart, with_depth
from model.exports.wording import BLANK, centre_genitive, order_reference
from model.i18n import Message, msg, t

POINTS_PER_MM = 72 / 25.4
PAGES = {"a4": (210 * POINTS_PER_MM, 297 * POINTS_PER_MM), "a3": (297 * POINTS_PER_MM, 420 * POINTS_PER_MM)}
"""Portrait page sizes in points."""

MARGIN_PT = 8 * POINTS_PER_MM
MIN_TEXT_PT = 6.0
"""The smallest text (FTE lines) may not print smaller than this; 6 pt is legible on paper."""
PAD_PT = 6
"""White space Graphviz leaves around the drawing."""
TITLE_ALLOWANCE_PT = 130
"""Height of the title block (three-line caption, two-line headline, subtitle, legend), for comparing layouts."""
TITLE_CELL_PADDING_PT = 24
"""What Graphviz adds around a title cell; the cell is narrower by this so the title block is
no wider than the chart."""
SUBTITLE_CHAR_PT = 7
"""Average width of a character of the subtitle, to wrap it within the chart's width."""
MAX_ENLARGEMENT = 1.5
"""A small chart grows to fill the page, but not into a poster."""

NOMINATIVE = "Regulamin Organizacyjny"


class ExportError(ValueError):
    """An export cannot be produced as asked (page too small, Graphviz missing): one clear line,
    a catalogue :class:`~model.i18n.Message` put into words in the caller's language."""

    def __init__(self, code: str, **params) -> None:
        self.message = msg(code, **params)
        super().__init__(self.message.text("pl"))

    def text(self, lang: str = "pl") -> str:
        return self.message.text(lang)


@dataclass(frozen=True)
class Page:
    """A sheet of paper: ``size`` ``"a4"`` or ``"a3"``, portrait unless ``landscape``."""

    size: str = "a4"
    landscape: bool = False

    def __post_init__(self) -> None:
        if self.size not in PAGES:
            raise ExportError("error.export.page_size", size=self.size, sizes=", ".join(PAGES))

    @property
    def points(self) -> tuple[float, float]:
        width, height = PAGES[self.size]
        return (height, width) if self.landscape else (width, height)

    def label(self) -> Message:
        """``A4 poziomo`` / ``A4 landscape``."""
        return msg("page.landscape" if self.landscape else "page.portrait", size=self.size.upper())

    def __str__(self) -> str:
        return self.label().text("pl")


def annex_caption(scenario: Scenario, number: int, lang: str = "pl") -> list[str]:
    """The lines that head an annex: which annex, of which regulation, and the order that adopts it.

    In Polish: ``Załącznik nr 2`` / ``do Regulaminu Organizacyjnego Miejskiego Ośrodka …`` /
    ``stanowiącego załącznik nr 1 do Zarządzenia nr 12/2017 Dyrektora Miejskiego Ośrodka … z dnia
    31 lipca 2017 r.``. ``regulation.title`` names the regulation; one starting "Regulamin
    Organizacyjny" is put in the genitive the caption needs, any other is quoted. A missing order
    number or date is left as a dotted blank (:func:`model.exports.wording.order_reference`).
    """
    regulation = scenario.config.centre.regulation
    title = regulation.title if regulation and regulation.title else None
    if lang != "pl":
        date = regulation.order_date.isoformat() if regulation and regulation.order_date else BLANK
        order = regulation.order_number if regulation and regulation.order_number else BLANK
        return [
            f"Annex {number}",
            f"to the Organisational Regulation of {scenario.config.centre.name},",
            f"annex 1 to the Order no. {order} of the head of the centre of {date}",
        ]
    if title and title.startswith(NOMINATIVE):
        of_regulation = "do Regulaminu Organizacyjnego" + title[len(NOMINATIVE) :]
    elif title:
        of_regulation = f"do regulaminu „{title}”"
    else:
        of_regulation = f"do Regulaminu Organizacyjnego {centre_genitive(scenario)}"
    return [
        f"Załącznik nr {number}",
        of_regulation,
        f"stanowiącego załącznik nr 1 do {order_reference(scenario)}",
    ]


def regulation_subtitle(scenario: Scenario) -> str:
    """The line under the regulation's title: ``stanowiący załącznik nr 1 do Zarządzenia nr …``."""
    return f"stanowiący załącznik nr 1 do {order_reference(scenario)}"


def regulation_title(scenario: Scenario) -> str:
    """The regulation's name: ``regulation.title``, or one made from the centre's name."""
    regulation = scenario.config.centre.regulation
    if regulation and regulation.title:
        return regulation.title
    return f"{NOMINATIVE} – {scenario.config.centre.name}"


def chart_title(scenario: Scenario, lang: str = "pl") -> str:
    return t("chart.title", lang, centre=scenario.config.centre.name)


CAPTION_CHAR_PT = 5.5
"""Average width of a character of the caption (small print), to wrap it within the chart's width."""


def annex_chart(
    scenario: Scenario,
    *,
    title: bool = True,
    lang: str = "pl",
    subtitle: str | None = None,
    width: float | None = None,
    **options,
) -> graphviz.Digraph:
    """The chart of :func:`model.exports.orgchart.orgchart` (same ``options``) with the annex title block.

    The title block is the graph's label, as wide as the chart (``width`` in points, measured
    by a layout when not given), the annex caption on the right and the headline centred; when
    the chart has dotted lines, a legend says what they mean.
    """
    graph = orgchart(scenario, lang=lang, **options)
    graph.attr(pad=f"{PAD_PT / 72:g}", margin="0")  # cairo's PDF would add a 36 pt margin
    if title:
        width = width or _layout_size(graph)[0] - 2 * PAD_PT
        caption = "<BR/>".join(
            html.escape(part)
            for line in annex_caption(scenario, 1, lang)
            for part in textwrap.wrap(line, max(30, int(width / CAPTION_CHAR_PT)))
        )
        headline = "<BR/>".join(html.escape(line) for line in textwrap.wrap(chart_title(scenario, lang), 48))
        cell = f'TD WIDTH="{max(width - TITLE_CELL_PADDING_PT, 0):.0f}"'
        lines = textwrap.wrap(subtitle or "", max(40, int(width / SUBTITLE_CHAR_PT)))
        below = f"<TR><{cell}>{'<BR/>'.join(html.escape(line) for line in lines)}</TD></TR>" if lines else ""
        if dotted_lines(scenario, options.get("root"), options.get("max_depth")):
            legend = "<BR/>".join(
                html.escape(part) for part in textwrap.wrap(t("chart.legend.lines", lang), int(width / CAPTION_CHAR_PT))
            )
            below += f'<TR><{cell} ALIGN="LEFT"><FONT POINT-SIZE="{SMALL_FONT_SIZE}">{legend}</FONT></TD></TR>'
        graph.attr(
            labelloc="t",
            labeljust="c",
            label=(
                f'<<TABLE BORDER="0" CELLPADDING="2">'
                f'<TR><{cell} ALIGN="RIGHT"><FONT POINT-SIZE="{SMALL_FONT_SIZE}">{caption}</FONT></TD></TR>'
                f'<TR><{cell}><FONT POINT-SIZE="{FONT_SIZE + 3}"><B>{headline}</B></FONT></TD></TR>'
                f"{below}<TR><TD> </TD></TR></TABLE>>"
            ),
        )
    return graph


def _tops(scenario: Scenario, root: tuple[str, ...] | None) -> list[Unit]:
    """The units at the top of a chart: those of ``root``, in its order, else the chart's own."""
    if not root:
        return scenario.config.units
    by_id = {unit.id: unit for unit in scenario.units}
    return [by_id[unit_id] for unit_id in root if unit_id in by_id]


def chart_dot(scenario: Scenario, **options) -> str:
    return annex_chart(scenario, **options).source


def chart_svg(scenario: Scenario, **options) -> bytes:
    return _pipe(annex_chart(scenario, **options), "svg")


def chart_png(scenario: Scenario, dpi: int = 150, **options) -> bytes:
    """The chart at its natural size (11 pt text) rendered at ``dpi`` pixels per inch."""
    graph = annex_chart(scenario, **options)
    graph.attr(dpi=str(dpi))
    return _pipe(graph, "png")


def chart_pdf(scenario: Scenario, page: Page = Page(), *, split: bool = False, **options) -> bytes:
    """The chart fitted to pages of exactly ``page``'s size, fonts embedded; one page if it fits.

    Unless ``spread_depth`` or ``wrap`` is given, the layout that prints largest is chosen.
    When even that would print text below :data:`MIN_TEXT_PT`, ``split`` makes an overview
    page plus a page per branch (see :func:`split_chart`); without it :class:`ExportError`
    names a page size that works.
    """
    layouts = Layouts(scenario, options)
    whole = layouts.fit(page)
    if whole.readable:
        return _document([whole], page)
    if split:
        return _document(split_chart(layouts, page), page)
    better = next((p for p in _bigger_pages(page) if layouts.readable(layouts.best(p)[1])), None)
    advice = msg("error.export.advice_page", page=better.label()) if better else msg("error.export.advice_split")
    raise ExportError(
        "error.export.unreadable",
        page=page.label(),
        size=whole.scale * SMALL_FONT_SIZE,
        minimum=MIN_TEXT_PT,
        advice=advice,
    )


AUTO_PAGES = (Page("a4"), Page("a4", landscape=True), Page("a3"), Page("a3", landscape=True))
"""The sheets tried in turn when no page is asked for: the smallest an office prints first."""
AUTO_SPLIT = Page("a4", landscape=True)
"""The sheet of a chart too big for one A3: an overview and a page a branch, on A4 that any printer takes."""


@dataclass(frozen=True)
class AutoPdf:
    """The chart on the first page of :data:`AUTO_PAGES` where its text stays readable, or split."""

    pdf: bytes
    page: Page
    split: bool
    text_pt: float
    """The smallest text as printed, in points (of the overview page when split)."""

    def label(self) -> Message:
        """``A3 pionowo, najmniejszy tekst 7,2 pt`` (or ``… podzielony na strony``), for the user to see."""
        return msg("page.chosen_split" if self.split else "page.chosen", page=self.page.label(), size=self.text_pt)


def chart_pdf_auto(scenario: Scenario, **options) -> AutoPdf:
    """The chart as a PDF on the page that keeps its text at :data:`MIN_TEXT_PT` or more, and which page that is."""
    layouts = Layouts(scenario, options)
    for page in AUTO_PAGES:
        whole = layouts.fit(page)
        if whole.readable:
            return AutoPdf(_document([whole], page), page, False, whole.scale * SMALL_FONT_SIZE)
    parts = split_chart(layouts, AUTO_SPLIT)
    return AutoPdf(_document(parts, AUTO_SPLIT), AUTO_SPLIT, True, min(p.scale for p in parts) * SMALL_FONT_SIZE)


@dataclass(frozen=True)
class Fitted:
    """A chart rendered to PDF at its natural size and the scale that fits it to the page."""

    pdf: bytes
    scale: float

    @property
    def readable(self) -> bool:
        return Layouts.readable(self.scale)


Shape = tuple[int | None, int | None]
"""``(spread_depth, wrap)`` of :func:`model.exports.orgchart.orgchart`."""


class Layouts:
    """The layouts of one chart (or of its parts) for one set of options, each laid out once.

    Choosing a layout and splitting a chart compare many candidates; Graphviz runs are the cost,
    so sizes are measured without the title block (whose height is :data:`TITLE_ALLOWANCE_PT`
    at most) and kept.
    """

    def __init__(self, scenario: Scenario, options: dict):
        self.scenario = scenario
        self.options = dict(options)
        self._sizes: dict[tuple, tuple[float, float]] = {}

    @staticmethod
    def readable(scale: float) -> bool:
        return scale * SMALL_FONT_SIZE >= MIN_TEXT_PT - 1e-9

    def size(
        self, shape: Shape, root: tuple[str, ...] | None = None, max_depth: int | None = None
    ) -> tuple[float, float]:
        """Width and height in points of a part laid out in ``shape``, untitled."""
        key = (shape, root, max_depth)
        if key not in self._sizes:
            graph = annex_chart(self.scenario, title=False, root=root, max_depth=max_depth, **self._with(shape))
            self._sizes[key] = _layout_size(graph)
        return self._sizes[key]

    def shapes(self, root: tuple[str, ...] | None = None, max_depth: int | None = None) -> list[Shape]:
        """Layouts of a part to try, most spread out first: rows of units side by side, then
        fewer levels spread out (``spread_depth`` and ``wrap`` of :func:`model.exports.orgchart.orgchart`);
        only those that can differ for this part."""
        if "spread_depth" in self.options or "wrap" in self.options:
            return [(self.options.get("spread_depth"), self.options.get("wrap"))]
        tops = _tops(self.scenario, root)
        drawn = {
            unit.id: depth for top in tops for unit, depth in with_depth(top) if max_depth is None or depth <= max_depth
        }
        parents = [unit for unit in self.scenario.units if unit.id in drawn and drawn[unit.id] != max_depth]
        deepest = max(drawn.values())
        widest = max((sum(1 for child in unit.units if child.units) for unit in parents), default=0)
        wraps = [None, *sorted({math.ceil(widest / rows) for rows in (2, 3) if widest > rows}, reverse=True)]
        return [(spread, wrap) for spread in [None, *range(deepest - 1, -1, -1)] for wrap in wraps]

    def best(
        self, page: Page, root: tuple[str, ...] | None = None, max_depth: int | None = None
    ) -> tuple[Shape, float]:
        """The layout to print on ``page``, and its estimated scale."""
        return self.ranked(page, root, max_depth)[0]

    def ranked(
        self, page: Page, root: tuple[str, ...] | None = None, max_depth: int | None = None
    ) -> list[tuple[Shape, float]]:
        """Layouts with their estimated scale on ``page``, the preferred first: the most
        spread-out one (the usual look of an org chart) that prints at full size, or failing
        that as large as any other; then the others, largest first."""
        scored, seen = [], set()
        for shape in self.shapes(root, max_depth):
            width, height = self.size(shape, root, max_depth)
            if (width, height) not in seen:  # the same size is the same drawing
                seen.add((width, height))
                scored.append((shape, fit_scale((width, height + TITLE_ALLOWANCE_PT), page)))
        target = min(1.0, max(scale for _, scale in scored)) - 0.01
        first = next(pair for pair in scored if pair[1] >= target)
        return [first, *sorted((pair for pair in scored if pair != first), key=lambda pair: -pair[1])]

    def fit(
        self, page: Page, root: tuple[str, ...] | None = None, max_depth: int | None = None, subtitle: str | None = None
    ) -> Fitted:
        """Render a part with its title block in the preferred layout that Graphviz can draw with
        square lines (any readable one will do), and measure the real scale."""
        ranked = self.ranked(page, root, max_depth)
        usable = [shape for shape, scale in ranked if self.readable(scale)] or [ranked[0][0]]
        for index, shape in enumerate(usable):
            graph = annex_chart(
                self.scenario,
                root=root,
                max_depth=max_depth,
                subtitle=subtitle,
                width=self.size(shape, root, max_depth)[0] - 2 * PAD_PT,
                **self._with(shape),
            )
            try:
                pdf = _pipe(graph, "pdf", square_only=index < len(usable) - 1)
            except SquareRoutingFailed:
                continue
            box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
            return Fitted(pdf, fit_scale((float(box.width), float(box.height)), page))
        raise AssertionError("the last layout is drawn with straight lines if need be")

    def _with(self, shape: Shape) -> dict:
        return {**self.options, "spread_depth": shape[0], "wrap": shape[1]}


Part = tuple[tuple[str, ...] | None, int | None]
"""``(root, max_depth)`` of :func:`model.exports.orgchart.orgchart`: one page of a split chart."""


def split_chart(layouts: Layouts, page: Page) -> list[Fitted]:
    """The pages of :func:`plan_split`, rendered, all at the scale of the smallest so the text
    is the same size on every page."""
    plan = plan_split(layouts, page)
    names = {unit.id: unit.name for unit in layouts.scenario.units}
    parts = [
        layouts.fit(
            page,
            root,
            depth,
            subtitle=f"Część {number} z {len(plan)}"
            + (": " + ", ".join(names[unit_id] for unit_id in root) if root else ""),
        )
        for number, (root, depth) in enumerate(plan, 1)
    ]
    scale = min(part.scale for part in parts)
    return [Fitted(part.pdf, scale) for part in parts]


def plan_split(layouts: Layouts, page: Page, root: tuple[str, ...] | None = None) -> list[Part]:
    """An overview down to some level, then the units of that level that have hidden
    subordinates, with them, as many side by side on a page as fit (a branch too big for a
    page is split the same way).

    Of the overview levels that fit, the one giving the fewest pages wins, the deeper one on a
    tie: the first page then shows as much of the structure as it can. Raises
    :class:`ExportError` when not even the top levels fit.
    """
    if layouts.readable(layouts.best(page, root)[1]):
        return [(root, None)]
    scenario = layouts.scenario
    tops = _tops(scenario, root)
    levels = {unit.id: depth for top in tops for unit, depth in with_depth(top)}
    best: list[Part] | None = None
    for depth in range(1, max(levels.values())):
        if not layouts.readable(layouts.best(page, root, depth)[1]):
            break
        branches = [unit.id for unit in scenario.units if levels.get(unit.id) == depth and unit.units]
        plan = [(root, depth), *_pack(layouts, page, branches)]
        if best is None or len(plan) <= len(best):
            best = plan
    if best is None:
        raise ExportError("error.export.top_unreadable", page=page.label())
    return best


def _pack(layouts: Layouts, page: Page, branches: list[str]) -> list[Part]:
    """Consecutive branches grouped on pages while they fit side by side."""
    parts: list[Part] = []
    group: list[str] = []
    for branch in branches:
        if group and layouts.readable(layouts.best(page, (*group, branch))[1]):
            group.append(branch)
            continue
        if group:
            parts.append((tuple(group), None))
        group = [branch] if layouts.readable(layouts.best(page, (branch,))[1]) else []
        if not group:
            parts += plan_split(layouts, page, (branch,))
    if group:
        parts.append((tuple(group), None))
    return parts


def fit_scale(size: tuple[float, float], page: Page) -> float:
    """How much a drawing of ``size`` points must be scaled to fit ``page`` within the margins."""
    width, height = page.points
    return min((width - 2 * MARGIN_PT) / size[0], (height - 2 * MARGIN_PT) / size[1], MAX_ENLARGEMENT)


def _document(parts: list[Fitted], page: Page) -> bytes:
    """Each part scaled onto its own blank sheet of ``page``'s size, centred."""
    width, height = page.points
    writer = PdfWriter()
    for part in parts:
        source = PdfReader(io.BytesIO(part.pdf)).pages[0]
        box = source.mediabox
        x = (width - float(box.width) * part.scale) / 2 - float(box.left) * part.scale
        y = (height - float(box.height) * part.scale) / 2 - float(box.bottom) * part.scale
        sheet = PageObject.create_blank_page(width=width, height=height)
        sheet.merge_transformed_page(source, Transformation().scale(part.scale).translate(x, y))
        writer.add_page(sheet)
    writer.add_metadata({"/Title": "Schemat organizacyjny", "/Producer": "mops-configurator"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _bigger_pages(page: Page) -> list[Page]:
    candidates = [Page(size, landscape) for size in PAGES for landscape in (False, True)]
    area = page.points[0] * page.points[1]
    return [p for p in candidates if p != page and p.points[0] * p.points[1] >= area]


def _layout_size(graph: graphviz.Digraph) -> tuple[float, float]:
    """Width and height in points of the laid-out drawing with its padding.

    Lines are not routed (``splines=false``): the size does not depend on them, and square
    routing is both the slow part and the part that can fail.
    """
    unrouted = graph.copy()
    unrouted.attr(splines="false")
    box = json.loads(_pipe(unrouted, "json"))["bb"].split(",")
    return float(box[2]) - float(box[0]) + 2 * PAD_PT, float(box[3]) - float(box[1]) + 2 * PAD_PT


class SquareRoutingFailed(Exception):
    """Graphviz's square line routing crashed on this layout."""


def _pipe(graph: graphviz.Digraph, fmt: str, square_only: bool = False) -> bytes:
    """Run Graphviz. Its square line routing (``splines=ortho``) has known crashes on some
    layouts (an assertion in maze.c); then the same chart is drawn with straight segments,
    unless ``square_only`` asks to raise :class:`SquareRoutingFailed` so that another layout
    can be tried."""
    try:
        return graph.pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        raise ExportError("error.export.no_dot") from None
    except graphviz.CalledProcessError as exc:
        if "ortho" not in graph.source:
            raise ExportError("error.export.graphviz", detail=exc.stderr.decode(errors="replace").strip()) from None
        if square_only:
            raise SquareRoutingFailed from None
        fallback = graph.copy()
        fallback.attr(splines="polyline")
        return _pipe(fallback, fmt)
