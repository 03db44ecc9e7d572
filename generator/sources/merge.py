"""One raw tree from the YAML input and the 公开表: the workbook's figures fill in what the YAML leaves
out; a figure both give must agree at the YAML's precision (XLS-05).

The merged tree is in 元 (设置.填写单位: 元): the YAML's 万元 figures are multiplied by 10000, exactly,
so that the workbook's exact 元 survive (1856.1449 万元 would not fit the YAML's two decimals).
A YAML key left empty (`专户管理的教育收费:`) or holding only a reason asks for the workbook's figure.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from generator import schema
from generator.checks.finding import ERROR, Finding
from generator.errors import InputError, Location
from generator.sources.public_tables import Figures, amount_text, put
from generator.sources.workbook_tables import Cell
from generator.sources.raw import Raw, RawList, RawMap, RawScalar
from generator.sources.values import AMOUNT_PLACES, parse_decimal

SCALE = {"元": Decimal(1), "万元": Decimal(10000), "个": Decimal(1)}   # 个: a count, compared as it is
SOURCE_ORDER = [s.key for s in schema.INCOME_SOURCES]


def find(tree: Raw | None, keys: list[str]) -> Raw | None:
    """Return the node at *keys* below *tree*, or None."""
    for key in keys:
        tree = tree.get(key) if isinstance(tree, RawMap) else None
    return tree


def key_paths(tree: Raw, prefix: str = "") -> set[str]:
    """Return the dotted path of every key written in *tree*."""
    found = set()
    if isinstance(tree, RawMap):
        for key, _, value in tree.entries:
            path = f"{prefix}.{key}" if prefix else key
            found |= {path} | key_paths(value, path)
    return found


def input_unit(tree: Raw) -> str:
    """Return the YAML's 填写单位 (万元 unless it says 元)."""
    unit = find(tree, [schema.SETTINGS, "填写单位"])
    return "元" if isinstance(unit, RawScalar) and (unit.text or "").strip() == "元" else "万元"


def amount_paths(spec: schema.Spec = schema.BUDGET, prefix: str = "") -> dict[str, str]:
    """Return path → kind for every amount-holding field (amounts, compared figures, named lists)."""
    found = {}
    for f in list(spec.fields) + list(spec.items):
        path = f"{prefix}.{f.key}" if prefix else f.key
        if f.kind == schema.BLOCK:
            found |= amount_paths(f, path)
        elif f.kind in (schema.AMOUNT, schema.COMPARED, schema.NAMED_AMOUNTS, schema.PROJECTS):
            found[path] = f.kind
        elif f.kind == schema.OPTIONAL:   # a bare amount or 本年/上年/主要原因: scaled as a compared figure
            found[path] = schema.COMPARED
    return found


AMOUNTS = amount_paths()


def scale_tree(tree: Raw, factor: Decimal, prefix: str = "") -> None:
    """Multiply every amount of *tree* by *factor* in place (texts that are no number are left as written)."""
    if not isinstance(tree, RawMap):
        return
    for index, (key, at, value) in enumerate(tree.entries):
        path = f"{prefix}.{key}" if prefix else key
        kind = AMOUNTS.get(path)
        if kind is None and prefix in AMOUNTS and AMOUNTS[prefix] == schema.NAMED_AMOUNTS:
            kind = schema.COMPARED   # 名称: 金额, or 名称: {本年, 上年, 主要原因}
        if kind in (schema.AMOUNT, schema.COMPARED) and isinstance(value, RawScalar):
            tree.entries[index] = (key, at, scaled(value, factor, path))
        elif kind == schema.COMPARED and isinstance(value, RawMap):
            value.entries = [(k, a, scaled(v, factor, f"{path}.{k}") if k in (schema.THIS_YEAR, schema.LAST_YEAR)
                              and isinstance(v, RawScalar) else v) for k, a, v in value.entries]
        elif kind == schema.PROJECTS and isinstance(value, RawList):
            for number, item in enumerate(value.items, start=1):
                if isinstance(item, RawMap):
                    item.entries = [(k, a, scaled(v, factor, f"{path}第{number}项.{k}")
                                     if k == schema.AMOUNT_KEY and isinstance(v, RawScalar) else v)
                                    for k, a, v in item.entries]
        else:
            scale_tree(value, factor, path)


def scaled(node: RawScalar, factor: Decimal, path: str) -> RawScalar:
    """Return an amount multiplied by *factor*, exactly (left as written when it is not a number).

    An amount with more than two decimals in the YAML's unit stays wrong after the scaling: InputError.
    """
    number = parse_decimal(node.text) if node.text else None
    if number is None:
        return node
    if factor != 1 and -number.as_tuple().exponent > AMOUNT_PLACES:
        raise InputError([node.at.problem(path, f"金额最多两位小数（单位万元），实际为“{node.text}”。请四舍五入到两位。")])
    return RawScalar(amount_text(number * factor), node.at)


