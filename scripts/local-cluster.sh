#!/usr/bin/env bash
# A local LavaLite cluster of three hosts on loopback addresses (127.0.0.2, .3, .4), each host
# running its own daemons, for trying LavaLite out on one machine.
#   scripts/local-cluster.sh start   build, install under build/local, start, show it working
#   scripts/local-cluster.sh stop    stop every daemon it started
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
prefix="$top/build/local"
run="$prefix/run"
hosts=(lava1 lava2 lava3)
addresses=(127.0.0.2 127.0.0.3 127.0.0.4)

write_config() {
  local etc="$prefix/etc" auth=munge
  # Without a munged to vouch for users, the demo believes them (a single-user sandbox); each
  # daemon then warns at start that users are not authenticated.
  munge -n > /dev/null 2>&1 || auth=trust
  cat > "$etc/lsf.conf" <<CONF
LSF_CLUSTER_NAME=lavalocal
LSF_LIM_PORT=17869
LSB_MBD_PORT=16881
LSB_SBD_PORT=16882
LSB_SHAREDIR=$prefix/work
LSF_LOGDIR=$prefix/log
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
}

start_daemon() {
  local daemon=$1 host=$2
  [ -x "$prefix/sbin/$daemon" ] || return 0
  nohup "$prefix/sbin/$daemon" --host "$host" > "$prefix/log/$daemon.$host.out" 2>&1 &
  echo $! > "$run/$daemon.$host.pid"
}

wait_for() {
  local what=$1; shift
  for _ in $(seq 1 100); do
    if "$@" > /dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "timed out waiting for $what" >&2
  return 1
}

start() {
  stop quiet
  make -C "$top" build
  "$top/scripts/install.sh" "$prefix" > /dev/null
  mkdir -p "$run" "$prefix/log" "$prefix/work"
  write_config
  export LSF_ENVDIR="$prefix/etc" PATH="$prefix/bin:$PATH"

  for host in "${hosts[@]}"; do start_daemon lim "$host"; done
  wait_for "the master lim" lsid
  start_daemon mbatchd "${hosts[0]}"
  for host in "${hosts[@]}"; do start_daemon sbatchd "$host"; done

  echo; echo "\$ lsid"; lsid
  echo; echo "\$ lsload"; wait_for "every host ok" sh -c "[ \$(lsload | grep -c ' ok ') -eq 3 ]"; lsload
  if [ -x "$prefix/sbin/mbatchd" ]; then
    "$top/scripts/demo-workload.sh"
  fi
  echo
  echo "The cluster is up. Use it with: . $prefix/etc/profile.lavalite   Stop it with: make cluster-stop"
}

stop() {
  [ -d "$run" ] || return 0
  for pidfile in "$run"/*.pid; do
    [ -e "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
  [ "${1:-}" = quiet ] || echo "LavaLite local cluster stopped."
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
