#!/usr/bin/env bash
# Plays docs/getting-started.md as a newcomer would, on a copy: writes each file the page shows into a new project,
# runs each command, starts the node it starts, and checks each output it shows. The page marks its blocks with
# <!-- doc-test: ... --> comments (file PATH, run, server ready="TEXT", probe, output); a block it does not mark fails
# the play, so the page cannot grow a step that is not played.
#
# Maven runs offline, with a local repository of its own in front of the usual one (maven.repo.local.tail), so the
# page's install lands in a temporary folder and ~/.m2 stays as it was. Needs RabbitMQ on localhost, as .ci/run does.
set -euo pipefail

ENOKI="$(cd "$(dirname "$0")/.." && pwd)"
export ENOKI
page="$ENOKI/docs/getting-started.md"
work="$(mktemp -d)"
project="$work/greeter"
blocks="$work/blocks"
mkdir -p "$project" "$blocks"
server_pid=""
started=$SECONDS

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" || true
  fi
  server_pid=""
}
trap 'stop_server; rm -rf "$work"' EXIT

fail() {
  echo "getting-started: $1" >&2
  [ -f "$work/last.out" ] && sed 's/^/    | /' "$work/last.out" >&2
  exit 1
}

export MAVEN_ARGS="-o -Dmaven.repo.local=$work/m2 -Dmaven.repo.local.tail=${M2_REPO:-$HOME/.m2/repository}"
# The page says: without a Maven of your own, use the clone's wrapper
mkdir -p "$work/bin"
printf '#!/bin/sh\nexec "%s/mvnw" "$@"\n' "$ENOKI" >"$work/bin/mvn"
chmod +x "$work/bin/mvn"
export PATH="$work/bin:$PATH"

# Each fenced block as NNN.marker (the doc-test comment above it, if any), NNN.lang and NNN.body
awk -v dir="$blocks" '
  /^<!-- doc-test: .* -->[[:space:]]*$/ { marker = $0; sub(/^<!-- doc-test: /, "", marker); sub(/ -->[[:space:]]*$/, "", marker); next }
  /^```/ && !inside { inside = 1; n++; name = sprintf("%s/%03d", dir, n); lang = substr($0, 4)
                      printf "%s", marker > (name ".marker"); printf "%s", lang > (name ".lang"); printf "" > (name ".body"); next }
  /^```/ && inside { inside = 0; marker = ""; next }
  inside { print >> (name ".body"); next }
  NF { marker = "" }
' "$page"

wait_for_lines() {   # every line of $1 within the file $2, waiting up to $3 seconds for a server's output
  local deadline=$((SECONDS + $3))
  while IFS= read -r line; do
    [ -z "$line" ] && continue
    until grep -qF -- "$line" "$2"; do
      [ $SECONDS -lt $deadline ] || fail "no line '$line' in the output"
      sleep 0.2
    done
  done <"$1"
}

steps=0
for body in "$blocks"/*.body; do
  base="${body%.body}"
  marker="$(cat "$base.marker")"
  lang="$(cat "$base.lang")"
  steps=$((steps + 1))
  case "$marker" in
    file\ *)
      path="${marker#file }"
      mkdir -p "$project/$(dirname "$path")"
      cp "$body" "$project/$path"
      echo "getting-started: wrote $path"
      ;;
    run|probe)
      [ "$marker" = probe ] && [ -z "$server_pid" ] && fail "a probe with no server running"
      echo "getting-started: running $(head -1 "$body")"
      # A program that never ends (a Vert.x left open) fails here rather than hanging the build
      (cd "$project" && timeout 300 bash -e "$body") >"$work/last.out" 2>&1 || fail "failed ($?): $(cat "$body")"
      ;;
    server\ *)
      [[ "$marker" =~ ready=\"([^\"]*)\" ]] || fail "server block without ready=\"TEXT\""
      ready="${BASH_REMATCH[1]}"
      echo "getting-started: starting $(head -1 "$body")"
      (cd "$project" && exec bash -c "exec $(cat "$body")") >"$work/server.out" 2>&1 &
      server_pid=$!
      printf '%s\n' "$ready" >"$work/ready"
      ln -sf "$work/server.out" "$work/last.out"   # what a failure shows
      wait_for_lines "$work/ready" "$work/server.out" 90
      rm "$work/last.out"
      cp "$work/server.out" "$work/last.out"
      ;;
    output)
      wait_for_lines "$body" "$work/last.out" 0
      echo "getting-started: output as shown"
      ;;
    *)
      if [ -z "$marker" ] && [ "$lang" != sh ]; then
        steps=$((steps - 1))   # an unmarked block that is not a command, e.g. a sample: nothing to play
      else
        fail "block $(basename "$base") ($lang) has no doc-test marker the play knows: '$marker'"
      fi
      ;;
  esac
done

# Stop the node as a supervisor would (SIGTERM; Ctrl-C does the same, but a background job ignores SIGINT)
if [ -n "$server_pid" ]; then
  kill -TERM "$server_pid"
  wait "$server_pid" && code=0 || code=$?
  server_pid=""
  [ "$code" -eq 0 ] || { cp "$work/server.out" "$work/last.out"; fail "the node exited $code after SIGTERM"; }
fi
echo "getting-started: played $steps blocks of docs/getting-started.md in $((SECONDS - started))s"
