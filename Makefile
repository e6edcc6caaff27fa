# her2sim — the two commands of the README: `make run` and `make test`.
SWIFT ?= swift
BIN := .build/debug/her2sim
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# `make install PREFIX=…`: the program and her2sim-lrs (the LRS sender it runs) in PREFIX/bin, its knowledge base and cases in
# PREFIX/share/her2sim (where it looks beside the program), completions where shells find them.
PREFIX ?= /usr/local
CONFIGURATION ?= release
DESTDIR ?=

# Tests run with a HOME and XDG folders of their own, never the user's records or history.
# SwiftPM itself keeps the real HOME (its caches and the resolved packages live there).
SANDBOX_ENV = HOME="$$sandbox/home" XDG_DATA_HOME="$$sandbox/data" XDG_CACHE_HOME="$$sandbox/cache" \
	XDG_CONFIG_HOME="$$sandbox/config" XDG_STATE_HOME="$$sandbox/state"
SANDBOX_MAKE = sandbox=$$(mktemp -d "$${TMPDIR:-/tmp}/her2sim-test-home.XXXXXX") && \
	mkdir -p "$$sandbox/home" "$$sandbox/data" "$$sandbox/cache" "$$sandbox/config" "$$sandbox/state"

.PHONY: run test build release deps test-deps golden ids clean install lrs format lint-format extras

## Install what the build needs and is missing (GNU readline headers).
deps:
	@missing=""; \
	[ -f /usr/include/readline/readline.h ] || missing="$$missing libreadline-dev"; \
	[ -f /usr/include/sqlite3.h ] || missing="$$missing libsqlite3-dev"; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing (line editing, training records)…"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## Build and start the REPL on the bundled cases.
run: build
	@$(BIN)

## Regenerate the REPL's golden transcripts after an intended change (then review the diff).
## A recording run fails by design (each rewritten file is reported with its diff), so its
## status is ignored; a second run without recording must then pass.
golden: build
	$(SWIFT) build --build-tests
	@$(SANDBOX_MAKE); HER2SIM_UPDATE_GOLDEN=1 $(SANDBOX_ENV) $(SWIFT) test --skip-build --disable-xctest \
		--filter ReplTranscriptTests >/dev/null 2>&1; \
		$(SANDBOX_ENV) $(SWIFT) test --skip-build --disable-xctest --filter ReplTranscriptTests; \
		status=$$?; rm -rf "$$sandbox"; git --no-pager diff --stat -- Tests/Her2SimCLITests/Golden; exit $$status

FORMATTED := Sources Tests Package.swift Benchmarks/Package.swift Benchmarks/Sources Benchmarks/Benchmarks \
	Fuzz/Package.swift Fuzz/Sources

## Format the Swift sources with the project's .swift-format (then review the diff).
format:
	$(SWIFT) format format --in-place --recursive --parallel $(FORMATTED)

## Build the Benchmarks/ and Fuzz/ packages (debug, no sanitizers), so a change to the
## libraries they use cannot leave them broken. The fuzz targets call libFuzzer's driver,
## which only a sanitized link provides (Fuzz/run); here that one symbol is left unresolved.
extras: deps
	cd Benchmarks && $(SWIFT) build
	cd Fuzz && $(SWIFT) build --scratch-path ../.build-fuzz-check -Xlinker --unresolved-symbols=ignore-all

## What CI checks: every Swift file as `make format` would leave it.
lint-format:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMATTED)

## Rewrite the id lists of Cases/README.md from Scoring/ after a change there (then review the diff).
ids: build
	$(SWIFT) build --build-tests
	HER2SIM_UPDATE_DOCS=1 $(SWIFT) test --skip-build --disable-xctest --filter AuthorVocabularyTests

