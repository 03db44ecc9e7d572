"""One self-contained, printable HTML page: change list on top, then both drafts side by side."""

from __future__ import annotations

from html import escape

from generator.compare import Comparison
from generator.compare.align import Change
from generator.compare.report import describe

STYLE = """
body{font-family:"Noto Serif CJK SC","SimSun",serif;margin:2em;color:#111;line-height:1.7}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.35em .6em;vertical-align:top;text-align:left}
th{background:#f2f2f2}tr.section th{background:#e8eef7}table.sides td{width:50%}
table.fields{table-layout:fixed}table.fields td{overflow-wrap:anywhere}
table.fields col.path{width:22%}table.fields col.old,table.fields col.new{width:12%}
table.fields col.change{width:14%}table.fields col.reasons{width:40%}
table.fields tr.changed td{background:#fff6d6}details{margin:.6em 0}summary{cursor:pointer;color:#1a4d8f}
del{background:#fbe3e3;color:#8a1010}ins{background:#def5de;color:#0b5d0b;text-decoration:none}
tr.changed td,tr.added td,tr.removed td{background:#fffdf2}a{color:#1a4d8f}
.meta{color:#555}.none{color:#999}
@media print{a{color:inherit;text-decoration:none}tr{page-break-inside:avoid}body{margin:0}}
"""


def cell(change: Change, side: str) -> str:
    """Return one side of a change as HTML: kept text plain, its own differences marked."""
    mine, tag = ("delete", "del") if side == "old" else ("insert", "ins")
    parts = []
    for segment in change.segments:
        text = escape(segment.text).replace("\n", "<br>")
        if segment.op == "equal":
            # OLD's column shows OLD's own words: a year matched as shifted is still OLD's year.
            parts.append(escape(segment.old if side == "old" else segment.text).replace("\n", "<br>"))
        elif segment.op == mine:
            parts.append(f"<{tag}>{text}</{tag}>")
    return "".join(parts) or '<span class="none">（无）</span>'


def tables(rows: list[list[str]], head: list[str]) -> str:
    """Return a plain HTML table."""
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


FIELD_COLUMNS = (("path", "项目"), ("old", "旧"), ("new", "新"), ("change", "变化"), ("reasons", "主要原因（旧／新）"))


def field_table(rows) -> str:
    """Return the field table: changed rows first and highlighted, unchanged rows folded away (no script)."""
    columns = "".join(f'<col class="{name}">' for name, _ in FIELD_COLUMNS)
    header = "".join(f"<th>{escape(title)}</th>" for _, title in FIELD_COLUMNS)

    def table(group, css: str) -> str:
        body = "".join(f'<tr class="{css}">' + "".join(f"<td>{escape(getattr(r, name))}</td>" for name, _ in FIELD_COLUMNS)
                       + "</tr>" for r in group)
        return f'<table class="fields"><colgroup>{columns}</colgroup><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>'

    changed = [r for r in rows if r.changed]
    same = [r for r in rows if not r.changed]
    parts = [f"<p>{len(rows)} 项中 {len(changed)} 项有变化。</p>"]
    if changed:
        parts.append(table(changed, "changed"))
    if same:
        parts.append(f"<details><summary>未变的 {len(same)} 项（点击展开）</summary>{table(same, 'same')}</details>")
    return "".join(parts)


def render_html(comparison: Comparison, extra_sections: list[tuple[str, str]] = ()) -> str:
    """Return the report page; *extra_sections* are (title, HTML) blocks shown after the change list."""
    old, new = escape(comparison.old.name), escape(comparison.new.name)
    numbered = {id(c): n for n, c in enumerate(comparison.edits, start=1)}
    items = "".join(
        f'<li><a href="#c{numbered[id(c)]}">{escape(c.section)}：{escape(describe(c))}</a></li>'
        for c in comparison.edits
    ) or "<li>两稿正文没有差别。</li>"
    shift = ""
    if comparison.shift.shift:
        shift = f"；旧稿的 {'、'.join(map(str, comparison.shift.years))} 年按新稿年度平移，年份变化不算改动"
    rows, current = [], None
    for change in comparison.changes:
        if change.section != current:
            current = change.section
            rows.append(f'<tr class="section"><th colspan="2">{escape(current)}</th></tr>')
        anchor = f' id="c{numbered[id(change)]}"' if id(change) in numbered else ""
        rows.append(f'<tr class="{change.op}"{anchor}><td>{cell(change, "old")}</td><td>{cell(change, "new")}</td></tr>')
    extras = "".join(f"<h2>{escape(title)}</h2>{body}" for title, body in extra_sections)
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>比对：{old} → {new}</title><style>{STYLE}</style></head><body>"
        f"<h1>比对：{old} → {new}</h1>"
        f'<p class="meta">先按标题对齐各部分，再对齐段落；数字连同单位整体比较{shift}。</p>'
        f"<h2>改动一览（{len(comparison.edits)} 处）</h2><ol>{items}</ol>{extras}"
        f'<h2>逐段对照</h2><table class="sides"><thead><tr><th>旧稿：{old}</th><th>新稿：{new}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></body></html>"
    )
