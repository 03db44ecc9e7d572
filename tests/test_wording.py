"""What real documents say: optional comparisons, the level of government, zero and repetition cases."""

from __future__ import annotations

from decimal import Decimal

from generator import api
from generator.context import level_unit
from generator.drafting import check_file, draft
from helpers import edited_example, paragraphs

SPENDING = r"^  合计: 1909\.62\n  基本支出: 353\.89\n  项目支出: 1555\.73$"


def text_of(tmp_path, source) -> str:
    result = draft(source, tmp_path / "初稿.docx")
    assert not result.errors, result.errors
    return "\n".join(paragraphs(result.out_path))


def test_the_level_word_comes_from_the_finance_level(book):
    assert [level_unit(book, level) for level in ("区级", "市级", "县", "乡镇级", "省级")] == ["区属", "市属", "县属", "乡镇属", "省属"]
    assert level_unit(book, "自治旗级") == "所属"


def test_a_city_draft_says_city(tmp_path):
    text = text_of(tmp_path, edited_example(tmp_path, (r"^  财政级次: 区级", "  财政级次: 市级")))
    assert "机关本级预算和市属单位预算" in text and "市级财政" in text and "区属" not in text


def test_a_bare_figure_is_this_year_only_and_a_compared_one_prints_its_change(tmp_path):
    source = edited_example(tmp_path, (SPENDING, "  合计: 1909.62\n  基本支出: 353.89\n  项目支出:\n    本年: 1555.73\n"
                                                 "    上年: 1600\n    主要原因: 会议项目压减"))
    text = text_of(tmp_path, source)
    # 44.27 / 1600 = 2.766875% → 2.77%
    assert "项目支出1555.73万元，占81.47%。项目支出比2022年减少44.27万元，下降2.77%，主要原因：会议项目压减。" in text
    assert "基本支出比" not in text


def test_last_year_is_summed_only_where_every_part_has_one(tmp_path):
    # 支出合计 and 基本支出 give 上年, 项目支出 does not: 上年 is not summed (no BAL-02 on 上年).
    source = edited_example(tmp_path, (SPENDING, "  合计:\n    本年: 1909.62\n    上年: 999\n  基本支出:\n    本年: 353.89\n"
                                                 "    上年: 353.89\n  项目支出: 1555.73"))
    assert [f.rule for f in check_file(source) if f.rule == "BAL-02"] == []


def test_an_item_that_ended_reads_as_ended(tmp_path):
    source = edited_example(tmp_path, (SPENDING, "  合计: 1909.62\n  基本支出: 353.89\n  项目支出: 1555.73\n"
                                                 "  上缴上级支出:\n    本年: 0\n    上年: 5\n    主要原因: 上缴任务已完成"))
    text = text_of(tmp_path, source)
    assert "上缴上级支出比2022年减少5万元（2023年无此项支出），主要原因：上缴任务已完成。" in text and "100%" not in text


def test_three_public_all_zero_is_one_sentence(tmp_path):
    zero = "\n".join(["三公经费:", "  合计:", "    本年: 0", "    上年: 3", "    主要原因: 取消出国计划",
                      "  因公出国（境）费:", "    本年: 0", "    上年: 3", "    主要原因: 取消出国计划",
                      "  公务用车购置及运行费:", "    合计: 0", "    公务用车购置费:", "      本年: 0", "      上年: 0",
                      "    公务用车运行维护费:", "      本年: 0", "      上年: 0", "  公务接待费:", "    本年: 0", "    上年: 0", ""])
    source = edited_example(tmp_path, (r"(?s)^三公经费:.*?(?=^政府性基金预算支出:)", zero))
    text = text_of(tmp_path, source).splitlines()
    start = text.index("七、一般公共预算“三公”经费支出预算情况说明")
    assert text[start + 1:start + 3] == ["我单位2023年未安排“三公”经费预算，预算数比2022年减少3万元，主要原因：取消出国计划。",
                                         "八、政府性基金预算支出预算情况说明"]


def test_no_year_is_repeated_when_every_fiscal_figure_is_steady(tmp_path):
    steady = [(r"^  一般公共预算:\n    本年: 1909\.62\n    上年: 422\.2$", "  一般公共预算:\n    本年: 1909.62\n    上年: 1909.62"),
              (r"^  合计:  .*\n    本年: 1909\.62\n    上年: 422\.2$", "  合计:\n    本年: 1909.62\n    上年: 1909.62")]
    text = text_of(tmp_path, edited_example(tmp_path, *steady))
    fiscal = next(line for line in text.splitlines() if line.startswith("区政府办公室2023年一般公共预算收支预算"))
    assert fiscal.startswith("区政府办公室2023年一般公共预算收支预算1909.62万元，政府性基金收入预算0万元。"
                             "一般公共预算收入预算与2022年持平，主要原因：")
    assert "与2022年相比" not in fiscal and fiscal.count("2022年持平") == 2


def test_no_zero_projects_in_the_performance_paragraph(tmp_path):
    none = "预算绩效:\n  上年评价:\n    项目数: 0\n    金额: 0\n  本年拟评价:\n    项目数: 0\n    金额: 0\n  本年绩效目标:\n    项目数: 0\n    金额: 0\n"
    text = text_of(tmp_path, edited_example(tmp_path, (r"(?s)^预算绩效:.*?(?=^国有资产:)", none)))
    assert ("2022年，我单位未组织项目预算绩效评价。2023年，我单位未安排项目预算绩效评价。2023年，我单位未对项目设立预算绩效目标。"
            in text) and "0个项目" not in text


def test_the_coverage_of_targets_is_offered_to_templates():
    budget = api.load("inputs/2023/区政府办公室.yaml")
    from generator.context import build_context
    from generator.drafting import book_for

    context = build_context(budget, book_for(budget))
    # 290.98 / 1555.73 = 18.7038…% → 18.7%
    assert (context["targets_share"], context["targets_coverage"]) == ("18.7%", "占项目支出的18.7%")
    assert budget.expenditure.project == Decimal("1555.73")
