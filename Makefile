# The two commands of the README: `make run` and `make test`. Each installs the Debian
# packages it lacks, configures and builds with CMake, then runs.
BUILD      ?= build
BUILD_SAN  ?= build-sanitize
BUILD_VG   ?= build-valgrind
JOBS       ?= $(shell nproc)
CMAKE_ARGS ?=

.PHONY: all deps build run test sanitize test-sanitize valgrind test-valgrind fuzz bench format clean

all: build

# Debian bookworm / Raspberry Pi OS bookworm packages; installed when missing (sudo if not root).
PACKAGES = cmake make gcc pkg-config valgrind \
	libpocketsphinx-dev libsphinxbase-dev pocketsphinx-en-us pocketsphinx-testdata \
	portaudio19-dev libasound2-plugins alsa-utils libespeak-ng-dev espeak-ng \
	libsqlite3-dev libsndfile1-dev libspeexdsp-dev libcmocka-dev libinih-dev libjson-c-dev nettle-dev libkissfft-dev libgpiod-dev sox jq time sqlite3 openssl

deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "shopspeak: installing Debian packages:$$missing" >&2; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo=sudo; fi; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/firmware/shopspeak listen

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The same suite with AddressSanitizer and UBSan.
sanitize: deps
	cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DSHOPSPEAK_SANITIZE=ON $(CMAKE_ARGS)
	cmake --build $(BUILD_SAN) -j $(JOBS)

test-sanitize: sanitize
	cd $(BUILD_SAN) && ASAN_OPTIONS=detect_leaks=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  ctest --output-on-failure -j $(JOBS)

# The unit tests and the fuzz regression corpus under Valgrind, in a build of their own whose
# test timeouts are 10 times longer (decoding runs 20-50 times slower under Valgrind).
valgrind: deps
	cmake -S . -B $(BUILD_VG) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSHOPSPEAK_TEST_TIMEOUT_SCALE=10 $(CMAKE_ARGS)
	cmake --build $(BUILD_VG) -j $(JOBS)

test-valgrind: valgrind
	cd $(BUILD_VG) && ctest -T memcheck -j $(JOBS) -R '^(unit|fuzz)\.' --output-on-failure

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_VG)

# libFuzzer targets (clang) for every parser of outside input; FUZZ_SECONDS each.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = wav grammar parse catalog import_csv import_json labels config messages answers span
fuzz: deps
	@command -v clang >/dev/null || { echo "make fuzz needs clang: apt-get install clang libclang-rt-14-dev" >&2; exit 1; }
	CC=clang cmake -S . -B build-fuzz -DSHOPSPEAK_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build-fuzz -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus/$$t && cp -n tests/fuzz/corpus/$$t/* build-fuzz/corpus/$$t/; \
	  build-fuzz/tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
	    -artifact_prefix=tests/fuzz/corpus/$$t/crash- build-fuzz/corpus/$$t || exit 1; \
	done

# Speed, memory and accuracy of the whole pipeline: prints a table for docs/BENCHMARKS.md.
bench: build
	tests/bench/pipeline.sh $(BUILD)
