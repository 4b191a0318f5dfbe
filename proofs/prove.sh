#!/bin/sh
# The Frama-C driver: WP with RTE guards over the hand-written runtime (src/)
# and the generated scanners (src/generated/), 0 unproven goals or failure.
#
# Every file is parsed in every run, so each function is proven against the
# contracts of the functions it calls; the functions are proven in groups
# (one per source file), PROVE_JOBS groups at a time. Provers: Qed, then cvc4
# and z3 through why3 (alt-ergo is not in Debian 12). cvc4 goes first: on
# these goals it answers in well under a second where z3 often runs to the
# timeout, and the second prover only runs when the first fails.
#
#   PROVE_JOBS=2 PROVE_TIMEOUT=20 sh proofs/prove.sh [GROUP...]
# PROVE_DIST=1 (`make prove-dist`) proves the amalgamation dist/siprove.c
# instead, with the same options and cache (logs in build/wp-dist), plus one
# group "others" for every function no group names (found by a scan of the
# definitions, see defined() below): the state machines, with
# -warn-unsigned-overflow as fsm/fsm.mk proves them. Outside dist, a function
# that no group names fails the run. The groups above run
# without the state machines' part of the file (-DSIPR_DIST_NO_FSM, see
# scripts/amalgamate.sh), so their goals are the ones of `make prove` and replay.
# Two caches, both committed, both keyed by content:
# - proofs/wp-cache/sip: prover results per goal (WP's own cache): a goal whose
#   text is unchanged replays its earlier z3/cvc4 verdict; Qed and the goal
#   generation run again.
# - proofs/results/ (proofs/results-dist/ for dist): one record per group,
#   written only after a run in which every goal of the group was proven. Its
#   key is the SHA-256 of everything the result depends on: the contents of
#   every file Frama-C parses (the sources and each header they include, from
#   cc -MM), the group's functions and options, the common options, and the
#   versions of frama-c, why3, cvc4 and z3. While the key matches, the group's
#   result is replayed and Frama-C is not run for it; any change to any of those
#   inputs runs the group again. This is what keeps `make prove` within its time
#   budget (a full run is ~65 min on 2 cores).
# - Audit: even when every record matches, PROVE_AUDIT groups (default 1) are
#   run for real and must prove as many goals as their record says. Which ones
#   is chosen from the inputs' hash, so successive commits audit different
#   groups; PROVE_AUDIT=all runs every group, PROVE_AUDIT=NAME[,NAME...] those
#   groups (tests/walkthrough.sh audits the group the walkthrough adds).
# PROVE_PLAN=1 prints what each group would do (replay, audit, run) and runs
# nothing. PROVE_REPLAY=0 runs every group (with the prover cache); PROVE_FULL=1
# (`make prove-full`) runs every group with no cache at all. Both rewrite the
# records of the groups they prove.
set -eu
cd "$(dirname "$0")/.."

JOBS=${PROVE_JOBS:-2}
TIMEOUT=${PROVE_TIMEOUT:-20}
OUT=build/wp
mkdir -p "$OUT" proofs/wp-cache/sip
CACHE="-wp-cache update -wp-cache-dir proofs/wp-cache/sip"
[ "${PROVE_FULL:-0}" = 1 ] && CACHE="-wp-cache none"

FILES="src/multipart.c src/check.c src/errors.c src/frame.c src/parse.c src/pool.c src/proxy.c src/serialize.c \
src/util.c src/validate.c src/md5.c src/sha2.c src/digest.c src/txn.c src/core.c src/transport.c src/dialog.c \
src/generated/message.c src/generated/uri.c src/generated/tel_uri.c src/generated/abs_uri.c src/generated/params.c \
src/generated/uri_headers.c src/generated/via.c src/generated/name_addr.c \
src/generated/contact.c src/generated/cseq.c src/generated/call_id.c \
src/generated/token_list.c src/generated/media.c src/generated/date.c src/generated/addrs.c \
src/generated/tparams.c src/generated/auth.c"
CPP="-Isrc -D_POSIX_C_SOURCE=200809L"
RES=proofs/results
if [ "${PROVE_DIST:-0}" = 1 ]; then
    FILES=dist/siprove.c CPP="-Idist -DSIPR_DIST_NO_FSM" OUT=build/wp-dist RES=proofs/results-dist
    mkdir -p "$OUT"
