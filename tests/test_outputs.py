"""Every file a draft writes (the draft, the 公开表, the PDFs) is checked before anything is written."""

from __future__ import annotations

import shutil

import pytest

import generator
from generator.cli import main
from generator.errors import OutputError
from generator.publish import Request
from helpers import EXAMPLE


@pytest.fixture()
def source(tmp_path):
    copy = tmp_path / "区政府办公室.yaml"
    shutil.copy(EXAMPLE, copy)
    return copy


@pytest.mark.parametrize("option, target, message", [
    ("--tables-out", "区政府办公室.yaml", "公开表（Excel） {t} 就是输入文件 {t}，写入会把它覆盖。"),
    ("--tables-docx", "区政府办公室.yaml", "公开表（Word） {t} 就是输入文件 {t}，写入会把它覆盖。"),
    ("--pdf", "初稿.docx", "PDF {t} 和输出文件是同一个文件"),
    ("--tables-out", "表.docx", "公开表（Excel） {t} 的扩展名应是 .xlsx"),
])
def test_a_publishing_output_may_not_replace_the_input_or_the_draft(tmp_path, source, capsys, option, target, message):
    before = source.read_bytes()
    path = tmp_path / target
    code = main(["draft", str(source), "-o", str(tmp_path / "初稿.docx"), option, str(path)])
    err = capsys.readouterr().err
    expected = message.format(t=path)
    if "同一个文件" in message:  # the draft is listed first: the PDF is named as colliding with it
        expected = f"输出文件和PDF是同一个文件 {path}"
    assert code == 1 and expected in err and err.rstrip().endswith("没有写入任何文件。")
    assert source.read_bytes() == before and not (tmp_path / "初稿.docx").exists()


def test_two_publishing_outputs_on_one_file_are_refused(tmp_path, source, capsys):
    same = tmp_path / "表.xlsx"
    code = main(["draft", str(source), "-o", str(tmp_path / "初稿.docx"), "--tables-out", str(same),
                 "--tables-docx", str(tmp_path / "表.docx"), "--pdf", str(tmp_path / "表.docx")])
    assert code == 1 and "是同一个文件" in capsys.readouterr().err and list(tmp_path.iterdir()) == [source]


def test_the_library_will_not_save_a_draft_over_its_input(source):
    draft = generator.draft(source)
    before = source.read_bytes()
    with pytest.raises(OutputError, match="就是输入文件"):
        draft.save(source)
    with pytest.raises(OutputError, match="是一个文件夹"):
        draft.save(source.parent)
    with pytest.raises(OutputError, match="扩展名应是 .docx"):
        draft.save(source.with_name("初稿.txt"), Request())
    assert source.read_bytes() == before and sorted(p.name for p in source.parent.iterdir()) == [source.name]


def test_the_publish_request_is_part_of_the_public_api(tmp_path):
    from generator import Request as Exported

    assert Exported is Request
    draft = generator.draft(EXAMPLE)
    written = draft.save(tmp_path / "初稿.docx", generator.Request(tables_xlsx=tmp_path / "表.xlsx"))
    assert [p.name for p in written] == ["初稿.docx", "表.xlsx"]
