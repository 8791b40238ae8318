# lib.sh - helpers for the end-to-end shell tests. Source it; each check counts, and
# `finish` prints "N passed, N failed" and exits non-zero on any failure.
passed=0
failed=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Every run starts from a fresh sample catalog: orders from an earlier run must not change it.
export XDG_DATA_HOME="$WORK/data"
# sox dithers whenever it resamples to 16 bits, from a new random seed each run: the same
# script made a different stream each time, and the wake word check scored eSpeak's "hey shop"
# anywhere from 0.30 to 0.63 on those +-2 LSB of noise in digital silence (e2e.listen failed 1
# run in 12). -R seeds the dither the same every run, so a test's audio is the same every run.
export SOX_OPTS="-R"
# The shoppers of these tests are eSpeak NG voices, which score under the rejection threshold
# fitted to real voices: tests that need a synthetic command understood pass --reject-below 0,
# and --confirm-slot-below 0 where the answer matters (else "Did you say ...?" comes first).

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }

# expect_exit CODE DESCRIPTION COMMAND...: runs COMMAND, stdout to $WORK/out, stderr to $WORK/err.
expect_exit() {
    want=$1 what=$2
    shift 2
    "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
    got=$?
    if [ "$got" -eq "$want" ]; then ok "$what (exit $got)"; else
        not_ok "$what: exit $got, wanted $want"; sed 's/^/    stderr: /' "$WORK/err" | head -5
    fi
}

# expect_grep PATTERN FILE DESCRIPTION
expect_grep() {
    if grep -q -- "$1" "$2"; then ok "$3"; else
        not_ok "$3: no '$1' in $(basename "$2")"; sed 's/^/    /' "$2" | head -5
    fi
}

# The error for a bad input is one line for a person, not a crash dump.
expect_one_line_error() {
    lines=$(wc -l <"$WORK/err")
    if [ "$lines" -eq 1 ] && grep -q '^shopspeak' "$WORK/err"; then ok "$1: one-line error: $(cat "$WORK/err")"; else
        not_ok "$1: stderr has $lines lines"; sed 's/^/    /' "$WORK/err" | head -8
    fi
}

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
