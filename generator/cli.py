"""The command line: the only module that prints or chooses exit codes.

Exit codes: 0 done; 1 a problem in the input, the template or the output place
(nothing written); 2 a usage error; 3 a fault in the program itself.
"""

from __future__ import annotations

import argparse
import builtins
import os
import sys
from pathlib import Path

from generator.commandline import build_parser, publish_request, terminal_text
from generator.errors import BudgetToolError, ProgramError

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

def print(*values: object, sep: str = " ", end: str = "\n", file=None, flush: bool = False) -> None:  # noqa: A001
    """Print like the built-in print, through terminal_text: labels and keys from files never reach the terminal raw."""
    builtins.print(terminal_text(sep.join(map(str, values))), end=end, file=file, flush=flush)


def print_findings(findings: list) -> None:
    """Print findings grouped by severity, with a one-line summary."""
    from generator.checks import SEVERITIES, summary

    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if group:
            print(f"【{severity}】{len(group)} 条")
            for finding in group:
                print(f"  [{finding.rule}] {finding}")
    print(summary(findings))


def run_check(args: argparse.Namespace) -> int:
    """Check an input file and report what the rules found; exit 1 when there is an 错误."""
    from generator import api
    from generator.checks import ERROR, Finding

    if is_word_document(args.input):
        findings = [Finding("INP-02", ERROR, str(args.input), None, "",
                            "这是 Word 文档（.docx）。check 只检查输入文件（.yaml）；要检查写好的说明（初稿或往年公开的文本），"
                            f"请用 audit：python -m generator audit {args.input}")]
    else:
        findings = api.check(args.input, tables=args.tables)
    return report_findings(args.input, findings, args.format)


def is_word_document(path: Path) -> bool:
    """Return True for a .docx (by its name, or a zip package under another name): a document, not an input."""
    if path.suffix.lower() == ".docx":
        return True
    if not path.is_file():  # regular files only: opening a FIFO would wait for a writer
        return False
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def run_audit(args: argparse.Namespace) -> int:
    """Audit a document's own sentences; exit 1 when there is an 错误."""
    from generator.audit import audit_document

    return report_findings(args.document, audit_document(args.document), args.format)


def report_findings(path: Path, findings: list, form: str) -> int:
    """Print findings as text or JSON; return 1 when there is an 错误."""
    from generator.checks import ERROR, SEVERITY_CODES, summary_counts

    if form == "json":
        report = {
            "file": str(path),
            "summary": summary_counts(findings),
            "severity_labels": {code: label for label, code in SEVERITY_CODES.items()},
            "findings": [f.as_dict() for f in findings],
        }
        import json  # only for --format json: a plain draft should not pay for it

        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_findings(findings)
    return EXIT_DATA if any(f.severity == ERROR for f in findings) else EXIT_OK


def run_draft(args: argparse.Namespace) -> int:
    """Check the input, write the draft, and say where it went."""
    from generator import api

    draft = api.draft(args.input, args.template, tables=args.tables)
    print_findings(draft.findings)
    if draft.docx is None:
        print(f"有 {len(draft.errors)} 条错误，没有生成初稿。请按上面的提示修改 {args.input} 后重试。")
        return EXIT_DATA
    checked = len(draft.findings)
    written = draft.save(args.output or draft.default_path(), publish_request(args), force=args.force)
    print(f"初稿已生成：{written[0]}")
    for path in written[1:]:
        print(f"已生成：{path}")
    for finding in draft.findings[checked:]:  # notes on the PDF's fonts
        print(f"  [{finding.rule}] {finding}")
    if draft.warnings:
        print("请核实上面的警告后再公开。")
    return EXIT_OK


def run_diff(args: argparse.Namespace) -> int:
    """Compare two drafts or inputs; print the summary and write the requested reports."""
    from generator import api, drafting
    from generator.files import guard_outputs

    reports = [(f"{option} 的输出文件", target) for option, target in (("--docx", args.docx), ("--html", args.html)) if target]
    kept = drafting.kept_files([("旧稿", args.old), ("新稿", args.new)], args.template)
    guard_outputs(reports, kept, args.force)
    result = api.diff(args.old, args.new, template=args.template, ignore_year_shift=args.ignore_year_shift)
    print("\n".join(result.lines))
    for target, content in ((args.docx, result.tracked_docx), (args.html, result.html)):
        if target is not None:
            write_file(target, content() if callable(content) else content)
            print(f"已保存：{target}")
    return EXIT_OK


