"""A region's wording: a rules file beside a template (X.rules.yaml) overriding only the phrases it names.

The override is merged over the office's rules.yaml. It may only name keys rules.yaml has, and
each pattern it replaces must keep the slots that carry figures ({diff}, {rate}, {amount} …):
wording may change, numbers may not silently drop out. Every problem names the file and the key.
"""

from __future__ import annotations

from typing import Any, Mapping

from generator.errors import TemplateError
from generator.phrases.engine import slots_of

# Slots a regional pattern may leave out: words, not figures ("同比增加{diff}" names no year).
DROPPABLE_SLOTS = frozenset({"year", "last_year", "subject", "unit", "level_unit", "stock_date", "label"})
# Slots the program fills beyond those of the office's own pattern, which a region may add.
OFFERED_SLOTS = {"sentences.performance_targets.some": frozenset({"share"})}
UNITS = ("万元", "元")
EQUIPMENT = ("both", "special_only")


def rules_beside(template_name: str) -> str:
    """Return the name of the rules file that goes with a template: 我单位模板.docx → 我单位模板.rules.yaml.

    >>> rules_beside("我单位模板.docx")
    '我单位模板.rules.yaml'
    """
    stem = template_name[:-5] if template_name.lower().endswith(".docx") else template_name
    return f"{stem}.rules.yaml"


def merge_rules(base: Mapping[str, Any], override: Any, file: str) -> dict[str, Any]:
    """Return *base* with *override* merged over it; raise TemplateError naming *file* and the key when it is wrong."""
    if override is None:
        return dict(base)
    if not isinstance(override, Mapping):
        raise TemplateError(f"{file}：句式覆盖文件应是若干“键: 值”（如 changes:、settings:），请参照示例。")
    problems: list[str] = []
    merged = _merge(base, override, "", file, problems)
    problems += _check_settings(merged, override.get("settings") or {}, file)
    if problems:
        raise TemplateError("\n".join(problems))
    return merged


def _merge(base: Mapping[str, Any], override: Mapping[str, Any], where: str, file: str, problems: list[str]) -> dict:
    """Return base updated by override, recording every unknown key, wrong kind of value and lost slot."""
    merged = dict(base)
    for key, value in override.items():
        path = f"{where}.{key}" if where else str(key)
        if key not in base:
            import difflib  # only for a misspelt key of a region's rules

            guess = difflib.get_close_matches(str(key), [str(k) for k in base], n=1, cutoff=0.5)
            hint = f"是不是“{guess[0]}”？" if guess else f"这里可以写：{'、'.join(str(k) for k in base)}。"
            problems.append(f"{file}：不认识的键“{path}”，{hint}")
            continue
        old = base[key]
        if key == "fixed_numbers" and not where:  # numbers the region's fixed wording adds (8月31日): kept with the office's
            if not isinstance(value, list):
                problems.append(f"{file}：“fixed_numbers”应是数字的列表，如 [\"8\", \"31\"]。")
                continue
            merged[key] = list(old) + [str(n) for n in value]
        elif isinstance(old, Mapping):
            if not isinstance(value, Mapping):
                problems.append(f"{file}：“{path}”下应是若干“键: 值”，实际为“{value}”。")
                continue
            merged[key] = _merge(old, value, path, file, problems)
        elif isinstance(old, str) and where.split(".")[0] in ("changes", "sentences", "lists", "labels", "directions"):
            if not isinstance(value, str):
                problems.append(f"{file}：“{path}”应是一句文字，实际为“{value}”。")
                continue
            missing = slots_of(old) - slots_of(value) - DROPPABLE_SLOTS
            unknown = slots_of(value) - slots_of(old) - OFFERED_SLOTS.get(path, frozenset())
            if missing:
                problems.append(f"{file}：“{path}”缺少槽位 {'、'.join('{' + s + '}' for s in sorted(missing))}"
                                f"（原句式：{old}），数字不能从句中去掉，请补上。")
            if unknown:
                problems.append(f"{file}：“{path}”用了程序不提供的槽位 {'、'.join('{' + s + '}' for s in sorted(unknown))}"
                                f"（原句式：{old}），可用的槽位：{'、'.join('{' + s + '}' for s in sorted(slots_of(old)))}。")
            merged[key] = value
        else:
            merged[key] = value
    return merged


def _check_settings(merged: Mapping[str, Any], settings: Mapping[str, Any], file: str) -> list[str]:
    """Return the problems of the settings an override gives (unit, order of the 三公 items, vehicles, equipment)."""
    problems = []
    done = merged["settings"]
    if "amount_unit" in settings and done["amount_unit"] not in UNITS:
        problems.append(f"{file}：“settings.amount_unit”应为 万元 或 元，实际为“{done['amount_unit']}”。")
    if "percent_places" in settings and done["percent_places"] not in (0, 1, 2, 3, 4):
        problems.append(f"{file}：“settings.percent_places”应为 0 到 4 的整数，实际为“{done['percent_places']}”。")
    order = done.get("three_public_order")
    if "three_public_order" in settings and (not isinstance(order, list)
                                             or sorted(map(str, order)) != ["outbound", "reception", "vehicles"]):
        problems.append(f"{file}：“settings.three_public_order”应把 outbound、vehicles、reception 三项各写一次，"
                        f"实际为“{order}”。")
    kinds, known = done.get("vehicle_kinds"), merged["labels"]["vehicles"]
    if "vehicle_kinds" in settings and (not isinstance(kinds, list) or not set(map(str, kinds)) <= set(known)):
        problems.append(f"{file}：“settings.vehicle_kinds”只能列出 {'、'.join(known)}，实际为“{kinds}”。")
    if "equipment" in settings and done.get("equipment") not in EQUIPMENT:
        problems.append(f"{file}：“settings.equipment”应为 both 或 special_only，实际为“{done.get('equipment')}”。")
    return problems
