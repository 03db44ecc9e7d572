"""`init` and the unit's name: refused when it cannot be a file name, quoted when YAML would misread it."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import InputError
from generator.sources import load_budget
from generator.skeleton import write_skeleton

FILE_NAME = ("它也是输入文件的文件名，不能含有 / \\ : * ? \" < > | 或“..”。请去掉这些字符（全角的：？＊“”可以用）")
CONTROLS = "单位名称里有换行、Tab 或看不见的控制字符，请只写名称本身"


@pytest.mark.parametrize("name, message", [
    ("区/财政局", f"单位名称“区/财政局”不能用：{FILE_NAME}"),
    ("区\\财政局", f"单位名称“区\\财政局”不能用：{FILE_NAME}"),
    ("..", f"单位名称“..”不能用：{FILE_NAME}"),
    ("区..局", f"单位名称“区..局”不能用：{FILE_NAME}"),
    ("区: 财政局", f"单位名称“区: 财政局”不能用：{FILE_NAME}"),
    ('区"财政"局', f"单位名称“区\"财政\"局”不能用：{FILE_NAME}"),
    ("*区财政局", f"单位名称“*区财政局”不能用：{FILE_NAME}"),
    ("区财政局\n# 注释", CONTROLS),
    ("区财\t政局", CONTROLS),
    ("区财\u202e政局", CONTROLS),
    ("区\x1b[2J局", CONTROLS),
    ("  ", "单位名称不能为空"),
    ("局" * 81, "单位名称太长（81 个字），最多 80 个字"),
])
def test_a_name_that_cannot_be_a_file_or_a_value_is_refused_as_a_usage_error(tmp_path, capsys, monkeypatch, name,
                                                                               message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(["init", "--", name, "2024"])
    assert exited.value.code == 2
    _, err = capsys.readouterr()
    assert f"参数 单位：{message}\n" in err and "\x1b" not in err
    assert list(tmp_path.iterdir()) == []


def test_the_library_refuses_the_same_names(tmp_path):
    with pytest.raises(InputError) as caught:
        write_skeleton("区/局", 2024, tmp_path / "x.yaml")
    assert str(caught.value) == f"init 单位名称：单位名称“区/局”不能用：{FILE_NAME}。"
    assert list(tmp_path.iterdir()) == []


ODD_NAMES = ["区 财政局", "区#1中心", "区 #1中心", "A&B中心", "&区", "!区财政局", "- 区财政局", "-区", "%区", "@区", "`区`",
             "[区]", "{区}", "区, 局", "null", "true", "123", "~", "1e3", "区'财政'局", "'区'", "区：局", "区——局",
             "区财政局（挂金融办牌子）", "＊区", ".区", "？区", "区 - 局", "区：",
             "ＡＢ", "Ⅻ区"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_every_accepted_odd_name_round_trips_through_init_and_load(tmp_path, capsys, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--", name, "2024"]) == 0  # "--": a name may start with "-"
    skeleton = Path("inputs") / "2024" / f"{name}.yaml"
    with pytest.raises(InputError) as caught:  # a blank skeleton lists what is missing, but its name is read
        load_budget(skeleton)
    assert all(not p.field.startswith("单位.名称") for p in caught.value.problems)
    filled = skeleton.read_text(encoding="utf-8").replace("  年度: 2024", "  年度: 2024\n  财政级次: 区级")
    # Read the name back the way the loader does, through the node tree.
    from generator.sources.source import child, compose
    tree = compose(skeleton, filled)
    assert child(child(tree, "单位"), "名称").value == name


def test_leading_and_trailing_blanks_are_dropped(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "  区财政局 ", "2024"]) == 0
    assert "  名称: 区财政局" in Path("inputs/2024/区财政局.yaml").read_text(encoding="utf-8")
