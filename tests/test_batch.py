"""The batch as the finance bureau runs it: units, the department's consolidated draft, isolation, safety."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest

from generator.batch import CURRENT, EDITED, READ_ONLY, run_batch
from generator.batch.jobs import CRASHED, FAILED, SUCCEEDED, TIMED_OUT
from generator.cli import main
from generator.drafting import DEFAULT_TEMPLATE
from generator.stamp import is_untouched, seal
from helpers import EXAMPLE, ROOT, paragraphs

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


def edit_text(draft: Path, old: str, new: str) -> None:
    """Change the draft's text as Word would on saving: its main part is rewritten."""
    with zipfile.ZipFile(draft) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    assert old.encode() in parts["word/document.xml"]
    parts["word/document.xml"] = parts["word/document.xml"].replace(old.encode(), new.encode())
    with zipfile.ZipFile(draft, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_a_department_and_its_units(inputs, start_method):
    report = run(inputs, start_method=start_method)
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
                             "template_hash", "output", "output_sha256", "warning_messages", "status_code"}
        assert unit["output_sha256"] == hashlib.sha256(Path(unit["output"]).read_bytes()).hexdigest()
        assert unit["template_hash"] == hashlib.sha256(DEFAULT_TEMPLATE.read_bytes()).hexdigest()
        assert len(unit["input_hash"]) == 64
    finance = next(u for u in data["units"] if u["unit"] == "区金融工作中心")
    assert (finance["errors"], finance["warnings"]) == (0, 1) and any("[BAL-04]" in m for m in finance["messages"])
    assert finance["warning_messages"] == [m for m in finance["messages"] if m.startswith("[PLA-01]")]


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
    edit_text(edited, "区政府机关", "区政府机关（手改）")
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
    report = run(inputs, timeout=8)  # room for a healthy unit on a loaded machine; the hang sleeps far longer
    assert time.monotonic() - started < 60
    assert statuses(report)["区政府机关"] == TIMED_OUT
    assert statuses(report)["区经济发展研究中心"] == CRASHED
    assert statuses(report)["区政府办公室机关本级"] == SUCCEEDED and statuses(report)["区金融工作中心"] == SUCCEEDED
    messages = {e.unit: e.messages for e in report.entries}
    assert "超过 8 秒仍未完成" in messages["区政府机关"][0]
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
    assert main(["batch", str(EXAMPLE)]) == 1
    assert f"{EXAMPLE} 不是文件夹：批量生成要给出放输入文件的文件夹" in capsys.readouterr().err


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_a_broken_template_fails_every_unit_with_its_message(inputs, tmp_path, start_method):
    from docx import Document

    template = tmp_path / "坏模板.docx"
    document = Document(str(DEFAULT_TEMPLATE))
    document.add_paragraph("合计为{{ income_total }")
    document.save(str(template))
    report = run_batch(inputs / "2023", tmp_path / "out", template, 2, 60, start_method=start_method)
    assert {e.status for e in report.entries} == {FAILED}
    assert all("写错的标签" in e.messages[0] for e in report.entries)


def test_a_unit_name_with_an_invisible_character_still_matches_the_department_list(inputs):
    unit = unit_file(inputs, "区政府机关")
    unit.write_text(unit.read_text(encoding="utf-8").replace("  名称: 区政府机关", "  名称: 区政府\u200b机关"),
                    encoding="utf-8")
    report = run(inputs)
    department = next(e for e in report.entries if e.unit == "区政府办公室")
    assert department.status == SUCCEEDED and not any("BAT-02" in m for m in department.messages)


# Interruption, concurrency and ordinary mistakes (issue 10 item 4), output read by a person (issue 14 item 3).

SLOW_BATCH = """
import sys, time
from generator.batch import pool
real = pool.run_job
def slow(job, renderer):
    if job.name == sys.argv[1]:
        time.sleep(120)
    return real(job, renderer)
pool.run_job = slow  # the workers are forked after this
from generator.cli import main
sys.exit(main(sys.argv[2:]))
"""
LINUX_ONLY = pytest.mark.skipif(not Path("/proc/self/stat").exists() or not sys.platform.startswith("linux"),
                                reason="the hanging unit is patched into forked workers, whose pids are read from /proc (Linux)")


