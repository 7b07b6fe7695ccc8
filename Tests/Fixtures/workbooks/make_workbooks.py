#!/usr/bin/env python3
"""Makes the committed .xlsx fixtures of KexieWorkbookTests and KexieIOTests.

Run once from the repository's root (needs openpyxl, and LibreOffice's `soffice` for the
files LibreOffice writes):

    python3 Tests/Fixtures/workbooks/make_workbooks.py

- cells-openpyxl.xlsx: every cell form as openpyxl writes it (sheet 人员, Chinese headers,
  dates in the 1900 system, a code stored as a number, a merged range, a formula, a boolean,
  a hidden sheet).
- cells-1904-openpyxl.xlsx: the same dates in the 1904 date system.
- cells-libreoffice.xlsx: cells-openpyxl.xlsx opened and saved by LibreOffice.
- handmade.xlsx: the XML forms the programs above do not write, written part by part:
  inline strings, rich text with a phonetic run, a number in scientific notation, an error,
  cells and rows without references, t="str" and t="d", a date in a custom format.
- errors/book.xlsx: a dataset workbook with mistakes at known cells (errors_workbook).
- old.xls: the same as an Excel 97–2003 workbook (LibreOffice).
- encrypted.xlsx: cells-openpyxl.xlsx with the password "kexie", encrypted as Excel encrypts
  (ECMA-376 Agile encryption in an OLE2 container with an EncryptionInfo stream) by
  msoffcrypto-tool (PyPI), when it is installed.
- sample/sample.xlsx: datasets/sample as one workbook, a sheet per table (LibreOffice).
- tianjin-zh/tianjin.xlsx: datasets/tianjin as one workbook with Chinese sheet names and
  headers (LibreOffice); tianjin-zh-names/ the same with organizations' regions given by
  name (unique names) or name path.
"""
import csv
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl
from openpyxl.styles import Font
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
FIXED = datetime.datetime(2026, 1, 1)  # fixed timestamps: the same bytes each run


def fixed_properties(wb):
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.creator = "kexie fixtures"


def cells_workbook(path, date1904):
    wb = openpyxl.Workbook()
    if date1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "人员"
    ws.append(["编号", "姓名", "人员类别", "成立日期", "代码", "备注", "是否"])
    ws.append(["P1", "张三", "学校校长", datetime.date(2018, 6, 1), 120101001000, 3.5, True])
    ws.append(["P2", "李四", "官员", datetime.date(1900, 3, 1), 7, "=A2&\"-\"&B2", False])
    ws.append(["P3", "王五", "官员", datetime.datetime(2020, 1, 10, 13, 30), -12, 0.1, None])
    ws["F3"] = '=A2&"-"&B2'
    ws.merge_cells("C4:C5")
    ws.append(["P4", "赵六", None, None, None, None, None])
    for row in ws.iter_rows(min_row=2, min_col=4, max_col=4):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    rich = CellRichText([TextBlock(InlineFont(b=True), "富"), "文本"])
    ws["F5"] = rich
    hidden = wb.create_sheet("隐藏")
    hidden.append(["id"])
    hidden.sheet_state = "hidden"
    other = wb.create_sheet("说明")
    other.append(["这是说明"])
    fixed_properties(wb)
    wb.save(path)


def errors_workbook(path):
    """A dataset workbook with three mistakes at known cells: organizations' header on row 2
    (row 1 is blank), an unknown type in C8, a date that is no date in H5, a person's
    region that does not exist in F3."""
    wb = openpyxl.Workbook()
    regions = wb.active
    regions.title = "regions"
    for row in [["id", "name", "level", "parent", "kind"], ["D1", "示例区", "district"],
                ["T1", "东街道", "township", "D1"], ["T2", "西镇", "township", "D1", "town"]]:
        regions.append(row)
    organizations = wb.create_sheet("organizations")
    rows = [["id", "name", "type", "region", "parent", "institution", "discipline", "founded", "dissolved"],
            ["A-D1", "示例区科协", "association", "D1"],
            ["A-T1", "东街道科协", "association", "T1", "A-D1"],
            ["A-T2", "西镇科协", "association", "T2", "A-D1", None, None, "2019-13-01"],
            ["S1", "学会", "society", "D1"],
            ["S2", "学会二", "society", "D1"],
            ["S3", "学会三", "assocation", "D1"]]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if value is not None:
                organizations.cell(row=r, column=c, value=value)
    persons = wb.create_sheet("persons")
    persons.append(["id", "name", "category", "sector", "workplace", "region"])
    persons.append(["P1", "张三", "official", None, None, "D1"])
    persons.append(["P2", "李四", "official", None, None, "Nowhere"])
    fixed_properties(wb)
    wb.save(path)


