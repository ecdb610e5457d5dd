#!/usr/bin/env bash
# Load figures for docs/performance.md (issue 10), printed, not asserted:
#   1. the MassTransit publish→consume ceiling over RABBITMQ_URI with a quorum queue (no app code);
#   2. 50 reviewers posting screening decisions through the gateway for 60 s against every host
#      run as its own Release process, after a 45 s warm-up that is not counted (the hosts
#      JIT-compile for ~40 s after start): throughput, p50/p99, catch-up of the synthesis, CPU per
#      decision per process, memory. Unpaced by default (each reviewer sends the next decision the
#      moment one is answered); --rate N offers N decisions/s in all instead, latency counted from
#      when each decision was due;
#   3. the same GET direct, through the gateway, nginx and a bare YARP (wrk at 50 and at 1 connection;
#      the routes take turns over 3 rounds, medians), with ratios.
# Usage: [SKIP_BUILD=1] tests/Benchmarks/living-load.sh [--reviewers 50] [--seconds 60] [--items 40000]
#        [--warmup-seconds 45] [--settle-seconds 0] [--rate 0] [--wrk-seconds 15] [--no-gateway-cost] [--standalone [--behind-gateway]]
#        [--decisions-direct | --decisions-via-nginx | --decisions-via-bare-yarp] [--no-screening-events]
#        (--standalone: the standalone shape's one process over the same broker instead of the
#        seven processes; no gateway-cost part; with --behind-gateway the gateway in front of it;
#        --decisions-direct: the decisions straight to the screening host, not through the gateway;
#        --decisions-via-nginx: the decisions through nginx (one worker) to the screening host instead;
#        --decisions-via-bare-yarp: through a YARP that only forwards instead;
#        every other option and LIVING_LOAD_GATEWAY_<NAME> in LivingLoadCommand and HostProcesses)
# Needs RabbitMQ (RABBITMQ_URI, default amqp://guest:guest@127.0.0.1:5672/ with management on 15672).
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  # Debian starts nginx on port 80 when installing it; only the run's own nginx is wanted.
  (service nginx stop || nginx -s stop) >/dev/null 2>&1 || true
fi
export RABBITMQ_URI="${RABBITMQ_URI:-amqp://guest:guest@127.0.0.1:5672/}"

# SKIP_BUILD=1 when the Release builds are already there (each build is minutes on a busy machine).
if [ "${SKIP_BUILD:-}" != "1" ]; then
  for project in services/*/Host/*.csproj gateway/EvSysReview.Gateway.csproj deploy/Standalone/EvSysReview.Standalone.csproj tests/Benchmarks/EvSysReview.Benchmarks.csproj; do
    dotnet build -c Release -v q -nologo "$project" >/dev/null
  done
fi

bench=tests/Benchmarks/bin/Release/net10.0/EvSysReview.Benchmarks.dll
echo "== $(date -u +%FT%TZ) on $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) (shared machine: figures are upper bounds)"
ceiling_output="$(dotnet "$bench" bus-ceiling --seconds 20 --publishers 50 2>&1)" || echo "bus-ceiling failed:" >&2
echo "$ceiling_output"
load_output="$(dotnet "$bench" living-load "$@" 2>&1)" || echo "living-load failed:" >&2
echo "$load_output"
ceiling="$(sed -n 's/^CEILING //p' <<<"$ceiling_output")"
decisions="$(sed -n 's/^DECISIONS_PER_SECOND //p' <<<"$load_output")"
if [ -n "$ceiling" ] && [ -n "$decisions" ] && [ "$ceiling" -gt 0 ]; then
  echo "decisions/s as a fraction of the MassTransit ceiling: $decisions / $ceiling = $(awk -v d="$decisions" -v c="$ceiling" 'BEGIN { printf "%.2f", d / c }')"
fi
