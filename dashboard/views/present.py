"""Presenter mode and embed mode: the story (an ordered list of saved views) and what the URL says.

The frame's own URL parameters sit beside a page's view parameters and never reach its codec's
meaning: `present=1` (presenter mode), `slide=N` (the story position, from 1), `story=<encoded>` (a
story other than the default, so that a copied link steps through the same slides), `embed=1` (one
chart, no chrome) and `chart=<graph id>` (which chart embed mode shows; the page's first by default).

The story in a link (`story_param`): the slides as compact JSON ([[path, query, title, caption], ...]),
compressed with raw DEFLATE (zlib, level 9) and written in URL-safe base64 without padding. It may be at
most STORY_LINK_MAX characters, so that the whole query stays within the 4,000 characters the app reads
(views/query.py MAX_QUERY_LENGTH) and the address far within the server's 8,000 bytes
(config.MAX_URL_BYTES; gunicorn reads request lines up to 8,190). Ten slides with captions of two
sentences take about 1.5–2 kB; a longer story travels as its file (Download story / Load story).

A story file is a CSV with the columns of data/story.csv (`schema.STORY`), so a story downloaded in
presenter mode can be loaded again, or replace the default story in data/.
"""
from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard import config
from dashboard.datasets import load, uploads
from dashboard.datasets.export import to_csv
from dashboard.datasets.load import DataError, parse_table
from dashboard.datasets.schema import STORY
from dashboard.views.query import encode, parse_query, quoted

MODE_KEYS = ("present", "slide", "story", "embed", "chart")
STORY_KEY = "story"
#: The frame's parameters that say where in which story the presenter is, and nothing about the page.
STORY_ADDRESS_KEYS = ("slide", STORY_KEY)
#: The longest story a link carries (characters of `story_param`); see the module's docstring.
STORY_LINK_MAX = 3000
MAX_STORY_BYTES = 200_000
MAX_QUERY_LENGTH = 1000  # a saved view's query; the longest a page writes is far shorter
MAX_TITLE_LENGTH = 80
DOWNLOAD_NAME = "atlas-story.csv"
STEPS = {"previous": -1, "next": 1}


@dataclass(frozen=True)
class Slide:
    """One saved view: a page path, its query (without "?"), and the words shown with it."""

    path: str
    query: str = ""
    title: str = ""
    caption: str = ""

    @property
    def view(self) -> str:
        """The view's address inside the app, e.g. /strategies?economy=DEU."""
        return self.path + ("?" + self.query if self.query else "")


Story = tuple[Slide, ...]


# ---- the URL ------------------------------------------------------------------------------------

def is_presenting(query: Mapping[str, str]) -> bool:
    return query.get("present") == "1"


def is_embedded(query: Mapping[str, str]) -> bool:
    return query.get("embed") == "1"


def view_query(query: Mapping[str, str]) -> str:
    """The page's own part of a query (the frame's MODE_KEYS left out), without "?"."""
    return encode(_own_pairs(query)).lstrip("?")


def mode_of(query: Mapping[str, str]) -> dict[str, str]:
    """The frame's own parameters of a query (MODE_KEYS), in that order."""
    return {key: query[key] for key in MODE_KEYS if key in query}


def link_in_mode(href: str, mode: object) -> str:
    """A link to another view of the atlas that keeps the frame's mode (`mode`: the frame's store), the
    slide number aside (it belongs to the page it was given for); other links as they are."""
    if not href.startswith("/") or href.startswith("//"):
        return href
    path, _, query = href.partition("?")
    across = {k: v for k, v in mode.items() if k != "slide"} if isinstance(mode, Mapping) else {}
    return path + with_mode("?" + query if query else "", across)


def with_mode(view_query: str, mode: object) -> str:
    """A page's view query ("?a=1" or "") with the frame's parameters `mode` (a mapping, as the frame's
    store holds it; anything else is no mode) after it: presenter and embed mode survive a control change."""
    kept = [(k, v) for k, v in mode.items() if k in MODE_KEYS and isinstance(v, str)] \
        if isinstance(mode, Mapping) else []
    return encode([*parse_query(view_query).items(), *kept])


