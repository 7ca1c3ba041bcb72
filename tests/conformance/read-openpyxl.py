"""Gate reader: opens each output with openpyxl and compares the source sheets' cell values with the source's.

Input (stdin): JSON list of {"id", "output", "source"?}. Output (stdout): one JSON object per case:
{"id", "error"?, "sourceError"?, "sheets": [...], "mismatches": [...]}. Run with Debian's /usr/bin/python3.
"""
import json
import sys
import warnings

import openpyxl

warnings.simplefilter("ignore")


def values(ws):
    rows = []
    for row in ws.iter_rows(values_only=True):
        rows.append([None if v is None else (v.isoformat() if hasattr(v, "isoformat") else v) for v in row])
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return rows


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
                    where = next((i for i in range(max(len(a), len(b))) if i >= len(a) or i >= len(b) or a[i] != b[i]), 0)
                    out["mismatches"].append(
                        f'sheet "{name}" row {where + 1}: source {a[where] if where < len(a) else None!r} '
                        f'output {b[where] if where < len(b) else None!r}'[:300]
                    )


main()
