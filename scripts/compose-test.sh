#!/usr/bin/env bash
# Runs docker-compose.yml for real and checks the cluster does what the README says: builds the images (the nodes'
# from the jars the Maven build made), starts RabbitMQ, the shop's four Enoki nodes and the Python Nameko service,
# waits for every health check, places an order through the gateway until its emails arrive, checks /api/services
# lists every service and /api/nodes places each on its node, and the Python service answers through the gateway,
# kills the container running payments and checks orders then fail with a typed error (no hang), brings it back and
# checks orders succeed again, and takes it all down. Each step prints what it saw and how long it took; exit 0 only when every step held.
#
# Base images: where the public images cannot be pulled, this script builds its own from Debian's archive with
# debootstrap (a JRE, RabbitMQ, Python with Nameko's dependencies) and keeps them as images, so only the first run
# pays for them. Set ENOKI_JRE_IMAGE, ENOKI_RABBITMQ_IMAGE and ENOKI_PYTHON_IMAGE to use others (the compose file's
# defaults are the public images; with ENOKI_PYTHON_IMAGE set, Nameko comes from pip as for users).
#
# Environment (defaults in brackets):
#   ENOKI_COMPOSE_PROJECT   the compose project name, so a stack of your own is not touched [enoki-compose-test]
#   ENOKI_COMPOSE_TIMEOUT   seconds the whole run may take [2400: making the base images may take minutes each]
#   ENOKI_DEBIAN_MIRROR     the Debian archive debootstrap reads [the one apt uses, else http://deb.debian.org/debian]
#   NAMEKO_PATH             Nameko 2.14.1's source, copied into the Python image [../shared/nameko-2.14.1]
# Needs root (dockerd, debootstrap), docker, docker-compose, curl and python3; starts dockerd when it does not run,
# and stops it again at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PROJECT="${ENOKI_COMPOSE_PROJECT:-enoki-compose-test}"
RUN_TIMEOUT="${ENOKI_COMPOSE_TIMEOUT:-2400}"
NAMEKO_SRC="${NAMEKO_PATH:-$ROOT/../shared/nameko-2.14.1}"
VENDOR="$ROOT/demo-services/nameko-loyalty/vendor"
SUITE=bookworm
# Local base images; the suffix changes when what goes into them does, so an old one is not reused
JRE_BASE=enoki-local/jre:17-$SUITE-1
RABBITMQ_ROOT=enoki-local/rabbitmq-root:$SUITE-1
RABBITMQ_BASE=enoki-local/rabbitmq:$SUITE-1
PYTHON_BASE=enoki-local/python-nameko:$SUITE-1
NAMEKO_DEBS="python3-eventlet,python3-kombu,python3-amqp,python3-werkzeug,python3-yaml,python3-requests,python3-six"
NAMEKO_DEBS+=",python3-wrapt,python3-mock,python3-path,python3-packaging"

work="$(mktemp -d)"
dockerd_pid=""
cpu_weight_file=""
cpu_weight_before=""
stack_up=0
roots=""
watchdog=""
run_start=${EPOCHREALTIME/./}

ms_since() { # start (µs, from EPOCHREALTIME) -> milliseconds since
  local now=${EPOCHREALTIME/./}
  echo $(((now - $1) / 1000))
}
secs() { # milliseconds -> "12.3 s"
  printf '%d.%d s' $(($1 / 1000)) $((($1 % 1000) / 100))
}
say() { echo "compose-test: $*"; }

step_name=""
step_start=0
step() {
  step_name="$1"
  step_start=${EPOCHREALTIME/./}
  say "== $step_name"
}
done_step() {
  say "   ok in $(secs "$(ms_since "$step_start")"): $*"
}
fail() {
  say "FAILED at '$step_name' after $(secs "$(ms_since "$step_start")"): $*" >&2
  exit 1
}

compose() { # seconds, then docker-compose arguments
  local limit="$1"
  shift
  timeout "$limit" docker-compose -p "$PROJECT" -f "$ROOT/docker-compose.yml" "$@"
}

