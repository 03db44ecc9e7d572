"""The self-check (SELF-01): staff's texts excuse their own numbers where they stand whole, and no further."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import drafting
from generator.sources import load_budget
from generator.selfcheck import NUMBER, StaffTexts, strays, trace_numbers
from helpers import EXAMPLE, edited_example

REASON_LINE = r"^    主要原因: 2022年土地款和人武部工作经费等未在本单位预算中列支$"  # 收入.合计, line 49


def self_errors(result) -> list[tuple[str, str]]:
    return [(f.field, f.message[:12]) for f in result.findings if f.rule == "SELF-01"]


def test_a_one_character_reason_does_not_blank_that_digit_everywhere(tmp_path):
    source = edited_example(tmp_path, (REASON_LINE, "    主要原因: 1"))
    result = drafting.draft(source, tmp_path / "初稿.docx")
    assert self_errors(result) == [] and result.out_path is not None


def test_a_name_ending_in_a_digit_before_the_year_is_still_the_name(tmp_path):
    source = edited_example(tmp_path, (r"^  名称: 区政府办公室$", "  名称: 区第3"))
    result = drafting.draft(source, tmp_path / "初稿.docx")
    assert self_errors(result) == [] and result.out_path is not None


def test_a_stray_number_beside_a_staff_text_is_still_found(book):
    budget = load_budget(EXAMPLE).budget
    paragraphs = ["区政府办公室第31999年", "主要原因：2022年土地款和人武部工作经费等未在本单位预算中列支98765"]
    staff = StaffTexts(["区政府办公室第3", "2022年土地款和人武部工作经费等未在本单位预算中列支"])
    assert staff.covered(paragraphs[0], 7, 12) == [(0, 8)]
    found = trace_numbers(paragraphs, budget, book, "模板.docx", lambda: ["固定文字"])
    # 区政府办公室第3 is not staff's text in the example, so 31999 is one stray; the reason's 98765 is another.
    assert [(f.file, f.field, f.message.split("”")[0]) for f in found] == [
        (str(EXAMPLE), "初稿第1段", "数字“31999"), (str(EXAMPLE), "初稿第2段", "数字“98765")]


def test_a_stray_from_the_program_names_the_input_and_asks_for_the_maintainers(book):
    budget = load_budget(EXAMPLE).budget
    [finding] = trace_numbers(["收入合计12345万元。"], budget, book, "模板.docx", lambda: ["收入合计{{ x }}万元。"])
    assert (finding.file, finding.line, finding.field) == (str(EXAMPLE), None, "初稿第1段")
    assert finding.message == ("数字“12345”既不是输入的数字，也不是由输入算出的数，没有生成初稿。"
                               "请把这条信息告诉维护人员。段落：“收入合计12345万元。”")


def test_staff_texts_are_found_whole_around_a_number():
    staff = StaffTexts(["完成3项任务", "第3", "3号楼", "1"])
    text = "今年完成3项任务，第32023年，3号楼1909"
    assert staff.numbers == {"1"}
    assert sorted(staff.covered(text, 4, 5)) == [(2, 8)]           # 完成3项任务
    assert sorted(staff.covered(text, 10, 15)) == [(9, 11)]        # 第3 before the year
    assert sorted(staff.covered(text, 17, 18)) == [(17, 20)]       # 3号楼
    assert staff.covered(text, 20, 24) == []                       # 1909 is not the text "1"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="12３.%年第x\n", max_size=12), max_size=6), st.sets(st.sampled_from(["1", "2", "12", "1.2", "3%"])),
       st.lists(st.sampled_from(["第1", "2年", "x12", "1", "年3"]), max_size=3))
def test_strays_are_the_numbers_each_paragraph_holds_that_are_neither_allowed_nor_staffs(paragraphs, allowed, phrases):
    staff = StaffTexts(phrases)
    expected = {}
    for index, text in enumerate(paragraphs):  # paragraph by paragraph, as the self-check first did
        found = [token.group() for token in NUMBER.finditer(text)
                 if token.group() not in allowed and not staff.excuses(text, token, allowed)]
        if found:
            expected[index] = list(dict.fromkeys(found))
    assert strays(paragraphs, allowed, staff) == expected
