"""Text-like files: plain text as raw bytes, HTML/XML without tags, RTF without control words;
and how a file's format is decided."""

from __future__ import annotations

import io

import pytest

from baomi.scanner.extractors import detect
from tests.scanner.extractors.support import extract, formats, texts, zip_of


class TestPlainText:
    @pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16-le"])
    def test_plain_text_comes_as_the_raw_bytes_for_the_matcher(self, encoding: str) -> None:
        """The matcher reads raw bytes in every encoding, so the text is not decoded here."""
        data = "第一行\n密级：机密\n".encode(encoding)
        [part] = extract("notes.txt", data)
        assert (part.path_suffix, part.format, part.skipped) == ("", "text", None)
        [segment] = part.segments
        assert (segment.location, segment.data, segment.text) == ("", data, None)

    def test_unknown_binary_is_raw_bytes_too(self) -> None:
        data = b"\x00\x01\x02" + "绝密★".encode("utf-16-le")
        [part] = extract("blob.bin", data)
        assert part.format == "bytes"
        assert [s.data for s in part.segments] == [data]

    @pytest.mark.parametrize("name", ["data.csv", "readme.md", "config.json"])
    def test_csv_md_json_are_text(self, name: str) -> None:
        assert detect(name, b'{"a": 1}') == "text"


class TestMarkup:
    def test_html_tags_are_stripped_and_words_split_by_runs_rejoined(self) -> None:
        """Word's HTML splits words into runs; the tags between the characters disappear,
        entities resolve, and each source line keeps its number."""
        page = (
            '<html><head><meta charset="gb2312"></head>\n'
            "<body><p>绝<span style='x'>密</span>★10年 &amp; 其他</p>\n"
            "<!-- 内部资料 -->\n<p></p></body></html>"
        )
        found = extract("page.htm", page.encode("gbk"))
        assert texts(found) == {"line 2": "绝密★10年 & 其他", "line 3": " 内部资料 "}
        assert found[0].format == "html"

    def test_a_tag_spanning_lines_keeps_later_lines_in_place(self) -> None:
        page = '<p title="a\nb">秘密★1年</p>\n<p>第三行</p>'
        assert texts(extract("a.html", page.encode())) == {"line 2": "秘密★1年", "line 3": "第三行"}

    def test_xml_in_utf16_with_cdata(self) -> None:
        xml = '<?xml version="1.0" encoding="UTF-16"?>\n<doc><![CDATA[机密★5年]]></doc>'
        found = extract("export.xml", xml.encode("utf-16"))
        assert texts(found) == {"line 2": "机密★5年"}
        assert found[0].format == "xml"

    def test_undeclared_gbk_markup_is_read_as_gb18030(self) -> None:
        found = extract("old.html", "<html><p>注意保存</p></html>".encode("gbk"))
        assert texts(found) == {"line 1": "注意保存"}

    def test_markup_without_extension_is_recognised(self) -> None:
        assert detect("README", b"\xef\xbb\xbf<?xml version='1.0'?><a/>") == "xml"
        assert detect("index", b"<!DOCTYPE html><html></html>") == "html"


class TestRtf:
    def test_unicode_escapes_and_gbk_bytes_in_the_ansi_code_page(self) -> None:
        """\\uN escapes (with their fallback characters dropped) and \\'hh bytes in code page
        936 both decode; the font table's names do not leak into the text."""
        rtf = (
            rb"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}}"
            rb"{\colortbl;\red0\green0\blue0;}"
            rb"\pard\f0 \uc2\u26426\'bb\'fa\u23494\'c3\'dc\u9733\'a1\'ef10\'c4\'ea\par"
            rb"\'c3\'d8\'c3\'dc\'bb\'a8\'d4\'b0\par}"
        )
        assert texts(extract("a.rtf", rtf)) == {
            "paragraph 1": "机密★10年",
            "paragraph 2": "秘密花园",
        }

    def test_font_charset_decides_the_code_page(self) -> None:
        """A document in code page 1252 with a GB2312 font (\\fcharset134) decodes that font's
        bytes as GBK."""
        rtf = (
            rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}{\f1\fcharset134 SimSun;}}"
            rb"\f0 caf\'e9 {\f1 \'c4\'da\'b2\'bf\'d7\'ca\'c1\'cf}\par}"
        )
        assert texts(extract("a.rtf", rtf)) == {"paragraph 1": "café 内部资料"}

    def test_headers_footers_comments_and_properties_have_their_own_locations(self) -> None:
        rtf = (
            rb"{\rtf1\ansi\ansicpg936{\info{\title \'bb\'fa\'c3\'dc\'ce\'c4\'bc\'fe}{\author x}}"
            rb"{\header \pard \u32477?\u23494?\u9733?\par}{\footer \pard footer text\par}"
            rb"\pard body{\*\atnid a}{\*\annotation \pard \u27880?\u24847?\par}\par"
            rb"{\*\bkmkstart hidden}{\field{\*\fldinst PAGE}{\fldrslt 7}}\par}"
        )
        assert texts(extract("a.rtf", rtf)) == {
            "properties": "机密文件\nx",
            "header 1": "绝密★",
            "footer 1": "footer text",
            "comment 1": "注意",
            "paragraph 1": "body",
            "paragraph 2": "7",
        }

    def test_binary_data_is_skipped_not_read_as_text(self) -> None:
        rtf = rb"{\rtf1{\pict\bin4 \x00}{}body\par}"
        assert texts(extract("a.rtf", rtf)) == {"paragraph 1": "body"}

    def test_a_doc_that_is_really_rtf_is_read_as_rtf(self) -> None:
        """Word saves RTF under .doc; the magic bytes win over the extension."""
        assert formats(extract("old.doc", rb"{\rtf1 text\par}")) == {"": "rtf"}


class TestDetection:
    def test_magic_bytes_win_over_the_extension(self) -> None:
        assert detect("report.txt", b"%PDF-1.7\n") == "pdf"
        assert detect("archive.docx", zip_of({"a.txt": b"x"})) == "zip"
        assert detect("report.bin", zip_of({"[Content_Types].xml": b"", "word/x.xml": b""})) == (
            "docx"
        )

    def test_a_binary_format_name_without_its_magic_bytes_is_read_as_raw_bytes(self) -> None:
        """A text file under a borrowed extension (Tcl's .msg catalogues, a CSV exported as
        .xls) is matched as bytes, not refused as a corrupt binary; HTML saved as .doc is
        HTML."""
        for name in ("zh_cn.msg", "export.xls", "x.docx"):
            found = extract(name, "机密★,1\n".encode("gbk"))
            assert [(p.format, p.skipped) for p in found] == [("bytes", None)]
        assert formats(extract("page.doc", b"<html><p>x</p></html>")) == {"": "html"}

    def test_odf_by_its_mimetype(self) -> None:
        buffer = io.BytesIO(zip_of({"mimetype": b"application/vnd.oasis.opendocument.text"}))
        assert detect("x.zip", buffer.getvalue()) == "odt"
