"""Reading input files: Decimal amounts, accepted spellings, messages naming file/line/field, 上年 from last year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.errors import InputError
from generator.sources import load_budget
from helpers import EXAMPLE, edited_example


def problems_of(path) -> list[str]:
    """Return the messages of the InputError that loading *path* raises."""
    with pytest.raises(InputError) as caught:
        load_budget(path)
    return [str(p) for p in caught.value.problems]


def test_example_amounts_are_decimal_as_written():
    budget = load_budget(EXAMPLE).budget
    assert budget.income.total == budget.income.total.__class__(Decimal("1909.62"), Decimal("422.2"),
                                                                 "2022年土地款和人武部工作经费等未在本单位预算中列支")
    assert type(budget.operating_cost) is Decimal and budget.operating_cost == 448
    assert budget.general_budget_expenditure.basic.public == Decimal("16.4")
    assert [c.label for c in budget.general_budget_expenditure.function_classes] == ["一般公共服务", "社会保障和就业", "卫生健康"]
    assert len(budget.unit.duties) == 19 and budget.unit.duties[0].startswith("协助区长")


@pytest.mark.parametrize("written, read", [
    ("１９０９．６２", Decimal("1909.62")),
    ("1,909.62", Decimal("1909.62")),
    ('"1909.62"', Decimal("1909.62")),
    ("1909.6", Decimal("1909.6")),
])
def test_full_width_digits_and_thousands_separators_are_accepted(tmp_path, written, read):
    source = edited_example(tmp_path, (r"^  合计: 1909\.62$", f"  合计: {written}"))
    assert load_budget(source).budget.expenditure.total == read


def test_yaml_syntax_errors_with_either_parser_are_explained_in_chinese(tmp_path):
    from generator.sources.syntax import explain_yaml_problem

    for problem in ("found a tab character that violates indentation",          # libyaml
                    "found character '\\t' that cannot start any token"):       # pure-Python PyYAML
        assert explain_yaml_problem(problem) == "这一行用了 Tab 键缩进，请改用空格"
    source = edited_example(tmp_path, (r"^  基本支出: 353\.89$", "  基本支出: 353.89: 多余的冒号"))
    [message] = problems_of(source)
    assert message == f"{source} 第63行：YAML 格式错误：冒号用得不对：字段名后的冒号要跟一个空格；值里有冒号时，请给整个值加引号。"


BRACKETS = "方括号或花括号没有成对：[ 要有 ]，{ 要有 }；值里有这些符号时，请给整个值加引号"
FULL_WIDTH_SPACE = ("这一行用了中文的全角空格，YAML 不认：请删掉这一行开头（或冒号、“-”后面）的空格，"
                    "切换到英文输入法后重新用空格键缩进")
STRAY_DASH = "这一行的“- ”是多余的：“{key}”是上面一组里的字段，不是列表的一项；请删去“- ”，让“{key}”与同组的字段左对齐"
MISSING_COLON = ("这一行缺少冒号：字段要写成“字段名: 值”（英文冒号后空一格）；如果这一行是上一行文字的接续"
                 "（在文字中间按了回车），请把它接回上一行末尾")


@pytest.mark.parametrize("text, line, problem", [
    ('单位:\n  名称: "区政府办公室\n  年度: 2023\n', 2, "引号没有成对"),                  # reported at the end of the file
    ("单位:\n  名称: [区政府办公室\n  年度: 2023\n", 2, BRACKETS),                      # reported a line later
    ("单位:\n  名称: 区政府办公室\n  内设机构: [秘书股,\n", 3, BRACKETS),                # the file ends inside [ ]
    ("单位:\n  名称：区政府办公室\n  年度: 2023\n", 2,
     "这一行的冒号是中文的“：”，YAML 不认：请改成英文冒号加一个空格，写成“名称: ”（先切换到英文输入法）"),
    ("单位:\n  名称:区政府办公室\n  年度: 2023\n", 2, "这一行冒号后面少了一个空格：请写成“名称: ”再接着写值"),
    ('单位:\n  名称: "区政府\\办公室"\n', 2,
     "双引号里的“\\”是转义符，后面的字符不能这样用：含“\\”的文字（如文件路径）请改用单引号括起来，或不加引号"),
    ("单位:\n  名称: |区政府办公室\n", 2, "“|”或“>”后面只能换行：多行文字请在“|”后换行再写，单行文字请去掉“|”或“>”"),
    ("单位:\n  名称: ]\n", 2, "这一行的值以 ]、}、逗号等符号开头，YAML 会把它当作括号或分隔符；请给整个值加引号"),
    ("单位:\n  名称: !区政府办公室\n", 2, "这一行的值以 ! 开头，YAML 会把它当作类型标记；请给整个值加引号"),
    ("单位:\n  名称: ? 区政府办公室\n", 2, "这一行的值以“? ”开头，YAML 会把它当作字段名；请给整个值加引号"),
    ("收入:\n  合计：   # 收入合计\n    本年: 1\n", 2,                                        # a comment after the ：
     "这一行的冒号是中文的“：”，YAML 不认：请改成英文冒号加一个空格，写成“合计: ”（先切换到英文输入法）"),
    ("单位:\n\u3000\u3000名称: 区政府办公室\n  年度: 2023\n", 2, FULL_WIDTH_SPACE),       # indentation
    ("收入:\n  合计:\n    本年:\u30001909.62\n    上年: 1\n", 3, FULL_WIDTH_SPACE),          # after the colon
    ("单位:\n  内设机构:\n    - 秘书股\n    -政策法规股\n    - 财务股\n", 4, "列表每一项要以英文减号加空格“- ”开头：这一行的“-”后面少了空格，请改成“- ”"),
    ("单位:\n  名称: 区政府办公室\n  年度 2023\n  财政级次: 区级\n", 3, MISSING_COLON),
    ("收入:\n  合计:\n    本年 1909.62\n    上年: 1\n", 3, MISSING_COLON),
    ("收入:\n  合计:\n    主要原因: 2022年土地款\n    等未列支\n    本年: 1\n", 4, MISSING_COLON),   # Enter inside a text
    ("单位:\n  名称: 区政府办公室\n...\n  年度: 2023\n", 3, "文件中间有单独一行的“...”（YAML 的结束符），请删去那一行"),
    ('收入:\n  合计:\n    主要原因: "2022年"土地款\n    本年: 1\n', 3,
     "引号要括住整个值：这一行引号后面还有文字。请让引号括住整段文字，或去掉引号"),
    ("单位:\n  内设机构:\n    - [挂]秘书股\n    - 财务股\n", 3,
     "这一行的值以“[”开头，YAML 会把括号里的内容当作一组数据；请给整个值加引号，写成 '[挂]秘书股'"),
    ("收入:\n  合计:\n    本年: 5  上年: 5\n", 3,
     "这一行写了两个字段（“本年”和“上年”）：一行只写一个字段，请把“上年: …”移到下一行，与“本年”左对齐"),
    ("收入:\n  合计:\n    主要原因: 调整 说明: 增加\n", 3,                    # not a field: quoting it is the fix
     "冒号用得不对：字段名后的冒号要跟一个空格；值里有冒号时，请给整个值加引号"),
    ("专项转移支付:\n  - 名称：政务信息化建设补助\n    金额: 120.5\n", 2,            # a list item's key
     "这一行的冒号是中文的“：”，YAML 不认：请改成英文冒号加一个空格，写成“名称: ”（先切换到英文输入法）"),
    ("区政府办公室 输入数据\n#\n\n设置:\n  填写单位: 万元\n", 1, "这一行既不是“字段: 值”，也不是说明：说明文字要在行首加英文的“#”"),
    ("＃区政府办公室\n设置:\n  填写单位: 万元\n", 1, "说明文字要在行首加英文的“#”：这一行用的是中文的“＃”"),
    ("专项转移支付:\n  -名称: 甲\n    金额: 120.5\n", 2, "列表每一项要以英文减号加空格“- ”开头：这一行的“-”后面少了空格，请改成“- ”"),
    ("专项转移支付:\n  －名称: 甲\n    金额: 120.5\n", 2, "列表每一项要以英文减号加空格“- ”开头：这一行的“－”是中文的符号，请改成“- ”"),
    ("收入:\n  合计:\n    - 本年: 1909.62\n    上年: 422.2\n", 3, STRAY_DASH.format(key="本年")),
    ("专项转移支付:\n  - 名称: 甲\n    - 金额: 120.5\n", 3, STRAY_DASH.format(key="金额")),
    ("专项转移支付:\n  - 名称: [区级]乙\n    金额: 30\n", 2,
     "这一行的值以“[”开头，YAML 会把括号里的内容当作一组数据；请给整个值加引号，写成 '[区级]乙'"),
    ("专项转移支付:\n  - 名称: 甲\n      金额: 30\n", 3,                                # aligned with 名称, not the dash
     "这一行比第2行的“名称”多缩进了 2 格，但第2行的“名称”已经写了值，下面不能再有下一级。请让这一行与第2行的“名称”左对齐（同一层的字段要左对齐）"),
    ("专项转移支付:\n  - 名称: 甲\n   金额: 30\n", 3,
     "这一行缩进了 3 格，与上面各层（0、2、4 格）都对不齐。同一层的字段要左对齐，请改用空格对齐到其中一层"),
])
def test_a_syntax_slip_names_the_line_to_mend_with_either_parser(text, line, problem):
    """libyaml and pure-Python PyYAML word their errors differently; staff get the same line and reason."""
    import yaml

    from generator.sources.syntax import input_problem

    for loader in {yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)}:
        with pytest.raises(yaml.MarkedYAMLError) as raised:
            yaml.compose(text, Loader=loader)
        assert input_problem(raised.value, text) == (line, problem), loader.__name__


def test_all_problems_of_a_file_come_in_one_pass(tmp_path):
    source = edited_example(
        tmp_path,
        (r"^  合计: 1909\.62$", "  合计: 19O9.62"),
        (r"^机关运行经费: 448 .*$", "机关运行经费:"),
        (r"^  一般公共预算:$", "  一般公共预箅:"),
    )
    assert len(problems_of(source)) == 3  # income sources are optional: the typo is one problem, not two


def test_missing_last_year_figure_is_taken_from_last_years_file(tmp_path):
    this_year = edited_example(tmp_path, (r"^    上年: 14\.1\n", ""))
    last_year = tmp_path / "inputs" / "2022" / "区政府办公室.yaml"
    last_year.parent.mkdir(parents=True)
    last_year.write_text("三公经费:\n  合计:\n    本年: 13.6\n", encoding="utf-8")
    three = load_budget(this_year).budget.three_public
    assert three.total.last == Decimal("13.6") and three.total.this == Decimal("14.1")


def test_missing_last_year_figure_without_last_years_file_says_what_to_do(tmp_path):
    source = edited_example(tmp_path, (r"^    上年: 14\.1\n", ""))
    expected_file = tmp_path / "inputs" / "2022" / "区政府办公室.yaml"
    assert problems_of(source) == [
        f"{source} 第78行 三公经费.合计.上年：缺少上年数。请填写“上年”，或放好上一年度的输入文件 {expected_file}。"
    ]


def test_bad_figure_in_last_years_file_names_that_file(tmp_path):
    source = edited_example(tmp_path, (r"^    上年: 14\.1\n", ""))
    last_year = tmp_path / "inputs" / "2022" / "区政府办公室.yaml"
    last_year.parent.mkdir(parents=True)
    last_year.write_text("三公经费:\n  合计:\n    本年: 十三\n", encoding="utf-8")
    assert problems_of(source) == [
        f"{last_year} 第3行 三公经费.合计.本年：作为 {source} 的上年数，应为金额，实际为“十三”。"
    ]


@pytest.mark.parametrize("content, message", [
    (None, "找不到这个文件，请检查路径和文件名。"),
    (b"", "文件是空的或不是“字段: 值”的格式，请参照 init 生成的样板填写。"),
    ("单位: 区政府办公室\n".encode("gbk"), "文件不是 UTF-8 编码。请用记事本或 WPS 打开后“另存为”，编码选 UTF-8。"),
])
def test_unreadable_files(tmp_path, content, message):
    path = tmp_path / "x.yaml"
    if content is not None:
        path.write_bytes(content)
    [got] = problems_of(path)
    assert got.endswith(message) and got.startswith(str(path))


def test_pasted_numbering_of_duties_is_dropped(tmp_path):
    source = edited_example(tmp_path, (r"^    - 协调推进全区普惠金融工作。$", "    - （十六）协调推进全区普惠金融工作。"))
    assert load_budget(source).budget.unit.duties[15] == "协调推进全区普惠金融工作。"


def test_a_reason_is_cut_only_where_it_starts_its_line():
    from pathlib import Path

    from generator.sources.yaml_source import cut_reasons

    text = ("a:\n  主要原因: 新增 #3 号楼\n  备注 主要原因: 新增 #4\n\n"
            "主要原因: 'x #5'\n\u3000 主要原因: 购置\t#6\n主要原因: 无 # 注释\n  主要原因:  # 空\n"
            "  主要原因: #2022年土地款\n  主要原因: ## 空\n")   # "#" and text at once: the staff's text, not a comment
    assert [note.line for note in cut_reasons(Path("a.yaml"), text)] == [2, 6, 7, 9]


@pytest.mark.parametrize("written, read", [
    ("~", None), ("null", None), ("Null", None), ("NULL", None), ("", None), ("!!null 1", None),
    ("'null'", "null"), ('""', ""), ("nUll", "nUll"), ("no", "no"), ("0x7E7", "0x7E7"), ("1_000", "1_000"),
    ("!!int 12", "12"), ("2023-01-01", "2023-01-01"),
])
def test_only_a_yaml_null_reads_as_no_value(tmp_path, written, read):
    from generator.sources import read_tree

    path = tmp_path / "a.yaml"
    path.write_text(f"单位:\n  名称: {written}\n", encoding="utf-8")
    tree, _ = read_tree(path)
    assert tree.get("单位").get("名称").text == read


def test_a_key_and_the_value_on_its_line_are_located_like_any_location():
    import dataclasses

    from generator.errors import Location
    from generator.sources import read_tree

    tree, _ = read_tree(EXAMPLE)
    key, key_at, value = tree.get("单位").entries[1]
    assert (key, value.text) == ("年度", "2023")
    made = Location(str(EXAMPLE), 13, column=2)
    assert type(key_at) is Location and key_at == made and hash(key_at) == hash(made) and repr(key_at) == repr(made)
    assert value.at.line == 13
    with pytest.raises(dataclasses.FrozenInstanceError):
        key_at.line = 14  # type: ignore[misc]
