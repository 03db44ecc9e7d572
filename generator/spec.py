"""The columns of the catalogue: what one entry declares (Spec), its identities (Sum) and how a
compared figure reaches the draft (Figure), and the walks of a catalogue from its root (Walks).
The entries themselves are in schema.py."""

from __future__ import annotations

from typing import Iterator

from generator.records import Record

# Kinds of value a field may hold.
TEXT = "text"              # one line of text
YEAR = "year"              # a year such as 2023
COUNT = "count"            # a whole number of things (辆、项、台)
AMOUNT = "amount"          # money in 万元
COMPARED = "compared"      # {本年, 上年, 主要原因}
OPTIONAL = "optional"      # a bare amount (this year only), or {本年, 上年, 主要原因}: compared when 上年 is given
TEXTS = "texts"            # a list of texts
NAMED_AMOUNTS = "named"    # a mapping 名称: 金额, in the order written
PROJECTS = "projects"      # a list of {名称, 金额}
BLOCK = "block"            # a mapping of further fields

THIS_YEAR, LAST_YEAR, REASON = "本年", "上年", "主要原因"
NAME, AMOUNT_KEY = "名称", "金额"


class Sum(Record):
    """An identity: the figure it is declared on equals the sum of its parts.

    Parts are keys beside the figure (dotted for deeper ones). A list field stands for its
    items (the 类 of a list with 科目编码), and ITEMS for the block's optional items (收入来源).
    """

    __slots__ = ("rule", "parts", "label", "shares", "both_years", "parts_label", "unit")
    rule: str                  # BAL-xx
    parts: tuple[str, ...]
    label: str                 # the total as messages name it, e.g. 支出合计
    shares: str                # printed with shares: the phrase-label group naming the parts ("" if not printed)
    both_years: bool           # also 上年 (every part must be compared with last year)
    parts_label: str           # counts: what the parts are called together (各类车辆)
    unit: str                  # counts: the unit (辆)

    def __init__(self, rule: str, parts: tuple[str, ...], label: str, shares: str = "", both_years: bool = False,
                 parts_label: str = "", unit: str = "") -> None:
        set_field = object.__setattr__
        set_field(self, "rule", rule)
        set_field(self, "parts", parts)
        set_field(self, "label", label)
        set_field(self, "shares", shares)
        set_field(self, "both_years", both_years)
        set_field(self, "parts_label", parts_label)
        set_field(self, "unit", unit)


ITEMS = "*"


class Figure(Record):
    """How a figure compared with last year reaches the draft: its change rule and template variables.

    Besides *amount* (this year) and *change* (the composed clause), the template gets the parts
    of the comparison as `{var}_last_amount`, `_diff`, `_rate`, `_direction` and `_reason`.
    """

    __slots__ = ("var", "rule", "label", "amount", "change", "clause_index", "subject")
    var: str                   # prefix of the atomic variables, e.g. reception
    rule: str                  # the change rule in rules.yaml
    label: str                 # what it is, for the variable list and the diff (公务接待费)
    amount: str                # this year's amount variable (default {var}_amount)
    change: str                # the composed clause's variable (default {var}_change)
    clause_index: int | None   # the clause's place when *change* joins several (财政拨款各项)
    subject: str               # what the clause names before its change (机关运行经费), "" for none

    def __init__(self, var: str, rule: str, label: str, amount: str = "", change: str = "",
                 clause_index: int | None = None, subject: str = "") -> None:
        set_field = object.__setattr__
        set_field(self, "var", var)
        set_field(self, "rule", rule)
        set_field(self, "label", label)
        set_field(self, "amount", amount)
        set_field(self, "change", change)
        set_field(self, "clause_index", clause_index)
        set_field(self, "subject", subject)

    @property
    def amount_var(self) -> str:
        """Return the name of this year's amount variable."""
        return self.amount or f"{self.var}_amount"

    @property
    def change_var(self) -> str:
        """Return the name of the composed clause's variable."""
        return self.change or f"{self.var}_change"


