/* fsmgen: turn a state-machine spec (fsm/NAME.fsm, format in docs/fsm-spec.md)
 * into C + ACSL (src/generated/sipr_fsm_NAME.{c,h}), a Graphviz diagram and a
 * Markdown table (docs/fsm/NAME.{dot,md}), or a Promela model for SPIN.
 *
 *   fsmgen SPEC.fsm CDIR DOCDIR         C, ACSL, DOT, Markdown
 *   fsmgen --promela SPEC.fsm OUT.pml   Promela model (make model-fsm)
 *
 * A build tool: C99 + libc only. Output is deterministic (no dates, no host
 * names): the first line of every file names the spec and the command line,
 * so `make regen-fsm` reproduces the committed files byte for byte.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_STATES 32
#define MAX_EVENTS 32
#define MAX_TIMERS 8
#define MAX_ROWS 128
#define NAME_LEN 48
#define TEXT_LEN 512

/* ---- Model ----------------------------------------------------------- */

enum { D_NONE, D_MS, D_T };             /* duration kinds */
typedef struct {
    int kind;
    unsigned long mult; /* D_T: multiplier of T<which>; D_MS: milliseconds */
    int which;          /* 1, 2 or 4 */
} dur_t;

typedef struct {
    char name[NAME_LEN];
    char desc[TEXT_LEN];
    int initial, final;
} state_t;

typedef struct {
    char name[NAME_LEN];
    char desc[TEXT_LEN];
    int timer; /* index of the timer whose expiry this is, or -1 */
} event_t;

typedef struct {
    char name[NAME_LEN];
    dur_t udur;     /* unreliable transports */
    dur_t rdur;     /* reliable transports (D_NONE: does not run) */
    int has_rdur;
    int backoff;    /* doubling retransmission timer */
    dur_t cap;      /* D_NONE: no cap */
    char cite[TEXT_LEN];
} tmr_t;

enum { E_KEEP, E_START, E_BACKOFF, E_STOP };
typedef struct {
    int kind;
    dur_t dur;      /* E_START: unreliable duration used */
    int explicit_;  /* written in the spec (vs implied) */
} eff_t;

enum { G_NONE, G_RELIABLE, G_UNRELIABLE };
typedef struct {
    int num;        /* row number, 1 = init */
    int src;        /* -1 for the init row */
    int ev;         /* -1 for the init row */
    int guard;
    int dst;
    unsigned long act;
    eff_t eff[MAX_TIMERS];
    char acts[TEXT_LEN];  /* action text as written */
    char cite[TEXT_LEN];
    int line;
} row_t;

static struct {
    char name[NAME_LEN];
    char title[TEXT_LEN];
    char cite[TEXT_LEN];
    char dflt[TEXT_LEN];
    char dflt_cite[TEXT_LEN];
    state_t st[MAX_STATES];
    int nst;
    event_t ev[MAX_EVENTS];
    int nev;
    tmr_t tm[MAX_TIMERS];
    int ntm;
    row_t row[MAX_ROWS];
    int nrow;          /* rows including init (row[0] is the init row once sorted) */
    int initial;
    unsigned armed[MAX_STATES]; /* timers that may run in a state */
} M;

static const char *spec_path;
static char cmdline[1024];
static int lineno;

static void die(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: ", spec_path ? spec_path : "fsmgen", lineno);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void copy(char *dst, size_t n, const char *src)
{
    size_t l = strlen(src);
    if (l >= n)
        die("text too long: %.40s...", src);
    memcpy(dst, src, l + 1);
}

/* Common actions: spec word -> SIPR_FSM_* macro and bit. */
static const struct {
    const char *word, *macro;
    unsigned long bit;
} ACTIONS[] = {
    {"send_request", "SIPR_FSM_SEND_REQUEST", 0x0001ul},
    {"retransmit", "SIPR_FSM_RETRANSMIT", 0x0002ul},
    {"send_ack", "SIPR_FSM_SEND_ACK", 0x0004ul},
    {"pass_to_tu", "SIPR_FSM_PASS_TO_TU", 0x0008ul},
    {"send_response", "SIPR_FSM_SEND_RESPONSE", 0x0010ul},
    {"resend_response", "SIPR_FSM_RESEND_RESPONSE", 0x0020ul},
    {"timeout", "SIPR_FSM_TIMEOUT", 0x0040ul},
    {"transport_error", "SIPR_FSM_TRANSPORT_ERROR", 0x0080ul},
    {"terminate", "SIPR_FSM_TERMINATE", 0x0100ul},
};
#define N_ACTIONS (sizeof ACTIONS / sizeof ACTIONS[0])
#define ACT_TERMINATE 0x0100ul
#define START_BIT(k) (0x00010000ul << (k))
#define STOP_BIT(k) (0x01000000ul << (k))

/* ---- Lexing ------------------------------------------------------------ */

#define MAX_TOK 64
static char *tok[MAX_TOK];
static int ntok;

/* Split `line` (modified in place) into tokens; quoted strings are one token
 * (quotes removed). The comment after '#' goes to `comment`. */
static void tokenize(char *line, char *comment, size_t clen)
{
    char *p = line, *hash = NULL;
    int inq = 0;
    for (; *p; p++) {
        if (*p == '"')
            inq = !inq;
        else if (*p == '#' && !inq) {
            hash = p;
            break;
        }
    }
    comment[0] = 0;
    if (hash) {
        char *c = hash + 1;
        size_t l;
        *hash = 0;
        while (*c == ' ' || *c == '\t')
            c++;
        l = strlen(c);
        while (l && isspace((unsigned char)c[l - 1]))
            c[--l] = 0;
        if (l >= clen)
            die("comment too long");
        memcpy(comment, c, l + 1);
    }
    ntok = 0;
    p = line;
    for (;;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        if (ntok == MAX_TOK)
            die("too many tokens");
        if (*p == '"') {
            tok[ntok++] = ++p;
            while (*p && *p != '"')
                p++;
            if (!*p)
                die("unterminated string");
            *p++ = 0;
            continue;
        }
        tok[ntok++] = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        if (*p)
            *p++ = 0;
    }
}

static int is_ident(const char *s, int allow_dash)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_' || (allow_dash && *s == '-')))
            return 0;
    return 1;
}

/* C identifier fragment: upper case, '-' -> '_'. */
static const char *upper(const char *s)
{
    static char buf[16][NAME_LEN];
    static int k;
    char *b = buf[k = (k + 1) & 15];
    size_t i;
    for (i = 0; s[i] && i + 1 < NAME_LEN; i++)
        b[i] = s[i] == '-' ? '_' : (char)toupper((unsigned char)s[i]);
    b[i] = 0;
    return b;
}

static const char *lower(const char *s)
{
    static char buf[16][NAME_LEN];
    static int k;
    char *b = buf[k = (k + 1) & 15];
    size_t i;
    for (i = 0; s[i] && i + 1 < NAME_LEN; i++)
        b[i] = s[i] == '-' ? '_' : (char)tolower((unsigned char)s[i]);
    b[i] = 0;
    return b;
}

static int find_state(const char *n)
{
    int i;
    for (i = 0; i < M.nst; i++)
        if (!strcmp(M.st[i].name, n))
            return i;
    return -1;
}

static int find_event(const char *n)
{
    int i;
    for (i = 0; i < M.nev; i++)
        if (!strcmp(M.ev[i].name, n))
            return i;
    return -1;
}

static int find_timer(const char *n)
{
    int i;
    for (i = 0; i < M.ntm; i++)
        if (!strcmp(M.tm[i].name, n))
            return i;
    return -1;
}

/* none | N | Tk | N*Tk */
static dur_t parse_dur(const char *s)
{
    dur_t d;
    char *end;
    d.kind = D_NONE;
    d.mult = 0;
    d.which = 0;
    if (!strcmp(s, "none"))
        return d;
    if (s[0] == 'T') {
        d.kind = D_T;
        d.mult = 1;
        d.which = atoi(s + 1);
    } else {
        d.mult = strtoul(s, &end, 10);
        if (end == s)
            die("bad duration '%s'", s);
        if (*end == 0) {
            d.kind = D_MS;
            if (d.mult > 86400000ul)
                die("duration too long '%s'", s);
            return d;
        }
        if (end[0] != '*' || end[1] != 'T')
            die("bad duration '%s'", s);
        d.kind = D_T;
        d.which = atoi(end + 2);
        if (d.mult < 1 || d.mult > 64)
            die("multiplier out of 1..64 in '%s'", s);
    }
    if (d.which != 1 && d.which != 2 && d.which != 4)
        die("bad timer base in '%s' (T1, T2 or T4)", s);
    return d;
}

static int dur_eq(dur_t a, dur_t b)
{
    return a.kind == b.kind && a.mult == b.mult && a.which == b.which;
}

/* Spec text of a duration. */
static const char *dur_text(dur_t d)
{
    static char buf[16][32];
    static int k;
    char *b = buf[k = (k + 1) & 15];
    if (d.kind == D_NONE)
        return "none";
    if (d.kind == D_MS)
        sprintf(b, "%lu ms", d.mult);
    else if (d.mult == 1)
        sprintf(b, "T%d", d.which);
    else
        sprintf(b, "%lu*T%d", d.mult, d.which);
    return b;
}

/* C (csuf = "u") or ACSL (csuf = "") expression of a duration. */
static const char *dur_pfx = "m->"; /* where T1, T2, T4 are read from */

static const char *dur_expr(dur_t d, const char *csuf)
{
    static char buf[16][64];
    static int k;
    char *b = buf[k = (k + 1) & 15];
    if (d.kind == D_MS)
        sprintf(b, "%lu%s", d.mult, csuf);
    else if (d.kind == D_T && d.mult == 1)
        sprintf(b, "%st%d", dur_pfx, d.which);
    else if (d.kind == D_T)
        sprintf(b, "%lu%s * %st%d", d.mult, csuf, dur_pfx, d.which);
    else
        die("internal: no expression for 'none'");
    return b;
}

/* ---- Parsing ------------------------------------------------------------ */

