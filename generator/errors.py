"""Errors, split by who must fix them: staff (input), template editors, or programmers."""

from __future__ import annotations

from generator.records import Record


def located(file: str, line: int | None, field: str, message: str, cell: str = "") -> str:
    """Return a message prefixed with where it applies, as every report prints it.

    A workbook names its place by sheet and cell instead of a line.

    >>> located("a.yaml", 23, "收入.合计", "没有填写")
    'a.yaml 第23行 收入.合计：没有填写'
    >>> located("a.xlsx", None, "收入.合计", "没有填写", "工作表“收入” C5")
    'a.xlsx 工作表“收入” C5 收入.合计：没有填写'
    """
    place = f" {cell}" if cell else (f" 第{line}行" if line else "")
    return f"{file}{place}{f' {field}' if field else ''}：{message}"


class Location(Record):
    """Where a value was written: a file and a line (YAML) or a sheet and cell (workbook)."""

    __slots__ = ("file", "line", "cell", "column")
    file: str
    line: int | None
    cell: str           # 工作表“收入” C5
    column: int | None  # where a YAML key starts (0-based), for indentation messages

    def __init__(self, file: str, line: int | None = None, cell: str = "", column: int | None = None) -> None:
        set_field = object.__setattr__
        set_field(self, "file", file)
        set_field(self, "line", line)
        set_field(self, "cell", cell)
        set_field(self, "column", column)

    def problem(self, field: str, message: str) -> "Problem":
        """Return a problem located here."""
        return Problem(self.file, self.line, field, message, self.cell)


class Problem(Record):
    """One thing wrong in a file: where it is, which field, and what to do."""

    __slots__ = ("file", "line", "field", "message", "cell")
    file: str
    line: int | None
    field: str
    message: str
    cell: str   # 工作表“收入” C5, for a workbook

    def __init__(self, file: str, line: int | None, field: str, message: str, cell: str = "") -> None:
        set_field = object.__setattr__
        set_field(self, "file", file)
        set_field(self, "line", line)
        set_field(self, "field", field)
        set_field(self, "message", message)
        set_field(self, "cell", cell)

    def __str__(self) -> str:
        return located(self.file, self.line, self.field, self.message, self.cell)


class BudgetToolError(Exception):
    """Base of every error the tool reports in words instead of a traceback."""

    exit_code = 1
    who_fixes = ""

    def lines(self) -> list[str]:
        """Return the message as lines for the terminal."""
        return [str(self)]


class InputError(BudgetToolError):
    """Staff must fix their input file; carries every problem found in one pass."""

    who_fixes = "请修改输入文件"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """Return one line per problem."""
        return [str(p) for p in self.problems]


class ChecksFailed(BudgetToolError):
    """The checks found 错误 in an input that had to be rendered (e.g. to compare it)."""

    who_fixes = "请先按检查结果修改输入文件"

    def __init__(self, errors: list) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))

    def lines(self) -> list[str]:
        """Return one line per error, with its rule id."""
        return [f"[{e.rule}] {e}" for e in self.errors]


class TemplateError(BudgetToolError):
    """The Word template is wrong (unknown variable, broken tag): whoever edits it must fix it."""

    who_fixes = "请修改模板"


class OutputError(BudgetToolError):
    """The draft cannot be written where asked (folder missing, file open in Word, no space)."""

    who_fixes = "请检查输出位置"


class ProgramError(BudgetToolError):
    """A fault in the program itself: report it to the maintainers."""

    exit_code = 3
    who_fixes = "程序内部错误，请把这条信息告诉维护人员"
