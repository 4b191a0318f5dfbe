/* Slot-taking helpers: every write into a repeated record of sipr_msg goes
 * through one of these, and each checks its capacity before it takes a slot.
 * That the recorded spans lie inside the buffer is checked once, at the end
 * of sipr_parse (sipr_msg_check). */
#include "sipr_internal.h"

sipr_status sipr_param_push(sipr_msg *m, sipr_span name, sipr_span value)
{
    const uint16_t k = m->n_params;
    if (k >= m->limits.max_params)
        return SIPR_E_TOO_MANY_PARAMS;
    m->params[k].name = name;
    m->params[k].value = value;
    m->n_params = (uint16_t)(k + 1u);
    return SIPR_OK;
}

sipr_status sipr_header_push(sipr_msg *m, sipr_span name, sipr_span value, uint16_t kind)
{
    const uint16_t k = m->n_headers;
    const uint16_t prev = m->last[kind];
    if (k >= m->limits.max_headers)
        return SIPR_E_TOO_MANY_HEADERS;
    m->headers[k].name = name;
    m->headers[k].value = value;
    m->headers[k].kind = kind;
    m->headers[k].next = SIPR_NONE;
    /* link from the previous line of this kind; the first of its kind has none */
    if (prev < k)
        m->headers[prev].next = k;
    else
        m->first[kind] = k;
    m->last[kind] = k;
    m->n_headers = (uint16_t)(k + 1u);
    return SIPR_OK;
}

sipr_status sipr_via_push(sipr_msg *m, sipr_via v)
{
    const uint16_t k = m->n_vias;
    if (k >= m->limits.max_vias)
        return SIPR_E_TOO_MANY_VIAS;
    m->vias[k] = v;
    m->n_vias = (uint16_t)(k + 1u);
    return SIPR_OK;
}

sipr_status sipr_contact_push(sipr_msg *m, sipr_name_addr c)
{
    const uint16_t k = m->n_contacts;
    if (k >= m->limits.max_contacts)
        return SIPR_E_TOO_MANY_CONTACTS;
    m->contacts[k] = c;
    m->n_contacts = (uint16_t)(k + 1u);
    return SIPR_OK;
}

sipr_status sipr_item_push(sipr_msg *m, sipr_span value, sipr_span sub, sipr_span extra,
                           sipr_plist params, uint16_t hdr)
{
    const uint16_t k = m->n_items;
    if (k >= m->limits.max_items)
        return SIPR_E_TOO_MANY_ITEMS;
    m->items[k].value = value;
    m->items[k].sub = sub;
    m->items[k].extra = extra;
    m->items[k].params = params;
    m->items[k].header = hdr;
    m->n_items = (uint16_t)(k + 1u);
    return SIPR_OK;
}

sipr_status sipr_addr_push(sipr_msg *m, sipr_name_addr a)
{
    const uint16_t k = m->n_addrs;
    if (k >= m->limits.max_addrs)
        return SIPR_E_TOO_MANY_ADDRS;
    m->addrs[k] = a;
    m->n_addrs = (uint16_t)(k + 1u);
    return SIPR_OK;
}
