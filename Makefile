# GrantDesk — the two commands that matter: `make run` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
ARGS ?=

.PHONY: run build test test-swift test-vectors test-browser bench fuzz clean

## make run: build a release binary and start the console (embedded accounts API by default)
run:
	@bash scripts/install-deps.sh build
	bin=$$(bash scripts/build-release.sh) && "$$bin" serve $(ARGS)

build:
	@bash scripts/install-deps.sh build
	bash scripts/build-release.sh

## make test: install what the tests need, then run every test tier
test:
	@bash scripts/install-deps.sh test
	$(SWIFT) build --build-tests
	# Serial: live-socket suites each run servers and clients; on 2 cores, parallel suites starve
	# Swift's cooperative pool and turn deadlines into flakes. A throw-away PostgreSQL cluster
	# serves the storage tests' PostgreSQL cases and the two-replica test, stopped afterwards.
	bash scripts/with-test-postgres.sh $(SWIFT) test --skip-build --no-parallel
	bash scripts/check-vectors.sh .build/debug/grantdesk
	bash scripts/sdk-tests.sh
	bash Tests/differential/run.sh
	bash scripts/browser-tests.sh

test-swift:
	$(SWIFT) build --build-tests
	bash scripts/with-test-postgres.sh $(SWIFT) test --skip-build --no-parallel

test-vectors:
	$(SWIFT) build --product grantdesk
	bash scripts/check-vectors.sh .build/debug/grantdesk

test-browser:
	@bash scripts/install-deps.sh test
	bash scripts/browser-tests.sh

## make bench: wrk on loopback against us and nginx in the same run; accounts API, console pages and whole-project views at 100k grants
bench:
	@bash scripts/install-deps.sh bench
	@# Every part runs even when an earlier one misses its target; make bench fails at the end if any did.
	@status=0; for part in bench bench-accounts bench-console bench-review; do \
		echo "== scripts/$$part.sh"; bash scripts/$$part.sh || status=1; done; exit $$status

## make fuzz: libFuzzer on the HTTP/1.1 request parser (FUZZ_SECONDS, default 600)
fuzz:
	bash scripts/fuzz.sh

clean:
	rm -rf .build .build-fuzz .build-bench .build-bench-peer build