def slide_url(story: Story, index: int) -> str:
    """The presenter-mode address of slide `index` (from 0), with the story when it is not the default
    one and short enough for a link (`story_param`)."""
    slide = story[index]
    return slide.path + encode([*parse_query(slide.query).items(), ("present", "1"), ("slide", str(index + 1)),
                                (STORY_KEY, story_param(story))])


def _own_pairs(query: Mapping[str, str]) -> list[tuple[str, str]]:
    return [(k, v) for k, v in query.items() if k not in MODE_KEYS]


# ---- moving through a story ----------------------------------------------------------------------

def position(story: Story, path: str, query: Mapping[str, str]) -> int | None:
    """Where the view on screen stands in the story (from 0), or None when it is off the story.

    The URL's `slide` when that slide shows this view; otherwise the slide showing exactly this view;
    otherwise the URL's `slide` (a control was moved on that slide), otherwise the first slide of the
    same page (so /strategies?present=1 starts beside the story's strategies slide). Only on the first
    is the view *on* its slide (`on_slide`): beside it, the slide's caption is not shown.
    """
    raw = query.get("slide", "")
    numbered = int(raw) - 1 if raw.isascii() and raw.isdigit() and 1 <= int(raw[:6]) <= len(story) else None
    if numbered is not None and _shows(story[numbered], path, query):
        return numbered
    exact = next((i for i, slide in enumerate(story) if _shows(slide, path, query)), None)
    if exact is not None:
        return exact
    if numbered is not None:
        return numbered
    return next((i for i, slide in enumerate(story) if slide.path == path), None)


def on_slide(story: Story, path: str, query: Mapping[str, str]) -> bool:
    """Whether the view on screen is exactly the view of its slide (`position`)."""
    here = position(story, path, query)
    return here is not None and _shows(story[here], path, query)


def _shows(slide: Slide, path: str, query: Mapping[str, str]) -> bool:
    """True when the slide is the view at path + query (the frame's parameters aside)."""
    return slide.path == path and view_query(parse_query(slide.query)) == view_query(query)


def step(story: Story, path: str, query: Mapping[str, str], delta: int) -> int | None:
    """The slide (from 0) one step forward (delta 1) or back (-1). Off the story, either starts it;
    beside a slide (another view of its page), either goes back to that slide.

    None when the story is empty or the step would leave it (no wrapping round at either end).
    """
    if not story:
        return None
    here = position(story, path, query)
    if here is None:
        return 0
    if not _shows(story[here], path, query):
        return here
    target = here + delta
    return target if 0 <= target < len(story) and target != here else None


def destination(action: str, story: Story, path: str, query: Mapping[str, str]) -> str | None:
    """Where a presenter's button leads from the view on screen (an address), or None to stay.

    action: "enter" or "exit" presenter mode (the same view with or without the mode), or "previous" /
    "next" slide.
    """
    if action == "enter":
        return path + encode([*_own_pairs(query), ("present", "1"), (STORY_KEY, story_param(story))])
    if action == "exit":
        return path + encode(_own_pairs(query))
    index = step(story, path, query, STEPS[action]) if action in STEPS else None
    return None if index is None else slide_url(story, index)


@dataclass(frozen=True)
class Status:
    """What the presenter's toolbar says about the view on screen."""

    label: str
    caption: str
    has_previous: bool
    has_next: bool


def status(story: Story, path: str, query: Mapping[str, str]) -> Status:
    """The toolbar's position and the caption: a slide's caption only when the view is that slide's."""
    here = position(story, path, query)
    if here is None:
        return Status(f"Not in the story ({len(story)} slides)", "", False, bool(story))
    slide = story[here]
    if not _shows(slide, path, query):
        return Status(f"Another view than slide {here + 1} of {len(story)}; ← or → goes back to it", "", True, True)
    return Status(f"Slide {here + 1} of {len(story)}: {slide.title}", slide.caption,
                  step(story, path, query, -1) is not None, step(story, path, query, 1) is not None)


def add(story: Story, slide: Slide) -> tuple[Story, str]:
    """The story with `slide` at its end, and what to tell the presenter."""
    if len(story) >= config.STORY_MAX_SLIDES:
        return story, f"The story is full ({config.STORY_MAX_SLIDES} slides); download it and start another."
    return (*story, slide), f"Added slide {len(story) + 1}: {slide.title}."


