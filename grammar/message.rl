/* The message machine (RFC 3261 §7, §25.1): start line, header lines (name,
 * HCOLON, value extent with LWS folding), the empty line. Header values are
 * parsed afterwards by one scanner per header kind (see parse.c). */
#include "sipr_internal.h"

/* First error wins: the innermost rule that fails names the error (Ragel
 * runs error actions innermost first). At end of input every error is a
 * truncation: see after the scan. */
#define ERR(code)                                                   \
    do {                                                            \
        if (R.err == SIPR_OK) {                                     \
            R.err = (code);                                         \
            R.err_off = (uint32_t)i;                                \
        }                                                           \
    } while (0)

/* The scanner's registers: the actions run in sipr_message_act (see
 * gen/rlgen.c, action-function mode) and name them R.... */
typedef struct {
    size_t mark, vmark, vend;      /* token start, header value start and end */
    uint32_t status;               /* Status-Code digits so far */
    uint16_t kind;                 /* sipr_header_kind of the current header line */
    uint8_t type;                  /* sipr_msg_type */
    sipr_span name, method, ruri, version, status_text, reason;
    sipr_status err;               /* the first error */
    uint32_t err_off;
    uint32_t lenient_used;         /* SIPR_LENIENT_* bits of the leniencies used */
    uint32_t lenient_off;          /* offset of the first leniency used, <= len */
    uint8_t eoh;                   /* 1: the input ended after a header line (NO_FINAL_CRLF) */
    int stop;                      /* set by an action: stop the scan (1), or after this byte (2) */
} sipr_message_regs;

/* A lenient-only path of the grammar (siprove.h, SIPR_LENIENT_*). When the
 * flag is off the scan stops at this byte (R.stop = 1) with `code`, the error
 * the strict grammar reports here (the lenient paths start exactly at the
 * first byte the strict grammar rejects), so that strict parsing is
 * unchanged, the lines before this byte included. When it is on, the use is
 * recorded. */
/*@ requires \valid_read(m) && i <= len && len <= SIPR_MAX_MSG_LEN && R.lenient_off <= len;
    assigns \nothing;
    ensures \result.mark == R.mark && \result.vmark == R.vmark && \result.vend == R.vend;
    ensures \result.kind == R.kind && \result.lenient_off <= len;
*/
static SIPR_ACT_INLINE sipr_message_regs sipr_message_lenient(sipr_message_regs R, const sipr_msg *m,
                                                              uint32_t flag, sipr_status code,
                                                              size_t i, size_t len)
{
    (void)len; /* used by the contract */
    R.stop = 0;
    if ((m->limits.lenient & flag) == 0u) {
        ERR(code);
        STOP();
    }
    if (R.lenient_used == 0u)
        R.lenient_off = (uint32_t)i;
    R.lenient_used |= flag;
    return R;
}

#define LENIENT(flag, code)                                                                       \
    do {                                                                                          \
        R = sipr_message_lenient(R, m, (flag), (code), i, len);                                   \
        if (R.stop != 0)                                                                          \
            return R;                                                                             \
    } while (0)

/* The end of a header line: its value, without trailing blanks, into the
 * header table. A capacity error names the header line that did not fit
 * (R.stop = 1). */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires \valid(m) && \separated(buf + (0 .. len - 1), m) && LIMITS_OK(m);
    requires R.vmark <= len && R.vend <= len && R.kind < SIPR_H__COUNT;
    assigns m->headers[0 .. SIPR_MAX_HEADERS - 1], m->n_headers,
            m->first[0 .. SIPR_H__COUNT - 1], m->last[0 .. SIPR_H__COUNT - 1];
    ensures \result.mark == R.mark && \result.vmark == R.vmark && \result.vend == R.vend;
    ensures \result.kind == R.kind && \result.lenient_off == R.lenient_off;
*/
static SIPR_ACT_INLINE sipr_message_regs sipr_message_commit(sipr_message_regs R, const char *buf,
                                                             size_t len, sipr_msg *m)
{
    const sipr_span value = (R.vmark <= R.vend) ? SPAN_AT(R.vmark, R.vend) : SPAN_AT(R.vmark, R.vmark);
    const sipr_status st = sipr_header_push(m, R.name, sipr_trim_right(buf, len, value), R.kind);
    R.stop = 0;
    if (st != SIPR_OK) {
        if (R.err == SIPR_OK) {
            R.err = st;
            R.err_off = R.name.off;
        }
        STOP();
    }
    return R;
}

