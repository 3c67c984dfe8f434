"""What dcc.Upload sends: the file as a data URL. One decoder for every upload (stories, flows)."""
from __future__ import annotations

import base64
import binascii


def decoded(contents: object) -> bytes:
    """The bytes of a dcc.Upload data URL ("data:<type>;base64,<bytes>"); b"" for anything else (a
    hostile client can send anything)."""
    if not isinstance(contents, str) or "," not in contents:
        return b""
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=False)
    except (ValueError, binascii.Error):
        return b""
