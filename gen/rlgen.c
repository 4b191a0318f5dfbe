/* rlgen: turn a Ragel machine (`ragel -x` XML) and its .rl host text into
 * structured, index-based C that Frama-C/WP can prove.
 *
 *   rlgen GRAMMAR.rl MACHINE.xml OUT.c
 *
 * Ragel is the front end (it builds and minimises the DFA); rlgen is the back
 * end. Why not Ragel's own C output: every Ragel code style loops with
 * backward gotos, which WP rejects ("non natural loop"); see DESIGN.md.
 *
 * What it emits, in place of the host file's `%% write` statements:
 *   write data  ->  NAME_start / NAME_first_final / NAME_error constants, the
 *                   DFA as constant tables (byte classes, a state x class index,
 *                   the distinct transition values, the EOF action of each
 *                   state) and three small functions reading them with guarded
 *                   lookups: NAME_trans(cs, byte) -> next | row<<16 |
 *                   act<<24 (row: the next state's skip row),
 *                   NAME_eof(cs) -> EOF action table, and NAME_skip(row, buf, i,
 *                   end), which skips bytes on which a state loops to itself
 *                   with no action. Their proof goals do not grow with the
 *                   machine (an if-tree over byte ranges gave one goal a path).
 *   write init  ->  cs = NAME_start;
 *   write exec  ->  the host's loop annotation (the ACSL comment right before
 *                   `%% write exec;`), then
 *                     while (i < end) { tr = trans; cs = tr & MASK;
 *                       if (cs == error) goto out;
 *                       switch (tr >> 24) { one case per action table }
 *                       i++; if (row) i = skip(row, ...); }
 *                     EOF actions;  NAME_out: ;
 * Action-function mode, when the host has a line `/\* rlgen: actions *\/` right
 * after an ACSL contract (see emit_act): the actions go into one function
 * R = NAME_act(act, R, buf, len, v, i, c, m) with that contract, and the loop
 * calls it; the host keeps its registers in a NAME_regs record R, passed and
 * returned by value. With the line `/\* rlgen: actions by reference *\/`
 * instead, the function is void NAME_act(act, &R, buf, len, v, i, c, m): the
 * actions update the record in place through the pointer R (R->x), which
 * spares a copy of the whole record at every action (see emit_act).
 * In that mode a line `/\* rlgen: parameter flush, keeping R->a R->b *\/` is
 * replaced by NAME_flush and the FLUSH() macro of the actions (see
 * emit_flush), for records with a pending generic parameter.
 * A comment that starts `/\* rlgen: header names` holds a table, one row a
 * line: a header name, its compact form (or -) and its kind (SIPR_H_...). It
 * is replaced by NAME_name_kind(buf, len, name), which gives the kind of the
 * header name at span name: its bytes case-folded into 64-bit words, then a
 * switch on the length and word comparisons (see emit_names); and by
 * NAME_kind_name(kind, compact), the name of a kind (the writers' and
 * sipr_header_name's), so that the names are written once. The machine takes
 * any token as a header name and asks this function, so that the names do not
 * multiply its states (and the proof of its tables).
 * The host code names the variables: buf (const char *), i and end (size_t),
 * cs (uint32_t). In action bodies fc becomes `c` (the current byte, uint8_t),
 * fpc becomes `i`, fbreak becomes `{ i++; goto NAME_out; }` (in action-function
 * mode `{ R.stop = 2; return R; }`, by reference `{ R->stop = 2; return; }`). Anything else
 * Ragel can express (fgoto, fcall, fhold, fexec, to/from-state actions,
 * several entry points) is refused: the proofs rely on i only moving forward.
 *
 * This is a build tool: it may allocate; the code it emits never does.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *g_xml_path;

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "rlgen: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(1);
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot read %s", path);
    size_t cap = 1 << 16, len = 0;
    char *b = malloc(cap + 1);
    size_t r;
    while ((r = fread(b + len, 1, cap - len, f)) > 0) {
        len += r;
        if (len == cap) {
            cap *= 2;
            b = realloc(b, cap + 1);
        }
    }
    fclose(f);
    b[len] = 0;
    if (n)
        *n = len;
    return b;
}

/* ---- a growable string ---------------------------------------------------- */
typedef struct {
    char *s;
    size_t n, cap;
} str;

static void sput(str *o, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        size_t room = o->cap - o->n;
        va_start(ap, fmt);
        int k = vsnprintf(o->s ? o->s + o->n : NULL, room, fmt, ap);
        va_end(ap);
        if (k < 0)
            die("format error");
        if ((size_t)k < room) {
            o->n += (size_t)k;
            return;
        }
        o->cap = o->cap * 2 + (size_t)k + 64;
        o->s = realloc(o->s, o->cap);
    }
}

/* ---- the machine read from the XML ------------------------------------------ */
typedef struct {
    int lo, hi, target, table; /* target/table -1 for "x" */
} trans_t;

typedef struct {
    int final;
    int eof_table;
    int ntrans;
    trans_t *trans;
} state_t;

static char **g_action;      /* rendered C body of each action */
static int *g_action_fc;     /* the action reads fc */
static int g_nactions;
static int **g_table;        /* action ids of each action table, -1 terminated */
static int g_ntables;
static state_t *g_state;
static int g_nstates;
static int g_start = -1, g_error = -1;
static int g_unsigned_alpha;
static char *g_machine;
static int g_act_mode;         /* the host asks for an action function (see emit_act) */
static int g_act_ref;          /* ... that takes the registers by reference */

#define ACT_MARK "/* rlgen: actions */"
#define ACT_REF_MARK "/* rlgen: actions by reference */"
#define FLUSH_MARK "/* rlgen: parameter flush"
#define NAMES_MARK "/* rlgen: header names"

/* ---- a minimal XML reader for ragel's -x format -------------------------------- */
typedef struct {
    const char *p;
} xr;

static void unescape_into(str *o, const char *a, const char *b)
{
    while (a < b) {
        if (*a == '&') {
            if (!strncmp(a, "&lt;", 4)) { sput(o, "<"); a += 4; continue; }
            if (!strncmp(a, "&gt;", 4)) { sput(o, ">"); a += 4; continue; }
            if (!strncmp(a, "&amp;", 5)) { sput(o, "&"); a += 5; continue; }
            if (!strncmp(a, "&quot;", 6)) { sput(o, "\""); a += 6; continue; }
            if (!strncmp(a, "&apos;", 6)) { sput(o, "'"); a += 6; continue; }
            die("%s: unknown XML entity", g_xml_path);
        }
        sput(o, "%c", *a);
        a++;
    }
}

/* Reads the next tag; fills name (with leading '/' for a closing tag) and the
 * raw attribute text. Text before the tag is returned in *text. */
static int next_tag(xr *x, char *name, size_t nsz, const char **attr_a, const char **attr_b,
                    const char **text_a, const char **text_b)
{
    const char *p = x->p;
    *text_a = p;
    while (*p && *p != '<')
        p++;
    *text_b = p;
    if (!*p)
        return 0;
    p++;
    size_t k = 0;
    while (*p && !isspace((unsigned char)*p) && *p != '>') {
        if (k + 1 < nsz)
            name[k++] = *p;
        p++;
    }
    name[k] = 0;
    *attr_a = p;
    while (*p && *p != '>')
        p++;
    *attr_b = p;
    if (*p)
        p++;
    x->p = p;
    return 1;
}

static int attr_int(const char *a, const char *b, const char *key, int dflt)
{
    size_t kl = strlen(key);
    for (const char *p = a; p + kl + 2 <= b; p++) {
        if ((p == a || isspace((unsigned char)p[-1])) && !strncmp(p, key, kl) && p[kl] == '=' &&
            p[kl + 1] == '"')
            return atoi(p + kl + 2);
    }
    return dflt;
}

