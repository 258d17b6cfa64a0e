# cxq — the two commands a newcomer needs are `make run` and `make test`.
SWIFT ?= swift

.PHONY: deps build run test release bench clean

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

release: deps
	$(SWIFT) build -c release --static-swift-stdlib

## The batch and start-up benchmark against sqlite3 (see bench/README.md).
bench: release
	python3 bench/batch_vs_sqlite.py

clean:
	rm -rf .build bench/out
