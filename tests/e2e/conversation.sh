#!/bin/sh
# conversation.sh FILE.conv - run one conversation file through `shopspeak text` (or, with
# `voice:`, each turn spoken by eSpeak NG through `shopspeak wav`) and check every turn's intent
# and answer, and the database after the turns that name SQL. The format is in docs/dialog.md
# ("Conversation files"). Needs jq, sqlite3, (for `pin:`) openssl and (for `voice:`) espeak-ng.
#
# The whole conversation is one shopspeak process (so the dialog's state carries from turn to
# turn, as on the speaker). A turn's SQL is checked against the database after that turn: for
# the last turn that is the same run; for an earlier one the conversation up to that turn is
# run again from the same starting catalog (a dialog state cannot be resumed in a new process).
. "$SOURCE_DIR/tests/e2e/lib.sh"

conv=$1
name=$(basename "$conv" .conv)
[ -r "$conv" ] || { echo "conversation.sh: cannot read $conv" >&2; exit 2; }
for tool in jq sqlite3; do
    command -v "$tool" >/dev/null || { echo "conversation.sh: $tool is needed"; exit 77; }
done

turns="$WORK/turns"   # one sentence per line
checks="$WORK/checks" # TURN<TAB>KIND<TAB>VALUE
setup="$WORK/setup.sql"
: >"$turns"; : >"$checks"; : >"$setup"
n=0
lineno=0
voice=""
while IFS= read -r line || [ -n "$line" ]; do
    lineno=$((lineno + 1))
    case "$line" in
    '' | '#'*) ;;
    '> '*) n=$((n + 1)); printf '%s\n' "${line#> }" >>"$turns" ;;
    setup:*) [ "$n" -eq 0 ] || { echo "$conv:$lineno: setup: must come before the first turn"; exit 2; }
        printf '%s;\n' "$(echo "${line#setup:}" | sed 's/^ *//')" >>"$setup" ;;
    voice:*) [ "$n" -eq 0 ] || { echo "$conv:$lineno: voice: must come before the first turn"; exit 2; }
        voice=$(echo "${line#voice:}" | tr -d ' ') ;;
    pin:*) [ "$n" -eq 0 ] || { echo "$conv:$lineno: pin: must come before the first turn"; exit 2; }
        pin=$(echo "${line#pin:}" | tr -d ' ')
        salt=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
        key=$(openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt "pass:$pin" \
            -kdfopt "hexsalt:$salt" -kdfopt iter:100000 PBKDF2 | tr -d ':\n' | tr 'A-F' 'a-f')
        printf "UPDATE settings SET value = 'pbkdf2-sha256\$100000\$%s\$%s' WHERE key = 'pin_hash';\n" \
            "$salt" "$key" >>"$setup" ;;
    intent:* | answer:* | answer~:* | not:* | sql:* | expect:*)
        [ "$n" -gt 0 ] || { echo "$conv:$lineno: '${line%%:*}:' before the first '> ' turn"; exit 2; }
        kind=${line%%:*}
        value=$(echo "${line#*:}" | sed 's/^ //')
        printf '%s\t%s\t%s\n' "$n" "$kind" "$value" >>"$checks" ;;
    *) echo "$conv:$lineno: not a conversation line: $line"; exit 2 ;;
    esac
done <"$conv"
[ "$n" -gt 0 ] || { echo "$conv: no turns"; exit 2; }
if [ -n "$voice" ]; then
    command -v espeak-ng >/dev/null || { echo "conversation.sh: espeak-ng is needed"; exit 77; }
    i=0
    while IFS= read -r sentence; do
        i=$((i + 1))
        espeak-ng -v "$voice" -s 150 -w "$WORK/turn-$i.wav" "$sentence" ||
            { echo "$conv: espeak-ng -v $voice failed"; exit 2; }
    done <"$turns"
fi

