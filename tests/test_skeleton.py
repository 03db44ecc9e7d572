"""The blank input file `init` writes: what it lists, what its comments say, and that filled in it loads."""

from __future__ import annotations

import re

from generator import drafting
from generator.sources import load_budget
from generator.skeleton import skeleton_text

SKELETON = skeleton_text("区财政局", 2024)


def block_of(text: str, key: str) -> list[str]:
    """Return the lines of the top-level block *key*, up to the next blank line."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def test_income_lists_the_general_budget_as_a_compared_figure_and_names_the_other_sources():
    income = block_of(SKELETON, "收入")
    at = income.index("  一般公共预算:  # 一般公共预算拨款收入")
    assert income[at + 1:at + 4] == ["    本年:", "    上年:  # 上一年度的输入文件已存在时才可不填（取其中的本年数），否则必填",
                                     "    主要原因:  # 与上年有增减时必填"]
    assert income[at + 4] == "  # 其他来源有才写，按文中顺序：政府性基金、国有资本经营预算（本年、上年、主要原因三行）；"
    assert income[at + 5].startswith("  # 财政专户管理资金、专户管理的教育收费、事业收入、") and income[at + 5].endswith(
        "用事业基金弥补收支差额（写“名称: 本年数”一行）。")


def test_each_list_of_names_and_amounts_shows_a_name_of_its_own_kind():
    assert "  功能分类:" in SKELETON and "\n    # 一般公共服务: 0\n" in SKELETON
    economic = SKELETON.split("    经济分类:")[1].splitlines()[1]
    assert economic == "      # 工资福利支出: 0"
    assert block_of(SKELETON, "政府性基金预算支出明细")[1] == "  # 城乡社区支出: 0"
    assert block_of(SKELETON, "国有资本经营预算支出明细")[1] == "  # 国有企业资本金注入: 0"


def test_it_says_plainly_that_last_year_may_be_left_out_only_when_last_years_file_exists():
    assert ("#   · “上年”只有在上一年度的输入文件 inputs/2023/区财政局.yaml 已经存在时才可以不写\n"
            "#     （程序取其中的“本年”数）；没有这个文件，就必须写上年数。\n") in SKELETON
    assert "可不填：取上一年度输入文件的本年数" not in SKELETON


def filled(text: str) -> str:
    """Return the skeleton with its examples uncommented, every blank leaf given 0 (settings their defaults)."""
    lines = [re.sub(r"^(\s+)# (\S+: 0)$", r"\1\2", line) for line in text.splitlines()]  # the examples, as written
    out = []
    for i, line in enumerate(lines):
        match = re.match(r"^(\s*)([^#\s-][^:]*):(\s+#.*)?$", line)
        later = [l for l in lines[i + 1:] if l.strip() and not l.lstrip().startswith("#")]
        is_leaf = match and (not later or len(later[0]) - len(later[0].lstrip()) <= len(match.group(1)))
        if is_leaf:
            value = {"填写单位": "万元", "公布单位": "万元", "财政级次": "区级", "其他用车说明": "''"}.get(match.group(2), "0")
            line = f"{match.group(1)}{match.group(2)}: {value}"
        out.append(line.replace("    - ", "    - 某项") if line.strip() == "-" else line)
    return "\n".join(out) + "\n"


def test_the_skeleton_filled_with_zeros_loads_with_the_general_budget_as_an_income_source(tmp_path):
    source = tmp_path / "inputs" / "2024" / "区财政局.yaml"
    source.parent.mkdir(parents=True)
    source.write_text(filled(SKELETON), encoding="utf-8")
    assert [f for f in drafting.check_file(source) if f.rule == "INP-02"] == []
    assert [s.name for s in load_budget(source).budget.income.sources] == ["一般公共预算"]
