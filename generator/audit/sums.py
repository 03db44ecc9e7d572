"""Lists that must add up: shares to 100%, items to their stated total (其中…; 主要用于以下方面…; 三公)."""

from __future__ import annotations

import re
from decimal import Decimal

from generator.audit.common import NUMBER, Figure, decimal_of, decimals, figures, finding, quote, show
from generator.checks import ERROR, NOTE, Finding
from generator.money import plain, round_half_up

DIRECTION_BEFORE = re.compile(r"(?:增加|减少|增长|下降|增|减|不足)$")
# A total followed straight by its parts: "…合计1909.62万元，其中：…" / "…为353.89万元。其中…" / "…。主要用于以下方面：…"
LIST_HEAD = re.compile(r"(?P<total>(?:NUM)(?:亿元|万元|元|辆))[，,。]\s*(?:其中[：:，,]?|主要用于以下方面[：:])"
                       .replace("NUM", NUMBER))
COUNT = re.compile(rf"(?<![\d.])(?P<num>{NUMBER})辆")
SHARE = re.compile(rf"(?P<amount>(?:{NUMBER})(?:亿元|万元|元))[，,]\s*占(?P<share>{NUMBER})%")
PARENTHESIS = re.compile(r"（[^（）]*）|\([^()]*\)")
HUNDRED = Decimal(100)
# “三公”经费 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费
THREE_PUBLIC_TOTAL = re.compile(rf"“三公”经费(?:支出)?预算(?:数)?(?:为)?(?P<num>{NUMBER})(?P<unit>万元|元)")
THREE_PUBLIC_ITEMS = (("因公出国（境）费", "因公出国（境）费"), ("公务用车购置及运行费", "公务用车购置及运行费"),
                      ("公务接待费", "公务接待费"))
INCOME_EXPENDITURE = re.compile(rf"收入总计(?P<a>(?:{NUMBER})(?:亿元|万元|元))[，,]\s*支出总计(?P<b>(?:{NUMBER})(?:亿元|万元|元))")


def tolerance(parts: list[Figure]) -> Decimal:
    """Return how far parts rounded one by one may miss their total: half the last printed unit each."""
    places = max([p.places for p in parts] + [0])
    unit = parts[0].yuan / parts[0].printed if parts and parts[0].printed else Decimal(1)
    return Decimal("0.5").scaleb(-places) * unit * len(parts)


def list_items(text: str, start: int, unit: str) -> list[Figure]:
    """Return the parts of a list starting at *start*: amounts (or counts) up to the sentence's end.

    Differences (增加X万元), thresholds (50万元以上), amounts in brackets and nested 其中 lists are not parts.
    """
    end = text.find("。", start)
    body = text[start:end if end >= 0 else len(text)]
    nested = body.find("其中")
    if nested >= 0:
        body = body[:nested]
    body = PARENTHESIS.sub(lambda m: "　" * len(m.group()), body)
    if unit == "辆":
        found = [Figure(m.group(), decimal_of(m.group("num")), decimal_of(m.group("num")), "辆", m.start() + start,
                        m.end() + start) for m in COUNT.finditer(body)]
    else:
        found = figures(body, start)
    return [f for f in found
            if not DIRECTION_BEFORE.search(text[max(0, f.start - 4):f.start]) and not text.startswith("以上", f.end)]


def check_sums(name: str, paragraphs: list[str]) -> list[Finding]:
    """Return AUD-06 (shares) and AUD-07 (parts and totals) findings."""
    found = []
    for number, text in enumerate(paragraphs, start=1):
        for head in LIST_HEAD.finditer(text):
            total_text = head.group("total")
            unit = "辆" if total_text.endswith("辆") else None
            [total] = ([Figure(total_text, decimal_of(total_text[:-1]), decimal_of(total_text[:-1]), "辆", 0, 0)]
                       if unit else figures(total_text))
            parts = list_items(text, head.end(), unit or total.unit)
            found += parts_against_total(name, number, text, total, parts)
            found += shares(name, number, text, head.end(), total)
        for match in INCOME_EXPENDITURE.finditer(text):
            [income], [spending] = figures(match.group("a")), figures(match.group("b"))
            if income.yuan != spending.yuan:
                found.append(finding("AUD-07", name, number,
                                     f"“{quote(match.group())}”：收入总计与支出总计应相等（收支平衡），文中相差"
                                     f"{show(abs(income.yuan - spending.yuan), income.unit, 2)}。请核对两个总计。"))
    return found + three_public(name, paragraphs)