static void parse_actions(row_t *r, int first)
{
    int i, k;
    char acts[TEXT_LEN] = "";
    for (k = 0; k < M.ntm; k++) {
        r->eff[k].kind = E_KEEP;
        r->eff[k].explicit_ = 0;
    }
    r->act = 0;
    for (i = first; i < ntok; i++) {
        const char *a = tok[i];
        size_t j;
        if (strlen(acts) + strlen(a) + 2 >= sizeof acts)
            die("action list too long");
        if (acts[0])
            strcat(acts, " ");
        strcat(acts, a);
        if (!strcmp(a, "-")) {
            if (ntok != first + 1)
                die("'-' must be the only action");
            continue;
        }
        for (j = 0; j < N_ACTIONS; j++)
            if (!strcmp(a, ACTIONS[j].word))
                break;
        if (j < N_ACTIONS) {
            if (r->act & ACTIONS[j].bit)
                die("action '%s' twice", a);
            r->act |= ACTIONS[j].bit;
            continue;
        }
        {
            char fn[16], arg[NAME_LEN], arg2[NAME_LEN];
            const char *op = strchr(a, '('), *cp = strchr(a, ')');
            const char *comma;
            size_t fl;
            int t, kind = E_KEEP;
            if (!op || !cp || cp[1] || cp < op)
                die("unknown action '%s'", a);
            fl = (size_t)(op - a);
            if (fl >= sizeof fn)
                die("unknown action '%s'", a);
            memcpy(fn, a, fl);
            fn[fl] = 0;
            comma = strchr(op, ',');
            arg2[0] = 0;
            if (comma && comma < cp) {
                if ((size_t)(comma - op - 1) >= sizeof arg || (size_t)(cp - comma - 1) >= sizeof arg2)
                    die("bad action '%s'", a);
                memcpy(arg, op + 1, (size_t)(comma - op - 1));
                arg[comma - op - 1] = 0;
                memcpy(arg2, comma + 1, (size_t)(cp - comma - 1));
                arg2[cp - comma - 1] = 0;
            } else {
                if ((size_t)(cp - op - 1) >= sizeof arg)
                    die("bad action '%s'", a);
                memcpy(arg, op + 1, (size_t)(cp - op - 1));
                arg[cp - op - 1] = 0;
            }
            t = find_timer(arg);
            if (t < 0)
                die("unknown timer '%s' in '%s'", arg, a);
            if (!strcmp(fn, "start"))
                kind = E_START;
            else if (!strcmp(fn, "backoff"))
                kind = E_BACKOFF;
            else if (!strcmp(fn, "stop"))
                kind = E_STOP;
            else
                die("unknown action '%s'", a);
            if (r->eff[t].explicit_)
                die("timer %s used twice in one row", arg);
            if (arg2[0] && kind != E_START)
                die("only start() takes a duration");
            r->eff[t].kind = kind;
            r->eff[t].explicit_ = 1;
            r->eff[t].dur = M.tm[t].udur;
            if (arg2[0]) {
                r->eff[t].dur = parse_dur(arg2);
                if (r->eff[t].dur.kind == D_NONE)
                    die("start(%s, none) makes no sense", arg);
            }
            if (kind == E_BACKOFF && !M.tm[t].backoff)
                die("backoff(%s): timer %s is not declared 'backoff'", arg, arg);
            r->act |= kind == E_STOP ? STOP_BIT(t) : START_BIT(t);
        }
    }
    copy(r->acts, sizeof r->acts, acts[0] ? acts : "-");
}

static void parse_line(char *line)
{
    char comment[TEXT_LEN];
    int i;
    tokenize(line, comment, sizeof comment);
    if (ntok == 0)
        return;
    if (!strcmp(tok[0], "machine")) {
        if (ntok != 3 || !is_ident(tok[1], 0))
            die("usage: machine NAME \"title\"");
        copy(M.name, sizeof M.name, tok[1]);
        copy(M.title, sizeof M.title, tok[2]);
        copy(M.cite, sizeof M.cite, comment);
        return;
    }
    if (!M.name[0])
        die("the first declaration must be 'machine'");
    if (!strcmp(tok[0], "state")) {
        state_t *s;
        if (ntok < 2 || !is_ident(tok[1], 0))
            die("usage: state NAME [initial] [final] # description");
        if (find_state(tok[1]) >= 0)
            die("state %s declared twice", tok[1]);
        if (M.nst == MAX_STATES)
            die("too many states");
        s = &M.st[M.nst];
        copy(s->name, sizeof s->name, tok[1]);
        copy(s->desc, sizeof s->desc, comment);
        for (i = 2; i < ntok; i++) {
            if (!strcmp(tok[i], "initial"))
                s->initial = 1;
            else if (!strcmp(tok[i], "final"))
                s->final = 1;
            else
                die("unknown state attribute '%s'", tok[i]);
        }
        M.nst++;
        return;
    }
    if (!strcmp(tok[0], "event")) {
        event_t *e;
        if (ntok < 2 || ntok > 3 || !is_ident(tok[1], 1))
            die("usage: event NAME [\"description\"] # RFC citation");
        if (find_event(tok[1]) >= 0)
            die("event %s declared twice", tok[1]);
        if (!strncmp(tok[1], "timer_", 6))
            die("timer_* events come from timer declarations");
        if (M.nev == MAX_EVENTS)
            die("too many events");
        e = &M.ev[M.nev++];
        copy(e->name, sizeof e->name, tok[1]);
        e->timer = -1;
        {
            char d[TEXT_LEN * 2];
            snprintf(d, sizeof d, "%s%s%s", ntok == 3 ? tok[2] : "",
                     (ntok == 3 && comment[0]) ? " (" : "", comment);
            if (ntok == 3 && comment[0])
                strcat(d, ")");
            copy(e->desc, sizeof e->desc, d);
        }
        return;
    }
    if (!strcmp(tok[0], "timer")) {
        tmr_t *t;
        if (ntok < 3 || !is_ident(tok[1], 0))
            die("usage: timer NAME DURATION [backoff] [cap=D] [reliable=D] # RFC citation");
        if (find_timer(tok[1]) >= 0)
            die("timer %s declared twice", tok[1]);
        if (M.ntm == MAX_TIMERS)
            die("too many timers");
        if (!comment[0])
            die("timer %s: missing RFC citation", tok[1]);
        t = &M.tm[M.ntm];
        copy(t->name, sizeof t->name, tok[1]);
        copy(t->cite, sizeof t->cite, comment);
        t->udur = parse_dur(tok[2]);
        if (t->udur.kind == D_NONE)
            die("timer %s: duration 'none'", tok[1]);
        t->cap.kind = D_NONE;
        for (i = 3; i < ntok; i++) {
            if (!strcmp(tok[i], "backoff"))
                t->backoff = 1;
            else if (!strncmp(tok[i], "cap=", 4))
                t->cap = parse_dur(tok[i] + 4);
            else if (!strncmp(tok[i], "reliable=", 9)) {
                t->rdur = parse_dur(tok[i] + 9);
                t->has_rdur = 1;
            } else
                die("unknown timer attribute '%s'", tok[i]);
        }
        if (!t->backoff && t->cap.kind != D_NONE)
            die("timer %s: cap= needs backoff", tok[1]);
        if (t->cap.kind != D_NONE && !(t->cap.kind == D_T && t->cap.mult == 1 && t->cap.which == 2))
            die("timer %s: the only supported cap is T2", tok[1]);
        if (!t->has_rdur)
            t->rdur = t->udur;
        M.ntm++;
        /* its expiry event */
        {
            event_t *e;
            char n[NAME_LEN + 8];
            if (M.nev == MAX_EVENTS)
                die("too many events");
            e = &M.ev[M.nev++];
            snprintf(n, sizeof n, "timer_%s", t->name);
            copy(e->name, sizeof e->name, n);
            snprintf(n, sizeof n, "timer %s fires", t->name);
            copy(e->desc, sizeof e->desc, n);
            e->timer = M.ntm - 1;
        }
        return;
    }
    if (!strcmp(tok[0], "default")) {
        if (ntok != 2 || strcmp(tok[1], "ignore"))
            die("usage: default ignore # citation (the only policy so far)");
        copy(M.dflt, sizeof M.dflt, tok[1]);
        copy(M.dflt_cite, sizeof M.dflt_cite, comment);
        return;
    }
    /* a transition row */
    {
        row_t *r;
        int p = 0, arrow;
        if (M.nrow == MAX_ROWS)
            die("too many rows");
        r = &M.row[M.nrow];
        memset(r, 0, sizeof *r);
        r->line = lineno;
        if (!strcmp(tok[0], "init")) {
            r->src = -1;
            r->ev = -1;
            p = 1;
        } else {
            if (ntok < 4)
                die("usage: STATE EVENT [guard] -> NEXT / ACTIONS # RFC citation");
            r->src = find_state(tok[0]);
            if (r->src < 0)
                die("unknown state '%s'", tok[0]);
            r->ev = find_event(tok[1]);
            if (r->ev < 0)
                die("unknown event '%s'", tok[1]);
            p = 2;
            if (tok[p][0] == '[') {
                if (!strcmp(tok[p], "[reliable]"))
                    r->guard = G_RELIABLE;
                else if (!strcmp(tok[p], "[unreliable]"))
                    r->guard = G_UNRELIABLE;
                else
                    die("unknown guard '%s' ([reliable] or [unreliable])", tok[p]);
                p++;
            }
        }
        arrow = p;
        if (arrow + 3 > ntok || strcmp(tok[arrow], "->") || strcmp(tok[arrow + 2], "/"))
            die("expected '-> NEXT / ACTIONS'");
        r->dst = find_state(tok[arrow + 1]);
        if (r->dst < 0)
            die("unknown state '%s'", tok[arrow + 1]);
        if (arrow + 3 == ntok)
            die("no actions: write '-' for none");
        parse_actions(r, arrow + 3);
        if (!strstr(comment, "RFC"))
            die("every row needs an RFC citation ('# RFC 3261 §x.y')");
        copy(r->cite, sizeof r->cite, comment);
        M.nrow++;
    }
}

/* ---- Checks and derived data ------------------------------------------------ */

