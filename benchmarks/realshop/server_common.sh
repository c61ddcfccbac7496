# Shared by the shops' setup scripts (sourced): starting and stopping a shop's server by its PID.
# The caller sets PIDFILE (the server's PID) and BASE (where server.log is written).

# True (and says so) when the server of PIDFILE is already running.
already_running() {
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    echo "already running (pid $(cat "$PIDFILE"))"; return 0
  fi
  return 1
}

# wait_serving URL TRIES: until URL answers (every 0.2 s, TRIES times); exits 1 if the server died
# or never answered.
wait_serving() {
  local url=$1 tries=$2 host=${1#*://}
  local origin="${url%%://*}://${host%%/*}/"
  for _ in $(seq "$tries"); do
    if [ -f "$PIDFILE" ] && ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then echo "server exited; see $BASE/server.log" >&2; exit 1; fi
    curl -s -o /dev/null "$url" && { echo "serving $origin (pid $(cat "$PIDFILE"))"; return; }
    sleep 0.2
  done
  echo "server did not come up; see $BASE/server.log" >&2; exit 1
}

# Stops the server of PIDFILE: its whole process group when it leads one (started with setsid),
# else the process; waits up to 5 s for it to go.
stop_server() {
  [ -f "$PIDFILE" ] || { echo "not running"; return; }
  local pid
  pid=$(cat "$PIDFILE")
  kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$PIDFILE"; echo stopped
}
