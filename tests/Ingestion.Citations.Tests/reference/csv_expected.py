#!/usr/bin/python3
"""Prints the values the CSV tests expect, read with Python's csv module (RFC 4180, stdlib).

Run from the repository root:  /usr/bin/python3 tests/Ingestion.Citations.Tests/reference/csv_expected.py > tests/Ingestion.Citations.Tests/reference/csv_expected.json
rows = list(csv.DictReader(open(file, newline='', encoding='utf-8')))
"""
import csv, gzip, json, sys
from pathlib import Path

csv.field_size_limit(sys.maxsize)
DATA = Path("../shared/testdata/screening")
out = {}
for path in sorted(DATA.glob("*.csv*")):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    title = next(c for c in rows[0] if c.lower() == "title")
    abstract = next(c for c in rows[0] if c.lower() == "abstract")
    pmid = next((c for c in rows[0] if c.lower() == "pubmedid"), None)
    out[path.name] = {
        "rows": len(rows),                                                      # len(rows)
        "without_abstract": sum(not r[abstract].strip() for r in rows),          # sum(not r['abstract'].strip() ...)
        "without_title": sum(not r[title].strip() for r in rows),                # sum(not r['title'].strip() ...)
        "first_title": rows[0][title].strip(),                                   # rows[0]['title']
        "first_pmid": rows[0][pmid].strip() if pmid else None,                   # rows[0]['pubmedID']
        "last_title": rows[-1][title].strip(),                                   # rows[-1]['title']
        "with_quote": sum('"' in r[abstract] for r in rows),                     # fields that needed "" escapes
    }
json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
