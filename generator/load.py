"""Input files → Budget. The only module that imports yaml.

Every problem of a file is collected in one pass and raised together as an InputError;
amounts go from the file's text straight to Decimal, never through float.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator import schema
from generator.errors import InputError, Problem
from generator.model import Budget, Compared, NamedAmount
from generator.schema import Spec
from generator.xmlchars import FORBIDDEN, strip_forbidden

# libyaml's parser when PyYAML was built with it (it keeps line marks too), else pure Python.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Staff paste duties with their old numbering; the template numbers them itself.
LEADING_ORDINAL = re.compile(r"^\s*(?:[（(][一二三四五六七八九十百]+[）)]|\d+\s*[、.．])\s*")
# A reason is followed by the sentence's own punctuation: drop the staff's.
TRAILING_PUNCTUATION = "。；，、;,. \n"
DECIMAL_TEXT = re.compile(r"^-?\d+(?:\.\d+)?$")
GROUPED_TEXT = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
AMOUNT_PLACES = 2  # 金额以万元计，最多两位小数（到“元”的百位）


@dataclass
class Loaded:
    """A budget read from a file, with the notes (提示) made while reading it."""

    budget: Budget
    notes: list[Problem] = field(default_factory=list)


def read_rules(path: Path) -> dict[str, Any]:
    """Return the phrase rules file as plain data."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=SAFE_LOADER)


