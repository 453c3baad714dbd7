"""OOXML (.docx .xlsx .pptx) and OpenDocument (.odt .ods .odp): text with its location, from
the body and from headers, footers, comments, notes, cells and sheet names."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pptx
from openpyxl.comments import Comment

from tests.scanner.extractors.samples import docx_file
from tests.scanner.extractors.support import extract, formats, skipped, texts, zip_of


def _replace(package: bytes, name: str, content: bytes) -> bytes:
    """The package with one part's content replaced."""
    source = zipfile.ZipFile(io.BytesIO(package))
    return zip_of({n: content if n == name else source.read(n) for n in source.namelist()})


class TestDocx:
    def test_body_table_header_footer_comment_and_properties(self) -> None:
        found = extract("report.docx", docx_file())
        assert formats(found) == {"": "docx"}
        got = texts(found)
        assert got["paragraph 1"] == "普通的一段"
        assert got["paragraph 2"] == "本文件机密★10年，分两个 run 写"
        assert "表格里的内部资料" in got.values()
        assert got["header 1"] == "绝密★长期"
        assert got["footer 1"] == "注意保存"
        assert got["comment 1"] == "批注：秘密★1年"
        assert got["properties"].startswith("密级：机密")

    def test_footnotes_deleted_text_and_text_boxes(self) -> None:
        """Text kept under revision marks (w:delText) is still in the file and is read; a
        paragraph in a text box comes out on its own; footnotes have their own location,
        without the separator notes."""
        w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        body = (
            f"<w:document {w}><w:body><w:p><w:r><w:t>外</w:t></w:r><w:r><w:pict><w:txbxContent>"
            "<w:p><w:r><w:t>框内 内部★</w:t></w:r></w:p></w:txbxContent></w:pict></w:r>"
            "<w:r><w:t>段</w:t></w:r></w:p>"
            "<w:p><w:del><w:r><w:delText>删掉的机密★</w:delText></w:r></w:del></w:p>"
            "</w:body></w:document>"
        ).encode()
        notes = (
            f'<w:footnotes {w}><w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>'
            '<w:footnote w:id="1"><w:p><w:r><w:t>脚注 秘密★</w:t></w:r></w:p></w:footnote>'
            "</w:footnotes>"
        ).encode()
        package = _replace(docx_file(), "word/document.xml", body)
        source = zipfile.ZipFile(io.BytesIO(package))
        members = {n: source.read(n) for n in source.namelist()}
        members["word/footnotes.xml"] = notes
        rels = members["word/_rels/document.xml.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rIdF" Target="footnotes.xml" Type="http://schemas.openxmlformats'
            b'.org/officeDocument/2006/relationships/footnotes"/></Relationships>',
        )
        members["word/_rels/document.xml.rels"] = rels
        got = texts(extract("r.docx", zip_of(members)))
        assert got["paragraph 1"] == "外段"
        assert got["paragraph 2"] == "框内 内部★"
        assert got["paragraph 3"] == "删掉的机密★"
        assert got["footnote 1"] == "脚注 秘密★"

    def test_parts_inside_are_read_within_the_member_limit(self) -> None:
        """An office file is a zip: its XML parts are read by the same bounded reader."""
        assert skipped(extract("report.docx", docx_file(), max_member_bytes=100)) == {
            "": "too large"
        }

    def test_truncated_docx_is_skipped_as_corrupt(self) -> None:
        data = docx_file()
        found = extract("report.docx", data[: len(data) // 2])
        assert [(p.path_suffix, p.format, p.skipped) for p in found] == [
            ("", "docx", "corrupt docx")
        ]


class TestXlsx:
    def test_sheet_names_cells_header_and_comments(self) -> None:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "工资表"
        sheet["B7"] = "机密★5年"
        sheet["A1"] = 20240101
        sheet["C3"] = "正常"
        sheet["C3"].comment = Comment("批注 绝密★", "张三")
        sheet.oddHeader.center.text = "内部★"
        workbook.create_sheet("秘密★名单")
        buffer = io.BytesIO()
        workbook.save(buffer)
        found = extract("pay.xlsx", buffer.getvalue())
        assert formats(found) == {"": "xlsx"}
        assert texts(found) == {
            "sheet 工资表": "工资表",
            "sheet 工资表!A1": "20240101",
            "sheet 工资表!B7": "机密★5年",
            "sheet 工资表!C3": "正常",
            "sheet 工资表 header": "内部★",
            "sheet 工资表!C3 comment": "批注 绝密★",
            "sheet 秘密★名单": "秘密★名单",
        }

    def test_inline_and_rich_strings_and_cells_without_references(self) -> None:
        workbook = openpyxl.Workbook()
        workbook.active.title = "表"
        buffer = io.BytesIO()
        workbook.save(buffer)
        sheet = (
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>内联 秘密★</t></is></c>'
            '<c t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r>'
            "<rPh><t>ふりがな</t></rPh></is></c></row></sheetData></worksheet>"
        ).encode()
        found = extract("a.xlsx", _replace(buffer.getvalue(), "xl/worksheets/sheet1.xml", sheet))
        got = texts(found)
        assert got["sheet 表!A2"] == "内联 秘密★"
        assert got["sheet 表!B2"] == "富文本"


class TestPptx:
    def test_slides_and_notes(self) -> None:
        deck = pptx.Presentation()
        first = deck.slides.add_slide(deck.slide_layouts[1])
        first.shapes.title.text = "第一页"
        second = deck.slides.add_slide(deck.slide_layouts[1])
        second.shapes.title.text = "秘密★1年"
        second.notes_slide.notes_text_frame.text = "备注：注意保存"
        buffer = io.BytesIO()
        deck.save(buffer)
        got = texts(extract("deck.pptx", buffer.getvalue()))
        assert got["slide 1"].strip() == "第一页"
        assert got["slide 2"].strip() == "秘密★1年"
        assert got["slide 2 notes"] == "备注：注意保存"
        assert "slide 1 notes" not in got

    def test_slide_comments(self) -> None:
        deck = pptx.Presentation()
        deck.slides.add_slide(deck.slide_layouts[6])
        buffer = io.BytesIO()
        deck.save(buffer)
        source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
        members = {n: source.read(n) for n in source.namelist()}
        rels = "ppt/slides/_rels/slide1.xml.rels"
        members[rels] = members[rels].replace(
            b"</Relationships>",
            b'<Relationship Id="rIdC" Target="../comments/comment1.xml" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/comments"/></Relationships>',
        )
        members["ppt/comments/comment1.xml"] = (
            '<p:cmLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
            "<p:cm><p:text>批注 机密★</p:text></p:cm></p:cmLst>"
        ).encode()
        assert texts(extract("deck.pptx", zip_of(members)))["slide 1 comment"] == "批注 机密★"


_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)


def _odf(kind: str, body: str, styles: str = "", meta: str = "") -> bytes:
    members = {
        "mimetype": f"application/vnd.oasis.opendocument.{kind}".encode(),
        "content.xml": (
            f"<office:document-content {_ODF_NS}><office:body>{body}</office:body>"
            "</office:document-content>"
        ).encode(),
        "styles.xml": f"<office:document-styles {_ODF_NS}>{styles}</office:document-styles>",
        "meta.xml": f"<office:document-meta {_ODF_NS}><office:meta>{meta}</office:meta>"
        "</office:document-meta>",
    }
    return zip_of(
        {name: data if isinstance(data, bytes) else data.encode() for name, data in members.items()}
    )


class TestOpenDocument:
    def test_odt_paragraphs_spaces_notes_comments_headers_and_title(self) -> None:
        body = (
            "<office:text><text:h>标题</text:h>"
            "<text:p>机密<text:span>★</text:span>10年<text:s text:c='2'/>尾"
            "<office:annotation><dc:creator>张三</dc:creator><dc:date>2024-01-01</dc:date>"
            "<text:p>批注 内部★</text:p></office:annotation>"
            "<text:note><text:note-body><text:p>脚注</text:p></text:note-body></text:note>"
            "</text:p></office:text>"
        )
        styles = (
            "<office:master-styles><style:master-page>"
            "<style:header><text:p>绝密★长期</text:p></style:header>"
            "<style:footer><text:p>第<text:tab/>页</text:p></style:footer>"
            "</style:master-page></office:master-styles>"
        )
        found = extract("a.odt", _odf("text", body, styles, "<dc:title>秘密文件</dc:title>"))
        assert formats(found) == {"": "odt"}
        assert texts(found) == {
            "paragraph 1": "标题",
            "paragraph 2": "机密★10年  尾",
            "paragraph 3": "批注 内部★",
            "paragraph 4": "脚注",
            "header 1": "绝密★长期",
            "footer 1": "第\t页",
            "properties": "秘密文件",
        }

    def test_ods_cells_follow_repeated_rows_and_columns(self) -> None:
        body = (
            "<office:spreadsheet><table:table table:name='名单'>"
            "<table:table-row table:number-rows-repeated='3'><table:table-cell/></table:table-row>"
            "<table:table-row><table:table-cell table:number-columns-repeated='2'/>"
            "<table:covered-table-cell/><table:table-cell><text:p>秘密★</text:p></table:table-cell>"
            "</table:table-row></table:table></office:spreadsheet>"
        )
        found = extract("a.ods", _odf("spreadsheet", body))
        assert formats(found) == {"": "ods"}
        assert texts(found) == {"sheet 名单": "名单", "sheet 名单!D4": "秘密★"}

    def test_odp_slides_and_notes(self) -> None:
        body = (
            "<office:presentation><draw:page><draw:frame><draw:text-box>"
            "<text:p>第一页 内部资料</text:p></draw:text-box></draw:frame>"
            "<presentation:notes><draw:frame><draw:text-box><text:p>备注 机密★</text:p>"
            "</draw:text-box></draw:frame></presentation:notes></draw:page>"
            "</office:presentation>"
        )
        found = extract("a.odp", _odf("presentation", body))
        assert texts(found) == {"slide 1": "第一页 内部资料", "slide 1 notes": "备注 机密★"}

    def test_odf_without_content_is_corrupt(self) -> None:
        data = zip_of({"mimetype": b"application/vnd.oasis.opendocument.text"})
        assert skipped(extract("a.odt", data)) == {"": "corrupt odt"}
