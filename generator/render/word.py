"""docxtpl's own rendering, for templates the compiled path does not take and for reading tags back.

Imported only when needed: python-docx, which docxtpl loads, costs a cold draft more than
the drafting itself, and the compiled template (prepare.py) does without it.
"""

from __future__ import annotations

import html
import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate

from generator.errors import TemplateError


class Template(DocxTemplate):
    """docxtpl's template, with file properties (title, subject…) stored as the text rendered.

    Properties are plain text, not XML: the autoescaped rendering is unescaped before it is
    stored, so "A&B" in a unit's name stays "A&B" in the title.
    """

    def render_properties(self, context, jinja_env=None) -> None:
        """Render the file properties, then store each as the text it stands for."""
        super().render_properties(context, jinja_env)
        for name in ("author", "comments", "identifier", "language", "subject", "title"):
            value = getattr(self.docx.core_properties, name)
            if value:
                setattr(self.docx.core_properties, name, html.unescape(value))


def load_template(path: Path, data: bytes) -> Template:
    """Return the template in *data* (the checked bytes of the file at *path*), loaded; raise TemplateError if it is not a .docx."""
    template = Template(io.BytesIO(data))  # the bytes checked, not the file again
    try:
        template.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(f"模板 {path} 不是可用的 Word 文档（.docx）：{exc}。请用 Word 或 WPS 另存为 .docx。") from None
    return template


class RenderedDraft:
    """A rendered template held in memory: its text can be read back before it is saved."""

    def __init__(self, template: DocxTemplate) -> None:
        self._template = template

    def paragraphs(self) -> list[str]:
        """Return the text of every body paragraph, as a reader of the saved file would see it."""
        return [paragraph.text for paragraph in self._template.docx.paragraphs]

    def to_bytes(self) -> bytes:
        """Return the draft as the bytes of a .docx, dated now in its file properties."""
        # The file's own properties (Word: 文件 → 信息) should date the draft, not the template.
        self._template.core_properties.modified = datetime.now(timezone.utc).replace(microsecond=0)
        buffer = io.BytesIO()
        self._template.save(buffer)
        return buffer.getvalue()