fi
# the options every group shares (part of every record's key).
# -wp-no-init-const: WP does not turn the initializers of const globals (the
# machines' tables, the hash constants, the header-name rows) into hypotheses.
# No proof uses a table's contents (a table read is masked or checked in the
# code, see gen/rlgen.c), so this only takes hypotheses away: what is proven
# without them holds with them. With them, WP spent most of each group's time
# building them for every function (group transport: 262 s wall, 203 s of it
# before the first goal; without: 44 s, the same 95 goals). One contract is
# about a const's contents: sipr_profile_default's (the default profile's
# lists are what PROFILE_OK says), so its group alone, profile, gives the
# hypotheses back with -wp-init-const (an option after the common ones).
COMMON="-pp-annot -machdep gcc_x86_64 -wp -wp-rte -wp-no-init-const -wp-prover cvc4,z3 -wp-timeout $TIMEOUT -wp-par 1 -wp-status-invalid -wp-status-maybe"

# group name: the functions it proves (every function of the library appears
# once), then optional extra Frama-C options for that group (they come last,
# so they may override the defaults). The framer is also proven free of
# unsigned wrap-around (-warn-unsigned-overflow). The parser's dispatch loop
# and the Digest parsers get a longer prover time: a few of their goals (the
# limits kept through every scanner call) take cvc4 more than 20 s. Listed
# longest first: the pool of PROVE_JOBS runs takes them in this order.
groups() {
cat <<'G'
message sipr_message_trans,sipr_message_eof,sipr_message_skip,sipr_message_lenient,sipr_message_commit,sipr_message_act,sipr_message_name_kind,sipr_message_kind_name,sipr_scan_message
digest_scan sipr_digest_alg_name,dg_tchar,dg_lws,dg_token,dg_quoted,dg_param,dg_scheme,dg_name,dg_is,dg_alg,dg_qop_kind,dg_qop_list,dg_nc,dg_val_reset,dg_ch_store,dg_ch_reset,sipr_digest_parse_challenge,dg_cr_store,dg_cr_reset,sipr_digest_parse_credentials -wp-timeout 120
runtime check_uri,check_na,check_via,check_item,check_header,sipr_msg_check,sipr_strerror,sipr_header_name,sipr_header_kind_of,sipr_verdict_reason,sipr_param_push,sipr_header_push,sipr_via_push,sipr_contact_push,sipr_item_push,sipr_addr_push,sipr_u32,sipr_trim_right,sipr_span_ieq,sipr_span_eq,sipr_span_eq_lit,sipr_first_ctl,sipr_is_alnum,sipr_is_xdigit,sipr_in_class,sipr_run
proxy px_put_branch,px_put_new_via,px_put_rr,px_put_before,px_put_plist,px_put_via_parm,px_top_parm,px_put_fixed,px_put_popped,px_put_route_line,px_put_line,px_put_lines,px_write,sipr_proxy_branch,sipr_proxy_forward,sipr_proxy_response,sipr_proxy_received
via sipr_via_trans,sipr_via_eof,sipr_via_skip,sipr_via_clear,sipr_via_port,sipr_via_emit,sipr_via_flush,sipr_via_commit,sipr_via_act,sipr_scan_via
digest_write dg_wc,dg_wlit,dg_wquoted,dg_wval,dg_whex,dg_quotable,dg_wend,dg_wfail,dg_choose_qop,sipr_digest_build_credentials,sipr_digest_build_challenge
validate verdict,in_list,is_star,media_is,media_in_list,item_kind,first_unknown,accept_ok,duplicate,line_off,check_form,check_headers,check_element,rfc2543_matching,sipr_validate
parse sipr_limits_default,reset_records,reset,sipr_msg_init,limits_ok,addrs_mode,tparams_form,scan_number,scan_request_uri,scan_content_type,scan_text,scan_values,parse_steps,sipr_parse -wp-timeout 120
dialog dl_put,dl_span,dl_angle,dl_reset,dl_line_routes,dl_record_routes,dl_routes,dl_routes_target,sipr_dialog_set_target,sipr_dialog_uac,sipr_dialog_uas,dl_same,sipr_dialog_request,sipr_dialog_next_cseq,dl_str,sipr_dialog_build_request
lists sipr_token_list_trans,sipr_token_list_eof,sipr_token_list_skip,sipr_token_list_act,sipr_scan_token_list,sipr_media_trans,sipr_media_eof,sipr_media_skip,sipr_media_flush,sipr_media_commit,sipr_media_act,sipr_scan_media
txn tk_put,tk_field,tk_u32,tk_hash,tk_seal,sipr_txn_key_client,sipr_txn_key_response,tk_is,sipr_txn_key_request,sipr_txn_key_eq,sipr_txn_table_init,tx_probe,sipr_txn_add,sipr_txn_find,tx_dist,sipr_txn_remove,sipr_txn_count
digest_compute dg_init,dg_update,dg_put,dg_digit,dg_hex,dg_final,dg_hexlen,dg_val,dg_str,dg_hextext,dg_lit,dg_h3,dg_ha2,dg_kd,dg_qop_text,dg_alg_text,dg_nc8,dg_ct_eq,sipr_digest_ha1,sipr_digest_userhash,sipr_digest_response,dg_cr_usable,dg_check,sipr_digest_verify,sipr_digest_verify_ha1
writer sipr_put,sipr_put_range,sipr_put_char,sipr_put_u32,sipr_put_span,sipr_put_head,sipr_put_crlf,sipr_out_done,ser_is_tok,ser_byte_ok,sipr_chars_ok,sipr_line_end,sipr_start_end,sipr_line_extent,sipr_msg_writable
proxy_uri px_is_hostname,px_is_ipv4,px_is_ipv6,px_target_ok
proxy_lists px_trim,px_elem_end,sipr_list_walk,sipr_elem_uri,px_route_values,px_find,px_host_end,px_has_lr,sipr_route_uri,px_names_me,px_named,px_first_rr,px_scan_routes,px_route_uri
uri sipr_uri_trans,sipr_uri_eof,sipr_uri_skip,sipr_uri_act,sipr_scan_sip_uri,sipr_uri_family,sipr_scan_uri
tel_uri sipr_tel_uri_trans,sipr_tel_uri_eof,sipr_tel_uri_skip,sipr_tel_uri_act,sipr_scan_tel_uri
abs_uri sipr_abs_uri_trans,sipr_abs_uri_eof,sipr_abs_uri_skip,sipr_abs_uri_act,sipr_scan_abs_uri
multipart mp_bchar,mp_param,mp_bad_bchar,mp_media,mp_delim,mp_next_delim,mp_line,mp_trim,mp_part,mp_split,sipr_multipart
builder sipr_builder_init,bld_ready,sipr_build_line,sipr_build_request_line,sipr_build_status_line,sipr_build_via,sipr_build_addr,sipr_build_cseq,sipr_build_max_forwards,sipr_build_call_id,sipr_build_content_type,sipr_build_header,sipr_build_end
params sipr_params_trans,sipr_params_eof,sipr_params_skip,sipr_scan_params,sipr_uri_headers_trans,sipr_uri_headers_eof,sipr_uri_headers_skip,sipr_scan_uri_headers
contact sipr_contact_trans,sipr_contact_eof,sipr_contact_skip,sipr_contact_clear,sipr_contact_flush,sipr_contact_commit,sipr_contact_act,sipr_scan_contact
addrs sipr_addrs_trans,sipr_addrs_eof,sipr_addrs_skip,sipr_addrs_clear,sipr_addrs_flush,sipr_addrs_commit,sipr_addrs_uend,sipr_addrs_act,sipr_scan_addrs
tparams sipr_tparams_trans,sipr_tparams_eof,sipr_tparams_skip,sipr_tparams_clear,sipr_tparams_flush,sipr_tparams_commit,sipr_tparams_act,sipr_scan_tparams
auth sipr_auth_trans,sipr_auth_eof,sipr_auth_skip,sipr_auth_flush,sipr_auth_commit,sipr_auth_act,sipr_scan_auth
serialize ser_conflict,ser_check_edit,ser_check_edits,ser_find,ser_put_inserts,ser_put_replaced,ser_put_request_line,ser_put_lines,sipr_serialize_edited,sipr_serialize
frame fr_fresh,fr_name_next,fr_digit_next,fr_step_ka,fr_step_name,fr_line_start,fr_header_end,fr_step_line,fr_cl_commit,fr_step_cl_pre,fr_step_cl_dig,fr_step_cl_post,fr_step,fr_scan,fr_sane,sipr_framer_init,fr_report,sipr_frame -warn-unsigned-overflow
name_addr sipr_name_addr_trans,sipr_name_addr_eof,sipr_name_addr_skip,sipr_name_addr_flush,sipr_name_addr_act,sipr_scan_name_addr
small sipr_cseq_trans,sipr_cseq_eof,sipr_cseq_skip,sipr_scan_cseq,sipr_call_id_trans,sipr_call_id_eof,sipr_call_id_skip,sipr_scan_call_id,sipr_date_trans,sipr_date_eof,sipr_date_skip,sipr_scan_date
values sipr_via_spec_check,sipr_put_via,ser_params_ok,sipr_addr_spec_check,ser_put_quoted,ser_put_params,sipr_put_addr
core co_str,co_lines,co_top_via,co_request_line,co_cseq,co_usable,sipr_build_response,sipr_build_ack,sipr_build_cancel,rx_at,sipr_retx_start,sipr_retx_stop,sipr_retx_due,sipr_retx_deadline
sha512_256 sha512_rotr,sha512_schedule,sha512_block,sipr_sha512_256_init,sipr_sha512_256_update,sipr_sha512_256_final,sipr_sha512_256
sha256 sha256_rotr,sha256_schedule,sha256_block,sipr_sha256_init,sipr_sha256_update,sipr_sha256_final,sipr_sha256
proxy_plan px_plan_new,px_plan_fix,px_plan_routes,px_rr_sips,px_fnv,px_fnv_u32,px_branch_hash,px_check,px_nobody,px_via_names_me
md5 md5_rotl,md5_shift,md5_load,md5_block,sipr_md5_init,sipr_md5_update,sipr_md5_final,sipr_md5
transport sipr_needs_received,tp_port,sipr_response_target
profile sipr_profile_default -wp-init-const
G
}

