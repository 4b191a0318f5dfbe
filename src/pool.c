/* Slot-taking helpers. Every write into a repeated record of sipr_msg goes
 * through one of these small functions, so the quantified invariants ("every
 * recorded span is inside the buffer") are proven here once, in a small
 * context, and the scanners only use the contracts. Each checks its capacity
 * before it takes a slot. */
#include "sipr_internal.h"

sipr_status sipr_param_push(sipr_msg *m, size_t len, sipr_span name, sipr_span value)
{
    (void)len; /* used by the contract */
    uint16_t k = m->n_params;
    if (k >= m->limits.max_params)
        return SIPR_E_TOO_MANY_PARAMS;
    m->params[k].name = name;
    m->params[k].value = value;
    m->n_params = (uint16_t)(k + 1u);
    return SIPR_OK;
}

sipr_status sipr_header_push(sipr_msg *m, size_t len, sipr_span name, sipr_span value, uint16_t kind)
{
    (void)len; /* used by the contract */
    uint16_t k = m->n_headers;
    if (k >= m->limits.max_headers)
        return SIPR_E_TOO_MANY_HEADERS;
    m->headers[k].name = name;
    m->headers[k].value = value;
    m->headers[k].kind = kind;
    m->headers[k].next = SIPR_NONE;
    if (m->last[kind] == SIPR_NONE)
        m->first[kind] = k;
    else
        m->headers[m->last[kind]].next = k;
    m->last[kind] = k;
    m->n_headers = (uint16_t)(k + 1u);
    return SIPR_OK;
}

sipr_status sipr_via_push(sipr_msg *m, size_t len, sipr_via v)
{
    (void)len; /* used by the contract */
    uint16_t k = m->n_vias;
    if (k >= m->limits.max_vias)
        return SIPR_E_TOO_MANY_VIAS;
    m->vias[k] = v;
    m->n_vias = (uint16_t)(k + 1u);
    return SIPR_OK;
}

sipr_status sipr_contact_push(sipr_msg *m, size_t len, sipr_name_addr c)
{
    (void)len; /* used by the contract */
    uint16_t k = m->n_contacts;
    if (k >= m->limits.max_contacts)
        return SIPR_E_TOO_MANY_CONTACTS;
    m->contacts[k] = c;
    m->n_contacts = (uint16_t)(k + 1u);
    return SIPR_OK;
}
