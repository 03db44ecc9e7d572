"""The neutral tree every input adapter produces: raw text values, each with where it was written.

An adapter (YAML file, 公开表 workbook, 填报 workbook, a plain dict) turns its source into this
tree and knows nothing of the catalogue; one validator (load/validate.py) walks the tree along
the catalogue and builds the Budget. Keys are the Chinese keys of the YAML format.
"""

from __future__ import annotations

from generator.errors import Location
from generator.records import Fields


class RawScalar(Fields):
    """One value as written (None when left empty or null), and where."""

    __slots__ = ("text", "at")
    text: str | None
    at: Location

    def __init__(self, text: str | None, at: Location) -> None:
        self.text = text
        self.at = at


class RawMap(Fields):
    """Keys and values in the order written; a key written twice stays twice so it can be reported."""

    __slots__ = ("at", "entries")
    at: Location
    entries: list[tuple[str, Location, "Raw"]]

    def __init__(self, at: Location, entries: list[tuple[str, Location, "Raw"]] | None = None) -> None:
        self.at = at
        self.entries = [] if entries is None else entries

    def get(self, key: str) -> "Raw | None":
        """Return the first value written under *key*, or None."""
        return next((value for k, _, value in self.entries if k == key), None)


class RawList(Fields):
    """Items in the order written."""

    __slots__ = ("at", "items")
    at: Location
    items: list["Raw"]

    def __init__(self, at: Location, items: list["Raw"] | None = None) -> None:
        self.at = at
        self.items = [] if items is None else items


Raw = RawScalar | RawMap | RawList


def from_plain(data: object, at: Location) -> Raw:
    """Return the raw tree of plain data (dicts, lists, numbers, text) every node located at *at*.

    >>> tree = from_plain({"单位": {"年度": 2023}}, Location("<dict>"))
    >>> tree.get("单位").get("年度").text
    '2023'
    """
    if isinstance(data, dict):
        return RawMap(at, [(str(k), at, from_plain(v, at)) for k, v in data.items()])
    if isinstance(data, (list, tuple)):
        return RawList(at, [from_plain(v, at) for v in data])
    return RawScalar(None if data is None else str(data), at)
