#!/usr/bin/env python3
"""Writes a dataset folder's tables as one .xlsx workbook per table (NAME.xlsx), as Excel
saves them: text in shared strings, codes of digits as numbers, dates as serial numbers in a
date style, for the loader's workbook benchmark (the national network as workbooks must load
within 3x its CSV time).

    python3 Benchmarks/make_xlsx.py /work/nat /work/nat-xlsx

Streams rows (memory: the shared strings), so the 2,000,000-row tables take about a minute
each. Not a fixture: the output stays outside the repository.
"""
import csv
import datetime
import gzip
import os
import shutil
import sys
import zipfile
from xml.sax.saxutils import escape

DATE_COLUMNS = {"founded", "dissolved", "start", "end"}
EPOCH = datetime.date(1899, 12, 30)

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"""
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"""


def column_letters(n):
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def write_table(source, target, name):
    opener = gzip.open if source.endswith(".gz") else open
    strings = {}
    order = []
    with opener(source, "rt", encoding="utf-8-sig", newline="") as f, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        rows = csv.reader(f)
        header = next(rows)
        letters = [column_letters(i + 1) for i in range(len(header))]
        dates = [h in DATE_COLUMNS for h in header]
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                      b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            buffer = []

            def text_cell(ref, value):
                i = strings.get(value)
                if i is None:
                    i = strings[value] = len(order)
                    order.append(value)
                return f'<c r="{ref}" t="s"><v>{i}</v></c>'

            def emit(r, cells):
                parts = [f'<row r="{r}">']
                for k, value in enumerate(cells):
                    if value == "":
                        continue
                    ref = letters[k] + str(r)
                    if r > 1 and dates[k] and len(value) == 10 and value[4] == "-":
                        serial = (datetime.date.fromisoformat(value) - EPOCH).days
                        parts.append(f'<c r="{ref}" s="1"><v>{serial}</v></c>')
                    elif r > 1 and value.isdigit() and len(value) <= 15 and value[0] != "0":
                        parts.append(f'<c r="{ref}"><v>{value}</v></c>')
                    else:
                        parts.append(text_cell(ref, value))
                parts.append("</row>")
                buffer.append("".join(parts))

            emit(1, header)
            for r, cells in enumerate(rows, start=2):
                emit(r, cells)
                if len(buffer) >= 10000:
                    out.write("".join(buffer).encode("utf-8"))
                    buffer.clear()
            out.write("".join(buffer).encode("utf-8"))
            out.write(b"</sheetData></worksheet>")
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK.format(name=name))
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/styles.xml", STYLES)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                      f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(order)}" '
                      f'uniqueCount="{len(order)}">'.encode("utf-8"))
            for start in range(0, len(order), 10000):
                out.write("".join(f"<si><t>{escape(s)}</t></si>" for s in order[start:start + 10000]).encode("utf-8"))
            out.write(b"</sst>")


def main():
    source, target = sys.argv[1], sys.argv[2]
    os.makedirs(target, exist_ok=True)
    for entry in sorted(os.listdir(source)):
        path = os.path.join(source, entry)
        if entry.endswith(".csv") or entry.endswith(".csv.gz"):
            name = entry.split(".")[0]
            write_table(path, os.path.join(target, name + ".xlsx"), name)
            print(name, flush=True)
        else:
            shutil.copy(path, os.path.join(target, entry))


if __name__ == "__main__":
    main()
