"""Hostile and careless input files: YAML bombs, huge amounts, pipes and devices, invisible characters, odd digits.

Every attack file is built here. Those that could hang or exhaust memory run in a child process
with a time limit and an address-space limit, so a regression fails the test instead of the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from generator import drafting
from generator.cli import main
from generator.errors import InputError
from generator.sources import load_budget
from generator.xmlchars import INVISIBLE
from helpers import ROOT, edited_example

REASON_LINE = r"^    主要原因: 2022年土地款和人武部工作经费等未在本单位预算中列支$"  # line 49
REFUSED = ("输入文件不接受锚点（&名字）、别名（*名字）和合并键（<<:），请把内容直接写出来；"
           "如果 & 或 * 是文字的一部分，请给整个值加引号。")


def problems_of(path) -> list[str]:
    """Return the messages of the InputError that loading *path* raises."""
    with pytest.raises(InputError) as caught:
        load_budget(path)
    return [str(p) for p in caught.value.problems]


def run_check_bounded(path: Path, seconds: int = 30, memory_mb: int = 1024) -> subprocess.CompletedProcess:
    """Run `check` on *path* in a child process limited in time and address space."""
    def limit() -> None:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1024 * 1024, memory_mb * 1024 * 1024))

    return subprocess.run([sys.executable, "-m", "generator", "check", str(path)], capture_output=True, text=True,
                          timeout=seconds, preexec_fn=limit, cwd=ROOT)


# -- YAML references -------------------------------------------------------------------------


def alias_bomb() -> str:
    """Return a few hundred bytes of YAML whose alias, used as a key, expands to 9^9 items."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    lines.append("? *i\n: 1")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_used_as_a_key_is_refused_at_once(tmp_path):
    bomb = tmp_path / "炸弹.yaml"
    bomb.write_text(alias_bomb(), encoding="utf-8")
    assert len(bomb.read_bytes()) < 400
    done = run_check_bounded(bomb, seconds=20, memory_mb=600)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1] == f"  [INP-02] {bomb} 第1行：用了 YAML 的锚点“&a”。{REFUSED}"
    assert lines[9] == f"  [INP-02] {bomb} 第9行：用了 YAML 的锚点“&i”。{REFUSED}"
    assert lines[10] == f"  [INP-02] {bomb} 第10行：用了 YAML 的别名“*i”。{REFUSED}"
    assert "Traceback" not in done.stdout + done.stderr


def test_thousands_of_aliases_of_a_long_duty_are_refused_naming_ten_lines_and_a_count(tmp_path):
    duty = "协" * 100_000
    text = f"单位:\n  名称: 甲\n  年度: 2023\n  主要职责:\n    - &duty {duty}\n" + "    - *duty\n" * 3000
    source = tmp_path / "甲.yaml"
    source.write_text(text, encoding="utf-8")
    done = run_check_bounded(source, seconds=30, memory_mb=1024)
    assert done.returncode == 1, done.stderr
    findings = [line for line in done.stdout.splitlines() if line.startswith("  [INP-02]")]
    assert findings[0] == f"  [INP-02] {source} 第5行：用了 YAML 的锚点“&duty”。{REFUSED}"
    assert findings[9] == f"  [INP-02] {source} 第14行：用了 YAML 的别名“*duty”。{REFUSED}"
    assert findings[10:] == [f"  [INP-02] {source}：另有 2991 行也用了锚点、别名或合并键。"]


def test_a_merge_key_is_refused_before_composing(tmp_path):
    source = edited_example(tmp_path, (r"^  公务接待费:$", "  公务接待费:\n    <<: {本年: 5}"))
    assert problems_of(source) == [f"{source} 第94行：用了 YAML 的合并键“<<”。{REFUSED}"]


def test_a_value_starting_with_a_star_is_told_to_be_quoted_and_quoted_it_is_text(tmp_path):
    source = edited_example(tmp_path, (REASON_LINE, "    主要原因: *x 见附表"))
    assert problems_of(source) == [f"{source} 第49行：用了 YAML 的别名“*x”。{REFUSED}"]
    chinese = edited_example(tmp_path, (REASON_LINE, "    主要原因: *注 见附表"), name="乙.yaml")
    assert problems_of(chinese) == [f"{chinese} 第49行：YAML 格式错误：这一行的值以 * 或 & 开头，"
                                    "YAML 会把它当作别名或锚点；请给整个值加引号。"]
    quoted = edited_example(tmp_path, (REASON_LINE, '    主要原因: "*注 见附表 & A&B"'))
    assert load_budget(quoted).budget.income.total.reason == "*注 见附表 & A&B"


def test_ampersands_and_stars_inside_plain_text_are_not_references(tmp_path):
    source = edited_example(tmp_path, (REASON_LINE, "    主要原因: 土地款&人武部经费*2项"))
    assert load_budget(source).budget.income.total.reason == "土地款&人武部经费*2项"


