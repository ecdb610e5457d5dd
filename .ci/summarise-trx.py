#!/usr/bin/env python3
"""Sum the counters of every .trx file under a folder and print 'N passed, N failed, N skipped'."""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = skipped = 0
for trx in pathlib.Path(sys.argv[1]).rglob("*.trx"):
    counters = ET.parse(trx).getroot().find(f"{NS}ResultSummary/{NS}Counters")
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    # xunit reports skipped tests as results with outcome NotExecuted; the counters do not always say so.
    skipped += sum(1 for r in ET.parse(trx).getroot().iter(f"{NS}UnitTestResult") if r.get("outcome") == "NotExecuted")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
