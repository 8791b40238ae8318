#!/bin/sh
# catalog.sh - the catalog at shop scale: import of 100,000 products from CSV, then with
# 1,000,000 order items the p50/p99 latency of every shopper lookup. Prints tables; record
# them in docs/BENCHMARKS.md with the date and the machine.
#
# Usage: tests/bench/catalog.sh [BUILD_DIR [PRODUCTS [ORDER_ITEMS [CALLS]]]]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
bench=$build/tests/bench_catalog
[ -x "$bench" ] || { echo "$0: build first (make build): no $bench" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "shopspeak catalog benchmark, $(date -u +%Y-%m-%d), $(uname -m), $(nproc) cores"
"$bench" "$work" "${2:-100000}" "${3:-1000000}" "${4:-20000}"