static int attr_has(const char *a, const char *b, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = a; p + kl <= b; p++)
        if ((p == a || isspace((unsigned char)p[-1])) && !strncmp(p, key, kl) && p[kl] == '=')
            return 1;
    return 0;
}

static void parse_xml(const char *xml)
{
    xr x = {xml};
    char name[64];
    const char *aa, *ab, *ta, *tb;
    int cur_action = -1, cur_table = -1, cur_state = -1, in_trans = 0, n_entries = 0;
    str body = {0};

    char seg[256];
    while (next_tag(&x, name, sizeof name, &aa, &ab, &ta, &tb)) {
        /* the text before this tag, NUL-terminated (numbers and x's only) */
        size_t sl = (size_t)(tb - ta) < sizeof seg - 1 ? (size_t)(tb - ta) : sizeof seg - 1;
        memcpy(seg, ta, sl);
        seg[sl] = 0;
        if (!strcmp(name, "ragel_def")) {
            if (g_machine)
                die("%s: one machine per grammar file", g_xml_path);
            const char *q = strstr(aa, "name=\"");
            if (!q || q > ab)
                die("%s: ragel_def without a name", g_xml_path);
            q += 6;
            const char *e = strchr(q, '"');
            g_machine = strndup(q, (size_t)(e - q));
        } else if (!strcmp(name, "alphtype")) {
            const char *e = strchr(x.p, '<');
            g_unsigned_alpha = e && ((!strncmp(x.p, "unsigned char", 13) && e == x.p + 13) || (!strncmp(x.p, "uchar", 5) && e == x.p + 5));
        } else if (!strcmp(name, "action_list")) {
            g_nactions = attr_int(aa, ab, "length", 0);
            g_action = calloc((size_t)g_nactions + 1, sizeof *g_action);
            g_action_fc = calloc((size_t)g_nactions + 1, sizeof *g_action_fc);
        } else if (!strcmp(name, "action")) {
            cur_action = attr_int(aa, ab, "id", -1);
            if (cur_action < 0 || cur_action >= g_nactions)
                die("%s: bad action id", g_xml_path);
            body.n = 0;
            sput(&body, "");
        } else if (!strcmp(name, "/action")) {
            if (cur_action < 0)
                die("%s: stray </action>", g_xml_path);
            g_action[cur_action] = strdup(body.s);
            cur_action = -1;
        } else if (cur_action >= 0) {
            /* inline items of an action body */
            if (!strcmp(name, "text")) {
            } else if (!strcmp(name, "/text")) {
                unescape_into(&body, ta, tb);
            } else if (!strcmp(name, "char")) {
                sput(&body, "c");
                g_action_fc[cur_action] = 1;
            } else if (!strcmp(name, "curs")) {
                sput(&body, "i");
            } else if (!strcmp(name, "break")) {
                if (g_act_ref)
                    sput(&body, "{ R->stop = 2; return; }");
                else if (g_act_mode)
                    sput(&body, "{ R.stop = 2; return R; }");
                else
                    sput(&body, "{ i++; goto %s_out; }", g_machine);
            } else if (name[0] == '/') {
            } else {
                die("%s: action item <%s> is not supported (only plain code, fc, fpc, fbreak)",
                    g_xml_path, name);
            }
        } else if (!strcmp(name, "action_table_list")) {
            g_ntables = attr_int(aa, ab, "length", 0);
            g_table = calloc((size_t)g_ntables + 1, sizeof *g_table);
        } else if (!strcmp(name, "action_table")) {
            cur_table = attr_int(aa, ab, "id", -1);
            if (cur_table < 0 || cur_table >= g_ntables)
                die("%s: bad action table id", g_xml_path);
        } else if (!strcmp(name, "/action_table")) {
            int n = 0, *v = calloc((size_t)(tb - ta) + 2, sizeof *v);
            const char *p = ta;
            while (p < tb) {
                while (p < tb && isspace((unsigned char)*p))
                    p++;
                if (p >= tb)
                    break;
                v[n++] = atoi(p);
                while (p < tb && !isspace((unsigned char)*p))
                    p++;
            }
            v[n] = -1;
            g_table[cur_table] = v;
            cur_table = -1;
        } else if (!strcmp(name, "/start_state")) {
            g_start = atoi(ta);
        } else if (!strcmp(name, "/error_state")) {
            g_error = atoi(ta);
        } else if (!strcmp(name, "entry")) {
            /* fgoto/fcall targets show up as further entry points */
            if (++n_entries > 1)
                die("%s: several entry points are not supported", g_xml_path);
        } else if (!strcmp(name, "entry_points")) {
        } else if (!strcmp(name, "state_list")) {
            g_nstates = attr_int(aa, ab, "length", 0);
            g_state = calloc((size_t)g_nstates + 1, sizeof *g_state);
        } else if (!strcmp(name, "state")) {
            cur_state = attr_int(aa, ab, "id", -1);
            if (cur_state < 0 || cur_state >= g_nstates)
                die("%s: bad state id", g_xml_path);
            g_state[cur_state].final = attr_has(aa, ab, "final");
            g_state[cur_state].eof_table = -1;
        } else if (!strcmp(name, "/state_actions")) {
            char a[3][16];
            if (sscanf(seg, "%15s %15s %15s", a[0], a[1], a[2]) != 3)
                die("%s: state_actions of state %d", g_xml_path, cur_state);
            if (strcmp(a[0], "x") || strcmp(a[1], "x"))
                die("%s: to-state and from-state actions are not supported (state %d)", g_xml_path,
                    cur_state);
            g_state[cur_state].eof_table = strcmp(a[2], "x") ? atoi(a[2]) : -1;
        } else if (!strcmp(name, "trans_list")) {
            int n = attr_int(aa, ab, "length", 0);
            g_state[cur_state].trans = calloc((size_t)n + 1, sizeof(trans_t));
            g_state[cur_state].ntrans = 0;
        } else if (!strcmp(name, "t")) {
            in_trans = 1;
        } else if (!strcmp(name, "/t")) {
            char t[4][32];
            if (!in_trans || sscanf(seg, "%31s %31s %31s %31s", t[0], t[1], t[2], t[3]) != 4)
                die("%s: transition of state %d", g_xml_path, cur_state);
            state_t *s = &g_state[cur_state];
            trans_t *tr = &s->trans[s->ntrans++];
            tr->lo = atoi(t[0]);
            tr->hi = atoi(t[1]);
            tr->target = strcmp(t[2], "x") ? atoi(t[2]) : -1;
            tr->table = strcmp(t[3], "x") ? atoi(t[3]) : -1;
            in_trans = 0;
        }
    }
    if (!g_machine || g_start < 0 || g_nstates == 0)
        die("%s: no machine found", g_xml_path);
    if (!g_unsigned_alpha)
        die("%s: the grammar must say `alphtype unsigned char;`", g_xml_path);
    if (g_error != 0)
        die("%s: expected the error state to be state 0", g_xml_path);
    for (int k = 0; k < g_nactions; k++)
        if (!g_action[k])
            die("%s: action %d has no body", g_xml_path, k);
}

/* ---- emitting ----------------------------------------------------------------- */
static int first_final(void)
{
    int ff = g_nstates;
    for (int s = 0; s < g_nstates; s++)
        if (g_state[s].final && s < ff)
            ff = s;
    for (int s = ff; s < g_nstates; s++)
        if (!g_state[s].final)
            die("final states are not numbered last (state %d)", s);
    return ff;
}

static unsigned trans_value(const trans_t *t)
{
    unsigned target = t->target < 0 ? (unsigned)g_error : (unsigned)t->target;
    unsigned act = t->table < 0 ? 0u : (unsigned)t->table + 1u;
    return target | (act << 16);
}