## Tools the tests drive the program with: a real terminal through tmux; headless Chromium and
## poppler-utils print the CME handout to PDF and PNG; python3's sqlite3 holds locks as another program.
test-deps:
	@missing=""; \
	command -v tmux >/dev/null 2>&1 || missing="$$missing tmux"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v python3 >/dev/null 2>&1 || missing="$$missing python3"; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing (terminal, handout-printing and lock tests)…"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

## Ralph, a Learning Record Store, in a virtual environment the LRS tests start it from (kept
## across runs; pip needs the Python package registry the first time). `.ci/run` runs it.
RALPH_VENV ?= /tmp/her2sim-ralph-venv
RALPH_PACKAGES = ralph-malph[cli,lrs]==5.1.0 requests
lrs:
	@if ! "$(RALPH_VENV)/bin/ralph" --version 2>/dev/null | grep -q 'version 5\.1\.0'; then \
		python3 -c 'import ensurepip' 2>/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv; }; \
		echo "Installing Ralph 5.1.0 in $(RALPH_VENV) (the LRS tests)…"; \
		rm -rf "$(RALPH_VENV)" && python3 -m venv "$(RALPH_VENV)" && \
		"$(RALPH_VENV)/bin/pip" install -q --disable-pip-version-check $(RALPH_PACKAGES); \
	fi
	@"$(RALPH_VENV)/bin/ralph" --version

## Build and run the whole test suite. The LRS tests run when Ralph is installed (`make lrs`):
## HER2SIM_TEST_RALPH names its virtual environment; with CI=true they must run.
test: deps test-deps
	$(SWIFT) build --build-tests
	@$(SANDBOX_MAKE); echo "Testing with HOME and XDG folders in $$sandbox"; \
		ralph="$${HER2SIM_TEST_RALPH:-}"; \
		if [ -z "$$ralph" ] && [ -x "$(RALPH_VENV)/bin/ralph" ]; then ralph="$(RALPH_VENV)"; fi; \
		HER2SIM_TEST_RALPH="$$ralph" $(SANDBOX_ENV) $(SWIFT) test --skip-build --disable-xctest; status=$$?; rm -rf "$$sandbox"; exit $$status

## Install her2sim under PREFIX (default /usr/local): run it as `her2sim` from any folder.
install: deps
	$(SWIFT) build -c $(CONFIGURATION) --product her2sim
	$(SWIFT) build -c $(CONFIGURATION) --product her2sim-lrs
	@bin="$$($(SWIFT) build -c $(CONFIGURATION) --show-bin-path)/her2sim"; \
	share="$(DESTDIR)$(PREFIX)/share"; \
	set -e; \
	install -d "$(DESTDIR)$(PREFIX)/bin" "$$share/her2sim" "$$share/bash-completion/completions" \
		"$$share/zsh/site-functions" "$$share/fish/vendor_completions.d"; \
	install -m 755 "$$bin" "$(DESTDIR)$(PREFIX)/bin/her2sim"; \
	install -m 755 "$$bin-lrs" "$(DESTDIR)$(PREFIX)/bin/her2sim-lrs"; \
	rm -rf "$$share/her2sim/Scoring" "$$share/her2sim/Cases"; \
	cp -R Scoring Cases "$$share/her2sim/"; \
	"$$bin" --generate-completion-script bash > "$$share/bash-completion/completions/her2sim"; \
	"$$bin" --generate-completion-script zsh > "$$share/zsh/site-functions/_her2sim"; \
	"$$bin" --generate-completion-script fish > "$$share/fish/vendor_completions.d/her2sim.fish"; \
	echo "Installed $(DESTDIR)$(PREFIX)/bin/her2sim (and her2sim-lrs, its LRS sender), $$share/her2sim/{Scoring,Cases} and completions for bash, zsh and fish"; \
	case ":$$PATH:" in *":$(PREFIX)/bin:"*) ;; *) echo "Add $(PREFIX)/bin to your PATH to run her2sim from any folder.";; esac

clean:
	rm -rf .build .build-fuzz-check Benchmarks/.build
