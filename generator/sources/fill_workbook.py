"""The 填报 workbook: the YAML skeleton as an Excel workbook for staff who prefer Excel, and its reader.

One sheet per block of the input (设置, 单位, 收入, 支出, …): column A names the field by its full
Chinese path (locked), B holds 本年 or the value, C 上年 and D 主要原因 for figures compared with
last year; each field's help text is a comment on its name. Lists (主要职责, 功能分类, 专项转移支付 …)
get a sheet of their own, one item a row. The reader gives the same raw tree as the YAML would,
every value located at its sheet and cell.
"""

from __future__ import annotations

from pathlib import Path

from generator import schema
from generator.errors import InputError, Location, Problem
from generator.sources.raw import RawList, RawMap, RawScalar
from generator.sources.xlsx import Grid, OutCell, OutSheet, open_grids, sheet_names, write_workbook
from generator.schema import Spec

FIELD_HEAD = ("字段", "本年 / 填写值", "上年", "主要原因")
OTHERS = "其他数字"
LIST_KINDS = (schema.TEXTS, schema.NAMED_AMOUNTS, schema.PROJECTS)
NUMBER_KINDS = (schema.AMOUNT, schema.COMPARED, schema.OPTIONAL)
COMPARABLE = (schema.COMPARED, schema.OPTIONAL)   # rows with 上年 and 主要原因 beside 本年
LIST_ROWS = 100   # rows left open (unlocked) on a list sheet: duties, classes, projects


def plan() -> list[tuple[str, list[tuple[str, Spec]]]]:
    """Return the sheets in order: (sheet name, [(field path, spec)]); a list field's sheet has one entry."""
    sheets: list[tuple[str, list[tuple[str, Spec]]]] = []
    others: list[tuple[str, Spec]] = []

    def walk(block: Spec, prefix: str, rows: list[tuple[str, Spec]]) -> None:
        for f in list(block.fields) + list(block.items):
            path = f"{prefix}.{f.key}"
            if f.kind == schema.BLOCK:
                walk(f, path, rows)
            elif f.kind in LIST_KINDS:
                sheets.append((path, [(path, f)]))
            else:
                rows.append((path, f))

    for f in schema.BUDGET.fields:
        if f.kind == schema.BLOCK:
            rows: list[tuple[str, Spec]] = []
            sheets.append((f.key, rows))
            walk(f, f.key, rows)
        elif f.kind in LIST_KINDS:
            sheets.append((f.key, [(f.key, f)]))
        else:
            others.append((f.key, f))
    sheets.append((OTHERS, others))
    return sheets


def header(*texts: str) -> list[OutCell]:
    """Return a locked header row."""
    return [OutCell(t, header=True) for t in texts]


def fill_workbook_bytes(unit: str, year: int) -> bytes:
    """Return the blank 填报 workbook for *unit* and *year* (.xlsx bytes)."""
    prefilled = {"单位.名称": unit, "单位.年度": year, "设置.填写单位": "万元", "设置.公布单位": "万元", "设置.百分比小数位": 2}
    sheets = []
    for name, rows in plan():
        if len(rows) == 1 and rows[0][1].kind in LIST_KINDS:
            path, spec = rows[0]
            amounts = spec.kind != schema.TEXTS
            head = header("名称", "金额（与“设置”的填写单位相同）") if amounts else header(spec.key)
            head[0].comment = spec.help
            rows_out = [[OutCell(), OutCell(number=True)] if amounts else [OutCell()] for _ in range(LIST_ROWS)]
            sheets.append(OutSheet(name, [head] + rows_out, (40, 20) if amounts else (90,)))
            continue
        out = [header(*FIELD_HEAD)]
        for path, spec in rows:
            compared = spec.kind in COMPARABLE
            number, whole = spec.kind in NUMBER_KINDS, spec.kind in (schema.COUNT, schema.YEAR)
            help_text = spec.help + ("（本年与上年不同时必须写主要原因；上一年度的输入文件已存在时上年可不填）" if compared else "")
            out.append([OutCell(path, comment=help_text, header=True), OutCell(prefilled.get(path), number=number, whole=whole),
                        OutCell(number=True) if compared else OutCell(None, header=True),
                        OutCell() if compared else OutCell(None, header=True)])
        sheets.append(OutSheet(name, out, (44, 18, 18, 50)))
    return write_workbook(sheets)


def is_fill_workbook(path: Path) -> bool:
    """Return whether the .xlsx at *path* is a 填报 workbook (its sheets are the input's blocks), not a 公开表."""
    names = set(sheet_names(path))
    return {schema.SETTINGS, "单位", "收入", OTHERS} <= names