/* The full row of state s: the transition value of every byte (ranges Ragel
 * leaves out go to the error state with no action). */
static void state_row(int s, unsigned row[256])
{
    state_t *st = &g_state[s];
    for (int b = 0; b < 256; b++)
        row[b] = (unsigned)g_error;
    int expect = 0;
    for (int k = 0; k < st->ntrans; k++) {
        trans_t *t = &st->trans[k];
        if (t->lo < expect || t->hi < t->lo || t->hi > 255)
            die("state %d: transitions out of order", s);
        for (int b = t->lo; b <= t->hi; b++)
            row[b] = trans_value(t);
        expect = t->hi + 1;
    }
}

static const char *index_type(int n)
{
    return n <= 256 ? "uint8_t" : "uint16_t";
}

/* Prints a table of n values, 16 a line. */
static void emit_values(str *o, const unsigned *v, int n, const char *suffix)
{
    for (int k = 0; k < n; k++)
        sput(o, "%s%u%s,%s", k % 16 == 0 ? "    " : "", v[k], suffix,
             k % 16 == 15 || k == n - 1 ? "\n" : " ");
}

/* The DFA as three tables: byte -> byte class (bytes every state treats
 * alike share a class), (state, class) -> transition number, transition
 * number -> next state + 65536 * (the next state's skip row) + 16777216 *
 * (action table + 1); plus the skip tables.
 * Every lookup is kept in bounds by a run-time test, the index's type or a
 * mask (never by the table contents), so the functions that read the tables
 * have a fixed, small number of proof goals whatever the size of the
 * machine. */
