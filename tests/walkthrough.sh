#!/bin/sh
# The regeneration walkthrough of docs/walkthrough.md, performed exactly as the
# document says, in a temporary copy of the tree: add Accept-Contact (RFC 3841)
# to the grammar, regenerate, build, test, prove. It checks that
#  1. the walkthrough's files apply to this tree (the new grammar file and test,
#     and the patch of the hand-written files);
#  2. `make regen` writes the new scanner, marked as generated, into
#     src/generated/ and the amalgamation;
#  3. the tree builds with -Werror, the new Criterion test and every other one
#     pass, and the CLI's tests pass;
#  4. `siprove parse --json` shows Accept-Contact structured (kind and items,
#     with their parameters), long and compact form, and `siprove check`
#     rejects a bad value with the new code, its reason and its offset;
#  5. `make prove` passes on the copy: every group of proofs/prove.sh, the new
#     one among them. The copy's records are the walkthrough's, made by a full
#     run (`make walkthrough-records`, over an hour on 2 cores: the walkthrough
#     changes siprove.h, so every goal's text changes and the provers run on
#     every goal Qed does not close) and committed in
#     proofs/results-walkthrough/; here they replay while their keys match, and
#     the new group (accept_contact) is audited: proven again for real. The
#     state machines' proofs (prove-fsm) are not run here: the walkthrough
#     leaves their inputs byte for byte unchanged (checked), and `make prove`
#     of the tree proves them.
#     When there is no record, or the sources changed after the records were
#     made, the keys do not match: the new group is still proven for real, the
#     other groups are named as not proven again, and the result says so
#     (WALKTHROUGH: PARTIAL).
#
#   sh tests/walkthrough.sh            the check (part of make check)
#   sh tests/walkthrough.sh --records  a full proof run of the copy, then its
#                                      records into proofs/results-walkthrough/
#                                      and its new prover answers into the cache
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
W=docs/walkthrough
mode=${1:-check}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "walkthrough: ok: $*"; }
bad() { fail=$((fail + 1)); echo "walkthrough: FAIL: $*"; }

