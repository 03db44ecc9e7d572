"""The command line's words: sub-commands, options, argument types and argparse's messages in Chinese."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from generator.xmlchars import HIDDEN

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


def terminal_text(text: str) -> str:
    """Return *text* with every character a terminal would obey instead of show written as its code
    (tab, line feed and carriage return, the progress bar's, are kept).

    >>> terminal_text("区\\x1b[2J办\\u202e公室")
    '区<U+001B>[2J办<U+202E>公室'
    """
    return HIDDEN.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)


class Parser(argparse.ArgumentParser):
    """argparse's parser, whose messages (which quote the arguments given) pass through terminal_text."""

    def _print_message(self, message: str, file=None) -> None:
        super()._print_message(terminal_text(message) if message else message, file)


def positive_int(text: str) -> int:
    """Return *text* as a whole number of at least 1 (argparse type)."""
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise argparse.ArgumentTypeError(f"应为正整数，实际为“{text}”")


def port_number(text: str) -> int:
    """Return *text* as a TCP port, 0 (any free one) to 65535 (argparse type)."""
    if text.isdigit() and 0 <= int(text) <= 65535:
        return int(text)
    raise argparse.ArgumentTypeError(f"端口应为 0 到 65535 之间的整数（0 表示自动选一个空闲端口），实际为“{text}”")


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
    draft.add_argument("--tables", metavar="公开表", type=Path,
                       help="预算系统导出的部门预算公开表（.xlsx）：其中的数字不必再填进输入文件")
    draft.add_argument("--force", action="store_true", help="输出文件是只读的也覆盖")
    add_publish_options(draft)

    check = commands.add_parser("check", help="只检查输入，不生成初稿",
                                description="按审核规则检查输入文件，列出错误、警告和提示；有错误时退出码为 1。")
    check.add_argument("input", metavar="输入文件", type=Path, help="如 inputs/2023/区政府办公室.yaml")
    check.add_argument("--format", choices=["text", "json"], default="text", metavar="格式",
                       help="text（默认，按级别分组）或 json（供其他程序读取）")
    check.add_argument("--tables", metavar="公开表", type=Path, help="预算系统导出的部门预算公开表（.xlsx），先检查表本身")

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
    diff.add_argument("--force", action="store_true", help="输出文件是只读的也覆盖")

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
    batch.add_argument("--tables-from", metavar="公开表文件夹", type=Path,
                       help="各单位预算系统导出的公开表（.xlsx）所在文件夹，按输入文件的位置和名称放，如 公开表/区政府办公室.xlsx")
    batch.add_argument("--tables", action="store_true",
                       help="同时为每个生成成功的单位生成公开表（Excel 和 Word 版，放在各自初稿旁边）")
    batch.add_argument("--pdf", action="store_true",
                       help="同时用 LibreOffice 把每份初稿（有 --tables 时连同公开表）转成 PDF")

    check_template = commands.add_parser("template-check", help="检查自己单位的 Word 模板",
                                         description="在生成之前检查模板：未知变量（并给出最接近的正确名称）、写错的标签、"
                                                     "全角括号、标签里的弯引号、没有设置中文字体的文字和样式。")
    check_template.add_argument("template", metavar="模板", type=Path, help="如 我单位模板.docx")

    variables = commands.add_parser("template-vars", help="生成模板变量一览（含义和示例值）",
                                    description="按程序提供的变量和示例输入生成模板变量一览（Markdown）。")
    variables.add_argument("-o", "--output", metavar="输出文件", type=Path, help="默认打印到屏幕")
    variables.add_argument("--example", metavar="输入文件", type=Path,
                           help="示例值取自哪份输入文件（默认本工具源码中的 inputs/2023/区政府办公室.yaml）")
    variables.add_argument("--yaml", metavar="输出文件", type=Path,
                           help="另存变量及含义的 YAML 清单（templates/variables.yaml）")

    serve = commands.add_parser("serve", help="打开填写网页：边填边检查，下载 Word 初稿",
                                description="在本机启动一个网页：按文稿的各部分填写数字和原因，边填边检查、预览初稿，"
                                            "下载 Word 初稿和输入文件；也可以比对两稿、审核现成的文稿。按 Ctrl+C 停止。")
    serve.add_argument("--host", metavar="地址", help="让其他电脑也能访问时才写（如本机的局域网地址）；默认只有本机能访问")
    serve.add_argument("--port", metavar="端口", type=port_number, default=0, help="默认自动选一个空闲端口")
    serve.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")

    commands.add_parser("rules", help="列出全部检查规则", description="列出检查规则的编号、级别和要求（Markdown 表格）。")

    init = commands.add_parser("init", help="生成一份空白的输入文件", description="生成带说明的空白输入文件，供填写。")
    init.add_argument("unit", metavar="单位", type=unit_name, help="单位名称，如 区政府办公室")
    init.add_argument("year", metavar="年度", type=year_number, help="预算年度，如 2024")
    init.add_argument("-o", "--output", metavar="输出文件", type=Path,
                      help="保存位置（默认 inputs/<年度>/<单位>.yaml，--xlsx 时为 .xlsx）")
    form = init.add_mutually_exclusive_group()
    form.add_argument("--xlsx", action="store_true", help="生成 Excel 填报表（每块一张工作表，批注里是填写说明）")
    form.add_argument("--tables", metavar="公开表", type=Path,
                      help="按预算系统导出的公开表（.xlsx）预先填好全部数字，只留文字和原因待写")
    return parser


def add_publish_options(command: argparse.ArgumentParser) -> None:
    """Add --tables-out, --tables-docx and --pdf: each takes a path, or goes beside the draft without one."""
    from generator.publish import BESIDE

    command.add_argument("--tables-out", metavar="公开表.xlsx", type=Path, nargs="?", const=BESIDE,
                         help="同时生成九张部门预算公开表（Excel，每表一页；默认与初稿同名加“公开表”，放在初稿旁边）")
    command.add_argument("--tables-docx", metavar="公开表.docx", type=Path, nargs="?", const=BESIDE,
                         help="同时生成公开表的 Word 版（公文版式，宽表横排；默认放在初稿旁边）")
    command.add_argument("--pdf", metavar="输出.pdf", type=Path, nargs="?", const=BESIDE,
                         help="同时用 LibreOffice 转成 PDF（默认与初稿同名）；有 --tables-docx 时公开表也转成 PDF")


def publish_request(args: argparse.Namespace):
    """Return the publication files asked for on the command line."""
    from generator.publish import Request

    return Request(args.tables_out, args.tables_docx, args.pdf)
