# MiniMedia — the two commands: `make demo` and `make test`. `make bench` prints the benchmark table.
SWIFT ?= swift
JOBS ?= $(shell nproc)
DEMO_DATA ?= $(CURDIR)/demo-data
BIN = .build/debug/minimedia
FUZZ_SECONDS ?= 60
FUZZ_TEST_SECONDS ?= 10

.PHONY: deps build test fuzz demo bench format clean

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build -j $(JOBS)

test: build
	$(SWIFT) test -j $(JOBS)
	FUZZ_SECONDS=$(FUZZ_TEST_SECONDS) ./scripts/fuzz.sh

# Every fuzz harness for FUZZ_SECONDS (default 60) each; `make test` runs them for FUZZ_TEST_SECONDS.
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) ./scripts/fuzz.sh

demo: build
	@./scripts/demo.sh $(BIN) $(DEMO_DATA)

bench: deps
	@./scripts/bench.sh

clean:
	rm -rf .build .build-fuzz demo-data bench-data
