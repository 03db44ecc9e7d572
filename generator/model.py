"""The budget of one unit for one year: read-only values, amounts in Decimal 万元.

No I/O and no wording here. Field names are English; the catalogue (schema.py) maps them
to the Chinese keys staff write and decides which blocks a budget has.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from generator.errors import Location
from generator.records import Record


class Compared(Record):
    """A figure compared with last year: this year's amount, last year's, and the reason given."""

    __slots__ = ("this", "last", "reason")
    this: Decimal
    last: Decimal | None   # None: staff gave this year only (an optional comparison not made)
    reason: str | None

    def __init__(self, this: Decimal, last: Decimal | None, reason: str | None = None) -> None:
        set_field = object.__setattr__
        set_field(self, "this", this)
        set_field(self, "last", last)
        set_field(self, "reason", reason)


class Reference(Record):
    """A figure stated in another file (last year's 本年), with where it stands."""

    __slots__ = ("amount", "at")
    amount: Decimal
    at: Location

    def __init__(self, amount: Decimal, at: Location) -> None:
        object.__setattr__(self, "amount", amount)
        object.__setattr__(self, "at", at)


class NamedAmount(Record):
    """An item of a free list, such as a 功能分类 class or a 专项转移支付 project."""

    __slots__ = ("label", "amount", "last", "reason")
    label: str
    amount: Decimal
    last: Decimal | None     # a 类 written with 本年/上年/主要原因
    reason: str | None

    def __init__(self, label: str, amount: Decimal, last: Decimal | None = None, reason: str | None = None) -> None:
        set_field = object.__setattr__
        set_field(self, "label", label)
        set_field(self, "amount", amount)
        set_field(self, "last", last)
        set_field(self, "reason", reason)

    @property
    def change(self) -> Compared | None:
        """Return the item compared with last year, when staff gave its 上年."""
        return None if self.last is None else Compared(self.amount, self.last, self.reason)


CODE_LEVELS = {3: "类", 5: "款", 7: "项"}  # 政府收支分类科目: 201 类, 20103 款, 2010301 项


def split_code(label: str) -> tuple[str, str]:
    """Return (科目编码, name) of a function-class label such as '2010301 行政运行' ('' when it has no code).

    >>> split_code("2010301 行政运行"), split_code("一般公共服务")
    (('2010301', '行政运行'), ('', '一般公共服务'))
    """
    head, _, rest = label.partition(" ")
    if head.isdigit() and len(head) in CODE_LEVELS and rest.strip():
        return head, rest.strip()
    return "", label


def class_level(label: str) -> int:
    """Return the code length of a function-class label: 3 (类, also when no code is given), 5 (款) or 7 (项)."""
    return len(split_code(label)[0]) or 3


class Source(Record):
    """One source of income as staff gave it: this year's amount, and last year's when given."""

    __slots__ = ("key", "name", "amount", "change")
    key: str          # general_budget, business_income … (schema.INCOME_SOURCES)
    name: str         # the Chinese key as written, e.g. 一般公共预算
    amount: Decimal
    change: Compared | None

    def __init__(self, key: str, name: str, amount: Decimal, change: Compared | None = None) -> None:
        set_field = object.__setattr__
        set_field(self, "key", key)
        set_field(self, "name", name)
        set_field(self, "amount", amount)
        set_field(self, "change", change)


class Block:
    """A block of the catalogue (单位, 收入, 三公经费 …): its fields as read-only attributes.

    The validator builds one from the catalogue (schema.py), so a figure added there is an
    attribute here without a class to edit: `budget.three_public.vehicles.purchase.this`.
    """

    __slots__ = ("_fields", "__dict__")

    def __init__(self, **fields: Any) -> None:
        object.__setattr__(self, "_fields", fields)
        # Each field is also an instance attribute, so reading one is a plain lookup: through __getattr__
        # alone every read first failed (an exception made and dropped, ~1.5 µs), hundreds of times a draft.
        # A name the class itself has (a method) stays the class's, as it is for __getattr__.
        shadowed = _class_names(type(self))
        self.__dict__.update(fields if shadowed.isdisjoint(fields) else
                             {k: v for k, v in fields.items() if k not in shadowed})

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no field {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a budget is read-only; build a new one with .replace()")

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self._fields == other._fields  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self._fields.items())})"

    def __reduce__(self) -> tuple:
        return _rebuild, (type(self), self._fields)  # for worker processes

    def fields(self) -> dict[str, Any]:
        """Return the fields as a new dict."""
        return dict(self._fields)

    def replace(self, **changes: Any) -> "Block":
        """Return a copy with *changes* applied."""
        return type(self)(**{**self._fields, **changes})


_CLASS_NAMES: dict[type, frozenset[str]] = {}


def _class_names(cls: type) -> frozenset[str]:
    """Return the names *cls* answers itself (methods, slots), which its instances' fields must not hide."""
    names = _CLASS_NAMES.get(cls)
    if names is None:
        names = _CLASS_NAMES[cls] = frozenset(dir(cls))
    return names


def _rebuild(cls: type, fields: dict[str, Any]) -> Block:
    """Return a block of *cls* with *fields* (unpickling)."""
    return cls(**fields)


class Income(Block):
    """收入: the total compared with last year, the 财政拨款 total, and the sources in the order given."""

    def source(self, key: str) -> Source | None:
        """Return the source *key*, if the input has it."""
        for source in self.sources:  # a plain loop: the context and the checks ask dozens of times a draft
            if source.key == key:
                return source
        return None

    def change(self, key: str) -> Compared:
        """Return source *key* compared with last year; a source the input leaves out is 0 in both years."""
        found = self.source(key)
        if found is None:
            return Compared(Decimal(0), Decimal(0))
        return found.change or Compared(found.amount, found.amount)


class Settings(Record):
    """How the office writes and publishes figures: the unit it enters, the unit it publishes, % decimals."""

    __slots__ = ("input_unit", "publish_unit", "percent_places", "rounded_in")
    input_unit: str
    publish_unit: str
    percent_places: int
    rounded_in: str   # the coarsest unit any figure was rounded to, when coarser than input_unit
    # (a YAML in 万元 or a table in 万元 merged into a 公开表's 元): the 尾差 tolerance follows it

    def __init__(self, input_unit: str = "万元", publish_unit: str = "万元", percent_places: int = 2,
                 rounded_in: str = "") -> None:
        set_field = object.__setattr__
        set_field(self, "input_unit", input_unit)
        set_field(self, "publish_unit", publish_unit)
        set_field(self, "percent_places", percent_places)
        set_field(self, "rounded_in", rounded_in)


class Budget(Block):
    """Everything the 部门预算情况说明 states, for one unit and one year.

    Besides the catalogue's blocks it carries where it came from: `source` (the input's name),
    `places` (Chinese field path → where it was written, so every message can name the place),
    `notes` (提示 made while reading it) and `references` (last year's published figures by path).
    """

    def place_of(self, path: str) -> Location | None:
        """Return where field *path* was written, or its nearest written parent (a 主要原因 not yet written)."""
        places = self._fields.get("places") or {}
        while path:
            if path in places:
                return places[path]
            path = path.rpartition(".")[0]
        return None
