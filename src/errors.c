/* Human reasons for status and verdict codes, and header names. */
#include "sipr_internal.h"

/*@ assigns \nothing;
    ensures \valid_read(\result);
*/
const char *sipr_strerror(sipr_status code)
{
    switch (code) {
    case SIPR_OK: return "no error";
    case SIPR_E_ARG: return "bad argument (limits above the compiled maxima)";
    case SIPR_E_TOO_LONG: return "message longer than the configured maximum";
    case SIPR_E_EMPTY: return "empty input";
    case SIPR_E_START_LINE: return "malformed start line";
    case SIPR_E_VERSION: return "malformed SIP-Version";
    case SIPR_E_STATUS_CODE: return "malformed Status-Code";
    case SIPR_E_REQUEST_URI: return "malformed Request-URI";
    case SIPR_E_HEADER_NAME: return "malformed header name or missing colon";
    case SIPR_E_HEADER_VALUE: return "invalid character in header value";
    case SIPR_E_LINE_END: return "line not ended by CRLF";
    case SIPR_E_TRUNCATED: return "message ends before the end of the headers";
    case SIPR_E_VIA: return "malformed Via header";
    case SIPR_E_FROM: return "malformed From header";
    case SIPR_E_TO: return "malformed To header";
    case SIPR_E_CALL_ID: return "malformed Call-ID header";
    case SIPR_E_CSEQ: return "malformed CSeq header";
    case SIPR_E_MAX_FORWARDS: return "malformed Max-Forwards header";
    case SIPR_E_CONTENT_LENGTH: return "malformed Content-Length header";
    case SIPR_E_CONTACT: return "malformed Contact header";
    case SIPR_E_URI: return "malformed URI";
    case SIPR_E_NUMBER_RANGE: return "number out of range";
    case SIPR_E_TOO_MANY_HEADERS: return "too many header lines";
    case SIPR_E_TOO_MANY_VIAS: return "too many Via entries";
    case SIPR_E_TOO_MANY_CONTACTS: return "too many Contact entries";
    case SIPR_E_TOO_MANY_PARAMS: return "too many parameters";
    case SIPR_E_INTERNAL: return "internal error: a parse result failed its final check";
    case SIPR_E_TOKEN_LIST: return "malformed token list (Require, Supported, Allow, ...)";
    case SIPR_E_MEDIA_TYPE: return "malformed media type (Content-Type, Accept)";
    case SIPR_E_DATE: return "malformed Date header (RFC 1123 date in GMT expected)";
    case SIPR_E_EXPIRES: return "malformed Expires or Min-Expires header";
    case SIPR_E_TOO_MANY_ITEMS: return "too many list entries";
    case SIPR_E_NO_CONTENT_LENGTH: return "no Content-Length on a stream transport (RFC 3261 18.3)";
    case SIPR_E_CONTENT_LENGTH_CONFLICT: return "Content-Length values that differ";
    case SIPR_E_NO_SPACE: return "output buffer too small (the length needed is reported)";
    case SIPR_E_EDIT: return "bad writer call (a message that did not parse, no such header line, a line edited twice, a call out of order)";
    case SIPR_E_TOO_MANY_HOPS: return "not forwarded: Max-Forwards is 0 (483 Too Many Hops, RFC 3261 16.3)";
    case SIPR_E_NOT_THIS_PROXY: return "the top Via is not this proxy's (RFC 3261 16.7, 18.1.2)";
    case SIPR_E_NO_VIA_LEFT: return "not forwarded: no Via left after this proxy's (RFC 3261 16.7)";
    case SIPR_E_ROUTE: return "malformed Route header (a list of <URI> name-addrs expected)";
    case SIPR_E_DIGEST: return "malformed Digest challenge or credentials";
    case SIPR_E_DIGEST_SCHEME: return "authentication scheme other than Digest";
    case SIPR_E_DIGEST_MISSING: return "a Digest parameter is missing";
    case SIPR_E_DIGEST_ALGORITHM: return "Digest algorithm not supported";
    case SIPR_E_DIGEST_QOP: return "Digest qop not supported (auth, auth-int)";
    case SIPR_E_DIGEST_MISMATCH: return "Digest response does not match";
    case SIPR_E_TXN_KEY: return "no transaction key (no top Via, method or branch, or too long)";
    case SIPR_E_TABLE_FULL: return "the transaction table is full";
    case SIPR_E_TXN_EXISTS: return "the transaction is in the table already";
    case SIPR_E_DIALOG: return "no dialog can be made (To tag, Contact, status) or its state does not fit";
    case SIPR_E_NO_DIALOG: return "the request does not belong to the dialog";
    case SIPR_E_CSEQ_ORDER: return "CSeq lower than the last one in the dialog";
    case SIPR_E_MULTIPART: return "malformed multipart body (RFC 2046 §5.1)";
    case SIPR_E_TOO_MANY_PARTS: return "more body parts than the caller's array holds";
    case SIPR_E_MULTIPART_DEPTH: return "multipart body nested deeper than the caller's limit";
    case SIPR_E_ADDR: return "malformed address header (Route, Record-Route, Path, Refer-To, Alert-Info, ...)";
    case SIPR_E_TOO_MANY_ADDRS: return "more Route, Record-Route, ... entries than the configured maximum";
    case SIPR_E_ITEM: return "malformed Accept-Encoding, Accept-Language, Event, Reason, Session-Expires, RSeq, Privacy, Subject, Retry-After, Warning, User-Agent, Authorization, ... value";
    case SIPR_E_COMMENT_DEPTH: return "comment nested more than 4 deep (siprove's bound; Retry-After, Server, User-Agent)";
    default: return "unknown error";
    }
}

