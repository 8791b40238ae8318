#!/bin/sh
# coverage.sh - how many natural phrasings of the shop's commands the top grammar understands:
# every line of tests/bench/phrasings/*.tsv (INTENT<TAB>sentence) typed through `shopspeak
# text`, alone, on a fresh copy of the sample catalog, and its intent compared with the line's.
# first.tsv: 289 phrasings by a reviewer who had seen one form of each intent; blind.tsv: 174,
# third.tsv, fourth.tsv and fifth.tsv: 290 each, written without seeing the grammar (held out when
# written; later phrasings were added from the sets before them). The recognizer is not involved: this measures the
# grammar. Prints a table per set and intent; record it in docs/grammar.md ("Coverage of
# natural phrasings").
#
# Usage: tests/bench/coverage.sh BUILD_DIR [PHRASINGS.tsv ...]   (about 1 min; needs jq)
# COVERAGE_MISSES=1 also lists every sentence not understood as its intent.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [PHRASINGS.tsv ...]" >&2; exit 2; }
shopspeak=$(cd "$1" && pwd)/firmware/shopspeak
shift
[ -x "$shopspeak" ] || { echo "$0: build first: no $shopspeak" >&2; exit 2; }
command -v jq >/dev/null || { echo "$0: needs jq" >&2; exit 2; }
[ $# -gt 0 ] || set -- "$here/phrasings/first.tsv" "$here/phrasings/blind.tsv" \
    "$here/phrasings/third.tsv" "$here/phrasings/fourth.tsv" "$here/phrasings/fifth.tsv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root" # the top grammar is grammar/shop.gram of this tree

# The sample catalog once; each sentence gets a copy, so no cart or question carries over.
XDG_DATA_HOME="$work/base" XDG_CONFIG_HOME="$work/cfg" "$shopspeak" text "help" >/dev/null
echo "shopspeak grammar coverage, $(date +%F), grammar/shop.gram at $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
for set in "$@"; do
    : >"$work/got"
    while IFS="$(printf '\t')" read -r intent sentence; do
        rm -rf "$work/d"
        cp -r "$work/base" "$work/d"
        got=$(XDG_DATA_HOME="$work/d" XDG_CONFIG_HOME="$work/cfg" "$shopspeak" text "$sentence" \
            2>/dev/null | jq -r '.intent // "none"')
        printf '%s\t%s\t%s\n' "$intent" "$got" "$sentence" >>"$work/got"
    done <"$set"
    echo
    echo "$(basename "$set"): $(awk -F'\t' '$1 == $2' "$work/got" | wc -l) of $(wc -l <"$work/got") understood as their intent"
    echo
    echo "| intent | understood | of |"
    echo "| --- | --- | --- |"
    awk -F'\t' '{ n[$1]++; if ($1 == $2) ok[$1]++ } END { for (i in n) printf "| %s | %d | %d |\n", i, ok[i], n[i] }' \
        "$work/got" | sort
    if [ "${COVERAGE_MISSES:-0}" = 1 ]; then
        echo
        awk -F'\t' '$1 != $2 { printf "  %s -> %s: %s\n", $1, $2, $3 }' "$work/got"
    fi
done
