/* The final check of sipr_parse. The scanners prove memory safety from local
 * facts (every span they hand on is checked where it is used); this function
 * then establishes the post-condition of sipr_parse, "every recorded span lies
 * inside [0, len), every count within its limit, every index in range", by
 * reading the result once. It reads only, so its quantified loop invariants
 * never have to be carried through stores into large records, which is what
 * z3 and cvc4 fail at. It is expected never to fail: the fuzz harness aborts
 * if sipr_parse ever returns SIPR_E_INTERNAL. */
#include "sipr_internal.h"

int sipr_msg_check(const sipr_msg *m, size_t len)
{
    uint32_t k;
    const uint32_t np = m->n_params;

    if (m->len != len || !LIMITS_OK(m) || !COUNTS_OK(m) || !START_OK(m, len) || !URI_OK(m->ruri, len, np) ||
        !NA_OK(m->from, len, np) || !NA_OK(m->to, len, np) || !SPAN_IN(m->call_id, len) ||
        !SPAN_IN(m->cseq_method, len))
        return 0;
    /*@ loop invariant 0 <= k <= SIPR_H__COUNT;
        loop invariant \forall integer j; 0 <= j < k ==>
            IDX_OK(m->first[j], m->n_headers) && IDX_OK(m->last[j], m->n_headers);
        loop assigns k;
        loop variant SIPR_H__COUNT - k; */
    for (k = 0; k < SIPR_H__COUNT; k++)
        if (!IDX_OK(m->first[k], m->n_headers) || !IDX_OK(m->last[k], m->n_headers))
            return 0;
    /*@ loop invariant 0 <= k <= m->n_headers;
        loop invariant \forall integer j; 0 <= j < k ==> HDR_OK(m->headers[j], len);
        loop invariant \forall integer j; 0 <= j < k ==> IDX_OK(m->headers[j].next, m->n_headers);
        loop assigns k;
        loop variant m->n_headers - k; */
    for (k = 0; k < m->n_headers; k++)
        if (!HDR_OK(m->headers[k], len) || !IDX_OK(m->headers[k].next, m->n_headers))
            return 0;
    /*@ loop invariant 0 <= k <= m->n_params;
        loop invariant PARAMS_OK_UPTO(m, len, k);
        loop assigns k;
        loop variant m->n_params - k; */
    for (k = 0; k < m->n_params; k++)
        if (!SPAN_IN(m->params[k].name, len) || !SPAN_IN(m->params[k].value, len))
            return 0;
    /*@ loop invariant 0 <= k <= m->n_vias;
        loop invariant \forall integer j; 0 <= j < k ==> VIA_OK(m->vias[j], len, np);
        loop assigns k;
        loop variant m->n_vias - k; */
    for (k = 0; k < m->n_vias; k++)
        if (!VIA_OK(m->vias[k], len, np))
            return 0;
    /*@ loop invariant 0 <= k <= m->n_contacts;
        loop invariant \forall integer j; 0 <= j < k ==> NA_OK(m->contacts[j], len, np);
        loop assigns k;
        loop variant m->n_contacts - k; */
    for (k = 0; k < m->n_contacts; k++)
        if (!NA_OK(m->contacts[k], len, np))
            return 0;
    return 1;
}
