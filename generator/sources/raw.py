"""The neutral tree every input adapter produces: raw text values, each with where it was written.

An adapter (YAML file, 公开表 workbook, 填报 workbook, a plain dict) turns its source into this
tree and knows nothing of the catalogue; one validator (load/validate.py) walks the tree along
the catalogue and builds the Budget. Keys are the Chinese keys of the YAML format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.errors import Location


@dataclass
class RawScalar:
    """One value as written (None when left empty or null), and where."""

    text: str | None
    at: Location


@dataclass
class RawMap:
    """Keys and values in the order written; a key written twice stays twice so it can be reported."""

    at: Location
    entries: list[tuple[str, Location, "Raw"]] = field(default_factory=list)

    def get(self, key: str) -> "Raw | None":
        """Return the first value written under *key*, or None."""
        return next((value for k, _, value in self.entries if k == key), None)


@dataclass
class RawList:
    """Items in the order written."""

    at: Location
    items: list["Raw"] = field(default_factory=list)


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
