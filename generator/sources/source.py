"""Reading YAML files into node trees (line marks kept); syntax errors become InputErrors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from generator.errors import InputError, Problem, TemplateError
from generator.files import read_bytes
from generator.sources.guards import refuse_references, strip_invisible
from generator.sources.indentation import content_lines, indentation_problem

# libyaml's parser when PyYAML was built with it (it keeps line marks too), else pure Python.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class InputLoader(SAFE_LOADER):  # type: ignore[misc,valid-type]
    """SAFE_LOADER whose node tags only tell null from the rest: the validator reads every value's text itself.

    The full resolver tries a dozen patterns (bool, int, float, timestamp …) on each of the ~200
    scalars of an input; only a plain scalar starting with "~", "n", "N" or empty can be null,
    so only those go through it, and null is decided exactly as before.
    """

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        """Return the node's tag: the full resolver's for a possible null, else the default of its kind."""
        if kind is ScalarNode:
            if implicit[0] and (not value or value[0] in "~nN"):
                return super().resolve(kind, value, implicit)
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_MAPPING_TAG if kind is MappingNode else self.DEFAULT_SEQUENCE_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Do nothing: no path resolvers are registered, so there is no path to follow (called per node)."""

    def ascend_resolver(self) -> None:
        """Do nothing (see descend_resolver)."""


# An input file is a few KB (a unit with a hundred duties is ~50 KB); 5 MB is far beyond any real one.
MAX_INPUT_BYTES = 5 * 1024 * 1024


def read_rules(path: Path) -> dict[str, Any]:
    """Return the phrase rules file as plain data."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=SAFE_LOADER)


def read_rules_override(path: Path) -> Any:
    """Return a region's rules file (X.rules.yaml beside a template) as plain data; raise TemplateError when unreadable."""
    try:
        text = read_bytes(path, " .rules.yaml 文件", MAX_INPUT_BYTES).decode("utf-8-sig")
        return yaml.load(text, Loader=SAFE_LOADER)
    except InputError as exc:
        raise TemplateError("；".join(p.message for p in exc.problems)) from None
    except UnicodeDecodeError:
        raise TemplateError(f"{path}：文件不是 UTF-8 编码，请另存为 UTF-8。") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark else ""
        raise TemplateError(f"{path}：{where}格式有误（{getattr(exc, 'problem', '') or exc}），请参照示例改正。") from None


def read_text(path: Path) -> str:
    """Return the text of an input file; raise InputError when it cannot be read."""
    raw = read_bytes(path, " .yaml 文件", MAX_INPUT_BYTES)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem(
            str(path), None, "",
            "文件不是 UTF-8 编码。请用记事本或 WPS 打开后“另存为”，编码选 UTF-8。",
        )]) from None


# The YAML parser's problems (libyaml's and pure-Python PyYAML's words differ), in staff's terms.
YAML_PROBLEMS = (
    (("\\t", "\t", "tab"), "这一行用了 Tab 键缩进，请改用空格"),  # "\\t": the parser quotes it escaped
    (("mapping values are not allowed",), "冒号用得不对：字段名后的冒号要跟一个空格；值里有冒号时，请给整个值加引号"),
    (("could not find expected ':'",), "缺少冒号，或上一行的缩进不对"),
    (("quoted scalar", "end of stream"), "引号没有成对"),
    (("expected ',' or ']'", "expected ',' or '}'"),
     "方括号或花括号没有成对：[ 要有 ]，{ 要有 }；值里有这些符号时，请给整个值加引号"),
    (("expected <block end>", "did not find expected key"), "缩进不一致：同一层的字段要左对齐"),
    (("did not find expected alphabetic or numeric character", "expected alphabetic or numeric character"),
     "这一行的值以 * 或 & 开头，YAML 会把它当作别名或锚点；请给整个值加引号"),
    (("cannot start any token",), "这一行开头有不能出现的字符（如 @ 或 `），请给整个值加引号"),
    (("expected '-' indicator",), "列表的缩进不一致：同一列表的每一项都要以“- ”开头并左对齐"),
    (("unknown escape character", "expected hexdecimal number", "expected escape sequence"),
     "双引号里的“\\”是转义符，后面的字符不能这样用：含“\\”的文字（如文件路径）请改用单引号括起来，或不加引号"),
    (("expected comment or line break", "expected a comment or a line break"),
     "“|”或“>”后面只能换行：多行文字请在“|”后换行再写，单行文字请去掉“|”或“>”"),
    (("expected node content",), "这一行的值以 ]、}、逗号等符号开头，YAML 会把它当作括号或分隔符；请给整个值加引号"),
    (("found another document",), "文件里有第二个“---”：一个输入文件只写一份数据，请删去多余的“---”"),
    (("expected <document start>",), "文件中间有单独一行的“...”（YAML 的结束符），请删去那一行"),
    (("maximum nesting depth",), "层次太深（缩进了几十层），请参照样板，按“块 → 字段 → 本年/上年/主要原因”写"),
)


