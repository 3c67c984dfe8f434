"""Presenter and embed modes without a browser: the story file, positions, steps, addresses, embed's chart."""
from __future__ import annotations

import pytest
from dash import dcc, html

from dashboard import config
from dashboard.components.shell import EMBED_CHART_CLASS, frame, walk
from dashboard.datasets import load
from dashboard.views import present as pv
from dashboard.views.present import Slide
from dashboard.views.query import MAX_QUERY_LENGTH, parse_query
from tests.pages import PATHS, render

STORY = (Slide("/", "", "Start"), Slide("/strategies", "economy=DEU", "Germany"), Slide("/networks", "", "Links"),
         Slide("/strategies", "economy=CHN", "China"))
HEADER = "slide,path,query,title,caption\n"


# ---- the default story ---------------------------------------------------------------------------

def test_the_default_story_walks_strategies_networks_scenarios():
    story = pv.default_story()
    pages = [s.path for s in story]
    assert pages.index("/strategies") < pages.index("/networks") < pages.index("/scenarios")
    assert all(s.title for s in story) and len(story) <= config.STORY_MAX_SLIDES


def _notices(path: str, query: str) -> list:
    """The children of the page's notice area (bad URL values), or None when the page failed to render."""
    layout = render(path, "?" + query)
    ids = {c.id for c in walk(layout) if isinstance(getattr(c, "id", None), str)}
    if ids & {"not-found", "page-failed"}:
        return None
    areas = [c for c in walk(layout) if isinstance(getattr(c, "id", None), str) and c.id.endswith("-notice")]
    return [child for area in areas for child in area.children]


@pytest.mark.parametrize("slide", pv.default_story(), ids=lambda s: s.view)
def test_every_slide_of_the_default_story_renders_without_a_notice(slide):
    assert _notices(slide.path, slide.query) == []
    assert _notices(slide.path, "economy=QQQ&adopt=QQQ:1") != [] or slide.path == "/"  # the check can fail


def test_the_scenario_slide_is_the_china_preset_so_it_cannot_drift_from_the_presets_file():
    from dashboard.views.scenario_state import preset_view, to_query

    china = to_query(preset_view("china-robot-density-2025")).lstrip("?")
    assert [s.query for s in pv.default_story() if s.path == "/scenarios"] == [china]


# ---- the URL ------------------------------------------------------------------------------------

@pytest.mark.parametrize("search, presenting, embedded, own", [
    ("", False, False, ""),
    ("?present=1", True, False, ""),
    ("?economy=DEU&present=1&slide=2", True, False, "economy=DEU"),
    ("?present=yes", False, False, ""),
    ("?adopt=CHN:49&embed=1&chart=scenarios-map", False, True, "adopt=CHN:49"),
])
def test_the_mode_and_the_page_s_own_query(search, presenting, embedded, own):
    query = parse_query(search)
    assert (pv.is_presenting(query), pv.is_embedded(query), pv.view_query(query)) == (presenting, embedded, own)


@pytest.mark.parametrize("href, mode, kept", [
    ("/networks?adopt=CHN:49", {"present": "1", "slide": "4"}, "/networks?adopt=CHN:49&present=1"),
    ("/methods", {"present": "1"}, "/methods?present=1"),
    ("/methods", {}, "/methods"),
    ("https://example.org/x", {"present": "1"}, "https://example.org/x"),
    ("//example.org/x", {"present": "1"}, "//example.org/x"),
])
def test_a_link_to_another_view_keeps_the_mode_but_not_the_slide(href, mode, kept):
    assert pv.link_in_mode(href, mode) == kept


# ---- moving through a story ----------------------------------------------------------------------

@pytest.mark.parametrize("path, search, expected", [
    ("/strategies", "?economy=DEU&present=1&slide=2", 1),   # the URL's slide, when it shows the view
    ("/strategies", "?economy=CHN&present=1&slide=2", 3),   # else the slide that shows it
    ("/strategies", "?economy=CHN&present=1", 3),           # the exact view
    ("/strategies", "?economy=JPN&present=1", 1),           # else the first slide of the same page
    ("/scenarios", "?present=1", None),                     # off the story
    ("/networks", "?slide=99", 2),                          # a slide out of range is ignored
    ("/networks", "?slide=-1", 2),
    ("/networks", "?slide=²", 2),                           # a digit, but not 0-9
    ("/networks", "?slide=" + "9" * 3000, 2),
])
def test_position(path, search, expected):
    assert pv.position(STORY, path, parse_query(search)) == expected


