# MiniMedia — the two commands: `make demo` and `make test`. `make bench` prints the benchmark table.
SWIFT ?= swift
JOBS ?= $(shell nproc)
DEMO_DATA ?= $(CURDIR)/demo-data
BIN = .build/debug/minimedia

.PHONY: deps build test demo bench format clean sandbox-stress

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build -j $(JOBS)

test: build
	$(SWIFT) test -j $(JOBS)

# The sandbox's long runs: 20,000 racing accesses per walk, 50 kills mid-write.
sandbox-stress: build
	MINIMEDIA_RACE_ATTEMPTS=20000 MINIMEDIA_CRASH_KILLS=50 $(SWIFT) test -j $(JOBS) --filter 'SymlinkRaceTests|CrashSafetyTests'

demo: build
	@./scripts/demo.sh $(BIN) $(DEMO_DATA)

bench: deps
	@./scripts/bench.sh

clean:
	rm -rf .build demo-data bench-data
