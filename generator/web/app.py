"""The page's routes (Flask): the form, live checks with the draft's text, downloads, compare and audit.

Every route calls the public API (generator.load / draft / diff, audit.audit_document); uploads go
to a temporary folder of the server's own, removed after each request and when the server stops.
Downloads are responses: nothing is written in the folder the server was started in.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, request, send_from_directory

from generator import api
from generator.checks import ERROR, Finding, summary
from generator.checks.finding import from_problem
from generator.errors import BudgetToolError, InputError, Problem
from generator.web import extras
from generator.web.form import collapse_optional, expand_optional, form_sections, next_year, read_plain
from generator.web.security import MAX_REQUEST_BYTES, SECURITY_HEADERS, Guard
from generator.web.yamltext import yaml_text

STATIC = Path(__file__).resolve().parent / "static"
FORM_NAME = "网页表单"            # how findings on the form's data name their file
INPUT_SUFFIXES = (".yaml", ".yml")
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".txt")


class Uploads:
    """The server's temporary folder: one sub-folder per request, all removed when the server stops."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="yusuan-web-"))
        self.templates: dict[str, Path] = {}

    def folder(self) -> Path:
        """Return a new empty folder for one request's files."""
        return Path(tempfile.mkdtemp(dir=self.root))

    def save(self, field: str, folder: Path, suffixes: tuple[str, ...]) -> tuple[Path, str]:
        """Return where the uploaded file *field* was saved (under its own name) and that name.

        Raises InputError when no file was chosen or it is of the wrong kind.
        """
        upload = request.files.get(field)
        if upload is None or not upload.filename:
            raise refused("", "请先选择要上传的文件。")
        name = safe_name(upload.filename)
        if not name.lower().endswith(suffixes):
            raise refused(name, f"这里只能上传 {'、'.join(suffixes)} 文件。")
        target = folder / field / name  # its own folder: the two sides of a comparison may share a name
        target.parent.mkdir()
        upload.save(target)
        return target, name

    def scrub(self, text: str) -> str:
        """Return *text* with the temporary folders taken out of the paths it quotes (staff see their file's name)."""
        return re.sub(re.escape(str(self.root)) + r"[/\\][^/\\]+[/\\][^/\\]+[/\\]", "", text)

    def close(self) -> None:
        """Remove every uploaded file."""
        shutil.rmtree(self.root, ignore_errors=True)


def safe_name(filename: str) -> str:
    """Return the last part of an uploaded file's name, without characters no file system takes.

    >>> safe_name("C:\\\\公文\\\\2023年说明.docx"), safe_name("../../etc/passwd"), safe_name("a:b?.yaml")
    ('2023年说明.docx', 'passwd', 'a_b_.yaml')
    """
    name = re.split(r"[\\/]", filename)[-1]
    name = re.sub(r'[\x00-\x1f:*?"<>|]', "_", name).strip(" .")
    return name[-100:] or "上传的文件"