def new_slide(path: str, query: Mapping[str, str], page_name: str) -> Slide:
    """The view on screen as a slide, titled after its page (and its parameters, if any)."""
    own = view_query(query)
    title = f"{page_name} ({own})" if own else page_name
    return Slide(path, own, shown_title(title))


def slides(count: int) -> str:
    """"1 slide", "3 slides"."""
    return f"{count} slide" + ("" if count == 1 else "s")


def shown_title(title: str) -> str:
    return title if len(title) <= MAX_TITLE_LENGTH else title[:MAX_TITLE_LENGTH - 1] + "…"


# ---- embed mode ---------------------------------------------------------------------------------

def embed_chart(query: Mapping[str, str], chart_ids: Sequence[str | None]) -> int | None:
    """Which of a page's charts (in layout order) embed mode shows: `chart=<id>` if the page has it,
    else the first; None when the page has no chart."""
    if not chart_ids:
        return None
    wanted = query.get("chart")
    return chart_ids.index(wanted) if wanted in chart_ids else 0


# ---- the story in the browser's store (a hostile client can send anything) ----------------------

def to_records(story: Story) -> list[dict]:
    return [dict(path=s.path, query=s.query, title=s.title, caption=s.caption) for s in story]


def from_records(data) -> Story:
    """The story a dcc.Store holds; entries that are not slides are dropped."""
    if not isinstance(data, list):
        return ()
    slides = []
    for entry in data[:config.STORY_MAX_SLIDES]:
        if isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("path", "query", "title")):
            # A path of this site only ("//host" would lead to another one).
            if entry["path"].startswith("/") and not entry["path"].startswith("//") \
                    and len(entry["query"]) <= MAX_QUERY_LENGTH:
                caption = entry.get("caption")
                slides.append(Slide(entry["path"], entry["query"], shown_title(entry["title"]),
                                    caption if isinstance(caption, str) else ""))
    return tuple(slides)


# ---- the story in the link ----------------------------------------------------------------------

def story_param(story: Story) -> str | None:
    """The story as the `story` parameter of a link (see the module's docstring); None for the default
    story (a link without the parameter means it) and for a story longer than STORY_LINK_MAX."""
    if story == default_story():
        return None
    text = encode_story(story)
    return text if len(text) <= STORY_LINK_MAX else None


def encode_story(story: Story) -> str:
    """The story as compact JSON, raw DEFLATE, URL-safe base64 without padding."""
    raw = json.dumps([[s.path, s.query, s.title, s.caption] for s in story], separators=(",", ":"),
                     ensure_ascii=False).encode("utf-8")
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return base64.urlsafe_b64encode(packer.compress(raw) + packer.flush()).rstrip(b"=").decode("ascii")


def decode_story(text: object) -> Story | None:
    """The story of a link's `story` parameter, or None for anything that is not one (a hostile link can
    hold anything: the inflated text is capped at MAX_STORY_BYTES, the slides checked as a store's are)."""
    if not isinstance(text, str) or not text or len(text) > STORY_LINK_MAX:
        return None
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        unpacker = zlib.decompressobj(-15)
        raw = unpacker.decompress(packed, MAX_STORY_BYTES)
        if unpacker.unconsumed_tail:
            return None
        entries = json.loads(raw.decode("utf-8"))
    except (ValueError, binascii.Error, zlib.error, RecursionError):
        return None
    if not isinstance(entries, list):
        return None
    fields = ("path", "query", "title", "caption")
    records = [dict(zip(fields, e)) for e in entries if isinstance(e, list) and len(e) == len(fields)]
    story = from_records(records)
    return story if story and len(story) == len(entries) else None


def story_in_use(query: Mapping[str, str], records: object) -> Story:
    """The story the presenter steps through: the link's (`story` parameter) when it holds one, else the
    browser tab's (the story store's records)."""
    return decode_story(query.get(STORY_KEY)) or from_records(records)


