#!/usr/bin/env bash
# Starts the standalone host the way the README says (in-memory bus, SQLite under a temp data
# folder), waits for /health/ready, and stops it. Fails if it does not become ready in 180 s.
set -euo pipefail
cd "$(dirname "$0")/.."
data="$(mktemp -d)"
log="$data/standalone.log"
# --no-build: .ci/run built the solution just before; the run itself is what is tested here.
Storage__DataDirectory="$data" RABBITMQ_URI= dotnet run --no-build --project deploy/Standalone -- --urls http://127.0.0.1:5089 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  if curl -fsS http://127.0.0.1:5089/health/ready >/dev/null 2>&1; then
    echo "standalone: /health/ready answered 200"
    exit 0
  fi
  if ! kill -0 $pid 2>/dev/null; then break; fi
  sleep 1
done
echo "standalone did not become ready; its log:" >&2
tail -50 "$log" >&2
exit 1
