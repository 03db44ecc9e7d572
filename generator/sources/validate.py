"""The one validator: walks a raw tree (from any adapter) along the catalogue, collecting values,
places and every problem in one pass."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Collection

from generator import schema
from generator.errors import Location, Problem
from generator.sources.indentation import misplaced_key
from generator.sources.last_year import LastYear
from generator.sources.raw import Raw, RawList, RawMap, RawScalar
from generator.sources.syntax import bad_dash
from generator.sources.values import (AMOUNT_PLACES, LEADING_ORDINAL, TRAILING_PUNCTUATION, clean_text, implausible_amount,
                                      implausible_message, not_a_number_hint, parse_decimal)
from generator import model
from generator.model import Compared, NamedAmount
from generator.money import UNIT_SCALE
from generator.schema import Spec


COMPARED_KEYS = (schema.THIS_YEAR, schema.LAST_YEAR, schema.REASON)
# Per block spec, by id: the keys it may hold (fields, then items, in order; a dict for the lookup)
# and its items by key. The catalogue is immutable, so they are worked out once, not at every
# block of every input; an entry keeps its spec, so no other spec can take that id meanwhile.
_LAYOUTS: dict[int, tuple[Spec, dict[str, None], dict[str, Spec]]] = {}


def layout(spec: Spec) -> tuple[dict[str, None], dict[str, Spec]]:
    """Return the keys block *spec* may hold, in order, and its optional items by key."""
    entry = _LAYOUTS.get(id(spec))
    if entry is None or entry[0] is not spec:
        known = dict.fromkeys([f.key for f in spec.fields] + [i.key for i in spec.items])
        entry = _LAYOUTS[id(spec)] = (spec, known, {item.key: item for item in spec.items})
    return entry[1], entry[2]


class Validator:
    """Walks the raw tree along the catalogue, collecting values, places and problems.

    Last year's figures are resolved before the walk and passed in (*last_year*), never opened
    in the middle of it.
    """

    def __init__(self, file: str, last_year: LastYear | None = None) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        self.places: dict[str, Location] = {}
        self.last_year = last_year
        self.year: int | None = None
        self.input_unit = "万元"

    def fail(self, at: Location | None, where: str, message: str) -> None:
        """Record a problem for field *where* at place *at* (None: the file as a whole)."""
        self.problems.append(at.problem(where, message) if at else Problem(self.file, None, where, message))

    # -- blocks ---------------------------------------------------------------

    def block(self, spec: Spec, node: Raw, where: str) -> dict[str, Any] | None:
        """Return the attribute values of block *spec*, or None when any part was wrong."""
        if not isinstance(node, RawMap):
            self.fail(node.at, where, "这里应是下一级的若干字段（换行并缩进），请参照样板。")
            return None
        before = len(self.problems)
        known, items = layout(spec)
        found = self.keys(node, where, known)
        values: dict[str, Any] = {}
        for f in spec.fields:
            path = f"{where}.{f.key}" if where else f.key
            if f.key in found:
                values[f.attr] = self.value(f, found[f.key], path)
            elif f.required:  # named at the block's own key (none at the top): the missing one has no line
                self.fail(self.places.get(where), path, f"缺少“{f.key}”（{f.help}），请补上。")
            else:
                values[f.attr] = f.default
        if items:
            values[spec.items_attr] = tuple(
                self.item(items[key], found[key], f"{where}.{key}") for key in found if key in items)
        if spec.cls is model.Settings and len(self.problems) == before:
            self.input_unit = values["input_unit"]  # read first (schema order): every amount after it is in this unit
        if len(self.problems) > before:
            return None
        return values

    def keys(self, node: RawMap, where: str, known: Collection[str]) -> dict[str, Raw]:
        """Return the value of each key (recording the key's place), reporting duplicates and unknown keys."""
        found: dict[str, Raw] = {}
        for key, key_at, value in node.entries:
            path = f"{where}.{key}" if where else key
            if key in found:
                # In a list's item (专项转移支付第1项) a second 名称 is most often the next item without its "- "
                in_item = where.endswith("项") and where.rpartition("第")[2][:-1].isdigit()
                next_item = "若这是列表的下一项，请在它前面写“- ”（与上一项的“- ”对齐）；否则" if in_item else ""
                self.fail(key_at, path, f"重复填写，{place_words(self.places[path])}已有“{key}”，{next_item}请删去一处。")
                continue
            if key not in known:
                import difflib  # only for a misspelt key: a draft of a good input never loads it

                guess = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
                hint = f"，是不是“{guess[0]}”？" if guess else f"。这里可以填写：{'、'.join(known)}。"
                self.fail(key_at, path, misplaced_key(node, key, key_at, where) or f"不认识的字段“{key}”{hint}")
                continue
            found[key] = value
            self.places[path] = key_at
        return found

    def item(self, spec: Spec, node: Raw, path: str) -> model.Source | None:
        """Return one optional item of a block (an income source): compared with last year, or this year only."""
        if spec.kind == schema.COMPARED or isinstance(node, RawMap):
            change = self.compared(node, path)
            return None if change is None else model.Source(spec.attr, spec.key, change.this, change)
        amount = self.scalar(schema.AMOUNT, node, path)
        return None if amount is None else model.Source(spec.attr, spec.key, amount)

    def value(self, spec: Spec, node: Raw, path: str) -> Any:
        """Return the value of field *spec* read from *node* (an optional field left empty takes its default)."""
        if not spec.required and is_empty(node):
            return spec.default
        if spec.kind == schema.BLOCK:
            values = self.block(spec, node, path)
            return None if values is None else spec.cls(**values)
        if spec.choices:
            value = self.scalar(spec.kind, node, path, required=spec.required)
            if value is not None and str(value) not in spec.choices:
                self.fail(node.at, path, f"应为 {' 或 '.join(spec.choices)}，实际为“{value}”。")
                return None
            return spec.default if value in (None, "") else value
        if spec.kind == schema.COMPARED:
            return self.compared(node, path)
        if spec.kind == schema.OPTIONAL:  # a bare number is this year only; 本年/上年/主要原因 compares it
            return self.compared(node, path) if isinstance(node, RawMap) else self.scalar(schema.AMOUNT, node, path)
        if spec.kind in (schema.TEXTS, schema.PROJECTS):
            return self.sequence(spec, node, path)
        if spec.kind == schema.NAMED_AMOUNTS:
            return self.named_amounts(node, path, spec.compared_items)
        return self.scalar(spec.kind, node, path, required=spec.required)

    # -- scalars --------------------------------------------------------------

    def scalar(self, kind: str, node: Raw, path: str, required: bool = True) -> Any:
        """Return the text, year, count or amount written at *node*."""
        if not isinstance(node, RawScalar):
            self.fail(node.at, path, "这里应填一个值，不是一组字段或列表。")
            return None
        text = node.text or ""
        if not text.strip():
            if required:
                self.fail(node.at, path, "没有填写，请填上。" + ("（没有就填 0）" if kind != schema.TEXT else ""))
            return "" if kind == schema.TEXT else None
        if kind == schema.TEXT:
            return self.text(node, path, text)
        number = parse_decimal(text)
        if kind == schema.AMOUNT:
            return self.amount(node, path, text, number)
        if number is None or number != number.to_integral_value():
            what = "年份，如 2023" if kind == schema.YEAR else "整数（个数）"
            self.fail(node.at, path, f"应为{what}，实际为“{text}”。")
            return None
        if kind == schema.YEAR and not 2000 <= number <= 2100:
            self.fail(node.at, path, f"年度应在 2000 到 2100 之间，实际为“{text}”。")
            return None
        if kind == schema.YEAR:
            self.year = int(number)
        if kind == schema.COUNT and number < 0:
            self.fail(node.at, path, f"个数不能为负，实际为“{text}”。")
            return None
        return int(number)

    def amount(self, node: RawScalar, path: str, text: str, number: Decimal | None) -> Decimal | None:
        """Return an amount in 万元 (converted exactly from 元 when the file is in 元), or record why *text* is not one."""
        unit = self.input_unit
        if number is None:
            self.fail(node.at, path, f"应为金额（单位{unit}的数字），实际为“{text}”。{not_a_number_hint(text)}请只填数字。")
            return None
        if -number.as_tuple().exponent > AMOUNT_PLACES:
            self.fail(node.at, path, f"金额最多两位小数（单位{unit}），实际为“{text}”。请四舍五入到两位。")
            return None
        amount = number / UNIT_SCALE[unit]
        if implausible_amount(amount):
            self.fail(node.at, path, implausible_message(text, unit))
            return None
        return amount

    def text(self, node: RawScalar, path: str, text: str) -> str:
        """Return staff text cleaned of characters Word cannot store (noting any removal)."""
        cleaned, removed = clean_text(text)
        if removed:
            self.notes.append(node.at.problem(path, "删去了不可见的控制字符（常见于从 Excel 复制的文字），请核对这段文字。"))
        return cleaned

    # -- structured values ----------------------------------------------------

    def compared(self, node: Raw, path: str) -> Compared | None:
        """Return a figure compared with last year, taking 上年 from last year's file if absent."""
        if isinstance(node, RawScalar):
            this = self.scalar(schema.AMOUNT, node, f"{path}.{schema.THIS_YEAR}")
            last = self.last_year_amount(node, path)
            return None if this is None or last is None else Compared(this, last)
        if not isinstance(node, RawMap):
            self.fail(node.at, path, "应写成 本年/上年/主要原因 三行，请参照样板。")
            return None
        found = self.keys(node, path, COMPARED_KEYS)
        if schema.THIS_YEAR not in found:
            self.fail(self.places.get(path, node.at), f"{path}.{schema.THIS_YEAR}", "缺少本年数，请补上。")
            return None
        this = self.scalar(schema.AMOUNT, found[schema.THIS_YEAR], f"{path}.{schema.THIS_YEAR}")
        if schema.LAST_YEAR in found:
            last = self.scalar(schema.AMOUNT, found[schema.LAST_YEAR], f"{path}.{schema.LAST_YEAR}")
        else:
            last = self.last_year_amount(node, path)
        reason = None
        if schema.REASON in found:
            reason_node = found[schema.REASON]
            reason = self.scalar(schema.TEXT, reason_node, f"{path}.{schema.REASON}", required=False)
            reason = (reason or "").rstrip(TRAILING_PUNCTUATION) or None
        if this is None or last is None:
            return None
        return Compared(this, last, reason)

    def sequence(self, spec: Spec, node: Raw, path: str) -> tuple | None:
        """Return a list of texts or of {名称, 金额} projects."""
        if isinstance(node, RawScalar) and node.text is None:
            return ()
        if not isinstance(node, RawList):
            dash = bad_dash(node.text or "") if isinstance(node, RawScalar) else None  # －秘书股, -秘书股: text to YAML
            self.fail(node.at, path, f"{dash}。" if dash else "这里应是一个列表：每项一行，以“- ”开头；没有就写 []。")
            return None
        before = len(self.problems)
        items = []
        for number, item in enumerate(node.items, start=1):
            where = f"{path}第{number}项"
            if spec.kind == schema.TEXTS:
                text = self.scalar(schema.TEXT, item, where)
                items.append(LEADING_ORDINAL.sub("", text or ""))
            else:
                items.append(self.project(item, where))
        return None if len(self.problems) > before else tuple(items)

    def project(self, node: Raw, where: str) -> NamedAmount | None:
        """Return one {名称, 金额} item."""
        if not isinstance(node, RawMap):
            self.fail(node.at, where, "每个项目应写 名称 和 金额 两行。")
            return None
        found = self.keys(node, where, [schema.NAME, schema.AMOUNT_KEY])
        missing = [k for k in (schema.NAME, schema.AMOUNT_KEY) if k not in found]
        for key in missing:
            self.fail(node.at, f"{where}.{key}", f"缺少“{key}”，请补上。")
        if missing:
            return None
        label = self.scalar(schema.TEXT, found[schema.NAME], f"{where}.{schema.NAME}")
        amount = self.scalar(schema.AMOUNT, found[schema.AMOUNT_KEY], f"{where}.{schema.AMOUNT_KEY}")
        return None if amount is None or not label else NamedAmount(label, amount)

    def named_amounts(self, node: Raw, path: str, compared: bool = False) -> tuple[NamedAmount, ...] | None:
        """Return the 名称: 金额 pairs of a mapping, in the order written (with 本年/上年/主要原因 where *compared*)."""
        if not isinstance(node, RawMap):
            self.fail(node.at, path, "这里应逐项写“名称: 金额”，每项一行并缩进。")
            return None
        before = len(self.problems)
        items, seen = [], {}
        for label, key_at, value_node in node.entries:
            if label in seen:
                self.fail(key_at, f"{path}.{label}", f"重复填写，{place_words(seen[label])}已有“{label}”。")
                continue
            seen[label] = self.places[f"{path}.{label}"] = key_at
            if compared and isinstance(value_node, RawMap):
                change = self.compared(value_node, f"{path}.{label}")
                items.append(change and NamedAmount(label, change.this, change.last, change.reason))
                continue
            amount = self.scalar(schema.AMOUNT, value_node, f"{path}.{label}")
            items.append(NamedAmount(label, amount))
        return None if len(self.problems) > before else tuple(items)

    # -- last year's figures -------------------------------------------------

    def last_year_amount(self, node: Raw, path: str) -> Decimal | None:
        """Return the 本年 figure at *path* in last year's input, or record why it is missing."""
        at = self.places.get(path, node.at)
        where = f"{path}.{schema.LAST_YEAR}"
        if self.last_year is None:
            self.fail(at, where, "缺少上年数（年度未填好，无法查找上年的输入文件）。")
            return None
        if self.last_year.tree is None:
            self.fail(at, where, f"缺少上年数。请填写“上年”，或放好上一年度的输入文件 {self.last_year.path}。")
            return None
        number, found = self.last_year.amount(path)
        if found is None:
            self.fail(at, where, f"缺少上年数，上一年度的文件 {self.last_year.path} 里也没有“{path}.本年”。请填写“上年”。")
        elif number is None:
            text = found.text if isinstance(found, RawScalar) else ""
            self.problems.append(found.at.problem(f"{path}.{schema.THIS_YEAR}",
                                                  f"作为 {self.file} 的上年数，应为金额，实际为“{text or ''}”。"))
        return number


def is_empty(node: Raw) -> bool:
    """Return True for a value left empty (null or blank)."""
    return isinstance(node, RawScalar) and not (node.text or "").strip()


def place_words(at: Location) -> str:
    """Return a place as a reader says it: 第3行, or 工作表“收入” C5."""
    return at.cell or f"第{at.line}行"
