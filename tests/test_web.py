"""The web page's server through Flask's test client: every route, every refusal, nothing left behind."""

from __future__ import annotations

import copy
import io
import socket
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("flask", reason="the web page needs Flask (pip install -e '.[web]')")

from docx import Document  # noqa: E402

from generator import schema  # noqa: E402
from generator.web import app as web_app  # noqa: E402
from generator.web.app import create_app  # noqa: E402
from generator.web.form import collapse_optional, read_plain  # noqa: E402
from generator.web.security import MAX_REQUEST_BYTES, Guard  # noqa: E402
from helpers import EXAMPLE, GOLDEN, ROOT  # noqa: E402

PORT = 8765
BASE = {"base_url": f"http://127.0.0.1:{PORT}"}
OWN = {"Origin": f"http://127.0.0.1:{PORT}"}
LAST_YEAR = ROOT / "inputs" / "2022" / "区政府办公室.yaml"
TEMPLATE = ROOT / "generator" / "templates" / "部门预算情况说明.docx"


def golden() -> list[str]:
    return [line.strip() for line in (GOLDEN / "expected-2023-区政府办公室.txt").read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def client():
    guard = Guard()
    guard.allow("127.0.0.1", PORT)
    app = create_app(guard)
    yield app.test_client()
    app.extensions["yusuan"]["uploads"].close()


@pytest.fixture
def example():
    return read_plain(EXAMPLE)[0]


def post(client, path, **kwargs):
    return client.post(path, headers=OWN, **BASE, **kwargs)


def upload(path: Path, name: str | None = None):
    return (io.BytesIO(path.read_bytes()), name or path.name)


# ---- the page and the form -------------------------------------------------------------------

def test_the_page_and_its_assets_are_served_from_the_package(client):
    page = client.get("/", **BASE)
    assert page.status_code == 200 and "<title>部门预算情况说明 · 填写</title>" in page.text
    assert client.get("/static/app.js", **BASE).status_code == 200
    assert client.get("/static/style.css", **BASE).status_code == 200
    assert client.get("/static/../app.py", **BASE).status_code == 404
    assert client.get("/favicon.ico", **BASE).status_code == 204
    assert "http" not in page.text.replace("http-equiv", ""), "the page must not fetch anything from the Internet"


def test_the_form_lists_every_field_of_the_catalogue_with_its_help(client):
    sections = client.get("/api/form", **BASE).json["sections"]
    shown = {}

    def walk(fields):
        for field in fields:
            shown[field["path"]] = field
            walk(field.get("fields", []))

    walk(sections)
    for path, spec in schema.fields():
        assert path in shown, path
        assert shown[path]["help"] == spec.help and shown[path]["kind"] == spec.kind
    assert [s["key"] for s in sections] == [spec.key for spec in schema.BUDGET.fields]
    income = [f["key"] for f in shown["收入"]["fields"]]
    assert income[:3] == ["合计", "一般公共预算", "政府性基金"] and income[-1] == "财政拨款合计"
    assert shown["收入.合计"]["parts"] == ["本年", "上年", "主要原因"]
    assert shown["收入.事业收入"]["required"] is False


def test_the_form_says_what_this_machine_cannot_make(client, monkeypatch):
    from generator.web import extras as module

    monkeypatch.setattr(module.shutil, "which", lambda name: None)  # no LibreOffice here
    extras = client.get("/api/form", **BASE).json["extras"]
    assert extras["downloads"]["pdf"] == {"label": "PDF", "ok": False, "why": "本机没有安装 LibreOffice，无法生成 PDF。"}
    assert extras["downloads"]["tables_xlsx"] == {"label": "公开表（Excel）", "ok": True, "why": ""}
    assert extras["workbook_note"] == ""   # Excel 填报表 are read (sources.WORKBOOK_SUFFIXES)


# ---- checks, preview and downloads ------------------------------------------------------------

def test_check_returns_the_findings_and_the_drafts_text(client, example):
    result = post(client, "/api/check", json={"data": example}).json
    assert result["summary"] == "检查结果：错误 0 条，警告 1 条，提示 1 条。"
    assert [(f["rule"], f["field"], f["file"]) for f in result["findings"]] == [
        ("PLA-01", "机关运行经费", "网页表单"), ("BAL-04", "一般公共预算支出.功能分类", "网页表单")]
    assert result["paragraphs"] == golden() and result["drafted"] is True


def test_a_wrong_figure_is_an_error_on_its_field_and_there_is_no_preview(client, example):
    data = copy.deepcopy(example)
    data["收入"]["合计"]["本年"] = "1999.62"
    result = post(client, "/api/check", json={"data": data}).json
    errors = [(f["rule"], f["field"]) for f in result["findings"] if f["severity_label"] == "错误"]
    assert errors == [("BAL-01", "收入.合计"), ("BAL-03", "支出.合计")]
    assert result["paragraphs"] == [] and result["drafted"] is False


def test_a_value_that_cannot_be_read_is_an_inp_02_on_its_field(client, example):
    data = copy.deepcopy(example)
    data["单位"]["年度"] = "abc"
    findings = post(client, "/api/check", json={"data": data}).json["findings"]
    assert [(f["rule"], f["field"], f["message"]) for f in findings] == [
        ("INP-02", "单位.年度", "应为年份，如 2023，实际为“abc”。")]


def test_last_years_input_sent_along_checks_the_last_year_figures(client, example):
    last_year = read_plain(LAST_YEAR)[0]
    data = copy.deepcopy(example)
    data["收入"]["合计"]["上年"] = "500"
    findings = post(client, "/api/check", json={"data": data, "last_year": last_year}).json["findings"]
    assert ("LY-01", "收入.合计.上年") in [(f["rule"], f["field"]) for f in findings]
    message = next(f["message"] for f in findings if f["rule"] == "LY-01")
    assert message == "上年数500万元，与上一年度文件 网页表单（上年）的本年数422.2万元不一致，相差77.8万元。请核对，两处应一致。"


def test_a_request_that_is_not_form_data_is_refused_in_words(client):
    response = post(client, "/api/check", data="not json", content_type="application/json")
    assert response.status_code == 422
    assert response.json["error"] == "网页表单：请求的内容不是表单数据，请刷新网页后重试。"


def test_the_docx_download_is_the_golden_draft(client, example):
    response = post(client, "/api/docx", json={"data": example})
    assert response.status_code == 200
    assert "filename*=UTF-8''2023%E5%8C%BA%E6%94%BF%E5%BA%9C%E5%8A%9E%E5%85%AC%E5%AE%A4.docx" in response.headers["Content-Disposition"]
    texts = [p.text.strip() for p in Document(io.BytesIO(response.data)).paragraphs]
    assert texts == golden()


def test_no_docx_while_there_are_errors(client, example):
    data = copy.deepcopy(example)
    data["收入"]["合计"]["本年"] = "1999.62"
    response = post(client, "/api/docx", json={"data": data})
    assert response.status_code == 422
    assert response.json["error"] == "有 2 条错误，没有生成初稿。请按页面上的提示修改。"


def test_the_yaml_download_drafts_the_same_text(client, example, tmp_path):
    response = post(client, "/api/yaml", json={"data": example})
    assert response.status_code == 200 and response.mimetype == "text/yaml"
    target = tmp_path / "inputs" / "2023" / "区政府办公室.yaml"
    target.parent.mkdir(parents=True)
    target.write_bytes(response.data)
    expected = copy.deepcopy(example)
    assert expected["国有资产"]["车辆"].pop("其他用车说明") is None  # left empty: not written
    assert read_plain(target)[0] == expected
    import generator

    assert generator.draft(target).paragraphs == golden()


# ---- starting points, templates ---------------------------------------------------------------

def test_an_existing_input_opens_as_it_is(client, example):
    result = post(client, "/api/open", data={"file": upload(EXAMPLE), "mode": "existing"}).json
    # Figures that may be compared with last year open in the form's three boxes (本年 / 上年 / 主要原因).
    assert result["data"]["支出"]["合计"] == {"本年": "1909.62"}
    assert collapse_optional(result["data"]) == example
    assert result["last_year"] is None and result["name"] == "区政府办公室.yaml"


def test_last_years_input_becomes_this_years_start(client):
    result = post(client, "/api/open", data={"file": upload(LAST_YEAR), "mode": "last_year"}).json
    assert result["data"]["单位"]["年度"] == "2023"
    assert result["data"]["收入"]["合计"] == {"上年": "422.2"}
    assert result["data"]["支出"]["合计"] == ""
    assert result["data"]["单位"]["主要职责"] == read_plain(LAST_YEAR)[0]["单位"]["主要职责"]
    assert result["last_year"] == read_plain(LAST_YEAR)[0]


def test_an_unreadable_input_is_named_by_its_own_name_and_line(client, tmp_path):
    broken = tmp_path / "x.yaml"
    broken.write_text("单位:\n  名称: 区财政局\n\t年度: 2023\n", encoding="utf-8")
    response = post(client, "/api/open", data={"file": upload(broken, "我的输入.yaml")})
    assert response.status_code == 422
    assert response.json["error"].startswith("我的输入.yaml 第3行：YAML 格式错误：")
    assert "yusuan-web" not in response.json["error"]


def test_only_inputs_open_as_inputs(client):
    response = post(client, "/api/open", data={"file": upload(TEMPLATE)})
    assert response.status_code == 422
    assert response.json["error"] == "部门预算情况说明.docx：这里只能上传 .yaml、.yml、.xlsx、.xlsm、.xls 文件。"
    response = post(client, "/api/open", data={})
    assert response.json["error"] == "：请先选择要上传的文件。"


def test_an_uploaded_template_is_used_for_the_draft(client, example):
    token = post(client, "/api/template", data={"file": upload(TEMPLATE, "我单位模板.docx")}).json["token"]
    result = post(client, "/api/check", json={"data": example, "template": token}).json
    assert result["paragraphs"] == golden()
    stale = post(client, "/api/check", json={"data": example, "template": "0000"})
    assert stale.status_code == 422 and stale.json["error"] == "模板：上传的模板已失效（服务重新启动过），请重新上传。"


def test_a_broken_template_is_refused_naming_it(client, tmp_path):
    broken = tmp_path / "t.docx"
    broken.write_bytes(b"not a zip")
    response = post(client, "/api/template", data={"file": upload(broken, "坏模板.docx")})
    assert response.status_code == 422
    assert response.json["error"].startswith("模板 坏模板.docx：不是可用的 Word 文档")


# ---- compare, audit, extras -------------------------------------------------------------------

def test_compare_two_inputs_shows_the_diff_page(client):
    result = post(client, "/api/diff", data={"old": upload(LAST_YEAR), "new": upload(EXAMPLE),
                                            "ignore_year_shift": "1"}).json
    assert result["lines"][0] == "比对：区政府办公室.yaml → 区政府办公室.yaml"
    assert result["html"].startswith("<!DOCTYPE html>") and "yusuan-web" not in result["html"]


def test_audit_an_uploaded_draft(client, example, tmp_path):
    draft = tmp_path / "说明.docx"
    draft.write_bytes(post(client, "/api/docx", json={"data": example}).data)
    result = post(client, "/api/audit", data={"file": upload(draft, "2023年说明.docx")}).json
    assert result["name"] == "2023年说明.docx"
    assert result["summary"].startswith("检查结果：错误 0 条")
    assert all(f["file"] == "2023年说明.docx" for f in result["findings"])
    refused = post(client, "/api/audit", data={"file": upload(EXAMPLE)})
    assert refused.json["error"] == "区政府办公室.yaml：这里只能上传 .docx、.pdf、.txt 文件。"


def test_pdf_is_refused_where_this_machine_cannot_make_it(client, example, monkeypatch):
    from generator.web import extras as module

    monkeypatch.setattr(module.shutil, "which", lambda name: None)
    response = post(client, "/api/publish/pdf", json={"data": example})
    assert response.status_code == 422
    assert response.json["error"] == "无法生成PDF：本机没有安装 LibreOffice，无法生成 PDF。"


def test_the_public_tables_download_as_a_workbook_of_the_nine_tables(client, example):
    import io

    import openpyxl

    response = post(client, "/api/publish/tables_xlsx", json={"data": example})
    from urllib.parse import unquote

    assert response.status_code == 200 and unquote(response.headers["Content-Disposition"]).endswith("区政府办公室公开表.xlsx")
    sheets = openpyxl.load_workbook(io.BytesIO(response.data)).sheetnames
    assert len(sheets) == 9 and "收支总表" in sheets[0]


# ---- refusals ---------------------------------------------------------------------------------

def test_a_foreign_host_is_refused(client):
    response = client.get("/", base_url=f"http://attacker.example:{PORT}")
    assert response.status_code == 403
    assert response.json["error"] == f"拒绝访问：地址“attacker.example:{PORT}”不是本工具的地址。请用启动时显示的地址打开网页。"


def test_a_foreign_origin_is_refused(client, example):
    response = client.post("/api/check", json={"data": example}, headers={"Origin": "http://evil.example"}, **BASE)
    assert response.status_code == 403
    assert response.json["error"] == "拒绝访问：请求来自其他网页（http://evil.example）。请直接在本工具的网页上操作。"
    other_port = client.post("/api/check", json={"data": example}, headers={"Origin": "http://127.0.0.1:9999"}, **BASE)
    assert other_port.status_code == 403


def test_a_foreign_referer_or_cross_site_fetch_is_refused(client, example):
    referer = client.post("/api/check", json={"data": example}, headers={"Referer": "http://evil.example/x"}, **BASE)
    assert referer.status_code == 403 and referer.json["error"] == "拒绝访问：请求来自其他网页。请直接在本工具的网页上操作。"
    cross = client.get("/api/form", headers={"Sec-Fetch-Site": "cross-site"}, **BASE)
    assert cross.status_code == 403 and cross.json["error"] == "拒绝访问：请求来自其他网站的网页。"


def test_another_machine_is_refused_unless_host_was_given(example):
    guard = Guard()
    guard.allow("127.0.0.1", PORT)
    app = create_app(guard)
    client = app.test_client()
    away = {"REMOTE_ADDR": "192.168.1.20"}
    response = client.get("/api/form", environ_base=away, **BASE)
    assert response.status_code == 403
    assert response.json["error"] == "拒绝访问：本工具只接受本机的浏览器访问（启动时没有指定 --host）。"
    guard.allow("192.168.1.10", PORT, remote=True)
    assert client.get("/api/form", environ_base=away, base_url=f"http://192.168.1.10:{PORT}").status_code == 200
    app.extensions["yusuan"]["uploads"].close()


def test_a_too_large_upload_is_refused(client):
    response = post(client, "/api/open", data={"file": (io.BytesIO(b"x" * (MAX_REQUEST_BYTES + 1)), "big.yaml")})
    assert response.status_code == 413
    assert response.json["error"] == "上传的内容太大：最多 10 MB。"


def test_every_response_carries_the_security_headers(client):
    headers = client.get("/", **BASE).headers
    assert headers["Content-Security-Policy"].startswith("default-src 'self'; script-src 'self';")
    assert headers["X-Frame-Options"] == "SAMEORIGIN" and headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_routes_methods_and_faults_answer_in_words(client, example, monkeypatch):
    assert client.get("/nothing", **BASE).json == {"error": "没有这个页面。"}
    assert client.get("/api/check", **BASE).json == {"error": "这个地址不接受这种请求。"}
    monkeypatch.setattr(web_app.api, "draft", lambda *a, **k: 1 / 0)
    response = post(client, "/api/check", json={"data": example})
    assert response.status_code == 500
    assert response.json == {"error": "程序内部错误，请把终端窗口里的信息告诉维护人员。"}


# ---- the server itself ------------------------------------------------------------------------

def run_server(tmp_path, monkeypatch, **options):
    from generator.web.server import serve

    monkeypatch.chdir(tmp_path)
    said, started = [], threading.Event()
    holder = {}

    def ready(server):
        holder["server"] = server
        started.set()

    thread = threading.Thread(target=serve, kwargs=dict(browser=False, say=said.append, ready=ready, **options))
    thread.start()
    assert started.wait(10)
    return holder["server"], thread, said


def test_serve_listens_on_loopback_prints_the_address_and_leaves_nothing_behind(tmp_path, monkeypatch, example):
    import json

    server, thread, said = run_server(tmp_path, monkeypatch)
    uploads = None
    try:
        address = f"http://127.0.0.1:{server.server_port}/"
        assert said[0] == f"预算说明网页已启动：{address}"
        assert server.server_address[0] == "127.0.0.1"
        assert "部门预算情况说明" in urllib.request.urlopen(address, timeout=10).read().decode("utf-8")
        uploads = server.app.extensions["yusuan"]["uploads"].root
        body = json.dumps({"data": example}).encode("utf-8")
        check = urllib.request.Request(address + "api/docx", body, {"Content-Type": "application/json"})
        assert len(urllib.request.urlopen(check, timeout=10).read()) > 10_000
    finally:
        server.shutdown()
        thread.join(10)
    assert said[-1] == "网页已停止。"
    assert list(tmp_path.iterdir()) == [] and uploads is not None and not uploads.exists()


def test_a_taken_port_is_said_plainly_by_the_command(tmp_path, monkeypatch, capsys):
    from generator.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port), "--no-browser"]) == 1
    err = capsys.readouterr().err
    assert f"无法启动网页：\n  无法在 127.0.0.1:{port} 上启动（" in err
    assert "请换一个 --port，或不写 --port 让程序自己找空闲端口。" in err


