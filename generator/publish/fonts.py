"""Which fonts a PDF embeds and sets its text in (pypdf), told as 提示 and 警告.

The draft names the official 公文 fonts; a machine without them sets the text in the
substitutes of fonts.conf. Each substitution is a 提示 naming both fonts. Body text set in a
sans face (the fallback when no serif CJK font is installed) is a 警告: never silent.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from pypdf import PdfReader

from generator.checks import NOTE, WARNING, Finding

# The official fonts of the template, the style each must keep, and what the style looks like.
OFFICIAL = {"仿宋_GB2312": "serif", "方正小标宋简体": "serif", "宋体": "serif", "楷体_GB2312": "kai", "黑体": "sans"}
STYLE_NAMES = {"serif": "宋体类（衬线）", "kai": "楷体类", "sans": "黑体类（无衬线）"}
# Embedded font names (subset prefix removed) → style; the official fonts' own names first.
STYLE_PATTERNS = (
    ("kai", re.compile(r"kai|楷", re.I)),
    ("serif", re.compile(r"fangsong|仿宋|song|宋|ming|serif|times|FZXBS|xiaobiao", re.I)),
    ("sans", re.compile(r"hei|黑|sans|gothic|arial|helvetica|calibri", re.I)),
)
OFFICIAL_PATTERNS = {"仿宋_GB2312": r"fangsong|仿宋", "方正小标宋简体": r"FZXBS|xiaobiao|小标宋",
                     "宋体": r"simsun|^宋体|songti", "楷体_GB2312": r"kaiti|楷体", "黑体": r"simhei|黑体|heiti"}


@dataclass(frozen=True)
class TextRun:
    """A piece of text on a page, the font it is set in (subset prefix removed) and its size in points."""

    page: int
    text: str
    font: str
    size: float


def font_style(name: str) -> str:
    """Return the style of an embedded font: serif, kai, sans, or other.

    >>> font_style("NotoSerifCJKjp-Regular-VKana"), font_style("UKaiCN"), font_style("NotoSansCJKjp-Regular")
    ('serif', 'kai', 'sans')
    """
    return next((style for style, pattern in STYLE_PATTERNS if pattern.search(name)), "other")


def display_name(name: str) -> str:
    """Return an embedded font's family as people know it.

    >>> display_name("NotoSerifCJKjp-Regular-VKana"), display_name("UKaiCN")
    ('Noto Serif CJK', 'AR PL UKai CN')
    """
    known = re.match(r"Noto(Serif|Sans)CJK", name)
    if known:
        return f"Noto {known.group(1)} CJK"  # one CFF is shared by the SC/JP faces: its name says jp
    if name.startswith("UKai"):
        return f"AR PL {name[:4]} {name[4:]}".strip()
    return name.split("-")[0]


def text_runs(pdf: bytes) -> list[TextRun]:
    """Return every piece of text of *pdf* with its font and size, page by page."""
    runs: list[TextRun] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip() and font is not None:
                scale = abs(tm[0] * cm[0]) or 1  # LibreOffice sets size 1 and scales by the matrix
                runs.append(TextRun(number, text, str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1],
                                    round(size * scale, 1)))
        page.extract_text(visitor_text=visit)
    return runs


def fonts_by_use(runs: list[TextRun]) -> list[str]:
    """Return the names of the fonts *runs* are set in, most used first."""
    counts = Counter()
    for run in runs:
        counts[run.font] += len(run.text.strip())
    return [name for name, _ in counts.most_common()]


def font_findings(pdf: bytes, source: str) -> list[Finding]:
    """Return a 提示 per official font set in a substitute, and a 警告 when body text is sans."""
    return findings_of(text_runs(pdf), source)


def findings_of(runs: list[TextRun], source: str) -> list[Finding]:
    """Return the font findings of a PDF's text runs.

    The body is the size most characters are set in; its face must be a serif (仿宋 is one).
    """
    fonts = fonts_by_use(runs)
    findings = []
    for official, style in OFFICIAL.items():
        if any(re.search(OFFICIAL_PATTERNS[official], f, re.I) for f in fonts):
            continue  # the official font itself is installed and embedded
        used = [f for f in fonts if font_style(f) == style]
        if used:
            findings.append(Finding("PDF-01", NOTE, source, None, "字体",
                                    f"本机没有{official}，PDF 中用 {display_name(used[0])}（{STYLE_NAMES[style]}）代替；"
                                    "正式公开前可在装有该字体的电脑上转换。"))
    sizes = Counter()
    for run in runs:
        sizes[run.size] += len(run.text.strip())
    if sizes:
        body_size = sizes.most_common(1)[0][0]
        body = Counter()
        for run in runs:
            if run.size == body_size:
                body[run.font] += len(run.text.strip())
        face = body.most_common(1)[0][0]
        if font_style(face) != "serif":
            findings.append(Finding("PDF-02", WARNING, source, None, "字体",
                                    f"正文（仿宋_GB2312）在 PDF 中用了 {display_name(face)}（{STYLE_NAMES.get(font_style(face), '其他字体')}），"
                                    "不是宋体类字体。请安装 fonts-noto-cjk（Noto Serif CJK SC）后重新生成。"))
    return findings