/*@ requires len == 0 || \valid_read(name + (0 .. len - 1));
    assigns \nothing;
    ensures 0 <= \result < SIPR_H__COUNT;
*/
sipr_header_kind sipr_header_kind_of(const char *name, size_t len)
{
    /* the longest known name is 20 bytes; 64 keeps the span's offsets small */
    if (name == NULL || len == 0 || len > 64u || sipr_run(name, len, 0, len, SIPR_RUN_TOKEN) != len)
        return SIPR_H_OTHER;
    return (sipr_header_kind)sipr_message_name_kind(name, len, SPAN_AT(0, len));
}

/*@ assigns \nothing;
    ensures \valid_read(\result);
*/
const char *sipr_header_name(sipr_header_kind kind)
{
    /* the header-name table of grammar/message.rl */
    return sipr_message_kind_name((uint32_t)kind, 0).s;
}

/*@ assigns \nothing;
    ensures \valid_read(\result);
*/
const char *sipr_verdict_reason(sipr_verdict_code code)
{
    switch (code) {
    case SIPR_V_OK: return "ok";
    case SIPR_V_MISSING_VIA: return "missing Via header";
    case SIPR_V_MISSING_TO: return "missing To header";
    case SIPR_V_MISSING_FROM: return "missing From header";
    case SIPR_V_MISSING_CALL_ID: return "missing Call-ID header";
    case SIPR_V_MISSING_CSEQ: return "missing CSeq header";
    case SIPR_V_MISSING_MAX_FORWARDS: return "missing Max-Forwards header";
    case SIPR_V_CSEQ_METHOD_MISMATCH: return "CSeq method does not match the request method";
    case SIPR_V_CONTENT_LENGTH_MISMATCH: return "Content-Length is larger than the body";
    case SIPR_V_NOT_PARSED: return "message was not parsed successfully";
    case SIPR_V_BAD_VERSION: return "SIP version not supported (only SIP/2.0)";
    case SIPR_V_DUPLICATE_HEADER: return "single-valued header appears more than once";
    case SIPR_V_UNSUPPORTED_SCHEME: return "URI scheme not supported";
    case SIPR_V_BAD_EXTENSION: return "required extension not supported";
    case SIPR_V_UNSUPPORTED_MEDIA: return "body type not supported";
    case SIPR_V_NOT_ACCEPTABLE: return "no acceptable body type can be produced (Accept)";
    case SIPR_V_BARE_BRANCH_COOKIE: return "Via branch is only the magic cookie z9hG4bK";
    case SIPR_V_TOO_MANY_HOPS: return "Max-Forwards is 0 (too many hops)";
    case SIPR_V_MISSING_CONTENT_TYPE: return "body present without Content-Type";
    case SIPR_V_BAD_ADDRESS_OF_RECORD: return "REGISTER To is not a SIP or SIPS URI";
    default: return "unknown verdict";
    }
}
