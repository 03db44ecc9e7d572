"""The batch's record kept on disk (issue 15): the units found in pathlib's order, the manifest written from the
journal by place, a manifest of another layout still read, and a report read back from its manifest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.batch import SUCCESSFUL, input_files, run_batch
from generator.batch.jobs import SUCCEEDED
from generator.batch.ledger import Ledger, ManifestIndex, fold_journal
from generator.batch.manifest import JOURNAL_NAME, MANIFEST_NAME, Entry, write_manifest
from generator.drafting import DEFAULT_TEMPLATE
from generator.errors import OutputError
from helpers import ROOT


def test_inputs_are_found_as_pathlib_finds_and_sorts_them(tmp_path):
    root = tmp_path / "in"
    for name in ["a.yaml", "b/c.yaml", "b/d/e.yaml", ".h.yaml", "x.txt", "dir.yaml/f.yaml", "a-b/z.yaml", "a/q.yaml",
                 "a.b/r.yaml", "B.yaml", "a/.x/y.yaml", "单位/子单位.yaml"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    (root / "link").symlink_to(root / "b")  # a linked folder is not entered, as pathlib's rglob does not
    expected = [str(p) for p in sorted(p for p in root.rglob("*.yaml") if p.is_file())]
    assert list(input_files(root)) == expected
    assert expected.index(str(root / "a" / "q.yaml")) < expected.index(str(root / "a-b" / "z.yaml"))  # folder by folder
    assert str(root / "link" / "c.yaml") not in expected


def entry(unit: str, status: str = SUCCEEDED) -> Entry:
    return Entry(unit, f"inputs/2023/{unit}.yaml", status, messages=[f"{unit}的提示"], output=f"out/{unit}.docx")


def test_the_manifest_is_written_in_input_order_from_the_journal_and_the_last_manifest(tmp_path):
    write_manifest(tmp_path, [entry("乙", "有错误"), entry("丙")])
    ledger = Ledger(tmp_path, ManifestIndex(tmp_path), 3)
    ledger.add(2, entry("丙"))      # units finish in any order
    ledger.add(0, entry("甲"))      # 乙 (unit 1) is left undone: the last manifest's entry stays
    ledger.write_manifest(["out/甲.docx", "out/乙.docx", "out/丙.docx"])
    units = json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))["units"]
    assert [(u["unit"], u["status"], u["status_code"]) for u in units] == [
        ("甲", "成功", "succeeded"), ("乙", "有错误", "failed"), ("丙", "成功", "succeeded")]
    assert not (tmp_path / JOURNAL_NAME).exists()
    assert ledger.counts == {"成功": 2}


def test_a_manifest_in_another_layout_is_read_and_rewritten_in_ours(tmp_path):
    records = [{"unit": "甲", "input": "a.yaml", "status": "成功", "output": "out/甲.docx", "messages": ["提示"]}]
    (tmp_path / MANIFEST_NAME).write_text(json.dumps({"units": records}, ensure_ascii=False, indent=2), encoding="utf-8")
    index = ManifestIndex(tmp_path)
    assert index.get("out/甲.docx").messages == ["提示"]
    assert index.get("out/乙.docx") is None
    index.close()
    assert (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8").startswith('{"units": [\n{"unit": "甲"')


def test_a_journal_left_by_a_killed_run_wins_over_the_manifest_and_a_cut_line_is_skipped(tmp_path):
    write_manifest(tmp_path, [entry("甲", "有错误"), entry("乙")])
    lines = [json.dumps({"unit": "甲", "input": "a", "status": "成功", "output": "out/甲.docx"}, ensure_ascii=False),
             json.dumps({"unit": "丁", "input": "d", "status": "成功", "output": "out/丁.docx"}, ensure_ascii=False),
             '{"unit": "戊", "inp']
    (tmp_path / JOURNAL_NAME).write_text("\n".join(lines), encoding="utf-8")
    fold_journal(tmp_path)
    units = json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))["units"]
    assert [(u["unit"], u["status"]) for u in units] == [("甲", "成功"), ("乙", "成功"), ("丁", "成功")]
    assert not (tmp_path / JOURNAL_NAME).exists()


@pytest.fixture
def units(tmp_path) -> Path:
    folder = tmp_path / "inputs" / "2023"
    folder.mkdir(parents=True)
    for unit in ["区金融工作中心", "区经济发展研究中心"]:
        shutil.copy(ROOT / "inputs" / "2023" / "区政府办公室" / f"{unit}.yaml", folder)
    return folder


def test_a_report_reads_its_units_from_its_manifest_until_the_next_run_rewrites_it(units, tmp_path):
    first = run_batch(units, tmp_path / "out", DEFAULT_TEMPLATE, jobs=1, timeout=120)
    assert [(e.unit, e.status) for e in first.entries] == [("区经济发展研究中心", "成功"), ("区金融工作中心", "成功")]
    assert len(first.entries) == 2 and first.entries[1].unit == "区金融工作中心" and first.all_succeeded
    second = run_batch(units, tmp_path / "out", DEFAULT_TEMPLATE, jobs=1, timeout=120)
    assert {e.status for e in second.entries} == {"已是最新"} and set(second.counts) <= set(SUCCESSFUL)
    with pytest.raises(OutputError, match="在这次运行之后已被改写"):
        first.entries


def test_a_unit_is_hashed_by_its_worker_when_its_draft_is_new_and_the_hash_is_the_parents(units, tmp_path):
    """The first run's hashes come from the workers; the second run's parent hashes the same bytes and finds them current."""
    run_batch(units, tmp_path / "out", DEFAULT_TEMPLATE, jobs=2, timeout=120)
    hashes = [u["input_hash"] for u in json.loads((tmp_path / "out" / MANIFEST_NAME).read_text(encoding="utf-8"))["units"]]
    assert all(len(h) == 64 for h in hashes) and len(set(hashes)) == 2
    again = run_batch(units, tmp_path / "out", DEFAULT_TEMPLATE, jobs=2, timeout=120)
    assert [e.status for e in again.entries] == ["已是最新", "已是最新"]
    assert [e.input_hash for e in again.entries] == hashes


def test_a_journal_is_folded_into_a_manifest_of_another_layout(tmp_path):
    """The manifest is first rewritten in our layout; the journal must survive that to be folded in."""
    records = [{"unit": "甲", "input": "a.yaml", "status": "有错误", "output": "out/甲.docx"}]
    (tmp_path / MANIFEST_NAME).write_text(json.dumps({"units": records}, ensure_ascii=False, indent=2), encoding="utf-8")
    (tmp_path / JOURNAL_NAME).write_text(json.dumps(dict(records[0], status="成功"), ensure_ascii=False) + "\n",
                                         encoding="utf-8")
    fold_journal(tmp_path)
    units = json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))["units"]
    assert [(u["unit"], u["status"]) for u in units] == [("甲", "成功")]
    assert not (tmp_path / JOURNAL_NAME).exists()


def test_a_hash_reads_the_workbook_an_input_names_and_only_a_line_naming_one_counts(tmp_path):
    """The 公开表 a unit names is part of its hash; the word elsewhere in the file (a reason, a comment) names none."""
    from generator.batch.hashing import input_hash, workbooks_of
    from generator.batch.jobs import Job

    source = tmp_path / "2023" / "甲.yaml"
    source.parent.mkdir()
    job = Job("甲", source, tmp_path / "out" / "甲.docx")
    named = "公开表: 表 甲.xlsx  # 预算系统导出\n单位:\n  名称: 甲\n".encode("utf-8")
    mentioned = "单位:\n  名称: 甲\n  # 公开表: 乙.xlsx\n主要原因: 按公开表: 丙.xlsx 填写\n".encode("utf-8")
    assert workbooks_of(job, source, named) == [source.parent / "表 甲.xlsx"]
    assert workbooks_of(job, source, mentioned) == []
    assert workbooks_of(job, source, b"# \xff\xfe\n" + named) == [source.parent / "表 甲.xlsx"]  # undecodable bytes elsewhere
    source.write_bytes(named)
    before = input_hash(job, b"program")
    (source.parent / "表 甲.xlsx").write_bytes(b"workbook")
    assert input_hash(job, b"program") != before
    source.write_bytes(mentioned)
    before = input_hash(job, b"program")
    (source.parent / "乙.xlsx").write_bytes(b"workbook")
    (source.parent / "丙.xlsx").write_bytes(b"workbook")
    assert input_hash(job, b"program") == before
