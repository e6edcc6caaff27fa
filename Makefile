# her2sim — the two commands of the README: `make run` and `make test`.
SWIFT ?= swift
BIN := .build/debug/her2sim
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build release deps clean

## Install what the build needs and is missing (GNU readline headers).
deps:
	@if [ ! -f /usr/include/readline/readline.h ]; then \
		echo "Installing libreadline-dev (GNU readline, for line editing)…"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libreadline-dev; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## Build and start her2sim.
run: build
	@$(BIN) --help
	@echo
	@echo '$$ her2sim recommend --state Examples/fourth-line-after-her2climb.yaml'
	@$(BIN) recommend --state Examples/fourth-line-after-her2climb.yaml

## Build and run the whole test suite.
test: deps
	$(SWIFT) build
	$(SWIFT) test

clean:
	rm -rf .build