def with_story(path: str, query: Mapping[str, str], story: Story, index: int | None) -> str:
    """The address of the view on screen carrying `story` (and the slide `index`, from 0, when the view
    is on one): what the address becomes after the presenter edits the story."""
    kept = [(k, v) for k, v in query.items() if k not in ("slide", STORY_KEY)]
    return path + encode([*kept, ("slide", None if index is None else str(index + 1)), (STORY_KEY, story_param(story))])


# ---- editing the story in the toolbar ------------------------------------------------------------

def remove(story: Story, path: str, query: Mapping[str, str]) -> tuple[Story, str]:
    """The story without the slide on screen, and what to tell the presenter."""
    if not on_slide(story, path, query):
        return story, "This view is not a slide of the story: nothing removed."
    if len(story) == 1:
        return story, "A story keeps at least one slide: start a new story instead."
    here = position(story, path, query)
    assert here is not None  # on_slide
    message = f"Removed slide {here + 1}: {story[here].title}. {slides(len(story) - 1)} left."
    return story[:here] + story[here + 1:], message


def move(story: Story, path: str, query: Mapping[str, str], delta: int) -> tuple[Story, int | None, str]:
    """The story with the slide on screen moved one place earlier (delta -1) or later (1), its new index,
    and what to tell the presenter."""
    here = position(story, path, query) if on_slide(story, path, query) else None
    if here is None:
        return story, None, "This view is not a slide of the story: nothing moved."
    target = here + delta
    if not 0 <= target < len(story):
        return story, here, f"Slide {here + 1} is already the {'first' if delta < 0 else 'last'}."
    slides = list(story)
    slides[here], slides[target] = slides[target], slides[here]
    return tuple(slides), target, f"Moved to slide {target + 1} of {len(story)}."


# ---- the story as a file --------------------------------------------------------------------------

def _from_frame(frame: pd.DataFrame) -> Story:
    frame = frame.sort_values("slide", kind="stable").astype(object).where(frame.notna(), "")
    return tuple(Slide(r.path, r.query, r.title, r.caption) for r in frame.itertuples())


def default_story() -> Story:
    """The story in data/story.csv, in slide order."""
    return _from_frame(load.table(STORY.name))


def story_csv(story: Story) -> str:
    """The story as a CSV with data/story.csv's columns (slides numbered from 1), formula cells escaped."""
    frame = pd.DataFrame([dict(slide=n, **record) for n, record in enumerate(to_records(story), start=1)],
                         columns=list(STORY.column_names))
    return to_csv(frame)


def parse_story(raw: bytes, name: str, paths: Collection[str]) -> tuple[Story | None, list[str]]:
    """An uploaded story file -> the story, or None and the problems found (each naming its row).

    The format is data/story.csv's schema; beyond it, every path must be a page of the atlas and a
    query may not hold the frame's own parameters (present, slide, embed, chart).
    """
    name = quoted(name)
    if len(raw) > MAX_STORY_BYTES:
        return None, [f"{name} {uploads.too_big(MAX_STORY_BYTES, 'a story file')}"]
    text, problems, _note = uploads.csv_text(raw, name)
    if text is None:
        return None, problems
    try:
        frame = parse_table(text, STORY)
    except DataError as error:
        return None, [uploads.spreadsheet_rows(str(error).replace(f"data/{STORY.file}", name, 1))]
    problems = uploads.grouped(_row_problems(frame, name, paths))
    return (None, problems) if problems else (_from_frame(frame), [])


def _row_problems(frame: pd.DataFrame, name: str, paths: Collection[str]) -> Iterable[str]:
    known = ", ".join(sorted(paths))
    for row, slide in enumerate(frame.itertuples(), start=2):  # the spreadsheet's row: the header is row 1
        where = f"{name}, row {row}"
        if slide.path not in paths:
            yield f"{where}, column 'path': {quoted(slide.path)!r} is not a page of the atlas ({known})."
        query = slide.query if isinstance(slide.query, str) else ""
        if len(query) > MAX_QUERY_LENGTH:
            yield f"{where}, column 'query': longer than {MAX_QUERY_LENGTH} characters."
        elif query.startswith("?") or any(key in MODE_KEYS for key in parse_query(query)):
            yield (f"{where}, column 'query': {quoted(query)!r} should be the view's parameters only, without "
                   f"a leading ? or {', '.join(MODE_KEYS)}.")