@pytest.mark.parametrize("action, path, search, expected", [
    ("next", "/strategies", "?economy=DEU&present=1&slide=2", "/networks?present=1&slide=3"),
    ("previous", "/networks", "?present=1&slide=3", "/strategies?economy=DEU&present=1&slide=2"),
    ("next", "/strategies", "?economy=CHN&present=1&slide=4", None),          # the end: no wrapping round
    ("previous", "/", "?present=1&slide=1", None),                            # the start
    ("next", "/scenarios", "?adopt=DEU:80&present=1", "/?present=1&slide=1"),  # off the story: its start
    # The view is slide 2 whatever the URL's slide says: → goes to slide 3.
    ("next", "/strategies", "?present=1&economy=DEU&slide=1", "/networks?present=1&slide=3"),
    # Beside slide 2 (another economy on its page): either arrow goes back to it.
    ("next", "/strategies", "?present=1&economy=JPN&slide=2", "/strategies?economy=DEU&present=1&slide=2"),
    ("previous", "/strategies", "?present=1&economy=JPN", "/strategies?economy=DEU&present=1&slide=2"),
    ("enter", "/scenarios", "?adopt=DEU:80", "/scenarios?adopt=DEU:80&present=1"),
    ("exit", "/scenarios", "?adopt=DEU:80&present=1&slide=2", "/scenarios?adopt=DEU:80"),
    ("jump", "/", "?present=1", None),
])
def test_destination(action, path, search, expected):
    """The test's story is not the default one, so every presenter-mode address carries it."""
    carried = expected and "present=1" in expected and expected + "&story=" + pv.encode_story(STORY)
    assert pv.destination(action, STORY, path, parse_query(search)) == (carried or expected)


def test_an_empty_story_goes_nowhere():
    assert pv.destination("next", (), "/", {"present": "1"}) is None
    assert pv.status((), "/", {"present": "1"}) == pv.Status("Not in the story (0 slides)", "", False, False)


def test_status_names_the_slide_and_the_ends():
    first = pv.status(STORY, "/", {"present": "1"})
    assert (first.label, first.has_previous, first.has_next) == ("Slide 1 of 4: Start", False, True)
    last = pv.status(STORY, "/strategies", {"economy": "CHN"})
    assert (last.label, last.has_previous, last.has_next) == ("Slide 4 of 4: China", True, False)


def test_a_caption_shows_only_on_its_slides_view():
    """Issue 26 #7: /strategies?economy=JPN then Present showed "Slide 2 of 4" and Germany's caption."""
    story = (*STORY[:1], Slide("/strategies", "economy=DEU", "Germany", "Germany selected"), *STORY[2:])
    beside = pv.status(story, "/strategies", {"economy": "JPN", "present": "1"})
    assert beside.caption == "" and not beside.label.startswith("Slide 2")
    assert beside.label == "Another view than slide 2 of 4; ← or → goes back to it"
    moved = pv.status(story, "/strategies", {"economy": "JPN", "present": "1", "slide": "2"})  # a control moved
    assert moved.caption == ""
    on = pv.status(story, "/strategies", {"economy": "DEU", "present": "1", "slide": "2"})
    assert (on.label, on.caption) == ("Slide 2 of 4: Germany", "Germany selected")


def test_the_story_travels_in_the_link_and_ten_slides_stay_under_the_limit():
    """Issue 26 #8: the story in a compact link parameter; 10 slides with two-sentence captions (the
    strategies' own summaries: real text, which compresses as real captions do) fit in STORY_LINK_MAX,
    and the whole address in what the app reads."""
    summaries = load.table("strategies")["summary"].head(10).tolist()
    story = tuple(Slide("/strategies", f"economy={code}", f"Slide {n}: {code}", summary)
                  for n, (code, summary) in enumerate(zip(load.table("strategies")["iso3"], summaries), start=1))
    param = pv.story_param(story)
    assert param is not None and len(param) <= pv.STORY_LINK_MAX
    assert pv.decode_story(param) == story
    address = pv.slide_url(story, 2)
    assert len(address) < MAX_QUERY_LENGTH and pv.story_in_use(parse_query(address.partition("?")[2]), []) == story
    assert pv.story_param(pv.default_story()) is None  # a link without the parameter means the default story