tmp=$(mktemp -d /tmp/siprove-walkthrough.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$tmp"' EXIT
# the tree as it is (tracked files, with any local change), without build/
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$tmp"
cd "$tmp"

# ---- 1. the walkthrough's steps 1 to 3: the new files and the edits --------------
cp "$W/accept_contact.rl" grammar/accept_contact.rl
cp "$W/test_accept_contact.c" tests/test_accept_contact.c
if patch -p1 --forward --no-backup-if-mismatch -s < "$W/accept-contact.patch"; then
    ok "the walkthrough's patch applies"
else
    bad "the walkthrough's patch does not apply to this tree (update $W/accept-contact.patch)"
    echo "walkthrough: $pass passed, $fail failed"; exit 1
fi

# ---- 2. step 4: regenerate -----------------------------------------------------------
if make -s regen > regen.log 2>&1; then ok "make regen"; else cat regen.log; bad "make regen"; fi
if [ -f src/generated/accept_contact.c ] && grep -q 'sipr_scan_accept_contact' src/generated/accept_contact.c &&
   head -n 3 src/generated/accept_contact.c | grep -qi 'generated'; then
    ok "src/generated/accept_contact.c written and marked as generated"
else bad "src/generated/accept_contact.c missing, or not marked as generated"; fi
if grep -q '^sipr_status sipr_scan_accept_contact' dist/siprove.c; then ok "the amalgamation holds the new scanner"
else bad "dist/siprove.c lacks sipr_scan_accept_contact"; fi
changed=
for f in src/sipr_fsm.h src/generated/sipr_fsm_*.c src/generated/sipr_fsm_*.h; do
    cmp -s "$f" "$root/$f" || changed="$changed $f"
done
if [ -z "$changed" ]; then ok "the state machines' sources (prove-fsm's inputs) are unchanged"
else bad "the walkthrough changed inputs of prove-fsm:$changed"; fi

# ---- 3. step 5: build and test --------------------------------------------------------
tests=$(ls tests/test_*.c | grep -v test_fsm | sed 's|tests/\(.*\)\.c|build/tests/\1|')
# shellcheck disable=SC2086
if make -s -j2 WERROR=1 all $tests > build.log 2>&1; then ok "make WERROR=1 all and the tests build"
else tail -n 30 build.log; bad "the build"; echo "walkthrough: $pass passed, $fail failed"; exit 1; fi
for t in $tests; do
    if "$t" --jobs 2 > test.log 2>&1; then ok "$(basename "$t"): $(tail -n 1 test.log | sed 's/.*Tested: \([0-9]*\).*/\1/') tests"
    else tail -n 20 test.log; bad "$(basename "$t")"; fi
done
if sh tests/cli.sh build/siprove > cli.log 2>&1; then ok "tests/cli.sh: $(tail -n 1 cli.log)"
else tail -n 20 cli.log; bad "tests/cli.sh"; fi
if sh tests/dict.sh > dict.log 2>&1; then ok "tests/dict.sh: $(tail -n 1 dict.log)"
else cat dict.log; bad "tests/dict.sh"; fi

# ---- 4. the new header, structured --------------------------------------------------------
printf 'OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP pc.example.com;branch=z9hG4bKw1\r\nMax-Forwards: 70\r\nTo: <sip:bob@example.com>\r\nFrom: <sip:alice@example.com>;tag=w1\r\nCall-ID: w1@pc.example.com\r\nCSeq: 1 OPTIONS\r\nAccept-Contact: *;mobility="mobile";methods="INVITE", *;audio;require\r\na: *;video\r\nContent-Length: 0\r\n\r\n' > ac.sip
build/siprove parse --json ac.sip > ac.json || true
# one line per header that the parser names, with its items: the JSON has no raw value for them
if python3 - ac.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
acs = [h for h in d["headers"] if h["kind"] == "Accept-Contact"]
assert [h["name"] for h in acs] == ["Accept-Contact", "a"], acs
got = [[(i["value"], [(p["name"], p["value"]) for p in i["params"]]) for i in h["items"]] for h in acs]
want = [[("*", [("mobility", '"mobile"'), ("methods", '"INVITE"')]), ("*", [("audio", None), ("require", None)])],
        [("*", [("video", None)])]]
assert got == want, got
PY
then ok "siprove parse --json: Accept-Contact and a: structured (items and their params)"
else cat ac.json; bad "siprove parse --json does not show Accept-Contact structured"; fi
sed 's/^a: \*;video/a: *;;video/' ac.sip > ac-bad.sip
off=$(python3 -c "import sys; print(open('ac-bad.sip','rb').read().index(b'a: *;;') + 5)")
out=$(build/siprove check ac-bad.sip 2>&1) && rc=0 || rc=$?
if [ "$rc" = 1 ] && [ "$out" = "invalid: malformed Accept-Contact header (RFC 3841) at byte $off" ]; then
    ok "siprove check: a bad Accept-Contact is invalid, with its reason and offset $off"
else bad "siprove check on a bad Accept-Contact: exit $rc, '$out' (expected 1, byte $off)"; fi

# ---- 5. step 6: prove ------------------------------------------------------------------------
if [ "$mode" = --records ]; then
    # a full run of every group of the copy (with the committed prover cache)
    PROVE_REPLAY=0 sh proofs/prove.sh > prove.log 2>&1 && prc=0 || prc=$?
    tail -n 3 prove.log
    if [ "$prc" = 0 ]; then
        rm -rf "$root/proofs/results-walkthrough"
        mkdir -p "$root/proofs/results-walkthrough"
        cp proofs/results/*.txt "$root/proofs/results-walkthrough/"
        # the prover answers of the goals that missed the cache (content-keyed)
        (cd proofs/wp-cache/sip && find . -type f) | while read -r f; do
            [ -f "$root/proofs/wp-cache/sip/$f" ] || cp "proofs/wp-cache/sip/$f" "$root/proofs/wp-cache/sip/$f"
        done
        ok "make prove-all of the copy: $(grep '^prove:' prove.log | tail -n 1); records in proofs/results-walkthrough/"
    else
        sed -n '/UNPROVEN/,$p' prove.log | head -40; bad "the proofs of the copy"
    fi
else
    rm -f proofs/results/*.txt
    cp "$root"/proofs/results-walkthrough/*.txt proofs/results/ 2>/dev/null || true
    PROVE_PLAN=1 PROVE_AUDIT=accept_contact sh proofs/prove.sh > plan.txt
    stale=$(sed -n 's/^\([a-z_0-9]*\): plan run$/\1/p' plan.txt | grep -vx accept_contact | paste -sd' ' - || true)
    matching=$(grep -c ': plan replay$' plan.txt || true)
    if [ -z "$stale" ]; then
        PROVE_AUDIT=accept_contact sh proofs/prove.sh > prove.log 2>&1 && prc=0 || prc=$?
        if [ "$prc" = 0 ]; then
            ok "make prove of the copy: $(grep '^prove:' prove.log | tail -n 1)"
            ok "$(grep '^accept_contact:' prove.log)"
        else sed -n '/UNPROVEN\|FAILED/,$p' prove.log | head -40; grep 'audit' prove.log || true; bad "make prove of the copy"; fi
    else
        # not every group has a matching record: prove the new group for real
        # (audited when it has one), and say which groups stand unproven
        PROVE_AUDIT=accept_contact sh proofs/prove.sh accept_contact > prove.log 2>&1 && prc=0 || prc=$?
        if [ "$prc" = 0 ]; then ok "the new group, proven for real: $(grep '^accept_contact:' prove.log)"
        else sed -n '/UNPROVEN\|FAILED/,$p' prove.log | head -40; bad "the new group accept_contact"; fi
        echo "WALKTHROUGH: PARTIAL: $matching group(s) of the copy have a matching record in"
        echo "  proofs/results-walkthrough/; these were not proven again (no record, or the sources changed"
        echo "  since it was made): $stale."
        echo "  Run 'make walkthrough-records' (over an hour on 2 cores) and commit proofs/results-walkthrough/."
    fi
fi

echo "walkthrough: $pass passed, $fail failed"
[ "$fail" = 0 ]
