#!/usr/bin/env bash
# PubMed XML parse speed and memory: our PubMedXmlReader beside Biopython's Bio.Entrez.read on the
# same files (real samples from ../shared/testdata/pubmed repeated to 10, 100 and 500 MB).
#
#   tests/Benchmarks/pubmed-vs-biopython.sh [WORK_DIR]      (default /tmp/evsys-pubmed-bench)
#
# Bio.Entrez.read builds the whole document in memory, so it is only run up to BIOPYTHON_MAX_MB
# (default 100); our reader runs on every size. Each parser runs in its own process under
# /usr/bin/time -v, so peak RSS is that process's own. Debian's /usr/bin/python3 has Biopython.
set -euo pipefail
cd "$(dirname "$0")/../.."
work_dir="${1:-/tmp/evsys-pubmed-bench}"
mkdir -p "$work_dir"

dotnet build -c Release tests/Benchmarks -v q -nologo >/dev/null
# The parse runs with the ingestion host's runtime settings, read from its Release build.
dotnet build -c Release services/Ingestion/Host -v q -nologo >/dev/null
run() { dotnet run -c Release --no-build --project tests/Benchmarks -- pubmed-parse-vs-biopython "$@"; }
files=()
for mb in ${SIZES_MB:-10 100 500}; do
  file="$work_dir/pubmed-${mb}MB.xml"
  [ -f "$file" ] || run build "$file" "$mb"
  files+=("$file")
done
/usr/bin/python3 -c "import Bio; print('Biopython', Bio.__version__)"
run compare --biopython-max-mb "${BIOPYTHON_MAX_MB:-128}" "${files[@]}"
# Where the time goes (XmlReader alone vs the mapping, cold vs warm), on the 100 MB file.
run breakdown "${files[1]:-${files[0]}}" 3
