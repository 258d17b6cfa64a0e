# cxq — the two commands a newcomer needs are `make run` and `make test`.
SWIFT ?= swift

.PHONY: deps build run test tsan release bench contract fuzz-build fuzz fuzz-smoke clean

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

## closerx-sim against docs/openapi.yaml with Schemathesis (pip install schemathesis).
contract: build
	python3 scripts/sim_contract.py

## Fuzzing (libFuzzer + AddressSanitizer) of the core: the statement parser, the JSON and
## day-record reader, and parse+evaluate. A package of its own (Fuzz/), so only the core builds.
FUZZ_TARGETS = FuzzParser FuzzDayReader FuzzEvaluate
FUZZ_SECONDS ?= 600
FUZZ_BIN = .build-fuzz/release

fuzz-build:
	$(SWIFT) build -c release --package-path Fuzz --scratch-path $(CURDIR)/.build-fuzz \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library

## Each target for FUZZ_SECONDS (default 600) from the committed seeds; new inputs go to
## .build-fuzz/corpus, crashes to Fuzz/crashes/ (each one becomes a regression test).
fuzz: fuzz-build
	@mkdir -p Fuzz/crashes
	@for t in $(FUZZ_TARGETS); do \
		c=$$(echo $$t | sed 's/^Fuzz//' | tr A-Z a-z); mkdir -p .build-fuzz/corpus/$$c; \
		echo "== $$t, $(FUZZ_SECONDS) s"; \
		$(FUZZ_BIN)/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -dict=Fuzz/cxq.dict \
			-artifact_prefix=Fuzz/crashes/$$t- -print_final_stats=1 .build-fuzz/corpus/$$c Fuzz/corpus/$$c \
			> .build-fuzz/$$t.log 2>&1; status=$$?; \
		grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)' .build-fuzz/$$t.log; \
		if [ $$status -ne 0 ]; then tail -40 .build-fuzz/$$t.log; exit 1; fi; \
	done

## A short run of each target (CI): 60 s each.
fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=60

clean:
	rm -rf .build .build-fuzz bench/out