static void check(void)
{
    int i, j, k, ninit = 0, nfinal = 0;
    lineno = 0;
    if (!M.nst)
        die("no states");
    if (!M.dflt[0])
        die("missing 'default' declaration");
    M.initial = -1;
    for (i = 0; i < M.nst; i++) {
        if (M.st[i].initial) {
            ninit++;
            M.initial = i;
        }
        nfinal += M.st[i].final;
        if (M.st[i].initial && M.st[i].final)
            die("state %s both initial and final", M.st[i].name);
    }
    if (ninit != 1 || nfinal < 1)
        die("need exactly one initial state and at least one final state");
    /* the init row first, then the others in file order; number them */
    for (i = 0, j = -1; i < M.nrow; i++)
        if (M.row[i].src < 0) {
            if (j >= 0)
                die("two init rows (lines %d and %d)", M.row[j].line, M.row[i].line);
            j = i;
        }
    if (j < 0)
        die("no init row");
    {
        row_t init = M.row[j];
        memmove(&M.row[1], &M.row[0], (size_t)j * sizeof M.row[0]);
        M.row[0] = init;
    }
    for (i = 0; i < M.nrow; i++)
        M.row[i].num = i + 1;
    if (M.row[0].dst != M.initial)
        die("the init row must enter the initial state %s", M.st[M.initial].name);
    for (i = 0; i < M.nrow; i++) {
        row_t *r = &M.row[i];
        lineno = r->line;
        if (r->src >= 0 && M.st[r->src].final)
            die("final state %s must not have transitions", M.st[r->src].name);
        if (M.st[r->dst].final != !!(r->act & ACT_TERMINATE))
            die("'terminate' exactly on the rows that enter a final state");
        if (r->src < 0 && r->guard)
            die("the init row takes no guard");
        for (k = 0; k < M.ntm; k++) {
            eff_t *e = &r->eff[k];
            if (e->kind == E_BACKOFF && (r->ev < 0 || M.ev[r->ev].timer != k))
                die("backoff(%s) only on timer_%s rows", M.tm[k].name, M.tm[k].name);
            if (r->src < 0 && (e->kind == E_BACKOFF || e->kind == E_STOP))
                die("the init row can only start timers");
            if (e->kind == E_START && M.tm[k].backoff && M.tm[k].cap.kind != D_NONE &&
                !(e->dur.kind == D_T && e->dur.mult == 1 && (e->dur.which == 1 || e->dur.which == 2)))
                die("timer %s is capped at T2: start it with T1 or T2", M.tm[k].name);
            if (M.st[r->dst].final && e->explicit_ && e->kind != E_STOP)
                die("a row entering a final state cannot start timers");
            /* implied effects: a final state stops every timer; a timer that
             * fired is not running any more unless the row restarts it */
            if (M.st[r->dst].final)
                e->kind = E_STOP;
            else if (e->kind == E_KEEP && r->ev >= 0 && M.ev[r->ev].timer == k)
                e->kind = E_STOP;
        }
        for (j = 1; j < i; j++) {
            row_t *o = &M.row[j];
            if (o->src == r->src && o->ev == r->ev &&
                (o->guard == G_NONE || r->guard == G_NONE || o->guard == r->guard))
                die("row overlaps line %d (same state, event and guard)", o->line);
        }
    }
    lineno = 0;
    /* timers that may run in each state: least fixed point */
    memset(M.armed, 0, sizeof M.armed);
    for (k = 0; k < M.ntm; k++)
        if (M.row[0].eff[k].kind == E_START)
            M.armed[M.initial] |= 1u << k;
    for (;;) {
        int changed = 0;
        for (i = 1; i < M.nrow; i++) {
            row_t *r = &M.row[i];
            unsigned a = M.armed[r->src];
            for (k = 0; k < M.ntm; k++) {
                if (r->eff[k].kind == E_STOP)
                    a &= ~(1u << k);
                else if (r->eff[k].kind == E_START || r->eff[k].kind == E_BACKOFF)
                    a |= 1u << k;
            }
            if ((M.armed[r->dst] | a) != M.armed[r->dst]) {
                M.armed[r->dst] |= a;
                changed = 1;
            }
        }
        if (!changed)
            break;
    }
    /* reachability and exits */
    {
        int reach[MAX_STATES] = {0}, again = 1;
        reach[M.initial] = 1;
        while (again) {
            again = 0;
            for (i = 1; i < M.nrow; i++)
                if (reach[M.row[i].src] && !reach[M.row[i].dst])
                    reach[M.row[i].dst] = again = 1;
        }
        for (i = 0; i < M.nst; i++) {
            int exits = 0;
            if (!reach[i])
                die("state %s is unreachable", M.st[i].name);
            for (j = 1; j < M.nrow; j++)
                if (M.row[j].src == i && M.row[j].dst != i)
                    exits = 1;
            if (!M.st[i].final && !exits)
                die("state %s has no exit", M.st[i].name);
        }
    }
    /* a timer that may run in a state must be handled there, or its expiry
     * would be ignored and it would stay due for ever */
    for (i = 0; i < M.nst; i++)
        for (k = 0; k < M.ntm; k++)
            if (M.armed[i] & (1u << k)) {
                int rel, g;
                for (rel = 0; rel < 2; rel++) {
                    int found = 0;
                    if (rel && M.tm[k].rdur.kind == D_NONE)
                        continue; /* does not run on reliable transports */
                    for (j = 1; j < M.nrow; j++) {
                        g = M.row[j].guard;
                        if (M.row[j].src == i && M.ev[M.row[j].ev].timer == k &&
                            (g == G_NONE || (g == G_RELIABLE) == rel))
                            found = 1;
                    }
                    if (!found)
                        die("timer %s may run in state %s but no row there handles timer_%s (%s transports)",
                            M.tm[k].name, M.st[i].name, M.tm[k].name, rel ? "reliable" : "unreliable");
                }
            }
}

/* ---- Output helpers ---------------------------------------------------------- */

static FILE *out;

static void P(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
}

static void open_out(const char *dir, const char *fname)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, fname);
    out = fopen(path, "w");
    if (!out) {
        perror(path);
        exit(1);
    }
}

static void close_out(void)
{
    if (ferror(out) || fclose(out)) {
        perror("write");
        exit(1);
    }
}

/* Name of the machine in identifiers: sipr_<m>_..., SIPR_<M>_... */
#define MN lower(M.name)
#define MU upper(M.name)

static const char *S_(int s)
{
    static char buf[16][128];
    static int k;
    char *b = buf[k = (k + 1) & 15];
    snprintf(b, 128, "SIPR_%s_%s", upper(M.name), upper(M.st[s].name));
    return b;
}

static const char *E_(int e)
{
    static char buf[16][128];
    static int k;
    char *b = buf[k = (k + 1) & 15];
    snprintf(b, 128, "SIPR_%s_EV_%s", upper(M.name), upper(M.ev[e].name));
    return b;
}

static int final_state(void)
{
    int i;
    for (i = 0; i < M.nst; i++)
        if (M.st[i].final)
            return i;
    return -1;
}

/* Action bits as a C expression of macros, e.g. (SIPR_FSM_PASS_TO_TU | SIPR_ICT_START_A). */
static void print_act(unsigned long act)
{
    size_t j;
    int k, first = 1;
    if (!act) {
        P("0u");
        return;
    }
    P("(");
    for (j = 0; j < N_ACTIONS; j++)
        if (act & ACTIONS[j].bit) {
            P("%s%s", first ? "" : " | ", ACTIONS[j].macro);
            first = 0;
        }
    for (k = 0; k < M.ntm; k++) {
        if (act & START_BIT(k)) {
            P("%sSIPR_%s_START_%s", first ? "" : " | ", MU, upper(M.tm[k].name));
            first = 0;
        }
        if (act & STOP_BIT(k)) {
            P("%sSIPR_%s_STOP_%s", first ? "" : " | ", MU, upper(M.tm[k].name));
            first = 0;
        }
    }
    P(")");
}

static const char *row_text(const row_t *r)
{
    static char buf[TEXT_LEN * 2];
    if (r->src < 0)
        snprintf(buf, sizeof buf, "init -> %s / %s", M.st[r->dst].name, r->acts);
    else
        snprintf(buf, sizeof buf, "%s %s%s -> %s / %s", M.st[r->src].name, M.ev[r->ev].name,
                 r->guard == G_RELIABLE ? " [reliable]" : r->guard == G_UNRELIABLE ? " [unreliable]" : "",
                 M.st[r->dst].name, r->acts);
    return buf;
}

/* ACSL right-hand side describing timer k after a row with effect e
 * (`old` is the pre-state expression form). */
static void acsl_timer_effect(int k, const eff_t *e, char *b, size_t n)
{
    const tmr_t *t = &M.tm[k];
    const char *tn = lower(t->name);
    char at[256];
    switch (e->kind) {
    case E_KEEP:
        if (t->backoff)
            snprintf(b, n, "m->at_%s == \\old(m->at_%s) && m->iv_%s == \\old(m->iv_%s)", tn, tn, tn, tn);
        else
            snprintf(b, n, "m->at_%s == \\old(m->at_%s)", tn, tn);
        return;
    case E_STOP:
        if (t->backoff)
            snprintf(b, n, "m->at_%s == SIPR_FSM_NEVER && m->iv_%s == \\old(m->iv_%s)", tn, tn, tn);
        else
            snprintf(b, n, "m->at_%s == SIPR_FSM_NEVER", tn);
        return;
    case E_START:
    case E_BACKOFF: {
        char u[64];
        if (e->kind == E_BACKOFF)
            snprintf(u, sizeof u, "m->iv_%s", tn);
        else
            snprintf(u, sizeof u, "%s", dur_expr(e->dur, ""));
        if (t->rdur.kind == D_NONE)
            snprintf(at, sizeof at, "m->at_%s == (m->reliable != 0 ? SIPR_FSM_NEVER : sipr_fsm_sat(now, %s))", tn, u);
        else if (e->kind == E_START && !dur_eq(t->rdur, e->dur))
            snprintf(at, sizeof at, "m->at_%s == sipr_fsm_sat(now, m->reliable != 0 ? %s : %s)", tn,
                     dur_expr(t->rdur, ""), u);
        else
            snprintf(at, sizeof at, "m->at_%s == sipr_fsm_sat(now, %s)", tn, u);
        if (e->kind == E_BACKOFF)
            snprintf(b, n, "m->iv_%s == sipr_fsm_dbl(\\old(m->iv_%s), %s) && %s", tn, tn,
                     t->cap.kind == D_NONE ? "SIPR_FSM_NO_CAP" : "m->t2", at);
        else if (t->backoff)
            snprintf(b, n, "m->iv_%s == %s && %s", tn, u, at);
        else
            snprintf(b, n, "%s", at);
        return;
    }
    }
}


static void header_line(const char *open, const char *close)
{
    P("%s generated by gen/fsmgen from %s: %s -- do not edit %s\n", open, spec_path, cmdline, close);
}

/* ---- C header ------------------------------------------------------------------- */

