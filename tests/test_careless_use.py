"""Mistakes a reviewer made on purpose, each answered in words (exit 1 or 2), never a traceback (exit 3)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest

from generator import drafting
from generator.cli import main
from helpers import EXAMPLE, ROOT


def test_a_folder_given_as_the_input_is_named_as_a_folder(capsys):
    assert main(["check", str(EXAMPLE.parent)]) == 1
    assert f"{EXAMPLE.parent}：这是一个文件夹，请给出 .yaml 文件。" in capsys.readouterr().out


def test_a_written_document_given_to_draft_points_to_audit(tmp_path, capsys):
    document = tmp_path / "说明.docx"
    shutil.copy(drafting.DEFAULT_TEMPLATE, document)
    assert main(["draft", str(document)]) == 1
    err = capsys.readouterr().err
    assert "这是一份写好的文稿，不是输入文件" in err and f"请用 audit：python -m generator audit {document}" in err


def template_with_document(tmp_path, xml: bytes):
    """Return a copy of the default template whose word/document.xml is *xml*."""
    path = tmp_path / "坏模板.docx"
    with zipfile.ZipFile(drafting.DEFAULT_TEMPLATE) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            target.writestr(item, xml if item.filename == "word/document.xml" else source.read(item))
    return path


@pytest.mark.parametrize("xml, message", [
    (b'<?xml version="1.0"?>\n<w:document xmlns:w="x"><w:body><w:p', "Word 正文已损坏（XML 格式错误，第2行）"),
    (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><d>&b;</d>',
     "Word 正文含有 DTD 或实体声明"),
])
def test_a_template_with_broken_or_entity_laden_xml_is_refused(tmp_path, capsys, xml, message):
    template = template_with_document(tmp_path, xml)
    assert main(["template-check", str(template)]) == 1
    assert message in capsys.readouterr().out
    assert main(["draft", str(EXAMPLE), "-o", str(tmp_path / "初稿.docx"), "--template", str(template)]) == 1
    assert message in capsys.readouterr().err and not (tmp_path / "初稿.docx").exists()


def test_output_piped_into_a_reader_that_stops_is_no_fault():
    reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    done = subprocess.run([sys.executable, "-m", "generator", "rules"], stdout=reader.stdin, stderr=subprocess.PIPE,
                          cwd=ROOT, timeout=60)
    reader.stdin.close()
    reader.wait(timeout=10)
    assert done.returncode in (0, 141) and b"Traceback" not in done.stderr


@pytest.mark.parametrize("port", ["-1", "99999", "八〇"])
def test_a_port_out_of_range_is_a_usage_error(capsys, port):
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--port", port, "--no-browser"])
    assert stopped.value.code == 2 and "端口应为 0 到 65535 之间的整数" in capsys.readouterr().err


def test_template_vars_without_an_example_says_which_file_it_needs(tmp_path, capsys):
    assert main(["template-vars", "--example", str(tmp_path / "无.yaml")]) == 1
    assert "请用 --example 指定一份输入文件" in capsys.readouterr().err


def test_a_template_shipped_with_the_tool_is_named_alone(tmp_path, monkeypatch, capsys):
    from helpers import GOLDEN, paragraphs

    monkeypatch.chdir(tmp_path)  # not the checkout: the name alone finds the packaged template
    assert main(["draft", str(EXAMPLE), "-o", "简式.docx", "--template", "简式说明模板"]) == 0
    want = (GOLDEN / "examples" / "e-简式模板.txt").read_text(encoding="utf-8").split()
    assert paragraphs(tmp_path / "简式.docx") == want


@pytest.mark.parametrize("name", ["区财政局.", "CON", "nul", "COM1.局"])
def test_a_unit_name_windows_cannot_hold_as_a_file_is_refused(tmp_path, monkeypatch, capsys, name):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main(["init", name, "2024"])
    assert stopped.value.code == 2 and "Windows 不允许以“.”结尾或叫 CON" in capsys.readouterr().err
    assert not (tmp_path / "inputs").exists()


def test_init_suggests_a_command_that_pastes_whole(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "区 财政#局&", "2024"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == '填好后运行：python -m generator draft "inputs/2024/区 财政#局&.yaml"'


def test_a_list_item_out_of_line_is_named_as_indentation(tmp_path):
    from helpers import edited_example

    source = edited_example(tmp_path, (r"^    - 秘书股$", "    - 秘书股\n   - 多一个空格"))
    findings = generator_check(source)
    assert any("缩进" in f.message for f in findings) and not any("indicator" in f.message for f in findings)


def generator_check(path):
    import generator

    return generator.check(path)