# the key of one group's record: the inputs' hash (computed once, below) and
# everything of the group's own command line
group_key() {
    printf '%s\n%s\n%s\n%s\n%s\n%s\n' "$SIPR_PROVE_INPUTS" "$COMMON" "$CPP" "$1" "$2" "$3" |
        sha256sum | cut -c1-64
}

run_group() {
    name=$1; fcts=$2; extra=${3:-}
    # the dist group of the state machines parses them (see the groups above)
    [ "$name" = others ] && CPP=-Idist
    key=$(group_key "$name" "$fcts" "$extra")
    rec="$RES/$name.txt"
    recorded=
    if [ -f "$rec" ] && [ "$(sed -n 's/^key //p' "$rec")" = "$key" ]; then
        recorded=$(sed -n 's/^result //p' "$rec")
    fi
    audit=0
    case " $PROVE_AUDIT_GROUPS " in *" $name "*) audit=1 ;; esac
    if [ -n "$recorded" ] && [ "$audit" = 0 ] && [ "${PROVE_REPLAY:-1}" = 1 ] && [ "${PROVE_FULL:-0}" = 0 ]; then
        [ "${PROVE_PLAN:-0}" = 1 ] && { echo "$name: plan replay"; return; }
        echo "$name: $recorded (replayed: $rec, key ${key%"${key#????????????}"})"
        return
    fi
    if [ "${PROVE_PLAN:-0}" = 1 ]; then
        if [ -n "$recorded" ] && [ "$audit" = 1 ]; then echo "$name: plan audit"; else echo "$name: plan run"; fi
        return
    fi
    start=$(date +%s)
    # shellcheck disable=SC2086
    frama-c $COMMON -cpp-extra-args="$CPP" $FILES -wp-fct "$fcts" $CACHE $extra \
        > "$OUT/$name.log" 2>&1 || true
    end=$(date +%s)
    line=$(grep -E "^\[wp\] Proved goals:" "$OUT/$name.log" | tail -n 1 || true)
    line=${line#\[wp\] }
    p=$(echo "$line" | sed -n 's/.*goals: *\([0-9]*\) \/ *\([0-9]*\).*/\1/p')
    t=$(echo "$line" | sed -n 's/.*goals: *\([0-9]*\) \/ *\([0-9]*\).*/\2/p')
    if [ "$audit" = 1 ] && [ -n "$recorded" ]; then
        # an audit must reproduce its record, goal for goal in number
        if [ "$line" = "$recorded" ]; then
            echo "$name: $line ($((end - start)) s, audit: reproduces $rec)"
        else
            echo "$name: audit FAILED: $rec says '$recorded', the run says '$line' ($((end - start)) s)"
        fi
        return
    fi
    if [ -n "$p" ] && [ "$p" = "$t" ]; then
        # every goal proven: (re)write the record
        { echo "# The proof result of group $name (proofs/prove.sh), replayed by make prove"
          echo "# while the key is unchanged; written after a run that proved every goal."
          echo "key $key"
          echo "result $line"
          echo "seconds $((end - start))"
          echo "functions $fcts"
          echo "options $COMMON $extra"
          echo "tools $TOOLS"
          echo "goals (name, verdict, prover):"
          sed -n 's/^\[wp\] \[\([^]]*\)\] Goal \([^ ]*\) : \([A-Za-z]*\).*/\2 \3 \1/p' "$OUT/$name.log" | sort
        } > "$rec.tmp"
        mv "$rec.tmp" "$rec"
    fi
    echo "$name: $line ($((end - start)) s)"
}

# one group (used by the pool below)
if [ "${1:-}" = "--one" ]; then
    g=$2; f=$3; shift 3; run_group "$g" "$f" "$*" >> "$OUT/summary.txt"
    exit 0
fi

if [ $# -gt 0 ]; then
    sel=$(groups | while read -r g f; do for a in "$@"; do if [ "$g" = "$a" ]; then echo "$g $f"; fi; done; done)
else
    sel=$(groups)
fi
# Every function defined in the proven files must be in a group: the names
# defined at column 0 of the sources (and the static inline functions of the
# amalgamated header), against the names the groups list.
defined() {
    { grep -hE '^[A-Za-z_][A-Za-z0-9_ *]*[ *][a-z_][a-z0-9_]*\(' "$@"
      if [ "${PROVE_DIST:-0}" = 1 ]; then grep -hE '^static inline ' dist/siprove.h; fi; } |
        grep -vE ';[[:space:]]*$' | sed -E 's/^[^(]*[ *]([a-z_][a-z0-9_]*)\(.*/\1/' | sort -u
}
# shellcheck disable=SC2086
defined $FILES > "$OUT/defined.txt"
groups | cut -d' ' -f2 | tr ',' '\n' | sort -u > "$OUT/grouped.txt"
ungrouped=$(comm -23 "$OUT/defined.txt" "$OUT/grouped.txt" | paste -sd, -)
if [ "${PROVE_DIST:-0}" = 1 ]; then
    # the amalgamation also holds the state machines (fsm/fsm.mk proves them
    # in make prove): group "others" proves them here, with -warn-unsigned-overflow
    if [ $# = 0 ] || echo " $* " | grep -q " others "; then
        sel=$(printf '%s\nothers %s -warn-unsigned-overflow\n' "$sel" "$ungrouped")
    fi
elif [ -n "$ungrouped" ]; then
    echo "prove: functions in no proof group (add them to a group in proofs/prove.sh): $ungrouped"
    exit 1
fi

# The inputs' hash: the content of every file Frama-C parses (the sources and
# the headers they include, as cc -MM lists them; frama-c's own libc headers
# come with its version) and the tools' versions.
TOOLS=$( { frama-c -version; why3 --version; cvc4 --version | head -n 1; z3 --version; } 2>&1 | tr '\n' ';')
# shellcheck disable=SC2086
inputs=$(cc -MM $CPP $FILES | tr -d '\\' | tr ' ' '\n' | grep -v ':$' | grep . | sort -u)
[ -n "$inputs" ] || { echo "prove: cc -MM listed no input"; exit 1; }
# shellcheck disable=SC2086
SIPR_PROVE_INPUTS=$( { echo "$TOOLS"; sha256sum $inputs; } | sha256sum | cut -c1-64)
export SIPR_PROVE_INPUTS TOOLS
mkdir -p "$RES"

# The audit: PROVE_AUDIT of the groups selected, chosen by the inputs' hash
# (all of them with PROVE_AUDIT=all).
names=$(echo "$sel" | grep . | cut -d' ' -f1 | sort)
n=$(echo "$names" | grep -c . || true)
AUDIT=${PROVE_AUDIT:-1}
if [ "$AUDIT" = all ]; then
    PROVE_AUDIT_GROUPS=$(echo "$names" | tr '\n' ' ')
elif ! echo "$AUDIT" | grep -qE '^[0-9]+$'; then
    # group names (comma- or space-separated): exactly those, each a group
    PROVE_AUDIT_GROUPS=" $(echo "$AUDIT" | tr ',' ' ')"
    for a in $PROVE_AUDIT_GROUPS; do
        echo "$names" | grep -qx "$a" || { echo "prove: PROVE_AUDIT names no group '$a'"; exit 1; }
    done
else
    PROVE_AUDIT_GROUPS=
    start=$(( $(printf '%d' "0x$(echo "$SIPR_PROVE_INPUTS" | cut -c1-6)") % (n > 0 ? n : 1) ))
    i=0
    while [ "$i" -lt "$AUDIT" ] && [ "$i" -lt "$n" ]; do
        PROVE_AUDIT_GROUPS="$PROVE_AUDIT_GROUPS $(echo "$names" | sed -n "$(( (start + i) % n + 1 ))p")"
        i=$((i + 1))
    done
fi
export PROVE_AUDIT_GROUPS
[ "${PROVE_PLAN:-0}" = 1 ] && echo "audit:${PROVE_AUDIT_GROUPS:- none}"

t0=$(date +%s)
echo "$sel" | grep . > "$OUT/groups.txt" || true
: > "$OUT/summary.txt"
# a pool of JOBS Frama-C runs, longest groups first
xargs -r -P "$JOBS" -L 1 sh proofs/prove.sh --one < "$OUT/groups.txt"
t1=$(date +%s)
sort "$OUT/summary.txt"
# PROVE_PLAN=1: only say which groups would be replayed, audited or run
[ "${PROVE_PLAN:-0}" = 1 ] && exit 0

proved=0; total=0; bad=0
while read -r g rest; do
    p=$(echo "$rest" | sed -n 's/.*Proved goals: *\([0-9]*\) \/ \([0-9]*\).*/\1/p')
    t=$(echo "$rest" | sed -n 's/.*Proved goals: *\([0-9]*\) \/ \([0-9]*\).*/\2/p')
    if [ -z "$p" ] || [ -z "$t" ]; then
        echo "prove: group $g produced no result; see $OUT/${g%:}.log"; bad=1; continue
    fi
    proved=$((proved + p)); total=$((total + t))
    [ "$p" = "$t" ] || bad=1
done < "$OUT/summary.txt"
replayed=$(grep -c '(replayed: ' "$OUT/summary.txt" || true)
ran=$(( $(grep -c . "$OUT/summary.txt") - replayed ))
echo "prove: $proved / $total goals proven in $((t1 - t0)) s (WP + RTE, Qed/z3/cvc4): $ran group(s) run, $replayed replayed from $RES (inputs unchanged)"
if grep -q 'audit FAILED' "$OUT/summary.txt"; then
    echo "prove: an audited group did not reproduce its record (see above)"; bad=1
fi
if [ "$bad" != 0 ] || [ "$proved" != "$total" ]; then
    echo "prove: UNPROVEN GOALS (see build/wp/*.log):"
    grep -h -A3 "^\[wp\] \[Failed\]\|^\[wp\] \[Unknown\]\|Timeout" $OUT/*.log | head -60 || true
    exit 1
fi