def write_file(target: Path, content: bytes | str) -> None:
    """Write a report atomically."""
    from generator.files import write_atomically

    data = content.encode("utf-8") if isinstance(content, str) else content
    write_atomically(target, lambda stream: stream.write(data))


def under_signals(run):
    """Return run()'s result, with SIGTERM stopping it as Ctrl-C does, and the signal that stopped it (or None).

    Python's own SIGTERM ends the process at once, skipping every `finally`: a batch would not
    record its units, the web page would leave its temporary folder behind.
    """
    import signal

    stopped_by = []

    def terminate(signum, frame):
        stopped_by.append(signum)
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread: leave signals to whoever runs us
        return run(), None
    try:
        return run(), (stopped_by or [signal.SIGINT])[0]
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_batch(args: argparse.Namespace) -> int:
    """Draft every input in a folder; print a table of units, their problems and warnings, and where the manifest went."""
    import shutil

    from generator import api, drafting
    from generator.batch import SUCCESSFUL, run_batch as batch
    from generator.batch.report import ProgressLine, interrupted_message, progress_line, report_lines

    outdir = args.output or Path("drafts") / args.folder.name
    if not args.folder.is_dir():
        if args.folder.exists():
            print(f"{args.folder} 不是文件夹：批量生成要给出放输入文件的文件夹，请检查路径。", file=sys.stderr)
        else:
            print(f"找不到文件夹 {args.folder}，请检查路径。", file=sys.stderr)
        return EXIT_DATA
    api.prepare_template(api.template_path(args.template))  # a bad template stops the run before anything is written
    interactive, shown = sys.stderr.isatty(), ProgressLine()

    def progress(done: int, total: int, entry) -> None:
        if interactive:
            line = progress_line(done, total, entry.unit)
            print(shown.redraw(line, shutil.get_terminal_size().columns - 1), end="", file=sys.stderr, flush=True)

    template = api.template_path(args.template)
    report, signum = under_signals(lambda: batch(
        args.folder, outdir, template, args.jobs, args.timeout, args.force, progress,
        keep=tuple(drafting.shipped_templates()), tables=args.tables_from))
    if interactive and shown.shown:
        print(file=sys.stderr)
    if report.interrupted:
        print(interrupted_message(report), file=sys.stderr)
        return 128 + signum
    if not report.entries:
        print(f"{args.folder} 里没有输入文件（.yaml 或 Excel 填报表）。")
        return EXIT_DATA
    for line in report_lines(report):
        print(line)
    if args.tables or args.pdf:
        from generator.batch.publishing import publish_drafts

        drafted = [(Path(e.input), Path(e.output)) for e in report.entries if e.status in SUCCESSFUL]
        try:
            published = publish_drafts(drafted, template, args.tables, args.pdf)
        except KeyboardInterrupt:
            print(f"已中断：{len(drafted)} 份初稿和清单 {report.manifest} 已写好，公开表和 PDF 没有全部生成；"
                  "再次运行同一命令会补上。", file=sys.stderr)
            return 130
        for finding in published.findings:
            print(f"  [{finding.rule}] {finding.severity}：{finding.message}")
        print(f"公开表和 PDF：为 {len(drafted)} 个单位生成了 {len(published.written)} 个文件，放在各自初稿旁边。")
    return EXIT_OK if report.all_succeeded else EXIT_DATA


def run_template_check(args: argparse.Namespace) -> int:
    """Report everything wrong with a template; exit 1 when anything is."""
    from generator.reference import known_variables
    from generator import drafting
    from generator.templatecheck import TemplateIssue, check_template

    issues = check_template(args.template, known_variables())
    issues += [TemplateIssue("句式规则", "", line) for line in drafting.rules_problems(args.template)]
    for issue in issues:
        print(issue)
    errors = [i for i in issues if i.severity == "错误"]
    notes = f"（另有 {len(issues) - len(errors)} 条提示）" if len(issues) > len(errors) else ""
    print(f"模板检查：{args.template} 有 {len(errors)} 处问题{notes}。" if errors
          else f"模板检查：{args.template} 没有发现问题{notes}。")
    return EXIT_DATA if errors else EXIT_OK


