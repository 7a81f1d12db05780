# NDI Chain. `make localnet` runs a 4-validator network; `make test` runs
# everything CI runs. Both need only Go: every other tool is built from
# tools/go.mod (cosmovisor from tools/cosmovisor/go.mod) into build/tools.

SHELL := /bin/bash
GO ?= go
BUILD_DIR := build
# The ldflags (release, commit) are defined once, in scripts/ldflags.sh, and
# shared with scripts/localnet.sh and the process test harness. VERSION
# overrides the release (default: git describe).
VERSION ?=
LDFLAGS := $(shell VERSION='$(VERSION)' bash scripts/ldflags.sh)

# Integration and end-to-end tests start whole networks: give them time but
# not forever.
UNIT_TIMEOUT ?= 20m
E2E_TIMEOUT ?= 40m

.PHONY: bench all build install test test-unit test-e2e test-fuzz lint vet proto-gen proto-check \
	localnet localnet-stop localnet-status tools chromium screenshots clean demo sim-long

all: build

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BUILD_DIR)/ndid ./cmd/ndid

install:
	$(GO) install -trimpath -ldflags '$(LDFLAGS)' ./cmd/ndid

tools:
	bash scripts/tools.sh

## test: everything CI runs — generated code up to date, vet, lint, unit and
## integration tests, fuzz smoke runs, and the multi-process end-to-end tests.
test: proto-check vet lint test-unit test-fuzz test-e2e

## test-unit: keeper, ante and in-process network tests (the fast subset),
## then one pass of the benchmarks whose shape is part of the contract (K
## large status-list batches in one block) so they cannot rot. The browser
## helper's own tests (testutil/browser) drive Debian's Chromium, which
## scripts/tools.sh installs with apt-get when it is missing.
test-unit: chromium
	$(GO) test -count=1 -timeout $(UNIT_TIMEOUT) ./...
	$(GO) test -count=1 -tags upgraderehearsal -run 'Upgrade' ./app/
	$(GO) test -count=1 -run '^$$' -bench 'BenchmarkBatchesPerBlock' -benchtime 1x ./x/revocation/keeper/

## test-e2e: real ndid processes on 127.0.0.1 (governance, faults, an
## upgrade under cosmovisor, the verifier's light client against a lying
## proxy, the explorer in headless Chromium). The explorer test saves its
## screenshots under build/screenshots/.
E2E_PACKAGES = ./testutil/procnet/... ./verifier/light/...
test-e2e: chromium
	$(GO) test -count=1 -tags e2e -timeout $(E2E_TIMEOUT) -v -run . $(E2E_PACKAGES)

## chromium: Debian's headless Chromium at /usr/bin/chromium for the browser
## tests, installed with apt-get (as root, or through sudo) when missing.
chromium:
	bash scripts/tools.sh chromium

## screenshots: only the explorer's browser test, which saves PNGs of every
## page under build/screenshots/, then copies the two the README shows (the
## accreditation tree, a credential check) to docs/images/.
README_SHOTS = explorer-tree.png explorer-check.png
screenshots: chromium
	$(GO) test -count=1 -tags e2e -timeout $(E2E_TIMEOUT) -v -run 'TestExplorer' ./testutil/procnet/
	mkdir -p docs/images
	for f in $(README_SHOTS); do cp $(BUILD_DIR)/screenshots/$$f docs/images/$$f; done

## test-fuzz: every fuzz target's seed corpus, then a count-based fuzz run
## (scripts/fuzz.sh sizes each target; FUZZ_SCALE multiplies the counts).
FUZZ_SCALE ?= 1
test-fuzz:
	@bash scripts/fuzz.sh $(FUZZ_SCALE)

vet:
	$(GO) vet ./...
	$(GO) vet -tags e2e $(E2E_PACKAGES)
	$(GO) vet -tags upgraderehearsal ./app/...

lint:
	bash scripts/tools.sh golangci-lint
	$(BUILD_DIR)/tools/golangci-lint run --allow-parallel-runners --build-tags e2e ./...
	$(BUILD_DIR)/tools/golangci-lint run --allow-parallel-runners --build-tags upgraderehearsal ./app/...

proto-gen:
	bash scripts/protocgen.sh

proto-check:
	bash scripts/proto-check.sh

## bench: K-batches Go benchmark, then 3 runs of each load on a fresh localnet of 4 validators
## and 1 query node (median and min–max), the issue-10 target table, the hot-path Go benchmarks.
bench: build
	bash scripts/bench.sh

## localnet: build ndid, start 4 validators in the background, wait for blocks
## (LOCALNET_FULL_NODES=n adds n full nodes).
localnet: build
	bash scripts/localnet.sh start

localnet-stop:
	bash scripts/localnet.sh stop

localnet-status:
	bash scripts/localnet.sh status

clean:
	rm -rf $(BUILD_DIR)

## demo: the whole story against a running localnet (run `make localnet` first):
## DIDs, a trust anchor by governance, accreditation, status lists, and what a
## verifier sees. Exits non-zero on any unexpected answer.
demo:
	bash scripts/demo.sh

## sim-long: the determinism run at length (docs/determinism.md): for each
## seed, 500 blocks of signed x/did, x/accreditation and x/revocation
## transactions run twice on fresh in-memory apps (same app hash at every
## height), then export → import → export. `go test ./...` runs a short one.
SIM_BLOCKS ?= 500
SIM_OPS ?= 10
SIM_SEEDS ?= 1-3
SIM_TIMEOUT ?= 60m
sim-long:
	NDI_SIM_BLOCKS=$(SIM_BLOCKS) NDI_SIM_OPS=$(SIM_OPS) NDI_SIM_SEED=$(SIM_SEEDS) \
		$(GO) test -count=1 -timeout $(SIM_TIMEOUT) -v -run TestDeterminism ./app/sim/...
