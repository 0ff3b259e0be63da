# A thin layer over CMake: each target sets up what it needs on a fresh machine.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_ARGS ?=

.PHONY: all deps configure build test demo bench clean

all: build

deps:
	@scripts/deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_ARGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

demo: build
	$(BUILD)/examples/black_scholes

bench: 
	SINTER_BENCH_DEPS=1 scripts/deps.sh
	$(MAKE) build
	bench/run.sh

clean:
	rm -rf $(BUILD)
