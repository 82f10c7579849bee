# LavaLite build. `make` builds from a fresh clone, `make test` runs every test,
# `make install PREFIX=<dir>` installs a self-contained tree.

PREFIX ?= /usr/local/lavalite
# Outside the checkout, so that the installed tree cannot fall back on its node_modules.
TEST_PREFIX ?= /tmp/lavalite-test-install-$(shell echo "$(CURDIR)" | cksum | cut -d" " -f1)
BIN := node_modules/.bin

.PHONY: all build generate format lint test unit install bench clean cluster cluster-stop

all: build

# npm ci runs only when the lock file changed since the last install (its copy is the stamp),
# so that checkouts sharing one node_modules (git worktrees) do not reinstall it.
node_modules/.installed: package.json package-lock.json
	cmp -s package-lock.json $@ || { \
	  npm ci --no-audit --no-fund && \
	  { node -e "require('better-sqlite3')(':memory:').close()" || npm rebuild better-sqlite3; } && \
	  node -e "require('better-sqlite3')(':memory:').close()" && \
	  cp package-lock.json $@; }
	touch $@

generate: node_modules/.installed
	$(BIN)/buf generate

# The commands start from one bundled file and oclif's manifest: resolving and reading hundreds
# of modules at each start would cost more than the command's own work.
build: generate
	$(BIN)/tsc -p tsconfig.json
	node scripts/cli-manifest.js
	$(BIN)/esbuild dist/clients/cli/src/launch.js --bundle --platform=node --target=node20 \
	  --keep-names --external:typescript --log-level=warning \
	  --outfile=dist/clients/cli/src/launch-bundle.js
	$(BIN)/buf build protos -o dist/lavalite.binpb
	services/sbatchd/shepherd/build.sh dist/services/sbatchd/shepherd

format: node_modules/.installed
	$(BIN)/prettier --write 'services/**/*.ts' 'clients/**/*.ts' 'integration/**/*.ts'

# ts-jest compiles each test file alone, so only this sees type errors in the tests.
lint: node_modules/.installed generate
	cd protos && ../$(BIN)/buf lint
	$(BIN)/tsc -p tsconfig.test.json --noEmit
	$(BIN)/prettier --check 'services/**/*.ts' 'clients/**/*.ts' 'integration/**/*.ts'

test: build lint
	rm -rf $(TEST_PREFIX)
	./scripts/install.sh $(TEST_PREFIX) >/dev/null
	LAVALITE_PREFIX=$(TEST_PREFIX) $(BIN)/jest --ci

unit: build
	$(BIN)/jest --ci --selectProjects unit

# Figures only, never assertions: a one-host cluster's submit, query and restart paths, four
# hosts' trivial-job throughput, then the store and the scheduler.
bench: build
	rm -rf $(TEST_PREFIX)
	./scripts/install.sh $(TEST_PREFIX) >/dev/null
	$(BIN)/tsc -p tsconfig.bench.json
	LAVALITE_PREFIX=$(TEST_PREFIX) node dist/integration/bench/batch-bench.js
	LAVALITE_PREFIX=$(TEST_PREFIX) node dist/integration/bench/throughput-bench.js
	node dist/services/mbatchd/bench/store-bench.js
	node dist/services/mbatchd/bench/scheduler-bench.js

install: build
	./scripts/install.sh $(PREFIX)

clean:
	rm -rf dist build services/common/src/generated node_modules/.installed oclif.manifest.json

cluster:
	./scripts/local-cluster.sh start

cluster-stop:
	./scripts/local-cluster.sh stop
