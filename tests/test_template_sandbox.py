"""Templates are untrusted input: hostile tags are refused before anything runs, renders are bounded.

Every attack template is built here from the default template with one paragraph replaced;
each test asserts the exact message, exit code 1 through the CLI, that nothing ran (a marker
file the shell command would create does not exist) and that nothing was written.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from generator import drafting
from generator.context import build_context
from generator.cli import main
from generator.render import CompiledTemplate, DocxtplRenderer
from generator.reference import known_variables
from generator.templatecheck import check_template
from helpers import EXAMPLE, edited_example, paragraphs

REPLACED = 3  # the paragraph "{{ unit_name }}概况" of the default template (1-based)
POPEN = "{{ cycler.__init__.__globals__.os.popen('touch popen-ran').read() }}"
FILE_READ = "{{ lipsum.__globals__.__builtins__.open('/etc/hostname').read() }}"
ENDLESS = "{% for i in range(10**15) %}{{ i }}{% endfor %}"
HUGE = "{{ unit_name * 1000000000 }}"
ONLY = "模板里只能用程序提供的变量及其字段、{% for %} 和 {% if %}（见 README“模板里能用的写法”）。"
NO_SUMS = ("金额传给模板时已是排好版的文字（如“1909.62万元”），不能再加减乘除；"
           "请改用程序提供的差额、增减幅度等变量（见 templates/变量一览.md）。")


def template_with(tmp_path: Path, *texts: str, name: str = "外来模板.docx") -> Path:
    """Return a copy of the default template whose paragraphs from REPLACED on hold *texts*."""
    document = Document(str(drafting.DEFAULT_TEMPLATE))
    assert document.paragraphs[REPLACED - 1].text == "{{ unit_name }}概况"
    for offset, text in enumerate(texts):
        document.paragraphs[REPLACED - 1 + offset].text = text
    path = tmp_path / name
    document.save(str(path))
    return path


def draft_with(tmp_path, capsys, template: Path) -> tuple[int, str]:
    """Return the exit code and stderr of `draft` with *template*; assert nothing was written."""
    out = tmp_path / "初稿.docx"
    code = main(["draft", str(EXAMPLE), "-o", str(out), "--template", str(template)])
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [template.name]
    return code, capsys.readouterr().err


def refusal(template: Path, problem: str) -> str:
    return f"请修改模板：\n  模板 {template} {problem}\n没有写入任何文件。\n"


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """Run in an empty folder, so that a shell command run by a template would leave its marker here."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_template_that_runs_a_shell_command_is_refused_and_runs_nothing(here, capsys):
    template = template_with(here, POPEN)
    code, err = draft_with(here, capsys, template)
    assert code == 1
    assert err == refusal(template, "第3段“{{ cycler.__init__.__globals__.os.popen(…”：标签 " + POPEN +
                          " 用了 Jinja 的内置对象“cycler”，访问了内部属性“__init__”，访问了内部属性“__globals__”，"
                          "调用了函数或方法，程序不执行。" + ONLY)
    assert not (here / "popen-ran").exists()


def test_a_template_that_reads_a_file_is_refused(here, capsys):
    template = template_with(here, FILE_READ)
    code, err = draft_with(here, capsys, template)
    assert code == 1
    assert err == refusal(template, "第3段“{{ lipsum.__globals__.__builtins__.open(…”：标签 " + FILE_READ +
                          " 用了 Jinja 的内置对象“lipsum”，访问了内部属性“__globals__”，访问了内部属性“__builtins__”，"
                          "调用了函数或方法，程序不执行。" + ONLY)


def test_an_endless_loop_is_refused_before_it_starts(here, capsys):
    template = template_with(here, ENDLESS)
    code, err = draft_with(here, capsys, template)
    assert code == 1
    assert err == refusal(template, "第3段“{% for i in range(10**15) %}{{ i }}{% en…”：标签 {% for i in range(10**15) %} "
                          "做了算术运算（**），用了 Jinja 的内置对象“range”，调用了函数或方法，程序不执行。" + NO_SUMS)