static void emit_data(str *o)
{
    const char *m = g_machine;
    int ff = first_final();
    if (g_nstates > 0xFFFF || g_ntables + 1 > 0xFFFF)
        die("machine too large");

    unsigned (*rows)[256] = calloc((size_t)g_nstates + 1u, sizeof *rows);
    for (int s = 0; s < g_nstates; s++)
        state_row(s, rows[s]);

    /* byte classes: bytes with the same column */
    unsigned cls[256];
    int ncls = 0, rep[256];
    for (int b = 0; b < 256; b++) {
        int k;
        for (k = 0; k < ncls; k++) {
            int same = 1;
            for (int s = 0; s < g_nstates && same; s++)
                same = rows[s][b] == rows[s][rep[k]];
            if (same)
                break;
        }
        if (k == ncls)
            rep[ncls++] = b;
        cls[b] = (unsigned)k;
    }

    /* distinct transition values; number 0 is the error transition */
    unsigned *tv = calloc((size_t)(unsigned)g_nstates * (unsigned)ncls + 1u, sizeof *tv);
    unsigned *tab = calloc((size_t)(unsigned)g_nstates * (unsigned)ncls + 1u, sizeof *tab);
    int ntv = 1;
    tv[0] = (unsigned)g_error;
    for (int s = 0; s < g_nstates; s++)
        for (int k = 0; k < ncls; k++) {
            unsigned v = rows[s][rep[k]];
            int j;
            for (j = 0; j < ntv && tv[j] != v; j++)
                ;
            if (j == ntv)
                tv[ntv++] = v;
            tab[s * ncls + k] = (unsigned)j;
        }
    if (ntv > 0xFFFF)
        die("machine too large (%d distinct transitions)", ntv);

    /* The skip tables. State s "stays" on byte b when its transition on b is
     * to s itself with no action (the value equals s). The distinct sets of
     * such bytes become rows of 256 flags, NAME_stay_row[r][b]; sof[s] is the
     * row of s (1 ..), or 0 when s has no such byte. Each transition value
     * then carries the row of its next state in its top byte, so that the
     * scan loop knows without a lookup whether and how to skip after it. The
     * error state's row is left out (0): the loop stops there, it never
     * skips. So NAME_skip answers what the loop on NAME_trans it replaces
     * answered, for every state the loop skips in. */
    unsigned *sof = calloc((size_t)g_nstates + 1u, sizeof *sof);
    unsigned char(*srow)[256] = calloc((size_t)g_nstates + 1u, sizeof *srow);
    int nrows = 0;
    for (int s = 0; s < g_nstates; s++) {
        unsigned char row[256];
        int any = 0;
        if (s == g_error)
            continue;
        for (int b = 0; b < 256; b++) {
            row[b] = tv[tab[s * ncls + (int)cls[b]]] == (unsigned)s;
            any |= row[b];
        }
        if (!any)
            continue;
        int r;
        for (r = 0; r < nrows && memcmp(srow[r], row, 256) != 0; r++)
            ;
        if (r == nrows)
            memcpy(srow[nrows++], row, 256);
        sof[s] = (unsigned)r + 1u;
    }
    if (nrows > 254)
        die("machine too large (%d distinct self-loop byte sets)", nrows);
    if (g_nstates > 0xFFFF)
        die("machine too large (%d states)", g_nstates);
    /* The wide rows (states that stay on most bytes: a header value, a
     * comment, a quoted string) last, so that NAME_skip tells them by their
     * number: their runs are long, and are skipped four bytes a step. */
    int nwide = 0;
    {
        unsigned char(*tmp)[256] = calloc((size_t)nrows + 1u, sizeof *tmp);
        unsigned *to = calloc((size_t)nrows + 1u, sizeof *to);
        int at = 0;
        for (int pass = 0; pass < 2; pass++)
            for (int r = 0; r < nrows; r++) {
                int n = 0;
                for (int b = 0; b < 256; b++)
                    n += srow[r][b];
                if ((n >= 128) != pass)
                    continue;
                nwide += pass;
                memcpy(tmp[at], srow[r], 256);
                to[r] = (unsigned)at++;
            }
        memcpy(srow, tmp, (size_t)nrows * sizeof *tmp);
        for (int st = 0; st < g_nstates; st++)
            if (sof[st] != 0u)
                sof[st] = to[sof[st] - 1u] + 1u;
        free(tmp);
        free(to);
    }
    for (int j = 0; j < ntv; j++) {
        const unsigned target = tv[j] & 0xFFFFu;
        if ((tv[j] >> 16) > 0xFFu)
            die("machine too large (%u action tables)", tv[j] >> 16);
        if (target >= (unsigned)g_nstates)
            die("transition %d to state %u of %d", j, target, g_nstates);
        tv[j] = target | sof[target] << 16 | (tv[j] >> 16) << 24;
    }

    sput(o, "#define %s_start %du\n", m, g_start);
    sput(o, "#define %s_first_final %du\n", m, ff);
    sput(o, "#define %s_error %du\n", m, g_error);
    sput(o, "#define %s_nstates %du\n", m, g_nstates);
    sput(o, "#define %s_nclasses %du\n", m, ncls);
    sput(o, "#define %s_ntrans %du\n", m, ntv);
    sput(o, "\n");

    sput(o, "/* The DFA (%d states, %d byte classes, %d distinct transitions). */\n", g_nstates,
         ncls, ntv);
    sput(o, "static const uint8_t %s_class[256] = {\n", m);
    emit_values(o, cls, 256, "");
    sput(o, "};\n\n");
    /* The rows of NAME_index are padded to cpad columns and NAME_value to vpad
     * entries, powers of two, with 0 (the error transition), so that
     * NAME_trans can mask the class and the transition number into range
     * instead of testing them (see there). */
    int cpad = 1, vpad = 1;
    while (cpad < ncls)
        cpad *= 2;
    while (vpad < ntv)
        vpad *= 2;
    sput(o, "#define %s_cmask %du\n", m, cpad - 1);
    sput(o, "#define %s_tmask %du\n\n", m, vpad - 1);
    sput(o, "static const %s %s_index[%d][%d] = {\n", index_type(ntv), m, g_nstates, cpad);
    for (int s = 0; s < g_nstates; s++) {
        sput(o, "    { /* %d */\n", s);
        emit_values(o, tab + s * ncls, ncls, "");
        sput(o, "    },\n");
    }
    sput(o, "};\n\n");
    sput(o, "/* next state + 65536 * (the next state's skip row, 0 for none: see\n"
            "   NAME_skip) + 16777216 * (action table + 1, 0 for none) */\n");
    sput(o, "static const uint32_t %s_value[%d] = {\n", m, vpad);
    emit_values(o, tv, ntv, "u");
    sput(o, "};\n\n");

    sput(o, "#define %s_nstay %du\n\n", m, nrows);
    sput(o, "/* 1 for the bytes on which the states of the row loop to themselves with\n"
            "   no action (%d distinct rows, after row 0, which is unused). */\n", nrows);
    sput(o, "static const uint8_t %s_stay_row[%d][256] = {\n", m, nrows + 1);
    sput(o, "    { 0 },\n");
    for (int r = 0; r < nrows; r++) {
        unsigned row[256];
        for (int b = 0; b < 256; b++)
            row[b] = srow[r][b];
        sput(o, "    { /* %d */\n", r + 1);
        emit_values(o, row, 256, "");
        sput(o, "    },\n");
    }
    sput(o, "};\n\n");
    free(srow);
    free(sof);

    /* EOF action tables */
    unsigned *eof = calloc((size_t)g_nstates + 1, sizeof *eof);
    int maxeof = 0;
    for (int s = 0; s < g_nstates; s++) {
        eof[s] = g_state[s].eof_table >= 0 ? (unsigned)g_state[s].eof_table + 1u : 0u;
        if ((int)eof[s] > maxeof)
            maxeof = (int)eof[s];
    }
    sput(o, "/* end-of-input action table + 1 of each state, 0 for none */\n");
    sput(o, "static const %s %s_eof_table[%d] = {\n", index_type(maxeof + 1), m, g_nstates);
    emit_values(o, eof, g_nstates, "");
    sput(o, "};\n\n");

    sput(o, "/* The transition of state cs on byte c: next state + 65536 * (the next\n"
            "   state's skip row) + 16777216 * (action table + 1). The proofs of the\n"
            "   scanner do not depend on the value (an unknown state goes to the error\n"
            "   state). */\n");
    sput(o, "/*@ assigns \\nothing; */\n");
    sput(o, "static uint32_t %s_trans(uint32_t cs, uint8_t c)\n{\n", m);
    /* Indices: c is a uint8_t, below 256, the length of NAME_class; cs <
     * NAME_nstates (the rows of NAME_index) by the test; k = ... & cmask is at
     * most cmask, below cpad, the length of a row; t = ... & tmask is at most
     * tmask, below vpad, the length of NAME_value. The masks are the identity
     * on the tables' contents (every class is below ncls <= cpad, every
     * transition number below ntv <= vpad), so the result is the one the
     * tested lookups gave; WP's Qed proves `(x & K) <= K` for a constant K
     * >= 0 without the table contents. The state test stays: it is one
     * well-predicted branch, and masking cs would need rows padded to a power
     * of two (via: 959 -> 1024). */
    sput(o, "    if (cs >= %s_nstates)\n        return %s_error;\n", m, m);
    sput(o, "    const uint32_t k = (uint32_t)%s_class[c] & %s_cmask;\n", m, m);
    sput(o, "    const uint32_t t = (uint32_t)%s_index[cs][k] & %s_tmask;\n", m, m);
    sput(o, "    return %s_value[t];\n}\n\n", m);

    sput(o, "/*@ assigns \\nothing; */\n");
    sput(o, "static uint32_t %s_eof(uint32_t cs)\n{\n", m);
    sput(o, "    if (cs >= %s_nstates)\n        return 0u;\n", m);
    sput(o, "    return %s_eof_table[cs];\n}\n\n", m);

    /* skip loop for action-free self loops */
    sput(o, "/* Skips the bytes of row r of %s_stay_row: those on which the state\n"
            "   whose row it is loops to itself with no action. */\n", m);
    sput(o, "/*@ requires i <= end;\n"
            "    requires \\valid_read(buf + (i .. end - 1));\n"
            "    assigns \\nothing;\n"
            "    ensures i <= \\result <= end; */\n");
    sput(o, "static size_t %s_skip(uint32_t r, const char *buf, size_t i, size_t end)\n{\n", m);
    /* Every index is in bounds by a test the function makes or by a type:
     * cs < NAME_nstates (the length of NAME_stay_of) by the first test; the
     * row index r <= NAME_nstay (the table has NAME_nstay + 1 rows, row 0
     * unused, so that no subtraction and no unsigned wrap is involved)
     * because the second test returns unless 1 <= r <= NAME_nstay (one
     * unsigned compare once gcc folds it); the byte index is a uint8_t, below 256, the length of a row.
     * So the RTE goals follow from the path condition and the types alone,
     * and the table contents stay outside the proof. Both tests run once per
     * call, not per byte; the second is also the early return of the states
     * that never loop to themselves. */
    sput(o, "    if (r == 0u || r > %s_nstay)\n        return i;\n", m);
    /* Four bytes a step while four are left (fewer tests of i against end,
     * and the four row reads independent of each other), then byte by byte:
     * the second loop ends exactly where the first byte the row does not
     * stay on is, as the first loop stops before any group holding one. */
    sput(o, "    const uint8_t *row = %s_stay_row[r];\n", m);
    if (nwide > 0) {
        sput(o, "    if (r >= %du) {\n", nrows - nwide + 1);
        sput(o, "        /*@ loop invariant \\at(i, Pre) <= i <= end;\n"
                "            loop assigns i;\n"
                "            loop variant end - i; */\n");
        sput(o, "        while (end - i >= 4u && row[(uint8_t)buf[i]] != 0u && row[(uint8_t)buf[i + 1u]] != 0u &&\n"
                "               row[(uint8_t)buf[i + 2u]] != 0u && row[(uint8_t)buf[i + 3u]] != 0u)\n            i += 4u;\n");
        sput(o, "    }\n");
    }
    sput(o, "    /*@ loop invariant \\at(i, Pre) <= i <= end;\n"
            "        loop assigns i;\n"
            "        loop variant end - i; */\n");
    sput(o, "    while (i < end && row[(uint8_t)buf[i]] != 0u)\n        i++;\n");
    sput(o, "    return i;\n}\n\n");
    free(rows);
    free(tv);
    free(tab);
    free(eof);
}

static void emit_table_body(str *o, int tbl, int depth)
{
    for (int *a = g_table[tbl]; *a >= 0; a++) {
        if (*a >= g_nactions)
            die("action table %d names action %d", tbl, *a);
        sput(o, "%*s{%s}\n", depth * 4, "", g_action[*a]);
    }
}

static int table_uses_char(int tbl)
{
    for (int *a = g_table[tbl]; *a >= 0; a++)
        if (g_action_fc[*a])
            return 1;
    return 0;
}

/* Removes the ACSL comment that ends the output so far (only white space
 * after it) and returns a copy of it, or NULL when there is none. */
static char *take_annotation(str *o)
{
    size_t k = o->n;
    while (k > 0 && isspace((unsigned char)o->s[k - 1]))
        k--;
    if (k < 2 || o->s[k - 2] != '*' || o->s[k - 1] != '/')
        return NULL;
    char *start = NULL;
    for (size_t j = k - 2; j-- > 0;)
        if (o->s[j] == '/' && o->s[j + 1] == '*' && o->s[j + 2] == '@') {
            start = o->s + j;
            break;
        }
    if (!start)
        return NULL;
    char *copy = strndup(start, (size_t)(o->s + k - start));
    size_t line_start = (size_t)(start - o->s);
    while (line_start > 0 && o->s[line_start - 1] != '\n')
        line_start--;
    o->n = line_start;
    return copy;
}