# A key typed with the Chinese input method's colon (名称：值) or without the space (名称:值) is, to YAML,
# a line of text; the parser then stops at the next key, a line too late, saying only "mapping values".
# (Patterns as text: re compiles them on the first error, not on every start.)
FULL_WIDTH_COLON = r"^\s*(?:-\s+)?([^\s#:：'\"]+?)\s*："
TIGHT_COLON = r"^\s*(?:-\s+)?([^\s#:：'\"]+):(?=[^\s:/])"


def colon_problem(text: str, line: int | None) -> tuple[int, str] | None:
    """Return (line, problem) for a key written 名称：值 or 名称:值 on line *line* (1-based) or the content line above.

    >>> colon_problem("单位:\\n  名称：区政府办公室\\n  年度: 2023\\n", 3)
    (2, '这一行的冒号是中文的“：”，YAML 不认：请改成英文冒号加一个空格，写成“名称: ”（先切换到英文输入法）')
    >>> colon_problem("单位:\\n  名称:区政府办公室\\n  年度: 2023\\n", 3)
    (2, '这一行冒号后面少了一个空格：请写成“名称: ”再接着写值')
    """
    lines = text.split("\n")
    if line is None or not 1 <= line <= len(lines):
        return None
    for index in [line - 1, *content_lines(lines, line - 1)[:1]]:
        written = lines[index]
        if written.lstrip().startswith("#"):
            continue
        full_width = re.match(FULL_WIDTH_COLON, written)
        if full_width and ": " not in written.split("：", 1)[0]:
            return index + 1, (f"这一行的冒号是中文的“：”，YAML 不认：请改成英文冒号加一个空格，"
                               f"写成“{full_width.group(1)}: ”（先切换到英文输入法）")
        tight = re.match(TIGHT_COLON, written)
        if tight:
            return index + 1, f"这一行冒号后面少了一个空格：请写成“{tight.group(1)}: ”再接着写值"
    return None


def explain_yaml_problem(problem: str) -> str:
    """Return the Chinese explanation of a YAML parser problem, or the problem itself.

    >>> explain_yaml_problem("found a tab character that violates indentation")
    '这一行用了 Tab 键缩进，请改用空格'
    """
    lowered = problem.lower()
    for clues, explanation in YAML_PROBLEMS:
        if any(clue in lowered for clue in clues):
            return explanation
    return f"{problem}。请检查这一行的缩进（用空格）、冒号后的空格和引号"


def yaml_error_line(exc: yaml.MarkedYAMLError) -> int | None:
    """Return the 1-based line staff should look at for a YAML syntax error (None if the parser gave none).

    A quote or a bracket never closed is reported where the parser gave up (the end of the file, or
    the next line); the line to mend is where it was opened, which the parser gives as its context.
    """
    context, problem = exc.context or "", exc.problem or ""
    unclosed_quote = "quoted scalar" in context and "end of stream" in problem
    if exc.context_mark and (unclosed_quote or "flow sequence" in context or "flow mapping" in context):
        return exc.context_mark.line + 1
    mark = exc.problem_mark or exc.context_mark
    return mark.line + 1 if mark else None


def compose(path: Path, text: str) -> Node | None:
    """Return the YAML node tree of *text* (a null tagged so, other values untyped); raise InputError with the line on a syntax error."""
    try:
        refuse_references(path, text, SAFE_LOADER)  # from the tokens, before any node exists
        return yaml.compose(text, Loader=InputLoader)
    except yaml.MarkedYAMLError as exc:
        line = yaml_error_line(exc)
        colon = colon_problem(text, line) if any(
            words in (exc.problem or "") for words in ("mapping values are not allowed", "could not find expected ':'")) else None
        if colon:
            line, problem = colon
        else:
            problem = indentation_problem(text, line) or explain_yaml_problem(exc.problem or str(exc))
        raise InputError([Problem(str(path), line, "", f"YAML 格式错误：{problem}。")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(str(path), None, "", f"YAML 格式错误：{exc}。")]) from None


def strip_control_characters(path: Path, text: str) -> tuple[str, list[Problem]]:
    """Return *text* without control and invisible formatting characters pasted into the file, and a note per line.

    YAML itself refuses control characters; staff paste them from Excel (\\v) without seeing them.
    """
    return strip_invisible(path, text)


def child(node: Node | None, key: str) -> Node | None:
    """Return the value under *key* in a mapping node, or None."""
    if not isinstance(node, MappingNode):
        return None
    return next((v for k, v in node.value if str(k.value).strip() == key), None)