@pytest.mark.parametrize("tag, operator", [(HUGE, "*"), ("{{ income_total - basic_total }}", "-"),
                                           ("{{ year * 2 }}", "*"), ("{{ -year }}", "-")],
                         ids=["huge-string", "minus", "times", "sign"])
def test_arithmetic_in_a_tag_is_refused(here, capsys, tag, operator):
    template = template_with(here, tag)
    code, err = draft_with(here, capsys, template)
    assert code == 1
    assert err == refusal(template, f"第3段“{tag}”：标签 {tag} 做了算术运算（{operator}），程序不执行。" + NO_SUMS)


def test_loops_that_pass_the_checks_are_still_bounded(here, capsys):
    nested = "".join("{% for d" + str(i) + " in duties %}" for i in range(5)) + "{% endfor %}" * 5  # 19**5 steps
    template = template_with(here, nested)
    code, err = draft_with(here, capsys, template)
    assert code == 1
    assert err == (f"请修改模板：\n  模板 {template}（出错的段落：“{nested[:60]}”）：循环总共超过 100000 次（循环太多或太深），"
                   "已中止。请检查模板里的 {% for %}。\n没有写入任何文件。\n")


def copy_of_default(folder: Path) -> Path:
    return Path(shutil.copy(drafting.DEFAULT_TEMPLATE, folder / "模板.docx"))


def test_output_size_is_bounded(here, capsys, monkeypatch):
    from generator.render import sandbox

    monkeypatch.setattr(sandbox, "MAX_OUTPUT_CHARS", 10_000)
    template = copy_of_default(here)
    code, err = draft_with(here, capsys, template)
    assert code == 1
    assert err == f"请修改模板：\n  模板 {template}：生成的内容超过 10000 个字符（疑为恶意模板），已中止。\n没有写入任何文件。\n"


def test_render_time_is_bounded_without_signals(here, capsys, monkeypatch):
    from generator.render import sandbox

    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.0)
    template = copy_of_default(here)
    code, err = draft_with(here, capsys, template)
    assert code == 1
    assert err.startswith(f"请修改模板：\n  模板 {template}")
    assert err.endswith("：渲染超过 0 秒仍未完成（循环太多或太深），已中止。请检查模板里的 {% for %}。\n没有写入任何文件。\n")