@pytest.mark.parametrize("param", ["", "x", "!!!", "A" * 5000, pv.encode_story(()),
                                   pv.encode_story((Slide("//evil.example", "", "t"),))])
def test_a_hostile_story_parameter_is_no_story(param):
    assert pv.decode_story(param) is None
    assert pv.story_in_use({"story": param}, pv.to_records(STORY)) == STORY


def test_a_story_too_long_for_a_link_is_left_out_of_it():
    noise = "".join(chr(0x4E00 + (n * 7919) % 20000) for n in range(3000))  # text that does not compress
    story = (Slide("/", "", "Long", noise),)
    assert pv.story_param(story) is None
    assert "story=" not in pv.slide_url(story, 0)


def test_slides_are_removed_and_moved_from_the_view_on_screen():
    """Issue 26 #9: remove and reorder in the toolbar act on the slide on screen."""
    story, message = pv.remove(STORY, "/networks", {"present": "1", "slide": "3"})
    assert [s.title for s in story] == ["Start", "Germany", "China"] and message.startswith("Removed slide 3")
    assert pv.remove(STORY, "/networks", {"top": "5"})[0] == STORY  # another view: nothing removed
    moved, index, message = pv.move(STORY, "/networks", {}, -1)
    assert [s.title for s in moved] == ["Start", "Links", "Germany", "China"] and index == 1
    assert message == "Moved to slide 2 of 4."
    assert pv.move(STORY, "/", {}, -1)[1:] == (0, "Slide 1 is already the first.")


def test_adding_the_view_on_screen_titles_it_after_its_page_and_stops_when_full():
    slide = pv.new_slide("/scenarios", {"adopt": "DEU:80", "present": "1", "slide": "2"}, "Scenarios")
    assert slide == Slide("/scenarios", "adopt=DEU:80", "Scenarios (adopt=DEU:80)")
    story, message = pv.add(STORY, slide)
    assert story[-1] == slide and message == "Added slide 5: Scenarios (adopt=DEU:80)."
    full = (slide,) * config.STORY_MAX_SLIDES
    assert pv.add(full, slide) == (full, f"The story is full ({config.STORY_MAX_SLIDES} slides); download it and "
                                         "start another.")


# ---- the story as a file and in the browser's store -----------------------------------------------

def test_a_downloaded_story_loads_back_unchanged():
    story = (*STORY, Slide("/scenarios", "adopt=DEU:80&theta=6", "=1+1 looks like a formula", "With, a comma"))
    text = pv.story_csv(story)
    assert text.splitlines()[0] == HEADER.strip()
    loaded, problems = pv.parse_story(text.encode(), "mine.csv", PATHS)
    assert problems == []
    assert loaded[:-1] == STORY and loaded[-1].title == "'=1+1 looks like a formula"  # escaped for spreadsheets
    assert pv.from_records(pv.to_records(loaded)) == loaded


def test_slides_are_taken_in_slide_order():
    loaded, _ = pv.parse_story((HEADER + "2,/networks,,Second,\n1,/,,First,\n").encode(), "s.csv", PATHS)
    assert [s.title for s in loaded] == ["First", "Second"]


@pytest.mark.parametrize("text, problem", [
    (HEADER + "1,/nowhere,,Lost,\n",
     "s.csv, row 2, column 'path': '/nowhere' is not a page of the atlas (/, /content, /methods, /networks, "
     "/scenarios, /strategies)."),
    (HEADER + "1,/,?economy=DEU,Start,\n", "s.csv, row 2, column 'query': '?economy=DEU' should be the "
                                          "view's parameters only, without a leading ? or present, slide, story, "
                                          "embed, chart."),
    (HEADER + "1,/,present=1,Start,\n", "column 'query': 'present=1' should be the view's parameters only"),
    (HEADER + "1,/,,,\n", "s.csv, row 2, column 'title': is empty but required"),
    (HEADER + "1,/,,A,\n1,/networks,,B,\n", "s.csv, row 3, column 'slide': duplicate key 1 (first at row 2)"),
    (HEADER + "x,/,,A,\n", "s.csv, row 2, column 'slide': expected a whole number, got 'x'"),
    (HEADER + f"{config.STORY_MAX_SLIDES + 1},/,,A,\n", f"is above the maximum {config.STORY_MAX_SLIDES}"),
    ("slide,path,title\n1,/,A\n", "s.csv, column 'query': missing column(s) query, caption in the header"),
    (HEADER, "s.csv: has a header but no data rows"),
    ("", "s.csv: is empty: expected a header row"),
])
def test_a_bad_story_file_names_its_row_and_column(text, problem):
    story, problems = pv.parse_story(text.encode(), "s.csv", PATHS)
    assert story is None and any(problem in p for p in problems), problems


