/* Transaction keys and the transaction table (RFC 3261 §17.1.3, §17.2.3).
 *
 * A key is a text: a tag letter, then the fields the RFC compares, each
 * followed by a space (a field holds no space: tokens, hosts, URIs and
 * Call-IDs as the parser accepted them), so that two keys are equal exactly
 * when every field is. Text is appended only while it fits; one field that
 * does not fit makes the whole key SIPR_E_TXN_KEY.
 *
 * The table: open addressing over the caller's slots, the home slot of a key
 * its hash modulo cap, linear probing. At most max = cap - cap/4 keys are
 * held, so a probe always meets a free slot (except cap 1, max 1: every loop
 * is bounded by cap anyway). Removal shifts the entries of the probe run
 * back into the hole (an entry moves back when the hole lies on its way from
 * its home slot), so there are no tombstones and the ids of the keys stay
 * with them. */
#include "sipr_internal.h"

/* a position in the key text that is past the end: "did not fit" */
#define TK_OVER (SIPR_TXN_KEY_MAX + 1u)

/*@ predicate TK_POS(integer p) = 0 <= p <= TK_OVER; */

/* Append s[0 .. n-1] at pos (lowercased when lower), if it fits. */
/*@ requires \valid(k) && TK_POS(pos);
    requires \valid_read(s + (0 .. n - 1));
    requires \separated(s + (0 .. n - 1), k);
    assigns k->text[0 .. SIPR_TXN_KEY_MAX - 1];
    ensures TK_POS(\result);
*/
static uint32_t tk_put(sipr_txn_key *k, uint32_t pos, const char *s, uint32_t n, int lower)
{
    uint32_t i;
    if (pos > SIPR_TXN_KEY_MAX || n > SIPR_TXN_KEY_MAX - pos)
        return TK_OVER;
    /*@ loop invariant 0 <= i <= n;
        loop assigns i, k->text[pos .. pos + n - 1];
        loop variant n - i; */
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (lower && c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        k->text[pos + i] = c;
    }
    return pos + n;
}

/* Append a span of buf and a space; a span outside buf does not fit. */
/*@ requires \valid(k) && TK_POS(pos);
    requires \valid_read(buf + (0 .. len - 1));
    requires \separated(buf + (0 .. len - 1), k);
    assigns k->text[0 .. SIPR_TXN_KEY_MAX - 1];
    ensures TK_POS(\result);
*/
static uint32_t tk_field(sipr_txn_key *k, uint32_t pos, const char *buf, size_t len, sipr_span v,
                         int lower)
{
    if (!SPAN_IN(v, len))
        return TK_OVER;
    pos = tk_put(k, pos, buf + v.off, v.len, lower);
    return tk_put(k, pos, " ", 1u, 0);
}

/* Append v in decimal and a space. */
/*@ requires \valid(k) && TK_POS(pos);
    assigns k->text[0 .. SIPR_TXN_KEY_MAX - 1];
    ensures TK_POS(\result);
*/
static uint32_t tk_u32(sipr_txn_key *k, uint32_t pos, uint32_t v)
{
    char d[11];
    uint32_t n = 10u;
    uint32_t x = v;
    d[10] = ' ';
    /* the digits from the last: at least one, at most ten */
    /*@ loop invariant 0 <= n <= 10;
        loop assigns n, x, d[0 .. 9];
        loop variant n; */
    while (n > 0u) {
        n--;
        d[n] = (char)('0' + (int)(x % 10u));
        x /= 10u;
        if (x == 0u)
            break;
    }
    return tk_put(k, pos, d + n, 11u - n, 0);
}

/* FNV-1a, 32 bits, of text[0 .. len-1]. */
/*@ requires \valid_read(k) && k->len <= SIPR_TXN_KEY_MAX;
    assigns \nothing;
*/
static uint32_t tk_hash(const sipr_txn_key *k)
{
    uint32_t h = 2166136261u;
    uint32_t i;
    /*@ loop invariant 0 <= i <= k->len;
        loop assigns i, h;
        loop variant k->len - i; */
    for (i = 0; i < k->len; i++) {
        h ^= (uint8_t)k->text[i];
        h *= 16777619u;
    }
    return h;
}

