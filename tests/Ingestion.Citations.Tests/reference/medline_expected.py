#!/usr/bin/python3
"""Prints the values the MEDLINE (.nbib) tests expect, as read by Biopython 1.80's Bio.Medline.

Run from the repository root:  /usr/bin/python3 tests/Ingestion.Citations.Tests/reference/medline_expected.py > tests/Ingestion.Citations.Tests/reference/medline_expected.json

Each record is a dict from Bio.Medline.parse(handle); the keys used are named beside each field.
"""
import json, re, sys
from pathlib import Path
from Bio import Medline

DATA = Path("../shared/testdata/medline")
FILES = ["biopython_pubmed_result1.nbib", "biopython_pubmed_result2.nbib", "biopython_pubmed_result3.nbib", "rispy_example_pubmed.nbib"]


def first(rec, key):
    v = rec.get(key)
    if isinstance(v, list):
        v = v[0] if v else None
    return v or None


def doi(rec):
    # [a for a in rec['AID'] + rec['LID'] if a.endswith('[doi]')][0]
    ids = rec.get("AID", []) + ([rec["LID"]] if isinstance(rec.get("LID"), str) else rec.get("LID", []))
    return next((a[:-5].strip().lower() for a in ids if a.endswith("[doi]")), None)


out = {}
for name in FILES:
    with open(DATA / name, encoding="utf-8") as handle:
        out[name] = [{
            "pmid": rec.get("PMID"),  # rec['PMID']
            "title": rec.get("TI"),  # rec['TI']
            "abstract": rec.get("AB"),  # rec['AB']
            "fau": rec.get("FAU", []), "au": rec.get("AU", []), "cn": rec.get("CN", []),  # rec['FAU'], rec['AU'], rec['CN']
            "doi": doi(rec), "pmc": rec.get("PMC"),  # rec['AID'] / rec['LID'], rec['PMC']
            "mh": rec.get("MH", []), "pt": rec.get("PT", []), "ot": rec.get("OT", []),  # rec['MH'], rec['PT'], rec['OT']
            "la": first(rec, "LA"), "dp": rec.get("DP"), "ta": rec.get("TA"), "jt": rec.get("JT"),
            "vi": rec.get("VI"), "ip": rec.get("IP"), "pg": rec.get("PG"),
            "year": int(m.group(0)) if (m := re.search(r"(1[5-9]|20)\d\d", rec.get("DP", ""))) else None,
        } for rec in Medline.parse(handle)]
json.dump(out, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
