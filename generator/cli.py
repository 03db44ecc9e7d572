"""The command line: the only module that prints or chooses exit codes.

Exit codes: 0 done; 1 a problem in the input, the template or the output place
(nothing written); 2 a usage error; 3 a fault in the program itself.
"""

from __future__ import annotations

import argparse
import builtins
import json
import os
import re
import sys
import unicodedata
import traceback
from pathlib import Path

from generator.errors import BudgetToolError, ProgramError
from generator.xmlchars import CONTROLS, INVISIBLE

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

# argparse's own words, in Chinese (argparse looks its messages up through `_` at call time).
ARGPARSE_WORDS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有“%(value)s”这个命令，可用的有：%(choices)s",
    "expected one argument": "后面需要跟一个值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "“%(value)s”不是有效的%(type)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：用法错误：%(message)s\n（运行 python -m generator --help 查看用法）\n",
}
argparse._ = lambda text: ARGPARSE_WORDS.get(text, text)  # type: ignore[attr-defined]


# What a terminal would obey rather than show; tab, line feed and carriage return (the progress bar's) excepted.
TERMINAL_CONTROLS = re.compile(f"{CONTROLS.pattern}|{INVISIBLE.pattern}")


def terminal_text(text: str) -> str:
    """Return *text* with every character a terminal would obey instead of show written as its code.

    >>> terminal_text("区\\x1b[2J办\\u202e公室")
    '区<U+001B>[2J办<U+202E>公室'
    """
    return TERMINAL_CONTROLS.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)


def print(*values: object, sep: str = " ", end: str = "\n", file=None, flush: bool = False) -> None:  # noqa: A001
    """Print like the built-in print, through terminal_text: labels and keys from files never reach the terminal raw."""
    builtins.print(terminal_text(sep.join(map(str, values))), end=end, file=file, flush=flush)


class Parser(argparse.ArgumentParser):
    """argparse's parser, whose messages (which quote the arguments given) pass through terminal_text."""

    def _print_message(self, message: str, file=None) -> None:
        super()._print_message(terminal_text(message) if message else message, file)


def positive_int(text: str) -> int:
    """Return *text* as a whole number of at least 1 (argparse type)."""
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise argparse.ArgumentTypeError(f"应为正整数，实际为“{text}”")


def year_number(text: str) -> int:
    """Return *text* as a year between 2000 and 2100 (argparse type)."""
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    raise argparse.ArgumentTypeError(f"年度应为 2000 到 2100 之间的四位数，实际为“{text}”")


