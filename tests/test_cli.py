"""The command line as staff use it: exit codes, Chinese messages, nothing written on error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.sources import load_budget
from generator.errors import InputError
from helpers import EXAMPLE, ROOT, edited_example, paragraphs
from helpers import run_cli as run


def test_draft_prints_findings_and_where_the_draft_went(tmp_path, capsys):
    out = tmp_path / "初稿.docx"
    code, stdout, _ = run(capsys, "draft", str(EXAMPLE), "-o", str(out))
    assert code == 0
    assert f"初稿已生成：{out}" in stdout
    assert "检查结果：错误 0 条，警告 1 条，提示 1 条。" in stdout
    assert "[PLA-01]" in stdout and "机关运行经费448万元大于基本支出353.89万元" in stdout
    assert "[BAL-04]" in stdout and "相差0.01万元" in stdout and "尾差" in stdout
    assert paragraphs(out)[0] == "区政府办公室2023年部门预算"


def test_draft_defaults_to_drafts_year_unit(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = run(capsys, "draft", str(EXAMPLE))
    assert code == 0 and (tmp_path / "drafts" / "2023" / "区政府办公室.docx").is_file()
    assert "初稿已生成：drafts/2023/区政府办公室.docx" in stdout


def test_a_data_error_exits_1_and_writes_nothing(tmp_path, capsys):
    source = edited_example(tmp_path, (r"^  合计: 1909\.62$", "  合计: 19O9.62"))
    out = tmp_path / "初稿.docx"
    code, stdout, stderr = run(capsys, "draft", str(source), "-o", str(out))
    assert code == 1 and not out.exists()
    assert f"{source} 第62行 支出.合计：应为金额（单位万元的数字），实际为“19O9.62”。" in stderr
    assert "没有写入任何文件。" in stderr and "Traceback" not in stderr + stdout


def test_a_failed_check_exits_1_and_writes_nothing(tmp_path, capsys):
    source = edited_example(tmp_path, (r"^  项目支出: 1555\.73$", "  项目支出: 1555.70"))
    out = tmp_path / "初稿.docx"
    code, stdout, _ = run(capsys, "draft", str(source), "-o", str(out))
    assert code == 1 and not out.exists()
    assert "【错误】" in stdout and "[BAL-02]" in stdout and "相差0.03万元" in stdout
    assert "没有生成初稿" in stdout


def test_a_change_without_reason_is_an_error(tmp_path, capsys):
    source = edited_example(tmp_path, (r"^    本年: 5\n    上年: 5\n  公务用车", "    本年: 6\n    上年: 5\n  公务用车"))
    code, stdout, _ = run(capsys, "draft", str(source), "-o", str(tmp_path / "x.docx"))
    assert code == 1
    assert "三公经费.因公出国（境）费.主要原因：本年6万元，上年5万元，有增减但没有填写主要原因。" in stdout


@pytest.mark.parametrize("args, message", [
    ((), "缺少参数：命令"),
    (("draft",), "缺少参数：输入文件"),
    (("drfat", "x.yaml"), "没有“drfat”这个命令"),
    (("init", "区财政局", "24"), "年度应为 2000 到 2100 之间的四位数"),
    (("draft", "x.yaml", "--bogus"), "不认识的参数：--bogus"),
])
def test_usage_errors_exit_2_in_chinese(capsys, args, message):
    code, _, stderr = run(capsys, *args)
    assert code == 2 and message in stderr and "用法：" in stderr


def test_help_is_chinese(capsys):
    code, stdout, _ = run(capsys, "--help")
    assert code == 0 and stdout.startswith("用法：") and "生成 Word 初稿" in stdout and "选项" in stdout


def test_missing_input_file(capsys, tmp_path):
    code, _, stderr = run(capsys, "draft", str(tmp_path / "无.yaml"))
    assert code == 1 and "找不到这个文件" in stderr


def test_output_folder_that_cannot_be_made_is_reported(tmp_path, capsys):
    blocker = tmp_path / "文件"
    blocker.write_text("", encoding="utf-8")
    code, _, stderr = run(capsys, "draft", str(EXAMPLE), "-o", str(blocker / "初稿.docx"))
    assert code == 1 and "请检查输出位置" in stderr and "无法在" in stderr


def test_init_writes_a_commented_skeleton_that_lists_what_is_missing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = run(capsys, "init", "区财政局", "2024")
    skeleton = Path("inputs/2024/区财政局.yaml")
    assert code == 0 and f"空白输入文件已生成：{skeleton}" in stdout
    text = skeleton.read_text(encoding="utf-8")
    assert "  名称: 区财政局" in text and "  年度: 2024" in text
    assert "# - 金额一律以“万元”为单位" in text and "本年:" in text and "主要原因:  # 与上年有增减时必填" in text
    with pytest.raises(InputError) as caught:  # a blank skeleton is not a budget: every gap is named
        load_budget(skeleton)
    fields = {p.field for p in caught.value.problems}
    assert {"单位.财政级次", "机关运行经费", "收入.合计.本年", "三公经费.公务接待费.本年"} <= fields
    assert all(p.line for p in caught.value.problems)


def test_init_never_overwrites(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run(capsys, "init", "区财政局", "2024")
    Path("inputs/2024/区财政局.yaml").write_text("已填写", encoding="utf-8")
    code, _, stderr = run(capsys, "init", "区财政局", "2024")
    assert code == 1 and "文件已存在" in stderr
    assert Path("inputs/2024/区财政局.yaml").read_text(encoding="utf-8") == "已填写"


def test_module_and_installed_command_run(tmp_path):
    for command in ([sys.executable, "-m", "generator"], [str(Path(sys.executable).with_name("yusuan"))]):
        done = subprocess.run([*command, "draft", str(EXAMPLE), "-o", str(tmp_path / "a.docx")],
                              capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        assert "初稿已生成" in done.stdout


def test_unbalanced_income_and_expenditure_is_an_error(tmp_path, capsys):
    source = edited_example(
        tmp_path,
        (r"^  合计: 1909\.62\n  基本支出: 353\.89\n  项目支出: 1555\.73$", "  合计: 1909.52\n  基本支出: 353.89\n  项目支出: 1555.63"),
    )
    code, stdout, _ = run(capsys, "draft", str(source), "-o", str(tmp_path / "x.docx"))
    assert code == 1
    assert "[BAL-03]" in stdout and "收入合计1909.62万元，支出合计1909.52万元，相差0.1万元；收支应当平衡" in stdout


# Outputs never replace what the user gave (issue 10 item 3).

def test_draft_refuses_to_write_over_its_input(tmp_path, capsys):
    source = tmp_path / "s.yaml"
    source.write_bytes(EXAMPLE.read_bytes())
    code, _, stderr = run(capsys, "draft", str(source), "-o", str(source))
    assert code == 1 and source.read_bytes() == EXAMPLE.read_bytes()
    assert stderr == (f"请检查输出位置：\n  输出文件 {source} 就是输入文件 {source}，写入会把它覆盖。请另选输出位置（文件名）。\n"
                      "没有写入任何文件。\n")


def test_draft_refuses_an_output_that_is_the_input_reached_another_way(tmp_path, capsys):
    source = tmp_path / "s.yaml"
    source.write_bytes(EXAMPLE.read_bytes())
    link = tmp_path / "链接.yaml"
    os.link(source, link)
    code, _, stderr = run(capsys, "draft", str(source), "-o", str(tmp_path / "." / "链接.yaml"))
    assert code == 1 and source.read_bytes() == EXAMPLE.read_bytes()
    assert f"输出文件 {tmp_path / '.' / '链接.yaml'} 就是输入文件 {source}" in stderr


def test_draft_refuses_to_write_over_its_template_or_the_default_one(tmp_path, capsys, monkeypatch):
    from generator import drafting

    template = tmp_path / "模板.docx"
    template.write_bytes(drafting.DEFAULT_TEMPLATE.read_bytes())
    code, _, stderr = run(capsys, "draft", str(EXAMPLE), "--template", str(template), "-o", str(template))
    assert code == 1 and f"输出文件 {template} 就是模板 {template}，写入会把它覆盖。" in stderr
    assert template.read_bytes() == drafting.DEFAULT_TEMPLATE.read_bytes()
    from generator import api

    monkeypatch.setattr(api, "DEFAULT_TEMPLATE", template)  # a stand-in, so that a failure harms no real file
    monkeypatch.setattr(drafting, "DEFAULT_TEMPLATE", template)
    code, _, stderr = run(capsys, "draft", str(EXAMPLE), "-o", str(template))
    assert code == 1 and f"输出文件 {template} 就是本工具自带的模板 {template}，写入会把它覆盖。" in stderr
    code, _, stderr = run(capsys, "draft", str(EXAMPLE), "--template", str(ROOT / "generator" / "templates" / "简式说明模板.docx"),
                          "-o", str(template))
    assert code == 1 and f"输出文件 {template} 就是本工具自带的模板 {template}，写入会把它覆盖。" in stderr
    assert template.read_bytes() == drafting.DEFAULT_TEMPLATE.read_bytes()
    shipped = tmp_path / "简式说明模板.docx"  # another template shipped beside the default one
    shipped.write_bytes(template.read_bytes())
    code, _, stderr = run(capsys, "draft", str(EXAMPLE), "-o", str(shipped))
    assert code == 1 and f"输出文件 {shipped} 就是本工具自带的模板 {shipped}，写入会把它覆盖。" in stderr
    assert shipped.read_bytes() == template.read_bytes()


def test_draft_refuses_a_read_only_file_unless_forced(tmp_path, capsys):
    target = tmp_path / "定稿.docx"
    target.write_bytes(b"final")
    target.chmod(0o444)
    code, _, stderr = run(capsys, "draft", str(EXAMPLE), "-o", str(target))
    assert code == 1 and target.read_bytes() == b"final"
    assert f"输出文件 {target} 是只读文件，没有覆盖。确需覆盖请加 --force，或另选输出位置。" in stderr
    code, stdout, _ = run(capsys, "draft", str(EXAMPLE), "-o", str(target), "--force")
    assert code == 0 and f"初稿已生成：{target}" in stdout and paragraphs(target)[0] == "区政府办公室2023年部门预算"


def test_diff_refuses_to_write_a_report_over_a_draft_it_compares(tmp_path, capsys, example_draft):
    old = tmp_path / "old.docx"
    old.write_bytes(example_draft.read_bytes())
    code, _, stderr = run(capsys, "diff", str(old), str(example_draft), "--html", str(old))
    assert code == 1 and old.read_bytes() == example_draft.read_bytes()
    assert f"--html 的输出文件 {old} 就是旧稿 {old}，写入会把它覆盖。" in stderr
    code, _, stderr = run(capsys, "diff", str(old), str(example_draft), "--docx", str(example_draft))
    assert code == 1 and f"--docx 的输出文件 {example_draft} 就是新稿 {example_draft}" in stderr


def test_diff_refuses_one_file_for_both_reports_and_read_only_reports(tmp_path, capsys, example_draft):
    report = tmp_path / "比对"
    code, _, stderr = run(capsys, "diff", str(example_draft), str(example_draft), "--docx", str(report),
                          "--html", str(report))
    assert code == 1 and not report.exists()
    assert f"--docx 的输出文件和--html 的输出文件是同一个文件 {report}，后写的会覆盖先写的。" in stderr
    report.write_text("旧报告", encoding="utf-8")
    report.chmod(0o444)
    code, _, stderr = run(capsys, "diff", str(example_draft), str(example_draft), "--html", str(report))
    assert code == 1 and report.read_text(encoding="utf-8") == "旧报告" and "是只读文件" in stderr
    code, stdout, _ = run(capsys, "diff", str(example_draft), str(example_draft), "--html", str(report), "--force")
    assert code == 0 and f"已保存：{report}" in stdout and report.read_text(encoding="utf-8").startswith("<!DOCTYPE")


def test_check_given_a_draft_points_to_audit(capsys, example_draft):
    code, stdout, _ = run(capsys, "check", str(example_draft))
    assert code == 1
    assert stdout.splitlines()[:2] == [
        "【错误】1 条",
        f"  [INP-02] {example_draft}：这是 Word 文档（.docx）。check 只检查输入文件（.yaml）；"
        f"要检查写好的说明（初稿或往年公开的文本），请用 audit：python -m generator audit {example_draft}",
    ]
    assert "UTF-8" not in stdout


def test_check_given_a_draft_under_another_name_points_to_audit(tmp_path, capsys, example_draft):
    renamed = tmp_path / "初稿.yaml"
    renamed.write_bytes(example_draft.read_bytes())
    code, stdout, _ = run(capsys, "check", str(renamed), "--format", "json")
    assert code == 1
    [finding] = json.loads(stdout)["findings"]
    assert (finding["rule"], finding["file"]) == ("INP-02", str(renamed))
    assert finding["message"].startswith("这是 Word 文档（.docx）。check 只检查输入文件（.yaml）")