def read_fill_workbook(path: Path) -> RawMap:
    """Return the raw tree of a filled 填报 workbook (InputError listing every misplaced field)."""
    grids = {grid.name: grid for grid in open_grids(path)}
    if not {schema.SETTINGS, "单位", "收入"} <= set(grids):
        raise InputError([Problem(str(path), None, "", (
            "这个工作簿不是本工具的 Excel 填报表（用 init --xlsx 生成，有“设置”“单位”“收入”等工作表）。"
            "预算系统导出的公开表请在输入文件里写一行“公开表: 文件名.xlsx”，或在命令后加 --tables 文件名.xlsx。"))])
    fields = {p: s for _, rows in plan() for p, s in rows}
    lists = {name for name, rows in plan() if len(rows) == 1 and rows[0][1].kind in LIST_KINDS}
    root = RawMap(Location(str(path)))
    problems: list[Problem] = []
    for name, grid in grids.items():
        if name in lists:
            read_list(path, grid, fields[name], root)
            continue
        for row in range(2, grid.max_row + 1):
            key = grid.text(row, 1).strip()
            if not key:
                continue
            spec = fields.get(key)
            if spec is None:
                problems.append(Problem(str(path), None, key, f"不认识的字段“{key}”。请不要改动 A 栏的字段名。",
                                        grid.place(row, 1)))
                continue
            read_field(path, grid, row, key, spec, root)
    if problems:
        raise InputError(problems)
    return root


def at(path: Path, grid: Grid, row: int, col: int) -> Location:
    """Return the location of a cell."""
    return Location(str(path), cell=grid.place(row, col))


def scalar(path: Path, grid: Grid, row: int, col: int) -> RawScalar:
    """Return a cell as a raw scalar (None when empty)."""
    text = grid.text(row, col).strip()
    return RawScalar(text or None, at(path, grid, row, col))


def read_field(path: Path, grid: Grid, row: int, key: str, spec: Spec, root: RawMap) -> None:
    """Put one field row into the tree; a field left wholly empty is left out when it may be."""
    this, last, reason = (scalar(path, grid, row, c) for c in (2, 3, 4))
    keys = key.split(".")
    optional = not spec.required or keys[-2:-1] == ["收入"] and keys[-1] not in ("合计", "财政拨款合计")
    # A bare-amount field (OPTIONAL) is compared only when 上年 or a reason is written beside it.
    compared = spec.kind == schema.COMPARED or (
        spec.kind == schema.OPTIONAL and (last.text is not None or reason.text is not None))
    if compared:
        if this.text is None and last.text is None and reason.text is None and optional:
            return
        entries = [(schema.THIS_YEAR, this.at, this)]
        entries += [(schema.LAST_YEAR, last.at, last)] if last.text is not None else []
        entries += [(schema.REASON, reason.at, reason)] if reason.text is not None else []
        place(root, keys, RawMap(this.at, entries), at(path, grid, row, 1))
    elif this.text is not None or not optional:
        place(root, keys, this, this.at)   # findings on a value name its cell (B), not the field's name


def read_list(path: Path, grid: Grid, spec: Spec, root: RawMap) -> None:
    """Put a list sheet into the tree: texts, 名称: 金额 pairs, or {名称, 金额} projects."""
    keys = grid.name.split(".")
    key_at = Location(str(path), cell=grid.place(1, 1))
    rows = [r for r in range(2, grid.max_row + 1) if grid.text(r, 1).strip() or grid.text(r, 2).strip()]
    if spec.kind == schema.TEXTS:
        place(root, keys, RawList(key_at, [scalar(path, grid, r, 1) for r in rows]), key_at)
    elif spec.kind == schema.NAMED_AMOUNTS:
        if rows or spec.required:
            place(root, keys, RawMap(key_at, [(grid.text(r, 1).strip(), at(path, grid, r, 1), scalar(path, grid, r, 2))
                                              for r in rows]), key_at)
    else:
        place(root, keys, RawList(key_at, [RawMap(at(path, grid, r, 1), [
            (schema.NAME, at(path, grid, r, 1), scalar(path, grid, r, 1)),
            (schema.AMOUNT_KEY, at(path, grid, r, 2), scalar(path, grid, r, 2))]) for r in rows]), key_at)


def place(root: RawMap, keys: list[str], value, key_at: Location) -> None:
    """Set *value* at *keys*, making the maps on the way (each map located at its first field)."""
    node = root
    for key in keys[:-1]:
        found = node.get(key)
        if not isinstance(found, RawMap):
            found = RawMap(key_at)
            node.entries.append((key, key_at, found))
        node = found
    node.entries.append((keys[-1], key_at, value))
