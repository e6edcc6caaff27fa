# her2sim — the two commands of the README: `make run` and `make test`.
SWIFT ?= swift
BIN := .build/debug/her2sim
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build release deps test-deps golden clean

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
golden: build
	HER2SIM_UPDATE_GOLDEN=1 $(SWIFT) test --filter ReplTranscriptTests

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

## Build and run the whole test suite.
test: deps test-deps
	$(SWIFT) build
	$(SWIFT) test

clean:
	rm -rf .build