def handmade(path):
    """An .xlsx written part by part, for XML forms spreadsheet programs write rarely."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="persons" sheetId="1" r:id="rId1"/>'
        '<sheet name="secret" sheetId="2" state="veryHidden" r:id="rId9"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/>'
        "</Relationships>",
        "xl/sharedStrings.xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">'
        "<si><t>id</t></si>"
        "<si><r><rPr><b/></rPr><t>na</t></r><r><t>me</t></r><rPh sb=\"0\" eb=\"1\"><t>NA</t></rPh></si>"
        '<si><t xml:space="preserve"> a, "b" </t></si>'
        "<si><t>two&#10;lines</t></si>"
        "</sst>",
        "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
        '<numFmt numFmtId="165" formatCode="&quot;day&quot;0.00"/></numFmts>'
        '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="31"/><xf numFmtId="14"/></cellXfs>'
        "</styleSheet>",
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="2"><c r="B2" t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="inlineStr"><is><t>note</t></is></c></row>'
        '<row r="3"><c r="B3" t="inlineStr"><is><r><t>In</t></r><r><t>line</t></r></is></c>'
        '<c r="C3" t="s"><v>2</v></c><c r="D3"><v>1.20101001E+11</v></c></row>'
        '<row><c r="B4" t="e"><v>#N/A</v></c><c r="C4" t="s"><v>3</v></c><c r="D4" s="1"><v>43252.75</v></c></row>'
        '<row r="6"><c r="B6" t="str"><f>UPPER("x")</f><v>X</v></c><c r="C6" s="2"><v>43252</v></c>'
        '<c r="D6" s="3"><v>43466</v></c><c r="E6" t="d"><v>2019-03-05T00:00:00</v></c></row>'
        '<row r="7"><c r="B7" s="4"/><c r="C7" t="b"><v>1</v></c><c r="D7"><v>3.1000000000000001</v></c></row>'
        "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


def soffice(args, cwd):
    subprocess.run(["soffice", "--headless", "--norestore"] + args, cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def libreoffice_copy(source, target, filter_name="xlsx"):
    """`source` opened and saved by LibreOffice as `target` (format by filter)."""
    with tempfile.TemporaryDirectory() as tmp:
        staged = os.path.join(tmp, "in" + os.path.splitext(source)[1])
        shutil.copy(source, staged)
        out = os.path.join(tmp, "out")
        soffice(["--convert-to", filter_name, "--outdir", out, staged], tmp)
        produced = [f for f in os.listdir(out)]
        shutil.move(os.path.join(out, produced[0]), target)


DATE_COLUMNS = {"founded", "dissolved", "start", "end"}
NUMBER_COLUMNS = {"weight"}
CHINESE_SHEETS = {"regions": "区划", "organizations": "组织", "persons": "人员",
                  "positions": "职务", "links": "联系", "institutions": "单位"}
CHINESE_HEADERS = {
    "id": "编号", "name": "名称", "level": "级别", "parent": "上级", "kind": "类别", "type": "类型",
    "region": "区划", "institution": "依托单位", "discipline": "学科", "founded": "成立日期",
    "dissolved": "撤销日期", "category": "人员类别", "sector": "领域", "workplace": "工作单位",
    "person": "人员", "organization": "组织", "role": "职务", "start": "任职开始", "end": "任职结束",
    "from": "组织甲", "to": "组织乙", "weight": "权重",
}
TABLES = ["regions", "organizations", "persons", "positions", "links", "institutions"]


def typed(column, value):
    """A CSV cell as a spreadsheet keeps it: dates as dates, weights as numbers, codes that
    are all digits as numbers (as Excel makes them), the rest as text."""
    if value == "":
        return None
    if column in DATE_COLUMNS and len(value) == 10:
        return datetime.date.fromisoformat(value)
    if column in NUMBER_COLUMNS:
        return float(value) if "." in value else int(value)
    if value.isdigit() and len(value) <= 15 and not value.startswith("0"):
        return int(value)
    return value


def dataset_workbook(folder, path, chinese, region_names=None):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for table in TABLES:
        source = os.path.join(folder, table + ".csv")
        if not os.path.exists(source):
            continue
        with open(source, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        header = rows[0]
        ws = wb.create_sheet(CHINESE_SHEETS[table] if chinese else table)
        ws.append([CHINESE_HEADERS.get(h, h) if chinese else h for h in header])
        for r in rows[1:]:
            cells = []
            for column, value in zip(header, r):
                if region_names and table == "organizations" and column == "region" and value:
                    value = region_names[value]
                cells.append(typed(column, value))
            ws.append(cells)
        for column_index, column in enumerate(header, start=1):
            if column in DATE_COLUMNS:
                for row in ws.iter_rows(min_row=2, min_col=column_index, max_col=column_index):
                    for cell in row:
                        cell.number_format = "yyyy-mm-dd"
    fixed_properties(wb)
    wb.save(path)


def region_references(folder):
    """Each region's reference by name: its name when unique, else its name path from the
    highest ancestor whose addition makes it unique."""
    with open(os.path.join(folder, "regions.csv"), encoding="utf-8-sig", newline="") as f:
        regions = {r["id"]: r for r in csv.DictReader(f)}
    counts = {}
    for r in regions.values():
        counts[r["name"]] = counts.get(r["name"], 0) + 1

    def path(rid):
        names = []
        while rid:
            names.append(regions[rid]["name"])
            rid = regions[rid]["parent"]
        return list(reversed(names))

    def matches(candidate, other):
        # The contract's rule: the last name is the region's, the earlier ones its ancestors
        # in that order (not necessarily adjacent).
        names = path(other)
        if names[-1] != candidate[-1]:
            return False
        it = iter(names[:-1])
        return all(any(n == a for a in it) for n in candidate[:-1])

    refs = {}
    for rid, r in regions.items():
        if counts[r["name"]] == 1:
            refs[rid] = r["name"]
            continue
        full = path(rid)
        for k in range(2, len(full) + 1):
            candidate = full[-k:]
            same_name = [o for o in regions if regions[o]["name"] == r["name"]]
            if sum(matches(candidate, o) for o in same_name) == 1:
                refs[rid] = "/".join(candidate)
                break
        else:
            refs[rid] = "/".join(full)
    return refs


def main():
    os.chdir(HERE)
    have_soffice = shutil.which("soffice") is not None
    cells_workbook("cells-openpyxl.xlsx", date1904=False)
    cells_workbook("cells-1904-openpyxl.xlsx", date1904=True)
    handmade("handmade.xlsx")
    os.makedirs("errors", exist_ok=True)
    errors_workbook(os.path.join("errors", "book.xlsx"))
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
        with open("cells-openpyxl.xlsx", "rb") as plain, open("encrypted.xlsx", "wb") as out:
            OOXMLFile(plain).encrypt("kexie", out)
    except ImportError:
        print("msoffcrypto-tool not installed: encrypted.xlsx is left as it is", file=sys.stderr)
    if not have_soffice:
        print("soffice not found: the LibreOffice fixtures are left as they are", file=sys.stderr)
        return
    libreoffice_copy("cells-openpyxl.xlsx", "cells-libreoffice.xlsx")
    libreoffice_copy("cells-openpyxl.xlsx", "old.xls", "xls")
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "sample.xlsx")
        dataset_workbook(os.path.join(ROOT, "datasets", "sample"), raw, chinese=False)
        os.makedirs("sample", exist_ok=True)
        libreoffice_copy(raw, os.path.join("sample", "sample.xlsx"))
        tianjin = os.path.join(ROOT, "datasets", "tianjin")
        raw = os.path.join(tmp, "tianjin.xlsx")
        dataset_workbook(tianjin, raw, chinese=True)
        os.makedirs("tianjin-zh", exist_ok=True)
        libreoffice_copy(raw, os.path.join("tianjin-zh", "tianjin.xlsx"))
        raw = os.path.join(tmp, "tianjin-names.xlsx")
        dataset_workbook(tianjin, raw, chinese=True, region_names=region_references(tianjin))
        os.makedirs("tianjin-zh-names", exist_ok=True)
        libreoffice_copy(raw, os.path.join("tianjin-zh-names", "tianjin.xlsx"))
    for folder in ["sample", "tianjin-zh", "tianjin-zh-names"]:
        source = os.path.join(ROOT, "datasets", "sample" if folder == "sample" else "tianjin")
        for extra in ["dataset.yaml", "rules.yaml"]:
            if os.path.exists(os.path.join(source, extra)):
                shutil.copy(os.path.join(source, extra), os.path.join(folder, extra))


if __name__ == "__main__":
    main()