/* Seal a key of pos bytes: its length and hash, or SIPR_E_TXN_KEY. */
/*@ requires \valid(k) && TK_POS(pos);
    assigns k->len, k->hash, k->server, k->rfc2543;
    ensures \result == SIPR_OK ==> k->len <= SIPR_TXN_KEY_MAX;
*/
static sipr_status tk_seal(sipr_txn_key *k, uint32_t pos, int server, int rfc2543)
{
    k->server = (uint8_t)(server != 0);
    k->rfc2543 = (uint8_t)(rfc2543 != 0);
    if (pos > SIPR_TXN_KEY_MAX) {
        k->len = 0;
        k->hash = 0;
        return SIPR_E_TXN_KEY;
    }
    k->len = (uint16_t)pos;
    k->hash = tk_hash(k);
    return SIPR_OK;
}

/*@ requires \valid(k);
    requires STR_OK(branch) && STR_OK(method);
    requires \separated(branch.s + (0 .. branch.len - 1), k);
    requires \separated(method.s + (0 .. method.len - 1), k);
    assigns *k;
    ensures \result == SIPR_OK ==> k->len <= SIPR_TXN_KEY_MAX;
*/
sipr_status sipr_txn_key_client(sipr_str branch, sipr_str method, sipr_txn_key *k)
{
    uint32_t pos;
    if (branch.len == 0 || method.len == 0)
        return tk_seal(k, TK_OVER, 0, 0);
    /* §17.1.3: the branch of the top Via, the method of the CSeq */
    pos = tk_put(k, 0, "C ", 2u, 0);
    pos = tk_put(k, pos, method.s, method.len, 0);
    pos = tk_put(k, pos, " ", 1u, 0);
    pos = tk_put(k, pos, branch.s, branch.len, 0);
    return tk_seal(k, pos, 0, 0);
}

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(msg) && \valid(k);
    requires \separated(buf + (0 .. len - 1), k) && \separated(msg, k);
    assigns *k;
    ensures \result == SIPR_OK ==> k->len <= SIPR_TXN_KEY_MAX;
*/
sipr_status sipr_txn_key_response(const char *buf, size_t len, const sipr_msg *msg,
                                  sipr_txn_key *k)
{
    uint32_t pos;
    if (!sipr_msg_writable(msg, len) || msg->type != SIPR_MSG_RESPONSE)
        return SIPR_E_EDIT;
    if (msg->n_vias == 0 || msg->vias[0].branch.len == 0 || msg->cseq_method.len == 0)
        return tk_seal(k, TK_OVER, 0, 0);
    /* the same text as sipr_txn_key_client gives for the request */
    pos = tk_put(k, 0, "C ", 2u, 0);
    pos = tk_field(k, pos, buf, len, msg->cseq_method, 0);
    if (!SPAN_IN(msg->vias[0].branch, len))
        return tk_seal(k, TK_OVER, 0, 0);
    pos = tk_put(k, pos, buf + msg->vias[0].branch.off, msg->vias[0].branch.len, 0);
    return tk_seal(k, pos, 0, 0);
}

/* Whether the span is the literal s[0 .. n-1], byte for byte. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(s + (0 .. n - 1));
    assigns \nothing;
*/
static int tk_is(const char *buf, size_t len, sipr_span v, const char *s, uint32_t n)
{
    return SPAN_IN(v, len) && sipr_span_eq_lit(buf, len, v, s, n);
}

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(msg) && \valid(k);
    requires \separated(buf + (0 .. len - 1), k) && \separated(msg, k);
    assigns *k;
    ensures \result == SIPR_OK ==> k->len <= SIPR_TXN_KEY_MAX;