def start_slow_batch(inputs: Path, *options: str) -> subprocess.Popen:
    """Start `batch inputs/2023` in its own session, with the department's unit hanging in its worker."""
    return subprocess.Popen([sys.executable, "-c", SLOW_BATCH, "区政府办公室", "batch", "inputs/2023", "--jobs", "2", *options],
                            cwd=inputs.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def wait_for(condition, seconds: float, what: str, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the batch ended ({process.returncode}) before {what}: {process.communicate()}")
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}"
        time.sleep(0.05)


def unit_drafts_differing(inputs: Path, recorded: dict[str, str]) -> int:
    """Return how many of the units' drafts exist with bytes other than *recorded* (output → sha256)."""
    folder = inputs.parent / "drafts" / "2023" / "区政府办公室"
    drafts = [p for p in folder.glob("*.docx")] if folder.is_dir() else []
    return sum(hashlib.sha256(p.read_bytes()).hexdigest() != recorded.get(str(p.relative_to(inputs.parent)))
               for p in drafts)


def alive(pid: int) -> bool:
    """Return True when the process exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


def children(pid: int) -> list[int]:
    """Return the pids of the processes whose parent is *pid*."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def unit_drafts_written_since(inputs: Path, started_ns: int) -> int:
    """Return how many of the units' drafts were written after *started_ns* (their bytes may be the same)."""
    folder = inputs.parent / "drafts" / "2023" / "区政府办公室"
    return sum(p.stat().st_mtime_ns >= started_ns for p in folder.glob("*.docx"))


def interrupted_batch(inputs: Path, monkeypatch, stop) -> tuple[subprocess.Popen, list[int], str]:
    """Run the batch once, then again with --force until the four units are redrafted, then *stop* it
    while the department (drafted last) hangs in its worker.

    Return the process (ended), the pids of its workers still alive 10 s after it ended (they are then
    killed, so that a failing test leaves nothing behind), and what it printed on stderr.
    """
    monkeypatch.chdir(inputs.parent)
    assert main(["batch", "inputs/2023", "--jobs", "2"]) == 0
    started = time.time_ns()
    process = start_slow_batch(inputs, "--force")
    workers: list[int] = []
    try:
        wait_for(lambda: unit_drafts_written_since(inputs, started) == 4, 60, "the four units redrafted", process)
        workers = children(process.pid)
        assert workers, "the batch has worker processes"
        stop(process)
        process.wait(timeout=30)
        survivors = surviving(workers)
    finally:
        if process.poll() is None:
            process.kill()
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
    _, err = process.communicate(timeout=30)
    return process, survivors, err


def surviving(workers: list[int]) -> list[int]:
    """Return the workers still alive after a grace of up to 10 s."""
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [pid for pid in workers if alive(pid)]


def statuses_of_a_rerun() -> dict[str, str]:
    """Return each unit's status in a run of `batch inputs/2023` in the current folder, as the manifest records it."""
    assert main(["batch", "inputs/2023", "--jobs", "2"]) == 0
    data = json.loads(Path("drafts/2023/manifest.json").read_text(encoding="utf-8"))
    return {u["unit"]: u["status"] for u in data["units"]}


@LINUX_ONLY
def test_kill_9_of_a_batch_kills_its_workers_and_the_next_run_finds_no_false_edits(inputs, monkeypatch):
    process, survivors, _ = interrupted_batch(inputs, monkeypatch, lambda p: p.send_signal(signal.SIGKILL))
    assert process.returncode == -signal.SIGKILL
    assert survivors == []
    assert statuses_of_a_rerun() == {u: CURRENT for u in UNITS + ["区政府办公室"]}  # nothing taken for a hand edit


@LINUX_ONLY
def test_sigterm_stops_a_batch_like_ctrl_c_and_says_what_was_written(inputs, monkeypatch):
    process, survivors, err = interrupted_batch(inputs, monkeypatch, lambda p: p.send_signal(signal.SIGTERM))
    assert survivors == []
    assert process.returncode == 143
    assert err == ("已中断：本次写入了 4 份初稿，清单 drafts/2023/manifest.json 已记下它们；"
                   "另有 1 个单位没有完成，再次运行会接着生成。\n")
    assert statuses_of_a_rerun() == {u: CURRENT for u in UNITS + ["区政府办公室"]}  # what was written is known


@LINUX_ONLY
def test_ctrl_c_prints_no_worker_traceback_and_says_what_was_written(inputs, monkeypatch):
    process, survivors, err = interrupted_batch(inputs, monkeypatch, lambda p: os.killpg(p.pid, signal.SIGINT))
    assert survivors == []
    assert process.returncode == 130
    assert err == ("已中断：本次写入了 4 份初稿，清单 drafts/2023/manifest.json 已记下它们；"
                   "另有 1 个单位没有完成，再次运行会接着生成。\n")


@LINUX_ONLY
def test_a_second_batch_on_one_output_folder_is_refused(inputs, monkeypatch, capsys):
    monkeypatch.chdir(inputs.parent)
    process = start_slow_batch(inputs)
    try:
        wait_for(lambda: unit_drafts_differing(inputs, {}) == 4, 60, "the first batch under way", process)
        assert main(["batch", "inputs/2023"]) == 1
        assert capsys.readouterr().err == (
            f"请检查输出位置：\n  另一个批量生成（进程号 {process.pid}）正在使用输出文件夹 drafts/2023，"
            "请等它结束后再运行。\n没有写入任何文件。\n")
    finally:
        process.kill()
        process.communicate(timeout=30)


def test_a_copy_of_a_unit_file_is_an_error_naming_both(inputs):
    original = unit_file(inputs, "区政府机关")
    copy = original.with_name("区政府机关 - 副本.yaml")
    shutil.copy(original, copy)
    report = run(inputs)
    assert statuses(report) == {"区政府办公室机关本级": SUCCEEDED, "区政府机关 - 副本": FAILED, "区政府机关": FAILED,
                                "区经济发展研究中心": SUCCEEDED, "区金融工作中心": SUCCEEDED, "区政府办公室": FAILED}
    messages = {e.unit: e.messages for e in report.entries}
    assert messages["区政府机关"] == [
        f"[BAT-02] {original} 第6行 单位.名称：单位名称“区政府机关”与 {copy} 相同。一个单位只能有一个输入文件"
        "（是不是复制出来的副本？），请删去多余的文件，或改正名称。"]
    assert messages["区政府机关 - 副本"] == [
        f"[BAT-02] {copy} 第6行 单位.名称：单位名称“区政府机关”与 {original} 相同。一个单位只能有一个输入文件"
        "（是不是复制出来的副本？），请删去多余的文件，或改正名称。"]
    assert messages["区政府办公室"] == [
        f"[BAT-02] {inputs / '2023' / '区政府办公室.yaml'}：单位文件 {copy} 和 {original} 的名称都是“区政府机关”，"
        "部门无法汇总。请删去多余的文件，或改正名称。"]
    drafts = inputs.parent / "drafts" / "2023"
    assert not (drafts / "区政府办公室.docx").exists() and not (drafts / "区政府办公室" / "区政府机关.docx").exists()


def test_a_draft_replaced_by_a_sealed_tool_draft_is_not_taken_for_a_hand_edit(inputs):
    run(inputs)
    out = inputs.parent / "drafts" / "2023" / "区政府办公室" / "区政府机关.docx"
    other = inputs.parent / "另一稿.yaml"  # sealed by the tool, but not the bytes the manifest knows
    other.write_text(unit_file(inputs, "区政府机关").read_text(encoding="utf-8").replace("机关事务服务工作", "机关事务管理工作"),
                     encoding="utf-8")
    assert main(["draft", str(other), "-o", str(out)]) == 0
    assert statuses(run(inputs))["区政府机关"] == SUCCEEDED


def test_a_read_only_draft_is_kept_unless_forced(inputs):
    run(inputs)
    kept = inputs.parent / "drafts" / "2023" / "区政府办公室" / "区政府机关.docx"
    kept.chmod(0o444)
    before = kept.read_bytes()
    unit = unit_file(inputs, "区政府机关")
    unit.write_text(unit.read_text(encoding="utf-8").replace("机关事务服务工作", "机关事务管理工作"), encoding="utf-8")
    report = run(inputs)
    assert statuses(report)["区政府机关"] == READ_ONLY and kept.read_bytes() == before
    entry = next(e for e in report.entries if e.unit == "区政府机关")
    assert entry.messages[0] == "初稿是只读文件，没有覆盖；确需重新生成请加 --force，或去掉它的只读属性。"
    assert statuses(run(inputs, force=True))["区政府机关"] == SUCCEEDED and kept.read_bytes() != before


def batch_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["batch", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_ordinary_mistakes_are_reported_without_a_traceback(inputs, tmp_path, capsys):
    folder, out = str(inputs / "2023"), tmp_path / "out"
    missing, a_file = tmp_path / "无.docx", tmp_path / "文件"
    a_file.write_text("", encoding="utf-8")
    expected = {
        ("--template", str(missing), "-o", str(out)): f"请修改模板：\n  找不到模板 {missing}，请检查路径。",
        ("--template", str(tmp_path), "-o", str(out)): f"请修改模板：\n  模板 {tmp_path} 是一个文件夹，请给出 .docx 文件。",
        ("-o", str(a_file)): f"请检查输出位置：\n  输出文件夹 {a_file} 是一个文件，请用 -o 指定一个文件夹。",
    }
    for args, message in expected.items():
        assert batch_cli(capsys, folder, *args) == (1, "", message + "\n没有写入任何文件。\n"), args
        assert not out.exists()


@pytest.mark.skipif(os.name == "nt", reason="Windows keeps a folder's read-only mark for its look only")
def test_a_read_only_output_folder_is_reported(inputs, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        assert batch_cli(capsys, str(inputs / "2023"), "-o", str(out)) == (
            1, "", f"请检查输出位置：\n  输出文件夹 {out} 是只读的，无法写入初稿。请改用可以写入的文件夹（-o），或修改它的权限。"
                   "\n没有写入任何文件。\n")
    finally:
        out.chmod(0o755)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("content, problem", [
    ('{"units": [', "第1行不是有效的 JSON"),
    ('{"units": [1]}', "内容不是本工具写的格式"),
    (None, "是一个文件夹"),
])
def test_a_broken_manifest_is_reported_and_nothing_is_written(inputs, tmp_path, capsys, content, problem):
    out = tmp_path / "out"
    manifest = out / "manifest.json"
    if content is None:
        manifest.mkdir(parents=True)
        message = f"清单 {manifest} 是一个文件夹。请把它移走或改名后重新运行。"
    else:
        out.mkdir()
        manifest.write_text(content, encoding="utf-8")
        message = (f"清单 {manifest} 已损坏（{problem}），无法判断哪些初稿被手工改过。请把它改名或删除后重新运行"
                   "（没有清单时，未改动过的本工具初稿仍能凭自带的校验值认出）。")
    assert batch_cli(capsys, str(inputs / "2023"), "-o", str(out)) == (
        1, "", f"请检查输出位置：\n  {message}\n没有写入任何文件。\n")
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]
    assert content is None or manifest.read_text(encoding="utf-8") == content


def test_batch_refuses_a_template_where_a_draft_would_go(inputs, capsys):
    out = inputs.parent / "drafts" / "2023"
    template = out / "区政府办公室.docx"
    template.parent.mkdir(parents=True)
    template.write_bytes(DEFAULT_TEMPLATE.read_bytes())
    assert batch_cli(capsys, str(inputs / "2023"), "-o", str(out), "--template", str(template)) == (
        1, "", f"请检查输出位置：\n  区政府办公室的初稿 {template} 就是模板 {template}，写入会把它覆盖。请另选输出位置（文件名）。"
               "\n没有写入任何文件。\n")
    assert template.read_bytes() == DEFAULT_TEMPLATE.read_bytes()


class Terminal(io.StringIO):
    """A stand-in for an interactive terminal."""

    def isatty(self) -> bool:
        return True


def screen_lines(written: str) -> list[str]:
    """Return what a terminal shows for *written*: a carriage return moves back, later text covers earlier cells."""
    shown = []
    for line in written.split("\n"):
        cells: list[str] = []
        column = 0
        for char in line:
            if char == "\r":
                column = 0
                continue
            width = 2 if unicodedata.east_asian_width(char) in "WF" else 1
            cells[column:column + width] = [char] + [""] * (width - 1)
            column += width
        shown.append("".join(cells).rstrip())
    return shown


def test_the_progress_line_leaves_nothing_of_a_longer_name_behind(inputs, capsys, monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["batch", str(inputs / "2023"), "-o", str(inputs.parent / "out"), "--jobs", "1"]) == 0
    shown = screen_lines(terminal.getvalue())
    assert shown == ["[" + "#" * 30 + "] 5/5 区政府办公室", ""]
    assert "\x1b" not in terminal.getvalue()  # plain spaces: every terminal, Windows' too


def test_the_table_lists_warnings_by_unit_and_no_draft_for_a_failed_unit(inputs, capsys, monkeypatch):
    monkeypatch.chdir(inputs.parent)
    department = inputs / "2023" / "区政府办公室.yaml"
    department.write_text(department.read_text(encoding="utf-8").replace("机关运行经费: 448 ", "机关运行经费: 450 "),
                          encoding="utf-8")
    code, out, _ = batch_cli(capsys, "inputs/2023")
    assert code == 1
    lines = out.splitlines()
    assert lines[5].split() == ["区政府办公室", "有错误", "1", "1", "未生成"]
    finance = [m for m in json.loads(Path("drafts/2023/manifest.json").read_text(encoding="utf-8"))["units"]
               if m["unit"] == "区金融工作中心"][0]["messages"]
    [warning] = [m for m in finance if m.startswith("[PLA-01]")]
    start = lines.index("区金融工作中心（警告 1 条）：")
    assert lines[start + 1] == f"  {warning}"
    assert "区金融工作中心.yaml 第74行 机关运行经费：机关运行经费5.8万元大于公用经费1.8万元。" in warning
    assert all(f"{unit}（警告 1 条）：" in lines for unit in UNITS)


def test_python_m_generator_batch_works_under_spawn(inputs):
    """The command as Windows runs it: workers started with spawn, through `python -m generator` (run as __main__)."""
    script = ("import runpy, sys\n"
              "from generator.batch import pool\n"
              "pool.default_start_method = lambda: 'spawn'\n"
              "sys.argv = ['python -m generator', 'batch', 'inputs/2023', '--jobs', '2']\n"
              "runpy.run_module('generator', run_name='__main__', alter_sys=True)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=inputs.parent, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.rstrip().endswith("共 5 个单位：成功 5 个。清单：drafts/2023/manifest.json")


def test_half_written_files_of_a_killed_run_are_removed_and_its_journal_is_folded(inputs):
    run(inputs)
    out = inputs.parent / "drafts" / "2023"
    leftover = out / "区政府办公室" / ".区政府机关.docx.k1ll3d.part"
    leftover.write_bytes(b"half a draft")
    stranger = out / "区政府办公室" / ".别人的文件.part"
    stranger.write_bytes(b"not ours")
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    finance = next(u for u in data["units"] if u["unit"] == "区金融工作中心")
    draft = Path(finance["output"])
    edit_text(draft, "区金融工作中心", "区金融工作中心（新）")  # as if a killed run had redrafted it ...
    finance["output_sha256"] = hashlib.sha256(draft.read_bytes()).hexdigest()
    (out / "manifest.journal").write_text(json.dumps(finance, ensure_ascii=False) + "\n" + '{"unit": "区', encoding="utf-8")
    report = run(inputs)  # ... and journaled it before it was killed mid-line
    assert statuses(report)["区金融工作中心"] == CURRENT  # the journal, not a hand edit
    assert not leftover.exists() and stranger.read_bytes() == b"not ours"
    assert not (out / "manifest.journal").exists()


def test_the_manifest_names_statuses_by_code_with_the_label_beside(inputs):
    run(inputs)
    data = json.loads((inputs.parent / "drafts" / "2023" / "manifest.json").read_text(encoding="utf-8"))
    assert {(u["status"], u["status_code"]) for u in data["units"]} == {("成功", "succeeded")}
    from generator.batch import CURRENT, EDITED, READ_ONLY
    from generator.batch.jobs import CRASHED, FAILED, SUCCEEDED, TIMED_OUT
    from generator.batch.manifest import STATUS_CODES

    assert set(STATUS_CODES) == {SUCCEEDED, FAILED, CRASHED, TIMED_OUT, CURRENT, EDITED, READ_ONLY}
    assert all(code.isascii() for code in STATUS_CODES.values())