static void emit_h(void)
{
    int i, k, fin = final_state();
    P("/* generated by gen/fsmgen from %s: %s -- do not edit */\n", spec_path, cmdline);
    P("/* %s (%s).\n", M.title, M.cite);
    P(" * The spec table, timers and defaults are in %s and docs/fsm/%s.md;\n", spec_path, M.name);
    P(" * the ACSL predicate sipr_%s_rel below is that table, row for row. */\n", MN);
    P("#ifndef SIPR_FSM_%s_H\n#define SIPR_FSM_%s_H\n\n", MU, MU);
    P("#include \"sipr_fsm.h\"\n\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");

    P("/* States */\ntypedef enum {\n");
    for (i = 0; i < M.nst; i++)
        P("    %s = %d,%s%s%s%s\n", S_(i), i, M.st[i].desc[0] || M.st[i].initial || M.st[i].final ? " /* " : "",
          M.st[i].initial ? "initial. " : M.st[i].final ? "final. " : "", M.st[i].desc,
          M.st[i].desc[0] || M.st[i].initial || M.st[i].final ? " */" : "");
    P("    SIPR_%s_N_STATES = %d\n} sipr_%s_state;\n\n", MU, M.nst, MN);

    P("/* Events (SIPR_%s_EV_NONE: returned by sipr_%s_expired when no timer is due) */\ntypedef enum {\n", MU, MN);
    for (i = 0; i < M.nev; i++)
        P("    %s = %d, /* %s */\n", E_(i), i, M.ev[i].desc);
    P("    SIPR_%s_N_EVENTS = %d,\n    SIPR_%s_EV_NONE = %d\n} sipr_%s_event;\n\n", MU, M.nev, MU, M.nev, MN);

    P("/* Timers: index, and the bits of a step's result that say one was\n"
      " * started (or restarted) or stopped */\n");
    for (k = 0; k < M.ntm; k++) {
        P("#define SIPR_%s_TIMER_%s %d /* %s%s%s, reliable transports: %s; %s */\n", MU, upper(M.tm[k].name), k,
          dur_text(M.tm[k].udur), M.tm[k].backoff ? ", doubling" : "", M.tm[k].cap.kind != D_NONE ? " up to T2" : "",
          M.tm[k].rdur.kind == D_NONE ? "not started" : dur_text(M.tm[k].rdur), M.tm[k].cite);
        P("#define SIPR_%s_START_%s 0x%08lxu\n", MU, upper(M.tm[k].name), START_BIT(k));
        P("#define SIPR_%s_STOP_%s 0x%08lxu\n", MU, upper(M.tm[k].name), STOP_BIT(k));
    }
    P("#define SIPR_%s_N_TIMERS %d\n", MU, M.ntm);
    P("/* Spec rows: 1 is the init row; 0 means \"no row applied\" (the event is\n"
      " * not listed for the state, or a timer event arrived before its deadline) */\n");
    P("#define SIPR_%s_N_ROWS %d\n", MU, M.nrow);
    P("/* Timers that may be running in each state (bit k: timer k), from the spec */\n");
    for (i = 0; i < M.nst; i++)
        P("#define SIPR_%s_TIMERS_IN_%s 0x%02xu\n", MU, upper(M.st[i].name), M.armed[i]);
    P("\n");

    P("/* One %s. Caller-owned; initialise with sipr_%s_init. */\ntypedef struct {\n", M.title, MN);
    P("    unsigned state;    /* sipr_%s_state */\n", MN);
    P("    unsigned row;      /* spec row applied by the last init or step (0: none) */\n");
    P("    unsigned reliable; /* 1 on reliable transports */\n");
    P("    uint32_t t1, t2, t4; /* ms */\n");
    for (k = 0; k < M.ntm; k++)
        if (M.tm[k].backoff)
            P("    uint32_t iv_%s; /* current interval of timer %s, ms */\n", lower(M.tm[k].name), M.tm[k].name);
    for (k = 0; k < M.ntm; k++)
        P("    uint64_t at_%s; /* deadline of timer %s, SIPR_FSM_NEVER when not running */\n", lower(M.tm[k].name),
          M.tm[k].name);
    P("} sipr_%s;\n\n", MN);

    /* ACSL: invariant, relation, timer effects */
    P("/* Machine invariant: declared state, sane configuration, and only the\n"
      " * timers the spec can have started in the current state are running. */\n");
    P("#define SIPR_%s_INV(m) ( \\\n", MU);
    P("    (m)->state < %du && (m)->row <= %du && (m)->reliable <= 1u && \\\n", M.nst, M.nrow);
    P("    SIPR_FSM_CFG_OK((m)->t1, (m)->t2, (m)->t4)");
    for (k = 0; k < M.ntm; k++) {
        const char *tn = lower(M.tm[k].name);
        int first = 1;
        if (M.tm[k].backoff)
            P(" && \\\n    (m)->iv_%s <= %s", tn, M.tm[k].cap.kind == D_NONE ? "SIPR_FSM_NO_CAP" : "(m)->t2");
        P(" && \\\n    ((m)->at_%s == SIPR_FSM_NEVER || SIPR_%s_MAY_RUN_%s((m)->state))", tn, MU, upper(M.tm[k].name));
        (void)first;
        if (M.tm[k].rdur.kind == D_NONE)
            P(" && \\\n    ((m)->at_%s == SIPR_FSM_NEVER || (m)->reliable == 0u)", tn);
    }
    P(")\n\n");

    P("/* A timer event is due when its timer runs and its deadline has come;\n"
      " * other events are always due. */\n");
    P("#define SIPR_%s_DUE(m, ev, now) ( 1", MU);
    for (i = 0; i < M.nev; i++)
        if (M.ev[i].timer >= 0)
            P(" && \\\n    ((ev) != %du || ((m)->at_%s != SIPR_FSM_NEVER && (m)->at_%s <= (now)))", i,
              lower(M.tm[M.ev[i].timer].name), lower(M.tm[M.ev[i].timer].name));
    P(")\n\n");

    P("/*@\n");
    P("  // The transition relation of %s, one disjunct per spec row:\n", spec_path);
    P("  // state s, event e, reliable r (0/1) -> row, next state s2, actions a.\n");
    P("  predicate sipr_%s_listed(integer s, integer e, integer r) =\n", MN);
    for (i = 1; i < M.nrow; i++) {
        row_t *r = &M.row[i];
        P("      %s(s == %d && e == %d%s)\n", i == 1 ? "   " : "|| ", r->src, r->ev,
          r->guard == G_RELIABLE ? " && r != 0" : r->guard == G_UNRELIABLE ? " && r == 0" : "");
    }
    if (M.nrow == 1)
        P("      \\false\n");
    P("      ;\n");
    P("  predicate sipr_%s_rel(integer s, integer e, integer r, integer row, integer s2, integer a) =\n", MN);
    for (i = 1; i < M.nrow; i++) {
        row_t *r = &M.row[i];
        P("      %s(s == %d && e == %d%s && row == %d && s2 == %d && a == 0x%lx) // %s\n", i == 1 ? "   " : "|| ",
          r->src, r->ev, r->guard == G_RELIABLE ? " && r != 0" : r->guard == G_UNRELIABLE ? " && r == 0" : "",
          r->num, r->dst, r->act, row_text(r));
    }
    P("      %s(!sipr_%s_listed(s, e, r) && row == 0 && s2 == s && a == 0) // default: %s\n",
      M.nrow > 1 ? "|| " : "   ", MN, M.dflt);
    P("      ;\n");
    P("  // The same table as functions of the row, used by the implementation:\n");
    P("  // the row that applies, its source state, next state and actions.\n");
    P("  logic integer sipr_%s_rowof(integer s, integer e, integer r) =\n", MN);
    for (i = 1; i < M.nrow; i++) {
        row_t *r = &M.row[i];
        P("      (s == %d && e == %d%s) ? %d :\n", r->src, r->ev,
          r->guard == G_RELIABLE ? " && r != 0" : r->guard == G_UNRELIABLE ? " && r == 0" : "", r->num);
    }
    P("      0;\n");
    P("  logic integer sipr_%s_src(integer row) =\n", MN);
    for (i = 1; i < M.nrow; i++)
        P("      row == %d ? %d :\n", M.row[i].num, M.row[i].src);
    P("      -1;\n");
    P("  logic integer sipr_%s_next(integer row, integer s) =\n", MN);
    for (i = 0; i < M.nrow; i++)
        P("      row == %d ? %d :\n", M.row[i].num, M.row[i].dst);
    P("      s;\n");
    P("  logic integer sipr_%s_act(integer row) =\n", MN);
    for (i = 0; i < M.nrow; i++)
        P("      row == %d ? 0x%lx :\n", M.row[i].num, M.row[i].act);
    P("      0;\n");
    P("*/\n\n");
    /* states where each timer may run */
    for (k = 0; k < M.ntm; k++) {
        int first = 1;
        P("#define SIPR_%s_MAY_RUN_%s(s) (0", MU, upper(M.tm[k].name));
        for (i = 0; i < M.nst; i++)
            if (M.armed[i] & (1u << k)) {
                P("%s(s) == %du", first ? " || " : " || ", i);
                first = 0;
            }
        P(")\n");
    }
    P("\n");

    /* prototypes with contracts */
    P("/* Start a machine: check the configuration and apply the init row.\n"
      " * A rejected configuration leaves the machine in its final state with no\n"
      " * timer running and returns SIPR_FSM_BAD_CONFIG. */\n");
    P("/*@ requires \\valid(m) && \\valid_read(cfg) && \\separated(m, cfg);\n");
    P("    requires now < SIPR_FSM_NEVER;\n");
    P("    assigns *m;\n");
    P("    ensures SIPR_%s_INV(m);\n", MU);
    P("    behavior ok:\n");
    P("      assumes SIPR_FSM_CFG_OK(cfg->t1_ms, cfg->t2_ms, cfg->t4_ms);\n");
    P("      ensures m->state == %d && m->row == 1 && \\result == 0x%lx;\n", M.row[0].dst, M.row[0].act);
    P("      ensures m->t1 == \\old(cfg->t1_ms) && m->t2 == \\old(cfg->t2_ms) && m->t4 == \\old(cfg->t4_ms);\n");
    P("      ensures m->reliable == (\\old(cfg->reliable) != 0 ? 1 : 0);\n");
    for (k = 0; k < M.ntm; k++) {
        char b[512];
        eff_t e = M.row[0].eff[k];
        if (e.kind == E_KEEP) {
            P("      ensures m->at_%s == SIPR_FSM_NEVER;\n", lower(M.tm[k].name));
            continue;
        }
        acsl_timer_effect(k, &e, b, sizeof b);
        P("      ensures %s;\n", b);
    }
    P("    behavior bad_config:\n");
    P("      assumes !SIPR_FSM_CFG_OK(cfg->t1_ms, cfg->t2_ms, cfg->t4_ms);\n");
    P("      ensures m->state == %d && m->row == 0 && \\result == SIPR_FSM_BAD_CONFIG;\n", fin);
    for (k = 0; k < M.ntm; k++)
        P("      ensures m->at_%s == SIPR_FSM_NEVER;\n", lower(M.tm[k].name));
    P("    complete behaviors;\n    disjoint behaviors;\n*/\n");
    P("uint32_t sipr_%s_init(sipr_%s *m, const sipr_fsm_config *cfg, uint64_t now);\n\n", MN, MN);

    P("/* Apply event `ev` at time `now` (ms). Returns the actions to carry out\n"
      " * (SIPR_FSM_* and SIPR_%s_START_* / _STOP_* bits); m->row tells which spec\n"
      " * row applied. Timer events count only when due (SIPR_%s_DUE), so a late or\n"
      " * duplicate timer event is harmless. */\n", MU, MU);
    P("/*@ requires \\valid(m) && SIPR_%s_INV(m);\n", MU);
    P("    requires ev < %du;\n", M.nev);
    P("    requires now < SIPR_FSM_NEVER;\n");
    P("    assigns m->state, m->row");
    for (k = 0; k < M.ntm; k++) {
        if (M.tm[k].backoff)
            P(", m->iv_%s", lower(M.tm[k].name));
        P(", m->at_%s", lower(M.tm[k].name));
    }
    P(";\n");
    P("    ensures SIPR_%s_INV(m);\n", MU);
    P("    ensures \\old(SIPR_%s_DUE(m, ev, now)) ==>\n", MU);
    P("            sipr_%s_rel(\\old(m->state), ev, \\old(m->reliable), m->row, m->state, \\result);\n", MN);
    P("    ensures !\\old(SIPR_%s_DUE(m, ev, now)) ==>\n", MU);
    P("            m->row == 0 && m->state == \\old(m->state) && \\result == 0;\n");
    P("    ensures \\old(m->state) == %d ==> m->state == %d && \\result == 0; // %s absorbs\n", fin, fin,
      M.st[fin].name);
    /* timer effects, grouped by identical effect */
    for (k = 0; k < M.ntm; k++) {
        char done[MAX_ROWS + 1] = {0};
        int r0;
        for (r0 = 0; r0 <= M.nrow; r0++) {
            char b0[512], b1[512];
            eff_t keep;
            const eff_t *e0;
            int r1, first = 1;
            if (r0 == 1 || done[r0])
                continue; /* row 1 is init: not a step row */
            keep.kind = E_KEEP;
            e0 = r0 == 0 ? &keep : &M.row[r0 - 1].eff[k];
            acsl_timer_effect(k, e0, b0, sizeof b0);
            P("    ensures (");
            for (r1 = r0; r1 <= M.nrow; r1++) {
                const eff_t *e1;
                if (r1 == 1 || done[r1])
                    continue;
                e1 = r1 == 0 ? &keep : &M.row[r1 - 1].eff[k];
                acsl_timer_effect(k, e1, b1, sizeof b1);
                if (strcmp(b0, b1))
                    continue;
                done[r1] = 1;
                P("%sm->row == %d", first ? "" : " || ", r1);
                first = 0;
            }
            P(") ==>\n            %s;\n", b0);
        }
        P("    ensures m->at_%s == \\old(m->at_%s) || m->at_%s == SIPR_FSM_NEVER || now <= m->at_%s;\n",
          lower(M.tm[k].name), lower(M.tm[k].name), lower(M.tm[k].name), lower(M.tm[k].name));
    }
    P("*/\n");
    P("uint32_t sipr_%s_step(sipr_%s *m, unsigned ev, uint64_t now);\n\n", MN, MN);

    P("/* Earliest deadline of the running timers, SIPR_FSM_NEVER if none runs. */\n");
    P("/*@ requires \\valid_read(m);\n    assigns \\nothing;\n");
    for (k = 0; k < M.ntm; k++)
        P("    ensures \\result <= m->at_%s;\n", lower(M.tm[k].name));
    P("    ensures \\result == SIPR_FSM_NEVER");
    for (k = 0; k < M.ntm; k++)
        P(" || \\result == m->at_%s", lower(M.tm[k].name));
    P(";\n*/\n");
    P("uint64_t sipr_%s_next_deadline(const sipr_%s *m);\n\n", MN, MN);

    P("/* The timer event to deliver at `now`: the due timer with the earliest\n"
      " * deadline (declaration order breaks ties), or SIPR_%s_EV_NONE. */\n", MU);
    P("/*@ requires \\valid_read(m);\n    assigns \\nothing;\n");
    P("    ensures \\result == SIPR_%s_EV_NONE", MU);
    for (i = 0; i < M.nev; i++)
        if (M.ev[i].timer >= 0)
            P(" || \\result == %d", i);
    P(";\n");
    for (i = 0; i < M.nev; i++)
        if (M.ev[i].timer >= 0) {
            const char *tn = lower(M.tm[M.ev[i].timer].name);
            P("    ensures \\result == %d ==> m->at_%s <= now && m->at_%s < SIPR_FSM_NEVER", i, tn, tn);
            for (k = 0; k < M.ntm; k++)
                if (k != M.ev[i].timer)
                    P(" && m->at_%s <= m->at_%s", tn, lower(M.tm[k].name));
            P(";\n");
        }
    P("    ensures \\result == SIPR_%s_EV_NONE ==> \\true", MU);
    for (k = 0; k < M.ntm; k++)
        P(" &&\n            (m->at_%s == SIPR_FSM_NEVER || now < m->at_%s)", lower(M.tm[k].name),
          lower(M.tm[k].name));
    P(";\n*/\n");
    P("unsigned sipr_%s_expired(const sipr_%s *m, uint64_t now);\n\n", MN, MN);

    P("/* Names for logs and tools, and the Graphviz diagram of docs/fsm/%s.dot. */\n", M.name);
    P("extern const char *const sipr_%s_state_name[%d];\n", MN, M.nst);
    P("extern const char *const sipr_%s_event_name[%d];\n", MN, M.nev);
    P("extern const char sipr_%s_dot[];\n\n", MN);
    P("#ifdef __cplusplus\n}\n#endif\n\n#endif /* SIPR_FSM_%s_H */\n", MU);
}