*/
sipr_status sipr_txn_key_request(const char *buf, size_t len, const sipr_msg *msg,
                                 unsigned flags, sipr_txn_key *k)
{
    uint32_t pos;
    int invite;
    sipr_span branch;
    if (!sipr_msg_writable(msg, len) || msg->type != SIPR_MSG_REQUEST)
        return SIPR_E_EDIT;
    if (msg->n_vias == 0 || msg->method.len == 0)
        return tk_seal(k, TK_OVER, 1, 0);
    branch = msg->vias[0].branch;
    /* an ACK belongs to its INVITE's transaction; a CANCEL looks for it */
    invite = (flags & SIPR_TXN_KEY_INVITE) != 0u || tk_is(buf, len, msg->method, "ACK", 3u) ||
             tk_is(buf, len, msg->method, "INVITE", 6u);
    if (branch.len > 7u && SPAN_IN(branch, len) &&
        tk_is(buf, len, (sipr_span){branch.off, 7u}, "z9hG4bK", 7u)) {
        /* §17.2.3: branch, sent-by, method */
        pos = tk_put(k, 0, "S ", 2u, 0);
        if (invite)
            pos = tk_put(k, pos, "INVITE ", 7u, 0);
        else
            pos = tk_field(k, pos, buf, len, msg->method, 0);
        pos = tk_field(k, pos, buf, len, branch, 0);
        pos = tk_field(k, pos, buf, len, msg->vias[0].host, 1);
        pos = tk_u32(k, pos, msg->vias[0].port);
        return tk_seal(k, pos, 1, 0);
    }
    /* §17.2.3, RFC 2543: Request-URI, To tag (not for the INVITE), From tag,
       Call-ID, CSeq number, top Via (sent-by and branch), method */
    pos = tk_put(k, 0, "2 ", 2u, 0);
    if (invite)
        pos = tk_put(k, pos, "INVITE ", 7u, 0);
    else
        pos = tk_field(k, pos, buf, len, msg->method, 0);
    pos = tk_field(k, pos, buf, len, msg->request_uri, 0);
    if (!invite)
        pos = tk_field(k, pos, buf, len, msg->to.tag, 0);
    pos = tk_field(k, pos, buf, len, msg->from.tag, 0);
    pos = tk_field(k, pos, buf, len, msg->call_id, 0);
    pos = tk_u32(k, pos, msg->cseq_number);
    pos = tk_field(k, pos, buf, len, msg->vias[0].host, 1);
    pos = tk_u32(k, pos, msg->vias[0].port);
    pos = tk_field(k, pos, buf, len, branch, 0);
    return tk_seal(k, pos, 1, 1);
}

/*@ requires \valid_read(a) && \valid_read(b);
    assigns \nothing;
*/
int sipr_txn_key_eq(const sipr_txn_key *a, const sipr_txn_key *b)
{
    uint32_t i;
    if (a->len != b->len || a->hash != b->hash || a->len > SIPR_TXN_KEY_MAX)
        return 0;
    /*@ loop invariant 0 <= i <= a->len;
        loop assigns i;
        loop variant a->len - i; */
    for (i = 0; i < a->len; i++)
        if (a->text[i] != b->text[i])
            return 0;
    return 1;
}

/* ---- The table --------------------------------------------------------------- */

/* a table as init leaves it and add and remove keep it (TABLE_RD: to read) */
#define TABLE_RD(t)                                                                                \
    (\valid_read(t) && 1 <= (t)->cap <= SIPR_TXN_MAX_CAP && (t)->max <= (t)->cap &&               \
     (t)->n <= (t)->max && \valid_read((t)->slots + (0 .. (t)->cap - 1)))
#define TABLE_OK(t)                                                                                \
    (TABLE_RD(t) && \valid(t) && \valid((t)->slots + (0 .. (t)->cap - 1)) &&                       \
     \separated(t, (t)->slots + (0 .. (t)->cap - 1)))

/*@ requires \valid(t);
    assigns *t, slots[0 .. cap - 1];
    behavior bad:
        assumes slots == \null || cap == 0 || cap > SIPR_TXN_MAX_CAP;
        ensures \result == SIPR_E_ARG;
    behavior good:
        assumes slots != \null && 1 <= cap <= SIPR_TXN_MAX_CAP;
        requires \valid(slots + (0 .. cap - 1)) && \separated(t, slots + (0 .. cap - 1));
        ensures \result == SIPR_OK && TABLE_OK(t) && t->n == 0 && t->cap == cap;
    complete behaviors;
    disjoint behaviors;
*/
sipr_status sipr_txn_table_init(sipr_txn_table *t, sipr_txn_slot *slots, uint32_t cap)
{
    uint32_t i;
    if (slots == NULL || cap == 0 || cap > SIPR_TXN_MAX_CAP)
        return SIPR_E_ARG;
    /*@ loop invariant 0 <= i <= cap;
        loop assigns i, slots[0 .. cap - 1];
        loop variant cap - i; */
    for (i = 0; i < cap; i++) {
        slots[i].id = SIPR_TXN_NONE;
        slots[i].key.len = 0;
        slots[i].key.hash = 0;
    }
    t->slots = slots;
    t->cap = cap;
    t->max = cap - cap / 4u;
    t->n = 0;
    return SIPR_OK;
}