cleanup() {
  local status=$?
  trap - EXIT TERM INT USR1
  if [ -n "$watchdog" ]; then
    pkill -P "$watchdog" 2>/dev/null || true   # its sleep
    kill "$watchdog" 2>/dev/null || true
  fi
  if [ "$stack_up" = 1 ]; then
    if [ "$status" -ne 0 ]; then
      say "the stack as it was:"
      compose 60 ps || true
      compose 60 logs --no-color --tail=40 2>&1 | sed 's/^/    | /' || true
    fi
    say "taking the stack down"
    compose 180 down -v --remove-orphans >/dev/null 2>&1 || true
  fi
  for pid in "${making[@]+"${making[@]}"}"; do   # base images still being made: their timeout, then them
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  [ -n "$roots" ] && rm -rf "$roots"
  if [ -n "$cpu_weight_file" ]; then
    echo "$cpu_weight_before" >"$cpu_weight_file" 2>/dev/null || true
  fi
  if [ -n "$dockerd_pid" ]; then
    kill -TERM "$dockerd_pid" 2>/dev/null || true
    for _ in $(seq 30); do
      kill -0 "$dockerd_pid" 2>/dev/null || break
      sleep 1
    done
  fi
  rm -rf "$VENDOR" "$work"
  say "total $(secs "$(ms_since "$run_start")"), exit $status"
  exit "$status"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT
trap 'say "stopped by SIGTERM"; exit 143' TERM
trap 'say "the whole run took longer than ${RUN_TIMEOUT}s (ENOKI_COMPOSE_TIMEOUT)"; exit 124' USR1
(sleep "$RUN_TIMEOUT" && kill -USR1 $$) >/dev/null 2>&1 &
watchdog=$!

# The Debian archive apt reads, for debootstrap
debian_mirror() {
  if [ -n "${ENOKI_DEBIAN_MIRROR:-}" ]; then
    echo "$ENOKI_DEBIAN_MIRROR"
    return
  fi
  local found
  found="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -E '^[[:space:]]*(deb[[:space:]]|URIs:)' | grep -oE 'https?://[^[:space:]]+/debian/?' \
    | grep -v security | head -1 || true)"
  echo "${found:-http://deb.debian.org/debian}"
}

# A Debian root with these packages, imported as an image; run in the background, one per image, side by side
debian_image() { # tag, comma-separated packages
  local tag="$1" packages="$2" started=${EPOCHREALTIME/./} mirror
  local name="${tag//[^a-z0-9]/-}"
  mirror="$(debian_mirror)"
  say "   $tag: debootstrap $SUITE from $mirror with $packages"
  if ! timeout 900 debootstrap --variant=minbase --include="$packages" "$SUITE" "$roots/$name" "$mirror" \
    >"$work/$name.log" 2>&1; then
    tail -n 20 "$work/$name.log" | sed "s|^|    $tag: |" >&2
    return 1
  fi
  rm -rf "$roots/$name"/var/cache/apt/archives/*.deb "$roots/$name"/var/lib/apt/lists/*
  tar -C "$roots/$name" -c . | timeout 300 docker import --change 'CMD ["/bin/bash"]' - "$tag" >/dev/null || return 1
  rm -rf "${roots:?}/$name"
  say "   $tag: made in $(secs "$(ms_since "$started")") ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%d MB", $1 / 1e6}'))"
}

making=()
base_image() { # tag, comma-separated packages: starts making it unless it is there
  if docker image inspect "$1" >/dev/null 2>&1; then
    say "   $1: there already"
    return
  fi
  command -v debootstrap >/dev/null || fail "debootstrap is needed to make $1: apt-get install -y debootstrap"
  [ -n "$roots" ] || roots="$(mktemp -d /var/tmp/enoki-roots.XXXXXX)"
  debian_image "$1" "$2" &
  making+=($!)
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# curl with a time limit: prints the status (000 when there was no answer); the body is in $work/body
http() { # seconds, then curl arguments
  local limit="$1"
  shift
  curl -sS --max-time "$limit" -o "$work/body" -w '%{http_code}' "$@" 2>"$work/curl.err" || echo 000
}
body() { cat "$work/body" 2>/dev/null || true; }
json() { # python expression on j (the body as JSON; further arguments from sys.argv[2]) -> printed
  local expression="$1"
  shift
  python3 -c "import json, sys; j = json.load(open(sys.argv[1])); print($expression)" "$work/body" "$@"
}

container_of() { # compose service -> its container's id (docker itself: quicker than docker-compose ps)
  timeout 30 docker ps -aq --filter "label=com.docker.compose.project=$PROJECT" \
    --filter "label=com.docker.compose.service=$1"
}

service_health() { # compose service -> its container's health (or state when it is not running)
  local id
  id="$(container_of "$1")"
  [ -n "$id" ] || { echo missing; return; }
  timeout 30 docker inspect -f '{{if eq .State.Status "running"}}{{if .State.Health}}{{.State.Health.Status}}{{else}}running{{end}}{{else}}{{.State.Status}}{{end}}' "$id"
}

wait_healthy() { # seconds, start (µs), services... -> prints each one's time to healthy from start
  local limit="$1" from="$2"
  shift 2
  local deadline=$((SECONDS + limit)) pending=("$@") still=() service state
  while [ ${#pending[@]} -gt 0 ]; do
    still=()
    for service in "${pending[@]}"; do
      state="$(service_health "$service")"
      case "$state" in
        healthy) say "   $service healthy after $(secs "$(ms_since "$from")")" ;;
        exited | dead | missing) fail "$service is $state: $(compose 30 logs --no-color --tail=20 "$service" 2>&1)" ;;
        *) still+=("$service") ;;
      esac
    done
    pending=("${still[@]+"${still[@]}"}")
    [ ${#pending[@]} -eq 0 ] && break
    [ $SECONDS -lt $deadline ] || fail "not healthy within ${limit}s: ${pending[*]}"
    sleep 0.5
  done
}

place_order() { # seconds each try -> the status; the order (or the error) in $work/body
  http "$1" -XPOST "http://127.0.0.1:$ENOKI_GATEWAY_PORT/orders" -H 'Content-Type: application/json' \
    -d "{\"customer\": \"$customer\", \"items\": [{\"sku\": \"enoki-mug\", \"quantity\": 2}]}"
}

emails_of() { # order id -> how many emails emails.sent() lists for it
  local status
  status="$(http 10 -XPOST "http://127.0.0.1:$ENOKI_GATEWAY_PORT/api/emails/sent" -d '[]')"
  [ "$status" = 200 ] || { echo 0; return; }
  json "sum(1 for e in j if sys.argv[2] in e['subject'])" "$1" 2>/dev/null || echo 0
}

wait_for_emails() { # order id, seconds
  local deadline=$((SECONDS + $2)) count=0
  until [ "$count" -ge 2 ]; do
    [ $SECONDS -lt $deadline ] || fail "emails.sent() listed $count of the 2 emails of $1 within $2s"
    sleep 0.5
    count="$(emails_of "$1")"
  done
}

# --- docker ----------------------------------------------------------------------------------------------------------
step "docker"
for tool in docker docker-compose curl python3; do
  command -v "$tool" >/dev/null || fail "$tool is needed"
done
if ! timeout 20 docker info >/dev/null 2>&1; then
  command -v dockerd >/dev/null || fail "dockerd does not run and is not installed: apt-get install -y docker.io"
  dockerd >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 60); do
    timeout 5 docker info >/dev/null 2>&1 && break
    kill -0 "$dockerd_pid" 2>/dev/null || { cat "$work/dockerd.log" >&2; fail "dockerd stopped"; }
    sleep 0.5
  done
  timeout 5 docker info >/dev/null 2>&1 || fail "dockerd did not answer within 30 s"
  say "   started dockerd (pid $dockerd_pid); it is stopped again at the end"
fi
# Docker puts every container in one cgroup, which the kernel weighs like a single process of the machine: beside a
# busy build the whole stack would get a sliver of the CPU. Weigh it like one process per container while it runs.
for candidate in /sys/fs/cgroup/cpu/docker/cpu.shares:1024 /sys/fs/cgroup/docker/cpu.weight:100; do
  file="${candidate%:*}"
  if [ -d "$(dirname "$(dirname "$file")")" ] && mkdir -p "$(dirname "$file")" 2>/dev/null && [ -w "$file" ]; then
    cpu_weight_file="$file"
    cpu_weight_before="$(cat "$file")"
    echo $((${candidate#*:} * 6)) >"$file"
    say "   the containers' cgroup weighs like 6 processes ($file: $(cat "$file"), was $cpu_weight_before)"
    break
  fi
done
done_step "docker $(docker version -f '{{.Server.Version}}'), $(docker-compose version --short)"

# --- images ----------------------------------------------------------------------------------------------------------
step "images"
[ -f launcher/target/enoki.jar ] && [ -f demo-services/target/enoki-demo.jar ] \
  || fail "no launcher/target/enoki.jar or demo-services/target/enoki-demo.jar: build them first (./mvnw -B -q -DskipTests package)"
[ -n "${ENOKI_JRE_IMAGE:-}" ] || base_image "$JRE_BASE" openjdk-17-jre-headless,curl
[ -n "${ENOKI_RABBITMQ_IMAGE:-}" ] || base_image "$RABBITMQ_ROOT" rabbitmq-server
[ -n "${ENOKI_PYTHON_IMAGE:-}" ] || base_image "$PYTHON_BASE" "python3,$NAMEKO_DEBS"
for pid in "${making[@]+"${making[@]}"}"; do
  wait "$pid" || fail "a base image could not be made (above)"
done
making=()
if [ -z "${ENOKI_JRE_IMAGE:-}" ]; then
  export ENOKI_JRE_IMAGE="$JRE_BASE"
fi
if [ -z "${ENOKI_RABBITMQ_IMAGE:-}" ]; then
  # What the public image does and a bare Debian root does not: foreground, own user, guest from other hosts
  timeout 300 docker build --build-arg BASE="$RABBITMQ_ROOT" -t "$RABBITMQ_BASE" scripts/compose-images/rabbitmq \
    >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "building $RABBITMQ_BASE failed"; }
  export ENOKI_RABBITMQ_IMAGE="$RABBITMQ_BASE"
fi
if [ -z "${ENOKI_PYTHON_IMAGE:-}" ]; then
  export ENOKI_PYTHON_IMAGE="$PYTHON_BASE"
  [ -d "$NAMEKO_SRC/nameko" ] || fail "no Nameko at $NAMEKO_SRC (NAMEKO_PATH)"
  mkdir -p "$VENDOR"
  cp -a "$NAMEKO_SRC/nameko" "$NAMEKO_SRC"/nameko-*.dist-info "$VENDOR/"
fi
compose 600 build node1 loyalty >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "docker-compose build failed"; }
done_step "jre $ENOKI_JRE_IMAGE, rabbitmq $ENOKI_RABBITMQ_IMAGE, python $ENOKI_PYTHON_IMAGE; built enoki-shop, enoki-loyalty"

# --- up --------------------------------------------------------------------------------------------------------------
step "docker-compose up -d, then every health check"
export ENOKI_GATEWAY_PORT ENOKI_AMQP_PORT ENOKI_RABBITMQ_MANAGEMENT_PORT
ENOKI_GATEWAY_PORT="$(free_port)"
ENOKI_AMQP_PORT="$(free_port)"
ENOKI_RABBITMQ_MANAGEMENT_PORT="$(free_port)"
compose 60 down -v --remove-orphans >/dev/null 2>&1 || true   # what an interrupted run left
up_start=${EPOCHREALTIME/./}
stack_up=1
compose 300 up -d >"$work/up.log" 2>&1 || { cat "$work/up.log" >&2; fail "docker-compose up -d failed"; }
say "   up -d returned after $(secs "$(ms_since "$up_start")") (it waits for the broker's health first)"
SERVICES=(rabbitmq node1 node2 node3 gateway loyalty)
wait_healthy 300 "$up_start" "${SERVICES[@]}"
time_to_healthy=$(ms_since "$up_start")
done_step "all ${#SERVICES[@]} healthy $(secs "$time_to_healthy") after up; gateway on 127.0.0.1:$ENOKI_GATEWAY_PORT"

# --- an order --------------------------------------------------------------------------------------------------------
step "an order through the gateway until its emails arrive"
customer="compose-$$-$RANDOM@example.com"
deadline=$((SECONDS + 90))
until [ "$(place_order 35)" = 201 ]; do
  [ $SECONDS -lt $deadline ] || fail "no order within 90s; last answer: $(body)"
  sleep 1
done
order_id="$(json "j['id']")"
total_cents="$(json "j['totalCents']")"
say "   201 $(body)"
wait_for_emails "$order_id" 60
done_step "$order_id placed, total $total_cents cents; emails.sent() lists its 2 emails"

# --- the registry ----------------------------------------------------------------------------------------------------
step "/api/services lists every service, /api/nodes each on its node"
# An Enoki node is known by its id and its management address, which compose sets to the container's service name;
# a Nameko service by the broker it was found on
expected='{"node1:9464": ["orders"], "node2:9464": ["inventory", "payments"], "node3:9464": ["emails"], "rabbitmq": ["loyalty"]}'
registry_check() { # services.json nodes.json -> one line per node; "wrong" in a line that is not as expected
  python3 - "$1" "$2" "$expected" <<'PY'
import json, sys
services = sorted(s["name"] for s in json.load(open(sys.argv[1]))["services"])
print("/api/services: " + ", ".join(services))
nodes = {(n.get("management") or n["node"]): n for n in json.load(open(sys.argv[2]))["nodes"]}
for where, names in json.loads(sys.argv[3]).items():
    n = nodes.get(where)
    seen = sorted(n["services"]) if n else []
    missing = [s for s in names if s not in services]
    health = n.get("health", "?") if n else "absent"
    print(f"{where}: {', '.join(seen) or '-'} (node {n['node'][:8] if n else '-'}, {health})"
          + (f" -- wrong: expected {', '.join(names)}" if seen != names or missing else ""))
PY
}
deadline=$((SECONDS + 30))
while :; do
  listing="wrong: no answer"
  if [ "$(http 10 "http://127.0.0.1:$ENOKI_GATEWAY_PORT/api/services")" = 200 ]; then
    cp "$work/body" "$work/services.json"
    if [ "$(http 10 "http://127.0.0.1:$ENOKI_GATEWAY_PORT/api/nodes")" = 200 ]; then
      listing="$(registry_check "$work/services.json" "$work/body" 2>&1 || echo wrong)"
    fi
  fi
  grep -q -e wrong -e Traceback <<<"$listing" || break
  [ $SECONDS -lt $deadline ] || fail "$listing"
  sleep 1
done
sed 's/^/compose-test:    /' <<<"$listing"
done_step "5 services on their 4 nodes"

step "the Python Nameko service through the gateway"
points=$((total_cents / 100))
deadline=$((SECONDS + 30))
until [ "$(http 10 -XPOST "http://127.0.0.1:$ENOKI_GATEWAY_PORT/api/loyalty/balance" -d "[\"$customer\"]")" = 200 ] \
  && [ "$(body)" = "$points" ]; do
  [ $SECONDS -lt $deadline ] || fail "loyalty.balance($customer) answered $(body), not $points"
  sleep 0.5
done
done_step "loyalty.balance (Nameko, Python) = $points points for the order the Java orders service announced"

# --- payments killed -------------------------------------------------------------------------------------------------
step "docker kill the container running payments (node2)"
node2="$(container_of node2)"
timeout 30 docker kill "$node2" >/dev/null
done_step "node2 is $(docker inspect -f '{{.State.Status}} (exit code {{.State.ExitCode}})' "$node2")"

step "orders while payments is down"
down_status="$(place_order 40)"
down_ms=$(ms_since "$step_start")
say "   $down_status $(body)"
case "$down_status" in
  000) fail "no answer within 40s" ;;
  2??) fail "an order succeeded with payments down" ;;
esac
grep -q '"exc_type"' "$work/body" || fail "the failure is not typed (no exc_type): $(body)"
done_step "$down_status $(json "j['exc_type']") after $(secs "$down_ms")"

step "docker-compose up -d brings node2 back; orders succeed again"
back_start=${EPOCHREALTIME/./}
compose 120 up -d >"$work/up.log" 2>&1 || { cat "$work/up.log" >&2; fail "docker-compose up -d failed"; }
wait_healthy 180 "$back_start" node2
node2_healthy=$(ms_since "$back_start")
deadline=$((SECONDS + 90))
attempts=0
until [ "$(place_order 35)" = 201 ]; do
  attempts=$((attempts + 1))
  [ $SECONDS -lt $deadline ] || fail "no order within 90s of node2's return; last answer: $(body)"
  sleep 0.5
done
recovered=$(ms_since "$back_start")
order_id="$(json "j['id']")"
wait_for_emails "$order_id" 60
done_step "node2 healthy $(secs "$node2_healthy") after up -d; first order back $(secs "$recovered") after up -d ($attempts refused before); its 2 emails sent"

# --- down ------------------------------------------------------------------------------------------------------------
step "docker-compose down -v"
compose 180 down -v --remove-orphans >"$work/down.log" 2>&1 || { cat "$work/down.log" >&2; fail "docker-compose down failed"; }
stack_up=0
left="$(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT")"
[ -z "$left" ] || fail "containers left: $left"
done_step "no container, network or volume of $PROJECT left"

say "PASSED: healthy $(secs "$time_to_healthy") after up; typed failure $(secs "$down_ms") into the outage; orders back $(secs "$recovered") after up -d"
