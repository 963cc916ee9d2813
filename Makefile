# MiniMedia — the two commands: `make demo` and `make test`. `make bench` prints the benchmark table.
SWIFT ?= swift
JOBS ?= $(shell nproc)
DEMO_DATA ?= $(CURDIR)/demo-data
BIN = .build/debug/minimedia

.PHONY: deps build test demo bench format clean

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build -j $(JOBS)

test: build
	$(SWIFT) test -j $(JOBS)

demo: build
	@./scripts/demo.sh $(BIN) $(DEMO_DATA)

bench: deps
	@./scripts/bench.sh

# The release binary of record, .build/release/minimedia: static Swift runtime, packed relocations.
release: deps
	@JOBS=$(JOBS) ./scripts/build-release.sh minimedia

clean:
	rm -rf .build demo-data bench-data