def test_every_bad_row_is_listed_once_with_like_rows_grouped():
    """Issue 26 #12: rows as the spreadsheet numbers them (header = row 1); like problems told once."""
    _, problems = pv.parse_story((HEADER + "1,/x,,A,\n2,/,,B,\n3,/y,,C,\n").encode(), "s.csv", PATHS)
    assert len(problems) == 1
    assert problems[0].startswith("s.csv, row 2, column 'path': '/x' is not a page of the atlas")
    assert problems[0].endswith("Likewise in 1 more row (2 in all: rows 2, 4).")
    many = HEADER + "".join(f"{n},/evil{n},,T,\n" for n in range(1, 43))
    assert len(pv.parse_story(many.encode(), "s.csv", PATHS)[1]) == 1  # 42 like problems: one line


def test_a_utf16_or_semicolon_story_file_is_read():
    """Issue 26 #12: Excel's "Unicode text" (UTF-16) and a semicolon-separated file load."""
    text = "slide;path;query;title;caption\n1;/strategies;economy=DEU;Germany;Its strategies\n"
    for raw in (text.encode("utf-16"), text.encode("utf-8"), text.replace(";", ",").encode("utf-16-le")):
        story, problems = pv.parse_story(raw, "s.csv", PATHS)
        assert problems == [] and story == (Slide("/strategies", "economy=DEU", "Germany", "Its strategies"),), raw[:8]


@pytest.mark.parametrize("raw, problem", [
    (b"PK\x03\x04" + b"\x00" * 40, "s.csv is a zip file (an .xlsx workbook is one); save the sheet as CSV (UTF-8)."),
    (b"x" * (pv.MAX_STORY_BYTES + 1), "s.csv is larger than 200 kB, the most a story file may be: nothing was loaded."),
    (b"\x80abc", "s.csv is not UTF-8 text (byte 0); save it as CSV (UTF-8), or as 'Unicode text' (UTF-16)."),
])
def test_a_file_that_is_not_a_story_is_refused_whole(raw, problem):
    assert pv.parse_story(raw, "s.csv", PATHS) == (None, [problem])


@pytest.mark.parametrize("data", [None, 3, "x", [1, "a", None], [{"path": 1}], [{"path": "no-slash", "query": "",
                                                                                  "title": "t"}]])
def test_the_store_s_story_drops_what_is_not_a_slide(data):
    assert pv.from_records(data) == ()


# ---- embed mode ----------------------------------------------------------------------------------

def _page() -> html.Div:
    return html.Div([html.P("text"), dcc.Loading(dcc.Graph(id="first")), html.Div(dcc.Graph(id="second",
                                                                                               className="tall"))])


@pytest.mark.parametrize("query, marked", [
    ({"embed": "1"}, "first"),
    ({"embed": "1", "chart": "second"}, "second"),
    ({"embed": "1", "chart": "nowhere"}, "first"),   # an unknown chart: the first
    ({"chart": "second"}, None),                      # not in embed mode: nothing marked
])
def test_embed_marks_one_chart_on_a_copy_of_the_layout(query, marked):
    page = _page()
    shown = frame("/x", query, page)
    classes = {g.id: getattr(g, "className", None) for g in walk(shown) if isinstance(g, dcc.Graph)}
    assert [i for i, c in classes.items() if c and EMBED_CHART_CLASS in c] == ([marked] if marked else [])
    if marked == "second":
        assert classes["second"] == f"tall {EMBED_CHART_CLASS}"
    assert all(EMBED_CHART_CLASS not in (getattr(g, "className", None) or "") for g in walk(page)
               if isinstance(g, dcc.Graph))  # the page's own (possibly cached) layout is untouched


def test_embed_on_the_overview_leaves_its_cached_layout_alone():
    render("/", "?embed=1")
    plain = render("/", "")
    assert all(EMBED_CHART_CLASS not in (getattr(g, "className", None) or "") for g in walk(plain)
               if isinstance(g, dcc.Graph))
    assert pv.embed_chart({}, []) is None
