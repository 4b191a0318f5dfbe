#!/bin/sh
# The proof records of proofs/results/ (see proofs/prove.sh) are replayed only
# while every input of their group is unchanged. Run after `make prove` (which
# leaves a record for every group it proved): in a copy of the tree,
#   1. every group's record matches (replay);
#   2. a one-byte change to one source file: no group replays;
#   3. a change to a header that every source includes: no group replays;
#   4. a group given another function list in prove.sh: that group runs, the
#      others replay;
#   5. a record whose key is altered: that group runs;
#   6. PROVE_AUDIT=NAME,NAME audits exactly those groups, the others replay,
#      and a name that is no group is refused.
# PROVE_PLAN=1 makes prove.sh say what it would do without running Frama-C.
set -eu
cd "$(dirname "$0")/.."
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { echo "prove_records: FAIL: $*"; fail=$((fail + 1)); }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/proofs"
cp -r src "$T/"
cp proofs/prove.sh "$T/proofs/"
cp -r proofs/results "$T/proofs/"
plan() { (cd "$T" && PROVE_AUDIT=0 PROVE_PLAN=1 sh proofs/prove.sh) > "$T/plan.txt" 2>&1 || { cat "$T/plan.txt"; exit 1; }; }
count() { grep -c ": plan $1\$" "$T/plan.txt" || true; }

plan
groups=$(grep -c ': plan ' "$T/plan.txt" || true)
[ "$groups" -gt 0 ] || { echo "prove_records: no group planned"; exit 1; }
[ "$(count replay)" = "$groups" ] && ok || ko "1: $(count replay) of $groups groups replay ($(grep -v 'plan replay' "$T/plan.txt" | head -3 | tr '\n' ' '))"

# one more line in FILE: no group may replay, every one runs; then FILE is restored
changed() {
    echo "/* one more line */" >> "$T/$1"
    plan
    [ "$(count replay)" = 0 ] && [ "$(count run)" = "$groups" ] && ok || ko "$2: $(count replay) groups still replay after $1 changed"
    cp "$1" "$T/$1"
}
changed src/transport.c 2
changed src/siprove.h 3

plan
[ "$(count replay)" = "$groups" ] && ok || ko "restored: $(count replay) of $groups replay"

sed -i 's/^transport sipr_needs_received,/transport sipr_needs_received,sipr_needs_received,/' "$T/proofs/prove.sh"
plan
if grep -q '^transport: plan run$' "$T/plan.txt" && [ "$(count replay)" = $((groups - 1)) ]; then ok
else ko "4: after transport's function list changed: $(grep '^transport:' "$T/plan.txt"), $(count replay) replay"; fi
cp proofs/prove.sh "$T/proofs/prove.sh"

sed -i 's/^key \(.\)/key 0\1/' "$T/proofs/results/core.txt"
plan
if grep -q '^core: plan run$' "$T/plan.txt" && [ "$(count replay)" = $((groups - 1)) ]; then ok
else ko "5: after core's key was altered: $(grep '^core:' "$T/plan.txt")"; fi

cp proofs/results/core.txt "$T/proofs/results/core.txt"
(cd "$T" && PROVE_AUDIT=transport,md5 PROVE_PLAN=1 sh proofs/prove.sh) > "$T/plan.txt" 2>&1 || true
if grep -qx 'audit: transport md5' "$T/plan.txt" && [ "$(count audit)" = 2 ] &&
   grep -qx 'transport: plan audit' "$T/plan.txt" && grep -qx 'md5: plan audit' "$T/plan.txt" &&
   [ "$(count replay)" = $((groups - 2)) ]; then ok
else ko "6: PROVE_AUDIT=transport,md5: $(grep -v 'plan replay' "$T/plan.txt" | tr '\n' ' ')"; fi
if (cd "$T" && PROVE_AUDIT=nosuch PROVE_PLAN=1 sh proofs/prove.sh) > "$T/plan.txt" 2>&1; then
    ko "6: PROVE_AUDIT=nosuch was accepted"
elif grep -q "names no group 'nosuch'" "$T/plan.txt"; then ok
else ko "6: PROVE_AUDIT=nosuch: $(cat "$T/plan.txt")"; fi

echo "prove_records: $pass passed, $fail failed ($groups groups)"
[ "$fail" = 0 ]