# The starting catalog: the sample, created by a first run, then the file's setup.
mkdir -p "$WORK/base"
XDG_DATA_HOME="$WORK/base" "$SHOPSPEAK" text "help" >/dev/null 2>"$WORK/err" ||
    { echo "cannot create the catalog:"; cat "$WORK/err"; exit 1; }
if [ -s "$setup" ] && ! sqlite3 "$WORK/base/shopspeak/catalog.db" <"$setup" 2>"$WORK/err"; then
    not_ok "$name: setup SQL failed: $(cat "$WORK/err")"
    finish
    exit 1
fi

# run_turns N DIR: the first N turns as one conversation on a copy of the starting catalog;
# JSON lines into DIR/out.
run_turns() {
    count=$1 dir=$2
    rm -rf "$dir"
    mkdir -p "$dir"
    cp -r "$WORK/base/shopspeak" "$dir/"
    set --
    if [ -n "$voice" ]; then
        # Spoken: eSpeak NG's voice scores below real speech and is never unsure of a product
        # the way a person is, so no rejection and no "did you say ...?" (as the other e2e).
        i=0
        while [ $i -lt "$count" ]; do i=$((i + 1)); set -- "$@" "$WORK/turn-$i.wav"; done
        XDG_DATA_HOME="$dir" "$SHOPSPEAK" wav --reject-below 0 --confirm-slot-below 0 "$@" \
            >"$dir/out" 2>"$dir/err"
        return
    fi
    head -n "$count" "$turns" >"$WORK/some"
    while IFS= read -r sentence; do set -- "$@" "$sentence"; done <"$WORK/some"
    XDG_DATA_HOME="$dir" "$SHOPSPEAK" text "$@" >"$dir/out" 2>"$dir/err"
}

run_turns "$n" "$WORK/full"
[ "$(wc -l <"$WORK/full/out")" -eq "$n" ] ||
    { not_ok "$name: $n turns but $(wc -l <"$WORK/full/out") answers"; cat "$WORK/full/err"; }

sql=""
while IFS="$(printf '\t')" read -r t kind value; do
    json=$(sed -n "${t}p" "$WORK/full/out")
    said=$(sed -n "${t}p" "$turns")
    [ -z "$voice" ] || said="$said\" heard \"$(printf '%s' "$json" | jq -r '.heard')"
    answer=$(printf '%s' "$json" | jq -r '.answer')
    case "$kind" in
    intent)
        got=$(printf '%s' "$json" | jq -r '.intent // "none"')
        if [ "$got" = "$value" ]; then ok "$name $t \"$said\": intent $got"; else
            not_ok "$name $t \"$said\": intent $got, wanted $value"; fi ;;
    answer)
        case "$answer" in
        *"$value"*) ok "$name $t \"$said\": answer has \"$value\"" ;;
        *) not_ok "$name $t \"$said\": answer \"$answer\" lacks \"$value\"" ;;
        esac ;;
    answer~)
        if printf '%s\n' "$answer" | grep -Eq -- "$value"; then ok "$name $t: answer matches /$value/"; else
            not_ok "$name $t \"$said\": answer \"$answer\" does not match /$value/"; fi ;;
    not)
        case "$json" in
        *"$value"*) not_ok "$name $t \"$said\": \"$value\" must not be in $json" ;;
        *) ok "$name $t \"$said\": no \"$value\" in the turn" ;;
        esac ;;
    sql) sql=$value ;;
    expect)
        [ -n "$sql" ] || { not_ok "$name $t: expect: without sql:"; continue; }
        dir="$WORK/full"
        if [ "$t" -lt "$n" ]; then dir="$WORK/upto$t"; [ -d "$dir" ] || run_turns "$t" "$dir"; fi
        got=$(sqlite3 "$dir/shopspeak/catalog.db" "$sql" 2>&1 | tr '\n' ' ' | sed 's/ $//')
        if [ "$got" = "$value" ]; then ok "$name $t: $sql = $got"; else
            not_ok "$name $t \"$said\": $sql gave '$got', wanted '$value'"; fi
        sql="" ;;
    esac
done <"$checks"
finish
