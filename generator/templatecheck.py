"""Checking an office's own Word template before anything is rendered with it.

Reports every variable the program does not provide (with the nearest known name), a
broken tag with its paragraph, full-width braces (｛｛ ｝｝, typed with a Chinese input
method), curly quotes inside tags, and runs or styles that name no East-Asian font.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import TemplateError
from generator.render import paragraph_texts, template_variables

TAG_EDGE = re.compile(r"[｛{][｛{％%]|[％%｝}][｝}]")  # the two characters that open or close a tag
FULL_WIDTH = "｛｝％"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
CURLY_QUOTES = "“”‘’"
RUN = re.compile(r"<w:r[ >].*?</w:r>", re.S)
FONTS = re.compile(r"<w:rFonts [^>]*>")
STYLE = re.compile(r'<w:style [^>]*w:styleId="([^"]+)".*?</w:style>', re.S)
RUN_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


@dataclass(frozen=True)
class TemplateIssue:
    """One thing wrong in a template: what, where (paragraph text), and what to do."""

    kind: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"［{self.kind}］{self.message}" + (f"（段落：“{self.where[:50]}”）" if self.where else "")


def check_template(path: Path, known: dict[str, str]) -> list[TemplateIssue]:
    """Return every issue found in the template at *path*; *known* maps variable names to their meanings."""
    try:
        with zipfile.ZipFile(path) as package:
            document = package.read("word/document.xml").decode("utf-8")
            styles = package.read("word/styles.xml").decode("utf-8") if "word/styles.xml" in package.namelist() else ""
    except (FileNotFoundError, zipfile.BadZipFile, KeyError):
        return [TemplateIssue("文件", "", f"{path} 不是可用的 Word 文档（.docx），请用 Word 或 WPS 另存为 .docx。")]
    issues = []
    paragraphs = [p for p in paragraph_texts(document) if p.strip()]
    for text in paragraphs:
        if any(mark in edge for edge in TAG_EDGE.findall(text) for mark in FULL_WIDTH):
            issues.append(TemplateIssue("全角括号", text, "标签用了全角的 ｛ ｝ 或 ％，请切换到英文输入法重打成 {{ }} 或 {% %}。"))
        for tag in TAG.findall(text):
            if any(mark in tag for mark in CURLY_QUOTES):
                issues.append(TemplateIssue("弯引号", text, f"标签 {tag} 里有中文弯引号，请改成英文直引号 \" 或 '。"))
    try:
        used = template_variables(path)
    except TemplateError as exc:
        issues.append(TemplateIssue("标签写错", "", str(exc)))
        used = set()
    for name in sorted(used - set(known)):
        guess = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
        hint = f"，是不是 {guess[0]}（{known[guess[0]]}）？" if guess else "。可用的变量见 templates/variables.yaml。"
        issues.append(TemplateIssue("未知变量", "", f"{{{{ {name} }}}} 程序不提供{hint}"))
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