class Spec(Record):
    """One key of the input: its Chinese name, model attribute, kind and help text (and, for figures, more)."""

    __slots__ = ("key", "attr", "kind", "help", "fields", "cls", "required", "default", "choices", "items",
                 "items_attr", "sums", "figure", "compared_items", "_fields_by_key", "_items_by_key")
    key: str
    attr: str
    kind: str
    help: str
    fields: tuple["Spec", ...]
    cls: type | None
    required: bool
    default: object
    choices: tuple[str, ...]
    items: tuple["Spec", ...]   # optional keys a block collects, in file order, into `items_attr`
    items_attr: str
    sums: tuple[Sum, ...]       # identities this figure heads
    figure: Figure | None       # how a compared figure reaches the draft
    compared_items: bool        # a 名称: 金额 list whose items may be written 本年/上年/主要原因

    def __init__(self, key: str, attr: str, kind: str, help: str = "", fields: tuple["Spec", ...] = (),
                 cls: type | None = None, required: bool = True, default: object = "", choices: tuple[str, ...] = (),
                 items: tuple["Spec", ...] = (), items_attr: str = "", sums: tuple[Sum, ...] = (),
                 figure: Figure | None = None, compared_items: bool = False) -> None:
        set_field = object.__setattr__
        set_field(self, "key", key)
        set_field(self, "attr", attr)
        set_field(self, "kind", kind)
        set_field(self, "help", help)
        set_field(self, "fields", fields)
        set_field(self, "cls", cls)
        set_field(self, "required", required)
        set_field(self, "default", default)
        set_field(self, "choices", choices)
        set_field(self, "items", items)
        set_field(self, "items_attr", items_attr)
        set_field(self, "sums", sums)
        set_field(self, "figure", figure)
        set_field(self, "compared_items", compared_items)
        # The fields and the items by key (the first of a key wins), for child() and item(): a Spec never changes
        set_field(self, "_fields_by_key", first_by_key(fields))
        set_field(self, "_items_by_key", first_by_key(items))

    def child(self, key: str) -> "Spec | None":
        """Return the field of this block called *key*, if there is one."""
        return self._fields_by_key.get(key)

    def item(self, key: str) -> "Spec | None":
        """Return the optional item of this block called *key*, if there is one."""
        return self._items_by_key.get(key)


def first_by_key(specs: tuple[Spec, ...]) -> dict[str, Spec]:
    """Return *specs* by key, the first of a key winning."""
    found: dict[str, Spec] = {}
    for spec in specs:
        found.setdefault(spec.key, spec)
    return found


def block(key: str, attr: str, cls: type, help: str, *fields: Spec) -> Spec:
    """Return the spec of a block of fields that builds a *cls*."""
    return Spec(key, attr, BLOCK, help, tuple(fields), cls)


def compared(key: str, attr: str, help: str, **columns) -> Spec:
    """Return the spec of a figure compared with last year."""
    return Spec(key, attr, COMPARED, help, **columns)


def optional(key: str, attr: str, help: str, **columns) -> Spec:
    """Return the spec of an amount that staff may compare with last year (本年/上年/主要原因) or not."""
    return Spec(key, attr, OPTIONAL, help, **columns)


def amount(key: str, attr: str, help: str, **columns) -> Spec:
    """Return the spec of an amount (this year only)."""
    return Spec(key, attr, AMOUNT, help, **columns)


# Walks of a catalogue from its root (schema.BUDGET): schema.py keeps their results as tables.

def walk_fields(spec: Spec, prefix: str = "") -> Iterator[tuple[str, Spec]]:
    """Yield (path, spec) for every field below *spec*, depth first, in file order."""
    for f in spec.fields:
        path = f"{prefix}.{f.key}" if prefix else f.key
        yield path, f
        if f.kind == BLOCK:
            yield from walk_fields(f, path)


def walk_figures(block: Spec, prefix: str = "") -> Iterator[tuple[str, Spec]]:
    """Yield (path, spec) for the figures of *block*: its fields depth first, then its optional items."""
    for spec in block.fields:
        path = f"{prefix}.{spec.key}" if prefix else spec.key
        if spec.figure is not None:
            yield path, spec
        if spec.kind == BLOCK:
            yield from walk_figures(spec, path)
    for item in block.items:
        if item.figure is not None:
            yield f"{prefix}.{item.key}", item


def walk_lookup(root: Spec, path: str) -> Spec | None:
    """Return the spec of the field (or block item) at *path* below *root*, if there is one."""
    spec: Spec | None = root
    for key in path.split("."):
        if spec is None:
            return None
        spec = spec.child(key) or spec.item(key)
    return spec


class Walks:
    """The walks of a catalogue, made once: fields, identities and figures in file order; specs by path."""

    def __init__(self, root: Spec) -> None:
        self.fields = tuple(walk_fields(root))
        self.sums = tuple((path, spec, total) for path, spec in self.fields for total in spec.sums)
        self.figures = tuple(walk_figures(root))
        self.specs = {path: walk_lookup(root, path) for path in paths_below(root)}
        self.reads = tuple(read_plan(root))


def paths_below(root: Spec) -> list[str]:
    """Return the path of every field and block item below *root*."""
    fields = list(walk_fields(root))
    return ([path for path, _ in fields] + [f"{path}.{i.key}" for path, spec in fields for i in spec.items]
            + [i.key for i in root.items])


def read_plan(root: Spec) -> list[tuple[str, Spec, int, bool]]:
    """Return how to read every field of a model built on *root*, in the order schema.values yields them.

    Each step reads field *spec* of the block read at step *parent* (-1: the model itself), or, when
    *items* is true, lists the optional items of the block read at step *parent* (after its fields).
    """
    plan: list[tuple[str, Spec, int, bool]] = []

    def add(block: Spec, prefix: str, parent: int) -> None:
        for f in block.fields:
            path = f"{prefix}.{f.key}" if prefix else f.key
            plan.append((path, f, parent, False))
            if f.kind == BLOCK:
                here = len(plan) - 1
                add(f, path, here)
                if f.items:
                    plan.append((path, f, here, True))

    add(root, "", -1)
    return plan
