# cxq — the two commands a newcomer needs are `make run` and `make test`.
SWIFT ?= swift

.PHONY: deps build run test tsan release bench clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

## Builds cxq and starts the shell (on built-in demo data when CLOSERX_API_KEY is not set).
run: build
	@.build/debug/cxq

## Runs every test.
test: deps
	$(SWIFT) test

## Every test under ThreadSanitizer, in a build folder of its own (a full build: about 10 minutes here).
tsan: deps
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan

## A release build for measuring: static Swift libraries, a non-PIE executable that exports
## nothing but main, unused sections dropped (each cuts start-up time; see docs/architecture.md).
RELEASE_FLAGS = -c release --static-swift-stdlib --scratch-path .build-release \
	-Xswiftc -Xclang-linker -Xswiftc -no-pie \
	-Xlinker --version-script=$(CURDIR)/scripts/release.exports -Xlinker --gc-sections

release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

## The benchmarks (see bench/README.md): batch and start-up against sqlite3, loads against curl.
bench: release
	python3 bench/batch_vs_sqlite.py
	python3 bench/load_vs_curl.py
	python3 bench/startup.py

clean:
	rm -rf .build bench/out
