"""What this machine can make besides the .docx: PDF and 公开表 (generator.publish), workbook input.

A PDF needs LibreOffice, which may be missing: the page asks `available()` and says why a button
is missing instead of failing when pressed.
"""

from __future__ import annotations

import importlib
import importlib.util
import shutil
from pathlib import Path
from typing import Any

from generator import api
from generator.errors import BudgetToolError

# kind → (the publish Request's field, file suffix, MIME type, name on the page)
KINDS = {
    "pdf": ("pdf", ".pdf", "application/pdf", "PDF"),
    "tables_xlsx": ("tables_xlsx", "公开表.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "公开表（Excel）"),
    "tables_docx": ("tables_docx", "公开表.docx",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "公开表（Word）"),
}


def publisher() -> Any:
    """Return generator.publish (imported on first use: the page starts without it)."""
    return importlib.import_module("generator.publish")


def workbook_suffixes() -> tuple[str, ...]:
    """Return the workbook suffixes the input readers take (none in a version without workbook input)."""
    sources = importlib.import_module("generator.sources")
    return tuple(getattr(sources, "WORKBOOK_SUFFIXES", ()))


def available() -> dict[str, Any]:
    """Return, for the page, which extra downloads and uploads work here, and why the others do not."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    kinds = {}
    for kind, (_, _, _, label) in KINDS.items():
        if kind == "pdf" and not office:
            kinds[kind] = {"label": label, "ok": False, "why": "本机没有安装 LibreOffice，无法生成 PDF。"}
        else:
            kinds[kind] = {"label": label, "ok": True, "why": ""}
    suffixes = workbook_suffixes()
    return {"downloads": kinds, "workbooks": list(suffixes),
            "workbook_note": "" if suffixes else "本版本的程序还不能读取 Excel 工作簿，请上传 .yaml 输入文件。"}


def make(kind: str, draft: api.Draft, template: Path | None) -> tuple[bytes, str, str]:
    """Return (bytes, file-name suffix, MIME type) of one extra file of a draft; raise a BudgetToolError when it cannot be made."""
    if kind not in KINDS:
        raise BudgetToolError(f"没有“{kind}”这种文件。")
    field, suffix, mime, label = KINDS[kind]
    if not available()["downloads"][kind]["ok"]:
        raise BudgetToolError(f"无法生成{label}：{available()['downloads'][kind]['why']}")
    module = publisher()
    draft_path = Path("初稿.docx")  # names the files in memory only; nothing is written
    outputs = module.build_outputs(draft.budget, (draft_path, draft.docx), template or api.DEFAULT_TEMPLATE,
                                   module.Request(**{field: getattr(module, "BESIDE", Path())}))
    if len(outputs.files) == 0:
        raise BudgetToolError(f"无法生成{label}。")
    wanted = next((data for path, data in outputs.files.items() if str(path).endswith(suffix)), None)
    return (wanted if wanted is not None else next(iter(outputs.files.values()))), suffix, mime
