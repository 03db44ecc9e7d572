"""Checking an office's own Word template before anything is rendered with it.

Reports as 错误: every tag `draft` would refuse (full-width braces ｛｛ ｝｝, a `{%p … %}` sharing
its paragraph with other text, and every construct the sandbox refuses: calls, names
starting with `_`, arithmetic…), a broken tag, every variable the program does not provide
(with the nearest known name), template residue in the fixed text ("XX", "×年", "增加（减少）"),
numbers in the fixed text that the self-check (SELF-01) would reject, and runs or styles that
name no East-Asian font. Curly quotes inside a tag are a 提示: docxtpl reads them as straight
quotes, so they render, but an editor should know.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from generator import drafting
from generator.errors import TemplateError
from generator.render import paragraph_texts, read_template, template_problems, template_variables
from generator.render.lint import TAG, excerpt
from generator.render.sandbox import JINJA_GLOBALS
from generator.selfcheck import NUMBER

ERROR, NOTE = "错误", "提示"
CURLY_QUOTES = "“”‘’"
RUN = re.compile(r"<w:r[ >].*?</w:r>", re.S)
FONTS = re.compile(r"<w:rFonts [^>]*>")
STYLE = re.compile(r'<w:style [^>]*w:styleId="([^"]+)".*?</w:style>', re.S)
RUN_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
# Left over from the document the template was made from: placeholders and either-or wording.
CHANGE_WORDS = "增加|减少|增长|下降|上升|大于|小于|高于|低于"
RESIDUE = re.compile(rf"[XＸxｘ×]{{2,}}|[XＸxｘ×]年|(?:{CHANGE_WORDS})[（(](?:{CHANGE_WORDS})[)）]")


@dataclass(frozen=True)
class TemplateIssue:
    """One thing wrong in a template: what, where (paragraph number and text), what to do, how serious."""

    kind: str
    where: str
    message: str
    severity: str = ERROR
    paragraph: int | None = None

    def __str__(self) -> str:
        kind = self.kind if self.severity == ERROR else f"{NOTE}·{self.kind}"
        place = f"第{self.paragraph}段：" if self.paragraph else "段落："
        return f"［{kind}］{self.message}" + (f"（{place}“{excerpt(self.where, 50)}”）" if self.where else "")


def fixed_text(paragraph: str) -> str:
    """Return a paragraph's text with its tags replaced by spaces: what every draft prints as it is."""
    return TAG.sub(" ", paragraph)


def paragraph_issues(paragraphs: list[str], fixed_numbers: frozenset[str]) -> list[TemplateIssue]:
    """Return the issues of the fixed text and the quotes of each paragraph."""
    issues = []
    for number, text in enumerate(paragraphs, start=1):
        for tag in TAG.findall(text):
            if any(mark in tag for mark in CURLY_QUOTES):
                issues.append(TemplateIssue("弯引号", text, f"标签 {tag} 里有中文弯引号，程序按英文直引号处理；"
                                            "为免误会，可改成英文直引号 \" 或 '。", NOTE, number))
        fixed = fixed_text(text)
        for residue in dict.fromkeys(m.group() for m in RESIDUE.finditer(fixed)):
            issues.append(TemplateIssue("模板残留", text, f"固定文字里有“{residue}”（待填的占位或二选一的写法），"
                                        "会原样印进初稿。请改成变量或删去。", ERROR, number))
        for figure in dict.fromkeys(n for n in NUMBER.findall(fixed) if n not in fixed_numbers):
            issues.append(TemplateIssue("固定数字", text, f"固定文字里有数字“{figure}”：它不随输入变化，生成后的自检（SELF-01）"
                                        "会因它不是由输入算出而不保存初稿。往年留下的数字请改成变量，编号请改用（一）（二）或删去。",
                                        ERROR, number))
    return issues


def font_issues(document: str, styles: str) -> list[TemplateIssue]:
    """Return the runs and styles that set Latin fonts but no East-Asian font."""
    issues = []
    for run in RUN.findall(document):
        fonts = FONTS.search(run)
        if fonts and "w:eastAsia=" not in fonts.group():
            text = "".join(RUN_TEXT.findall(run))
            issues.append(TemplateIssue("缺中文字体", text, "这段文字只设了西文字体，没有设中文字体，Word 会用默认中文字体显示。"
                                        "请在字体对话框里同时设置“中文字体”。"))
    for style_id, body in ((m.group(1), m.group(0)) for m in STYLE.finditer(styles)):
        fonts = FONTS.search(body)
        if fonts and "w:eastAsia=" not in fonts.group() and "w:eastAsiaTheme=" not in fonts.group():
            issues.append(TemplateIssue("缺中文字体", "", f"样式 {style_id} 只设了西文字体，没有设中文字体。"))
    return issues


def check_template(path: Path, known: dict[str, str]) -> list[TemplateIssue]:
    """Return every issue found in the template at *path*; *known* maps variable names to their meanings."""
    try:
        _, parts = read_template(path)
    except TemplateError as exc:
        return [TemplateIssue("文件", "", str(exc))]
    document = parts["word/document.xml"].decode("utf-8", errors="replace")
    styles = parts.get("word/styles.xml", b"").decode("utf-8", errors="replace")
    paragraphs = paragraph_texts(document)
    issues = [TemplateIssue(p.kind, p.text, f"{p.part}：{p.message}" if p.part else p.message, ERROR, p.paragraph or None)
              for p in template_problems(parts)]
    issues += paragraph_issues(paragraphs, drafting.phrase_book().fixed_numbers)
    try:
        used = template_variables(path)
    except TemplateError as exc:
        issues.append(TemplateIssue("标签写错", "", str(exc)))
        used = set()
    for name in sorted(used - set(known) - JINJA_GLOBALS):  # Jinja's own objects are reported as refused above
        guess = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
        hint = f"，是不是 {guess[0]}（{known[guess[0]]}）？" if guess else "。可用的变量见 templates/variables.yaml。"
        issues.append(TemplateIssue("未知变量", "", f"{{{{ {name} }}}} 程序不提供{hint}"))
    return issues + font_issues(document, styles)
