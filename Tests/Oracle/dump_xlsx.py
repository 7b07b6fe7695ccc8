"""Prints an .xlsx workbook as openpyxl reads it, as JSON, for the tests that read back every
workbook kexie writes: per sheet its name, state (visible/hidden), frozen pane, custom column
widths, the bold flags of row 1, the data validations and every row's cells, each typed:
["s", text], ["n", number as Python's repr], ["p", the same, shown as a percentage], ["d", "YYYY-MM-DD"] (a date
cell), ["b", flag]; an empty cell is null, and trailing empty cells are left out.

usage: python3 dump_xlsx.py WORKBOOK.xlsx
"""
import datetime
import json
import sys

import openpyxl


def cell(c):
    v = c.value
    if v is None:
        return None
    if isinstance(v, bool):
        return ["b", v]
    if isinstance(v, datetime.datetime):
        return ["d", v.date().isoformat()]
    if isinstance(v, (int, float)):
        # As text: Swift's JSON parser on Linux rounds the last digit of some doubles.
        return ["p" if c.number_format.endswith("%") else "n", repr(v)]
    return ["s", v]


def sheet(ws):
    rows = []
    for row in ws.iter_rows():
        cells = [cell(c) for c in row]
        while cells and cells[-1] is None:
            cells.pop()
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    widths = {k: d.width for k, d in sorted(ws.column_dimensions.items()) if d.customWidth}
    validations = [[d.type, d.formula1, str(d.sqref), d.errorStyle] for d in ws.data_validations.dataValidation]
    bold = [bool(c.font and c.font.b) for c in ws[1]] if ws.max_row >= 1 else []
    return {"name": ws.title, "state": ws.sheet_state, "freeze": ws.freeze_panes, "widths": widths,
            "bold": bold, "validations": validations, "rows": rows}


wb = openpyxl.load_workbook(sys.argv[1])
json.dump([sheet(ws) for ws in wb.worksheets], sys.stdout, ensure_ascii=False)