# -- implausible amounts ----------------------------------------------------------------------

TOO_LARGE = "大得不合常理：上限是一万亿万元（10^12 万元，即一亿亿元）。请检查是否多打了数字，或“设置.填写单位”写错了。"


@pytest.mark.parametrize("written", ["1" + "0" * 26, "1000000000000", "-1000000000000", "9" * 40 + ".5"])
def test_an_implausibly_large_amount_is_refused_with_its_line(tmp_path, written):
    source = edited_example(tmp_path, (r"^机关运行经费: 448 .*$", f"机关运行经费: {written}"))
    findings = drafting.check_file(source)
    assert [(f.rule, f.line, f.field, f.message) for f in findings] == [
        ("INP-02", 103, "机关运行经费", f"金额“{written}”（单位万元）{TOO_LARGE}")]


def test_just_under_the_bound_is_an_amount():
    from generator.sources.values import MAX_AMOUNT_WAN, implausible_amount
    assert MAX_AMOUNT_WAN == Decimal(10) ** 12
    assert not implausible_amount(Decimal("999999999999.99")) and implausible_amount(Decimal("1000000000000"))


def test_the_bound_applies_in_yuan_after_conversion(tmp_path):
    source = edited_example(tmp_path, (r"^机关运行经费: 448 .*$", "机关运行经费: 10000000000000000"),
                            (r"^单位:$", "设置:\n  填写单位: 元\n单位:"))
    messages = [(f.line, f.field, f.message) for f in drafting.check_file(source) if f.field == "机关运行经费"]
    assert messages == [(105, "机关运行经费", f"金额“10000000000000000”（单位元）{TOO_LARGE}")]


@pytest.mark.parametrize("written", ["1e30", "1E+30", "NaN", "Infinity", "-inf"])
def test_exponent_notation_nan_and_infinity_are_not_amounts(tmp_path, written):
    source = edited_example(tmp_path, (r"^机关运行经费: 448 .*$", f"机关运行经费: {written}"))
    assert problems_of(source) == [
        f"{source} 第103行 机关运行经费：应为金额（单位万元的数字），实际为“{written}”。"
        "不接受科学计数法（如 1e6）或 NaN、Infinity，请只填数字。"]


def test_a_huge_figure_in_last_years_file_is_not_a_number_there(tmp_path):
    source = edited_example(tmp_path, (r"^    上年: 422\.2\n", ""))
    last = tmp_path / "inputs" / "2022" / "区政府办公室.yaml"
    last.parent.mkdir(parents=True)
    last.write_text("收入:\n  合计:\n    本年: 1" + "0" * 30 + "\n", encoding="utf-8")
    findings = drafting.check_file(source)
    assert [(f.file, f.line, f.message) for f in findings if f.file == str(last)] == [
        (str(last), 3, f"作为 {source} 的上年数，应为金额，实际为“1{'0' * 30}”。")]


# -- pipes, devices, sizes --------------------------------------------------------------------

NOT_REGULAR = "这不是普通文件（是管道、设备或特殊文件），请给出 .yaml 文件。"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="this system has no named pipes")
def test_check_on_a_named_pipe_neither_hangs_nor_dies(tmp_path):
    pipe = tmp_path / "管道.yaml"
    os.mkfifo(pipe)
    done = run_check_bounded(pipe, seconds=20)
    assert done.returncode == 1
    assert done.stdout.splitlines()[:2] == ["【错误】1 条", f"  [INP-02] {pipe}：{NOT_REGULAR}"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="this system has no /dev/zero")
def test_check_on_dev_zero_neither_hangs_nor_dies():
    done = run_check_bounded(Path("/dev/zero"), seconds=20, memory_mb=600)
    assert done.returncode == 1
    assert done.stdout.splitlines()[:2] == ["【错误】1 条", f"  [INP-02] /dev/zero：{NOT_REGULAR}"]


def test_an_input_over_five_megabytes_is_refused_unread(tmp_path):
    source = tmp_path / "大.yaml"
    source.write_bytes(b"# " + b"x" * (5 * 1024 * 1024))
    assert problems_of(source) == [f"{source}：文件超过 5 MB，不像是.yaml 文件，请检查是不是选错了文件。"]


def test_an_input_of_exactly_five_megabytes_is_read_whole(tmp_path):
    from generator.sources.source import MAX_INPUT_BYTES, read_text

    source = tmp_path / "大.yaml"
    source.write_bytes(b"# " + b"x" * (MAX_INPUT_BYTES - 3) + b"\n")
    assert len(read_text(source)) == MAX_INPUT_BYTES


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="this system has no /proc")
def test_a_file_whose_size_the_system_does_not_know_is_read_whole():
    from generator.files import read_bytes

    data = read_bytes(Path("/proc/self/status"), " .yaml 文件")  # a regular file of size 0 with text in it
    assert Path("/proc/self/status").stat().st_size == 0 and data.startswith(b"Name:") and b"\nPid:" in data


