"""What every AG Grid in the atlas shares."""
from __future__ import annotations

# A grid is one stop for the Tab key (WAI-ARIA grid pattern): arrow keys move between cells and Tab
# leaves the grid, instead of visiting every cell on the page before the next control.
KEYBOARD = {"tabToNextCell": {"function": "false"}, "tabToNextHeader": {"function": "false"}}