/* ---- DOT (also embedded as a C string) --------------------------------------- */

static void dot_text(char **buf, size_t *len)
{
    size_t cap = 1 << 15, n = 0;
    char *b = malloc(cap);
    int i;
#define DOT(...)                                                             \
    do {                                                                     \
        int w_;                                                              \
        for (;;) {                                                           \
            w_ = snprintf(b + n, cap - n, __VA_ARGS__);                      \
            if (w_ >= 0 && (size_t)w_ < cap - n)                             \
                break;                                                       \
            cap *= 2;                                                        \
            b = realloc(b, cap);                                             \
            if (!b)                                                          \
                die("out of memory");                                        \
        }                                                                    \
        n += (size_t)w_;                                                     \
    } while (0)
    if (!b)
        die("out of memory");
    DOT("digraph %s {\n", M.name);
    DOT("  label=\"%s (%s)\";\n  labelloc=t;\n  rankdir=TB;\n", M.title, M.cite);
    DOT("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    DOT("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    DOT("  __init [shape=point, label=\"\"];\n");
    for (i = 0; i < M.nst; i++)
        DOT("  %s [label=\"%s\"%s];\n", M.st[i].name, M.st[i].name, M.st[i].final ? ", peripheries=2" : "");
    for (i = 0; i < M.nrow; i++) {
        row_t *r = &M.row[i];
        if (r->src < 0)
            DOT("  __init -> %s [label=\"%d: %s\"];\n", M.st[r->dst].name, r->num, r->acts);
        else
            DOT("  %s -> %s [label=\"%d: %s%s\\n/ %s\"];\n", M.st[r->src].name, M.st[r->dst].name, r->num,
                M.ev[r->ev].name,
                r->guard == G_RELIABLE ? " [reliable]" : r->guard == G_UNRELIABLE ? " [unreliable]" : "", r->acts);
    }
    DOT("}\n");
#undef DOT
    *buf = b;
    *len = n;
}

static void emit_dot(void)
{
    char *b;
    size_t n;
    dot_text(&b, &n);
    header_line("/*", "*/");
    fwrite(b, 1, n, out);
    free(b);
}

/* ---- C source --------------------------------------------------------------------- */

static void c_string(const char *s, size_t n)
{
    size_t i;
    P("    \"");
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') {
            P("\\n\"");
            if (i + 1 < n)
                P("\n    \"");
            else
                return;
        } else if (c == '"' || c == '\\')
            P("\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            P("\\%03o", c);
        else
            P("%c", c);
    }
    P("\"");
}