# -- invisible characters and odd digits -----------------------------------------------------


def test_the_invisible_class_is_unicodes_format_category():
    for code in range(0x110000):
        char = chr(code)
        if INVISIBLE.match(char):
            assert unicodedata.category(char) == "Cf", hex(code)
        elif code < 0x10000:  # the BMP's Cf characters are the same in Unicode 14 and later
            assert unicodedata.category(char) != "Cf", hex(code)


@pytest.mark.parametrize("invisible, code", [("\u202e", "U+202E"), ("\u200b", "U+200B"), ("\u2060", "U+2060"),
                                             ("\ufeff", "U+FEFF"), ("\u200f", "U+200F"), ("\u2066", "U+2066")])
def test_invisible_characters_are_removed_from_text_with_a_note_naming_the_line(tmp_path, invisible, code):
    source = edited_example(tmp_path, (r"^  名称: 区政府办公室$", f"  名称: 区政府{invisible}办公室"),
                            (REASON_LINE, f"    主要原因: 2022年土地款{invisible}和人武部工作经费等未在本单位预算中列支"))
    loaded = load_budget(source)
    assert loaded.budget.unit.name == "区政府办公室"
    assert loaded.budget.income.total.reason == "2022年土地款和人武部工作经费等未在本单位预算中列支"
    note = f"删去了看不见的格式字符（{code}），它们会让看起来相同的文字实际不同，请核对这一行。"
    assert [str(n) for n in loaded.notes] == [f"{source} 第12行：{note}", f"{source} 第49行：{note}"]


def test_invisible_characters_written_as_escapes_are_removed_from_names_and_keys(tmp_path):
    source = edited_example(tmp_path, (r"^    一般公共服务: 1856\.14$", '    "一般公共\\u200b服务\\e[31m": 1856.14'),
                            (r"^  名称: 区政府办公室$", '  名称: "区政府\\u202e办公室"'))
    loaded = load_budget(source)
    assert loaded.budget.unit.name == "区政府办公室"
    assert loaded.budget.general_budget_expenditure.function_classes[0].label == "一般公共服务[31m"
    assert [(n.line, n.message[:11]) for n in loaded.notes] == [
        (12, "删去了看不见的格式字符"), (69, "删去了不可见的控制字符"), (69, "删去了看不见的格式字符")]


def test_escape_sequences_never_reach_the_terminal_raw(tmp_path, capsys):
    source = edited_example(tmp_path, (r"^  一般公共预算:$", '  "一般公共预算\\e]0;标题\\a\\e[2J":'))
    assert main(["check", str(source)]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err
    named = edited_example(tmp_path, (r"^    上年: 422\.2$", "    上年: 4z2"), name="乙\x1b[2J\x9b31m.yaml")
    assert main(["check", str(named)]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x9b" not in out + err
    assert "乙<U+001B>[2J<U+009B>31m.yaml 第48行 收入.合计.上年：应为金额" in out


def test_the_terminal_sees_controls_as_visible_codes():
    from generator.cli import terminal_text
    assert terminal_text("红\x1b[31m字\u202e\x9b\t行\n") == "红<U+001B>[31m字<U+202E><U+009B>\t行\n"


@pytest.mark.parametrize("written, digit", [("4⁴8", "⁴"), ("①", "①"), ("٤٤٨", "٤"), ("Ⅻ", "Ⅻ")])
def test_superscripts_and_other_odd_digits_are_not_numbers(tmp_path, written, digit):
    source = edited_example(tmp_path, (r"^机关运行经费: 448 .*$", f"机关运行经费: {written}"))
    assert problems_of(source) == [
        f"{source} 第103行 机关运行经费：应为金额（单位万元的数字），实际为“{written}”。"
        f"其中“{digit}”不是普通数字（上标、圈码、罗马数字等），请改用 0–9。请只填数字。"]


@pytest.mark.parametrize("written", ["-448", "\u2212448", "\uff0d448", "－４４８"])
def test_every_minus_sign_reads_alike(tmp_path, written):
    source = edited_example(tmp_path, (r"^机关运行经费: 448 .*$", f"机关运行经费: {written}"))
    assert load_budget(source).budget.operating_cost == Decimal("-448")


def test_usage_errors_quoting_an_argument_show_its_controls_as_codes(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["drfat\x1b[2J"])
    _, err = capsys.readouterr()
    assert exited.value.code == 2 and "没有“drfat<U+001B>[2J”这个命令" in err and "\x1b" not in err
