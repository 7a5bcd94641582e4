#!/usr/bin/env bash
# Enoki's RPC over RabbitMQ beside its peers, each alone, in alternating rounds: Moleculer 0.14 over RabbitMQ and
# over its TCP transporter, Nameko 2.14, the plain RabbitMQ Java client, and Enoki with default settings (on
# RabbitMQ, and on the clustered event bus, where its peer is Moleculer TCP; on each also with a hello that returns
# a Future and so runs without a worker hop, as Moleculer's does). Every system serves hello("Matt") from its own
# process and is called from another; each (system, level) is run once per round, and the table shows the median of
# the rounds. See benchmarks/README.md.
#
#   benchmarks/peers/run.sh [rounds=3] [seconds=5] [warmup=60] [levels="1 64 256"] [systems="..."]
#
# Each caller is a fresh process per level. On 2 cores shared with the broker and the service, a JVM's JIT needs
# about a minute of load to compile the call path (an Enoki caller against a warm Enoki service: 2,388, 3,897,
# 4,510, 5,496 calls/s at 64 in flight in four windows 15 s apart, and 6,684 after 60 s), so the warm-up is 60 s.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
for arg in "$@"; do declare "$arg"; done
rounds="${rounds:-3}"; seconds="${seconds:-5}"; warmup="${warmup:-60}"; levels="${levels:-1 64 256}"
systems="${systems:-enoki enoki-future bare moleculer-amqp moleculer-tcp nameko enoki-cluster enoki-cluster-future}"
export AMQP_URI="${AMQP_URI:-amqp://guest:guest@127.0.0.1:5672}"
export BEAM_PID="${BEAM_PID:-$(pgrep -o beam.smp || true)}"   # the broker's CPU per call, when it runs here
nameko="${NAMEKO:-$root/../shared/nameko-2.14.1}"
jar="$root/benchmarks/target/enoki-benchmarks.jar"
# Hazelcast's Java 17 flags (ClusteredVertx.JVM_FLAGS), for the members of enoki-cluster
cluster_flags="--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
results="$(mktemp)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -f "$results"' EXIT

start_server() {   # $1 system; returns once it serves
  local log; log="$(mktemp)"
  case "$1" in
    enoki|enoki-future|bare) java -cp "$jar" dev.enoki.benchmarks.PeerRpc role=server system="$1" uri="$AMQP_URI" \
                               >"$log" 2>&1 & ;;
    enoki-cluster*) java $cluster_flags -cp "$jar" dev.enoki.benchmarks.PeerRpc role=server system="$1" >"$log" 2>&1 & ;;
    moleculer-*) node "$here/moleculer/peer.js" server "${1#moleculer-}" >"$log" 2>&1 & ;;
    nameko) (cd "$here/nameko" && PYTHONPATH="$nameko" exec /usr/bin/python3 -m nameko run peer_greeter \
               --broker "$AMQP_URI") >"$log" 2>&1 & ;;
  esac
  server=$!
  for _ in $(seq 300); do
    grep -q -e '^ready' -e 'Connected to' "$log" && break
    sleep 0.1
  done
  sleep 1
  rm -f "$log"
}

run_client() {   # $1 system, $2 calls in flight
  export SERVER_PID="$server"   # its CPU and context switches per call, beside the broker's
  case "$1" in
    enoki|enoki-future|bare) java -cp "$jar" dev.enoki.benchmarks.PeerRpc role=client system="$1" inflight="$2" \
                  seconds="$seconds" warmup="$warmup" uri="$AMQP_URI" 2>/dev/null | grep '^{' ;;
    enoki-cluster*) java $cluster_flags -cp "$jar" dev.enoki.benchmarks.PeerRpc role=client system="$1" \
                     inflight="$2" seconds="$seconds" warmup="$warmup" 2>/dev/null | grep '^{' ;;
    moleculer-*) node "$here/moleculer/peer.js" client "${1#moleculer-}" "$2" "$seconds" "$warmup" | grep '^{' ;;
    nameko) (cd "$here/nameko" && PYTHONPATH="$nameko" /usr/bin/python3 peer_client.py "$2" "$seconds" "$warmup") \
              | grep '^{' ;;
  esac
}

for round in $(seq "$rounds"); do
  for system in $systems; do
    start_server "$system"
    for level in $levels; do
      line="$(run_client "$system" "$level" || echo "{\"system\":\"$system\",\"inflight\":$level,\"failed\":true}")"
      echo "round $round: $line" >&2
      echo "$line" >>"$results"
    done
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
  done
done
python3 "$here/table.py" <"$results"
