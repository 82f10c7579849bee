#!/usr/bin/env bash
# A local LavaLite cluster of three hosts on loopback addresses (127.0.0.2, .3, .4), each host
# running its own daemons, for trying LavaLite out on one machine.
#   scripts/local-cluster.sh start   build, install under build/local, start afresh, run a workload
#   scripts/local-cluster.sh stop    stop every daemon it started (and any job left running)
#   scripts/local-cluster.sh restart DAEMON HOST   stop one daemon (lim, mbatchd or sbatchd of
#                                    lava1, lava2 or lava3) and start it again; jobs run on
# Environment (all optional):
#   LAVALITE_LOCAL_DIR   where the configuration, logs, pid files and work go (build/local)
#   LAVALITE_PREFIX      an installed tree to use as it is: nothing is built or installed
#   LAVALITE_LOCAL_PORT  lim's port; mbatchd and sbatchd take the next two (17869, 16881, 16882)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
dir=${LAVALITE_LOCAL_DIR:-$top/build/local}
prefix=${LAVALITE_PREFIX:-$dir}
run="$dir/run"
hosts=(lava1 lava2 lava3)
addresses=(127.0.0.2 127.0.0.3 127.0.0.4)
if [ -n "${LAVALITE_LOCAL_PORT:-}" ]; then
  ports=("$LAVALITE_LOCAL_PORT" $((LAVALITE_LOCAL_PORT + 1)) $((LAVALITE_LOCAL_PORT + 2)))
else
  ports=(17869 16881 16882)
fi

write_config() {
  local etc="$dir/etc" auth=munge
  mkdir -p "$etc"
  # Without a munged to vouch for users, the demo believes them (a single-user sandbox); each
  # daemon then warns at start that users are not authenticated.
  munge -n > /dev/null 2>&1 || auth=trust
  cat > "$etc/lsf.conf" <<CONF
LSF_CLUSTER_NAME=lavalocal
LSF_MASTER_LIST="${hosts[0]}"
LSF_LIM_PORT=${ports[0]}
LSB_MBD_PORT=${ports[1]}
LSB_SBD_PORT=${ports[2]}
LSB_SHAREDIR=$dir/work
LSF_LOGDIR=$dir/log
LSF_LOG_MASK=LOG_INFO
LSF_AUTH=$auth
LSF_ROOT_REX=$([ "$(id -u)" = 0 ] && echo all || echo n)
CONF
  {
    printf 'Begin ClusterAdmins\nAdministrators = %s\nEnd ClusterAdmins\n\n' "$(id -un)"
    printf 'Begin Parameters\nEXINTERVAL = 1\nHOST_INACTIVITY_LIMIT = 3\nEnd Parameters\n\n'
    printf 'Begin Host\nHOSTNAME  model  type  server  RESOURCES  ADDRESS\n'
    for i in "${!hosts[@]}"; do
      printf '%s  !  !  1  ()  %s\n' "${hosts[$i]}" "${addresses[$i]}"
    done
    printf 'End Host\n'
  } > "$etc/lsf.cluster.lavalocal"
  printf 'Begin Parameters\nDEFAULT_QUEUE = normal\nMBD_SLEEP_TIME = 1\n' > "$etc/lsb.params"
  printf 'SBD_HEARTBEAT_INTERVAL = 1\nJOB_TERMINATE_INTERVAL = 2\nEnd Parameters\n' >> "$etc/lsb.params"
  cp "$top/etc/lsb.queues" "$etc/lsb.queues"
  printf 'Begin Host\nHOST_NAME  MXJ\ndefault  2\nEnd Host\n' > "$etc/lsb.hosts"
  [ -e "$etc/lsf.shared" ] || cp "$top/etc/lsf.shared" "$etc/lsf.shared"
  # The daemons' shared secret, readable by its owner only.
  if [ ! -e "$etc/cluster.key" ]; then
    (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$etc/cluster.key")
  fi
  cat > "$etc/profile.lavalite" <<PROFILE
# Source this file to use the local LavaLite cluster: . $etc/profile.lavalite
export LSF_ENVDIR="$etc"
case ":\$PATH:" in
  *":$prefix/bin:"*) ;;
  *) export PATH="$prefix/bin:$prefix/sbin:\$PATH" ;;