/* Which action tables run where: in the loop, into the error state, at EOF. */
typedef struct {
    int *used, *err_used, *eof_used;
    int any_err, any_eof;
} uses_t;

static uses_t table_uses(void)
{
    uses_t u;
    u.used = calloc((size_t)g_ntables + 1, sizeof *u.used);
    u.err_used = calloc((size_t)g_ntables + 1, sizeof *u.err_used);
    u.eof_used = calloc((size_t)g_ntables + 1, sizeof *u.eof_used);
    u.any_err = u.any_eof = 0;
    for (int s = 0; s < g_nstates; s++) {
        for (int k = 0; k < g_state[s].ntrans; k++) {
            trans_t *t = &g_state[s].trans[k];
            if (t->table < 0)
                continue;
            if (t->target < 0 || t->target == g_error)
                u.err_used[t->table] = u.any_err = 1;
            else
                u.used[t->table] = 1;
        }
        if (g_state[s].eof_table >= 0)
            u.eof_used[g_state[s].eof_table] = u.any_eof = 1;
    }
    return u;
}

static void free_uses(uses_t *u)
{
    free(u->used);
    free(u->err_used);
    free(u->eof_used);
}

/* Action-function mode (the host has a line `/\* rlgen: actions *\/`, right
 * after the ACSL contract of the function): every action table becomes one
 * case of
 *   static NAME_regs NAME_act(uint32_t act, NAME_regs R, const char *buf,
 *                             size_t len, sipr_span v, size_t i, uint8_t c,
 *                             sipr_msg *m)
 * which the scan loop calls as R = NAME_act(..., R, ...). The scanner's
 * registers live in a NAME_regs record (declared by the host, with an int
 * field `stop`) that is passed and returned by value: no address is taken, so
 * WP keeps it a logical value in the loop and in the actions (no memory model,
 * no separation to prove). The actions name the registers R.x; an action
 * stops the scan by setting R.stop = 1 and returning R (sipr_internal.h,
 * STOP()); fbreak sets 2: stop after this byte. WP proves each action once
 * against the host's contract, instead of once per path through the loop, and
 * the loop's goals stay small.
 *
 * By reference (the host's line is `/\* rlgen: actions by reference *\/`):
 *   static void NAME_act(uint32_t act, NAME_regs *R, const char *buf,
 *                        size_t len, sipr_span v, size_t i, uint8_t c,
 *                        sipr_msg *m)
 * called as NAME_act(..., &R, ...). Passing the record by value costs a copy
 * of all of it (the entry being built, a whole sipr_via for example) in and
 * out of every action, even inlined; through a pointer the actions update it
 * in place. The actions name the registers R->x and stop the scan with
 * STOP_REF() (R->stop = 1; return;); fbreak sets R->stop = 2. The contract,
 * written by the host, must say what the pointer needs: `\valid(R)`,
 * `\separated(R, buf + (0 .. len - 1), m)` and `*R` in its assigns clause;
 * its ensures speak of R->x (the by-value form's \result.x), with \old(R->x)
 * for the value before the action. WP then models the record in memory: the
 * host should store its fields one by one (a store of a whole struct through
 * R hides the fields from WP), and the helpers the actions call should say
 * which registers they leave alone. */
static void check_ref_contract(const char *annot, const char *rl_path)
{
    static const char *const need[] = {"\\valid(R)", "\\separated(R, buf + (0 .. len - 1), m)"};
    for (size_t k = 0; k < sizeof need / sizeof need[0]; k++)
        if (!strstr(annot, need[k]))
            die("%s: the contract of the action function (by reference) must say %s", rl_path,
                need[k]);
    const char *a = strstr(annot, "assigns");
    const char *e = a ? strchr(a, ';') : NULL;
    const char *r = a ? strstr(a, "*R") : NULL;
    if (!a || !e || !r || r > e)
        die("%s: the contract of the action function (by reference) must assign *R", rl_path);
    if (strstr(annot, "\\result"))
        die("%s: the action function (by reference) returns nothing: no \\result in its contract",
            rl_path);
}

static void emit_act(str *o, const char *annot, const char *rl_path)
{
    const char *m = g_machine;
    uses_t u = table_uses();
    if (g_act_ref)
        check_ref_contract(annot, rl_path);
    sput(o, "%s\n", annot);
    if (g_act_ref)
        sput(o, "static SIPR_ACT_INLINE void %s_act(uint32_t act, %s_regs *R, const char *buf,\n"
                "    size_t len, sipr_span v, size_t i, uint8_t c, sipr_msg *m)\n{\n", m, m);
    else
        sput(o, "static SIPR_ACT_INLINE %s_regs %s_act(uint32_t act, %s_regs R, const char *buf,\n"
                "    size_t len, sipr_span v, size_t i, uint8_t c, sipr_msg *m)\n{\n", m, m, m);
    sput(o, "    (void)buf;\n    (void)len;\n    (void)v;\n    (void)c;\n    (void)m;\n");
    sput(o, g_act_ref ? "    R->stop = 0;\n" : "    R.stop = 0;\n");
    sput(o, "    switch (act) {\n");
    for (int t = 0; t < g_ntables; t++) {
        if (!u.used[t] && !u.err_used[t] && !u.eof_used[t])
            continue;
        sput(o, "    case %d:\n", t + 1);
        emit_table_body(o, t, 2);
        sput(o, "        break;\n");
    }
    sput(o, "    default:\n        break;\n    }\n%s}\n", g_act_ref ? "" : "    return R;\n");
    free_uses(&u);
}

/* The loop body holds only the actions of transitions that stay in the
 * machine. Actions of transitions into the error state (Ragel's error actions)
 * run once, after the loop: the scan is over then, so they need not preserve
 * the loop invariant, and keeping them out of the loop body keeps WP's goals
 * small. End-of-input actions also run after the loop. */
static void emit_exec_act(str *o, const char *annot)
{
    const char *m = g_machine;
    uses_t u = table_uses();
    sput(o, "{\n");
    if (u.any_err)
        sput(o, "    uint32_t %s_err_act = 0;\n", m);
    sput(o, "    %s\n", annot);
    sput(o, "    while (i < end) {\n");
    sput(o, "        const uint8_t c = (uint8_t)buf[i];\n");
    sput(o, "        const uint32_t tr = %s_trans(cs, c);\n", m);
    sput(o, "        cs = tr %% 65536u;\n");
    if (u.any_err)
        sput(o, "        if (cs == %s_error) {\n            %s_err_act = tr / 16777216u;\n"
                "            goto %s_failed;\n        }\n", m, m, m);
    else
        sput(o, "        if (cs == %s_error)\n            goto %s_out;\n", m, m);
    /* the call: by value R = NAME_act(.., R, ..), by reference NAME_act(.., &R, ..) */
    const char *lhs = g_act_ref ? "" : "R = ", *arg = g_act_ref ? "&R" : "R";
    sput(o, "        if (tr >= 16777216u) {\n"
            "            %s%s_act(tr / 16777216u, %s, buf, len, v, i, c, m);\n"
            "            if (R.stop != 0) {\n"
            "                if (R.stop == 2)\n                    i++;\n"
            "                goto %s_out;\n            }\n        }\n", lhs, m, arg, m);
    sput(o, "        i++;\n");
    sput(o, "        if (tr %% 16777216u >= 65536u)\n            i = %s_skip(tr / 65536u %% 256u, buf, i, end);\n", m);
    sput(o, "    }\n");
    if (u.any_eof)
        sput(o, "    if (%s_eof(cs) != 0u)\n"
                "        %s%s_act(%s_eof(cs), %s, buf, len, v, i, 0u, m);\n", m, lhs, m, m, arg);
    if (u.any_err)
        sput(o, "    goto %s_out;\n%s_failed:\n"
                "    %s%s_act(%s_err_act, %s, buf, len, v, i, (uint8_t)buf[i], m);\n", m, m, lhs,
             m, m, arg);
    sput(o, "%s_out:;\n}\n", m);
    free_uses(&u);
}

