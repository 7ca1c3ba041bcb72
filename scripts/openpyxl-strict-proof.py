"""Shows why openpyxl 3.0.9 (Debian's python3-openpyxl) crashes on register.xlsx made from a Strict source.

openpyxl 3.0 knows only the Transitional relationships namespace, so it finds no r:id on any <sheet> of a Strict
workbook and drops every sheet ("invalid specification ... will be removed"): it "reads" tests/corpus/strict-tracker.xlsx
(and calamine-strict_iso_paths.xlsx, saved by Excel 16) as a workbook with no sheets. A sheet-local _xlnm.Print_Titles or
_xlnm.Print_Area (what Excel writes for repeated header rows or a print area; register.xlsx repeats its header rows) is
then bound in reader/workbook.py assign_names() with self.wb._sheets[defn.localSheetId] on that empty list: IndexError.
(Other sheet-local names such as _xlnm._FilterDatabase are dropped before, so they do not crash it.) The sources only
lack such a name.

This builds, from the corpus source alone, (1) the source plus one _xlnm.Print_Titles (a valid Strict file, nothing of
ours in it) and (2) the same workbook saved Transitional by openpyxl itself, and loads each.
Run: /usr/bin/python3 scripts/openpyxl-strict-proof.py
"""
import io
import pathlib
import traceback
import warnings
import zipfile

import openpyxl

warnings.simplefilter("ignore")
SOURCE = pathlib.Path(__file__).resolve().parent.parent / "tests/corpus/strict-tracker.xlsx"
NAME = '<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">Tracker!$1:$1</definedName></definedNames>'


def with_print_titles(src: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"</sheets>", b"</sheets>" + NAME.encode())
            zout.writestr(info, data)
    return out.getvalue()


def load(label, data):
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data))
        print(f"{label}: opens, sheets {wb.sheetnames}")
    except Exception as e:  # noqa: BLE001
        print(f"{label}: {type(e).__name__}: {e}")
        traceback.print_exc(limit=-2)


src = SOURCE.read_bytes()
load("strict-tracker.xlsx (Strict source)", src)
load("strict-tracker.xlsx + one _xlnm.Print_Titles (Strict)", with_print_titles(src))

# The Transitional counterpart: openpyxl's own workbook with the same sheet-local name reads back.
wb = openpyxl.Workbook()
wb.active.title = "Tracker"
wb.active.append(["Ref", "Status"])
wb.active.print_title_rows = "1:1"
buf = io.BytesIO()
wb.save(buf)
load("Transitional workbook + the same _xlnm.Print_Titles", buf.getvalue())