@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_ctrl_c_or_sigterm_stops_the_command_cleanly(tmp_path, stop):
    """The real command in its own process: the address printed, Ctrl-C (SIGINT) or a service manager's
    SIGTERM answered with exit 0, no traceback and the temporary folder removed."""
    import os
    import signal
    import subprocess

    env = {**os.environ, "TMPDIR": str(tmp_path / "temp"), "PYTHONUNBUFFERED": "1"}
    (tmp_path / "temp").mkdir()
    (tmp_path / "here").mkdir()
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--no-browser"], cwd=tmp_path / "here", env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        first = process.stdout.readline()
        assert first.startswith("预算说明网页已启动：http://127.0.0.1:"), first + process.stderr.read()
        address = first.split("：", 1)[1].strip()
        assert urllib.request.urlopen(address + "api/form", timeout=10).status == 200
        assert len(list((tmp_path / "temp").iterdir())) == 1  # its upload folder, in the temporary folder
        process.send_signal(getattr(signal, stop))
        out, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0 and err == ""
    assert out.splitlines()[-1] == "网页已停止。"
    assert list((tmp_path / "temp").iterdir()) == [] and list((tmp_path / "here").iterdir()) == []


def test_a_filled_excel_workbook_opens_like_the_yaml(client, tmp_path):
    """The 填报 workbook (init --xlsx) opens in the form with the same data as the YAML it was filled from."""
    import yaml

    from generator.cli import main
    from test_fill_workbook import fill

    target = tmp_path / "区政府办公室.xlsx"
    assert main(["init", "区政府办公室", "2023", "--xlsx", "-o", str(target)]) == 0
    fill(target, yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    result = post(client, "/api/open", data={"file": upload(target), "mode": "existing"}).json
    assert result["data"]["支出"]["合计"] == {"本年": "1909.62"}
    assert result["data"]["单位"]["名称"] == "区政府办公室" and result["name"] == "区政府办公室.xlsx"
