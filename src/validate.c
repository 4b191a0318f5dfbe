/* Semantic checks, separate from syntax (RFC 3261 §8.1.1, §8.2, §18.3). */
#include "sipr_internal.h"

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m);
    requires len <= SIPR_MAX_MSG_LEN;
    assigns \nothing;
    ensures \result.code == SIPR_V_OK <==> \result.response == 0;
*/
sipr_verdict sipr_validate(const char *buf, size_t len, const sipr_msg *m)
{
    sipr_verdict v = {SIPR_V_OK, 0};
    const int request = (m->type == SIPR_MSG_REQUEST);

    if (m->err != SIPR_OK || m->len != len || m->type == SIPR_MSG_NONE ||
        !SPAN_IN(m->method, len) || !SPAN_IN(m->cseq_method, len) || !SPAN_IN(m->body, len)) {
        v.code = SIPR_V_NOT_PARSED;
        v.response = 400;
        return v;
    }
    /* §8.1.1: the mandatory header fields */
    if (m->first[SIPR_H_VIA] == SIPR_NONE)
        v.code = SIPR_V_MISSING_VIA;
    else if (m->first[SIPR_H_TO] == SIPR_NONE)
        v.code = SIPR_V_MISSING_TO;
    else if (m->first[SIPR_H_FROM] == SIPR_NONE)
        v.code = SIPR_V_MISSING_FROM;
    else if (m->first[SIPR_H_CALL_ID] == SIPR_NONE)
        v.code = SIPR_V_MISSING_CALL_ID;
    else if (m->first[SIPR_H_CSEQ] == SIPR_NONE)
        v.code = SIPR_V_MISSING_CSEQ;
    else if (request && m->first[SIPR_H_MAX_FORWARDS] == SIPR_NONE)
        v.code = SIPR_V_MISSING_MAX_FORWARDS;
    /* §8.1.1.5: the CSeq method matches the request method */
    else if (request && !sipr_span_eq(buf, len, m->cseq_method, m->method))
        v.code = SIPR_V_CSEQ_METHOD_MISMATCH;
    /* §18.3, §20.14: Content-Length gives the body length */
    else if (m->has_content_length && m->content_length != m->body.len)
        v.code = SIPR_V_CONTENT_LENGTH_MISMATCH;
    if (v.code != SIPR_V_OK)
        v.response = 400;
    return v;
}