def create_app(guard: Guard | None = None) -> Flask:
    """Return the page's application; *guard* says which addresses and machines it answers."""
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.config["MAX_FORM_MEMORY_SIZE"] = MAX_REQUEST_BYTES
    app.json.sort_keys = False  # the order written is the order printed (收入来源, 功能分类)
    guard = guard or Guard()
    uploads = Uploads()
    drafting = threading.Lock()  # one draft at a time: the prepared template is shared
    app.extensions["yusuan"] = {"guard": guard, "uploads": uploads}

    @app.before_request
    def refuse_strangers():
        reason = guard.refusal(request.headers, request.remote_addr)
        if reason:
            return jsonify(error=reason), 403
        return None

    @app.after_request
    def protect(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.errorhandler(413)
    def too_large(_):
        return jsonify(error=f"上传的内容太大：最多 {MAX_REQUEST_BYTES // 1024 // 1024} MB。"), 413

    @app.errorhandler(BudgetToolError)
    def tool_error(exc: BudgetToolError):
        return jsonify(error=uploads.scrub("\n".join(exc.lines()))), 422

    @app.errorhandler(404)
    def not_found(_):
        return jsonify(error="没有这个页面。"), 404

    @app.errorhandler(405)
    def wrong_method(_):
        return jsonify(error="这个地址不接受这种请求。"), 405

    @app.errorhandler(Exception)
    def fault(exc: Exception):
        app.logger.exception("程序内部错误")
        return jsonify(error="程序内部错误，请把终端窗口里的信息告诉维护人员。"), 500

    @app.get("/")
    def page():
        return send_from_directory(STATIC, "index.html")

    @app.get("/favicon.ico")
    def no_icon():
        return "", 204  # browsers ask for one; the page has none

    @app.get("/static/<path:name>")
    def static_file(name: str):
        return send_from_directory(STATIC, name)

    @app.get("/api/form")
    def form():
        return jsonify(sections=form_sections(), extras=extras.available())

    @app.post("/api/check")
    def check():
        body = json_body()
        with drafting:
            findings, draft = draft_of(body, uploads)
        return jsonify(findings=[finding_json(f, uploads) for f in findings], summary=summary(findings),
                       paragraphs=draft.paragraphs if draft else [], drafted=bool(draft and draft.docx))

    @app.post("/api/docx")
    def docx():
        body = json_body()
        with drafting:
            findings, draft = draft_of(body, uploads)
        if draft is None or draft.docx is None:
            errors = [finding_json(f, uploads) for f in findings if f.severity == ERROR]
            return jsonify(error=f"有 {len(errors)} 条错误，没有生成初稿。请按页面上的提示修改。", findings=errors), 422
        return attachment(draft.docx, f"{unit_name(body)}.docx",
                          "application/vnd.openxmlformats-officedocument.wordprocessingml.document")

    @app.post("/api/yaml")
    def yaml_download():
        body = json_body()
        return attachment(yaml_text(collapse_optional(body.get("data") or {})).encode("utf-8"), f"{unit_name(body)}.yaml",
                          "text/yaml; charset=utf-8")

    @app.post("/api/publish/<kind>")
    def publish(kind: str):
        body = json_body()
        with drafting:
            findings, draft = draft_of(body, uploads)
            if draft is None or draft.docx is None:
                return jsonify(error="有错误，没有生成初稿，也就无法生成 PDF 或公开表。"), 422
            data, suffix, mime = extras.make(kind, draft, template_of(body, uploads))
        return attachment(data, f"{unit_name(body)}{suffix}", mime)

    @app.post("/api/open")
    def open_input():
        folder = uploads.folder()
        try:
            path, name = uploads.save("file", folder, INPUT_SUFFIXES + extras.workbook_suffixes())
            data, notes = read_plain(path)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if request.form.get("mode") == "last_year":
            return jsonify(data=next_year(data), last_year=data, notes=notes, name=name)
        return jsonify(data=expand_optional(data), last_year=None, notes=notes, name=name)

    @app.post("/api/template")
    def template():
        folder = uploads.folder()
        path, name = uploads.save("file", folder, (".docx",))
        api.renderer_for(path)  # a broken template is refused now, with its TemplateError
        token = secrets.token_hex(8)
        uploads.templates[token] = path
        return jsonify(token=token, name=name)

    @app.post("/api/diff")
    def diff():
        folder = uploads.folder()
        try:
            old, old_name = uploads.save("old", folder, INPUT_SUFFIXES + (".docx",))
            new, new_name = uploads.save("new", folder, INPUT_SUFFIXES + (".docx",))
            review = api.diff(old, new, ignore_year_shift=request.form.get("ignore_year_shift") == "1")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return jsonify(html=uploads.scrub(review.html), lines=[uploads.scrub(line) for line in review.lines],
                       names=[old_name, new_name])

    @app.post("/api/audit")
    def audit():
        from generator.audit import audit_document

        folder = uploads.folder()
        try:
            path, name = uploads.save("file", folder, DOCUMENT_SUFFIXES)
            findings = audit_document(path)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return jsonify(findings=[finding_json(f, uploads) for f in findings], summary=summary(findings), name=name)

    return app


def json_body() -> dict[str, Any]:
    """Return the request's JSON object; raise InputError when it is not one."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise refused(FORM_NAME, "请求的内容不是表单数据，请刷新网页后重试。")
    return body


def template_of(body: dict[str, Any], uploads: Uploads) -> Path | None:
    """Return the uploaded template the request names (None: the tool's own)."""
    token = body.get("template")
    if token and token not in uploads.templates:
        raise refused("模板", "上传的模板已失效（服务重新启动过），请重新上传。")
    return uploads.templates.get(token) if token else None


def draft_of(body: dict[str, Any], uploads: Uploads) -> tuple[list[Finding], api.Draft | None]:
    """Return the findings on the form's data and its draft (None when the data cannot be read)."""
    data, last_year = body.get("data"), body.get("last_year")
    if not isinstance(data, dict):
        raise refused(FORM_NAME, "请求的内容不是表单数据，请刷新网页后重试。")
    try:
        budget = api.load(collapse_optional(data), last_year=last_year if isinstance(last_year, dict) else None,
                          name=FORM_NAME)
    except InputError as exc:
        return [from_problem("INP-02", ERROR, p) for p in exc.problems], None
    draft = api.draft(budget, template=template_of(body, uploads))
    return draft.findings, draft


def finding_json(finding: Finding, uploads: Uploads) -> dict[str, Any]:
    """Return a finding for the page, its file named as staff know it (not the temporary copy)."""
    data = finding.as_dict()
    data["file"] = uploads.scrub(data["file"])
    data["message"] = uploads.scrub(data["message"])
    return data


def refused(file: str, message: str) -> InputError:
    """Return the InputError of one problem with a request (no line, no field)."""
    return InputError([Problem(file, None, "", message)])


def unit_name(body: dict[str, Any]) -> str:
    """Return the name downloads are saved under: 单位名称 and 年度, or a neutral one."""
    unit = (body.get("data") or {}).get("单位") or {}
    name = safe_name(f"{unit.get('年度') or ''}{unit.get('名称') or ''}") if isinstance(unit, dict) else ""
    return name if name != "上传的文件" else "部门预算情况说明"


def attachment(data: bytes, filename: str, mime: str) -> Response:
    """Return *data* as a download named *filename* (UTF-8 file names, as RFC 6266 allows)."""
    from urllib.parse import quote

    response = Response(data, mimetype=mime)
    response.headers["Content-Disposition"] = f"attachment; filename=download; filename*=UTF-8''{quote(filename)}"
    return response
