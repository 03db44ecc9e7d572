"""Tags a template may not hold, found paragraph by paragraph before anything is rendered.

Shared by `draft` (which refuses such a template) and `template-check` (which lists them):
full-width braces (｛｛ ｝｝, typed with a Chinese input method, would be printed as text),
`{%p … %}` sharing a paragraph with other text (docxtpl replaces the whole paragraph by the
tag, so the text would silently vanish), and every construct the sandbox refuses. Each tag
is parsed on its own, so one broken tag does not hide the others and every problem names
its paragraph.
"""

from __future__ import annotations

import re

from generator.records import Record
from generator.render.sandbox import SafeEnvironment, TemplateSyntaxError, advice, refusals

TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
TAG_EDGE = re.compile(r"[｛{][｛{％%]|[％%｝}][｝}]")  # the two characters that open or close a tag
FULL_WIDTH = "｛｝％"
CURLY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})  # docxtpl reads these as straight quotes
LEVEL_PREFIX = re.compile(r"^(\{[{%])-?(?:tr|tc|p|r) ")  # docxtpl's {%p / {%tr / {%tc / {%r tags
WHOLE_PARAGRAPH = re.compile(r"\{%-?p .*?%\}", re.S)
OPENS_BLOCK = {"for": "{% endfor %}", "if": "{% endif %}"}
CONTINUES_BLOCK = {"elif", "else", "endfor", "endif"}


class TagProblem(Record):
    """A tag the program will not render: paragraph number (1-based), the paragraph's text, what is wrong."""

    __slots__ = ("paragraph", "text", "kind", "message", "part")
    paragraph: int
    text: str
    kind: str
    message: str
    part: str  # "" for the body, else where in the file: 页脚（footer1.xml）, 文件属性

    def __init__(self, paragraph: int, text: str, kind: str, message: str, part: str = "") -> None:
        set_field = object.__setattr__
        set_field(self, "paragraph", paragraph)
        set_field(self, "text", text)
        set_field(self, "kind", kind)
        set_field(self, "message", message)
        set_field(self, "part", part)

    def __str__(self) -> str:
        number = f"第{self.paragraph}段" if self.paragraph else ""
        return f"{self.part}{number}“{excerpt(self.text)}”：{self.message}"


def excerpt(text: str, width: int = 40) -> str:
    """Return *text* cut to *width* characters, with … when cut."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width] + "…"


def tag_reasons(tag: str, environment: SafeEnvironment) -> list[str]:
    """Return why the sandbox refuses *tag* (one tag's text, as typed in Word); [] when it is allowed."""
    source = normalized(tag)
    words = source[2:-2].strip(" -+").split()
    if source.startswith("{%"):
        keyword = words[0] if words else ""
        if keyword in CONTINUES_BLOCK:
            return []
        if keyword == "elif":
            source = "{% if true %}" + source
        source += OPENS_BLOCK.get(keyword, "")
        if keyword not in OPENS_BLOCK:
            try:
                environment.parse(source)
            except TemplateSyntaxError:
                return [f"用了 {{% {keyword} %}}"]
    try:
        return [reason for _, reason in refusals(environment.parse(source))]
    except TemplateSyntaxError:
        return []  # a broken tag is reported, with its paragraph, when the whole template is parsed


def normalized(tag: str) -> str:
    """Return a tag as docxtpl hands it to Jinja: straight quotes, no {%p / {%tr level prefix, on one line."""
    return LEVEL_PREFIX.sub(r"\1 ", tag.translate(CURLY)).replace("\n", " ")


def suspect_paragraphs(paragraphs: list[str], environment: SafeEnvironment) -> set[int] | None:
    """Return the numbers of the paragraphs whose tags the sandbox refuses; None when the tags do not parse together.

    One parse of all tags (one paragraph per line) is much faster than one per tag; only the
    paragraphs it flags, or all of them after a syntax error, are then looked at tag by tag.
    """
    source = "\n".join("".join(normalized(tag) for tag in TAG.findall(text)) for text in paragraphs)
    try:
        return {line for line, _ in refusals(environment.parse(source))}
    except TemplateSyntaxError:
        return None


def tag_problems(paragraphs: list[str], constructs: bool = True, part: str = "", numbered: bool = True) -> list[TagProblem]:
    """Return every problem of the tags in *paragraphs* (the paragraphs' text, in order, of the *part* named).

    Without *constructs*, only the quick checks run (braces, lone {%p}): for a caller that
    compiles the template next, where the sandbox refuses the same constructs anyway. A part
    that is not made of paragraphs (the file properties) is given as one text, not *numbered*.
    """
    environment = SafeEnvironment()
    suspects = suspect_paragraphs(paragraphs, environment) if constructs else set()
    problems = []
    for index, text in enumerate(paragraphs, start=1):
        number = index if numbered else 0
        if any(mark in edge for edge in TAG_EDGE.findall(text) for mark in FULL_WIDTH):
            problems.append(TagProblem(number, text, "全角括号",
                                       "标签用了全角的 ｛ ｝ 或 ％，会被原样印出。请切换到英文输入法重打成 {{ }} 或 {% %}。", part))
        whole = WHOLE_PARAGRAPH.search(text)
        if whole and (text[:whole.start()] + text[whole.end():]).strip():
            problems.append(TagProblem(number, text, "整段标签", f"标签 {whole.group()} 必须单独占一段：生成时整段会被换成这个标签，"
                                                             "同一段里的其他文字会丢失。请把它移到单独的一段里。", part))
        for tag in TAG.findall(text) if suspects is None or index in suspects else ():
            reasons = tag_reasons(tag, environment)
            if reasons:
                problems.append(TagProblem(number, text, "不允许的写法",
                                           f"标签 {excerpt(tag, 80)} {'，'.join(reasons)}，程序不执行。{advice(reasons)}", part))
    return problems