def run_template_vars(args: argparse.Namespace) -> int:
    """Print or write the reference of template variables."""
    from generator.reference import EXAMPLE, reference_text

    example = args.example or EXAMPLE
    if not example.is_file():  # an installed copy has no example inputs beside it
        print(f"找不到示例输入文件 {example}。请用 --example 指定一份输入文件（示例值取自它）。", file=sys.stderr)
        return EXIT_DATA
    text = reference_text(example)
    if args.yaml:
        from generator.variables import variables_yaml

        write_file(args.yaml, variables_yaml())
        print(f"已保存：{args.yaml}")
    if args.output:
        write_file(args.output, text)
        print(f"已保存：{args.output}")
    else:
        print(text, end="")
    return EXIT_OK


def run_rules(args: argparse.Namespace) -> int:
    """Print the table of rules."""
    from generator.reference import rules_table

    print(rules_table(), end="")
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    """Serve the page until Ctrl-C."""
    import importlib.util

    if importlib.util.find_spec("flask") is None:
        print("网页需要 Flask，本环境没有安装。请安装网页部分：pip install 'budget-explainer[web]'"
              "（在源码文件夹里是 pip install '.[web]'，make 会自动安装）。", file=sys.stderr)
        return EXIT_DATA
    from generator.web.server import serve

    under_signals(lambda: serve(args.host, args.port, browser=not args.no_browser, say=lambda line: print(line, flush=True)))
    return EXIT_OK


def shell_word(path: Path) -> str:
    """Return *path* as one word to paste into a terminal: quoted when it holds spaces or shell characters.

    >>> shell_word(Path("inputs/2024/区财政局.yaml")), shell_word(Path("inputs/2024/区 财政#局&.yaml"))
    ('inputs/2024/区财政局.yaml', '"inputs/2024/区 财政#局&.yaml"')
    """
    text = str(path)
    return f'"{text}"' if any(ch in text for ch in " #&;|()<>$`'!") else text


def run_init(args: argparse.Namespace) -> int:
    """Write a blank input file (YAML, 填报 workbook, or YAML with a 公开表's figures) and say where it went."""
    from generator.skeleton import write_fill_workbook, write_skeleton

    if args.xlsx:
        path = write_fill_workbook(args.unit, args.year, args.output)
        print(f"Excel 填报表已生成：{path}\n填好后运行：python -m generator draft {shell_word(path)}")
        return EXIT_OK
    path = write_skeleton(args.unit, args.year, args.output, args.tables)
    filled = f"（已按 {args.tables} 填好数字）" if args.tables else ""
    print(f"空白输入文件已生成{filled}：{path}\n填好后运行：python -m generator draft {shell_word(path)}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = build_parser().parse_args(argv)  # exits with 2 on a usage error
    runners = {"draft": run_draft, "check": run_check, "audit": run_audit, "diff": run_diff, "batch": run_batch,
               "init": run_init, "serve": run_serve, "template-check": run_template_check, "template-vars": run_template_vars, "rules": run_rules}
    try:
        return runners[args.command](args)
    except ProgramError as exc:
        print(f"{exc.who_fixes}：{exc}", file=sys.stderr)
        return EXIT_BUG
    except BudgetToolError as exc:
        print(f"{exc.who_fixes}：", file=sys.stderr)
        for line in exc.lines():
            print(f"  {line}", file=sys.stderr)
        print("没有写入任何文件。", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已中断，没有写入任何文件。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of our output stopped (| head): nothing more to say to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so that the exit flush cannot fail again
        return 128 + 13  # as a shell reports a pipe closed under a program (SIGPIPE)
    except Exception:  # a bug, not the user's doing: say so, keep the details for maintainers
        print("程序内部错误，没有写入任何文件。请把以下信息告诉维护人员：", file=sys.stderr)
        import traceback  # only for a fault of the program

        traceback.print_exc(limit=-3, file=sys.stderr)
        return EXIT_BUG
