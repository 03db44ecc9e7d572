"""A YAML syntax error in staff's terms: the line to mend, and what is wrong with it in Chinese.

The parser (libyaml's words and pure-Python PyYAML's differ) says where it gave up, in English.
That is often not where the slip is: an unclosed quote is reported at the end of the file, an
unclosed bracket or a key typed 名称：值 a line later. Inputs and rules files share this wording.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from generator import schema
from generator.sources.indentation import content_lines, indentation_problem

# The parser's problems, in staff's terms (the first whose clue the problem contains).
YAML_PROBLEMS = (
    (("\\t", "\t", "tab"), "这一行用了 Tab 键缩进，请改用空格"),  # "\\t": the parser quotes it escaped
    (("mapping values are not allowed",), "冒号用得不对：字段名后的冒号要跟一个空格；值里有冒号时，请给整个值加引号"),
    (("could not find expected ':'",), "缺少冒号，或上一行的缩进不对"),
    (("quoted scalar", "end of stream"), "引号没有成对"),
    (("expected <block end>", "did not find expected key"), "缩进不一致：同一层的字段要左对齐"),
    (("did not find expected alphabetic or numeric character", "expected alphabetic or numeric character"),
     "这一行的值以 * 或 & 开头，YAML 会把它当作别名或锚点；请给整个值加引号"),
    (("cannot start any token",), "这一行开头有不能出现的字符（如 @ 或 `），请给整个值加引号"),
    (("expected whitespace or line break", "expected tag uri", "expected uri"),
     "这一行的值以 ! 开头，YAML 会把它当作类型标记；请给整个值加引号"),
    (("mapping keys are not allowed",), "这一行的值以“? ”开头，YAML 会把它当作字段名；请给整个值加引号"),
    (("expected '-' indicator",), "列表的缩进不一致：同一列表的每一项都要以“- ”开头并左对齐"),
    (("unknown escape character", "expected hexdecimal number", "expected escape sequence"),
     "双引号里的“\\”是转义符，后面的字符不能这样用：含“\\”的文字（如文件路径）请改用单引号括起来，或不加引号"),
    (("expected comment or line break", "expected a comment or a line break", "chomping or indentation indicators"),
     "“|”或“>”后面只能换行：多行文字请在“|”后换行再写，单行文字请去掉“|”或“>”"),
    (("expected node content", "expected the node content"), "这一行的值以 ]、}、逗号等符号开头，YAML 会把它当作括号或分隔符；请给整个值加引号"),
    (("found another document",), "文件里有第二个“---”：一个输入文件只写一份数据，请删去多余的“---”"),
    (("expected <document start>", "expected '<document start>'"), "文件中间有单独一行的“...”（YAML 的结束符），请删去那一行"),
    (("maximum nesting depth",), "层次太深（缩进了几十层），请参照样板，按“块 → 字段 → 本年/上年/主要原因”写"),
)
UNCLOSED_BRACKET = "方括号或花括号没有成对：[ 要有 ]，{ 要有 }；值里有这些符号时，请给整个值加引号"
UNCLOSED_QUOTE = "引号没有成对"

# A key typed with the Chinese input method's colon (名称：值) or without the space (名称:值) is, to YAML,
# a line of text; the parser then stops at the next key, a line too late, saying only "mapping values".
# (Patterns as text: re compiles them on the first error, not on every start.)
FULL_WIDTH_COLON = r"^\s*([^\s#:：'\"-][^\s#:：'\"]*?)\s*："
TIGHT_COLON = r"^\s*(?:-\s+)?([^\s#:：'\"]+):(?=[^\s:/])"
FULL_WIDTH_SPACE = "\u3000"


def input_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """Return the line (1-based) and the explanation of a syntax error in an input file of *text*.

    Besides syntax_problem's, it names a full-width space or a wrong colon on the line or the one
    above (the parser stops a line late on both), and a line indented wrongly.
    """
    line, problem = syntax_problem(exc, text)
    if problem in (UNCLOSED_BRACKET, UNCLOSED_QUOTE):
        return line, problem
    candidates = suspects(text, line)
    found = (space_problem(candidates) or dash_problem(candidates) or stray_dash(candidates)
             or colon_problem(candidates) or wrapped_problem(candidates))
    if found:
        return found
    here, *above = candidates or [(0, "")]
    if "mapping values" in (exc.problem or ""):
        if above and not re.match(r"^\s*-|.*[:：]", above[0][1]):
            return above[0][0], missing_colon(above[0][1])  # 本年 1909.62: read on as text into the next key
        keys = two_keys(here[1])
        if keys:
            return here[0], (f"这一行写了两个字段（“{keys[0]}”和“{keys[1]}”）：一行只写一个字段，"
                             f"请把“{keys[1]}: …”移到下一行，与“{keys[0]}”左对齐")
    return line, indentation_problem(text, line) or problem


def wrapped_problem(candidates: list[tuple[int, str]]) -> tuple[int, str] | None:
    """Return (line, problem) for a value on the parser's line that starts with a quote, [ or { and does not end
    there: YAML reads the quoted or bracketed part as the value and stops at what follows."""
    for number, written in candidates[:1]:
        opened = re.match(r"^\s*(?:-\s+(?:[^\s:#]+:\s+)?|[^\s:#]+:\s+)([\"'\[{])", written)
        if not opened:
            return None
        mark, rest = opened.group(1), written[opened.end():]
        if mark in "[{":
            value = written[opened.start(1):].split(" #")[0].strip()
            return number, (f"这一行的值以“{mark}”开头，YAML 会把括号里的内容当作一组数据；请给整个值加引号"
                            + (f"，写成 '{value}'" if "'" not in value else ""))
        closing = rest.find(mark)
        if closing >= 0 and rest[closing + 1:].split(" #")[0].strip():
            return number, "引号要括住整个值：这一行引号后面还有文字。请让引号括住整段文字，或去掉引号"
    return None


def two_keys(written: str) -> tuple[str, str] | None:
    """Return the two field names of a line holding two fields (本年: 5  上年: 5), or None.

    Only names the catalogue knows count: a reason may well hold "x: y", and quoting it is then the fix.
    """
    found = re.match(r"^\s*(?:-\s+)?([^\s:#]+):\s+\S.*?\s([^\s:#：]+):(?:\s|$)", written)
    if found and found.group(2) in known_keys():
        return found.group(1), found.group(2)
    return None


@lru_cache(maxsize=1)
def known_keys() -> frozenset[str]:
    """Return every key the input format has (the catalogue's, and 本年/上年/主要原因), worked out once: the
    catalogue never changes, and a message may ask several times."""
    return frozenset({path.rsplit(".", 1)[-1] for path, _ in schema.fields()}
                     | {schema.THIS_YEAR, schema.LAST_YEAR, schema.REASON})


def suspects(text: str, line: int | None) -> list[tuple[int, str]]:
    """Return line *line* (1-based) and the content line above it, as (number, text): where a slip the parser
    noticed a line late is. The checks below look only at these."""
    lines = text.split("\n")
    if line is None or not 1 <= line <= len(lines):
        return []
    return [(index + 1, lines[index]) for index in [line - 1, *content_lines(lines, line - 1)[:1]]
            if not lines[index].lstrip().startswith("#")]


def space_problem(candidates: list[tuple[int, str]]) -> tuple[int, str] | None:
    """Return (line, problem) for a full-width space (U+3000, the Chinese input method's) used as a space of the syntax:
    in the indentation, or right after a colon or a list's dash."""
    for number, written in candidates:
        key_or_dash = re.match(r"^[ \u3000]*(?:-[ \u3000]*)?(?:[^\s:#]+:[ \u3000]*)?", written).group()
        if FULL_WIDTH_SPACE in key_or_dash:
            return number, ("这一行用了中文的全角空格，YAML 不认：请删掉这一行开头（或冒号、“-”后面）的空格，"
                            "切换到英文输入法后重新用空格键缩进")
    return None


DASHES = "－—–"  # full-width hyphen-minus, em and en dash: what an input method gives for "-"


def dash_problem(candidates: list[tuple[int, str]]) -> tuple[int, str] | None:
    """Return (line, problem) for a list item written -文字 or with a Chinese dash."""
    for number, written in candidates:
        dash = bad_dash(written)
        if dash:
            return number, dash
    return None


def bad_dash(written: str) -> str | None:
    """Return what is wrong with a line starting -文字 or with a Chinese dash, or None."""
    dash = re.match(rf"^\s*([{DASHES}]|-(?=[^\s-]))", written)
    if not dash:
        return None
    wrong = "是中文的符号" if dash.group(1) in DASHES else "后面少了空格"
    return f"列表每一项要以英文减号加空格“- ”开头：这一行的“{dash.group(1)}”{wrong}，请改成“- ”"


def stray_dash(candidates: list[tuple[int, str]]) -> tuple[int, str] | None:
    """Return (line, problem) for a field written with a list's "- " before it, on the parser's line or the one above.

    It shows by its column: the dash stands where the fields of its group start (    - 本年 above     上年),
    which a list item's dash never does (its fields start two columns further).
    """
    here, above = (candidates + [None, None])[:2]
    if not here or not above:
        return None
    shape = r"^( *)(- +)?([^\s:#]+):(?:\s|$)"
    mine, theirs = re.match(shape, here[1]), re.match(shape, above[1])
    if not mine or not theirs:
        return None
    for number, dashed, other in ((above[0], theirs, mine), (here[0], mine, theirs)):
        key_column = len(other.group(1)) + len(other.group(2) or "")
        if dashed.group(2) and len(dashed.group(1)) == key_column and dashed.group(3) in known_keys():
            return number, (f"这一行的“- ”是多余的：“{dashed.group(3)}”是上面一组里的字段，不是列表的一项；"
                            f"请删去“- ”，让“{dashed.group(3)}”与同组的字段左对齐")
    return None


def syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """Return the line (1-based, None if the parser gave none) and the Chinese explanation of a YAML syntax error.

    A quote or a bracket never closed is reported where the parser gave up (the end of the file,
    or a line later); the line to mend is where it was opened.
    """
    context, problem = exc.context or "", exc.problem or str(exc)
    if "quoted scalar" in context and "end of stream" in problem and exc.context_mark:
        return exc.context_mark.line + 1, UNCLOSED_QUOTE
    if ("flow sequence" in context or "flow mapping" in context) and exc.context_mark:
        return exc.context_mark.line + 1, UNCLOSED_BRACKET
    if "flow node" in context and "node content" in problem and exc.problem_mark:
        # an item was due inside [ ] or { } and the file (or the block) ended: the nearest bracket before is unclosed
        at = exc.problem_mark.index
        opened = max(text.rfind("[", 0, at), text.rfind("{", 0, at))
        if opened >= 0:
            return text.count("\n", 0, opened) + 1, UNCLOSED_BRACKET
    if "simple key" in context and "expected ':'" in problem and exc.context_mark:
        # a line without its colon is read on, as one text with the next, until a colon is missed a line later
        return exc.context_mark.line + 1, missing_colon(text.split("\n")[exc.context_mark.line])
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    if "document start" in problem and line:  # the parser names the line after the stray "..."
        lines = text.split("\n")
        stray = next((n for n in range(line - 1, 0, -1) if lines[n - 1].strip() == "..."), None)
        if stray is None:  # no "...": the file began with a line of text, which YAML took for the whole document
            first = next(n for n in range(1, line + 1) if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#"))
            return first, "这一行既不是“字段: 值”，也不是说明：说明文字要在行首加英文的“#”"
        line = stray
    return line, explain_yaml_problem(problem)


def missing_colon(written: str) -> str:
    """Return what is wrong with a line the parser found without a colon."""
    dash = bad_dash(written)
    if dash:
        return dash
    if written.lstrip().startswith("＃"):
        return "说明文字要在行首加英文的“#”：这一行用的是中文的“＃”"
    return ("这一行缺少冒号：字段要写成“字段名: 值”（英文冒号后空一格）；如果这一行是上一行文字的接续"
            "（在文字中间按了回车），请把它接回上一行末尾")


def colon_problem(candidates: list[tuple[int, str]]) -> tuple[int, str] | None:
    """Return (line, problem) for a key written 名称：值 or 名称:值.

    >>> colon_problem(suspects("单位:\\n  名称：区政府办公室\\n  年度: 2023\\n", 3))
    (2, '这一行的冒号是中文的“：”，YAML 不认：请改成英文冒号加一个空格，写成“名称: ”（先切换到英文输入法）')
    >>> colon_problem(suspects("单位:\\n  名称:区政府办公室\\n  年度: 2023\\n", 3))
    (2, '这一行冒号后面少了一个空格：请写成“名称: ”再接着写值')
    """
    for number, written in candidates:
        full_width = re.match(FULL_WIDTH_COLON, written)
        if not full_width:  # a list's item may hold a ： in its text; only a key of the format counts there
            full_width = re.match(r"^\s*-\s+([^\s#:：'\"]+?)\s*：", written)
            full_width = full_width if full_width and full_width.group(1) in known_keys() else None
        if full_width and ": " not in written.split("：", 1)[0]:
            return number, (f"这一行的冒号是中文的“：”，YAML 不认：请改成英文冒号加一个空格，"
                            f"写成“{full_width.group(1)}: ”（先切换到英文输入法）")
        tight = re.match(TIGHT_COLON, written)
        if tight:
            return number, f"这一行冒号后面少了一个空格：请写成“{tight.group(1)}: ”再接着写值"
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