static void emit_c(void)
{
    int i, j, k, fin = final_state();
    P("/* generated by gen/fsmgen from %s: %s -- do not edit */\n", spec_path, cmdline);
    P("/* %s (%s). Sans-IO: no clock, no I/O, no allocation. */\n", M.title, M.cite);
    P("#include \"sipr_fsm_%s.h\"\n\n", M.name);

    P("/*@\n  // Properties of the relation, proved from its definition.\n");
    P("  // total, with the witness: the row sipr_%s_rowof and its next state and actions\n", MN);
    P("  lemma sipr_%s_total: \\forall integer s, e, r;\n", MN);
    P("      0 <= s < %d && 0 <= e < %d && 0 <= r <= 1 ==>\n", M.nst, M.nev);
    P("      sipr_%s_rel(s, e, r, sipr_%s_rowof(s, e, r), sipr_%s_next(sipr_%s_rowof(s, e, r), s),\n", MN, MN, MN, MN);
    P("                 sipr_%s_act(sipr_%s_rowof(s, e, r)));\n", MN, MN);
    P("  lemma sipr_%s_closed: \\forall integer s, e, r, row, s2, a;\n", MN);
    P("      0 <= s < %d && sipr_%s_rel(s, e, r, row, s2, a) ==> 0 <= s2 < %d && 0 <= row <= %d;\n", M.nst, MN,
      M.nst, M.nrow);
    P("  lemma sipr_%s_deterministic: \\forall integer s, e, r, row1, s21, a1, row2, s22, a2;\n", MN);
    P("      sipr_%s_rel(s, e, r, row1, s21, a1) && sipr_%s_rel(s, e, r, row2, s22, a2) ==>\n", MN, MN);
    P("      row1 == row2 && s21 == s22 && a1 == a2;\n");
    P("  lemma sipr_%s_absorbing: \\forall integer e, r, row, s2, a;\n", MN);
    P("      sipr_%s_rel(%d, e, r, row, s2, a) ==> s2 == %d && a == 0 && row == 0;\n", MN, fin, fin);
    P("*/\n\n");

    P("const char *const sipr_%s_state_name[%d] = {", MN, M.nst);
    for (i = 0; i < M.nst; i++)
        P("%s\"%s\"", i ? ", " : "", M.st[i].name);
    P("};\n");
    P("const char *const sipr_%s_event_name[%d] = {", MN, M.nev);
    for (i = 0; i < M.nev; i++)
        P("%s\"%s\"", i ? ", " : "", M.ev[i].name);
    P("};\n");
    {
        char *b;
        size_t n;
        dot_text(&b, &n);
        P("const char sipr_%s_dot[] =\n", MN);
        c_string(b, n);
        P(";\n\n");
        free(b);
    }

    /* step, as small functions: WP's goals grow with paths x post-conditions,
     * so each function has a few paths or a few post-conditions, not both */
    P("/* The spec row for (state, event, transport): sipr_%s_rowof. */\n", MN);
    P("/*@ requires s < %du && ev < %du && rel <= 1u;\n    assigns \\nothing;\n", M.nst, M.nev);
    P("    ensures \\result == sipr_%s_rowof(s, ev, rel);\n", MN);
    P("    ensures \\result == 0 || sipr_%s_src(\\result) == s;\n", MN);
    P("    ensures \\result <= %du && \\result != 1u;\n*/\n", M.nrow);
    P("static unsigned sipr_%s_lookup(unsigned s, unsigned ev, unsigned rel)\n{\n", MN);
    {
        int any = 0;
        for (j = 1; j < M.nrow; j++)
            any |= M.row[j].guard != G_NONE;
        if (!any)
            P("    (void)rel;\n");
    }
    P("    switch (s) {\n");
    for (i = 0; i < M.nst; i++) {
        int has = 0;
        for (j = 1; j < M.nrow; j++)
            has |= M.row[j].src == i;
        if (!has)
            continue;
        P("    case %s:\n        switch (ev) {\n", S_(i));
        for (k = 0; k < M.nev; k++) {
            int rr[2] = {-1, -1}; /* [unreliable, reliable] */
            for (j = 1; j < M.nrow; j++)
                if (M.row[j].src == i && M.row[j].ev == k) {
                    if (M.row[j].guard != G_RELIABLE)
                        rr[0] = j;
                    if (M.row[j].guard != G_UNRELIABLE)
                        rr[1] = j;
                }
            if (rr[0] < 0 && rr[1] < 0)
                continue;
            P("        case %s:\n", E_(k));
            if (rr[0] == rr[1])
                P("            return %du; /* %s */\n", M.row[rr[0]].num, row_text(&M.row[rr[0]]));
            else {
                if (rr[1] >= 0)
                    P("            if (rel != 0u)\n                return %du; /* %s */\n", M.row[rr[1]].num,
                      row_text(&M.row[rr[1]]));
                if (rr[0] >= 0)
                    P("            if (rel == 0u)\n                return %du; /* %s */\n", M.row[rr[0]].num,
                      row_text(&M.row[rr[0]]));
                P("            break;\n");
            }
        }
        P("        default:\n            break;\n        }\n        break;\n");
    }
    P("    default:\n        break;\n    }\n");
    P("    return 0u; /* default: %s # %s */\n}\n\n", M.dflt, M.dflt_cite);

    P("/*@ requires row <= %du && s < %du;\n    assigns \\nothing;\n", M.nrow, M.nst);
    P("    ensures \\result == sipr_%s_next(row, s);\n    ensures \\result < %du;\n*/\n", MN, M.nst);
    P("static unsigned sipr_%s_next_state(unsigned row, unsigned s)\n{\n    switch (row) {\n", MN);
    for (i = 0; i < M.nst; i++) {
        int has = 0;
        for (j = 0; j < M.nrow; j++)
            if (M.row[j].dst == i) {
                P("    case %du:\n", M.row[j].num);
                has = 1;
            }
        if (has)
            P("        return %s;\n", S_(i));
    }
    P("    default:\n        return s;\n    }\n}\n\n");

    P("/*@ requires row <= %du;\n    assigns \\nothing;\n", M.nrow);
    P("    ensures \\result == sipr_%s_act(row);\n*/\n", MN);
    P("static uint32_t sipr_%s_actions(unsigned row)\n{\n    switch (row) {\n", MN);
    for (j = 0; j < M.nrow; j++) {
        P("    case %du:\n        return ", M.row[j].num);
        print_act(M.row[j].act);
        P(";\n");
    }
    P("    default:\n        return 0u;\n    }\n}\n\n");

    {
        int any = 0;
        for (i = 0; i < M.nev; i++)
            any |= M.ev[i].timer >= 0;
        P("/*@ assigns \\nothing;\n");
        P("    ensures \\result != 0 <==> (1");
        for (i = 0; i < M.nev; i++)
            if (M.ev[i].timer >= 0)
                P(" &&\n            (ev != %du || (at_%s != SIPR_FSM_NEVER && at_%s <= now))", i,
                  lower(M.tm[M.ev[i].timer].name), lower(M.tm[M.ev[i].timer].name));
        P(");\n*/\n");
        P("static int sipr_%s_due(unsigned ev, uint64_t now", MN);
        for (k = 0; k < M.ntm; k++)
            P(", uint64_t at_%s", lower(M.tm[k].name));
        P(")\n{\n");
        if (!any)
            P("    (void)ev;\n    (void)now;\n    return 1;\n}\n\n");
        else {
            P("    switch (ev) {\n");
            for (i = 0; i < M.nev; i++)
                if (M.ev[i].timer >= 0) {
                    const char *tn = lower(M.tm[M.ev[i].timer].name);
                    P("    case %s:\n        return at_%s != SIPR_FSM_NEVER && at_%s <= now;\n", E_(i), tn, tn);
                }
            P("    default:\n        return 1;\n    }\n}\n\n");
        }
    }

    /* timers: pure functions of the row and the old values */
    dur_pfx = "";
    for (k = 0; k < M.ntm; k++) {
        const tmr_t *t = &M.tm[k];
        char tn[NAME_LEN], TN[NAME_LEN];
        const char *cap = t->cap.kind == D_NONE ? "SIPR_FSM_NO_CAP" : "t2";
        int r0, kind;
        copy(tn, sizeof tn, lower(t->name));
        copy(TN, sizeof TN, upper(t->name));
        if (t->backoff) {
            /* the new interval */
            P("/* Timer %s, its interval after a row: %s */\n", t->name, t->cite);
            P("/*@ requires row <= %du && SIPR_FSM_CFG_OK(t1, t2, t4) && iv <= %s;\n", M.nrow, cap);
            P("    assigns \\nothing;\n");
            for (r0 = 0; r0 <= M.nrow; r0++) {
                const eff_t *e = r0 == 0 ? NULL : &M.row[r0 - 1].eff[k];
                if (!e || e->kind == E_KEEP || e->kind == E_STOP)
                    continue;
                if (e->kind == E_START)
                    P("    ensures row == %d ==> \\result == %s;\n", r0, dur_expr(e->dur, ""));
                else
                    P("    ensures row == %d ==> \\result == sipr_fsm_dbl(iv, %s);\n", r0, cap);
            }
            P("    ensures (");
            {
                int first = 1;
                for (r0 = 0; r0 <= M.nrow; r0++) {
                    const eff_t *e = r0 == 0 ? NULL : &M.row[r0 - 1].eff[k];
                    if (e && e->kind != E_KEEP && e->kind != E_STOP)
                        continue;
                    P("%srow == %d", first ? "" : " || ", r0);
                    first = 0;
                }
            }
            P(") ==> \\result == iv;\n");
            P("    ensures \\result <= %s;\n*/\n", cap);
            P("static uint32_t sipr_%s_iv_%s(unsigned row, uint32_t iv, uint32_t t1, uint32_t t2, uint32_t t4)\n{\n",
              MN, tn);
            P("    (void)t1;\n    (void)t2;\n    (void)t4;\n    switch (row) {\n");
            for (kind = E_START; kind <= E_BACKOFF; kind++)
                for (r0 = 1; r0 <= M.nrow; r0++) {
                    const eff_t *e = &M.row[r0 - 1].eff[k];
                    if (e->kind != kind)
                        continue;
                    P("    case %du: /* %s */\n", r0, row_text(&M.row[r0 - 1]));
                    if (kind == E_START)
                        P("        return %s;\n", dur_expr(e->dur, "u"));
                    else
                        P("        return sipr_fsm_double(iv, %s);\n", cap);
                }
            P("    default:\n        return iv;\n    }\n}\n\n");
        }
        /* the new deadline; `iv` is the new interval */
        P("/* Timer %s, its deadline after a row: %s */\n", t->name, t->cite);
        P("/*@ requires row <= %du && (row == 0 || sipr_%s_src(row) == s || (row == 1 && at == SIPR_FSM_NEVER));\n",
          M.nrow, MN);
        P("    requires rel <= 1u && now < SIPR_FSM_NEVER && SIPR_FSM_CFG_OK(t1, t2, t4);\n");
        P("    requires at == SIPR_FSM_NEVER || SIPR_%s_MAY_RUN_%s(s);\n", MU, TN);
        if (t->rdur.kind == D_NONE)
            P("    requires at == SIPR_FSM_NEVER || rel == 0u;\n");
        P("    assigns \\nothing;\n");
        {
            int first = 1;
            P("    ensures (");
            for (r0 = 0; r0 <= M.nrow; r0++)
                if (r0 == 0 || M.row[r0 - 1].eff[k].kind == E_KEEP) {
                    P("%srow == %d", first ? "" : " || ", r0);
                    first = 0;
                }
            P(") ==> \\result == at;\n");
            first = 1;
            for (r0 = 1; r0 <= M.nrow; r0++)
                if (M.row[r0 - 1].eff[k].kind == E_STOP) {
                    P("%srow == %d", first ? "    ensures (" : " || ", r0);
                    first = 0;
                }
            if (!first)
                P(") ==> \\result == SIPR_FSM_NEVER;\n");
        }
        for (r0 = 1; r0 <= M.nrow; r0++) {
            const eff_t *e = &M.row[r0 - 1].eff[k];
            char u[64];
            if (e->kind != E_START && e->kind != E_BACKOFF)
                continue;
            if (t->backoff)
                snprintf(u, sizeof u, "iv");
            else
                snprintf(u, sizeof u, "%s", dur_expr(e->dur, ""));
            if (t->rdur.kind == D_NONE)
                P("    ensures row == %d ==> \\result == (rel != 0 ? SIPR_FSM_NEVER : sipr_fsm_sat(now, %s));\n", r0, u);
            else if (e->kind == E_START && !dur_eq(t->rdur, e->dur))
                P("    ensures row == %d ==> \\result == sipr_fsm_sat(now, rel != 0 ? %s : %s);\n", r0,
                  dur_expr(t->rdur, ""), u);
            else
                P("    ensures row == %d ==> \\result == sipr_fsm_sat(now, %s);\n", r0, u);
        }
        P("    ensures \\result == SIPR_FSM_NEVER || SIPR_%s_MAY_RUN_%s(sipr_%s_next(row, s));\n", MU, TN, MN);
        if (t->rdur.kind == D_NONE)
            P("    ensures \\result == SIPR_FSM_NEVER || rel == 0u;\n");
        P("    ensures \\result == at || \\result == SIPR_FSM_NEVER || now <= \\result;\n*/\n");
        P("static uint64_t sipr_%s_at_%s(unsigned row, unsigned s, uint64_t at, uint32_t iv, unsigned rel,\n"
          "                               uint64_t now, uint32_t t1, uint32_t t2, uint32_t t4)\n{\n", MN, tn);
        P("    (void)s;\n    (void)iv;\n    (void)rel;\n    (void)now;\n    (void)t1;\n    (void)t2;\n    (void)t4;\n");
        P("    switch (row) {\n");
        for (kind = E_START; kind <= E_STOP; kind++) {
            int any = 0;
            for (r0 = 1; r0 <= M.nrow; r0++) {
                const eff_t *e = &M.row[r0 - 1].eff[k];
                char u[64];
                if (e->kind != kind)
                    continue;
                if (kind == E_STOP) {
                    P("    case %du: /* %s */\n", r0, row_text(&M.row[r0 - 1]));
                    any = 1;
                    continue;
                }
                P("    case %du: /* %s */\n", r0, row_text(&M.row[r0 - 1]));
                if (t->backoff)
                    snprintf(u, sizeof u, "iv");
                else
                    snprintf(u, sizeof u, "%s", dur_expr(e->dur, "u"));
                if (t->rdur.kind == D_NONE)
                    P("        return rel != 0u ? SIPR_FSM_NEVER : sipr_fsm_at(now, %s);\n", u);
                else if (kind == E_START && !dur_eq(t->rdur, e->dur))
                    P("        return sipr_fsm_at(now, rel != 0u ? %s : %s);\n", dur_expr(t->rdur, "u"), u);
                else
                    P("        return sipr_fsm_at(now, %s);\n", u);
            }
            if (any)
                P("        return SIPR_FSM_NEVER;\n");
        }
        P("    default:\n        return at;\n    }\n}\n\n");
    }
    dur_pfx = "m->";

    /* all writes to the machine in one place: the callers' memory goals stay small */
    P("/*@ requires \\valid(m);\n    assigns m->state, m->row");
    for (k = 0; k < M.ntm; k++) {
        if (M.tm[k].backoff)
            P(", m->iv_%s", lower(M.tm[k].name));
        P(", m->at_%s", lower(M.tm[k].name));
    }
    P(";\n    ensures m->state == s && m->row == row;\n");
    for (k = 0; k < M.ntm; k++) {
        const char *tn = lower(M.tm[k].name);
        if (M.tm[k].backoff)
            P("    ensures m->iv_%s == iv_%s;\n", tn, tn);
        P("    ensures m->at_%s == at_%s;\n", tn, tn);
    }
    P("*/\nstatic void sipr_%s_store(sipr_%s *m, unsigned s, unsigned row", MN, MN);
    for (k = 0; k < M.ntm; k++) {
        const char *tn = lower(M.tm[k].name);
        if (M.tm[k].backoff)
            P(", uint32_t iv_%s", tn);
        P(", uint64_t at_%s", tn);
    }
    P(")\n{\n    m->state = s;\n    m->row = row;\n");
    for (k = 0; k < M.ntm; k++) {
        const char *tn = lower(M.tm[k].name);
        if (M.tm[k].backoff)
            P("    m->iv_%s = iv_%s;\n", tn, tn);
        P("    m->at_%s = at_%s;\n", tn, tn);
    }
    P("}\n\n");

    /* init */
    P("uint32_t sipr_%s_init(sipr_%s *m, const sipr_fsm_config *cfg, uint64_t now)\n{\n", MN, MN);
    P("    const uint32_t t1 = cfg->t1_ms, t2 = cfg->t2_ms, t4 = cfg->t4_ms;\n");
    P("    const unsigned rel = cfg->reliable != 0 ? 1u : 0u;\n");
    for (k = 0; k < M.ntm; k++) {
        const char *tn = lower(M.tm[k].name);
        if (M.tm[k].backoff)
            P("    uint32_t iv_%s;\n", tn);
        P("    uint64_t at_%s;\n", tn);
    }
    P("    (void)now;\n");
    P("    m->reliable = rel;\n");
    P("    if (!SIPR_FSM_CFG_OK(t1, t2, t4)) {\n");
    P("        /* keep the invariant: defaults, final state, no timer */\n");
    P("        m->t1 = SIPR_FSM_T1_DEFAULT;\n        m->t2 = SIPR_FSM_T2_DEFAULT;\n        m->t4 = SIPR_FSM_T4_DEFAULT;\n");
    P("        sipr_%s_store(m, %s, 0u", MN, S_(fin));
    for (k = 0; k < M.ntm; k++) {
        if (M.tm[k].backoff)
            P(", SIPR_FSM_T1_DEFAULT");
        P(", SIPR_FSM_NEVER");
    }
    P(");\n        return SIPR_FSM_BAD_CONFIG;\n    }\n");
    P("    m->t1 = t1;\n    m->t2 = t2;\n    m->t4 = t4;\n");
    P("    /* row 1: %s  # %s */\n", row_text(&M.row[0]), M.row[0].cite);
    for (k = 0; k < M.ntm; k++) {
        const char *tn = lower(M.tm[k].name);
        if (M.tm[k].backoff) {
            P("    iv_%s = sipr_%s_iv_%s(1u, t1, t1, t2, t4);\n", tn, MN, tn);
            P("    at_%s = sipr_%s_at_%s(1u, %s, SIPR_FSM_NEVER, iv_%s, rel, now, t1, t2, t4);\n", tn, MN, tn,
              S_(M.initial), tn);
        } else
            P("    at_%s = sipr_%s_at_%s(1u, %s, SIPR_FSM_NEVER, 0u, rel, now, t1, t2, t4);\n", tn, MN, tn,
              S_(M.initial));
    }
    P("    sipr_%s_store(m, %s, 1u", MN, S_(M.row[0].dst));
    for (k = 0; k < M.ntm; k++) {
        const char *tn = lower(M.tm[k].name);
        if (M.tm[k].backoff)
            P(", iv_%s", tn);
        P(", at_%s", tn);
    }
    P(");\n    return ");
    print_act(M.row[0].act);
    P(";\n}\n\n");

    /* step */
    P("uint32_t sipr_%s_step(sipr_%s *m, unsigned ev, uint64_t now)\n{\n", MN, MN);
    P("    const unsigned s = m->state, rel = m->reliable;\n");
    P("    const uint32_t t1 = m->t1, t2 = m->t2, t4 = m->t4;\n");
    P("    unsigned row;\n");
    for (k = 0; k < M.ntm; k++) {
        const char *tn = lower(M.tm[k].name);
        if (M.tm[k].backoff)
            P("    uint32_t iv_%s = m->iv_%s;\n", tn, tn);
        P("    uint64_t at_%s = m->at_%s;\n", tn, tn);
    }
    P("    (void)t1;\n    (void)t2;\n    (void)t4;\n    (void)now;\n");
    P("    if (!sipr_%s_due(ev, now", MN);
    for (k = 0; k < M.ntm; k++)
        P(", at_%s", lower(M.tm[k].name));
    P(")) {\n");
    P("        /* a timer event counts only when its timer runs and is due */\n");
    P("        m->row = 0u;\n        return 0u;\n    }\n");
    P("    row = sipr_%s_lookup(s, ev, rel);\n", MN);
    for (k = 0; k < M.ntm; k++) {
        const char *tn = lower(M.tm[k].name);
        if (M.tm[k].backoff) {
            P("    iv_%s = sipr_%s_iv_%s(row, iv_%s, t1, t2, t4);\n", tn, MN, tn, tn);
            P("    at_%s = sipr_%s_at_%s(row, s, at_%s, iv_%s, rel, now, t1, t2, t4);\n", tn, MN, tn, tn, tn);
        } else
            P("    at_%s = sipr_%s_at_%s(row, s, at_%s, 0u, rel, now, t1, t2, t4);\n", tn, MN, tn, tn);
    }
    P("    sipr_%s_store(m, sipr_%s_next_state(row, s), row", MN, MN);
    for (k = 0; k < M.ntm; k++) {
        const char *tn = lower(M.tm[k].name);
        if (M.tm[k].backoff)
            P(", iv_%s", tn);
        P(", at_%s", tn);
    }
    P(");\n    return sipr_%s_actions(row);\n}\n\n", MN);

    /* next_deadline */
    P("uint64_t sipr_%s_next_deadline(const sipr_%s *m)\n{\n", MN, MN);
    P("    uint64_t d = SIPR_FSM_NEVER;\n");
    if (!M.ntm)
        P("    (void)m;\n");
    for (k = 0; k < M.ntm; k++)
        P("    if (m->at_%s < d)\n        d = m->at_%s;\n", lower(M.tm[k].name), lower(M.tm[k].name));
    P("    return d;\n}\n\n");

    /* expired */
    P("unsigned sipr_%s_expired(const sipr_%s *m, uint64_t now)\n{\n", MN, MN);
    P("    unsigned best = SIPR_%s_EV_NONE;\n", MU);
    if (!M.ntm)
        P("    (void)m;\n    (void)now;\n");
    else
        P("    uint64_t at = SIPR_FSM_NEVER;\n");
    for (i = 0; i < M.nev; i++)
        if (M.ev[i].timer >= 0) {
            const char *tn = lower(M.tm[M.ev[i].timer].name);
            P("    if (m->at_%s <= now && m->at_%s < at) {\n", tn, tn);
            P("        best = %s;\n        at = m->at_%s;\n    }\n", E_(i), tn);
        }
    P("    return best;\n}\n");
}