#define COMMIT()                                                                                  \
    do {                                                                                          \
        R = sipr_message_commit(R, buf, len, m);                                                  \
        if (R.stop != 0)                                                                          \
            return R;                                                                             \
    } while (0)

%%{
  machine sipr_message;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action mk       { R.mark = i; }
  action method   { R.method = SPAN_AT(R.mark, i); }
  action ruri     { R.ruri = SPAN_AT(R.mark, i); }
  action version  { R.version = SPAN_AT(R.mark, i); }
  action status   { R.status_text = SPAN_AT(R.mark, i); }
  action st_digit { if (c >= '0' && c <= '9' && R.status < 1000u) R.status = R.status * 10u + (uint32_t)(c - '0'); }
  action rmk      { R.mark = i + 1; }
  action reason   { R.reason = SPAN_AT(R.mark, i); }
  action request  { R.type = SIPR_MSG_REQUEST; }
  action response { R.type = SIPR_MSG_RESPONSE; }
  action name     { R.name = SPAN_AT(R.mark, i); }
  action vmk      { R.vmark = i + 1; }
  action vend     { R.vend = i; }
  # commit runs on the first byte of the next line, before that byte's own
  # actions; an LF there is a bare-LF empty line, which is checked first so
  # that, when SIPR_LENIENT_BARE_LF is off, the line is not committed (the
  # strict grammar fails on that byte and does not commit it either)
  action commit {
    if (fc == '\n')
      LENIENT(SIPR_LENIENT_BARE_LF, SIPR_E_LINE_END);
    COMMIT();
  }
  action done     { fbreak; }

  action k_via    { R.kind = SIPR_H_VIA; }
  action k_from   { R.kind = SIPR_H_FROM; }
  action k_to     { R.kind = SIPR_H_TO; }
  action k_callid { R.kind = SIPR_H_CALL_ID; }
  action k_cseq   { R.kind = SIPR_H_CSEQ; }
  action k_maxfwd { R.kind = SIPR_H_MAX_FORWARDS; }
  action k_clen   { R.kind = SIPR_H_CONTENT_LENGTH; }
  action k_contact { R.kind = SIPR_H_CONTACT; }
  action k_ctype  { R.kind = SIPR_H_CONTENT_TYPE; }
  action k_accept { R.kind = SIPR_H_ACCEPT; }
  action k_require { R.kind = SIPR_H_REQUIRE; }
  action k_preq   { R.kind = SIPR_H_PROXY_REQUIRE; }
  action k_supp   { R.kind = SIPR_H_SUPPORTED; }
  action k_unsupp { R.kind = SIPR_H_UNSUPPORTED; }
  action k_allow  { R.kind = SIPR_H_ALLOW; }
  action k_cenc   { R.kind = SIPR_H_CONTENT_ENCODING; }
  action k_aevents { R.kind = SIPR_H_ALLOW_EVENTS; }
  action k_date   { R.kind = SIPR_H_DATE; }
  action k_expires { R.kind = SIPR_H_EXPIRES; }
  action k_minexp { R.kind = SIPR_H_MIN_EXPIRES; }
  action k_route  { R.kind = SIPR_H_ROUTE; }
  action k_rroute { R.kind = SIPR_H_RECORD_ROUTE; }
  action k_path   { R.kind = SIPR_H_PATH; }
  action k_sroute { R.kind = SIPR_H_SERVICE_ROUTE; }
  action k_pai    { R.kind = SIPR_H_P_ASSERTED_IDENTITY; }
  action k_ppi    { R.kind = SIPR_H_P_PREFERRED_IDENTITY; }
  action k_replyto { R.kind = SIPR_H_REPLY_TO; }
  action k_referto { R.kind = SIPR_H_REFER_TO; }
  action k_refby  { R.kind = SIPR_H_REFERRED_BY; }
  action k_alert  { R.kind = SIPR_H_ALERT_INFO; }
  action k_cinfo  { R.kind = SIPR_H_CALL_INFO; }
  action k_einfo  { R.kind = SIPR_H_ERROR_INFO; }
  action k_aenc   { R.kind = SIPR_H_ACCEPT_ENCODING; }
  action k_alang  { R.kind = SIPR_H_ACCEPT_LANGUAGE; }
  action k_clang  { R.kind = SIPR_H_CONTENT_LANGUAGE; }
  action k_cdisp  { R.kind = SIPR_H_CONTENT_DISPOSITION; }
  action k_prio   { R.kind = SIPR_H_PRIORITY; }
  action k_event  { R.kind = SIPR_H_EVENT; }
  action k_substate { R.kind = SIPR_H_SUBSCRIPTION_STATE; }
  action k_reason { R.kind = SIPR_H_REASON; }
  action k_sexp   { R.kind = SIPR_H_SESSION_EXPIRES; }
  action k_minse  { R.kind = SIPR_H_MIN_SE; }
  action k_mimever { R.kind = SIPR_H_MIME_VERSION; }
  action k_rseq   { R.kind = SIPR_H_RSEQ; }
  action k_inreply { R.kind = SIPR_H_IN_REPLY_TO; }
  action k_privacy { R.kind = SIPR_H_PRIVACY; }
  action k_subject { R.kind = SIPR_H_SUBJECT; }
  action k_org    { R.kind = SIPR_H_ORGANIZATION; }
  action k_retry  { R.kind = SIPR_H_RETRY_AFTER; }
  action k_rack   { R.kind = SIPR_H_RACK; }
  action k_tstamp { R.kind = SIPR_H_TIMESTAMP; }
  action k_warning { R.kind = SIPR_H_WARNING; }
  action k_server { R.kind = SIPR_H_SERVER; }
  action k_ua     { R.kind = SIPR_H_USER_AGENT; }
  action k_wwwauth { R.kind = SIPR_H_WWW_AUTHENTICATE; }
  action k_pauthn { R.kind = SIPR_H_PROXY_AUTHENTICATE; }
  action k_authz  { R.kind = SIPR_H_AUTHORIZATION; }
  action k_pauthz { R.kind = SIPR_H_PROXY_AUTHORIZATION; }
  action k_ainfo  { R.kind = SIPR_H_AUTHENTICATION_INFO; }
  action k_other  { R.kind = SIPR_H_OTHER; }

  action e_start  { ERR(SIPR_E_START_LINE); }
  action e_version { ERR(SIPR_E_VERSION); }
  action e_status { ERR(SIPR_E_STATUS_CODE); }
  action e_name   { ERR(SIPR_E_HEADER_NAME); }
  action e_value  { ERR(SIPR_E_HEADER_VALUE); }
  # a CR without LF is the cause whatever rule it sits in, so it overrides
  action e_lf     { R.err = SIPR_E_LINE_END; R.err_off = (uint32_t)i; }

  # Leniencies (siprove.h, SIPR_LENIENT_*). Each action sits on the first
  # byte of a path the strict grammar does not have, and names the error the
  # strict grammar reports at that byte (tests/test_lenient.c checks both).
  action l_lf     { LENIENT(SIPR_LENIENT_BARE_LF, SIPR_E_LINE_END); }
  action l_sp     { LENIENT(SIPR_LENIENT_START_LINE_SPACES, SIPR_E_START_LINE); }
  action l_sp_code { LENIENT(SIPR_LENIENT_START_LINE_SPACES, SIPR_E_STATUS_CODE); }
  action l_sp_end { LENIENT(SIPR_LENIENT_START_LINE_SPACES, SIPR_E_VERSION); }
  action l_fold   { LENIENT(SIPR_LENIENT_WS_BEFORE_COLON, SIPR_E_HEADER_NAME); }
  # the input ends right after a header line: when allowed, that line is
  # committed and the header section ends at len (empty body); when not,
  # nothing happens and the end of input is a truncation, as in the strict
  # grammar. Ragel runs this state's end-of-input error action (e_name: the
  # next header name is missing) before it, hence the reset.
  action l_eoh {
    if ((m->limits.lenient & SIPR_LENIENT_NO_FINAL_CRLF) != 0u) {
      R.err = SIPR_OK;
      R.err_off = 0;
      COMMIT();
      LENIENT(SIPR_LENIENT_NO_FINAL_CRLF, SIPR_E_TRUNCATED);
      R.eoh = 1;
    }
  }

  # a CR must be followed by LF
  CRLF_S      = "\r" ( "\n" >!e_lf );
  # the end of a line; a lone LF only with SIPR_LENIENT_BARE_LF (a folded
  # value still needs CRLF: the value scanners know only CRLF folds)
  EOL         = CRLF_S | "\n" @l_lf;

  Method      = token;
  # a bad byte inside the version text (not at its start, which is also a Method's)
  SIP_Version = ( "SIP"i "/" digit+ "." digit+ ) <!e_version;
  # the Request-URI extent; its syntax is checked by the URI scanner
  Request_URI = ( 0x21..0x7e )+;
  # more than one SP between the parts, and blanks before the line end, only
  # with SIPR_LENIENT_START_LINE_SPACES
  Request_Line = ( Method >mk %method SP ( SP @l_sp )* Request_URI >mk %ruri SP ( SP @l_sp )*
                   SIP_Version >mk %version ( WSP @l_sp_end )* EOL ) %request;

  Status_Code = ( digit $st_digit ){3} $!e_status;
  Reason_Phrase = ( reserved | unreserved | escaped | UTF8_NONASCII | UTF8_CONT | SP | HTAB )*;
  # (the Reason-Phrase may already hold SP and HTAB, at its start and end too)
  Status_Line = ( SIP_Version >mk %version SP ( SP @l_sp_code )* Status_Code >mk %status SP @rmk
                  Reason_Phrase %reason EOL ) %response;

  Start_Line  = ( Request_Line | Status_Line ) $!e_start;

  # header names, long and compact forms, case-insensitive (RFC 3261 §7.3.3)
  n_via       = "Via"i | "v"i;
  n_from      = "From"i | "f"i;
  n_to        = "To"i | "t"i;
  n_callid    = "Call-ID"i | "i"i;
  n_cseq      = "CSeq"i;
  n_maxfwd    = "Max-Forwards"i;
  n_clen      = "Content-Length"i | "l"i;
  n_contact   = "Contact"i | "m"i;
  n_ctype     = "Content-Type"i | "c"i;
  n_accept    = "Accept"i;
  n_require   = "Require"i;
  n_preq      = "Proxy-Require"i;
  n_supp      = "Supported"i | "k"i;
  n_unsupp    = "Unsupported"i;
  n_allow     = "Allow"i;
  n_cenc      = "Content-Encoding"i | "e"i;
  n_aevents   = "Allow-Events"i | "u"i;
  n_date      = "Date"i;
  n_expires   = "Expires"i;
  n_minexp    = "Min-Expires"i;
  n_route     = "Route"i;
  n_rroute    = "Record-Route"i;
  n_path      = "Path"i;
  n_sroute    = "Service-Route"i;
  n_pai       = "P-Asserted-Identity"i;
  n_ppi       = "P-Preferred-Identity"i;
  n_replyto   = "Reply-To"i;
  n_referto   = "Refer-To"i | "r"i;
  n_refby     = "Referred-By"i | "b"i;
  n_alert     = "Alert-Info"i;
  n_cinfo     = "Call-Info"i;
  n_einfo     = "Error-Info"i;
  n_aenc      = "Accept-Encoding"i;
  n_alang     = "Accept-Language"i;
  n_clang     = "Content-Language"i;
  n_cdisp     = "Content-Disposition"i;
  n_prio      = "Priority"i;
  n_event     = "Event"i | "o"i;
  n_substate  = "Subscription-State"i;
  n_reason    = "Reason"i;
  n_sexp      = "Session-Expires"i | "x"i;
  n_minse     = "Min-SE"i;
  n_mimever   = "MIME-Version"i;
  n_rseq      = "RSeq"i;
  n_inreply   = "In-Reply-To"i;
  n_privacy   = "Privacy"i;
  n_subject   = "Subject"i | "s"i;
  n_org       = "Organization"i;
  n_retry     = "Retry-After"i;
  n_rack      = "RAck"i;
  n_tstamp    = "Timestamp"i;
  n_warning   = "Warning"i;
  n_server    = "Server"i;
  n_ua        = "User-Agent"i;
  n_wwwauth   = "WWW-Authenticate"i;
  n_pauthn    = "Proxy-Authenticate"i;
  n_authz     = "Authorization"i;
  n_pauthz    = "Proxy-Authorization"i;
  n_ainfo     = "Authentication-Info"i;
  n_known     = n_via | n_from | n_to | n_callid | n_cseq | n_maxfwd | n_clen | n_contact
              | n_ctype | n_accept | n_require | n_preq | n_supp | n_unsupp | n_allow
              | n_cenc | n_aevents | n_date | n_expires | n_minexp | n_route | n_rroute
              | n_path | n_sroute | n_pai | n_ppi | n_replyto | n_referto | n_refby
              | n_alert | n_cinfo | n_einfo | n_aenc | n_alang | n_clang | n_cdisp
              | n_prio | n_event | n_substate | n_reason | n_sexp | n_minse | n_mimever
              | n_rseq | n_inreply | n_privacy | n_subject | n_org
              | n_retry | n_rack | n_tstamp | n_warning | n_server | n_ua | n_wwwauth
              | n_pauthn | n_authz | n_pauthz | n_ainfo;

  header_name = ( n_via %k_via | n_from %k_from | n_to %k_to | n_callid %k_callid
                | n_cseq %k_cseq | n_maxfwd %k_maxfwd | n_clen %k_clen
                | n_contact %k_contact | n_ctype %k_ctype | n_accept %k_accept
                | n_require %k_require | n_preq %k_preq | n_supp %k_supp
                | n_unsupp %k_unsupp | n_allow %k_allow | n_cenc %k_cenc
                | n_aevents %k_aevents | n_date %k_date | n_expires %k_expires
                | n_minexp %k_minexp | n_route %k_route | n_rroute %k_rroute
                | n_path %k_path | n_sroute %k_sroute | n_pai %k_pai | n_ppi %k_ppi
                | n_replyto %k_replyto | n_referto %k_referto | n_refby %k_refby
                | n_alert %k_alert | n_cinfo %k_cinfo | n_einfo %k_einfo
                | n_aenc %k_aenc | n_alang %k_alang | n_clang %k_clang
                | n_cdisp %k_cdisp | n_prio %k_prio | n_event %k_event
                | n_substate %k_substate | n_reason %k_reason | n_sexp %k_sexp
                | n_minse %k_minse | n_mimever %k_mimever | n_rseq %k_rseq
                | n_inreply %k_inreply | n_privacy %k_privacy
                | n_subject %k_subject | n_org %k_org | n_retry %k_retry
                | n_rack %k_rack | n_tstamp %k_tstamp | n_warning %k_warning
                | n_server %k_server | n_ua %k_ua | n_wwwauth %k_wwwauth
                | n_pauthn %k_pauthn | n_authz %k_authz | n_pauthz %k_pauthz
                | n_ainfo %k_ainfo
                | ( token - n_known ) %k_other ) >mk %name;

  # a header value: TEXT-UTF8char, UTF8-CONT and LWS (§25.1 extension-header),
  # starting with a non-blank byte; trailing blanks are trimmed afterwards.
  # A backslash may also escape a control byte other than CR and LF: a
  # quoted-pair, which known headers allow inside quoted strings (RFC 4475
  # §3.1.1.3, intmeth); their own scanners check where it stands, and the
  # value of an unknown header is checked for control bytes (parse.c).
  value_char  = 0x21..0x7e | 0x80..0xff;
  value_unit  = value_char | "\\" ( 0x00..0x09 | 0x0b..0x0c | 0x0e..0x7f );
  header_value = ( value_unit ( value_unit | WSP | CRLF_S WSP )* )?;

  # a fold (CRLF WSP) between the name and the colon, which HCOLON does not
  # allow, only with SIPR_LENIENT_WS_BEFORE_COLON
  name_fold   = ( "\r" @l_fold ( "\n" >!e_lf ) WSP ) $!e_name;

  # up to the colon a bad byte is a header-name error; after it, a value error
  message_header = ( header_name $!e_name ( ( WSP | name_fold )* ":" @vmk ) @!e_name
                     ( ( LWS @vmk )? header_value %vend ) $!e_value EOL ) %commit %/l_eoh;

  main := Start_Line message_header* EOL @done;
}%%