def merge(tree: RawMap, figures: Figures, unit_at: Location) -> tuple[RawMap, list[Finding]]:
    """Return the YAML tree (converted to 元) with the workbook's figures filled in, and the disagreements."""
    unit = input_unit(tree)
    named = key_paths(tree)
    findings: list[Finding] = []
    for path, cell in figures.values.items():
        if not figures.wanted(path, named):
            continue
        keys = path.split(".")
        written = find(tree, keys)
        if written is None and keys[-1] == schema.THIS_YEAR:   # 本年 written as a bare number
            bare = find(tree, keys[:-1])
            written = bare if isinstance(bare, RawScalar) else None
        if isinstance(written, RawMap):   # a bare-amount field written as 本年/上年/主要原因
            written = written.get(schema.THIS_YEAR)
        if isinstance(written, RawScalar) and written.text is not None:
            findings += agree(path, written, "个" if path in figures.counts else unit, cell, figures.file)
    for path, items in figures.named.items():
        present = find(tree, path.split("."))
        if isinstance(present, RawMap) and figures.wanted(path, named):
            by_name = {name: cell for name, cell in items}
            for label, _, value in present.entries:
                cell = by_name.get(label.split(" ", 1)[-1].removesuffix("支出"))
                value = value.get(schema.THIS_YEAR) if isinstance(value, RawMap) else value
                if cell is not None and isinstance(value, RawScalar) and value.text is not None:
                    findings += agree(f"{path}.{label}", value, unit, cell, figures.file)
    scale_tree(tree, SCALE[unit])
    for path, cell in figures.values.items():
        if figures.wanted(path, named):
            fill(tree, path.split("."), RawScalar(amount_text(cell.amount), Location(figures.file, cell=cell.place)))
    for path, items in figures.named.items():
        present = find(tree, path.split("."))
        if not (items and figures.wanted(path, named)):
            continue
        exact = {name: RawScalar(amount_text(cell.amount), Location(figures.file, cell=cell.place)) for name, cell in items}
        if isinstance(present, RawMap) and present.entries:   # the YAML's own list: its figures made exact
            for index, (label, a, v) in enumerate(present.entries):
                figure = exact.get(label.split(" ", 1)[-1].removesuffix("支出"))
                if figure is not None and isinstance(v, RawScalar):
                    present.entries[index] = (label, a, figure)
                elif figure is not None and isinstance(v, RawMap):   # 本年/上年/主要原因: this year's made exact
                    v.entries = [(k, ka, figure if k == schema.THIS_YEAR else kv) for k, ka, kv in v.entries]
            continue
        for name, value in exact.items():
            fill(tree, path.split(".") + [name], value)
    settings = find(tree, [schema.SETTINGS])
    if not isinstance(settings, RawMap):
        settings = RawMap(unit_at)
        tree.entries.insert(0, (schema.SETTINGS, unit_at, settings))
    settings.entries = [e for e in settings.entries if e[0] != "填写单位"] + [("填写单位", unit_at, RawScalar("元", unit_at))]
    order_sources(tree)
    return tree, findings


def fill(tree: RawMap, keys: list[str], value: RawScalar) -> None:
    """Put the workbook's *value* at *keys* (replacing an empty or bare value; a 本年 beside a bare number)."""
    parent = find(tree, keys[:-1]) if len(keys) > 1 else tree
    if isinstance(parent, RawScalar) and keys[-1] == schema.THIS_YEAR:   # 合计: 1909.62 → 合计: {本年: …}
        grand = find(tree, keys[:-2]) if len(keys) > 2 else tree
        grand.entries = [(k, a, RawMap(a, [(schema.THIS_YEAR, value.at, value)]) if k == keys[-2] else v)
                         for k, a, v in grand.entries]
        return
    if isinstance(parent, RawMap):
        for index, (key, at, old) in enumerate(parent.entries):
            if key == keys[-1]:
                if isinstance(old, RawMap) and keys[-1] not in (schema.THIS_YEAR, schema.LAST_YEAR):
                    old.entries.insert(0, (schema.THIS_YEAR, value.at, value))  # 政府性基金: {主要原因: …}
                else:
                    parent.entries[index] = (key, at, value)
                return
    put(tree, keys, value)


def order_sources(tree: RawMap) -> None:
    """Put the income sources in the order the text gives them (the schema's), 合计 first."""
    income = find(tree, ["收入"])
    if isinstance(income, RawMap):
        rank = {key: index for index, key in enumerate(SOURCE_ORDER)}
        income.entries.sort(key=lambda e: rank.get(e[0], -1))


def agree(path: str, written: RawScalar, unit: str, cell: Cell, workbook: str) -> list[Finding]:
    """Return an XLS-05 finding when the YAML's figure and the workbook's differ at the YAML's precision."""
    number = parse_decimal(written.text or "")
    if number is None:
        return []
    in_unit = cell.amount / SCALE[unit]
    if in_unit.quantize(Decimal("0.01"), ROUND_HALF_UP) == number.quantize(Decimal("0.01"), ROUND_HALF_UP):
        return []
    shown = {"万元": f"{amount_text(in_unit)}万元", "个": f"{amount_text(in_unit)}个"}.get(unit, f"{amount_text(cell.amount)}元")
    message = (f"与公开表不一致：这里写 {written.text}{unit}，{Path(workbook).name} {cell.place} 为 "
               f"{cell.written}（{shown}）。请改正其中一处；公开表已有的数字，输入文件里可以不写。")
    return [Finding("XLS-05", ERROR, written.at.file, written.at.line, path, message, written.at.cell)]

