"""Change clauses (比上年增加X万元，增长Y%) read back from any document and checked against their amounts.

The direction words come from the phrase rules (rules.yaml: the words before {diff}, {rate}
and {min_rate} in each variant) and from the common real phrasings of other regions
(比上年/较上年/同比; 增加/减少/增/减; 增长/下降/增幅/减幅; 持平/无变化/一致). A clause's
this-year amount is the amount earlier in the paragraph whose label best matches the
clause's subject; last year = this year ∓ the difference; the rate follows, half up, at the
decimals printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from generator.audit.common import NUMBER, Figure, decimal_of, decimals, figures, finding, quote, show
from generator.checks import ERROR, NOTE, Finding
from generator.money import plain, round_half_up
from generator.phrases import PhraseBook

UP, DOWN = "增", "减"
REAL_WORDS = {UP: ("增加", "增长", "增幅", "上升", "提高", "增"), DOWN: ("减少", "下降", "减幅", "降幅", "降低", "减")}
REAL_SLIGHT = {UP: ("增幅不足",), DOWN: ("降幅不足", "减幅不足")}
UP_VARIANTS, DOWN_VARIANTS = ("up", "up_slight", "new"), ("down", "down_slight", "ended")
COMPARATOR = re.compile(r"(?:比|较|与)\s*(?:上年度?|上一年度?|去年|(?:19|20)\d{2}\s*年度?)(?:相比|比较)?|同比")
REASON = re.compile(r"主要原因[：:]?[^；;。]*")
FLAT_REASON = re.compile(r"主要原因[：:]([^；;。]*(?:持平|无变化|没有变化|不变)[^；;。]*)")
SEGMENT = re.compile(r"[^。；;！？]+")
LABEL_NOISE = re.compile(r"[\d.,，、：:；;（）()“”\s]|年度?|预算|支出|收入|数|我单位|本单位|各|为|安排")
NEAR_RATE_CHARS = 6


def rule_words(book: PhraseBook) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Return the direction words (before an amount or rate) and the slight-rate words, by direction.

    Read from the rules: the two characters before {diff} and {rate}, the four before {min_rate}.
    """
    words = {UP: set(REAL_WORDS[UP]), DOWN: set(REAL_WORDS[DOWN])}
    slight = {UP: set(REAL_SLIGHT[UP]), DOWN: set(REAL_SLIGHT[DOWN])}
    for rule in book.changes.values():
        for variants, direction in ((UP_VARIANTS, UP), (DOWN_VARIANTS, DOWN)):
            for variant in variants:
                for literal, slot in re.findall(r"([^{}]*)\{(diff|rate|min_rate)\}", rule[variant]):
                    literal = re.split(r"[，,。；：、）(（]", literal)[-1]
                    if slot == "min_rate" and len(literal) >= 4:
                        slight[direction].add(literal[-4:])
                    elif slot != "min_rate" and len(literal) >= 2:
                        words[direction].add(literal[-2:])
    return words, slight


@dataclass(frozen=True)
class Clause:
    """One change clause: its text and place, direction words, difference and rate as printed."""

    text: str
    start: int
    subject: str
    diff_word: str | None
    diff: Figure | None
    rate_word: str | None
    rate: str | None      # the printed number, without %
    slight: bool = False  # 增幅不足 X%


class ClauseFinder:
    """Finds change clauses in paragraphs with the rules' and the common direction words."""

    def __init__(self, book: PhraseBook) -> None:
        words, slight = rule_words(book)
        self.direction = {w: d for d, group in words.items() for w in group}
        self.direction.update({w: d for d, group in slight.items() for w in group})
        alternation = "|".join(sorted(self.direction, key=len, reverse=True))
        slight_alternation = "|".join(sorted({w for g in slight.values() for w in g}, key=len, reverse=True))
        self.diff = re.compile(rf"(?P<word>{alternation})(?:了|为)?(?P<amount>(?:{NUMBER})(?:亿元|万元|元))")
        self.rate = re.compile(rf"(?P<slight>{slight_alternation})(?P<snum>{NUMBER})%"
                               rf"|(?P<word>{alternation})(?:了|为|达)?(?P<num>{NUMBER})%")

    def clauses(self, text: str) -> list[Clause]:
        """Return the change clauses of one paragraph (reasons after 主要原因 are not read)."""
        found = []
        reasons = [m.span() for m in REASON.finditer(text)]
        first_comparator = COMPARATOR.search(text)
        if first_comparator is None:
            return []
        for segment in SEGMENT.finditer(text):
            if segment.end() <= first_comparator.start():
                continue
            body, offset = segment.group(), segment.start()
            cut = REASON.search(body)
            if cut:
                body = body[:cut.start()]
            used_rates = set()
            for diff in self.diff.finditer(body):
                rate = self.rate.search(body, diff.end(), diff.end() + NEAR_RATE_CHARS + 12)
                if rate and rate.start() - diff.end() > NEAR_RATE_CHARS:
                    rate = None
                if rate:
                    used_rates.add(rate.start())
                end = rate.end() if rate else diff.end()
                [figure] = figures(diff.group("amount"), offset + diff.start("amount"))
                found.append(self.clause(body, offset, diff.start(), end, diff.group("word"), figure, rate))
            for rate in self.rate.finditer(body):
                if rate.start() not in used_rates and not any(a <= offset + rate.start() < b for a, b in reasons):
                    found.append(self.clause(body, offset, rate.start(), rate.end(), None, None, rate))
        return found

    def clause(self, body: str, offset: int, start: int, end: int, word, figure, rate) -> Clause:
        subject = COMPARATOR.sub("", body[:start])
        subject = re.sub(r"^.*[，,：:]", "", re.sub(r"相比|相较", "", subject))
        rate_word = rate_num = None
        slight = False
        if rate:
            slight = bool(rate.group("slight"))
            rate_word = rate.group("slight") or rate.group("word")
            rate_num = rate.group("snum") or rate.group("num")
        said = body[max(body.rfind(p, 0, start) for p in "，,：:") + 1:end]
        return Clause(said, offset + start, subject, word, figure, rate_word, rate_num, slight)