/* The slot holding k, or the free slot that ends its probe run, or cap when
   neither is met in cap probes. */
/*@ requires TABLE_RD(t) && \valid_read(k);
    assigns \nothing;
    ensures \result <= t->cap;
*/
static uint32_t tx_probe(const sipr_txn_table *t, const sipr_txn_key *k)
{
    uint32_t i = k->hash % t->cap;
    uint32_t step;
    /*@ loop invariant 0 <= step <= t->cap && i < t->cap;
        loop assigns step, i;
        loop variant t->cap - step; */
    for (step = 0; step < t->cap; step++) {
        const sipr_txn_slot *s = &t->slots[i];
        if (s->id == SIPR_TXN_NONE || sipr_txn_key_eq(&s->key, k))
            return i;
        i = (i + 1u == t->cap) ? 0u : i + 1u;
    }
    return t->cap;
}

/*@ requires TABLE_OK(t) && \valid_read(k);
    requires \separated(k, t) && \separated(k, t->slots + (0 .. t->cap - 1));
    assigns t->n, t->slots[0 .. t->cap - 1];
    ensures TABLE_OK(t);
*/
sipr_status sipr_txn_add(sipr_txn_table *t, const sipr_txn_key *k, uint32_t id)
{
    uint32_t i;
    if (id == SIPR_TXN_NONE || k->len > SIPR_TXN_KEY_MAX)
        return SIPR_E_ARG;
    i = tx_probe(t, k);
    if (i < t->cap && t->slots[i].id != SIPR_TXN_NONE)
        return SIPR_E_TXN_EXISTS;
    if (i >= t->cap || t->n >= t->max)
        return SIPR_E_TABLE_FULL;
    t->slots[i].key = *k;
    t->slots[i].id = id;
    t->n++;
    return SIPR_OK;
}

/*@ requires TABLE_RD(t) && \valid_read(k);
    assigns \nothing;
*/
uint32_t sipr_txn_find(const sipr_txn_table *t, const sipr_txn_key *k)
{
    const uint32_t i = tx_probe(t, k);
    if (i >= t->cap)
        return SIPR_TXN_NONE;
    return t->slots[i].id;
}

/* Steps from a to b going forward round the table. */
/*@ requires a < cap && b < cap;
    assigns \nothing;
    ensures \result < cap;
*/
static uint32_t tx_dist(uint32_t a, uint32_t b, uint32_t cap)
{
    return b >= a ? b - a : cap - a + b;
}

/*@ requires TABLE_OK(t) && \valid_read(k);
    requires \separated(k, t) && \separated(k, t->slots + (0 .. t->cap - 1));
    assigns t->n, t->slots[0 .. t->cap - 1];
    ensures TABLE_OK(t);
*/
uint32_t sipr_txn_remove(sipr_txn_table *t, const sipr_txn_key *k)
{
    /* the slots and their number, read once: the loop below stores only
       into the slots, which the table does not overlap */
    sipr_txn_slot *const sl = t->slots;
    const uint32_t cap = t->cap;
    uint32_t hole = tx_probe(t, k);
    uint32_t j, step, id;
    if (hole >= cap || sl[hole].id == SIPR_TXN_NONE)
        return SIPR_TXN_NONE;
    id = sl[hole].id;
    /* the entries after the hole, up to the first free slot: one whose home
       is not in (hole, j] moves back into the hole, which moves to j */
    j = hole;
    /*@ loop invariant 1 <= step <= cap && hole < cap && j < cap;
        loop assigns step, j, hole, sl[0 .. cap - 1];
        loop variant cap - step; */
    for (step = 1; step < cap; step++) {
        uint32_t home;
        j = (j + 1u == cap) ? 0u : j + 1u;
        if (sl[j].id == SIPR_TXN_NONE)
            break;
        home = sl[j].key.hash % cap;
        if (tx_dist(home, j, cap) >= tx_dist(hole, j, cap)) {
            sl[hole].key = sl[j].key;
            sl[hole].id = sl[j].id;
            hole = j;
        }
    }
    sl[hole].id = SIPR_TXN_NONE;
    sl[hole].key.len = 0;
    if (t->n > 0u)
        t->n--;
    return id;
}

/*@ requires \valid_read(t);
    assigns \nothing;
*/
uint32_t sipr_txn_count(const sipr_txn_table *t)
{
    return t->n;
}