static void emit_exec(str *o, const char *annot, size_t annot_len)
{
    const char *m = g_machine;
    if (g_act_mode) {
        emit_exec_act(o, annot);
        return;
    }
    uses_t u = table_uses();
    int *used = u.used, *err_used = u.err_used, *eof_used = u.eof_used;
    const int any_err = u.any_err, any_eof = u.any_eof;
    sput(o, "{\n");
    if (any_err)
        sput(o, "    uint32_t %s_err_act = 0;\n", m);
    if (annot)
        sput(o, "    %.*s\n", (int)annot_len, annot);
    sput(o, "    while (i < end) {\n");
    sput(o, "        const uint8_t c = (uint8_t)buf[i];\n");
    sput(o, "        const uint32_t tr = %s_trans(cs, c);\n", m);
    sput(o, "        cs = tr %% 65536u;\n");
    if (any_err)
        sput(o, "        if (cs == %s_error) {\n            %s_err_act = tr / 16777216u;\n"
                "            goto %s_failed;\n        }\n", m, m, m);
    else
        sput(o, "        if (cs == %s_error)\n            goto %s_out;\n", m, m);
    sput(o, "        switch (tr / 16777216u) {\n");
    for (int t = 0; t < g_ntables; t++) {
        if (!used[t])
            continue;
        sput(o, "        case %d:\n", t + 1);
        emit_table_body(o, t, 3);
        sput(o, "            break;\n");
    }
    sput(o, "        default:\n            (void)c;\n            break;\n        }\n");
    sput(o, "        i++;\n");
    sput(o, "        if (tr %% 16777216u >= 65536u)\n            i = %s_skip(tr / 65536u %% 256u, buf, i, end);\n", m);
    sput(o, "    }\n");
    /* end of input */
    if (any_eof) {
        sput(o, "    switch (%s_eof(cs)) {\n", m);
        for (int t = 0; t < g_ntables; t++) {
            if (!eof_used[t])
                continue;
            if (table_uses_char(t))
                die("action table %d runs at end of input but reads fc", t);
            sput(o, "    case %d:\n", t + 1);
            emit_table_body(o, t, 2);
            sput(o, "        break;\n");
        }
        sput(o, "    default:\n        break;\n    }\n");
    }
    if (any_err) {
        /* the byte at i took the machine into the error state */
        sput(o, "    goto %s_out;\n%s_failed:\n    {\n", m, m);
        sput(o, "        const uint8_t c = (uint8_t)buf[i];\n");
        sput(o, "        switch (%s_err_act) {\n", m);
        for (int t = 0; t < g_ntables; t++) {
            if (!err_used[t])
                continue;
            sput(o, "        case %d:\n", t + 1);
            emit_table_body(o, t, 3);
            sput(o, "            break;\n");
        }
        sput(o, "        default:\n            (void)c;\n            break;\n        }\n    }\n");
    }
    sput(o, "%s_out:;\n}\n", m);
    free_uses(&u);
}

/* The flush of a by-reference grammar whose record holds a pending generic
 * parameter (R->pending, R->pname, R->pvalue) and the entry being built
 * (R->cur.params, its run in m->params): NAME_flush pushes the parameter into
 * the pool and links it into the run; R->stop is 1 when the pool is full (R->st
 * and R->eoff then say so). Its contract also ensures that the fields named
 * after "keeping" are unchanged, which the callers' proofs need (a mark taken
 * before the flush is still in bounds after it). FLUSH() is the actions' form:
 * stop the scan when the push failed. */
static void emit_flush(str *o, const char *q, const char *eol, const char *rl_path)
{
    if (!g_act_ref)
        die("%s: the parameter flush needs `%s`", rl_path, ACT_REF_MARK);
    const char *k = q + strlen(FLUSH_MARK);
    const char *end = strstr(k, "*/");
    if (!end || (eol && end > eol))
        die("%s: the parameter-flush marker must end on its line", rl_path);
    while (*k == ' ' || *k == ',')
        k++;
    if (strncmp(k, "keeping", 7))
        die("%s: the parameter-flush marker must say `keeping R->field ...`", rl_path);
    k += 7;
    const char *m = g_machine;
    sput(o, "/* Pushes the pending generic parameter, if any, into the pool and the\n"
            " * current record's run. R->stop is 1 when the pool is full (R->st and\n"
            " * R->eoff then say so). Emitted by gen/rlgen (parameter flush). */\n");
    sput(o, "/*@ requires \\valid(m) && LIMITS_OK(m);\n"
            "    requires \\valid(R) && \\separated(R, m);\n"
            "    assigns *R, m->params[0 .. SIPR_MAX_PARAMS - 1],\n"
            "            m->n_params;\n"
            "    ensures LIMITS_OK(m);\n"
            "    ensures R->stop == 0 || R->stop == 1;\n");
    int nkeep = 0;
    while (k < end) {
        while (k < end && (*k == ' ' || *k == ','))
            k++;
        if (k >= end)
            break;
        const char *f = k;
        while (k < end && (isalnum((unsigned char)*k) || *k == '_' || *k == '.' || *k == '-' ||
                           *k == '>'))
            k++;
        if (k == f || strncmp(f, "R->", 3) || k - f < 4 || (*k != ' ' && *k != ','))
            die("%s: the parameter-flush marker keeps fields written R->name", rl_path);
        sput(o, "    ensures %.*s == \\old(%.*s);\n", (int)(k - f), f, (int)(k - f), f);
        nkeep++;
    }
    if (nkeep == 0)
        die("%s: the parameter-flush marker names no field to keep", rl_path);
    sput(o, "*/\n"
            "static SIPR_ACT_INLINE void %s_flush(%s_regs *R, sipr_msg *m)\n"
            "{\n"
            "    R->stop = 0;\n"
            "    if (R->pending) {\n"
            "        R->st = sipr_param_push(m, R->pname, R->pvalue);\n"
            "        if (R->st != SIPR_OK) {\n"
            "            R->eoff = R->pname.off;\n"
            "            STOP_REF();\n"
            "        }\n"
            "        if (R->cur.params.count == 0)\n"
            "            R->cur.params.first = (uint16_t)(m->n_params - 1u);\n"
            "        R->cur.params.count++;\n"
            "        R->pending = 0;\n"
            "    }\n"
            "}\n\n", m, m);
    sput(o, "/* the actions' form: stop the scan when the push failed */\n"
            "#define FLUSH()                                                     \\\n"
            "    do {                                                            \\\n"
            "        %s_flush(R, m);%*s\\\n"
            "        if (R->stop != 0)                                           \\\n"
            "            return;                                                 \\\n"
            "    } while (0)\n", m, strlen(m) < 46 ? (int)(47 - strlen(m)) : 1, "");
}

/* One row of the header-name table: name, compact form (0: none), kind. */
typedef struct {
    char name[64];
    char compact;
    char kind[64];
} name_row;

/* The header-name table (see the file's comment): parsed from the comment
 * at q, whose end is returned; emitted as the table's comment and
 * NAME_name_kind. Each name is letters and '-' (the comparison folds case
 * with b | 0x20, exact for those: see the emitted comment). The names'
 * bytes are packed into words and compared as integers: comparisons byte by
 * byte in && chains gave WP a path condition per length that Qed took
 * minutes over; the words give 127 goals proved in seconds. */
