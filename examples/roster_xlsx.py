#!/usr/bin/env python3
"""Writes examples/roster.xlsx from examples/roster.csv, with only the standard library.

One sheet, 花名册: the CSV's header row, then its rows. Dates are Excel dates (serial numbers
shown as dates), except 毕业日期, which stays text as people often type it; scores are numbers;
`#N/A` and the like are error cells; everything else is text. The file is the same byte for
byte on every run.

    python3 examples/roster_xlsx.py [ROSTER.csv OUT.xlsx [--notes]]

With `--notes`, a sheet 说明 holding one line of text comes before 花名册 (as the test fixture
tests/fixtures/records/mistakes.xlsx has it, from mistakes.csv beside it).
"""

import csv
import datetime
import os
import re
import sys
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SHEET = "花名册"
TEXT_DATES = {"毕业日期"}
ERRORS = {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"}


def column(i):
    letters = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


def main():
    args = [a for a in sys.argv[1:] if a != "--notes"]
    source = args[0] if args else os.path.join(HERE, "roster.csv")
    target = args[1] if len(args) > 1 else os.path.join(HERE, "roster.xlsx")
    notes = "--notes" in sys.argv
    with open(source, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    strings, index = [], {}

    def shared(s):
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]

    out = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            if value == "":
                continue
            ref = f"{column(c)}{r}"
            name = header[c]
            if value in ERRORS:
                cells.append(f'<c r="{ref}" t="e"><v>{escape(value)}</v></c>')
            elif r > 1 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and name not in TEXT_DATES:
                day = datetime.date.fromisoformat(value)
                serial = (day - datetime.date(1899, 12, 30)).days
                cells.append(f'<c r="{ref}" s="1"><v>{serial}</v></c>')
            elif r > 1 and re.fullmatch(r"-?\d+(\.\d+)?", value) and not name.startswith("工号"):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="s"><v>{shared(value)}</v></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')

    def worksheet(rows):
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData>{"".join(rows)}</sheetData></worksheet>'
        )

    sheets = [(SHEET, worksheet(out))]
    if notes:
        line = f'<row r="1"><c r="A1" t="s"><v>{shared("本工作簿的第二张表是花名册")}</v></c></row>'
        sheets.insert(0, ("说明", worksheet([line])))
    sst = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        + "</sst>"
    )
    styles = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        "</cellXfs></styleSheet>"
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        "<sheets>"
        + "".join(
            f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
            for i, (name, _) in enumerate(sheets, start=1)
        )
        + "</sheets></workbook>"
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        "" + "".join(
            f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + f'<Relationship Id="rIdS" Type="{rel}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rIdT" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{ct}.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
        "</Types>"
    )
    parts = [
        ("[Content_Types].xml", types),
        ("_rels/.rels", root_rels),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
        ("xl/styles.xml", styles),
        ("xl/sharedStrings.xml", sst),
    ] + [(f"xl/worksheets/sheet{i}.xml", text) for i, (_, text) in enumerate(sheets, start=1)]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


if __name__ == "__main__":
    main()