%% write data;

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires 0 < len <= SIPR_MAX_MSG_LEN && v.off == 0 && v.len == len;
    requires \valid(m) && \separated(buf + (0 .. len - 1), m) && LIMITS_OK(m);
    requires i <= len;
    requires R.mark <= i && R.vmark <= i && R.vend <= i && R.kind < SIPR_H__COUNT;
    requires R.lenient_off <= len;
    assigns m->headers[0 .. SIPR_MAX_HEADERS - 1], m->n_headers,
            m->first[0 .. SIPR_H__COUNT - 1], m->last[0 .. SIPR_H__COUNT - 1];
    ensures \result.mark <= i + 1 && \result.vmark <= i + 1 && \result.vend <= i && \result.kind < SIPR_H__COUNT;
    ensures \result.lenient_off <= len;
*/
/* rlgen: actions */

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires 0 < len <= SIPR_MAX_MSG_LEN;
    requires \valid(m);
    requires \separated(buf + (0 .. len - 1), m);
    requires LIMITS_OK(m);
    assigns m->method, m->request_uri, m->version, m->status_text, m->status_code, m->reason,
            m->type, m->headers[0 .. SIPR_MAX_HEADERS - 1], m->n_headers, m->first[0 .. SIPR_H__COUNT - 1],
            m->last[0 .. SIPR_H__COUNT - 1], m->body, m->err_off, m->lenient_used, m->lenient_off;
    ensures m->lenient_off <= len;
