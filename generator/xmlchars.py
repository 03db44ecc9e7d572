"""Characters that XML 1.0 (and so Word) cannot store, those a terminal obeys, and those nobody can see."""

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


# Control characters: those XML forbids, DEL and the C1 range (Word cannot print them; a terminal
# obeys them: ESC starts colour, title and screen-clearing sequences, U+009B is a one-character ESC [).
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Invisible formatting characters (Unicode 14 category Cf): bidi overrides such as U+202E, zero-width
# spaces and joiners, U+2060, U+FEFF inside text, soft hyphens, tag characters. A test compares
# this class with unicodedata's own table.
INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")
# Both as one class: what a terminal would obey rather than show (tab, line feed and carriage return
# excepted), and a clean text (nearly every one) is searched once, not twice. Compiled once, here:
# this class costs a cold start about 0.7 ms each time it is compiled.
HIDDEN = re.compile(f"[{CONTROLS.pattern[1:-1]}{INVISIBLE.pattern[1:-1]}]")


# The references XML itself defines (a document without a DTD has no others): five names and character numbers.
REFERENCE = re.compile(r"&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));")
NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def unescape_xml(text: str) -> str:
    """Return the text an XML parser reads from *text* (character content, no tags); a number no character
    has reads as U+FFFD. html.unescape would do, but it costs every cold draft the import of html's tables.

    >>> unescape_xml("甲&amp;乙 &lt;b&gt; &#34;&#x4E00;&apos; &#0; &nbsp;") == '甲&乙 <b> "一\\' \\ufffd &nbsp;'
    True
    """
    return REFERENCE.sub(_referenced, text) if "&" in text else text


def _referenced(match: re.Match) -> str:
    hexadecimal, decimal, name = match.groups()
    if name:
        return NAMED[name]
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
