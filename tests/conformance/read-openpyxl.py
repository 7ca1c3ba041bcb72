"""Gate reader: opens each output with openpyxl and compares the source sheets' cell values with the source's.

Input (stdin): JSON list of {"id", "output", "source"?}. Output (stdout): one JSON object per case:
{"id", "error"?, "sourceError"?, "sheets": [...], "mismatches": [...]}. Run with Debian's /usr/bin/python3.
"""
import json
import sys
import warnings

import openpyxl
from openpyxl.utils import get_column_letter

warnings.simplefilter("ignore")


def values(ws):
    """The sheet's non-empty cells by coordinate (only the cells stored, so a 1,048,576-row dimension costs nothing)."""
    out = {}
    for (r, c), cell in ws._cells.items():
        v = cell.value
        if v is None:
            continue
        out[f"{get_column_letter(c)}{r}"] = v.isoformat() if hasattr(v, "isoformat") else v
    return out


def load(path):
    return openpyxl.load_workbook(path)


def main():
    cases = json.load(sys.stdin)
    for case in cases:
        out = {"id": case["id"], "sheets": [], "mismatches": []}
        try:
            compare(case, out)
        except Exception as e:  # noqa: BLE001 - a crash while reading is a finding too
            out["error"] = f"{type(e).__name__}: {e}"
        print(json.dumps(out, default=str), flush=True)


def compare(case, out):
    try:
        wb = load(case["output"])
        out["sheets"] = wb.sheetnames
    except Exception as e:  # noqa: BLE001 - any failure to open is the finding
        out["error"] = f"{type(e).__name__}: {e}"
        return
    if case.get("source"):
        try:
            src = load(case["source"])
        except Exception as e:  # noqa: BLE001
            out["sourceError"] = f"{type(e).__name__}: {e}"
            src = None
        if src is not None:
            for name in src.sheetnames:
                if not hasattr(src[name], "iter_rows"):
                    continue  # a chartsheet has no cells
                if name not in wb.sheetnames:
                    out["mismatches"].append(f'sheet "{name}" is missing')
                    continue
                a, b = values(src[name]), values(wb[name])
                if a != b:
                    diff = sorted(set(a) ^ set(b) | {k for k in a.keys() & b.keys() if a[k] != b[k]})
                    k = diff[0]
                    out["mismatches"].append(
                        f'sheet "{name}" {k}: source {a.get(k)!r} output {b.get(k)!r} ({len(diff)} cells differ)'[:300]
                    )

main()
