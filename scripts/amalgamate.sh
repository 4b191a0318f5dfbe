#!/bin/sh
# The amalgamation: the whole library as one translation unit and one header,
# for people who vendor siprove (`make amalgamate` writes dist/).
#
#   sh scripts/amalgamate.sh [-I DIR]... -o OUTDIR HEADERS -- SOURCES
#   HEADERS, SOURCES: FILE... [-p PART FILE...]...
#
# OUTDIR/siprove.h is the public headers, in the order given, each header they
# include with "..." inlined before it on first use. OUTDIR/siprove.c starts
# with #include "siprove.h" and then holds every source in the order given;
# a header a source includes with "..." is inlined at its first inclusion and
# dropped afterwards (public headers are always dropped: siprove.h has them).
# "..." includes are looked up like the compiler does with -I: the including
# file's folder first, then each -I DIR. <...> includes are kept as they are.
#
# Each source is its own translation unit in the normal build, so its macros
# (ERR, FLUSH, COMMIT, ...) are private to it: after each source this emits an
# #undef for every macro the source itself defines. Static names cannot be
# made private that way: two sources defining the same static name make the
# amalgamation fail to compile, and must be renamed at the source.
#
# Comments and ACSL annotations are kept byte for byte, so the amalgamation
# carries the same contracts and can be proven (`make prove-dist`). The files
# after `-p PART` are wrapped in #ifndef SIPR_DIST_NO_PART. WP puts every
# lemma, string literal and struct type of the translation unit into the
# context of a goal, so those of the state machines (part FSM) would change
# most goals of the parser, which would then not replay from the cache of
# `make prove`.
# prove-dist proves the parser with -DSIPR_DIST_NO_FSM (a smaller context: it
# assumes less) and the state machines in the whole file.
set -eu

usage() {
    echo "usage: sh scripts/amalgamate.sh [-I DIR]... -o OUTDIR HEADER... [-p PART HEADER...]... -- SOURCE... [-p PART SOURCE...]..." >&2
    exit 64
}

incs=""; out=""; pub=""; srcs=""
while [ $# -gt 0 ]; do
    case $1 in
    -I) [ $# -ge 2 ] || usage; incs="$incs $2"; shift 2 ;;
    -o) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
    -p) [ $# -ge 2 ] || usage; pub="$pub $1 $2"; shift 2 ;;
    --) shift; srcs="$*"; break ;;
    -*) usage ;;
    *) pub="$pub $1"; shift ;;
    esac
done
[ -n "$out" ] && [ -n "$pub" ] && [ -n "$srcs" ] || usage
prev=""
for f in $pub $srcs; do
    if [ "$prev" = -p ]; then
        case $f in *[!A-Z0-9_]*|"") echo "amalgamate: a part is named in capitals: -p $f" >&2; exit 64 ;; esac
    elif [ "$f" != -p ] && [ ! -f "$f" ]; then
        echo "amalgamate: no such file: $f" >&2; exit 66
    fi
    prev=$f
done

mkdir -p "$out"
tmp_h="$out/.siprove.h.tmp"; tmp_c="$out/.siprove.c.tmp"
trap 'rm -f "$tmp_h" "$tmp_c"' EXIT

