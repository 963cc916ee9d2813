# MiniMedia — the two commands: `make demo` and `make test`. `make bench` prints the benchmark table.
SWIFT ?= swift
JOBS ?= $(shell nproc)
DEMO_DATA ?= $(CURDIR)/demo-data
BIN = .build/debug/minimedia
FUZZ_SECONDS ?= 60
FUZZ_TEST_RUNS ?= 20000

.PHONY: deps build test stress sandbox-stress fuzz demo bench release format clean coverage minium

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build -j $(JOBS)

# SwiftPM itself leaves TemporaryDirectory.* folders in $$TMPDIR on every `swift test`: the run
# gets a private one, removed afterwards (the suite removes its own folders either way).
test: build
	@tmp=$$(mktemp -d); TMPDIR=$$tmp $(SWIFT) test -j $(JOBS); status=$$?; rm -rf $$tmp; exit $$status
	FUZZ_RUNS=$(FUZZ_TEST_RUNS) ./scripts/fuzz.sh
	./scripts/simulator-e2e.sh $(BIN)

# Every fuzz harness for FUZZ_SECONDS (default 60) each; `make test` runs FUZZ_TEST_RUNS inputs of
# each from a fixed seed (nearly the same inputs on every machine).
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) ./scripts/fuzz.sh

# The multi-process store tests with 2000 writes per process instead of 200.
stress: build
	MINIMEDIA_STRESS_COUNT=$${MINIMEDIA_STRESS_COUNT:-2000} $(SWIFT) test -j $(JOBS) --filter Contention

# The sandbox's long runs: 20,000 racing accesses per walk, 50 kills mid-write.
sandbox-stress: build
	MINIMEDIA_RACE_ATTEMPTS=20000 MINIMEDIA_CRASH_KILLS=50 $(SWIFT) test -j $(JOBS) --filter 'SymlinkRaceTests|CrashSafetyTests'

# A minium test case (Tests/AutomationFixtures/minium) unchanged against `minimedia auto`:
# minium 1.6.1 from PyPI in .build/minium-venv, the fixture app on a free port.
minium: build
	./scripts/minium-test.sh

# Docs/API-COVERAGE.md from the API registry (its hand-written header is kept); a test fails
# when the committed file differs.
coverage: build
	$(BIN) coverage --output Docs/API-COVERAGE.md

demo: build
	@./scripts/demo.sh $(BIN) $(DEMO_DATA)

bench: deps
	@./scripts/bench.sh

# The release binaries of record, .build/release/minimedia (and minimedia-serve beside it, which `minimedia serve` runs): static Swift runtime, packed relocations.
release: deps
	@JOBS=$(JOBS) ./scripts/build-release.sh minimedia minimedia-serve

clean:
	rm -rf .build .build-fuzz demo-data demo-data-* bench-data
