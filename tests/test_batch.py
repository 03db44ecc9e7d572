"""The batch as the finance bureau runs it: units, the department's consolidated draft, isolation, safety."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from generator.batch import CURRENT, EDITED, run_batch
from generator.batch.jobs import CRASHED, FAILED, SUCCEEDED, TIMED_OUT
from generator.cli import main
from generator.drafting import DEFAULT_TEMPLATE
from generator.stamp import is_untouched, seal
from helpers import ROOT, paragraphs

UNITS = ["区政府办公室机关本级", "区政府机关", "区经济发展研究中心", "区金融工作中心"]


@pytest.fixture
def inputs(tmp_path) -> Path:
    """Return a copy of inputs/ (2022 and 2023, the department and its four units)."""
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    return tmp_path / "inputs"


def run(inputs: Path, **options):
    out = inputs.parent / "drafts" / "2023"
    return run_batch(inputs / "2023", out, DEFAULT_TEMPLATE, options.pop("jobs", 2), options.pop("timeout", 60), **options)


def statuses(report) -> dict[str, str]:
    return {e.unit: e.status for e in report.entries}


def unit_file(inputs: Path, unit: str) -> Path:
    return inputs / "2023" / "区政府办公室" / f"{unit}.yaml"


def test_a_department_and_its_units(inputs):
    report = run(inputs)
    assert statuses(report) == {**{u: SUCCEEDED for u in UNITS}, "区政府办公室": SUCCEEDED}
    assert report.all_succeeded
    department = next(e for e in report.entries if e.unit == "区政府办公室")
    assert not any("BAT-" in m for m in department.messages)  # its figures are exactly the sums of its units
    draft = Path(department.output)
    assert paragraphs(draft)[0] == "区政府办公室2023年部门预算"
    unit_draft = inputs.parent / "drafts" / "2023" / "区政府办公室" / "区金融工作中心.docx"
    assert "区金融工作中心设置下列内设机构：" in paragraphs(unit_draft)  # text parts come from each file
    assert "区金融工作中心单位预算仅包括本单位本级预算。" in paragraphs(unit_draft)


def test_the_manifest_records_hashes_and_output_sha256(inputs):
    report = run(inputs)
    data = json.loads(report.manifest.read_text(encoding="utf-8"))
    assert [u["unit"] for u in data["units"]] == [e.unit for e in report.entries]
    for unit in data["units"]:
        assert set(unit) == {"unit", "input", "status", "errors", "warnings", "messages", "input_hash",
                             "template_hash", "output", "output_sha256"}
        assert unit["output_sha256"] == hashlib.sha256(Path(unit["output"]).read_bytes()).hexdigest()
        assert unit["template_hash"] == hashlib.sha256(DEFAULT_TEMPLATE.read_bytes()).hexdigest()
        assert len(unit["input_hash"]) == 64
    finance = next(u for u in data["units"] if u["unit"] == "区金融工作中心")
    assert (finance["errors"], finance["warnings"]) == (0, 1) and any("[BAL-04]" in m for m in finance["messages"])


def test_a_department_figure_that_is_not_the_sum_of_its_units(inputs):
    department = inputs / "2023" / "区政府办公室.yaml"
    department.write_text(department.read_text(encoding="utf-8").replace("机关运行经费: 448 ", "机关运行经费: 450 "),
                          encoding="utf-8")
    report = run(inputs)
    assert statuses(report)["区政府办公室"] == FAILED
    assert all(statuses(report)[u] == SUCCEEDED for u in UNITS)
    [message] = [m for e in report.entries if e.unit == "区政府办公室" for m in e.messages if "BAT-01" in m]
    assert message == (
        f"[BAT-01] {department} 第103行 机关运行经费：部门文件为450万元，所属单位合计为448万元"
        "（区政府办公室机关本级402.6万元、区政府机关31.2万元、区经济发展研究中心8.4万元、区金融工作中心5.8万元），"
        "相差2万元。部门数应等于所属单位之和，请核对部门文件或单位文件。")
    assert not (inputs.parent / "drafts" / "2023" / "区政府办公室.docx").exists()


def test_a_unit_with_bad_input_fails_alone_and_blocks_only_the_department(inputs):
    bad = unit_file(inputs, "区政府机关")
    bad.write_text(bad.read_text(encoding="utf-8").replace("  基本支出: 86.35", "  基本支出: 86.3五"), encoding="utf-8")
    report = run(inputs)
    assert statuses(report)["区政府机关"] == FAILED
    assert statuses(report)["区政府办公室"] == FAILED
    assert [statuses(report)[u] for u in UNITS if u != "区政府机关"] == [SUCCEEDED] * 3
    department = next(e for e in report.entries if e.unit == "区政府办公室")
    assert any(m.startswith(f"[BAT-03] {bad} 第35行") and "部门无法汇总" in m for m in department.messages)


def test_a_listed_unit_without_a_file(inputs):
    unit_file(inputs, "区金融工作中心").unlink()
    report = run(inputs)
    department = next(e for e in report.entries if e.unit == "区政府办公室")
    assert department.status == FAILED
    assert any("[BAT-02]" in m and "列出的单位区金融工作中心没有输入文件" in m for m in department.messages)


def test_rerunning_unchanged_skips_every_unit_and_says_so(inputs):
    run(inputs)
    report = run(inputs)
    assert set(statuses(report).values()) == {CURRENT} and report.all_succeeded
    assert all(e.messages[0] == "输入、规则和模板都没有变，初稿未动。" for e in report.entries)
    finance = next(e for e in report.entries if e.unit == "区金融工作中心")
    assert finance.warnings == 1  # the counts of the run that wrote it are kept


def test_changing_one_unit_redrafts_it_and_its_department_only(inputs):
    run(inputs)
    unit = unit_file(inputs, "区经济发展研究中心")
    unit.write_text(unit.read_text(encoding="utf-8").replace("研究全区经济社会发展中的重大问题", "研究全区经济发展中的重大问题"),
                    encoding="utf-8")
    report = run(inputs)
    assert statuses(report) == {"区政府办公室机关本级": CURRENT, "区政府机关": CURRENT, "区经济发展研究中心": SUCCEEDED,
                                "区金融工作中心": CURRENT, "区政府办公室": SUCCEEDED}


def test_a_draft_edited_by_hand_is_never_overwritten_without_force(inputs):
    run(inputs)
    edited = inputs.parent / "drafts" / "2023" / "区政府办公室" / "区政府机关.docx"
    edited.write_bytes(edited.read_bytes() + b"hand edit")
    hand_made = edited.read_bytes()
    unit = unit_file(inputs, "区政府机关")
    unit.write_text(unit.read_text(encoding="utf-8").replace("机关事务服务工作", "机关事务管理工作"), encoding="utf-8")
    report = run(inputs)
    assert statuses(report)["区政府机关"] == EDITED and not report.all_succeeded
    assert edited.read_bytes() == hand_made
    assert run(inputs).entries[1].status == EDITED  # still protected on the next run
    forced = run(inputs, force=True)
    assert statuses(forced)["区政府机关"] == SUCCEEDED and edited.read_bytes() != hand_made


def test_a_tool_draft_written_by_draft_is_recognised_by_its_seal(inputs):
    out = inputs.parent / "drafts" / "2023" / "区政府办公室.docx"
    assert main(["draft", str(inputs / "2023" / "区政府办公室.yaml"), "-o", str(out)]) == 0
    assert is_untouched(out.read_bytes())
    assert statuses(run(inputs))["区政府办公室"] == SUCCEEDED  # replaced, not refused


def test_the_seal_breaks_when_the_text_changes():
    from helpers import EXAMPLE
    from generator.drafting import draft_bytes

    sealed = draft_bytes(EXAMPLE)[1]
    assert is_untouched(sealed) and seal(sealed) == sealed
    import io
    import zipfile

    parts = {n: zipfile.ZipFile(io.BytesIO(sealed)).read(n) for n in zipfile.ZipFile(io.BytesIO(sealed)).namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace("448万元".encode(), "449万元".encode())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert not is_untouched(buffer.getvalue())


def test_a_hang_and_a_crash_are_recorded_and_the_others_go_on(inputs, monkeypatch):
    from generator.batch import pool

    real = pool.run_job

    def misbehave(job, renderer):
        if job.name == "区政府机关":
            time.sleep(600)
        if job.name == "区经济发展研究中心":
            os._exit(9)
        return real(job, renderer)

    monkeypatch.setattr(pool, "run_job", misbehave)  # the workers are forked after this
    started = time.monotonic()
    report = run(inputs, timeout=2)
    assert time.monotonic() - started < 30
    assert statuses(report)["区政府机关"] == TIMED_OUT
    assert statuses(report)["区经济发展研究中心"] == CRASHED
    assert statuses(report)["区政府办公室机关本级"] == SUCCEEDED and statuses(report)["区金融工作中心"] == SUCCEEDED
    messages = {e.unit: e.messages for e in report.entries}
    assert "超过 2 秒仍未完成" in messages["区政府机关"][0]
    assert "意外退出（退出码 9）" in messages["区经济发展研究中心"][0]


def test_cli_prints_the_table_and_exits_by_outcome(inputs, capsys, monkeypatch):
    monkeypatch.chdir(inputs.parent)
    assert main(["batch", "inputs/2023", "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["单位", "状态", "错误", "警告", "初稿"]
    assert "区金融工作中心        成功  0     1     drafts/2023/区政府办公室/区金融工作中心.docx" in out
    assert out.rstrip().endswith("共 5 个单位：成功 5 个。清单：drafts/2023/manifest.json")
    department = inputs / "2023" / "区政府办公室.yaml"
    department.write_text(department.read_text(encoding="utf-8").replace("机关运行经费: 448 ", "机关运行经费: 450 "),
                          encoding="utf-8")
    assert main(["batch", "inputs/2023"]) == 1
    out = capsys.readouterr().out
    assert "区政府办公室（有错误）：" in out and "[BAT-01]" in out


def test_cli_batch_of_a_missing_folder(capsys, tmp_path):
    assert main(["batch", str(tmp_path / "无")]) == 1
    assert "找不到文件夹" in capsys.readouterr().err


def test_a_broken_template_fails_every_unit_with_its_message(inputs, tmp_path):
    from docx import Document

    template = tmp_path / "坏模板.docx"
    document = Document(str(DEFAULT_TEMPLATE))
    document.add_paragraph("合计为{{ income_total }")
    document.save(str(template))
    report = run_batch(inputs / "2023", tmp_path / "out", template, 2, 60)
    assert {e.status for e in report.entries} == {FAILED}
    assert all("写错的标签" in e.messages[0] for e in report.entries)


def test_a_unit_name_with_an_invisible_character_still_matches_the_department_list(inputs):
    unit = unit_file(inputs, "区政府机关")
    unit.write_text(unit.read_text(encoding="utf-8").replace("  名称: 区政府机关", "  名称: 区政府\u200b机关"),
                    encoding="utf-8")
    report = run(inputs)
    department = next(e for e in report.entries if e.unit == "区政府办公室")
    assert department.status == SUCCEEDED and not any("BAT-02" in m for m in department.messages)