static const char *emit_names(str *o, const char *q, const char *rl_path)
{
    const char *end = strstr(q, "*/");
    if (!end)
        die("%s: the header-name table has no end", rl_path);
    const char *p = strchr(q, '\n');
    if (!p || p > end)
        die("%s: the header-name table starts on the line after its marker", rl_path);
    name_row rows[256];
    size_t n = 0, maxlen = 0;
    while (p < end) {
        p++;
        const char *eol = strchr(p, '\n');
        if (!eol || eol > end)
            eol = end;
        const char *k = p;
        while (k < eol && (*k == ' ' || *k == '*'))
            k++;
        if (k < eol && *k == '/')
            break;
        if (k == eol) {
            p = eol;
            continue;
        }
        char w[3][64];
        int nw = 0;
        while (k < eol && nw < 4) {
            const char *f = k;
            while (k < eol && *k != ' ' && *k != '\t')
                k++;
            if (nw == 3 || (size_t)(k - f) >= sizeof w[0])
                die("%s: a header-name row is `Name c|- SIPR_H_KIND`", rl_path);
            memcpy(w[nw], f, (size_t)(k - f));
            w[nw][k - f] = 0;
            nw++;
            while (k < eol && (*k == ' ' || *k == '\t'))
                k++;
        }
        if (nw != 3 || n == sizeof rows / sizeof rows[0])
            die("%s: a header-name row is `Name c|- SIPR_H_KIND`", rl_path);
        name_row *r = &rows[n];
        for (const char *c = w[0]; *c; c++)
            if (!isalpha((unsigned char)*c) && *c != '-')
                die("%s: header name %s: letters and '-' only", rl_path, w[0]);
        if (strncmp(w[2], "SIPR_H_", 7) || strlen(w[1]) != 1 ||
            (w[1][0] != '-' && !isalpha((unsigned char)w[1][0])))
            die("%s: header-name row %s: compact form a letter or -, kind SIPR_H_...", rl_path, w[0]);
        for (const char *c = w[2]; *c; c++)
            if (!isupper((unsigned char)*c) && *c != '_')
                die("%s: header-name row %s: bad kind %s", rl_path, w[0], w[2]);
        strcpy(r->name, w[0]);
        r->compact = w[1][0] == '-' ? 0 : (char)tolower((unsigned char)w[1][0]);
        strcpy(r->kind, w[2]);
        for (size_t j = 0; j < n; j++)
            if (!strcasecmp(rows[j].name, r->name) || (r->compact && rows[j].compact == r->compact) ||
                !strcmp(rows[j].kind, r->kind) ||
                (r->compact && strlen(rows[j].name) == 1 && tolower((unsigned char)rows[j].name[0]) == r->compact))
                die("%s: header-name row %s repeats a name, compact form or kind", rl_path, w[0]);
        if (strlen(r->name) > maxlen)
            maxlen = strlen(r->name);
        n++;
        p = eol;
    }
    if (n == 0)
        die("%s: the header-name table is empty", rl_path);
    const char *m = g_machine;
    sput(o, "/* The header names: long form, compact form (- for none), kind. Emitted by\n"
            " * gen/rlgen from the table in the grammar (header names). */\n");
    sput(o, "/*@ requires \\valid_read(buf + (0 .. len - 1)) && SPAN_IN(name, len);\n"
            "    assigns \\nothing;\n"
            "    ensures \\result < SIPR_H__COUNT;\n"
            "*/\n"
            "uint16_t %s_name_kind(const char *buf, size_t len, sipr_span name)\n"
            "{\n", m);
    for (size_t j = 0; j < n; j++)
        sput(o, "    /* %-22s %c  %s */\n", rows[j].name, rows[j].compact ? rows[j].compact : '-',
             rows[j].kind);
    if (maxlen > 32)
        die("%s: header names of at most 32 bytes", rl_path);
    const size_t nw = (maxlen + 7) / 8;
    sput(o, "    /* The name's bytes, each | 0x20, packed 8 to a word, first byte lowest;\n"
            "       each name above is letters and '-', and the name a token (the\n"
            "       machine's rule): b | 0x20 is a lowercase letter only for that letter\n"
            "       in either case, and '-' only for '-' (the other byte that gives it,\n"
            "       CR, is no token byte); a byte above 0x7f gives no ASCII byte. So a\n"
            "       name is known when its length and words are a row's.\n"
            "       A word is read whole where the input has 8 bytes from its\n"
            "       start (one load; the bytes past the name are masked off), byte by\n"
            "       byte near the end of the input. */\n"
            "    uint64_t w[%zu] = {0u};\n"
            "    size_t j;\n"
            "    if (name.len == 0u || name.len > %zuu)\n"
            "        return SIPR_H_OTHER;\n"
            "    /*@ loop invariant 0 <= j <= %zu;\n"
            "        loop assigns j, w[0 .. %zu];\n"
            "        loop variant %zu - j; */\n"
            "    for (j = 0; j < %zuu && 8u * j < name.len; j++) {\n"
            "        const size_t at = (size_t)name.off + 8u * j;\n"
            "        const size_t n = (name.len - 8u * j < 8u) ? name.len - 8u * j : 8u;\n"
            "        uint64_t x = 0u;\n"
            "        if (len - at >= 8u) {\n"
            "            const char *p = buf + at;\n"
            "            x = (uint64_t)(uint8_t)p[0] | (uint64_t)(uint8_t)p[1] << 8 | (uint64_t)(uint8_t)p[2] << 16 |\n"
            "                (uint64_t)(uint8_t)p[3] << 24 | (uint64_t)(uint8_t)p[4] << 32 | (uint64_t)(uint8_t)p[5] << 40 |\n"
            "                (uint64_t)(uint8_t)p[6] << 48 | (uint64_t)(uint8_t)p[7] << 56;\n"
            "        } else {\n"
            "            size_t q;\n"
            "            /*@ loop invariant 0 <= q <= n;\n"
            "                loop assigns q, x;\n"
            "                loop variant n - q; */\n"
            "            for (q = 0; q < n; q++)\n"
            "                x |= (uint64_t)(uint8_t)buf[at + q] << (8u * q);\n"
            "        }\n"
            "        x |= UINT64_C(0x2020202020202020);\n"
            "        if (n < 8u)\n"
            "            x &= (UINT64_C(1) << (8u * n)) - 1u;\n"
            "        w[j] = x;\n"
            "    }\n"
            "    switch (name.len) {\n", nw, maxlen, nw, nw - 1, nw, nw);
    for (size_t l = 1; l <= maxlen; l++) {
        int any = 0;
        for (size_t j = 0; j < n; j++)
            any |= strlen(rows[j].name) == l || (l == 1 && rows[j].compact);
        if (!any)
            continue;
        sput(o, "    case %zu:\n", l);
        for (size_t j = 0; j < n; j++) {
            char lc[33] = {0};
            const char *shown = rows[j].name;
            if (l == 1 && rows[j].compact) {
                lc[0] = rows[j].compact;
                shown = lc;
            } else if (strlen(rows[j].name) == l) {
                for (size_t k = 0; k < l; k++)
                    lc[k] = (char)tolower((unsigned char)rows[j].name[k]);
            } else {
                continue;
            }
            sput(o, "        if (");
            for (size_t wi = 0; wi * 8 < l; wi++) {
                unsigned long long v = 0;
                for (size_t k = wi * 8; k < l && k < wi * 8 + 8; k++)
                    v |= (unsigned long long)(unsigned char)lc[k] << (8 * (k % 8));
                sput(o, "%sw[%zu] == UINT64_C(0x%llx)", wi ? " && " : "", wi, v);
            }
            sput(o, ")\n            return %s; /* %s */\n", rows[j].kind, shown);
        }
        sput(o, "        break;\n");
    }
    sput(o, "    default:\n        break;\n    }\n    return SIPR_H_OTHER;\n}\n\n");
    /* The inverse, from the same rows: the writers' and sipr_header_name's names.
       Tables indexed by kind (designated initializers: the rows need not follow
       the enum). A switch returning one of the 2 x 59 literals made WP's Qed
       spend half an hour on the merge of its paths; with the tables the result
       is one row's address, valid for the row's width whatever the kind, and
       the lengths are read from two small tables and bounded by a check. */
    if (maxlen + 1 > 255)
        die("%s: header names of at most 254 bytes", rl_path);
    sput(o, "\n/* each kind's long form, NUL-padded to %zu bytes; row SIPR_H_OTHER is empty */\n"
            "static const char %s_long[SIPR_H__COUNT][%zu] = {\n", maxlen + 1, m, maxlen + 1);
    for (size_t j = 0; j < n; j++)
        sput(o, "    [%s] = \"%s\",\n", rows[j].kind, rows[j].name);
    sput(o, "};\n\n/* each kind's compact form, \"\" when it has none */\n"
            "static const char %s_short[SIPR_H__COUNT][2] = {\n", m);
    for (size_t j = 0; j < n; j++)
        if (rows[j].compact)
            sput(o, "    [%s] = \"%c\",\n", rows[j].kind, rows[j].compact);
    sput(o, "};\n\n/* the lengths of the long forms */\n"
            "static const uint8_t %s_long_len[SIPR_H__COUNT] = {\n", m);
    for (size_t j = 0; j < n; j++)
        sput(o, "    [%s] = %zuu,\n", rows[j].kind, strlen(rows[j].name));
    sput(o, "};\n\n/* 1 for a kind with a compact form */\n"
            "static const uint8_t %s_short_len[SIPR_H__COUNT] = {\n", m);
    for (size_t j = 0; j < n; j++)
        if (rows[j].compact)
            sput(o, "    [%s] = 1u,\n", rows[j].kind);
    sput(o, "};\n\n");
    sput(o, "/* The name of a header kind: the compact form when asked and the kind has\n"
            " * one, else the long form; empty for SIPR_H_OTHER and unknown kinds. The\n"
            " * byte after the name is readable (a NUL of the table). Emitted by gen/rlgen\n"
            " * from the table in the grammar (header names). */\n"
            "/*@ assigns \\nothing;\n"
            "    ensures STR_OK(\\result);\n"
            "    ensures \\valid_read(\\result.s + (0 .. \\result.len));\n"
            "    ensures \\result.len <= %zu;\n"
            "*/\n"
            "sipr_str %s_kind_name(uint32_t kind, int compact)\n"
            "{\n"
            "    sipr_str t;\n"
            "    uint32_t k = kind < (uint32_t)SIPR_H__COUNT ? kind : (uint32_t)SIPR_H_OTHER;\n"
            "    if (compact && %s_short_len[k] == 1u) {\n"
            "        t.s = %s_short[k];\n"
            "        t.len = 1u;\n"
            "    } else {\n"
            "        t.s = %s_long[k];\n"
            "        t.len = %s_long_len[k];\n"
            "        if (t.len > %zuu) /* the generator wrote each length from its name */\n"
            "            t.len = 0u;\n"
            "    }\n"
            "    return t;\n"
            "}\n", maxlen, m, m, m, m, m, maxlen);
    return end + 2;
}

