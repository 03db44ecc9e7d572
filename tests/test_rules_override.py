"""A region's rules file beside its template: merged over rules.yaml, refused with the file and key when wrong."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from generator import drafting
from generator.errors import TemplateError
from generator.phrases.override import merge_rules
from generator.sources import read_rules
from helpers import ROOT

BASE = read_rules(drafting.DEFAULT_TEMPLATE.parent.parent / "phrases" / "rules.yaml")


def test_an_override_replaces_only_what_it_names():
    merged = merge_rules(BASE, {"changes": {"fiscal": {"flat": "{subject}同比无变化"}}}, "甲.rules.yaml")
    assert merged["changes"]["fiscal"]["flat"] == "{subject}同比无变化"
    assert merged["changes"]["fiscal"]["up"] == BASE["changes"]["fiscal"]["up"]
    assert merged["sentences"] == BASE["sentences"]


def test_an_unknown_key_is_named_with_a_guess():
    with pytest.raises(TemplateError) as caught:
        merge_rules(BASE, {"changes": {"fiscal": {"upp": "{subject}增加{diff}，增长{rate}"}}}, "甲.rules.yaml")
    assert str(caught.value) == "甲.rules.yaml：不认识的键“changes.fiscal.upp”，是不是“up”？"


def test_a_pattern_that_drops_a_figure_is_refused():
    with pytest.raises(TemplateError) as caught:
        merge_rules(BASE, {"changes": {"fiscal": {"up": "{subject}同比增加"}}}, "甲.rules.yaml")
    assert str(caught.value) == ("甲.rules.yaml：“changes.fiscal.up”缺少槽位 {diff}、{rate}（原句式：{subject}增加{diff}，增长{rate}），"
                                 "数字不能从句中去掉，请补上。")


def test_a_slot_the_program_does_not_fill_is_refused():
    with pytest.raises(TemplateError) as caught:
        merge_rules(BASE, {"changes": {"fiscal": {"flat": "{subject}与{lastyear}年持平"}}}, "甲.rules.yaml")
    assert "用了程序不提供的槽位 {lastyear}" in str(caught.value) and "“changes.fiscal.flat”" in str(caught.value)


def test_settings_are_checked():
    with pytest.raises(TemplateError) as caught:
        merge_rules(BASE, {"settings": {"three_public_order": ["outbound", "reception"], "equipment": "all"}}, "甲.rules.yaml")
    assert str(caught.value).splitlines() == [
        "甲.rules.yaml：“settings.three_public_order”应把 outbound、vehicles、reception 三项各写一次，实际为“['outbound', 'reception']”。",
        "甲.rules.yaml：“settings.equipment”应为 both 或 special_only，实际为“all”。",
    ]


def test_template_check_validates_the_rules_beside_the_template(tmp_path):
    template = tmp_path / "我单位模板.docx"
    shutil.copy(drafting.DEFAULT_TEMPLATE, template)
    (tmp_path / "我单位模板.rules.yaml").write_text("changes:\n  fiscal:\n    upp: x\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "generator", "template-check", str(template)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert f"［句式规则］{tmp_path / '我单位模板.rules.yaml'}：不认识的键“changes.fiscal.upp”，是不是“up”？" in run.stdout


def test_a_draft_with_a_broken_rules_file_writes_nothing(tmp_path):
    template = tmp_path / "我单位模板.docx"
    shutil.copy(drafting.DEFAULT_TEMPLATE, template)
    (tmp_path / "我单位模板.rules.yaml").write_text("changes: [\n", encoding="utf-8")
    out = tmp_path / "初稿.docx"
    run = subprocess.run([sys.executable, "-m", "generator", "draft", "inputs/2023/区政府办公室.yaml", "--template",
                          str(template), "-o", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1 and not out.exists()
    # the line where the unclosed [ was opened, and the reason in Chinese
    assert (f"{tmp_path / '我单位模板.rules.yaml'}：第1行格式有误（方括号或花括号没有成对：[ 要有 ]，{{ 要有 }}；"
            "值里有这些符号时，请给整个值加引号），请参照示例改正。") in run.stderr and "Traceback" not in run.stderr


def test_a_key_written_twice_in_the_rules_file_is_refused_naming_both_lines(tmp_path):
    """YAML keeps the later of two equal keys: one of the editor's edits would vanish without a word."""
    template = tmp_path / "我单位模板.docx"
    shutil.copy(drafting.DEFAULT_TEMPLATE, template)
    rules = tmp_path / "我单位模板.rules.yaml"
    rules.write_text("changes:\n  fiscal:\n    up: 增加{diff}\n    down: 减少{diff}\n    up: 增长{diff}\n", encoding="utf-8")
    out = tmp_path / "初稿.docx"
    run = subprocess.run([sys.executable, "-m", "generator", "draft", "inputs/2023/区政府办公室.yaml", "--template",
                          str(template), "-o", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1 and not out.exists()
    assert f"{rules}：第5行的“up”在第3行已经写过，后写的会盖住先写的；请删去其中一处。" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("template", ["f-市属单位较上年/市级模板.docx", "g-县级同比按元公布/县级模板.docx"])
def test_the_regional_examples_pass_template_check(template):
    run = subprocess.run([sys.executable, "-m", "generator", "template-check", f"examples/2023/{template}"], cwd=ROOT,
                         capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (0, f"模板检查：examples/2023/{template} 没有发现问题。\n")


def test_a_rules_file_is_part_of_the_templates_hash_in_a_batch(tmp_path):
    """Changing a region's wording redrafts the batch: the manifest's template hash covers the rules beside it."""
    from generator.batch import run_batch

    template = tmp_path / "模板.docx"
    shutil.copy(drafting.DEFAULT_TEMPLATE, template)
    folder = tmp_path / "inputs" / "2023"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "inputs" / "2023" / "区政府办公室" / "区金融工作中心.yaml", folder)
    first = run_batch(folder, tmp_path / "out", template, jobs=1, timeout=120)
    (tmp_path / "模板.rules.yaml").write_text("changes:\n  total:\n    flat: 收、支总计同比无变化\n", encoding="utf-8")
    second = run_batch(folder, tmp_path / "out", template, jobs=1, timeout=120)
    assert first != [e.template_hash for e in second.entries]
