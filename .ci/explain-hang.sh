#!/usr/bin/env bash
# After a test run: for each hang dump `dotnet test --blame-hang` left in the results folder, print
# where the hung test waits — the async chains that run through xunit's test runner (dotnet-dump's
# `dumpasync`), since an awaiting test has no thread stack to show. The whole `dumpasync` output
# is kept beside the dump's place; the dump itself (hundreds of MB) is deleted.
# Usage: .ci/explain-hang.sh RESULTS_DIR
set -uo pipefail
results="$1"
mapfile -t dumps < <(find "$results" -name '*hangdump.dmp' 2>/dev/null)
[ ${#dumps[@]} -eq 0 ] && exit 0

tool="$(command -v dotnet-dump || true)"
if [ -z "$tool" ]; then
  dotnet tool install dotnet-dump --tool-path "$results/tools" >/dev/null 2>&1 || { echo "explain-hang: dotnet-dump could not be installed; dumps left in $results"; exit 0; }
  tool="$results/tools/dotnet-dump"
fi

for dump in "${dumps[@]}"; do
  out="${dump%.dmp}.dumpasync.txt"
  timeout 600 "$tool" analyze "$dump" -c "dumpasync" -c exit > "$out" 2>&1
  echo "== Hang dump $(basename "$dump"): the test's own async chains (all chains in $out) =="
  # dumpasync separates chains with blank lines; keep those a test method or fixture is part of.
  awk 'BEGIN { RS = ""; ORS = "\n\n" } /Xunit\.Sdk\./' "$out" | sed -E 's/^ *[0-9a-f]{16} [0-9a-f]{16} //' | head -200
  rm -f "$dump"
done
