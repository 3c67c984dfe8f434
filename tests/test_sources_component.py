"""Sources as a policymaker cites them (dashboard/components/sources.py): the publisher's name as the
link text, primary sources first, a copy only after them as "retrieved from"."""
from __future__ import annotations

from dash import html

from dashboard.components.sources import citations, copies, site_name, source_links

MIRROR = "https://github.com/Riqard/MFG-598-Final-Project/blob/9cce5b4/API_NV.IND.MANF.CD_DS2_en_csv_v2_5363423.csv"


def _read(children: list) -> str:
    return "".join(c if isinstance(c, str) else c.children for c in children)


def test_each_publisher_names_its_own_url_in_the_files_order():
    assert citations("BMBF | BMWi", "http://www.bmbf.de/a | https://www.bmwi.de/b") == [
        ("BMBF", "http://www.bmbf.de/a"), ("BMWi", "https://www.bmwi.de/b")]
    assert citations("World Bank", "https://data.worldbank.org/x | https://www.ilo.org/y") == [
        ("World Bank", "https://data.worldbank.org/x"), ("ilo.org", "https://www.ilo.org/y")]
    assert citations(float("nan"), None) == []


def test_a_copy_is_named_by_its_site_and_a_repository_file_as_a_github_copy():
    assert site_name(MIRROR) == "GitHub copy (Riqard/MFG-598-Final-Project)"
    assert copies("http://en.people.cn/n/1.html | " + MIRROR) == [
        ("en.people.cn", "http://en.people.cn/n/1.html"), ("GitHub copy (Riqard/MFG-598-Final-Project)", MIRROR)]


def test_the_line_reads_publisher_first_and_the_mirror_only_as_retrieved_from():
    line = source_links("World Bank", "https://data.worldbank.org/indicator/NV.IND.MANF.CD", MIRROR)
    assert _read(line) == "Source: World Bank; retrieved from GitHub copy (Riqard/MFG-598-Final-Project)"
    links = [c for c in line if isinstance(c, html.A)]
    assert [a.href for a in links] == ["https://data.worldbank.org/indicator/NV.IND.MANF.CD", MIRROR]
    assert all(a.rel == "noopener noreferrer" and a.target == "_blank" for a in links)
    assert _read(source_links(None, None, "https://ifr.org/post/x")) == "Source: retrieved from ifr.org"
    assert source_links(None, None, None) == []