/* ---- Markdown ---------------------------------------------------------------------- */

static void md_cell(const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            P("\\|");
        else
            P("%c", *s);
    }
}

static void emit_md(void)
{
    int i, k;
    header_line("<!--", "-->");
    P("# %s: %s\n\n", M.name, M.title);
    P("Source: `%s` (%s). Diagram: [%s.dot](%s.dot). Generated C: `src/generated/sipr_fsm_%s.{c,h}`.\n\n",
      spec_path, M.cite, M.name, M.name, M.name);
    P("## States\n\n| # | State | | Timers that may run | Notes |\n|---|---|---|---|---|\n");
    for (i = 0; i < M.nst; i++) {
        int first = 1;
        P("| %d | %s | %s | ", i, M.st[i].name, M.st[i].initial ? "initial" : M.st[i].final ? "final" : "");
        for (k = 0; k < M.ntm; k++)
            if (M.armed[i] & (1u << k)) {
                P("%s%s", first ? "" : ", ", M.tm[k].name);
                first = 0;
            }
        if (first)
            P("-");
        P(" | ");
        md_cell(M.st[i].desc);
        P(" |\n");
    }
    P("\n## Events\n\n| # | Event | Meaning |\n|---|---|---|\n");
    for (i = 0; i < M.nev; i++) {
        P("| %d | `%s` | ", i, M.ev[i].name);
        md_cell(M.ev[i].desc);
        P(" |\n");
    }
    if (M.ntm) {
        P("\n## Timers\n\n| Timer | Unreliable transport | Reliable transport | Doubling | Source |\n"
          "|---|---|---|---|---|\n");
        for (k = 0; k < M.ntm; k++) {
            P("| %s | %s | %s | %s | ", M.tm[k].name, dur_text(M.tm[k].udur),
              M.tm[k].rdur.kind == D_NONE ? "not started" : dur_text(M.tm[k].rdur),
              M.tm[k].backoff ? (M.tm[k].cap.kind == D_NONE ? "yes, no cap" : "yes, capped at T2") : "no");
            md_cell(M.tm[k].cite);
            P(" |\n");
        }
        P("\nDefaults: T1 = 500 ms, T2 = 4 s, T4 = 5 s (configurable per machine).\n"
          "A timer event is taken only when its timer runs and is due; a timer that fires is\n"
          "stopped unless its row restarts it; entering a final state stops every timer.\n");
    }
    P("\n## Transitions\n\n| Row | State | Event | Guard | Next | Actions | Source |\n|---|---|---|---|---|---|---|\n");
    for (i = 0; i < M.nrow; i++) {
        row_t *r = &M.row[i];
        P("| %d | %s | %s | %s | %s | %s | ", r->num, r->src < 0 ? "(init)" : M.st[r->src].name,
          r->ev < 0 ? "-" : M.ev[r->ev].name,
          r->guard == G_RELIABLE ? "reliable" : r->guard == G_UNRELIABLE ? "unreliable" : "", M.st[r->dst].name,
          r->acts);
        md_cell(r->cite);
        P(" |\n");
    }
    P("\nAny other event in any state: **%s** (no state change, no action; row 0). ", M.dflt);
    md_cell(M.dflt_cite);
    P("\n");
}

