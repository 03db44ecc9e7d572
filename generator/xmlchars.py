"""Characters that XML 1.0 (and so Word) cannot store, and their removal."""

from __future__ import annotations

import re

# Control characters other than tab, line feed and carriage return, and two non-characters.
# Excel leaves the vertical tab (\v) in cells where Word had a manual line break.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def strip_forbidden(text: str) -> str:
    """Return *text* without the characters XML forbids.

    >>> strip_forbidden("会议\\v费\\x07")
    '会议费'
    """
    return FORBIDDEN.sub("", text)
