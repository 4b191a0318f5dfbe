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
    case SIPR_E_NO_CONTENT_LENGTH: return "no Content-Length on a stream transport (RFC 3261 18.3)";
    case SIPR_E_CONTENT_LENGTH_CONFLICT: return "Content-Length values that differ";
    default: return "unknown error";
    }
}

/*@ assigns \nothing;
    ensures \valid_read(\result);
*/
const char *sipr_header_name(sipr_header_kind kind)
{
    switch (kind) {
    case SIPR_H_VIA: return "Via";
    case SIPR_H_FROM: return "From";
    case SIPR_H_TO: return "To";
    case SIPR_H_CALL_ID: return "Call-ID";
    case SIPR_H_CSEQ: return "CSeq";
    case SIPR_H_MAX_FORWARDS: return "Max-Forwards";
    case SIPR_H_CONTENT_LENGTH: return "Content-Length";
    case SIPR_H_CONTACT: return "Contact";
    default: return "";
    }
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
    case SIPR_V_CONTENT_LENGTH_MISMATCH: return "Content-Length does not match the body length";
    case SIPR_V_NOT_PARSED: return "message was not parsed successfully";
    default: return "unknown verdict";
    }
}
