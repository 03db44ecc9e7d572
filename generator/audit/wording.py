"""Wording that contradicts itself or the figures: zero lists, stray years, 部门/单位, template residue,
“none” statements beside a figure, the level of government, spacing and half-width punctuation."""

from __future__ import annotations

import re
from decimal import Decimal

from generator.audit.common import NUMBER, YEAR, decimal_of, finding, quote
from generator.checks import Finding

ZERO_PROJECTS = re.compile(r"(?<![\d.])0个?项目0(?:万元|元)|共有0项[，,]?\s*主要是")
ZERO_WITH_NOTE = re.compile(r"(?<![\d.])0(?:辆|项|个|台（套）)[，,]\s*[^，,。；]{0,12}主要是")
ZERO_BREAKDOWN = re.compile(r"(?<![\d.])0(?:万元|元)[，,]\s*其中[：:，,]?(?P<items>[^。]*)")
AMOUNT_NUMBER = re.compile(rf"(?<![\d.])({NUMBER})(?:万元|元)")
RESIDUE = re.compile(r"[XＸ×xｘ]{2,}|增加（减少）|减少（增加）|增长（下降）|下降（增长）|大于（小于）|小于（大于）"
                     r"|增加\(减少\)|增长\(下降\)|大于\(小于\)|\{\{|\}\}|\{%|%\}|【[^】]{0,10}】")
KIND = re.compile(r"(?:19|20)\d{2}年度?(部门|单位)预算|(部门|单位)预算(?:包括|仅包括)")
LEVEL = re.compile(r"(省|市|县|区)级财政")
UNIT_NAME = re.compile(r"^(?P<name>[^\d，。；：\s]{2,30}?)(?:19|20)\d{2}年度?(?:部门|单位)预算")
SPACING = re.compile(r"(?<=[\u4e00-\u9fff，。；：“”（）])[ \u3000]+(?=[\d\u4e00-\u9fff])|(?<=\d)[ \u3000]+(?=[\u4e00-\u9fff])")
HALF_WIDTH = re.compile(r"(?<=[\u4e00-\u9fff\d])[;:,](?=\s*[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[;:,]")
NONE_WORD = r"(?:没有使用|未安排|(?P<year>\d{4})年无|我单位无|本单位无|无)"
# (what, a statement that there is none, a figure that says there is some)
NONE_STATEMENTS = (
    ("政府性基金预算支出", rf"{NONE_WORD}[^。；，]*政府性基金|政府性基金[^。；]*空表",
     rf"政府性基金预算(?:拨款)?支出(?:预算)?(?:为)?(?P<num>{NUMBER})(?:万元|元)"),
    ("国有资本经营预算支出", rf"{NONE_WORD}[^。；，]*国有资本经营|国有资本经营[^。；]*空表",
     rf"国有资本经营预算(?:拨款)?支出(?:预算)?(?:为)?(?P<num>{NUMBER})(?:万元|元)"),
    ("“三公”经费", rf"{NONE_WORD}[^。；，]*“?三公”?经费|“?三公”?经费[^。；]*空表",
     rf"“三公”经费(?:支出)?预算(?:数)?(?:为)?(?P<num>{NUMBER})(?:万元|元)"),
    ("政府采购", rf"{NONE_WORD}[^。；，]*政府采购|政府采购[^。；]*空表",
     rf"政府采购预算(?:安排)?(?:为)?(?P<num>{NUMBER})(?:万元|元)"),
    ("机关运行经费", rf"{NONE_WORD}[^。；，]*机关运行经费",
     rf"机关运行经费(?:支出)?(?:预算)?(?:为)?(?P<num>{NUMBER})(?:万元|元)"),
    ("专项转移支付项目", rf"{NONE_WORD}[^。；，]*专项转移支付", r"专项转移支付项目共有(?P<num>\d+)项"),
)


def check_wording(name: str, kind: str, paragraphs: list[str], year: int | None) -> list[Finding]:
    """Return AUD-05, AUD-08 … AUD-11, AUD-13 and AUD-14 findings."""
    found = []
    for number, text in enumerate(paragraphs, start=1):
        found += zero_lists(name, number, text)
        found += residue(name, number, text)
        if year is not None:
            found += stray_years(name, number, text, year)
        if kind != "pdf":  # a PDF's text layer adds and drops spaces of its own
            found += typography(name, number, text)
    found += kinds(name, paragraphs)
    found += levels(name, paragraphs)
    found += none_statements(name, paragraphs, year)
    return found


