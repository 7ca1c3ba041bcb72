"""Builds the corpus files openpyxl writes (run by scripts/make-corpus.js with Debian's /usr/bin/python3).

usage: make-corpus.py OUT_DIR TRACKER_JSON
Writes openpyxl-tracker.xlsx: the shared tracker with a hidden "Lists" sheet, a defined name, a comment and an
image, as openpyxl (and pandas' default Excel writer, which uses it) saves it: xmlns:r on each <sheet>.
"""
import datetime
import io
import json
import sys

import openpyxl
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.styles import Font
from openpyxl.workbook.defined_name import DefinedName
from PIL import Image as PILImage

out_dir, tracker_json = sys.argv[1], sys.argv[2]
tracker = json.load(open(tracker_json, encoding="utf-8"))
FIXED = datetime.datetime(2018, 4, 20, 9, 0, 0)

wb = openpyxl.Workbook()
wb.properties.creator = "scripts/make-corpus.py"
wb.properties.created = FIXED
wb.properties.modified = FIXED
ws = wb.active
ws.title = "Tracker"
ws["A1"] = tracker["title"]
ws["A1"].font = Font(bold=True, size=14)
for c, h in enumerate(tracker["header"], start=1):
    ws.cell(row=3, column=c, value=h).font = Font(bold=True)
for r, row in enumerate(tracker["rows"], start=4):
    for c, v in enumerate(row, start=1):
        ws.cell(row=r, column=c, value=v)
ws["G4"].comment = Comment("Confirmed at the March board.", "Programme office")

lists = wb.create_sheet("Lists")
for i, s in enumerate(["Complete", "Green", "Amber", "Red"], start=1):
    lists.cell(row=i, column=1, value=s)
lists.sheet_state = "hidden"
dn = DefinedName("StatusList", attr_text="Lists!$A$1:$A$4")
if hasattr(wb.defined_names, "add"):
    wb.defined_names.add(dn)
else:
    wb.defined_names.append(dn)

png = io.BytesIO()
PILImage.new("RGB", (24, 12), (0, 94, 165)).save(png, format="PNG")
png.seek(0)
ws.add_image(Image(png), "J2")

wb.save(f"{out_dir}/openpyxl-tracker.xlsx")