esac
PROFILE
}

start_daemon() {
  local daemon=$1 host=$2
  nohup "$prefix/sbin/$daemon" --host "$host" > "$dir/log/$daemon.$host.out" 2>&1 &
  echo $! > "$run/$daemon.$host.pid"
}

wait_for() {
  local what=$1; shift
  for _ in $(seq 1 150); do
    if "$@" > /dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "timed out waiting for $what" >&2
  return 1
}

start() {
  stop quiet
  if [ -z "${LAVALITE_PREFIX:-}" ]; then
    make -C "$top" build
    "$top/scripts/install.sh" "$prefix" > /dev/null
  fi
  # Each start is a fresh cluster: no job or log of an earlier one.
  rm -rf "$dir/work" "$dir/log"
  mkdir -p "$run" "$dir/log" "$dir/work"
  write_config
  export LSF_ENVDIR="$dir/etc" PATH="$prefix/bin:$PATH"

  # Startup order: lim everywhere (the master's first), then mbatchd, then each sbatchd.
  start_daemon lim "${hosts[0]}"
  wait_for "the master lim" sh -c "lsid | grep -q 'master name is ${hosts[0]}'"
  for host in "${hosts[@]:1}"; do start_daemon lim "$host"; done
  start_daemon mbatchd "${hosts[0]}"
  for host in "${hosts[@]}"; do start_daemon sbatchd "$host"; done
  wait_for "every host ok in bhosts" sh -c "[ \$(bhosts | grep -c ' ok ') -eq ${#hosts[@]} ]"

  echo; echo "\$ lsid"; lsid
  echo; echo "\$ lsload"; lsload
  "$top/scripts/demo-workload.sh"
  echo
  local stop_command="make cluster-stop"
  if [ -n "${LAVALITE_LOCAL_DIR:-}" ]; then
    # The stop finds the daemons' pid files in the same directory only.
    stop_command="LAVALITE_LOCAL_DIR=$dir $top/scripts/local-cluster.sh stop"
  fi
  echo "The cluster is up. Use it with: . $dir/etc/profile.lavalite   Stop it with: $stop_command"
}

# The daemons' process ids that are still alive.
live_daemons() {
  local pidfile pid
  for pidfile in "$run"/*.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
  done
}

# Jobs still running in this cluster: their environment names its LSF_ENVDIR and a job id.
job_processes() {
  local environ vars
  for environ in /proc/[0-9]*/environ; do
    vars=$( (tr '\0' '\n' < "$environ") 2> /dev/null) || continue
    if grep -qx "LSF_ENVDIR=$dir/etc" <<< "$vars" && grep -q '^LSB_JOBID=' <<< "$vars"; then
      environ=${environ#/proc/}
      echo "${environ%/environ}"
    fi
  done
}

stop() {
  [ -d "$run" ] || return 0
  local pids
  pids=$(live_daemons)
  if [ -n "$pids" ]; then
    # shellcheck disable=SC2086
    kill $pids 2>/dev/null || true
    for _ in $(seq 1 50); do
      [ -z "$(live_daemons)" ] && break
      sleep 0.1
    done
    pids=$(live_daemons)
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
  fi
  rm -f "$run"/*.pid
  pids=$(job_processes)
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
  [ "${1:-}" = quiet ] || echo "LavaLite local cluster stopped."
}

# Stops one daemon by its pid file, as an administrator would, and starts it again.
restart() {
  local daemon=${1:-} host=${2:-} pidfile pid
  pidfile="$run/$daemon.$host.pid"
  if [ ! -e "$pidfile" ]; then
    echo "no $daemon of $host was started here (no $pidfile)" >&2
    exit 2
  fi
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  export LSF_ENVDIR="$dir/etc"
  start_daemon "$daemon" "$host"
  echo "$daemon of $host restarted (pid $(cat "$pidfile"))."
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) restart "${2:-}" "${3:-}" ;;
  *) echo "usage: $0 start|stop|restart DAEMON HOST" >&2; exit 2 ;;
esac