/* ---- Promela ------------------------------------------------------------------------ */

/* The Promela model: the same rows, with time in units of T1 at the default
 * ratios (T1 = 1, T2 = 8, T4 = 10, milliseconds / 500 rounded up). A running
 * timer holds the units left until it fires; time advances one unit at a
 * time (`tick`) only when no timer is due, and a due timer fires first in
 * deadline order, as sipr_NAME_expired() delivers them. The environment
 * (transport and TU) sends at most PML_BUDGET events, at any moment, then
 * falls silent. Properties (make model-fsm):
 *   - no invalid end state: the machine only stops in the final state, or
 *     silent in a state where no timer runs (waiting for the TU or the peer);
 *   - assertions: the final state absorbs every event; the declared
 *     (state, event) absorption holds (RFC 6026 Accepted);
 *   - ltl timers_end: once the environment is silent, a machine with a timer
 *     running always reaches its final state (time alone ends it);
 *   - ltl exit_S / reach_S (expected to be violated, i.e. a witness exists):
 *     every state is reachable, and every non-final state can be left.
 */
#define PML_BUDGET 4

static long pml_units(dur_t d)
{
    long w[5] = {0, 1, 8, 0, 10};
    if (d.kind == D_MS)
        return (long)((d.mult + 499) / 500);
    if (d.kind == D_T)
        return (long)d.mult * w[d.which];
    return -1;
}

static void emit_pml(const char *absorb_state, const char *absorb_event)
{
    int i, j, k, fin = final_state(), as = -1, ae = -1;
    if (absorb_state) {
        as = find_state(absorb_state);
        ae = find_event(absorb_event);
        if (as < 0 || ae < 0)
            die("--promela: unknown state or event for the absorption check");
    }
    header_line("/*", "*/");
    P("/* %s (%s): Promela model, see gen/fsmgen.c emit_pml */\n", M.title, M.cite);
    P("byte state;\nbyte prev;\nbyte row;\nbyte ev;\nbit reliable;\nbyte budget = %d;\n", PML_BUDGET);
    for (k = 0; k < M.ntm; k++) {
        P("short r_%s = -1; /* units left before timer %s fires, -1: not running */\n", lower(M.tm[k].name),
          M.tm[k].name);
        if (M.tm[k].backoff)
            P("short iv_%s = %ld;\n", lower(M.tm[k].name), pml_units(M.tm[k].udur));
    }
    P("\n#define running (0");
    for (k = 0; k < M.ntm; k++)
        P(" || r_%s >= 0", lower(M.tm[k].name));
    P(")\n#define due (0");
    for (k = 0; k < M.ntm; k++)
        P(" || r_%s == 0", lower(M.tm[k].name));
    P(")\n#define silent (budget == 0)\n#define final (state == %d)\n\n", fin);

    /* timer effect of row r on timer k */
    P("inline start_timers(r) {\n  if\n");
    for (j = 0; j < M.nrow; j++) {
        row_t *r = &M.row[j];
        int any = 0;
        for (k = 0; k < M.ntm; k++)
            any |= r->eff[k].kind != E_KEEP;
        if (!any)
            continue;
        P("  :: r == %d ->\n", r->num);
        for (k = 0; k < M.ntm; k++) {
            const tmr_t *t = &M.tm[k];
            const char *tn = lower(t->name);
            const eff_t *e = &r->eff[k];
            long cap = t->cap.kind == D_NONE ? 32767 : pml_units(t->cap);
            switch (e->kind) {
            case E_STOP:
                P("     r_%s = -1;\n", tn);
                break;
            case E_START:
                if (t->backoff)
                    P("     iv_%s = %ld;\n", tn, pml_units(e->dur));
                if (t->rdur.kind == D_NONE)
                    P("     r_%s = (reliable -> -1 : %ld);\n", tn, pml_units(e->dur));
                else
                    P("     r_%s = (reliable -> %ld : %ld);\n", tn,
                      dur_eq(t->rdur, t->udur) ? pml_units(e->dur) : pml_units(t->rdur), pml_units(e->dur));
                break;
            case E_BACKOFF:
                P("     iv_%s = (iv_%s > %ld / 2 -> %ld : 2 * iv_%s);\n", tn, tn, cap, cap, tn);
                if (t->rdur.kind == D_NONE)
                    P("     r_%s = (reliable -> -1 : iv_%s);\n", tn, tn);
                else
                    P("     r_%s = iv_%s;\n", tn, tn);
                break;
            default:
                break;
            }
        }
    }
    P("  :: else -> skip\n  fi\n}\n\n");

    P("inline step() {\n  prev = state;\n  row = 0;\n  if\n");
    for (j = 1; j < M.nrow; j++) {
        row_t *r = &M.row[j];
        P("  :: (state == %d && ev == %d%s) -> row = %d; state = %d /* %s */\n", r->src, r->ev,
          r->guard == G_RELIABLE ? " && reliable" : r->guard == G_UNRELIABLE ? " && !reliable" : "", r->num,
          r->dst, row_text(r));
    }
    P("  :: else -> skip /* default: %s */\n  fi;\n", M.dflt);
    P("  start_timers(row);\n");
    P("  assert(prev != %d || (state == %d && row == 0)); /* %s absorbs */\n", fin, fin, M.st[fin].name);
    if (as >= 0)
        P("  assert(!(prev == %d && ev == %d) || state == %d); /* %s absorbs %s */\n", as, ae, as, absorb_state,
          absorb_event);
    P("}\n\n");

    P("active proctype machine() {\n");
    P("  if :: reliable = 0 :: reliable = 1 fi;\n");
    P("  state = %d;\n  start_timers(1);\n", M.initial);
    P("end:\n  do\n");
    P("  :: final -> break\n");
    P("  :: !final && budget > 0 ->\n     budget--;\n     if\n");
    for (i = 0; i < M.nev; i++)
        if (M.ev[i].timer < 0)
            P("     :: ev = %d /* %s */\n", i, M.ev[i].name);
    P("     fi;\n     step()\n");
    P("  :: !final && budget > 0 -> budget = 0 /* the environment falls silent */\n");
    if (M.ntm) {
        P("  :: !final && due ->\n     if\n");
        /* earliest first: a due timer has 0 units left; ties in declaration order */
        for (k = 0; k < M.ntm; k++) {
            int k2;
            P("     :: r_%s == 0", lower(M.tm[k].name));
            for (k2 = 0; k2 < k; k2++)
                P(" && r_%s != 0", lower(M.tm[k2].name));
            for (i = 0; i < M.nev; i++)
                if (M.ev[i].timer == k)
                    P(" -> ev = %d\n", i);
        }
        P("     fi;\n     step()\n");
        P("  :: !final && !due && running -> /* one unit of time passes */\n     d_step {\n");
        for (k = 0; k < M.ntm; k++)
            P("       if :: r_%s > 0 -> r_%s-- :: else -> skip fi;\n", lower(M.tm[k].name), lower(M.tm[k].name));
        P("     }\n");
    }
    P("  od\n}\n\n");
    if (M.ntm)
        P("ltl timers_end { [] ((silent && running) -> <> final) }\n");
    for (i = 0; i < M.nst; i++) {
        P("ltl reach_%s { [] (state != %d) } /* must be violated */\n", lower(M.st[i].name), i);
        if (!M.st[i].final)
            P("ltl exit_%s { [] (state == %d -> [] (state == %d)) } /* must be violated */\n", lower(M.st[i].name), i,
              i);
    }
}

/* ---- main ----------------------------------------------------------------------- */

static void read_spec(void)
{
    FILE *f = fopen(spec_path, "r");
    char line[2048];
    if (!f) {
        perror(spec_path);
        exit(1);
    }
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f))
            die("line too long");
        parse_line(line);
    }
    fclose(f);
    check();
}

int main(int argc, char **argv)
{
    int i;
    char fname[256];
    size_t n = 0;
    for (i = 0; i < argc; i++) {
        const char *a = i ? argv[i] : "build/fsmgen";
        size_t l = strlen(a);
        if (n + l + 2 >= sizeof cmdline)
            die("command line too long");
        if (i)
            cmdline[n++] = ' ';
        memcpy(cmdline + n, a, l + 1);
        n += l;
    }
    if (argc >= 4 && !strcmp(argv[1], "--promela")) {
        spec_path = argv[2];
        read_spec();
        out = fopen(argv[3], "w");
        if (!out) {
            perror(argv[3]);
            return 1;
        }
        emit_pml(argc >= 6 ? argv[4] : NULL, argc >= 6 ? argv[5] : NULL);
        close_out();
        return 0;
    }
    if (argc != 4) {
        fprintf(stderr, "usage: fsmgen SPEC.fsm CDIR DOCDIR\n"
                        "       fsmgen --promela SPEC.fsm OUT.pml [STATE EVENT]\n");
        return 2;
    }
    spec_path = argv[1];
    read_spec();
    snprintf(fname, sizeof fname, "sipr_fsm_%s.h", M.name);
    open_out(argv[2], fname);
    emit_h();
    close_out();
    snprintf(fname, sizeof fname, "sipr_fsm_%s.c", M.name);
    open_out(argv[2], fname);
    emit_c();
    close_out();
    snprintf(fname, sizeof fname, "%s.dot", M.name);
    open_out(argv[3], fname);
    emit_dot();
    close_out();
    snprintf(fname, sizeof fname, "%s.md", M.name);
    open_out(argv[3], fname);
    emit_md();
    close_out();
    return 0;
}
