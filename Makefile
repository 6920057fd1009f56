# Kiosque: `make demo` sets up, builds and serves the demo; `make test` sets up and runs every
# test. Both install only what is missing, from Debian, crates.io and npm.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# The wasm-bindgen CLI must equal the crate version pinned in Cargo.toml.
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
WASM_TARGET := wasm32-unknown-unknown
WASM_OUT := target/$(WASM_TARGET)/wasm-release/kiosque.wasm
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(CURDIR)/node_modules/.bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver

.PHONY: help setup setup-apt setup-postgres setup-rust setup-npm setup-python wasm bundle build demo \
        test test-rust test-postgres test-widget test-contract test-e2e size bench setup-bench clean

help:
	@echo "make demo   set up, build, and serve the demo site at http://127.0.0.1:8080/"
	@echo "make test   set up, build, and run every test (Rust, widget in Chromium, e2e)"
	@echo "make build  build the widget and loader into dist/"
	@echo "make size   print what a reader downloads (gzip) and check the budget"
	@echo "make bench  benchmarks, each beside its reference (BENCHMARKS.md)"

# ---- set-up: each step is skipped when already done -------------------------------------

setup: setup-apt setup-rust setup-npm setup-python

# Debian packages, installed when missing. Their install scripts may start a system service
# (nginx, PostgreSQL): the tests start their own, so where no policy-rc.d says so already, one
# that refuses every start (exit 101) stands for the install only.
define apt_install
	echo "installing $(1) (apt)"; \
	$(SUDO) apt-get update -qq; \
	if [ ! -e /usr/sbin/policy-rc.d ]; then \
	  trap '$(SUDO) rm -f /usr/sbin/policy-rc.d' EXIT; \
	  printf '#!/bin/sh\nexit 101\n' | $(SUDO) tee /usr/sbin/policy-rc.d >/dev/null; \
	  $(SUDO) chmod 755 /usr/sbin/policy-rc.d; \
	fi; \
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(1)
endef

# Chromium for the widget and e2e tests; nginx for the load-balancer test (deploy/nginx.conf).
setup-apt:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
	    || ! command -v nginx >/dev/null; then \
	  $(call apt_install,chromium chromium-driver nginx); \
	fi

# PostgreSQL for the tests: scripts/with-postgres.sh makes and starts a throwaway cluster.
setup-postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  $(call apt_install,postgresql); \
	fi

setup-rust:
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
	  cargo install wasm-bindgen-cli --version "=$(WASM_BINDGEN_VERSION)" --locked \
	    || cargo install wasm-bindgen-cli --version "=$(WASM_BINDGEN_VERSION)"; \
	fi

# The tests' SMTP server (aiosmtpd), pinned in requirements-test.txt.
setup-python:
	@python3 -c "import aiosmtpd, icalendar, jwt, openapi_spec_validator, schemathesis" 2>/dev/null || python3 -m pip install --quiet -r requirements-test.txt

setup-npm: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# ---- build -------------------------------------------------------------------------------

# Rust → wasm (size profile) → wasm-bindgen (ES module glue) → wasm-opt -Oz. Panic paths are
# shortened (--remap-path-prefix); --low-memory-unused lets wasm-opt fold addresses, since
# nothing lives in the first KB of memory (it is the far end of the 1 MB stack); flattening and
# re-looping before -Oz, repeated until nothing shrinks, saves 1.2 KB gzip more. A second
# wasm-opt run (alone, so it prints one renaming) gives the imports and exports one- or
# two-letter names, and drops the custom sections no browser reads (`producers`, the toolchain's
# versions, and `target_features`: 260 B); scripts/minify-wasm-names.mjs applies the renaming
# to the glue, and scripts/trim-glue.mjs keeps only the initialisation the loader uses.
# Six modules: kiosque_widget (every placeholder kind) and one per kind (kiosque_paywall,
# kiosque_teasers, kiosque_webinar, kiosque_offers, kiosque_survey: `--no-default-features
# --features <kind>`),
# which the loader picks from the kinds on the page.
define build_wasm
	RUSTFLAGS="--remap-path-prefix=$(HOME)/.cargo/registry/src=crates --remap-path-prefix=$(CURDIR)=kiosque" \
	  cargo build --lib -p kiosque --target $(WASM_TARGET) --profile wasm-release $(2)
	wasm-bindgen --target web --no-typescript --out-dir pkg --out-name $(1) $(WASM_OUT)
	wasm-opt --flatten --rereloop -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
	  --enable-mutable-globals --enable-reference-types --enable-multivalue \
	  --low-memory-unused pkg/$(1)_bg.wasm -o pkg/$(1)_bg.wasm
	wasm-opt --enable-reference-types --enable-multivalue --enable-bulk-memory \
	  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
	  --minify-imports-and-exports-and-modules --strip-producers --strip-target-features \
	  pkg/$(1)_bg.wasm -o pkg/$(1)_bg.wasm > pkg/$(1).names.json
	node scripts/minify-wasm-names.mjs pkg/$(1).names.json pkg/$(1).js pkg/$(1)_bg.wasm
	node scripts/trim-glue.mjs pkg/$(1).js
