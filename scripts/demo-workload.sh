#!/usr/bin/env bash
# A small real workload on a running LavaLite cluster, showing each step as a user would type
# it: jobs spread over the hosts, one succeeds, one fails, one is stopped and resumed, one is
# killed; bhosts, bjobs and bhist show what happened. scripts/local-cluster.sh runs it after
# starting the local cluster; it also runs on its own with LSF_ENVDIR and PATH set.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${LSF_ENVDIR:-}" ]; then
  # shellcheck disable=SC1091
  . "$top/build/local/etc/profile.lavalite"
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/lavalite-demo.XXXXXX")

# The command line as one would type it: words with blanks or quotes in single quotes.
typed() {
  local word line=''
  for word in "$@"; do
    if [[ "$word" =~ ^[][A-Za-z0-9_./%:=@,+-]+$ ]]; then
      line+=" $word"
    else
      line+=" '${word//\'/\'\\\'\'}'"
    fi
  done
  echo "\$${line}"
}

# Shows a command and its output; a command that answers "nothing found" does not stop us.
show() {
  echo
  typed "$@"
  "$@" || true
}

# Submits and echoes bsub's answer; prints the job id on fd 3.
submit() {
  local answer
  echo
  typed bsub "$@"
  answer=$(bsub "$@")
  echo "$answer"
  answer=${answer#Job <}
  echo "${answer%%>*}" >&3
}

state_of() {
  bjobs -w "$1" | awk -v id="$1" '$1 == id { print $3 }'
}

# Waits until the job is in one of the states (a|b), for at most 30 seconds.
wait_state() {
  local id=$1 states=$2
  for _ in $(seq 1 150); do
    if [[ "$(state_of "$id")" =~ ^($states)$ ]]; then return 0; fi
    sleep 0.2
  done
  echo "job $id did not reach $states" >&2
  exit 1
}

echo
echo "=== The hosts"
show bhosts

echo
echo "=== Three jobs at once spread over the three hosts"
exec 3> "$out/ids"
# Ten one-second sleeps: the time it spends stopped does not count.
submit -J paused sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do sleep 1; done'
submit -J killed sleep 600
submit -J worker -o "$out/worker.%J.out" sh -c 'sleep 3; echo "worker ran on $LSB_HOSTS"'
exec 3>&-
mapfile -t ids < "$out/ids"
for id in "${ids[@]}"; do wait_state "$id" RUN; done
show bjobs -w

echo
echo "=== A job that succeeds and one that fails, on chosen hosts"
exec 3> "$out/ids"
submit -m lava2 -J hello -o "$out/hello.%J.out" echo "hello from LavaLite"
submit -m lava3 -J failing sh -c 'echo "about to fail" >&2; exit 3'
exec 3>&-
mapfile -t more < "$out/ids"
wait_state "${more[0]}" DONE
wait_state "${more[1]}" EXIT
show cat "$out/hello.${more[0]}.out"

echo
echo "=== Stop a running job, resume it, kill another"
show bstop "${ids[0]}"
wait_state "${ids[0]}" USUSP
show bjobs -w "${ids[0]}"
show bresume "${ids[0]}"
wait_state "${ids[0]}" 'RUN|DONE'
show bkill "${ids[1]}"
wait_state "${ids[1]}" EXIT
show bjobs -a -w

echo
echo "=== Every job ends"
wait_state "${ids[0]}" DONE
wait_state "${ids[2]}" DONE
show bhist -l "${ids[0]}"
show bhist -a
show bhosts
rm -rf "$out"
