"""Uploaded files as text a CSV parser reads, and problems said the way a person with the file open in a
spreadsheet reads them: the part of every upload (stories, trade flows) that needs no Dash
(dashboard/components/upload.py puts it on the page).

- Text: UTF-8 (with or without a byte-order mark) and UTF-16 (as Excel's "Unicode text" saves it) are
  decoded; a zip or gzip file, or other binary, is named as such.
- Separators: a semicolon- or tab-separated file (Excel in many European locales) is read as such and
  rewritten with commas, decimal commas becoming points.
- Rows: "row N" is the spreadsheet's row, the header being row 1 (`spreadsheet_rows`); problems that
  differ only in their row and quoted value are told once, with their rows (`grouped`).
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

#: The most problems a message lists (each one a group of like problems).
MAX_PROBLEMS = 10
_SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")


def size_text(count: int) -> str:
    """A byte count as a person reads it: "200 kB", "5.2 MB"."""
    return f"{count / 1e6:.1f} MB" if count >= 1_000_000 else f"{max(1, round(count / 1000))} kB"


def too_big(max_bytes: int, what: str) -> str:
    """What a file over `max_bytes` is told (after its name)."""
    return f"is larger than {size_text(max_bytes)}, the most {what} may be: nothing was loaded."


def csv_text(raw: bytes, name: str) -> tuple[str | None, list[str], str]:
    """(the file's text as a comma-separated CSV, [], a note on what was converted) or (None, [why it
    cannot be read], ""): `text_of`, then `with_commas`. `name`: the file's name, as a message quotes it."""
    text, problem = text_of(raw, name)
    if text is None:
        return None, [problem], ""
    converted, note = with_commas(text)
    return converted, [], note


def text_of(raw: bytes, name: str) -> tuple[str | None, str]:
    """(the file's text, "") or (None, why it cannot be read as text). `name`: the file's name, quoted."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), ""
        except UnicodeDecodeError:
            return None, f"{name} says it is UTF-16 text but is not; save it as CSV (UTF-8)."
    if raw.startswith(b"PK\x03\x04"):
        return None, f"{name} is a zip file (an .xlsx workbook is one); save the sheet as CSV (UTF-8)."
    if raw.startswith(b"\x1f\x8b"):
        return None, f"{name} is a gzip-compressed file; unpack it first."
    if raw[:2000].count(b"\x00") > len(raw[:2000]) // 4:  # UTF-16 without a byte-order mark, or binary
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            sample = text[:1000]
            if sum(c.isprintable() or c in "\r\n\t" for c in sample) >= 0.95 * len(sample):
                return text, ""
        return None, f"{name} is not text (a binary file); save it as CSV (UTF-8)."
    try:
        return raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError as error:
        return None, (f"{name} is not UTF-8 text (byte {error.start}); save it as CSV (UTF-8), or as "
                      "'Unicode text' (UTF-16).")


def separator_of(text: str) -> str:
    """The separator of a CSV's header line: comma, semicolon or tab, whichever it has most of."""
    header = text.split("\n", 1)[0]
    return max(_SEPARATORS, key=lambda sep: (header.count(sep), sep == ","))


def with_commas(text: str) -> tuple[str, str]:
    """(the CSV with commas between its fields, a note saying what was converted or "")."""
    separator = separator_of(text)
    if separator == ",":
        return text, ""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in csv.reader(io.StringIO(text), delimiter=separator):
        writer.writerow([cell.replace(",", ".") if _DECIMAL_COMMA.fullmatch(cell.strip()) else cell for cell in row])
    return out.getvalue(), f"read as {_SEPARATORS[separator]}-separated"


def spreadsheet_rows(problem: str) -> str:
    """A problem's row as the spreadsheet numbers it (the header is row 1): the data files' loader says
    "row 1 (line 2)" for the first row under the header, which a spreadsheet shows as row 2."""
    problem = re.sub(r"\bfirst at row (\d+)", lambda m: f"first at row {int(m.group(1)) + 1}", problem)
    return re.sub(r"\brow (\d+) \(line (\d+)\)", r"row \2", problem)


def grouped(problems: Iterable[str], limit: int = MAX_PROBLEMS) -> list[str]:
    """Problems with those that differ only in their row number and quoted value told once, with the
    rows they occur in; at most `limit` lines, the last saying how many more there are."""
    groups: dict[str, list[str]] = {}
    rows: dict[str, list[str]] = {}
    for problem in problems:
        key = re.sub(r"'[^']*'", "'…'", re.sub(r"\brow \d+", "row …", problem))
        groups.setdefault(key, []).append(problem)
        rows.setdefault(key, []).extend(re.findall(r"\brow (\d+)", problem)[:1])
    lines = []
    for key, members in groups.items():
        if len(members) == 1:
            lines.append(members[0])
        else:
            shown = ", ".join(rows[key][:8]) + (", …" if len(rows[key]) > 8 else "")
            more = len(members) - 1
            lines.append(f"{members[0]} Likewise in {more} more row{'s' if more > 1 else ''} ({len(members)} in all: "
                         f"rows {shown}).")
    if len(lines) > limit:
        lines = [*lines[:limit - 1], f"… and {len(lines) - limit + 1} more problems."]
    return lines
