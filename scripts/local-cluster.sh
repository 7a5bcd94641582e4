#!/usr/bin/env bash
# The shop as a Hazelcast cluster of local processes on 127.0.0.1, no Docker.
#
# Usage:
#   scripts/local-cluster.sh [start]   build the jars if missing, start the cluster, wait until the gateway lists
#                                      every service, print what to curl
#   scripts/local-cluster.sh stop      stop every process of the cluster (SIGTERM, then SIGKILL after 20 s)
#   scripts/local-cluster.sh status    which processes run
#   scripts/local-cluster.sh --help    this text
#
# Processes (each a plain `java -jar launcher/target/enoki.jar run --cluster ...`):
#   node1    orders (HTTP POST /orders, GET /orders/:id on 127.0.0.1:8001)   Hazelcast 5701, event bus 5801
#   node2    payments, inventory                                           Hazelcast 5702, event bus 5802
#   node3    emails                                                        Hazelcast 5703, event bus 5803
#   gateway  no services, the HTTP gateway on 127.0.0.1:8080               Hazelcast 5704, event bus 5804
#
# Then:
#   curl -s localhost:8080/api/services
#   curl -si -XPOST localhost:8080/orders -H 'Content-Type: application/json' \
#        -d '{"customer": "ann@example.com", "items": [{"sku": "enoki-mug", "quantity": 2}]}'
#   curl -s -XPOST localhost:8080/api/emails/sent
#
# Environment (defaults in brackets):
#   ENOKI_LOCAL_DIR       logs (node1.log, ...) and PID files [target/local-cluster]
#   ENOKI_CLUSTER_NAME    the Hazelcast cluster name [enoki, the enoki command's own default, so that
#                         `enoki services --cluster` and `enoki call --cluster ...` find the shop as they are]
#   ENOKI_GATEWAY_PORT    [8080]     ENOKI_ORDERS_HTTP_PORT  [8001]
#   ENOKI_HAZELCAST_BASE  [5700]: node N listens on base+N (gateway: base+4)
#   ENOKI_EVENTBUS_BASE   [5800]: node N's clustered event bus on base+N (gateway: base+4)
#   ENOKI_START_TIMEOUT   seconds to wait for the gateway to list every service [120]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LAUNCHER="$ROOT/launcher/target/enoki.jar"
DEMO="$ROOT/demo-services/target/enoki-demo.jar"
DIR="${ENOKI_LOCAL_DIR:-$ROOT/target/local-cluster}"
CLUSTER_NAME="${ENOKI_CLUSTER_NAME:-enoki}"
GATEWAY_PORT="${ENOKI_GATEWAY_PORT:-8080}"
ORDERS_HTTP_PORT="${ENOKI_ORDERS_HTTP_PORT:-8001}"
HZ_BASE="${ENOKI_HAZELCAST_BASE:-5700}"
EB_BASE="${ENOKI_EVENTBUS_BASE:-5800}"
START_TIMEOUT="${ENOKI_START_TIMEOUT:-120}"
NODES=(node1 node2 node3 gateway)
MEMBERS="127.0.0.1:$((HZ_BASE + 1)),127.0.0.1:$((HZ_BASE + 2)),127.0.0.1:$((HZ_BASE + 3)),127.0.0.1:$((HZ_BASE + 4))"

# What the enoki command needs besides --cluster to join this cluster: nothing with the default name and ports
cluster_options() {
  local options=""
  [[ "$CLUSTER_NAME" != enoki ]] && options+=" --cluster-name $CLUSTER_NAME"
  [[ "$HZ_BASE" != 5700 ]] && options+=" --members 127.0.0.1:$((HZ_BASE + 1))"
  echo "$options"
}

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}

running() { # name -> 0 when its PID file names a live process
  local pid_file="$DIR/$1.pid"
  [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

start_node() { # name index [--gateway ADDR] [classes...]
  local name="$1" index="$2"
  shift 2
  if running "$name"; then
    echo "$name already runs (pid $(cat "$DIR/$name.pid"))"
    return
  fi
  ENOKI_CLUSTER_NAME="$CLUSTER_NAME" ENOKI_CLUSTER_PORT_AUTO_INCREMENT=false \
    ENOKI_EVENTBUS_PORT="$((EB_BASE + index))" ENOKI_WEB_SERVER_ADDRESS="127.0.0.1:$ORDERS_HTTP_PORT" \
    nohup java -jar "$LAUNCHER" run --config "$ROOT/scripts/shop-node.yml" \
      --cluster --cluster-host 127.0.0.1 --cluster-port "$((HZ_BASE + index))" --members "$MEMBERS" \
      --classpath "$DEMO" "$@" >"$DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$DIR/$name.pid"
  echo "$name started (pid $!), log $DIR/$name.log"
}

all_listed() { # 0 when the gateway's registry names the four shop services
  local listed
  listed="$(curl -fsS "http://127.0.0.1:$GATEWAY_PORT/api/services" 2>/dev/null)" || return 1
  for service in orders payments inventory emails; do
    grep -q "\"name\":\"$service\"" <<<"$listed" || return 1
  done
}

start() {
  if [[ ! -f "$LAUNCHER" || ! -f "$DEMO" ]]; then
    echo "building the jars"
    (cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl launcher -am)
  fi
  mkdir -p "$DIR"
  start_node node1 1 dev.enoki.demo.shop.OrdersService
  start_node node2 2 dev.enoki.demo.shop.PaymentsService dev.enoki.demo.shop.InventoryService
  start_node node3 3 dev.enoki.demo.shop.EmailsService
  start_node gateway 4 --gateway "127.0.0.1:$GATEWAY_PORT"
  echo "waiting for the gateway to list orders, payments, inventory and emails"
  local deadline=$((SECONDS + START_TIMEOUT))
  until all_listed; do
    for name in "${NODES[@]}"; do
      if ! running "$name"; then
        echo "$name stopped; its log:" >&2
        tail -n 20 "$DIR/$name.log" >&2
        stop
        exit 1
      fi
    done
    if ((SECONDS >= deadline)); then
      echo "the gateway did not list every service within ${START_TIMEOUT}s; logs in $DIR" >&2
      exit 1
    fi
    sleep 1
  done
  echo "ready: http://127.0.0.1:$GATEWAY_PORT/ (console), e.g."
  echo "  curl -si -XPOST localhost:$GATEWAY_PORT/orders -H 'Content-Type: application/json' \\"
  echo "       -d '{\"customer\": \"ann@example.com\", \"items\": [{\"sku\": \"enoki-mug\", \"quantity\": 2}]}'"
  echo "  curl -s -XPOST localhost:$GATEWAY_PORT/api/emails/sent"
  echo "  java -jar $LAUNCHER services --cluster$(cluster_options)"
  echo "stop with: $0 stop"
}

stop() {
  local pids=()
  for name in gateway node3 node2 node1; do
    if running "$name"; then
      pids+=("$(cat "$DIR/$name.pid")")
      kill -TERM "$(cat "$DIR/$name.pid")"
    fi
  done
  for _ in $(seq 20); do
    local alive=0
    for pid in "${pids[@]+"${pids[@]}"}"; do
      kill -0 "$pid" 2>/dev/null && alive=1
    done
    ((alive)) || break
    sleep 1
  done
  for pid in "${pids[@]+"${pids[@]}"}"; do
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" && echo "killed $pid"
  done
  rm -f "$DIR"/*.pid
  echo "stopped"
}

status() {
  for name in "${NODES[@]}"; do
    if running "$name"; then echo "$name runs (pid $(cat "$DIR/$name.pid"))"; else echo "$name does not run"; fi
  done
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