def unit_name(text: str) -> str:
    """Return *text* as a unit's name, stripped, or refuse it (argparse type; see skeleton.unit_name_problem)."""
    from generator.skeleton import unit_name_problem

    problem = unit_name_problem(text.strip())
    if problem:
        raise argparse.ArgumentTypeError(terminal_text(problem.removesuffix("。")))
    return text.strip()


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of `python -m generator` and its sub-commands."""
    parser = Parser(
        prog="python -m generator",
        description="部门预算情况说明起草工具：检查输入的数字，按模板生成可直接公开的 Word 文档。",
        epilog="例：python -m generator draft inputs/2023/区政府办公室.yaml",
    )
    commands = parser.add_subparsers(dest="command", metavar="命令", required=True)

    draft = commands.add_parser("draft", help="检查输入并生成 Word 初稿", description="检查输入文件；没有错误时生成 Word 初稿。")
    draft.add_argument("input", metavar="输入文件", type=Path, help="如 inputs/2023/区政府办公室.yaml")
    draft.add_argument("-o", "--output", metavar="输出文件", type=Path,
                       help="初稿保存位置（默认 drafts/<年度>/<单位>.docx）")
    draft.add_argument("--template", metavar="模板", type=Path, help="使用的 Word 模板（默认本工具自带模板）")

    check = commands.add_parser("check", help="只检查输入，不生成初稿",
                                description="按审核规则检查输入文件，列出错误、警告和提示；有错误时退出码为 1。")
    check.add_argument("input", metavar="输入文件", type=Path, help="如 inputs/2023/区政府办公室.yaml")
    check.add_argument("--format", choices=["text", "json"], default="text", metavar="格式",
                       help="text（默认，按级别分组）或 json（供其他程序读取）")

    audit = commands.add_parser("audit", help="审核任何一份预算说明（.docx/.pdf/.txt，不必是本工具生成的）",
                                description="逐段读出文稿中的数字和增减句，核对增减幅度、方向、占比、合计、年份、模板残留等；"
                                            "有错误时退出码为 1。")
    audit.add_argument("document", metavar="文稿", type=Path, help="如 2022年部门预算情况说明.docx")
    audit.add_argument("--format", choices=["text", "json"], default="text", metavar="格式",
                       help="text（默认，按级别分组）或 json（供其他程序读取）")

    diff = commands.add_parser("diff", help="比对两稿（年度之间或同一年的两版）",
                               description="比对两份初稿（.docx，可以是在 Word 中改过的）或两份输入文件（先生成再比对）。"
                                           "终端显示各部分的改动和变化的数字；可另存带修订标记的 Word 文档和 HTML 对照页。")
    diff.add_argument("old", metavar="旧稿", type=Path, help="旧的初稿 .docx 或输入文件 .yaml")
    diff.add_argument("new", metavar="新稿", type=Path, help="新的初稿 .docx 或输入文件 .yaml")
    diff.add_argument("--docx", metavar="输出.docx", type=Path, help="新稿加修订标记（作者“比对”），可在 Word/WPS 中逐条接受或拒绝")
    diff.add_argument("--html", metavar="输出.html", type=Path, help="左右对照的网页，可直接打印")
    diff.add_argument("--ignore-year-shift", action="store_true",
                      help="跨年度比对时，旧稿的年份按新稿平移（2022→2023 不算改动），只看实质变化")
    diff.add_argument("--template", metavar="模板", type=Path, help="输入文件生成初稿时用的模板（默认本工具自带模板）")

    batch = commands.add_parser("batch", help="一次生成一个文件夹里所有单位的初稿（含部门汇总）",
                                description="检查并生成文件夹中每个输入文件的初稿；部门文件的数字与所属单位之和逐项核对。"
                                            "结果表和 manifest.json 记录每个单位的状态；未变的单位跳过，手工改过的初稿不覆盖。")
    batch.add_argument("folder", metavar="文件夹", type=Path, help="如 inputs/2023")
    batch.add_argument("-o", "--output", metavar="输出文件夹", type=Path, help="默认 drafts/<文件夹名>，如 drafts/2023")
    batch.add_argument("--jobs", metavar="进程数", type=positive_int, default=os.cpu_count() or 1,
                       help="同时生成的进程数（默认等于处理器核数）")
    batch.add_argument("--timeout", metavar="秒", type=positive_int, default=120, help="单个单位的时限（默认 120 秒）")
    batch.add_argument("--force", action="store_true", help="覆盖手工改过的初稿，并重新生成未变的单位")
    batch.add_argument("--template", metavar="模板", type=Path, help="使用的 Word 模板（默认本工具自带模板）")

    check_template = commands.add_parser("template-check", help="检查自己单位的 Word 模板",
                                         description="在生成之前检查模板：未知变量（并给出最接近的正确名称）、写错的标签、"
                                                     "全角括号、标签里的弯引号、没有设置中文字体的文字和样式。")
    check_template.add_argument("template", metavar="模板", type=Path, help="如 我单位模板.docx")

    variables = commands.add_parser("template-vars", help="生成模板变量一览（含义和示例值）",
                                    description="按程序提供的变量和示例输入生成模板变量一览（Markdown）。")
    variables.add_argument("-o", "--output", metavar="输出文件", type=Path, help="默认打印到屏幕")
    variables.add_argument("--yaml", metavar="输出文件", type=Path,
                           help="另存变量及含义的 YAML 清单（templates/variables.yaml）")

    serve = commands.add_parser("serve", help="打开填写网页：边填边检查，下载 Word 初稿",
                                description="在本机启动一个网页：按文稿的各部分填写数字和原因，边填边检查、预览初稿，"
                                            "下载 Word 初稿和输入文件；也可以比对两稿、审核现成的文稿。按 Ctrl+C 停止。")
    serve.add_argument("--host", metavar="地址", help="让其他电脑也能访问时才写（如本机的局域网地址）；默认只有本机能访问")
    serve.add_argument("--port", metavar="端口", type=int, default=0, help="默认自动选一个空闲端口")
    serve.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")

    commands.add_parser("rules", help="列出全部检查规则", description="列出检查规则的编号、级别和要求（Markdown 表格）。")

    init = commands.add_parser("init", help="生成一份空白的输入文件", description="生成带说明的空白输入文件，供填写。")
    init.add_argument("unit", metavar="单位", type=unit_name, help="单位名称，如 区政府办公室")
    init.add_argument("year", metavar="年度", type=year_number, help="预算年度，如 2024")
    init.add_argument("-o", "--output", metavar="输出文件", type=Path,
                      help="保存位置（默认 inputs/<年度>/<单位>.yaml）")
    return parser


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

    return report_findings(args.input, api.check(args.input), args.format)


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
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_findings(findings)
    return EXIT_DATA if any(f.severity == ERROR for f in findings) else EXIT_OK


def run_draft(args: argparse.Namespace) -> int:
    """Check the input, write the draft, and say where it went."""
    from generator import api

    draft = api.draft(args.input, args.template)
    print_findings(draft.findings)
    if draft.docx is None:
        print(f"有 {len(draft.errors)} 条错误，没有生成初稿。请按上面的提示修改 {args.input} 后重试。")
        return EXIT_DATA
    target = draft.save(args.output or draft.default_path())
    print(f"初稿已生成：{target}")
    if draft.warnings:
        print("请核实上面的警告后再公开。")
    return EXIT_OK


def run_diff(args: argparse.Namespace) -> int:
    """Compare two drafts or inputs; print the summary and write the requested reports."""
    from generator import api

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


def display_width(text: str) -> int:
    """Return how many terminal columns *text* takes (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table_lines(rows: list[list[str]]) -> list[str]:
    """Return rows as aligned columns, Chinese-width aware."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell + " " * (width - display_width(cell)) for cell, width in zip(row, widths)).rstrip()
            for row in rows]


def progress_line(done: int, total: int, name: str, width: int = 30) -> str:
    """Return the progress bar's line.

    >>> progress_line(3, 4, "区政府机关", 8)
    '[######··] 3/4 区政府机关'
    """
    filled = width * done // max(total, 1)
    return f"[{'#' * filled}{'·' * (width - filled)}] {done}/{total} {name}"


def run_batch(args: argparse.Namespace) -> int:
    """Draft every input in a folder; print a table of units and where the manifest went."""
    from generator import api
    from generator.batch import SUCCESSFUL, run_batch as batch

    outdir = args.output or Path("drafts") / args.folder.name
    if not args.folder.is_dir():
        print(f"找不到文件夹 {args.folder}，请检查路径。", file=sys.stderr)
        return EXIT_DATA
    interactive = sys.stderr.isatty()

    def progress(done: int, total: int, entry) -> None:
        if interactive:
            print("\r" + progress_line(done, total, entry.unit), end="", file=sys.stderr, flush=True)

    report = batch(args.folder, outdir, args.template or api.DEFAULT_TEMPLATE, args.jobs, args.timeout,
                   args.force, progress)
    if interactive:
        print(file=sys.stderr)
    if not report.entries:
        print(f"{args.folder} 里没有输入文件（.yaml）。")
        return EXIT_DATA
    rows = [["单位", "状态", "错误", "警告", "初稿"]]
    rows += [[e.unit, e.status, str(e.errors), str(e.warnings), e.output] for e in report.entries]
    print("\n".join(table_lines(rows)))
    for entry in report.entries:
        if entry.status not in SUCCESSFUL:
            print(f"\n{entry.unit}（{entry.status}）：")
            print("\n".join(f"  {m}" for m in entry.messages[:10]))
    statuses = [e.status for e in report.entries]
    counts = "，".join(f"{s} {statuses.count(s)} 个" for s in dict.fromkeys(statuses))
    print(f"\n共 {len(statuses)} 个单位：{counts}。清单：{report.manifest}")
    return EXIT_OK if report.all_succeeded else EXIT_DATA


def run_template_check(args: argparse.Namespace) -> int:
    """Report everything wrong with a template; exit 1 when anything is."""
    from generator.reference import known_variables
    from generator.templatecheck import check_template

    issues = check_template(args.template, known_variables())
    for issue in issues:
        print(issue)
    print(f"模板检查：{args.template} 有 {len(issues)} 处问题。" if issues else f"模板检查：{args.template} 没有发现问题。")
    return EXIT_DATA if issues else EXIT_OK


def run_template_vars(args: argparse.Namespace) -> int:
    """Print or write the reference of template variables."""
    from generator.reference import reference_text

    text = reference_text()
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
        print("网页需要 Flask，本环境没有安装。请运行：pip install -e '.[web]'（make 会自动安装）。", file=sys.stderr)
        return EXIT_DATA
    from generator.web.server import serve

    serve(args.host, args.port, browser=not args.no_browser, say=lambda line: print(line, flush=True))
    return EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    """Write a blank input file and say where it went."""
    from generator.skeleton import write_skeleton

    path = write_skeleton(args.unit, args.year, args.output)
    print(f"空白输入文件已生成：{path}\n填好后运行：python -m generator draft {path}")
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
    except Exception:  # a bug, not the user's doing: say so, keep the details for maintainers
        print("程序内部错误，没有写入任何文件。请把以下信息告诉维护人员：", file=sys.stderr)
        traceback.print_exc(limit=-3, file=sys.stderr)
        return EXIT_BUG