*/
sipr_status sipr_scan_message(const char *buf, size_t len, sipr_msg *m)
{
    size_t i = 0, end = len;
    uint32_t cs;
    const sipr_span v = SPAN_AT(0, len);
    sipr_message_regs R = {0, 0, 0, 0, SIPR_H_OTHER, SIPR_MSG_NONE, SPAN_NONE, SPAN_NONE,
                           SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE, SIPR_OK, 0, 0, 0, 0, 0};

    %% write init;
    /*@ loop invariant 0 <= i <= end && end == len;
        loop invariant R.mark <= i && R.vmark <= i && R.vend <= i;
        loop invariant R.kind < SIPR_H__COUNT;
        loop invariant R.lenient_off <= len;
        loop assigns i, cs, R, m->headers[0 .. SIPR_MAX_HEADERS - 1], m->n_headers,
                     m->first[0 .. SIPR_H__COUNT - 1], m->last[0 .. SIPR_H__COUNT - 1];
        loop variant end - i; */
    %% write exec;

    if (R.err != SIPR_OK && R.err != SIPR_E_TOO_MANY_HEADERS) {
        if (R.err_off >= len)
            R.err = SIPR_E_TRUNCATED; /* the input ended inside a rule */
        else if (buf[R.err_off] == '\n')
            R.err = SIPR_E_LINE_END; /* a bare LF where a rule wanted something else */
    }
    /* what was recorded is kept even on error: the caller checks the values
       of the lines before the error, so that the earliest error is reported */
    m->type = R.type;
    m->method = R.method;
    m->request_uri = R.ruri;
    m->version = R.version;
    m->status_text = R.status_text;
    m->status_code = (uint16_t)R.status;
    m->reason = R.reason;
    m->err_off = R.err_off;
    m->lenient_used = R.lenient_used;
    m->lenient_off = R.lenient_off;
    if (R.err != SIPR_OK)
        return R.err;
    if (cs < sipr_message_first_final && R.eoh == 0u) {
        /* ran out of input, or failed where no rule names the error */
        m->err_off = (uint32_t)i;
        return (i >= end) ? SIPR_E_TRUNCATED : SIPR_E_START_LINE;
    }
    m->body = SPAN_AT(i, len);
    return SIPR_OK;
}
