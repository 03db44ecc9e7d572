"""A template's body made ready for Jinja, and the rendered body put back, without python-docx or docxtpl.

A cold `python -m generator draft` spent more time importing python-docx (through docxtpl)
than drafting. The compiled template needs from them only what is here: the body's XML as
python-docx writes it, docxtpl's clean-up of the tags Word splits across runs (`patch_xml`),
its line breaks and tabs from staff text (`resolve_listing`), and the document put back
together. `patch_xml` and `resolve_listing` follow docxtpl 0.20 (python-docx-template,
LGPL-2.1, © Eric Lapouyade) step for step; tests/test_render.py holds them to docxtpl's own
output. docxtpl's table-grid repair is used from docxtpl itself, and only for a body with
tables (ours have none), so the draft path never imports it.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

W_BODY = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body"
# python-docx's own parser settings: blank text between elements is dropped, entities never resolved.
DOCUMENT_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True, load_dtd=False)
RECOVERING_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False)
XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"  # as python-docx writes it


class Skeleton:
    """The template's document.xml parsed once: its body as Jinja source, and the rest to put a body back into."""

    def __init__(self, document_xml: bytes) -> None:
        document = etree.fromstring(document_xml, DOCUMENT_PARSER)  # raises etree.XMLSyntaxError
        body = document.find(W_BODY)
        if body is None:
            raise ValueError("word/document.xml 里没有正文（w:body）")
        self.body_xml = etree.tostring(body, encoding="unicode")
        # The document without its body's content, copied for each draft: copying the template's
        # body too, only to replace it, took a tenth of a render.
        document.replace(body, etree.Element(W_BODY))
        self._document = document

    def document(self, rendered_body: str) -> bytes:
        """Return the whole document.xml (UTF-8) with *rendered_body* (docxtpl's body after rendering) as its body."""
        if "<w:tbl" in rendered_body:  # docxtpl's grid repair, for tables whose rows a loop grew
            from docxtpl import DocxTemplate

            body = DocxTemplate.fix_tables(None, rendered_body)
        else:
            try:  # libxml2 reads UTF-8 faster than Python's text; text that cannot be UTF-8 is read as it was
                body = etree.fromstring(rendered_body.encode("utf-8"), RECOVERING_PARSER)
            except UnicodeEncodeError:
                body = etree.fromstring(rendered_body, RECOVERING_PARSER)
        document = copy.deepcopy(self._document)
        document.replace(document.find(W_BODY), body)
        return XML_DECLARATION + etree.tostring(document, encoding="utf-8")


def _striptags(match: re.Match) -> str:
    return re.sub("</w:t>.*?(<w:t>|<w:t [^>]*>)", "", match.group(0), flags=re.DOTALL)


def _cell_marker(attribute: str, value: str):
    """Return docxtpl's colspan / cellbg replacement: the tag's run removed, its value set on the cell."""
    def replace(match: re.Match) -> str:
        cell_xml = re.sub(r"<w:r[ >](?:(?!<w:r[ >]).)*<w:t></w:t>.*?</w:r>", "", match.group(1) + match.group(3), flags=re.DOTALL)
        cell_xml = re.sub(attribute, "", cell_xml, count=1)
        return re.sub(r"(<w:tcPr[^>]*>)", r"\1" + value % match.group(2), cell_xml)
    return replace


def _v_merge(m1: re.Match) -> str:
    return ('<w:vMerge w:val="{% if loop.first %}restart{% else %}continue{% endif %}"/>'
            + m1.group(1) + "{% if loop.first %}" + m1.group(2) + m1.group(3) + "{% endif %}" + m1.group(4))


def _v_merge_tc(match: re.Match) -> str:
    return re.sub(r"(</w:tcPr[ >].*?<w:t(?:.*?)>)(.*?)(?:{%\s*vm\s*%})(.*?)(</w:t>)", _v_merge, match.group(), flags=re.DOTALL)


def _h_merge_tc(match: re.Match) -> str:
    xml = match.group()
    if re.search(r"w:gridSpan", xml):  # a span already: multiply it by the loop's length
        xml = re.sub(r'(w:gridSpan w:val=")(\d+)(")', lambda m: m.group(1) + "{{ " + m.group(2) + " * loop.length }}" + m.group(3),
                     xml, flags=re.DOTALL)
        xml = re.sub(r"{%\s*hm\s*%}", "", xml, flags=re.DOTALL)
    else:
        xml = re.sub(r"(</w:tcPr[ >].*?<w:t(?:.*?)>)(.*?)(?:{%\s*hm\s*%})(.*?)(</w:t>)",
                     lambda m: '<w:gridSpan w:val="{{ loop.length }}"/>' + m.group(1) + m.group(2) + m.group(3) + m.group(4),
                     xml, flags=re.DOTALL)
    return "{% if loop.first %}" + xml + "{% endif %}"  # the loop's other cells are dropped


