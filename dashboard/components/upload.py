"""Uploads on the page, one way for every dcc.Upload (stories, trade flows): the file as a data URL ->
bytes (`decoded`), and a size limit the browser enforces *with a message* (`limited`): dcc.Upload's own
`max_size` refuses a larger file silently, and a file too large for the server's request limit never
arrives at all. Reading the bytes as CSV text is dashboard/datasets/uploads.py's.
"""
from __future__ import annotations

import base64
import binascii

from dash import html
from dash.development.base_component import Component

from dashboard.components.attrs import data
from dashboard.datasets.uploads import too_big


def decoded(contents: object) -> bytes:
    """The bytes of a dcc.Upload data URL ("data:<type>;base64,<bytes>"); b"" for anything else (a
    hostile client can send anything)."""
    if not isinstance(contents, str) or "," not in contents:
        return b""
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=False)
    except (ValueError, binascii.Error):
        return b""


def limited(upload: Component, max_bytes: int, message_id: str, what: str, class_name: str = "d-inline-block"
            ) -> html.Div:
    """`upload` refusing files over `max_bytes` in the browser, and saying so in `message_id`'s children
    (assets/present.js); `what`: the kind of file, for the message ("a story file"); `class_name`: the
    wrapper's classes (inline by default, as in a toolbar)."""
    upload.max_size = max_bytes  # type: ignore[attr-defined]  # Dash components take props as attributes
    return html.Div(upload, className=class_name,
                    **data(max_bytes=max_bytes, message=message_id, too_big=too_big(max_bytes, what)))


