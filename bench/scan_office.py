"""Files/s of ``python -m baomi.scanner DIR --json --jobs 2`` on generated office files: .docx,
.xlsx, .pptx and .pdf, each format alone and all together.

    .venv/bin/python bench/scan_office.py [--per-format 200] [--seed 2026] [--repeat 3] [--fresh]

The files (bench/out/scan_office/<format>/, reused when their parameters match; ground truth in
bench/out/scan_office_files.json) are made with python-docx, openpyxl, python-pptx and reportlab
(font STSong-Light) from the same mixed Chinese/English filler as scan_text.py. About one in
eight carries a marking, placed where documents carry them: a .docx body paragraph, table cell,
header, footer or comment; a .xlsx cell; a .pptx slide title, text box or notes; the top or body
of a .pdf page. Each scan must find every marked file and report a marking in no other file.
Measured: best of ``--repeat`` runs, taken in turns, page cache warm (the default keyword list).
Writes bench/out/scan_office.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import common
import scan_common

ROOT = common.OUT / "scan_office"
MANIFEST = common.OUT / "scan_office_files.json"
MARKED = 1 / 8


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-format", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="regenerate the files")
    args = parser.parse_args(argv)
    manifest = generate(per_format=args.per_format, seed=args.seed, fresh=args.fresh)
    result = measure(manifest, repeat=args.repeat)
    print(f"written to {scan_common.save('scan_office', result)}")
    if not result["markings_agree"]:
        sys.exit("scan_office: the markings found differ from those put in")


def generate(*, per_format: int, seed: int, fresh: bool) -> dict[str, Any]:
    """The office files for these parameters: reused when present, else (re)made."""
    params = {"per_format": per_format, "seed": seed, "version": scan_common.GENERATOR_VERSION}
    if not fresh and MANIFEST.exists() and ROOT.exists():
        manifest = json.loads(MANIFEST.read_text())
        if manifest["params"] == params:
            print(f"reusing the office files in {ROOT}")
            return manifest
    print(f"generating {per_format} files of each format in {ROOT} …", flush=True)
    MANIFEST.unlink(missing_ok=True)
    shutil.rmtree(ROOT, ignore_errors=True)
    filler = scan_common.Filler(random.Random(seed))
    files = []
    for fmt, make in MAKERS.items():
        (ROOT / fmt).mkdir(parents=True)
        for n in range(per_format):
            rng = random.Random(f"{seed}-{fmt}-{n}")
            filler.rng = rng
            marking = rng.choice(scan_common.MARKINGS) if rng.random() < MARKED else None
            path = ROOT / fmt / f"{rng.choice(('报告', '纪要', '汇总', 'plan'))}_{n:03d}.{fmt}"
            place = make(path, rng, filler, marking)
            files.append(
                {"path": path.relative_to(ROOT).as_posix(), "marking": marking, "place": place}
            )
    manifest = {"params": params, "files": files}
    MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return manifest


def _docx(path: Path, rng: random.Random, filler: scan_common.Filler, marking: str | None) -> str:
    import docx

    place = rng.choice(("paragraph", "table", "header", "footer", "comment")) if marking else ""
    doc = docx.Document()
    section = doc.sections[0]
    section.header.paragraphs[0].text = marking if place == "header" else "办公室"
    section.footer.paragraphs[0].text = marking if place == "footer" else "第 1 页"
    doc.add_heading(filler.phrase(30), level=1)
    paragraphs = rng.randrange(20, 80)
    at = rng.randrange(paragraphs)
    for i in range(paragraphs):
        text = filler.paragraph(rng.randint(1, 4))
        paragraph = doc.add_paragraph(
            f"{marking}{text}" if place == "paragraph" and i == at else text
        )
        if place == "comment" and i == at:
            doc.add_comment(paragraph.runs, text=f"{marking} 请核对", author="审核人")
    if place == "table" or rng.random() < 0.5:
        rows, cols = rng.randrange(4, 15), 4
        table = doc.add_table(rows=rows, cols=cols)
        for r in range(rows):
            for c in range(cols):
                table.cell(r, c).text = filler.phrase(rng.randrange(4, 30))
        if place == "table":
            table.cell(rng.randrange(rows), rng.randrange(cols)).text = marking
    doc.save(path)
    return place


def _xlsx(path: Path, rng: random.Random, filler: scan_common.Filler, marking: str | None) -> str:
    import openpyxl

    book = openpyxl.Workbook()
    sheets = [book.active, *(book.create_sheet() for _ in range(rng.randrange(0, 3)))]
    for n, sheet in enumerate(sheets):
        sheet.title = ("工资表", "汇总", "明细", "Sheet4")[n]
        sheet.append(["序号", "姓名", "部门", "金额", "日期", "备注"])
        for row in range(rng.randrange(50, 300)):
            sheet.append(
                [
                    row + 1,
                    filler.phrase(3),
                    rng.choice(("办公室", "财务处", "科技处")),
                    round(rng.uniform(100, 99_999), 2),
                    f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    filler.phrase(rng.randrange(0, 40)),
                ]
            )
    place = ""
    if marking:
        sheet = rng.choice(sheets)
        cell = f"{rng.choice('ABCDEF')}{rng.randrange(1, sheet.max_row + 1)}"
        sheet[cell] = marking
        place = f"{sheet.title}!{cell}"
    book.save(path)
    return place


def _pptx(path: Path, rng: random.Random, filler: scan_common.Filler, marking: str | None) -> str:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slides = rng.randrange(5, 16)
    at = rng.randrange(slides)
    place = rng.choice(("title", "text box", "notes")) if marking else ""
    for i in range(slides):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        title = filler.phrase(20)
        slide.shapes.title.text = f"{marking}{title}" if place == "title" and i == at else title
        body = slide.placeholders[1].text_frame
        body.text = filler.phrase(60)
        for _ in range(rng.randrange(2, 6)):
            body.add_paragraph().text = filler.phrase(60)
        if place == "text box" and i == at:
            box = slide.shapes.add_textbox(Inches(6), Inches(0.2), Inches(3), Inches(0.5))
            box.text_frame.text = marking
        if rng.random() < 0.3 or (place == "notes" and i == at):
            notes = filler.line()
            slide.notes_slide.notes_text_frame.text = (
                f"{notes}{marking}" if place == "notes" and i == at else notes
            )
    deck.save(path)
    return place


def _pdf(path: Path, rng: random.Random, filler: scan_common.Filler, marking: str | None) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pages = rng.randrange(2, 9)
    page_at, line_at = rng.randrange(pages), rng.randrange(40)
    place = rng.choice(("top", "body")) if marking else ""
    pdf = canvas.Canvas(str(path), invariant=1)
    for page in range(pages):
        pdf.setFont("STSong-Light", 11)
        if place == "top" and page == page_at:
            pdf.drawString(72, 800, marking)
        for line in range(40):
            text = filler.phrase(42)
            if place == "body" and page == page_at and line == line_at:
                text = f"{marking} {filler.phrase(30)}"
            pdf.drawString(60, 770 - line * 17, text)
        pdf.showPage()
    pdf.save()
    return f"page {page_at + 1}" if marking else ""


MAKERS: dict[str, Callable[[Path, random.Random, scan_common.Filler, str | None], str]] = {
    "docx": _docx,
    "xlsx": _xlsx,
    "pptx": _pptx,
    "pdf": _pdf,
}


def measure(manifest: dict[str, Any], *, repeat: int) -> dict[str, Any]:
    files = manifest["files"]
    scan_common.warm([ROOT / f["path"] for f in files])
    targets = {fmt: ROOT / fmt for fmt in MAKERS} | {"all": ROOT}
    runs = scan_common.interleaved(
        {
            name: lambda d=d: scan_common.run_scanner([d], "--jobs", "2")
            for name, d in targets.items()
        },
        repeat,
    )
    formats = {}
    for name, run in runs.items():
        chosen = [f for f in files if name == "all" or f["path"].startswith(f"{name}/")]
        size = sum((ROOT / f["path"]).stat().st_size for f in chosen)
        report = run.pop("result")
        summary = scan_common.summary_of(report)
        formats[name] = {
            "files": len(chosen),
            "bytes": size,
            **run,
            "files_per_s": round(len(chosen) / run["seconds"], 1),
            "mb_per_s": round(size / 1e6 / run["seconds"], 2),
            "files_scanned": summary.get("files_scanned"),
            "skipped": [r for r in report if r.get("type") == "skipped"][:10],
            "keyword_findings": sum(
                1 for r in report if r.get("type") == "finding" and r["kind"] == "keyword"
            ),
            "markings": _markings(chosen, report),
        }
    result = {
        "params": manifest["params"],
        "formats": formats,
        "markings_agree": all(f["markings"]["agree"] for f in formats.values()),
        "load_average": os.getloadavg()[0],
    }
    _print(result)
    return result


def _markings(files: list[dict[str, Any]], report: list[dict[str, Any]]) -> dict[str, Any]:
    marked = {f["path"]: f["place"] for f in files if f["marking"]}
    found = {
        Path(r["path"].split("!", 1)[0]).resolve().relative_to(ROOT.resolve()).as_posix()
        for r in report
        if r.get("type") == "finding" and r["kind"] == "marking"
    }
    missed = sorted(set(marked) - found)
    extra = sorted(found - set(marked))
    return {
        "files_marked": len(marked),
        "files_found": len(set(marked) & found),
        "missed": [f"{p} ({marked[p]})" for p in missed[:10]],
        "false_positive_files": extra[:10],
        "agree": not missed and not extra,
    }


def _print(result: dict[str, Any]) -> None:
    rows = [
        [
            name,
            f["files"],
            f["bytes"] / 1e6,
            f["seconds"],
            f["files_per_s"],
            f["mb_per_s"],
            f"{f['markings']['files_found']}/{f['markings']['files_marked']}",
            len(f["markings"]["false_positive_files"]),
            len(f["skipped"]),
        ]
        for name, f in result["formats"].items()
    ]
    print("\noffice scan (python -m baomi.scanner DIR --json --jobs 2)")
    header = ["format", "files", "MB", "seconds", "files/s", "MB/s", "marked found"]
    print(common.table(rows, [*header, "false pos.", "skipped"]))
    for name, f in result["formats"].items():
        for what in ("missed", "false_positive_files"):
            if f["markings"][what]:
                print(f"{name}: {what.replace('_', ' ')}: {', '.join(f['markings'][what])}")


if __name__ == "__main__":
    main()