def common_run(a: str, b: str) -> int:
    """Return the length of the longest run of characters *a* and *b* share.

    >>> common_run("公务用车购置费", "其中公务用车购置费")
    7
    """
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def this_year_figure(text: str, clause: Clause, diffs: set[int]) -> Figure | None:
    """Return the amount the clause compares: the best-labelled amount before it in the paragraph."""
    candidates = []
    boundary = 0
    reasons = [m.span() for m in REASON.finditer(text)]
    for figure in figures(text[:clause.start]):
        label_start = max(boundary, max(text.rfind(p, 0, figure.start) for p in "，。；：、,;:") + 1)
        boundary = figure.end
        if figure.start in diffs or any(a <= figure.start < b for a, b in reasons):
            continue
        candidates.append((figure, LABEL_NOISE.sub("", text[label_start:figure.start])))
    if not candidates:
        return None
    subject = LABEL_NOISE.sub("", clause.subject)
    if not subject:
        return candidates[-1][0]
    score, figure = max((common_run(subject, label), index) for index, (_, label) in enumerate(candidates))
    return candidates[figure][0] if score >= 2 else None


def check_changes(name: str, paragraphs: list[str], book: PhraseBook) -> list[Finding]:
    """Return AUD-01…AUD-04 and AUD-12 findings: rates, directions, zero changes, zero bases, empty reasons."""
    finder = ClauseFinder(book)
    found = []
    for number, text in enumerate(paragraphs, start=1):
        clauses = finder.clauses(text)
        diffs = {c.diff.start for c in clauses if c.diff}
        for clause in clauses:
            this = this_year_figure(text, clause, diffs) if clause.diff else None
            problem = judge(clause, this, finder.direction)
            if problem:
                found.append(finding(problem[0], name, number, problem[1], problem[2] if len(problem) > 2 else None))
        for match in FLAT_REASON.finditer(text):
            found.append(finding("AUD-12", name, number,
                                 f"“{quote(match.group())}”只是重复了数字，不是原因：没有增减的项目不写主要原因，请删去这一句。"))
    return found


def judge(clause: Clause, this: Figure | None, direction: dict[str, str]) -> tuple | None:
    """Return (rule, message[, severity]) for what is wrong with one clause, or None."""
    said = f"“{clause.text.strip()}”"
    diff_dir = direction.get(clause.diff_word) if clause.diff_word else None
    rate_dir = direction.get(clause.rate_word) if clause.rate_word else None
    if diff_dir and rate_dir and diff_dir != rate_dir:
        return "AUD-02", (f"{said}：金额说{clause.diff_word}，幅度却说{clause.rate_word}，方向前后矛盾。"
                          "请按两年的数字把增减方向写成一致（增加与增长，减少与下降）。")
    rate = decimal_of(clause.rate) if clause.rate is not None else None
    if clause.diff is not None and clause.diff.printed == 0:
        return "AUD-03", (f"{said}：变化为0，不应写{clause.diff_word}。请改为“与上年持平”（年份照写）；"
                          "没有增减时一般不写主要原因。")
    if rate == 0 and not clause.slight:
        instead = "“增幅不足0.01%”" if rate_dir == UP else "“降幅不足0.01%”"
        return "AUD-03", (f"{said}：幅度为0%，不应写{clause.rate_word}。有增减但幅度很小时写{instead}，"
                          "没有增减时写“与上年持平”。")
    if this is None or clause.diff is None:
        return None
    sign = 1 if diff_dir == UP else -1
    last = this.yuan - sign * clause.diff.yuan
    last_text = show(last, this.unit, max(this.places, clause.diff.places))
    base = f"按本年{this.text}、{clause.diff_word}{clause.diff.text}，上年应为{last_text}"
    if last < 0:
        return "AUD-01", f"{said}：{clause.diff_word}的金额大于本年{this.text}，上年不可能为负数。请核对本年数和增减额。"
    if last == 0:
        if rate is not None:
            return "AUD-04", (f"{said}：{base}，上年为0时没有增长率。请删去幅度，写“（上年无此项预算）”。")
        return None
    if rate is None:
        return None
    places = decimals(clause.rate)
    exact = abs(clause.diff.yuan) / last * 100
    expected = round_half_up(exact, places)
    if clause.slight:
        if expected >= rate:
            return "AUD-01", (f"{said}：{base}，幅度为{plain(round_half_up(exact, 2))}%，不是不足{clause.rate}%。"
                              f"请改为“{clause.diff_word}{clause.diff.text}，{'增长' if sign > 0 else '下降'}"
                              f"{plain(round_half_up(exact, 2))}%”。")
        return None
    if expected == rate:
        return None
    right = f"{clause.diff_word}{clause.diff.text}，{clause.rate_word}{plain(expected)}%"
    severity = NOTE if abs(expected - rate) <= Decimal(1).scaleb(-places) else ERROR
    why = "（只差末位一个单位，可能是用未四舍五入的金额算的）" if severity == NOTE else ""
    return "AUD-01", (f"{said}：{base}，幅度应为{plain(expected)}%，文中写{clause.rate}%{why}。"
                      f"请改为“{right}”。"), severity
