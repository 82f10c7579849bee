#!/bin/sh
# Builds the job shepherd into OUTDIR/lavalite-shepherd. sbatchd looks for it at
# ../shepherd/lavalite-shepherd from its compiled main, so the build calls
#   services/sbatchd/shepherd/build.sh dist/services/sbatchd/shepherd
set -eu

out=${1:?usage: build.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
${CC:-cc} -O2 -Wall -Wextra -o "$out/lavalite-shepherd.tmp" "$here/shepherd.c"
# Renamed into place so that a running sbatchd never starts a half-written binary.
mv -f "$out/lavalite-shepherd.tmp" "$out/lavalite-shepherd"
