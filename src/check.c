/* The final check of sipr_parse. The scanners prove memory safety from local
 * facts (every span they hand on is checked where it is used); this function
 * then establishes the post-condition of sipr_parse, "every recorded span lies
 * inside [0, len), every count within its limit, every index in range", by
 * reading the result once. It reads only, so its quantified loop invariants
 * never have to be carried through stores into large records, which is what
 * z3 and cvc4 fail at. It is expected never to fail: the fuzz harness aborts
 * if sipr_parse ever returns SIPR_E_INTERNAL. One small function per record
 * kind keeps each proof goal small. */
#include "sipr_internal.h"

/*@ requires \valid_read(u);
    assigns \nothing;
    ensures \result != 0 ==> URI_OK(*u, len, np);
*/
static int check_uri(const sipr_uri *u, size_t len, uint32_t np)
{
    return URI_OK(*u, len, np);
}

/*@ requires \valid_read(a);
    assigns \nothing;
    ensures \result != 0 ==> NA_OK(*a, len, np);
*/
static int check_na(const sipr_name_addr *a, size_t len, uint32_t np)
{
    return SPAN_IN(a->display, len) && SPAN_IN(a->uri_text, len) && check_uri(&a->uri, len, np) &&
           SPAN_IN(a->tag, len) && SPAN_IN(a->expires, len) && SPAN_IN(a->q, len) &&
           PLIST_IN(a->params, np);
}

/*@ requires \valid_read(v);
    assigns \nothing;
    ensures \result != 0 ==> VIA_OK(*v, len, np);
*/
static int check_via(const sipr_via *v, size_t len, uint32_t np)
{
    return VIA_OK(*v, len, np);
}

/*@ requires \valid_read(t);
    assigns \nothing;
    ensures \result != 0 ==> ITEM_OK(*t, len, np);
*/
static int check_item(const sipr_item *t, size_t len, uint32_t np)
{
    return ITEM_OK(*t, len, np);
}

/*@ requires \valid_read(h);
    assigns \nothing;
    ensures \result != 0 ==> HDR_OK(*h, len) && IDX_OK(h->next, n);
*/
static int check_header(const sipr_header *h, size_t len, uint32_t n)
{
    return HDR_OK(*h, len) && IDX_OK(h->next, n);
}

int sipr_msg_check(const sipr_msg *m, size_t len)
{
    uint32_t k;
    const uint32_t np = m->n_params;

    if (m->len != len || !LIMITS_OK(m) || !COUNTS_OK(m) || !START_OK(m, len) ||
        !check_uri(&m->ruri, len, np) || !check_na(&m->from, len, np) ||
        !check_na(&m->to, len, np) || !SPAN_IN(m->call_id, len) || !SPAN_IN(m->cseq_method, len))
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
        if (!check_header(&m->headers[k], len, m->n_headers))
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
        if (!check_via(&m->vias[k], len, np))
            return 0;
    /*@ loop invariant 0 <= k <= m->n_contacts;
        loop invariant \forall integer j; 0 <= j < k ==> NA_OK(m->contacts[j], len, np);
        loop assigns k;
        loop variant m->n_contacts - k; */
    for (k = 0; k < m->n_contacts; k++)
        if (!check_na(&m->contacts[k], len, np))
            return 0;
    /*@ loop invariant 0 <= k <= m->n_items;
        loop invariant \forall integer j; 0 <= j < k ==> ITEM_OK(m->items[j], len, np);
        loop assigns k;
        loop variant m->n_items - k; */
    for (k = 0; k < m->n_items; k++)
        if (!check_item(&m->items[k], len, np))
            return 0;
    /*@ loop invariant 0 <= k <= m->n_addrs;
        loop invariant \forall integer j; 0 <= j < k ==> NA_OK(m->addrs[j], len, np);
        loop assigns k;
        loop variant m->n_addrs - k; */
    for (k = 0; k < m->n_addrs; k++)
        if (!check_na(&m->addrs[k], len, np))
            return 0;
    return 1;
}