/* Copies the host text of the .rl file, replacing Ragel sections. */
static void emit_host(str *o, const char *rl, const char *rl_path, const char *xml_path,
                      const char *out_path)
{
    sput(o, "/* Generated by gen/rlgen from %s (ragel -x): "
            "`ragel -x %s -o %s && build/rlgen %s %s %s`. Do not edit; run `make regen`. */\n",
         rl_path, rl_path, xml_path, rl_path, xml_path, out_path);
    const char *p = rl;
    int wrote_data = 0, wrote_exec = 0, wrote_act = 0, wrote_flush = 0, wrote_names = 0;
    while (*p) {
        const char *eol = strchr(p, '\n');
        const char *next = eol ? eol + 1 : p + strlen(p);
        const char *q = p;
        while (q < next && (*q == ' ' || *q == '\t'))
            q++;
        if (!strncmp(q, "%%{", 3)) {
            const char *e = strstr(q, "}%%");
            if (!e)
                die("%s: unterminated %%%%{", rl_path);
            const char *nl = strchr(e, '\n');
            p = nl ? nl + 1 : e + strlen(e);
            continue;
        }
        if (!strncmp(q, "%%", 2)) {
            const char *w = q + 2;
            while (*w == ' ')
                w++;
            if (!strncmp(w, "write data", 10)) {
                emit_data(o);
                wrote_data = 1;
            } else if (!strncmp(w, "write init", 10)) {
                sput(o, "%.*scs = %s_start;\n", (int)(q - p), p, g_machine);
            } else if (!strncmp(w, "write exec", 10)) {
                /* the loop annotation is the last ACSL comment before this line */
                char *a = take_annotation(o);
                const char *ae = a ? a + strlen(a) : NULL;
                if (!a)
                    die("%s: `%%%% write exec;` must follow the loop annotation /*@ ... */", rl_path);
                emit_exec(o, a, (size_t)(ae - a));
                free(a);
                wrote_exec = 1;
            } else if (!strncmp(w, "write", 5)) {
                die("%s: unsupported write statement", rl_path);
            }
            p = next;
            continue;
        }
        if (!strncmp(q, NAMES_MARK, strlen(NAMES_MARK))) {
            if (wrote_names++)
                die("%s: one header-name table per grammar file", rl_path);
            p = emit_names(o, q, rl_path);
            if (*p == '\n')
                p++;
            continue;
        }
        if (!strncmp(q, FLUSH_MARK, strlen(FLUSH_MARK))) {
            if (wrote_flush++)
                die("%s: one parameter-flush marker per grammar file", rl_path);
            emit_flush(o, q, eol, rl_path);
            p = next;
            continue;
        }
        if (!strncmp(q, ACT_MARK, strlen(ACT_MARK)) || !strncmp(q, ACT_REF_MARK, strlen(ACT_REF_MARK))) {
            const char *mark = g_act_ref ? ACT_REF_MARK : ACT_MARK;
            if (wrote_act || strncmp(q, mark, strlen(mark)))
                die("%s: one action-function marker per grammar file", rl_path);
            char *a = take_annotation(o);
            if (!a)
                die("%s: `%s` must follow the contract /*@ ... */ of the action function", rl_path, mark);
            if (!wrote_data)
                die("%s: `%s` must come after `%%%% write data;`", rl_path, mark);
            emit_act(o, a, rl_path);
            free(a);
            wrote_act = 1;
            p = next;
            continue;
        }
        sput(o, "%.*s", (int)(next - p), p);
        p = next;
    }
    if (g_act_mode && !wrote_act)
        die("%s: the action-function marker must start a line", rl_path);
    if (!wrote_data || !wrote_exec)
        die("%s: needs `%%%% write data;` and `%%%% write exec;`", rl_path);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: rlgen GRAMMAR.rl MACHINE.xml OUT.c\n");
        return 64;
    }
    g_xml_path = argv[2];
    char *rl = slurp(argv[1], NULL);
    char *xml = slurp(argv[2], NULL);
    g_act_ref = strstr(rl, ACT_REF_MARK) != NULL;
    g_act_mode = g_act_ref || strstr(rl, ACT_MARK) != NULL;
    if (g_act_ref && strstr(rl, ACT_MARK))
        die("%s: both action-function markers", argv[1]);
    parse_xml(xml);
    str o = {0};
    emit_host(&o, rl, argv[1], argv[2], argv[3]);
    FILE *f = fopen(argv[3], "wb");
    if (!f)
        die("cannot write %s", argv[3]);
    fwrite(o.s, 1, o.n, f);
    if (fclose(f) != 0)
        die("cannot write %s", argv[3]);
    return 0;
}