def test_diff_and_batch_use_the_same_sandbox(here, capsys):
    template = template_with(here, POPEN)
    assert main(["diff", str(EXAMPLE), str(EXAMPLE), "--template", str(template), "--html", "比对.html"]) == 1
    assert "调用了函数或方法，程序不执行。" in capsys.readouterr().err
    folder = here / "批量"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    # The batch prepares the template before starting any unit: one message, nothing written (no manifest either).
    assert main(["batch", str(folder), "-o", str(here / "初稿"), "--template", str(template), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert f"请修改模板：\n  模板 {template} 第3段“" in err and "调用了函数或方法，程序不执行。" in err
    assert err.rstrip().endswith("没有写入任何文件。")
    assert not (here / "popen-ran").exists() and not (here / "比对.html").exists()
    assert not (here / "初稿").exists()


def package_with(tmp_path: Path, extra: dict[str, bytes]) -> Path:
    """Return a copy of the default template with extra zip entries."""
    path = tmp_path / "外来模板.docx"
    shutil.copy(drafting.DEFAULT_TEMPLATE, path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package:
        for name, data in extra.items():
            package.writestr(name, data)
    return path


def test_a_zip_bomb_template_is_refused_unopened(here, capsys):
    template = package_with(here, {"word/media/image1.png": b"\0" * (3 * 1024 * 1024)})  # 3 MB → 3 KB
    assert template.stat().st_size < 100_000
    code, err = draft_with(here, capsys, template)
    assert code == 1
    assert err == f"请修改模板：\n  模板 {template}：文件解压后异常巨大（疑为压缩炸弹），没有使用这个模板。\n没有写入任何文件。\n"


@pytest.mark.parametrize("entry", ["../evil.txt", "/tmp/evil.txt", "word/../../evil.txt"])
def test_entries_outside_the_package_are_refused_not_copied(here, capsys, entry):
    template = package_with(here, {entry: b"evil"})
    code, err = draft_with(here, capsys, template)
    assert code == 1
    assert err == (f"请修改模板：\n  模板 {template}：压缩包里有指向文件夹之外的条目“{entry}”（疑为恶意文件），"
                   "没有使用这个模板。请用 Word 或 WPS 打开后另存为 .docx。\n没有写入任何文件。\n")


def test_template_check_reports_every_refused_construct_with_its_paragraph(tmp_path):
    template = template_with(tmp_path, POPEN, FILE_READ, ENDLESS, "合计{{ income_total - basic_total }}万元")
    refused = [(i.kind, i.paragraph) for i in check_template(template, known_variables()) if i.kind == "不允许的写法"]
    assert refused == [("不允许的写法", 3), ("不允许的写法", 4), ("不允许的写法", 5), ("不允许的写法", 6)]


def test_staff_text_is_printed_exactly(tmp_path):
    reason = "见{_{ x }_}与{{ }}及{_% y %_}、{%_ z _%}"
    source = edited_example(tmp_path, (r"主要原因: 2022年土地款和人武部工作经费等未在本单位预算中列支", f"主要原因: '{reason}'"))
    out = drafting.draft(source, tmp_path / "初稿.docx").out_path
    assert any(reason in text for text in paragraphs(out))
    loaded = drafting.sources.load_budget(source)
    context = build_context(loaded.budget, drafting.book_for(loaded.budget))
    for renderer in (CompiledTemplate(drafting.DEFAULT_TEMPLATE), DocxtplRenderer(drafting.DEFAULT_TEMPLATE)):
        data, texts = renderer.render(context)
        assert any(reason in text for text in texts), type(renderer).__name__
        document = Document(io.BytesIO(data))
        assert any(reason in p.text for p in document.paragraphs), type(renderer).__name__


def test_full_width_braces_are_refused_by_draft(here, capsys):
    template = template_with(here, "年度：｛｛ year ｝｝")
    code, err = draft_with(here, capsys, template)
    assert code == 1
    assert err == refusal(template, "第3段“年度：｛｛ year ｝｝”：标签用了全角的 ｛ ｝ 或 ％，会被原样印出。"
                          "请切换到英文输入法重打成 {{ }} 或 {% %}。")


def test_a_paragraph_tag_must_stand_alone(here, capsys):
    template = template_with(here, "说明：{%p if vehicles_none %}")
    code, err = draft_with(here, capsys, template)
    assert code == 1
    assert err == refusal(template, "第3段“说明：{%p if vehicles_none %}”：标签 {%p if vehicles_none %} 必须单独占一段："
                          "生成时整段会被换成这个标签，同一段里的其他文字会丢失。请把它移到单独的一段里。")
    issues = [(i.kind, i.paragraph) for i in check_template(template, known_variables())]
    assert ("整段标签", 3) in issues


def test_curly_quotes_that_render_are_a_note(here, capsys):
    template = template_with(here, "{{ unit_name }}{% if year == “2023” %}概况{% endif %}")
    assert main(["template-check", str(template)]) == 0
    out = capsys.readouterr().out
    assert out == ("［提示·弯引号］标签 {% if year == “2023” %} 里有中文弯引号，程序按英文直引号处理；为免误会，可改成英文直引号 \" 或 '。"
                   "（第3段：“{{ unit_name }}{% if year == “2023” %}概况{% endif %…”）\n"
                   f"模板检查：{template} 没有发现问题（另有 1 条提示）。\n")
    assert main(["draft", str(EXAMPLE), "-o", str(here / "初稿.docx"), "--template", str(template)]) == 0
    assert paragraphs(here / "初稿.docx")[2] == "区政府办公室概况"


def test_residue_and_numbers_in_fixed_text_are_errors(tmp_path):
    template = template_with(tmp_path, "XX单位×年预算", "比上年增加（减少）", "大于（小于）上年", "1. 2. 3.",
                             "比前年增加37.5万元")
    issues = [(i.kind, i.paragraph, i.message) for i in check_template(template, known_variables())]
    residue = "（待填的占位或二选一的写法），会原样印进初稿。请改成变量或删去。"
    number = ("：它不随输入变化，生成后的自检（SELF-01）会因它不是由输入算出而不保存初稿。"
              "往年留下的数字请改成变量，编号请改用（一）（二）或删去。")
    assert issues == [
        ("模板残留", 3, "固定文字里有“XX”" + residue), ("模板残留", 3, "固定文字里有“×年”" + residue),
        ("模板残留", 4, "固定文字里有“增加（减少）”" + residue), ("模板残留", 5, "固定文字里有“大于（小于）”" + residue),
        ("固定数字", 6, "固定文字里有数字“1”" + number), ("固定数字", 6, "固定文字里有数字“2”" + number),
        ("固定数字", 6, "固定文字里有数字“3”" + number), ("固定数字", 7, "固定文字里有数字“37.5”" + number),
    ]


@pytest.mark.parametrize("template", sorted((drafting.PROJECT_ROOT / "generator" / "templates").glob("*.docx")), ids=lambda p: p.name)
def test_the_shipped_templates_pass_template_check_clean(template, capsys):
    assert main(["template-check", str(template)]) == 0
    assert capsys.readouterr().out == f"模板检查：{template} 没有发现问题。\n"


def test_tags_in_footers_and_file_properties_are_checked_too(here, capsys):
    document = Document(str(drafting.DEFAULT_TEMPLATE))
    document.sections[0].footer.paragraphs[0].text = POPEN
    document.core_properties.title = "{{ unit_name - year }}"
    template = here / "外来模板.docx"
    document.save(str(template))
    issues = [str(i) for i in check_template(template, known_variables()) if i.kind == "不允许的写法"]
    assert len(issues) == 2
    assert issues[0].startswith("［不允许的写法］页脚（footer") and "用了 Jinja 的内置对象“cycler”" in issues[0]
    assert issues[1].startswith("［不允许的写法］文件属性（标题、作者等）：标签 {{ unit_name - year }} 做了算术运算（-）")
    code, err = draft_with(here, capsys, template)
    assert code == 1 and "有 2 处标签不能用：\n    页脚（footer" in err
    assert not (here / "popen-ran").exists()


def test_file_properties_hold_the_text_as_written_in_both_renderers():
    loaded = drafting.sources.load_budget(EXAMPLE)
    context = build_context(loaded.budget, drafting.book_for(loaded.budget))
    context["unit_name"] = "A&B{_{ x }_}%"
    for renderer in (CompiledTemplate(drafting.DEFAULT_TEMPLATE), DocxtplRenderer(drafting.DEFAULT_TEMPLATE)):
        data, texts = renderer.render(context)
        properties = Document(io.BytesIO(data)).core_properties
        assert (properties.title, properties.author, texts[0]) == (
            "A&B{_{ x }_}%2023年部门预算", "A&B{_{ x }_}%", "A&B{_{ x }_}%2023年部门预算"), type(renderer).__name__


def test_a_comparison_that_cannot_be_made_is_a_template_error_not_a_traceback(here, capsys):
    template = template_with(here, "{% if year > 5 %}大{% endif %}")
    code, err = draft_with(here, capsys, template)
    assert code == 1
    assert err == (f"请修改模板：\n  模板 {template} 的标签无法求值（'>' not supported between instances of 'str' and 'int'）"
                   "（出错的段落：“{% if year > 5 %}大{% endif %}”）。请只比较同类的值，或改用程序提供的变量。\n没有写入任何文件。\n")


def test_raw_blocks_are_refused_since_they_would_print_tags_into_the_draft(here, capsys):
    template = template_with(here, "{% raw %}{{ x }}{% endraw %}")
    assert main(["template-check", str(template)]) == 1
    assert "用了 {% raw %}" in capsys.readouterr().out
    assert main(["draft", str(EXAMPLE), "-o", "初稿.docx", "--template", str(template)]) == 1
    assert "用了 {% raw %}（把标签原样印进初稿），程序不执行" in capsys.readouterr().err
    assert not (here / "初稿.docx").exists()