def _clean_tags(match: re.Match) -> str:
    return (match.group(0).replace(r"&#8216;", "'").replace("&lt;", "<").replace("&gt;", ">")
            .replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'"))


def patch_xml(src_xml: str) -> str:
    """Return body XML with every tag whole and bare, as docxtpl's patch_xml makes it for Jinja.

    A step whose pattern needs a word the XML does not hold (colspan, {%tr, {#…) is skipped: it
    could change nothing, and compiling its pattern is most of a cold draft's share of this.
    """
    def sub(needed: str | tuple[str, ...], pattern: str, replacement, xml: str) -> str:
        wanted = (needed,) if isinstance(needed, str) else needed
        return re.sub(pattern, replacement, xml, flags=re.DOTALL) if any(w in xml for w in wanted) else xml

    # {<tags>{ → {{ (and {% %} {# #}), then the runs Word split a tag into joined again
    src_xml = sub(("{", "}"), r"(?<={)(<[^>]*>)+(?=[\{%\#])|(?<=[%\}\#])(<[^>]*>)+(?=\})", "", src_xml)
    src_xml = sub(("{%", "{#", "{{"), r"{%(?:(?!%}).)*|{#(?:(?!#}).)*|{{(?:(?!}}).)*", _striptags, src_xml)
    src_xml = sub("colspan", r"(<w:tc[ >](?:(?!<w:tc[ >]).)*){%\s*colspan\s+([^%]*)\s*%}(.*?</w:tc>)",
                  _cell_marker(r"<w:gridSpan[^/]*/>", r'<w:gridSpan w:val="{{%s}}"/>'), src_xml)
    src_xml = sub("cellbg", r"(<w:tc[ >](?:(?!<w:tc[ >]).)*){%\s*cellbg\s+([^%]*)\s*%}(.*?</w:tc>)",
                  _cell_marker(r"<w:shd[^/]*/>", r'<w:shd w:val="clear" w:color="auto" w:fill="{{%s}}"/>'), src_xml)
    # spaces around a tag are kept
    src_xml = sub("<w:t>", r"<w:t>((?:(?!<w:t>).)*)({{.*?}}|{%.*?%})", r'<w:t xml:space="preserve">\1\2', src_xml)
    src_xml = sub(("{{r", "{%r"), r"({{r\s.*?}}|{%r\s.*?%})",
                  r'</w:t></w:r><w:r><w:t xml:space="preserve">\1</w:t></w:r><w:r><w:t xml:space="preserve">', src_xml)
    # {%- joins the previous paragraph's text, -%} the next one's
    src_xml = sub("{%-", r"</w:t>(?:(?!</w:t>).)*?{%-", "{%", src_xml)
    src_xml = sub("-%}", r"-%}(?:(?!<w:t[ >]|{%|{{).)*?<w:t[^>]*?>", "%}", src_xml)
    # {%tr …%}, {%p …%} and the like replace the row, cell, paragraph or run that holds them
    for y in ["tr", "tc", "p", "r"]:
        pattern = r"<w:%(y)s[ >](?:(?!<w:%(y)s[ >]).)*({%%|{{)%(y)s ([^}%%]*(?:%%}|}})).*?</w:%(y)s>" % {"y": y}
        src_xml = sub(("{%" + y + " ", "{{" + y + " "), pattern, r"\1 \2", src_xml)
    for y in ["tr", "tc", "p"]:
        pattern = r"<w:%(y)s[ >](?:(?!<w:%(y)s[ >]).)*({#)%(y)s ([^}#]*(?:#})).*?</w:%(y)s>" % {"y": y}
        src_xml = sub("{#" + y + " ", pattern, r"\1 \2", src_xml)
    src_xml = sub("vm", r"<w:tc[ >](?:(?!<w:tc[ >]).)*?{%\s*vm\s*%}.*?</w:tc[ >]", _v_merge_tc, src_xml)
    src_xml = sub("hm", r"<w:tc[ >](?:(?!<w:tc[ >]).)*?{%\s*hm\s*%}.*?</w:tc[ >]", _h_merge_tc, src_xml)
    return re.sub(r"(?<=\{[\{%])(.*?)(?=[\}%]})", _clean_tags, src_xml)  # no DOTALL here, as in docxtpl


def resolve_listing(xml: str) -> str:
    """Return rendered body XML with staff text's \\n, \\t, \\a and \\f made Word breaks, tabs, paragraphs and pages (as docxtpl)."""
    def resolve_text(run_properties: str, paragraph_properties: str, m: re.Match) -> str:
        xml = m.group(0).replace("\t", "</w:t></w:r><w:r>%s<w:tab/></w:r><w:r>%s<w:t xml:space=\"preserve\">"
                                 % (run_properties, run_properties))
        xml = xml.replace("\a", "</w:t></w:r></w:p><w:p>%s<w:r>%s<w:t xml:space=\"preserve\">"
                          % (paragraph_properties, run_properties))
        xml = xml.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
        return xml.replace("\f", "</w:t></w:r></w:p><w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
                           "<w:p>%s<w:r>%s<w:t xml:space=\"preserve\">" % (paragraph_properties, run_properties))

    def resolve_run(paragraph_properties: str, m: re.Match) -> str:
        found = re.search(r"<w:rPr>.*?</w:rPr>", m.group(0))
        run_properties = found.group(0) if found else ""
        return re.sub(r"<w:t(?: [^>]*)?>.*?</w:t>", lambda x: resolve_text(run_properties, paragraph_properties, x),
                      m.group(0), flags=re.DOTALL)

    def resolve_paragraph(m: re.Match) -> str:
        found = re.search(r"<w:pPr>.*?</w:pPr>", m.group(0))
        paragraph_properties = found.group(0) if found else ""
        return re.sub(r"<w:r(?: [^>]*)?>.*?</w:r>", lambda x: resolve_run(paragraph_properties, x), m.group(0), flags=re.DOTALL)

    return re.sub(r"<w:p(?: [^>]*)?>.*?</w:p>", resolve_paragraph, xml, flags=re.DOTALL)
