"""Word documents to PDF through LibreOffice headless, with the shipped 公文 font substitutes.

Each run gets its own LibreOffice profile in a temporary folder (-env:UserInstallation), so
runs side by side do not wait on or break each other's profile lock; FONTCONFIG_FILE points
at fonts.conf so the official font names resolve to open faces of the same style. Converting
many documents takes one LibreOffice start. Nothing is written to the targets here: the
caller gets the PDF bytes and writes them with the other outputs, all or none.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from generator.errors import OutputError

FONTS_CONF = Path(__file__).resolve().parent / "fonts.conf"
START_S, PER_DOCUMENT_S = 120, 15  # time allowed: LibreOffice's start (~5 s, far more on a busy machine) and each document
INSTALL_HINT = "请安装 LibreOffice（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai）"


def soffice() -> str | None:
    """Return the path of LibreOffice's soffice (or libreoffice) program, None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(documents: dict[str, bytes], timeout_s: int | None = None) -> dict[str, bytes]:
    """Return the PDF bytes of each named .docx (name → bytes), converted in one LibreOffice run.

    Raises OutputError, in Chinese, when LibreOffice is missing, fails, times out or makes no PDF.
    """
    timeout_s = timeout_s or START_S + PER_DOCUMENT_S * len(documents)
    program = soffice()
    if program is None:
        raise OutputError(f"找不到 LibreOffice，无法生成 PDF。{INSTALL_HINT}；或去掉 --pdf 只生成 Word 文件。")
    with tempfile.TemporaryDirectory(prefix="yusuan-pdf-") as folder:
        work = Path(folder)
        sources = []
        for index, data in enumerate(documents.values()):
            source = work / f"doc{index}.docx"  # ASCII names: LibreOffice's command line and locale never matter
            source.write_bytes(data)
            sources.append(source)
        seed_profile(work / "profile", next(iter(documents.values())))
        environment = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF), "HOME": str(work)}
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work / "pdf"),
                   *map(str, sources)]
        try:
            returncode, output = run(command, environment, timeout_s)
        except subprocess.TimeoutExpired:
            raise OutputError(f"LibreOffice 在 {timeout_s} 秒内没有完成 PDF 转换，已停止；没有写入任何文件。"
                              "请关闭其他正在运行的 LibreOffice 后重试。") from None
        except OSError as exc:
            raise OutputError(f"无法启动 LibreOffice（{program}：{exc.strerror}）。{INSTALL_HINT}。") from None
        results = {}
        for name, source in zip(documents, sources):
            pdf = work / "pdf" / f"{source.stem}.pdf"
            if not pdf.is_file() or pdf.stat().st_size == 0:
                detail = output.strip().splitlines()[-1:] or [f"退出码 {returncode}"]
                raise OutputError(f"LibreOffice 没有生成 {name} 的 PDF（{detail[0][:200]}）；没有写入任何文件。")
            results[name] = pdf.read_bytes()
        return results


KINSOKU = re.compile(r'<w:noLineBreaks(Before|After) w:lang="([^"]+)" w:val="([^"]*)"/>')


def seed_profile(profile: Path, docx: bytes) -> None:
    """Give LibreOffice the document's own line-breaking rules (禁则) through its fresh profile.

    LibreOffice does not read w:noLineBreaksBefore/After from a .docx; it takes a language's
    characters that may not start or end a line from its configuration (Asian Layout). The
    lists in the template's settings.xml ("万" and "元" may not start a line, so an amount's
    unit never begins one) are written there, so both office suites break lines alike.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as package:
            settings = package.read("word/settings.xml").decode("utf-8")
    except (KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return
    rules: dict[str, dict[str, str]] = {}
    for side, language, characters in KINSOKU.findall(settings):
        rules.setdefault(language, {})["StartCharacters" if side == "Before" else "EndCharacters"] = html.unescape(characters)
    if not rules:
        return
    nodes = "".join(
        f'<node oor:name="{escape(language)}" oor:op="replace">'
        + "".join(f'<prop oor:name="{name}" oor:op="fuse"><value>{escape(chars)}</value></prop>'
                  for name, chars in sorted(lists.items()))
        + "</node>" for language, lists in rules.items())
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<item oor:path="/org.openoffice.Office.Common/AsianLayout/StartEndCharacters">{nodes}</item></oor:items>\n',
        encoding="utf-8")


def run(command: list[str], environment: dict[str, str], timeout_s: float) -> tuple[int, str]:
    """Return the exit code and output of *command*; on timeout stop it and everything it started.

    soffice is a script that starts soffice.bin: killing the script alone would leave
    LibreOffice running, so it runs in its own process group and the group is stopped.
    """
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               env=environment, text=True, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout_s)
    except BaseException:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.communicate()
        raise
    return process.returncode, output or ""