def parts_against_total(name: str, number: int, text: str, total: Figure, parts: list[Figure]) -> list[Finding]:
    """Return the finding when the parts of a list do not add up to its total."""
    if len(parts) < 2:
        return []
    added = sum(p.yuan for p in parts)
    if added == total.yuan:
        return []
    gap = abs(added - total.yuan)
    unit = total.unit
    places = max(p.places for p in parts + [total])
    listed = "＋".join(p.text for p in parts)
    said = f"合计{total.text}，而{listed}＝{show(added, unit, places) if unit != '辆' else plain(added) + '辆'}"
    if unit != "辆" and gap <= tolerance(parts + [total]):
        return [finding("AUD-07", name, number, f"{said}，相差{show(gap, unit, places)}，在各项分别四舍五入的尾差范围内。"
                                                "请确认与预算报表一致。", NOTE)]
    end = text.find("。", total.end)
    sentence = text[max(text.rfind(p, 0, total.start) for p in "。；") + 1:end + 1 if end >= 0 else len(text)]
    return [finding("AUD-07", name, number, f"“{quote(sentence)}”：{said}，"
                                            f"相差{show(gap, unit, places) if unit != '辆' else plain(gap) + '辆'}。"
                                            "请按报表核对合计和各项。")]


def shares(name: str, number: int, text: str, start: int, total: Figure) -> list[Finding]:
    """Return findings on the shares of one list: each against its amount ÷ total, and their sum against 100%."""
    end = text.find("。", start)
    body = text[start:end if end >= 0 else len(text)]
    listed = list(SHARE.finditer(body))
    if not listed or total.yuan == 0:
        return []
    found = []
    for match in listed:
        [amount] = figures(match.group("amount"))
        printed = match.group("share")
        places = decimals(printed)
        exact = amount.yuan / total.yuan * HUNDRED
        # Largest-remainder rounding may move a share by one unit of its last decimal so that the list adds to 100%.
        if abs(round_half_up(exact, places) - decimal_of(printed)) > Decimal(1).scaleb(-places):
            found.append(finding("AUD-06", name, number,
                                 f"“{match.group()}”：{amount.text}÷{total.text}＝{plain(round_half_up(exact, places))}%，"
                                 f"文中写{printed}%。请改为“占{plain(round_half_up(exact, places))}%”。"))
    if len(listed) >= 2 and not found:
        added = sum(decimal_of(m.group("share")) for m in listed)
        places = max(decimals(m.group("share")) for m in listed)
        if added != HUNDRED:
            gap = abs(added - HUNDRED)
            severity = NOTE if gap <= Decimal("0.5").scaleb(-places) * len(listed) else ERROR
            found.append(finding("AUD-06", name, number,
                                 f"同一组的占比相加为{plain(added)}%，不是100%（"
                                 + "＋".join(m.group("share") + "%" for m in listed)
                                 + "）。请按最大余额法调整末位，使各项相加恰为100%。", severity))
    return found


def three_public(name: str, paragraphs: list[str]) -> list[Finding]:
    """Return the finding when the 三公 items do not add up to the stated 三公 total."""
    for number, text in enumerate(paragraphs, start=1):
        total = THREE_PUBLIC_TOTAL.search(text)
        if total:
            break
    else:
        return []
    [total_figure] = figures(total.group("num") + total.group("unit"))
    parts = []
    rest = paragraphs[number - 1:number + 6]
    for label, _ in THREE_PUBLIC_ITEMS:
        item = re.compile(rf"{re.escape(label)}[：:]?(?P<amount>(?:{NUMBER})(?:万元|元))")
        none = re.compile(rf"未安排{re.escape(label)}预算")
        hit = next((m for t in rest for m in [item.search(t)] if m), None)
        if hit:
            parts.append(figures(hit.group("amount"))[0])
        elif any(none.search(t) for t in rest):
            parts.append(figures("0" + total_figure.unit)[0])
        else:
            return []
    added = sum(p.yuan for p in parts)
    if added == total_figure.yuan:
        return []
    listed = "＋".join(f"{label}{p.text}" for (label, _), p in zip(THREE_PUBLIC_ITEMS, parts))
    return [finding("AUD-07", name, number,
                    f"“三公”经费{total_figure.text}，而{listed}＝{show(added, total_figure.unit, 2)}。"
                    "“三公”经费应等于三项之和，请核对。")]
