#!/usr/bin/env bash
# REML fit time and results: metafor's rma(method="REML") beside the synthesis engine on the same
# inputs (dat.bcg for k = 13, simulated studies with a fixed seed for k = 1000 to 10000).
#
#   tests/Benchmarks/synthesis-vs-metafor.sh [WORK_DIR]
#
# metafor builds dense k×k matrices (W = diag(wi), P, and P %*% P in every Fisher-scoring
# iteration; rma.uni has no control option that avoids them), so its fit is O(k³) in time and O(k²)
# in memory. It runs rma() at k = 1000 and 2000 (3000 too with METAFOR_K3000=1), and the engine
# prints metafor's growth exponent fitted to those and the time it predicts at k = 10000 (~10^3 s
# per fit with Debian's reference BLAS and several 800 MB matrices), marked as extrapolated.
# METAFOR_K10000=1 runs the real thing: one timed fit, no warm-up (hours with the reference BLAS;
# about 7 min CPU with METAFOR_BLAS=openblas, which runs R on Debian's OpenBLAS, single-threaded,
# for this run only: `apt-get install libopenblas0-pthread` first). Repetitions: METAFOR_REPS_13 (default 500),
# METAFOR_REPS_1000 (default 3); one fit at 2000 and 3000.
# Times are CPU seconds (user + system) per fit on both sides, which stay meaningful when the
# machine is shared; wall-clock times are printed beside them.
set -euo pipefail
cd "$(dirname "$0")/../.."
work_dir="${1:-$(mktemp -d)}"
mkdir -p "$work_dir"

dotnet build -c Release tests/Benchmarks -v q -nologo >/dev/null
run() { dotnet run -c Release --no-build --project tests/Benchmarks -- synthesis-vs-metafor "$@"; }
run write-inputs "$work_dir"

r_env=()
if [ "${METAFOR_BLAS:-}" = "openblas" ]; then
  openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread
  [ -f "$openblas/libblas.so.3" ] || { echo "METAFOR_BLAS=openblas needs libopenblas0-pthread installed" >&2; exit 2; }
  # R's own library path puts the system libblas first; name OpenBLAS's directory before it.
  r_env=(env OPENBLAS_NUM_THREADS=1 "R_LD_LIBRARY_PATH=$openblas:/usr/lib/R/lib:/usr/lib/x86_64-linux-gnu")
fi
"${r_env[@]}" Rscript - "$work_dir" "${METAFOR_REPS_13:-500}" "${METAFOR_REPS_1000:-3}" "${METAFOR_K10000:-0}" "${METAFOR_K3000:-0}" <<'RSCRIPT'
suppressPackageStartupMessages(library(metafor))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
cat("R BLAS:", extSoftVersion()[["BLAS"]], "\n")
reps <- c("13" = as.integer(args[2]), "1000" = as.integer(args[3]), "2000" = 1L, "3000" = 1L, "10000" = 1L)
sizes <- c(13, 1000, 2000, if (args[5] == "1") 3000, if (args[4] == "1") 10000)
rows <- list()
for (k in sizes) {
  d <- read.csv(file.path(dir, sprintf("k%d.csv", k)))
  n <- reps[[as.character(k)]]
  if (k >= 10000) {
    # One fit takes minutes: time it once, no warm-up (nothing left to warm at that size).
    timing <- system.time(res <- rma(d$yi, d$vi, method = "REML"))
  } else {
    res <- rma(d$yi, d$vi, method = "REML")  # warm-up, and the result compared below
    timing <- system.time(for (i in seq_len(n)) rma(d$yi, d$vi, method = "REML"))
  }
  cpu <- timing[["user.self"]] + timing[["sys.self"]]
  cat(sprintf("metafor %s: k = %d, %d fits in %.3f s CPU (%.3f s wall)\n", packageVersion("metafor"), k, n, cpu, timing[["elapsed"]]))
  rows[[length(rows) + 1]] <- data.frame(k = k, reps = n, cpu_per_fit = cpu / n, wall_per_fit = timing[["elapsed"]] / n,
    estimate = res$beta[1], se = res$se, ci_lb = res$ci.lb, ci_ub = res$ci.ub, tau2 = res$tau2,
    I2 = res$I2, H2 = res$H2, QE = res$QE, QEp = res$QEp)
}
out <- do.call(rbind, rows)
write.csv(format(out, digits = 17), file.path(dir, "metafor.csv"), row.names = FALSE, quote = FALSE)
if (!(10000 %in% sizes)) cat("metafor: k = 10000 not run (O(k^3) dense algebra, extrapolated below; set METAFOR_K10000=1 to force)\n")
RSCRIPT

run compare "$work_dir"
