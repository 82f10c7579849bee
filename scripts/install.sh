#!/usr/bin/env bash
# Installs a self-contained LavaLite tree under PREFIX: bin/ (one executable per command),
# sbin/ (the daemons), etc/ (sample configuration, the default LSF_ENVDIR; systemd units in
# etc/systemd/) and lib/lavalite/ (the built code with its production dependencies). Run by
# `make install PREFIX=<dir>`.
set -euo pipefail

prefix=${1:?usage: install.sh PREFIX}
src=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$prefix"
# Absolute, since the systemd units and the profile name it.
prefix=$(cd "$prefix" && pwd)
lib="$prefix/lib/lavalite"

mkdir -p "$prefix/bin" "$prefix/sbin" "$prefix/etc" "$lib"
rm -rf "$lib/dist" "$lib/protos" "$lib/node_modules"
cp -r "$src/dist" "$src/protos" "$lib/"
cp "$src/package.json" "$src/package-lock.json" "$src/oclif.manifest.json" "$lib/"
# Copy the contents, so that a node_modules that is a link (a git worktree's) is not pruned.
mkdir -p "$lib/node_modules"
cp -r "$src/node_modules/." "$lib/node_modules/"
(cd "$lib" && npm prune --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null)
node -e "require('$lib/node_modules/better-sqlite3')(':memory:').close()"

# Each launcher finds the tree relative to itself, so the whole PREFIX can be moved.
launcher() {
  local target=$1 kind=$2 name=$3
  cat > "$target" <<LAUNCHER
#!/usr/bin/env node
const path = require('node:path');
const prefix = path.resolve(__dirname, '..');
process.env.LSF_ENVDIR = process.env.LSF_ENVDIR || path.join(prefix, 'etc');
require(path.join(prefix, 'lib/lavalite/dist/$kind'))$name;
LAUNCHER
  chmod 755 "$target"
}

commands=$(node -e "console.log(require('$lib/dist/clients/cli/src/launch').COMMAND_NAMES.join(' '))")
# A command ends once it has answered: a connection still being tried to a host that is down
# must not hold it until that attempt times out.
bundle="path.join(prefix, 'lib/lavalite/dist/clients/cli/src/launch-bundle.js')"
for command in $commands; do
  launcher "$prefix/bin/$command" clients/cli/src/code-cache ".loadWithCodeCache($bundle)\
.launch('$command', process.argv.slice(2)).then(() => process.exit())"
done
# V8's compiled code of the bundle, which spares each command most of its compile time.
node -e "require('$lib/dist/clients/cli/src/code-cache')
  .writeCodeCache('$lib/dist/clients/cli/src/launch-bundle.js') || process.exit(1)"
launcher "$prefix/bin/lavalite" clients/cli/src/oclif-main ".main(process.argv.slice(2))"
for daemon in lim mbatchd sbatchd; do
  if [ -f "$lib/dist/services/$daemon/src/main.js" ]; then
    launcher "$prefix/sbin/$daemon" "services/$daemon/src/main" ""
  fi
done

# Sample configuration: never overwrite a site's files.
host=$(hostname)
for file in lsf.conf lsf.shared lsb.queues lsb.hosts lsb.params; do
  [ -e "$prefix/etc/$file" ] || cp "$src/etc/$file" "$prefix/etc/$file"
done
[ -e "$prefix/etc/lsf.cluster.lavalite" ] ||
  sed "s/@HOSTNAME@/$host/" "$src/etc/lsf.cluster.lavalite.in" > "$prefix/etc/lsf.cluster.lavalite"
# The daemons' shared secret (LSF_CLUSTER_KEY_FILE), readable by its owner only. Every host of
# a cluster needs the same key: copy this file to the others as you would munge.key.
if [ ! -e "$prefix/etc/cluster.key" ]; then
  (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" \
    > "$prefix/etc/cluster.key")
fi
# systemd units of the three daemons, naming this tree; copy them to /etc/systemd/system/.
mkdir -p "$prefix/etc/systemd"
for daemon in lim mbatchd sbatchd; do
  sed "s|@PREFIX@|$prefix|g" "$src/etc/systemd/lavalite-$daemon.service" \
    > "$prefix/etc/systemd/lavalite-$daemon.service"
done
cp "$src/README.md" "$prefix/README.md"
cat > "$prefix/etc/profile.lavalite" <<PROFILE
# Source this file to use LavaLite: . $prefix/etc/profile.lavalite
export LSF_ENVDIR="$prefix/etc"
case ":\$PATH:" in
  *":$prefix/bin:"*) ;;
  *) export PATH="$prefix/bin:$prefix/sbin:\$PATH" ;;
esac
PROFILE
# LSF's name for the same file, which some clients source (Globus: $LSF_ENVDIR/profile.lsf).
cp "$prefix/etc/profile.lavalite" "$prefix/etc/profile.lsf"

# Clients such as Snakemake's LSF plugin open lsb.params where LSF keeps it,
# $LSF_CONFDIR/lsbatch/<cluster>/configdir/; the sample keeps the batch files in etc/, so
# that directory links to them.
configdir="$prefix/etc/lsbatch/lavalite/configdir"
mkdir -p "$configdir"
for file in lsb.queues lsb.hosts lsb.params; do
  [ -e "$configdir/$file" ] || ln -s "../../../$file" "$configdir/$file"
done
echo "LavaLite installed in $prefix; use it with: . $prefix/etc/profile.lavalite"
