#!/bin/sh
# The fuzz dictionaries cover every header name the grammar knows: each name of
# grammar/message.rl (its header-name table: long and compact forms) must
# appear in fuzz/parse.dict followed by ": " (a compact form after CRLF).
set -eu
cd "$(dirname "$0")/.."
pass=0 fail=0
names=$(sed -n '/rlgen: header names/,/\*\//p' grammar/message.rl |
    sed -n 's/^ \*   \([A-Za-z-]*\)  *\([a-z-]\)  *SIPR_H_[A-Z_]*$/\1 \2/p' | tr ' ' '\n' | grep -v '^-$')
[ -n "$names" ] || { echo "dict: no header name found in grammar/message.rl"; exit 1; }
for n in $names; do
    if [ "${#n}" = 1 ]; then pat='\x0d\x0a'"$n: "; else pat="\"$n: "; fi
    if grep -qiF -- "$pat" fuzz/parse.dict; then pass=$((pass + 1))
    else echo "dict: FAIL: header name '$n' of grammar/message.rl is not in fuzz/parse.dict"; fail=$((fail + 1)); fi
done
echo "dict: $pass passed, $fail failed"
[ "$fail" = 0 ]