def read_text(path: Path) -> str:
    """Return the text of an input file; raise InputError when it cannot be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(str(path), None, "", "找不到这个文件，请检查路径和文件名。")]) from None
    except IsADirectoryError:
        raise InputError([Problem(str(path), None, "", "这是一个文件夹，请给出 .yaml 文件。")]) from None
    except OSError as exc:
        raise InputError([Problem(str(path), None, "", f"无法读取（{exc.strerror}）。")]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem(
            str(path), None, "",
            "文件不是 UTF-8 编码。请用记事本或 WPS 打开后“另存为”，编码选 UTF-8。",
        )]) from None


def compose(path: Path, text: str) -> Node | None:
    """Return the YAML node tree of *text*; raise InputError with the line on a syntax error."""
    try:
        return yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputError([Problem(
            str(path), line, "",
            f"YAML 格式错误（{exc.problem}）。请检查这一行的缩进（用空格，不用 Tab）、"
            "冒号后是否有空格、引号是否成对。",
        )]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(str(path), None, "", f"YAML 格式错误（{exc}）。")]) from None


def load_budget(path: Path | str) -> Loaded:
    """Return the budget in the input file at *path*, or raise InputError listing every problem."""
    path = Path(path)
    text, notes = strip_control_characters(path, read_text(path))
    root = compose(path, text)
    reader = _Reader(path)
    reader.notes.extend(notes)
    if not isinstance(root, MappingNode):
        raise InputError([Problem(str(path), 1, "", "文件是空的或不是“字段: 值”的格式，请参照 init 生成的样板填写。")])
    values = reader.block(schema.BUDGET, root, "")
    if reader.problems or values is None:
        raise InputError(reader.problems)
    budget = Budget(**values, source=str(path), lines=reader.lines)
    return Loaded(budget, reader.notes)


def strip_control_characters(path: Path, text: str) -> tuple[str, list[Problem]]:
    """Return *text* without XML-forbidden characters pasted into the file, and a note per line.

    YAML itself refuses them; staff paste them from Excel (\\v) without seeing them.
    """
    notes = [
        Problem(str(path), number, "", "删去了不可见的控制字符（常见于从 Excel 复制的文字），请核对这一行。")
        for number, line in enumerate(text.split("\n"), start=1)
        if FORBIDDEN.search(line)
    ]
    return (strip_forbidden(text), notes) if notes else (text, notes)


def parse_decimal(text: str) -> Decimal | None:
    """Return the number written in *text*, accepting full-width digits and 千分位 commas.

    >>> parse_decimal("１９０９．６２"), parse_decimal("1,909.62"), parse_decimal("19O9.62")
    (Decimal('1909.62'), Decimal('1909.62'), None)
    """
    normal = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if GROUPED_TEXT.match(normal):
        normal = normal.replace(",", "")
    if not DECIMAL_TEXT.match(normal):
        return None
    return Decimal(normal)


def clean_text(text: str) -> tuple[str, bool]:
    """Return *text* without XML-forbidden characters and outer blanks, and whether any were removed.

    >>> clean_text(" 会议\\v费 ")
    ('会议费', True)
    """
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = strip_forbidden(unified)
    return cleaned.strip(), cleaned != unified


class _Reader:
    """Walks the node tree along the schema, collecting values, lines and problems."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        self.lines: dict[str, int] = {}
        self._last_year: tuple[Path, Node | None] | None = None
        self._year: int | None = None

    def fail(self, node: Node | None, where: str, message: str, line: int | None = None) -> None:
        """Record a problem for field *where* at *line*, or else at *node*'s line."""
        if line is None and node is not None:
            line = node.start_mark.line + 1
        self.problems.append(Problem(str(self.path), line, where, message))

    # -- blocks ---------------------------------------------------------------

    def block(self, spec: Spec, node: Node, where: str) -> dict[str, Any] | None:
        """Return the attribute values of block *spec*, or None when any part was wrong."""
        if not isinstance(node, MappingNode):
            self.fail(node, where, "这里应是下一级的若干字段（换行并缩进），请参照样板。")
            return None
        before = len(self.problems)
        found = self.keys(node, where, [f.key for f in spec.fields])
        values: dict[str, Any] = {}
        for f in spec.fields:
            path = f"{where}.{f.key}" if where else f.key
            if f.key in found:
                values[f.attr] = self.value(f, found[f.key], path)
            elif f.required:  # named at the block's own key: the missing one has no line
                self.fail(node, path, f"缺少“{f.key}”（{f.help}），请补上。", self.lines.get(where))
            else:
                values[f.attr] = ""
        if len(self.problems) > before:
            return None
        return values

    def keys(self, node: MappingNode, where: str, known: list[str]) -> dict[str, Node]:
        """Return the value node of each key (recording the key's line), reporting duplicates and unknown keys."""
        found: dict[str, Node] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value).strip()
            path = f"{where}.{key}" if where else key
            if key in found:
                self.fail(key_node, path, f"重复填写，第{first_line[key]}行已有“{key}”，请删去一处。")
                continue
            if key not in known:
                guess = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
                hint = f"，是不是“{guess[0]}”？" if guess else f"。这里可以填写：{'、'.join(known)}。"
                self.fail(key_node, path, f"不认识的字段“{key}”{hint}")
                continue
            found[key] = value_node
            first_line[key] = self.lines[path] = key_node.start_mark.line + 1
        return found

    def value(self, spec: Spec, node: Node, path: str) -> Any:
        """Return the value of field *spec* read from *node*."""
        if spec.kind == schema.BLOCK:
            values = self.block(spec, node, path)
            return None if values is None else spec.cls(**values)
        if spec.kind == schema.COMPARED:
            return self.compared(node, path)
        if spec.kind in (schema.TEXTS, schema.PROJECTS):
            return self.sequence(spec, node, path)
        if spec.kind == schema.NAMED_AMOUNTS:
            return self.named_amounts(node, path)
        return self.scalar(spec.kind, node, path, required=spec.required)

    # -- scalars --------------------------------------------------------------

    def scalar(self, kind: str, node: Node, path: str, required: bool = True) -> Any:
        """Return the text, year, count or amount written at *node*."""
        if not isinstance(node, ScalarNode):
            self.fail(node, path, "这里应填一个值，不是一组字段或列表。")
            return None
        text = str(node.value)
        if node.tag.endswith(":null") or not text.strip():
            if required:
                self.fail(node, path, "没有填写，请填上。" + ("（没有就填 0）" if kind != schema.TEXT else ""))
            return "" if kind == schema.TEXT else None
        if kind == schema.TEXT:
            return self.text(node, path, text)
        number = parse_decimal(text)
        if kind == schema.AMOUNT:
            return self.amount(node, path, text, number)
        if number is None or number != number.to_integral_value():
            what = "年份，如 2023" if kind == schema.YEAR else "整数（个数）"
            self.fail(node, path, f"应为{what}，实际为“{text}”。")
            return None
        if kind == schema.YEAR and not 2000 <= number <= 2100:
            self.fail(node, path, f"年度应在 2000 到 2100 之间，实际为“{text}”。")
            return None
        if kind == schema.YEAR:
            self._year = int(number)
        if kind == schema.COUNT and number < 0:
            self.fail(node, path, f"个数不能为负，实际为“{text}”。")
            return None
        return int(number)

    def amount(self, node: Node, path: str, text: str, number: Decimal | None) -> Decimal | None:
        """Return an amount in 万元, or record why *text* is not one."""
        if number is None:
            hint = "不要写单位，" if re.search("[万元亿]", text) else ""
            self.fail(node, path, f"应为金额（单位万元的数字），实际为“{text}”。{hint}请只填数字。")
            return None
        if -number.as_tuple().exponent > AMOUNT_PLACES:
            self.fail(node, path, f"金额最多两位小数（单位万元），实际为“{text}”。请四舍五入到两位。")
            return None
        return number

    def text(self, node: Node, path: str, text: str) -> str:
        """Return staff text cleaned of characters Word cannot store (noting any removal)."""
        cleaned, removed = clean_text(text)
        if removed:
            self.notes.append(Problem(
                str(self.path), node.start_mark.line + 1, path,
                "删去了不可见的控制字符（常见于从 Excel 复制的文字），请核对这段文字。",
            ))
        return cleaned

    # -- structured values ----------------------------------------------------

    def compared(self, node: Node, path: str) -> Compared | None:
        """Return a figure compared with last year, taking 上年 from last year's file if absent."""
        if isinstance(node, ScalarNode):
            this = self.scalar(schema.AMOUNT, node, f"{path}.{schema.THIS_YEAR}")
            last = self.last_year_amount(node, path)
            return None if this is None or last is None else Compared(this, last)
        if not isinstance(node, MappingNode):
            self.fail(node, path, "应写成 本年/上年/主要原因 三行，请参照样板。")
            return None
        found = self.keys(node, path, [schema.THIS_YEAR, schema.LAST_YEAR, schema.REASON])
        if schema.THIS_YEAR not in found:
            self.fail(node, f"{path}.{schema.THIS_YEAR}", "缺少本年数，请补上。", self.lines.get(path))
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

    def sequence(self, spec: Spec, node: Node, path: str) -> tuple | None:
        """Return a list of texts or of {名称, 金额} projects."""
        if isinstance(node, ScalarNode) and node.tag.endswith(":null"):
            return ()
        if not isinstance(node, SequenceNode):
            self.fail(node, path, "这里应是一个列表：每项一行，以“- ”开头；没有就写 []。")
            return None
        before = len(self.problems)
        items = []
        for number, item in enumerate(node.value, start=1):
            where = f"{path}第{number}项"
            if spec.kind == schema.TEXTS:
                text = self.scalar(schema.TEXT, item, where)
                items.append(LEADING_ORDINAL.sub("", text or ""))
            else:
                items.append(self.project(item, where))
        return None if len(self.problems) > before else tuple(items)

    def project(self, node: Node, where: str) -> NamedAmount | None:
        """Return one {名称, 金额} item."""
        if not isinstance(node, MappingNode):
            self.fail(node, where, "每个项目应写 名称 和 金额 两行。")
            return None
        found = self.keys(node, where, [schema.NAME, schema.AMOUNT_KEY])
        missing = [k for k in (schema.NAME, schema.AMOUNT_KEY) if k not in found]
        for key in missing:
            self.fail(node, f"{where}.{key}", f"缺少“{key}”，请补上。")
        if missing:
            return None
        label = self.scalar(schema.TEXT, found[schema.NAME], f"{where}.{schema.NAME}")
        amount = self.scalar(schema.AMOUNT, found[schema.AMOUNT_KEY], f"{where}.{schema.AMOUNT_KEY}")
        return None if amount is None or not label else NamedAmount(label, amount)

    def named_amounts(self, node: Node, path: str) -> tuple[NamedAmount, ...] | None:
        """Return the 名称: 金额 pairs of a mapping, in the order written."""
        if not isinstance(node, MappingNode):
            self.fail(node, path, "这里应逐项写“名称: 金额”，每项一行并缩进。")
            return None
        before = len(self.problems)
        items, seen = [], {}
        for key_node, value_node in node.value:
            label = str(key_node.value).strip()
            if label in seen:
                self.fail(key_node, f"{path}.{label}", f"重复填写，第{seen[label]}行已有“{label}”。")
                continue
            seen[label] = key_node.start_mark.line + 1
            self.lines[f"{path}.{label}"] = seen[label]
            amount = self.scalar(schema.AMOUNT, value_node, f"{path}.{label}")
            items.append(NamedAmount(label, amount))
        return None if len(self.problems) > before else tuple(items)

    # -- last year's file ----------------------------------------------------

    def last_year_amount(self, node: Node, path: str) -> Decimal | None:
        """Return the 本年 figure at *path* in last year's file, or record why it is missing."""
        line = self.lines.get(path)
        if self._year is None:
            self.fail(node, f"{path}.{schema.LAST_YEAR}", "缺少上年数（年度未填好，无法查找上年的输入文件）。", line)
            return None
        if self._last_year is None:
            last_path = self.path.parent.parent / str(self._year - 1) / self.path.name
            tree = None
            if last_path.is_file():
                tree = compose(last_path, read_text(last_path))
            self._last_year = (last_path, tree)
        last_path, tree = self._last_year
        if tree is None:
            self.fail(node, f"{path}.{schema.LAST_YEAR}",
                      f"缺少上年数。请填写“上年”，或放好上一年度的输入文件 {last_path}。", line)
            return None
        found: Node | None = tree
        for key in path.split("."):
            found = _child(found, key)
        if isinstance(found, MappingNode):
            found = _child(found, schema.THIS_YEAR)
        if found is None:
            self.fail(node, f"{path}.{schema.LAST_YEAR}",
                      f"缺少上年数，上一年度的文件 {last_path} 里也没有“{path}.本年”。请填写“上年”。", line)
            return None
        number = parse_decimal(str(found.value)) if isinstance(found, ScalarNode) else None
        if number is None:
            self.problems.append(Problem(
                str(last_path), found.start_mark.line + 1, f"{path}.{schema.THIS_YEAR}",
                f"作为 {self.path} 的上年数，应为金额，实际为“{getattr(found, 'value', '')}”。",
            ))
        return number


def _child(node: Node | None, key: str) -> Node | None:
    """Return the value under *key* in a mapping node, or None."""
    if not isinstance(node, MappingNode):
        return None
    return next((v for k, v in node.value if str(k.value).strip() == key), None)