endef

wasm: setup-rust setup-npm
	$(call build_wasm,kiosque_widget,--no-default-features --features every-kind)
	$(call build_wasm,kiosque_paywall,--no-default-features --features paywall)
	$(call build_wasm,kiosque_teasers,--no-default-features --features teasers)
	$(call build_wasm,kiosque_webinar,--no-default-features --features webinar)
	$(call build_wasm,kiosque_offers,--no-default-features --features offers)
	$(call build_wasm,kiosque_survey,--no-default-features --features survey)

# Loader bundle and copies of pkg/ and the demo assets into dist/, which the server serves.
bundle: setup-npm
	webpack --config webpack.config.js

build: wasm bundle

size: build
	scripts/size-report.sh dist

demo: setup build
	cargo run --release -p kiosque-server -- serve --static-dir dist --demo true

# ---- tests -------------------------------------------------------------------------------

test: setup build test-rust test-postgres test-contract size test-widget test-e2e

# Unit and integration tests of every crate, natively (server over real HTTP on loopback).
test-rust: setup-apt setup-python
	cargo test --workspace
	# The widget's own unit tests again as the paywall module is built (that kind alone).
	cargo test -p kiosque --lib --no-default-features --features paywall

# The server's whole suite again on PostgreSQL: a throwaway cluster of its own (initdb in a
# temporary folder, an unprivileged user, a free port), a fresh database for each test server.
test-postgres: setup-apt setup-python setup-postgres
	scripts/with-postgres.sh cargo test -p kiosque-server

# The API contract: openapi-spec-validator and schemathesis against the server with demo data.
test-contract: setup-python
	cargo build -p kiosque-server
	KIOSQUE_SERVER_BIN=$(CURDIR)/target/debug/kiosque-server scripts/api-contract.sh

# Widget tests with wasm-bindgen-test in headless Chromium (webdriver.json sets its flags).
test-widget: setup-apt setup-rust
	cargo test -p kiosque --target $(WASM_TARGET)

# Playwright drives the system Chromium against the built server and dist/.
test-e2e: setup-apt setup-npm setup-python
	cargo build -p kiosque-server
	KIOSQUE_SERVER_BIN=$(CURDIR)/target/debug/kiosque-server node --test --test-concurrency=1 e2e/

# Benchmarks, each measured side by side with its reference in one run (see BENCHMARKS.md):
# the paywall against a hand-written page in Chromium, requests/s against nginx (wrk), and
# sign-ups with both SQLite durabilities; reads and sign-ups on SQLite, on PostgreSQL (durable,
# a throwaway cluster) with one server and with two.
bench: setup-apt setup-npm setup-bench setup-postgres build
	cargo build --release -p kiosque-server
	node scripts/bench-paywall.mjs 7
	node scripts/bench-http.mjs 3 5
	node scripts/bench-signups.mjs 3 5 32
	KIOSQUE_POSTGRES_DURABLE=1 scripts/with-postgres.sh node scripts/bench-databases.mjs 3 5

# The references of `make bench`: nginx (static files) and wrk (the load), from Debian.
setup-bench:
	@if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then \
	  $(call apt_install,nginx wrk); \
	fi

clean:
	rm -rf pkg dist target/$(WASM_TARGET)
