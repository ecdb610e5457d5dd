#!/usr/bin/env bash
# Installs (if missing) and starts Debian's rabbitmq-server on loopback, then waits until it
# answers. Idempotent: a broker that already answers is left alone. Prints the URI to use.
set -euo pipefail

if ! command -v rabbitmq-server >/dev/null 2>&1; then
  echo "Installing rabbitmq-server..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq rabbitmq-server >&2
fi

if ! rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT=5672
  # A fresh node directory per start: a machine that ran earlier test runs keeps hundreds of
  # quorum queues in /var/lib/rabbitmq, whose recovery makes a loaded broker stall channel creation.
  fresh="$(mktemp -d /tmp/evsys-rabbitmq-XXXXXX)"
  chown rabbitmq:rabbitmq "$fresh" 2>/dev/null || true
  export RABBITMQ_MNESIA_BASE="$fresh/mnesia" RABBITMQ_LOG_BASE="$fresh/log"
  # The management plugin gives operators (and the fault tests) queue depths over HTTP on :15672.
  rabbitmq-plugins --offline enable rabbitmq_management >/dev/null 2>&1 || true
  rabbitmq-server -detached >&2 || true
  for _ in $(seq 1 90); do
    if rabbitmq-diagnostics -q ping >/dev/null 2>&1; then break; fi
    sleep 1
  done
  rabbitmqctl await_startup >/dev/null 2>&1
fi

rabbitmq-diagnostics -q ping >/dev/null
echo "amqp://guest:guest@127.0.0.1:5672/"