def zero_lists(name: str, number: int, text: str) -> list[Finding]:
    """Return AUD-05: lists of zero items and 主要是 clauses after a zero count."""
    found = []
    projects = ZERO_PROJECTS.search(text)
    if projects:
        found.append(finding("AUD-05", name, number, f"“{quote(text[projects.start():projects.start() + 30])}”：列举了0个项目、0万元。"
                                                    "没有项目时只写一句，如“我单位2023年无负责管理的专项转移支付项目。”"))
    for match in ([] if projects else ZERO_WITH_NOTE.finditer(text)):
        found.append(finding("AUD-05", name, number, f"“{match.group()}”：数量为0，不应再写“主要是”。请删去“主要是”及其后的文字。"))
    for match in ZERO_BREAKDOWN.finditer(text):
        items = AMOUNT_NUMBER.findall(match.group("items"))
        if items and all(decimal_of(n) == 0 for n in items):
            found.append(finding("AUD-05", name, number,
                                 f"“{quote(text[sentence_start(text, match.start()):match.end()])}”：合计和各项都是0。"
                                 "全部为0时只写一句，如“我单位2023年未安排政府采购预算。”"))
    return found


def sentence_start(text: str, at: int) -> int:
    """Return where the sentence holding position *at* starts."""
    return max(text.rfind(p, 0, at) for p in "。；") + 1


def residue(name: str, number: int, text: str) -> list[Finding]:
    """Return AUD-10: template residue (XX, 增加（减少）, 大于（小于）, unfilled tags)."""
    hits = list(dict.fromkeys(m.group() for m in RESIDUE.finditer(text)))
    if not hits:
        return []
    return [finding("AUD-10", name, number, f"模板残留“{'”“'.join(hits)}”：“{quote(text)}”。"
                                            "请按实际数字写出（增加或减少只留一个，XX 换成实际内容）。")]


def stray_years(name: str, number: int, text: str, year: int) -> list[Finding]:
    """Return AUD-08: years other than this year and last year."""
    others = [y for y in dict.fromkeys(YEAR.findall(text)) if int(y) not in (year, year - 1)]
    if not others:
        return []
    return [finding("AUD-08", name, number,
                    f"出现了{'、'.join(y + '年' for y in others)}：本说明是{year}年预算，只应出现{year}年和{year - 1}年。"
                    f"“{quote(text)}”若是往年文字未改，请改为{year}年或{year - 1}年。")]


def typography(name: str, number: int, text: str) -> list[Finding]:
    """Return AUD-13: spaces inside Chinese text, half-width ; : , between Chinese characters."""
    spaces = [m.start() for m in SPACING.finditer(text)]
    half = [m.group() for m in HALF_WIDTH.finditer(text)]
    if not spaces and not half:
        return []
    said = []
    if spaces:
        at = spaces[0]
        said.append(f"多余的空格（如“{text[max(0, at - 4):at + 5].strip()}”）")
    if half:
        said.append(f"半角标点“{'”“'.join(dict.fromkeys(half))}”")
    return [finding("AUD-13", name, number, f"{'、'.join(said)}。中文里不留空格，标点用全角（；：，）。")]


def kinds(name: str, paragraphs: list[str]) -> list[Finding]:
    """Return AUD-09 when the document calls itself both a 部门预算 and a 单位预算."""
    seen: dict[str, int] = {}
    for number, text in enumerate(paragraphs, start=1):
        for match in KIND.finditer(text):
            seen.setdefault(match.group(1) or match.group(2), number)
    if len(seen) < 2:
        return []
    first, second = sorted(seen, key=seen.get)
    return [finding("AUD-09", name, seen[second],
                    f"第{seen[first]}段称“{first}预算”，这里称“{second}预算”。含所属单位的汇总预算称“部门预算”，"
                    "只有本级的称“单位预算”，请全文统一。")]


def levels(name: str, paragraphs: list[str]) -> list[Finding]:
    """Return AUD-14 when the glossary names another level of government than the unit's own (区 → 区级财政)."""
    unit = next((m.group("name") for t in paragraphs[:40] for m in [UNIT_NAME.match(t)] if m), None)
    if not unit or unit[0] not in "省市县区":
        return []
    found = []
    for number, text in enumerate(paragraphs, start=1):
        wrong = [m.group() for m in LEVEL.finditer(text) if m.group(1) != unit[0]]
        if wrong:
            found.append(finding("AUD-14", name, number,
                                 f"“{quote(text)}”写的是“{wrong[0]}”，而{unit}是{unit[0]}级单位。请改为“{unit[0]}级财政”。"))
    return found


def none_statements(name: str, paragraphs: list[str], year: int | None) -> list[Finding]:
    """Return AUD-11 when the text says there is none of something (or its table is empty) and prints an amount of it."""
    found = []
    for what, statement, figure in NONE_STATEMENTS:
        said = next(((n, m) for n, t in enumerate(paragraphs, start=1) for m in re.finditer(statement, t)
                     if not (m.groupdict().get("year") and year and int(m.group("year")) != year)), None)
        if said is None:
            continue
        amount = next(((n, m) for n, t in enumerate(paragraphs, start=1) for m in re.finditer(figure, t)
                       if decimal_of(m.group("num")) > Decimal(0)), None)
        if amount is None:
            continue
        number, match = said
        found.append(finding("AUD-11", name, number,
                             f"这里说没有{what}（“{quote(paragraphs[number - 1][match.start():match.end() + 20])}”），"
                             f"第{amount[0]}段却写了“{amount[1].group()}”。请核对：确实没有就删去金额，有就改写这一句。"))
    return found