awk -v incs="$incs" -v pub="$pub" -v srcs="$srcs" -v out_h="$tmp_h" -v out_c="$tmp_c" '
function dirname(p) { return (p ~ /\//) ? substr(p, 1, match(p, /\/[^\/]*$/) - 1) : "." }
function exists(p,   r, l) { r = (getline l < p); if (r >= 0) close(p); return r >= 0 }
function norm(p) { sub(/^\.\//, "", p); return p }
function fail(msg) { print "amalgamate: " msg > "/dev/stderr"; failed = 1 }
# a list as comment lines of at most four names
function wrap(a, n,   i, s) {
    s = ""
    for (i = 1; i <= n; i++) s = s (i > 1 && i % 4 == 1 ? "\n" : "") (i % 4 == 1 ? " *" : "") " " a[i]
    return s
}
# the file a quoted include of `from` names, as the compiler finds it
function resolve(name, from,   i, p) {
    p = norm(dirname(from) "/" name)
    if (exists(p)) return p
    for (i = 1; i <= ninc; i++) { p = norm(inc[i] "/" name); if (exists(p)) return p }
    fail(from ": cannot find \"" name "\"")
    return ""
}
# copy `path` to `dest`, inlining quoted includes; `own` collects the
# macros a source file (not its headers) defines
function emit(path, dest, is_src,   line, name, p, m) {
    done[path] = dest; done_part[path] = part
    print "/* ---- " path " ---- */" > dest
    while ((getline line < path) > 0) {
        if (line ~ /^[ \t]*#[ \t]*include[ \t]*"/) {
            name = line; sub(/^[ \t]*#[ \t]*include[ \t]*"/, "", name); sub(/".*/, "", name)
            p = resolve(name, path)
            if (p == "") continue
            if (p in done) {
                if (done[p] == out_c && done_part[p] != part)
                    fail(path ": " p " was inlined in part " done_part[p] "; put the first source that includes it in an earlier part")
                print "/* #include \"" name "\": " (done[p] == out_h ? "in siprove.h" : "inlined above") " */" > dest
                continue
            }
            emit(p, dest, 0)
            print "/* ---- " path " (continued) ---- */" > dest
            continue
        }
        if (line ~ /^[ \t]*#[ \t]*define[ \t]+[A-Za-z_]/) {
            m = line; sub(/^[ \t]*#[ \t]*define[ \t]+/, "", m); match(m, /^[A-Za-z_0-9]+/); m = substr(m, 1, RLENGTH)
            if (is_src) { if (!(m in own)) { own[m] = 1; order[++nown] = m } }
            else hdr_macro[m] = 1
        }
        print line > dest
    }
    close(path)
}
# the file names of a list (without the -p PART words)
function files(a, n, f,   i, k) { k = 0; for (i = 1; i <= n; i++) if (a[i] == "-p") i++; else f[++k] = a[i]; return k }
# a list: files, and -p PART opening a part that lasts to the next one or the end
function emit_all(a, n, dest, is_src,   i, k, undefs) {
    part = ""
    for (i = 1; i <= n; i++) {
        if (a[i] == "-p") {
            if (part != "") printf "\n#endif /* SIPR_DIST_NO_%s */\n", part > dest
            part = a[++i]
            printf "\n#ifndef SIPR_DIST_NO_%s\n", part > dest
            continue
        }
        if (a[i] in done) continue
        print "" > dest
        split("", own); nown = 0
        emit(a[i], dest, is_src)
        undefs = ""
        for (k = 1; k <= nown; k++) {
            if (order[k] in hdr_macro) fail(a[i] " redefines " order[k] ", a macro of a header")
            else undefs = undefs "#undef " order[k] "\n"
        }
        if (undefs != "") printf "/* the macros of %s end with it */\n%s", a[i], undefs > dest
    }
    if (part != "") printf "\n#endif /* SIPR_DIST_NO_%s */\n", part > dest
}
BEGIN {
    ninc = split(incs, inc, " ")
    nh = split(pub, hdr, " "); nhf = files(hdr, nh, hdrf)
    ns = split(srcs, arg, " "); nsf = files(arg, ns, srcf)

    print "/* siprove amalgamation: the public API. Generated by scripts/amalgamate.sh (`make amalgamate`) from" > out_h
    print wrap(hdrf, nhf) " --" > out_h
    print " * do not edit; see README.md, Vendoring. */" > out_h
    emit_all(hdr, nh, out_h, 0)

    print "/* siprove amalgamation: the whole library in one translation unit. Generated by scripts/amalgamate.sh" > out_c
    print " * (`make amalgamate`) from" > out_c
    print wrap(srcf, nsf) > out_c
    print " * and the headers they include -- do not edit; see README.md, Vendoring." > out_c
    print " * Compile it alone, nothing to define. SIPR_DIST_NO_<PART> leaves a part out (for `make prove-dist`). */" > out_c
    print "#include \"siprove.h\"" > out_c
    emit_all(arg, ns, out_c, 1)
    close(out_h); close(out_c)
    exit failed
}'

mv "$tmp_h" "$out/siprove.h"
mv "$tmp_c" "$out/siprove.c"
echo "amalgamate: $out/siprove.h ($(wc -l < "$out/siprove.h") lines), $out/siprove.c ($(wc -l < "$out/siprove.c") lines)"
