/* siprove: a formally verified SIP (RFC 3261) message codec.
 *
 * Public API. Everything is zero-copy and allocation-free: the caller owns the
 * input buffer and a fixed-capacity sipr_msg; every parsed field is a span
 * (offset, length) into the caller's buffer. See README.md for the guarantees.
 */
#ifndef SIPROVE_H
#define SIPROVE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version (CHANGELOG.md). The Makefile reads MAJOR, MINOR and PATCH for
 * the shared library (libsiprove.so.MAJOR) and siprove.pc; keep the string
 * equal to them (tests/install.sh checks it). */
#define SIPR_VERSION_MAJOR 0
#define SIPR_VERSION_MINOR 1
#define SIPR_VERSION_PATCH 0
#define SIPR_VERSION_STRING "0.1.0"

/* ---- Compile-time maxima of the message capacities -----------------------
 * A sipr_msg holds arrays of these sizes; sipr_limits lowers them at run time.
 * Override with -DSIPR_MAX_HEADERS=... when vendoring. */
#ifndef SIPR_MAX_HEADERS
#define SIPR_MAX_HEADERS 128
#endif
#ifndef SIPR_MAX_VIAS
#define SIPR_MAX_VIAS 64
#endif
#ifndef SIPR_MAX_CONTACTS
#define SIPR_MAX_CONTACTS 16
#endif
#ifndef SIPR_MAX_PARAMS
#define SIPR_MAX_PARAMS 128
#endif
#ifndef SIPR_MAX_ITEMS
#define SIPR_MAX_ITEMS 64
#endif
#ifndef SIPR_MAX_ADDRS
#define SIPR_MAX_ADDRS 32
#endif
/* Largest message the parser accepts at all (16 MiB); spans are 32-bit. */
#define SIPR_MAX_MSG_LEN 0x01000000u

/* "No such index" for header chains and first-of-kind lookups. */
#define SIPR_NONE 0xFFFFu

/* ---- Spans ---------------------------------------------------------------
 * A span is (off, len) into the buffer given to sipr_parse. len == 0 means the
 * field is absent (every field the grammar records is at least one byte). */
typedef struct {
    uint32_t off;
    uint32_t len;
} sipr_span;

/* A run of generic parameters in sipr_msg.param: param[first .. first+count). */
typedef struct {
    uint16_t first;
    uint16_t count;
} sipr_plist;

/* One generic parameter `name[=value]`; value.len == 0 when there is no value. */
typedef struct {
    sipr_span name;
    sipr_span value;
} sipr_param;

/* ---- Status codes ---------------------------------------------------------
 * Every rejection is a code, a human reason (sipr_strerror) and a byte offset
 * (sipr_msg.err_off). Codes are stable: new ones are only appended. */
typedef enum {
    SIPR_OK = 0,
    SIPR_E_ARG,              /* bad argument (limits above the compiled maxima) */
    SIPR_E_TOO_LONG,         /* message longer than limits.max_msg_len */
    SIPR_E_EMPTY,            /* no bytes at all */
    SIPR_E_START_LINE,       /* malformed Request-Line or Status-Line */
    SIPR_E_VERSION,          /* malformed SIP-Version */
    SIPR_E_STATUS_CODE,      /* malformed Status-Code */
    SIPR_E_REQUEST_URI,      /* malformed Request-URI */
    SIPR_E_HEADER_NAME,      /* malformed header name or missing colon */
    SIPR_E_HEADER_VALUE,     /* control character in a header value */
    SIPR_E_LINE_END,         /* CR not followed by LF, or bare LF */
    SIPR_E_TRUNCATED,        /* input ends before the empty line after the headers */
    SIPR_E_VIA,              /* malformed Via value */
    SIPR_E_FROM,             /* malformed From value */
    SIPR_E_TO,               /* malformed To value */
    SIPR_E_CALL_ID,          /* malformed Call-ID value */
    SIPR_E_CSEQ,             /* malformed CSeq value */
    SIPR_E_MAX_FORWARDS,     /* malformed Max-Forwards value */
    SIPR_E_CONTENT_LENGTH,   /* malformed Content-Length value */
    SIPR_E_CONTACT,          /* malformed Contact value */
    SIPR_E_URI,              /* malformed URI inside a header */
    SIPR_E_NUMBER_RANGE,     /* a number does not fit its field */
    SIPR_E_TOO_MANY_HEADERS, /* more header lines than limits.max_headers */
    SIPR_E_TOO_MANY_VIAS,    /* more Via entries than limits.max_vias */
    SIPR_E_TOO_MANY_CONTACTS,/* more Contact entries than limits.max_contacts */
    SIPR_E_TOO_MANY_PARAMS,  /* more parameters than limits.max_params */
    SIPR_E_INTERNAL,         /* the final check of a result failed (a siprove bug: report it) */
    SIPR_E_TOKEN_LIST,       /* malformed token list (Require, Supported, Allow, ...) */
    SIPR_E_MEDIA_TYPE,       /* malformed Content-Type or Accept value */
    SIPR_E_DATE,             /* malformed Date value (RFC 1123 date in GMT) */
    SIPR_E_EXPIRES,          /* malformed Expires or Min-Expires value */
    SIPR_E_TOO_MANY_ITEMS,   /* more list entries than limits.max_items */
    SIPR_E_NO_CONTENT_LENGTH,/* stream framing: message without Content-Length (RFC 3261 §18.3) */
    SIPR_E_CONTENT_LENGTH_CONFLICT, /* stream framing: Content-Length values that differ */
    SIPR_E_NO_SPACE,         /* writers: the output buffer is too small (the size needed is reported) */
    SIPR_E_EDIT,             /* writers: a bad call (unparsed message, no such line, a line edited twice, ...) */
    SIPR_E_TOO_MANY_HOPS,    /* proxy: not forwarded, Max-Forwards is 0 (respond 483, RFC 3261 §16.3) */
    SIPR_E_NOT_THIS_PROXY,   /* proxy: the top Via of a response is not this proxy's (§16.7, §18.1.2) */
    SIPR_E_NO_VIA_LEFT,      /* proxy: not forwarded, the response's only Via was this proxy's (§16.7) */
    SIPR_E_ROUTE,            /* proxy: a Route value is not a list of name-addrs <URI> */
    SIPR_E_DIGEST,           /* malformed Digest challenge or credentials value */
    SIPR_E_DIGEST_SCHEME,    /* authentication scheme other than Digest */
    SIPR_E_DIGEST_MISSING,   /* a parameter that Digest needs is missing */
    SIPR_E_DIGEST_ALGORITHM, /* Digest algorithm not supported */
    SIPR_E_DIGEST_QOP,       /* Digest qop not supported (auth and auth-int are) */
    SIPR_E_DIGEST_MISMATCH,  /* the credentials' response is not the expected one */
    SIPR_E_TXN_KEY,          /* transactions: no key (no top Via, method or branch; or over SIPR_TXN_KEY_MAX) */
    SIPR_E_TABLE_FULL,       /* transactions: the table holds as many keys as it may */
    SIPR_E_TXN_EXISTS,       /* transactions: the key is in the table already */
    SIPR_E_DIALOG,           /* dialogs: the message cannot make a dialog, or it does not fit its room */
    SIPR_E_NO_DIALOG,        /* dialogs: the request does not belong to the dialog (answer 481) */
    SIPR_E_CSEQ_ORDER,       /* dialogs: CSeq lower than the last one received (answer 500, §12.2.2) */
    SIPR_E_MULTIPART,        /* multipart body: malformed (RFC 2046 §5.1) */
    SIPR_E_TOO_MANY_PARTS,   /* multipart body: more parts than the caller's array holds */
    SIPR_E_MULTIPART_DEPTH,  /* multipart body: nested deeper than the caller's limit */
    SIPR_E_ADDR,             /* malformed Route, Record-Route, Path, Service-Route, P-Asserted-Identity,
                                P-Preferred-Identity, Reply-To, Refer-To, Referred-By, Alert-Info,
                                Call-Info or Error-Info value */
    SIPR_E_TOO_MANY_ADDRS,   /* more entries of those headers than limits.max_addrs */
    SIPR_E_ITEM,             /* malformed Accept-Encoding, Accept-Language, Content-Language,
                                Content-Disposition, Priority, Event, Subscription-State, Reason,
                                Session-Expires, Min-SE, MIME-Version, RSeq, In-Reply-To,
                                Privacy, Subject, Organization, Retry-After, RAck,
                                Timestamp, Warning, Server, User-Agent, WWW-Authenticate,
                                Proxy-Authenticate, Authorization, Proxy-Authorization or
                                Authentication-Info value */
    SIPR_E_COMMENT_DEPTH,    /* a comment (Retry-After, Server, User-Agent) nested more than
                                4 deep: RFC 3261 allows any depth, siprove's grammar stops at 4 */
    SIPR_STATUS__COUNT
} sipr_status;

/* The human reason for a status code; never NULL. */
const char *sipr_strerror(sipr_status code);

/* ---- Leniency switches ----------------------------------------------------
 * Bits of sipr_limits.lenient; 0 (the default) is strict RFC 3261. Each one
 * lets sipr_parse accept one deviation that peers are known to send; each has
 * a security cost (README.md, "Leniency switches"). A message that uses a
 * leniency that is off is rejected exactly as with lenient == 0: same code,
 * same offset. After a successful parse, sipr_msg.lenient_used says which
 * leniencies the message used (so that a caller can log or refuse them). */
/* A lone LF (without CR) ends the start line, a header line or the header
 * section. A folded value still needs CRLF (LF + SP does not continue a
 * line). Off: SIPR_E_LINE_END at the LF. */
#define SIPR_LENIENT_BARE_LF 0x1u
/* The input ends right after the line end of a header line, without the
 * empty line: the header section ends there and the body is empty (at len).
 * Needs at least one header line. Off: SIPR_E_TRUNCATED at len. */
#define SIPR_LENIENT_NO_FINAL_CRLF 0x2u
/* More than one SP between the parts of the start line, and SP or HTAB
 * before the line end of a Request-Line. (A Status-Line's Reason-Phrase may
 * hold SP and HTAB anyway, so its end needs no switch.) Off: after the
 * Method or the Request-URI SIPR_E_START_LINE, after the SIP-Version of a
 * Status-Line SIPR_E_STATUS_CODE, at the end of a Request-Line
 * SIPR_E_VERSION; each at the first extra blank. */
#define SIPR_LENIENT_START_LINE_SPACES 0x4u
/* A line fold (CRLF then SP or HTAB) between a header name and its colon,
 * which HCOLON does not allow (SP and HTAB alone are allowed anyway). Off:
 * SIPR_E_HEADER_NAME at the CR. */
#define SIPR_LENIENT_WS_BEFORE_COLON 0x8u
/* Every known leniency; other bits are refused (SIPR_E_ARG). */
#define SIPR_LENIENT_ALL 0xFu

/* ---- Limits ---------------------------------------------------------------- */
typedef struct {
    uint32_t max_msg_len;   /* <= SIPR_MAX_MSG_LEN */
    uint16_t max_headers;   /* <= SIPR_MAX_HEADERS */
    uint16_t max_vias;      /* <= SIPR_MAX_VIAS */
    uint16_t max_contacts;  /* <= SIPR_MAX_CONTACTS */
    uint16_t max_params;    /* <= SIPR_MAX_PARAMS */
    uint16_t max_items;     /* <= SIPR_MAX_ITEMS */
    uint32_t lenient;       /* SIPR_LENIENT_* bits allowed; 0: strict */
    uint16_t max_addrs;     /* <= SIPR_MAX_ADDRS (sipr_msg.addrs) */
} sipr_limits;

/* max_msg_len of sipr_limits_default(): the largest UDP datagram. */
#define SIPR_DEFAULT_MSG_LEN 65535u

/* The compiled maxima, SIPR_DEFAULT_MSG_LEN bytes per message, strict
 * (lenient == 0). */
sipr_limits sipr_limits_default(void);

/* ---- Header kinds ------------------------------------------------------------ */
typedef enum {
    SIPR_H_OTHER = 0,        /* kept as (name, raw value) */
    SIPR_H_VIA,              /* Via, v */
    SIPR_H_FROM,             /* From, f */
    SIPR_H_TO,               /* To, t */
    SIPR_H_CALL_ID,          /* Call-ID, i */
    SIPR_H_CSEQ,             /* CSeq */
    SIPR_H_MAX_FORWARDS,     /* Max-Forwards */
    SIPR_H_CONTENT_LENGTH,   /* Content-Length, l */
    SIPR_H_CONTACT,          /* Contact, m */
    SIPR_H_CONTENT_TYPE,     /* Content-Type, c */
    SIPR_H_ACCEPT,           /* Accept */
    SIPR_H_REQUIRE,          /* Require */
    SIPR_H_PROXY_REQUIRE,    /* Proxy-Require */
    SIPR_H_SUPPORTED,        /* Supported, k */
    SIPR_H_UNSUPPORTED,      /* Unsupported */
    SIPR_H_ALLOW,            /* Allow */
    SIPR_H_CONTENT_ENCODING, /* Content-Encoding, e */
    SIPR_H_ALLOW_EVENTS,     /* Allow-Events, u (RFC 6665) */
    SIPR_H_DATE,             /* Date */
    SIPR_H_EXPIRES,          /* Expires */
    SIPR_H_MIN_EXPIRES,      /* Min-Expires */
    /* their entries are in sipr_msg.addrs */
    SIPR_H_ROUTE,            /* Route (name-addr form only) */
    SIPR_H_RECORD_ROUTE,     /* Record-Route (name-addr form only) */
    SIPR_H_PATH,             /* Path (RFC 3327; name-addr form only) */
    SIPR_H_SERVICE_ROUTE,    /* Service-Route (RFC 3608; name-addr form only) */
    SIPR_H_P_ASSERTED_IDENTITY, /* P-Asserted-Identity (RFC 3325) */
    SIPR_H_P_PREFERRED_IDENTITY, /* P-Preferred-Identity (RFC 3325) */
    SIPR_H_REPLY_TO,         /* Reply-To (one entry a line) */
    SIPR_H_REFER_TO,         /* Refer-To, r (RFC 3515; one entry a line) */
    SIPR_H_REFERRED_BY,      /* Referred-By, b (RFC 3892; one entry a line) */
    SIPR_H_ALERT_INFO,       /* Alert-Info (<URI> only, no display-name) */
    SIPR_H_CALL_INFO,        /* Call-Info (<URI> only, no display-name) */
    SIPR_H_ERROR_INFO,       /* Error-Info (<URI> only, no display-name) */
    /* their entries are in sipr_msg.items, with their parameters */
    SIPR_H_ACCEPT_ENCODING,  /* Accept-Encoding (may be empty) */
    SIPR_H_ACCEPT_LANGUAGE,  /* Accept-Language (may be empty) */
    SIPR_H_CONTENT_LANGUAGE, /* Content-Language */
    SIPR_H_CONTENT_DISPOSITION, /* Content-Disposition (one entry a line) */
    SIPR_H_PRIORITY,         /* Priority (one entry a line) */
    SIPR_H_EVENT,            /* Event, o (RFC 6665; one entry a line) */
    SIPR_H_SUBSCRIPTION_STATE, /* Subscription-State (RFC 6665; one entry a line) */
    SIPR_H_REASON,           /* Reason (RFC 3326) */
    SIPR_H_SESSION_EXPIRES,  /* Session-Expires, x (RFC 4028; one entry a line) */
    SIPR_H_MIN_SE,           /* Min-SE (RFC 4028; one entry a line) */
    SIPR_H_MIME_VERSION,     /* MIME-Version (one entry a line) */
    SIPR_H_RSEQ,             /* RSeq (RFC 3262; one entry a line) */
    SIPR_H_IN_REPLY_TO,      /* In-Reply-To */
    SIPR_H_PRIVACY,          /* Privacy (RFC 3323; entries separated by ';') */
    SIPR_H_SUBJECT,          /* Subject, s (one entry a line: the text, may be empty) */
    SIPR_H_ORGANIZATION,     /* Organization (one entry a line: the text, may be empty) */
    SIPR_H_RETRY_AFTER,      /* Retry-After (one entry a line: delta-seconds, sub the comment) */
    SIPR_H_RACK,             /* RAck (RFC 3262; one entry a line: response-num, sub CSeq-num,
                                extra the method) */
    SIPR_H_TIMESTAMP,        /* Timestamp (one entry a line: the time, sub the delay) */
    SIPR_H_WARNING,          /* Warning (an entry a warning-value: the code, sub the agent,
                                extra the text) */
    SIPR_H_SERVER,           /* Server (an entry a server-val: a product, sub its version, or
                                a comment) */
    SIPR_H_USER_AGENT,       /* User-Agent (as Server) */
    SIPR_H_WWW_AUTHENTICATE, /* WWW-Authenticate (one entry a line: the auth-scheme, params the
                                auth-params) */
    SIPR_H_PROXY_AUTHENTICATE, /* Proxy-Authenticate (as WWW-Authenticate) */
    SIPR_H_AUTHORIZATION,    /* Authorization (as WWW-Authenticate) */
    SIPR_H_PROXY_AUTHORIZATION, /* Proxy-Authorization (as WWW-Authenticate) */
    SIPR_H_AUTHENTICATION_INFO, /* Authentication-Info (one entry a line: no scheme, params the
                                ainfos) */
    SIPR_H__COUNT
} sipr_header_kind;

/* Canonical (long-form) name of a header kind; "" for SIPR_H_OTHER. */
const char *sipr_header_name(sipr_header_kind kind);

/* The kind of a header name: its long or compact form (RFC 3261 §7.3.3), in
 * any case; SIPR_H_OTHER for any other name, and for a name that is not a
 * token (§25.1) or is longer than 64 bytes. name may be NULL when len is 0.
 * The parser finds the kinds of header lines with the same table. */
sipr_header_kind sipr_header_kind_of(const char *name, size_t len);

/* One header line: name and value as written (value without the leading and
 * trailing white space; a folded value keeps its inner CRLF SP sequences). */
typedef struct {
    sipr_span name;
    sipr_span value;
    uint16_t kind;           /* sipr_header_kind */
    uint16_t next;           /* next header line of the same kind, or SIPR_NONE */
} sipr_header;

/* ---- URIs (RFC 3261 §19.1, RFC 3966 tel, RFC 2396 absoluteURI) ------------ */
/* SIPR_URI_TEL comes last so that the other values keep their numbers. */
typedef enum {
    SIPR_URI_NONE = 0,
    SIPR_URI_SIP,
    SIPR_URI_SIPS,
    SIPR_URI_OTHER,
    SIPR_URI_TEL
} sipr_uri_scheme;
typedef enum { SIPR_HOST_NONE = 0, SIPR_HOST_NAME, SIPR_HOST_IPV4, SIPR_HOST_IPV6 } sipr_host_kind;

/* Which fields a scheme fills (the others are empty, host_kind NONE, port 0):
 *   SIP, SIPS  user, password, host, port, params, headers (RFC 3261 §19.1.1)
 *   TEL        user: the telephone-subscriber's number as written, "+" and
 *              visual separators included ("+1-201-555-0123", "7042");
 *              params: every par (isub, ext, phone-context, others) in
 *              order (RFC 3966 §3); opaque: everything after the colon, as
 *              for OTHER. A local number without phone-context is refused
 *              (§5.1.5).
 *   OTHER      opaque: everything after the colon; with a net_path
 *              ("scheme://authority..."), host, host_kind (NAME or IPV4),
 *              port when the authority is a server ([userinfo "@"]
 *              hostport, port at most 65535; none for a registry-based
 *              one); path: the abs_path (with its leading '/'), query: after
 *              the '?' of a hier_part (RFC 2396 §3). */
typedef struct {
    uint8_t scheme;          /* sipr_uri_scheme */
    uint8_t host_kind;       /* sipr_host_kind */
    uint16_t port;           /* port number, 0 when absent */
    sipr_span scheme_name;   /* "sip", "sips", "tel", "mailto", ... */
    sipr_span user;          /* userinfo user (escapes not decoded); a tel URI's number */
    sipr_span password;
    sipr_span host;          /* hostname, IPv4address or IPv6reference with brackets */
    sipr_span port_text;
    sipr_span opaque;        /* for SIPR_URI_OTHER and _TEL: everything after the colon */
    sipr_plist params;       /* uri-parameters (;name=value), a tel URI's pars */
    sipr_plist headers;      /* URI headers (?name=value&...) */
    sipr_span path;          /* SIPR_URI_OTHER with a hier_part: abs_path, "/a/b" */
    sipr_span query;         /* SIPR_URI_OTHER with a hier_part: query, without the '?' */
} sipr_uri;

/* ---- Structured headers ------------------------------------------------------- */

/* One via-parm (RFC 3261 §20.42). */
typedef struct {
    sipr_span protocol_name; /* "SIP" */
    sipr_span protocol_version; /* "2.0" */
    sipr_span transport;     /* "UDP", "TCP", ... */
    sipr_span host;          /* sent-by host (IPv6 with brackets) */
    sipr_span port_text;
    sipr_span branch;
    sipr_span received;
    sipr_span rport;         /* value of rport, absent when rport has no value */
    sipr_span maddr;
    sipr_span ttl;
    sipr_plist params;       /* every other via-extension */
    uint16_t port;           /* sent-by port, 0 when absent */
    uint8_t host_kind;       /* sipr_host_kind */
    uint8_t has_rport;       /* 1 when an rport parameter is present */
    uint16_t header;         /* index of the header line it came from */
} sipr_via;

/* From, To and one Contact entry: name-addr or addr-spec, then params. */
typedef struct {
    sipr_span display;       /* display-name as written (quoted-string with quotes) */
    sipr_span uri_text;      /* the addr-spec */
    sipr_uri uri;
    sipr_span tag;           /* tag parameter (From, To) */
    sipr_span expires;       /* expires parameter (Contact) */
    sipr_span q;             /* q parameter (Contact) */
    sipr_plist params;       /* every other parameter */
    uint16_t header;         /* index of the header line, SIPR_NONE when absent */
} sipr_name_addr;

/* One entry of a list-valued header: an option tag (Require, Proxy-Require,
 * Supported, Unsupported), a method (Allow), a content coding
 * (Content-Encoding), an event type (Allow-Events), or a media type or range
 * (Content-Type, Accept: value is the type, sub the subtype); and the entry of
 * the kinds SIPR_H_ACCEPT_ENCODING to SIPR_H_AUTHENTICATION_INFO: a coding, a language
 * range or tag, a disposition type, a priority, an event type, a
 * substate-value, a Reason protocol, delta-seconds (Session-Expires, Min-SE;
 * below 2**32), a MIME version ("1.0"), a response number (RSeq; below
 * 2**32), a callid (In-Reply-To), a priv-value (Privacy), or the text of a
 * Subject or Organization (RFC 3261 TEXT-UTF8-TRIM, folds as written; empty,
 * at the value's offset, when the line has none), as written; for Retry-After
 * the delta-seconds (below 2**32), sub its comment with the parentheses (RFC
 * 3261 comment, nested at most 4 deep), params the retry-params; for RAck
 * (RFC 3262 §7.2) the response-num (below 2**32, as RSeq), sub the CSeq-num
 * (below 2**31, as CSeq), extra the method; for Timestamp (§20.38) the time
 * ("54", "54.3"), sub the delay when there is one ("0.2"); for Warning
 * (§20.43) the warn-code (3 digits), sub the warn-agent (hostport or
 * pseudonym, as written), extra the warn-text (a quoted-string, with its
 * quotes); for Server and User-Agent (§20.35, §20.41) an entry per server-val,
 * the product token and sub its product-version ("SIPimp.org", "0.2.5"), or
 * a whole comment, with its parentheses ("(curses)", sub empty); for
 * WWW-Authenticate, Proxy-Authenticate, Authorization and Proxy-Authorization
 * (§20.44, §20.27, §20.7, §20.28: challenge and credentials) the auth-scheme
 * ("Digest"), params the auth-params (name, value as written: a token, or a
 * quoted-string with its quotes); for Authentication-Info (§20.6) an empty
 * value at the value's offset (it has no scheme), params the ainfos. Spans a
 * header does not use are empty. */
typedef struct {
    sipr_span value;
    sipr_span sub;           /* media subtype, Retry-After comment, RAck CSeq-num, Timestamp
                                delay, Warning agent, Server and User-Agent product version;
                                absent otherwise */
    sipr_span extra;         /* RAck method, Warning text; absent otherwise */
    sipr_plist params;       /* media parameters, accept-params, and the parameters
                                of the entries of Accept-Encoding ... Authentication-Info */
    uint16_t header;         /* index of the header line it came from */
} sipr_item;

/* ---- The message ----------------------------------------------------------------- */
typedef enum { SIPR_MSG_NONE = 0, SIPR_MSG_REQUEST, SIPR_MSG_RESPONSE } sipr_msg_type;

typedef struct {
    sipr_limits limits;      /* set by sipr_msg_init */
    uint32_t len;            /* length of the buffer that was parsed */
    uint8_t type;            /* sipr_msg_type */
    uint8_t contact_star;    /* Contact: * */
    uint8_t has_max_forwards;
    uint8_t has_content_length;
    uint16_t status_code;    /* responses */
    sipr_status err;         /* status of the last parse */
    uint32_t err_off;        /* byte offset of the error, <= len */
    uint32_t lenient_used;   /* SIPR_LENIENT_* bits the message used (a subset of
                                limits.lenient); 0 for a strictly valid message */
    uint32_t lenient_off;    /* offset of the first use of a leniency, <= len; 0 when none */

    /* start line */
    sipr_span method;        /* requests */
    sipr_span request_uri;   /* requests: as written */
    sipr_uri ruri;           /* requests: parsed */
    sipr_span version;       /* "SIP/2.0" */
    sipr_span status_text;   /* responses: the Status-Code digits */
    sipr_span reason;        /* responses: Reason-Phrase (may be empty) */

    /* well-known single-valued headers (first instance) */
    sipr_name_addr from;
    sipr_name_addr to;
    sipr_span call_id;
    uint32_t cseq_number;
    sipr_span cseq_method;
    uint32_t max_forwards;
    uint32_t content_length;
    uint8_t has_expires;
    uint8_t has_min_expires;
    uint32_t expires;        /* Expires (delta-seconds), first instance */
    uint32_t min_expires;    /* Min-Expires, first instance */

    sipr_span body;          /* after the empty line: Content-Length octets when present
                                (octets after them are ignored, RFC 3261 §18.3), else
                                the rest of the buffer */

    /* header lines, in order, and the first line of each kind */
    uint16_t n_headers;
    uint16_t first[SIPR_H__COUNT];   /* first line of each kind, or SIPR_NONE */
    uint16_t last[SIPR_H__COUNT];    /* last line of each kind, or SIPR_NONE */
    sipr_header headers[SIPR_MAX_HEADERS];

    /* Via entries, in order (all Via lines, comma lists expanded) */
    uint16_t n_vias;
    sipr_via vias[SIPR_MAX_VIAS];

    /* Contact entries, in order */
    uint16_t n_contacts;
    sipr_name_addr contacts[SIPR_MAX_CONTACTS];

    /* entries of list-valued headers, in order */
    uint16_t n_items;
    sipr_item items[SIPR_MAX_ITEMS];

    /* pool of generic parameters referenced by sipr_plist fields */
    uint16_t n_params;
    sipr_param params[SIPR_MAX_PARAMS];

    /* entries of the name-addr headers other than From, To and Contact
       (Route, Record-Route, Path, Service-Route, P-Asserted-Identity,
       P-Preferred-Identity, Reply-To, Refer-To, Referred-By) and of Alert-Info,
       Call-Info and Error-Info, in order, comma lists expanded; each entry's
       header is its line (whose kind says which header it is) */
    uint16_t n_addrs;
    sipr_name_addr addrs[SIPR_MAX_ADDRS];
} sipr_msg;

/* Prepare msg for parsing with the given limits (NULL: sipr_limits_default()).
 * Returns SIPR_E_ARG when a limit exceeds its compiled maximum or lenient has
 * a bit outside SIPR_LENIENT_ALL. */
sipr_status sipr_msg_init(sipr_msg *msg, const sipr_limits *limits);

/* Parse one complete SIP message (a datagram, or one message cut from a
 * stream). The body is Content-Length octets when the header is present and
 * the rest of buf otherwise; a Content-Length beyond the end of buf is
 * reported by sipr_validate.
 * On SIPR_OK every span of msg lies inside [0, len) and every count is within
 * its limit. On error, msg->err is the code and msg->err_off (<= len) the
 * offset of the first byte that could not be accepted; other fields are not
 * meaningful. Reads only buf[0 .. len-1]; writes only *msg. */
sipr_status sipr_parse(const char *buf, size_t len, sipr_msg *msg);

/* ---- Semantic checks (separate from syntax) ---------------------------------
 * sipr_validate judges a parsed message the way a SIP element in a given role
 * would (RFC 3261 §8.2 for a UAS, §16.3 for a proxy), returning the response
 * the RFC recommends. Its checks run in the order of the RFC's sections, and
 * the first failing one is reported. */
typedef enum {
    SIPR_V_OK = 0,             /* response 0 */
    /* The message is well-formed but lacks what every request and response
       needs (§8.1.1, §8.2.2): 400, offset len (the end of the message). */
    SIPR_V_MISSING_VIA,
    SIPR_V_MISSING_TO,
    SIPR_V_MISSING_FROM,
    SIPR_V_MISSING_CALL_ID,
    SIPR_V_MISSING_CSEQ,
    SIPR_V_MISSING_MAX_FORWARDS, /* not reported: RFC 2543 requests omit it (RFC 4475 §3.4.1) */
    SIPR_V_CSEQ_METHOD_MISMATCH, /* request method differs from the CSeq method (400, invalid) */
    SIPR_V_CONTENT_LENGTH_MISMATCH, /* Content-Length beyond the end of the message (400, invalid) */
    SIPR_V_NOT_PARSED,       /* msg is not the result of a successful sipr_parse of buf (400, invalid) */
    SIPR_V_BAD_VERSION,      /* SIP-Version other than SIP/2.0 (505, invalid) */
    SIPR_V_DUPLICATE_HEADER, /* a single-valued header appears twice (400) */
    SIPR_V_UNSUPPORTED_SCHEME, /* Request-URI scheme not handled (416; requests only) */
    SIPR_V_BAD_EXTENSION,    /* Require (UAS) / Proxy-Require (proxy) tag not supported (420;
                                requests other than ACK and CANCEL, §8.2.2.3) */
    SIPR_V_UNSUPPORTED_MEDIA, /* body type not understood (415; a UAS's requests with a body) */
    SIPR_V_NOT_ACCEPTABLE,   /* no type in Accept can be produced (406; a UAS's INVITEs only,
                                §21.4.7) */
    SIPR_V_BARE_BRANCH_COOKIE, /* top Via branch is only the magic cookie z9hG4bK (400; requests
                                and responses) */
    SIPR_V_TOO_MANY_HOPS,    /* Max-Forwards 0 at a proxy (483; proxy role only) */
    SIPR_V_MISSING_CONTENT_TYPE, /* a body without Content-Type (400, §20.15; a UAS's requests) */
    SIPR_V_BAD_ADDRESS_OF_RECORD, /* REGISTER To is not a SIP or SIPS URI (400, §10.2; UAS only) */
    SIPR_VERDICT__COUNT
} sipr_verdict_code;

typedef struct {
    sipr_verdict_code code;  /* SIPR_V_OK when the message passes */
    uint16_t response;       /* the response an element should send (400, ...), 0 when OK */
    uint8_t invalid;         /* 1: the message is malformed (RFC 4475 §3.1.2 kind); 0: it is
                                well-formed and the verdict is the element's (§3.3 kind) */
    uint8_t rfc2543;         /* 1: the top Via has no RFC 3261 branch (magic cookie), so
                                transactions match by the RFC 2543 rules (§17.2.3) */
    uint32_t off;            /* byte offset of the field the verdict is about, <= len */
} sipr_verdict;

/* A string given by the caller: s[0 .. len-1], no terminator needed. */
typedef struct {
    const char *s;
    uint32_t len;
} sipr_str;

typedef enum { SIPR_ROLE_UAS = 0, SIPR_ROLE_PROXY } sipr_role;

/* What the validating element is and can do. Names compare case-insensitively. */
typedef struct {
    uint8_t role;            /* sipr_role */
    uint16_t n_schemes;
    const sipr_str *schemes; /* URI schemes handled, e.g. "sip", "sips", "tel" */
    uint16_t n_options;
    const sipr_str *options; /* option tags supported (Require / Proxy-Require) */
    uint16_t n_types;
    const sipr_str *types;   /* body types understood and produced, "type/subtype" */
} sipr_profile;

/* The documented default (the CLI's): a UAS handling sip, sips and tel URIs,
 * no extensions, bodies of type application/sdp, multipart/mixed (RFC 5621)
 * and message/sipfrag (RFC 3420, for REFER and NOTIFY). */
const sipr_profile *sipr_profile_default(void);

/* Semantic checks of a successfully parsed message (RFC 3261 §8.1.1, §8.2,
 * §16.3, §18.3; RFC 4475 §3.1.2 and §3.3) for element p (NULL: the default
 * profile). Reads only buf and msg and *p.
 * The order: the form of the message (not parsed, version, CSeq method,
 * Content-Length: "invalid" = 1), the mandatory and singleton headers, then
 * the element's checks: bare branch cookie; for requests the Request-URI
 * scheme, a REGISTER's To (UAS), Max-Forwards 0 (proxy), Require or
 * Proxy-Require (skipped for ACK and CANCEL, as §8.2.2.3 says); for a UAS
 * the body's type, then Accept for an INVITE. A proxy does not check bodies.
 * The verdict's response is the one each code names above, 0 for SIPR_V_OK;
 * rfc2543 is set whatever the code. */
sipr_verdict sipr_validate(const char *buf, size_t len, const sipr_msg *msg, const sipr_profile *p);

/* The human reason for a verdict code; never NULL. */
const char *sipr_verdict_reason(sipr_verdict_code code);

/* ---- Stream framing (RFC 3261 §18.3, RFC 5626 §4.4.1) ----------------------
 * On a stream (TCP, TLS) a message ends Content-Length bytes after the empty
 * line; sipr_frame finds that end, one byte state at a time, so that a caller
 * can hand each message to sipr_parse. Usage:
 *
 *     sipr_framer fr;  sipr_frame_out o;
 *     sipr_framer_init(&fr, NULL);             (limits.max_msg_len is used)
 *     on every read: append to buf, then
 *     while ((r = sipr_frame(&fr, buf, len, &o)) == SIPR_FRAME_MESSAGE) {
 *         sipr_parse(buf + o.skipped, o.msg_len, &msg);  ...
 *         drop o.skipped + o.msg_len bytes from the front of buf;
 *     }
 *     r == SIPR_FRAME_ERROR: sipr_strerror(o.err) at byte o.err_off; close.
 *
 * - Resumable: between calls the caller only appends to buf (the first len
 *   bytes of the previous call unchanged); the framer remembers how far it
 *   scanned and never reads those bytes again. After SIPR_FRAME_MESSAGE it is
 *   ready for the next message, which starts at buf[o.skipped + o.msg_len]
 *   (so the caller passes the buffer from there on).
 * - Keep-alives: CRLFs before a start line are skipped (RFC 3261 §7.5) and
 *   counted in o.skipped (complete CRLFs only). A "\r\n\r\n" is an RFC 5626
 *   ping, to be answered by a "\r\n" pong; a "\r\n" alone is a pong. While
 *   only keep-alives have been seen (r == SIPR_FRAME_NEED_MORE), a caller may
 *   drop the o.skipped bytes and call sipr_framer_init again.
 * - Content-Length, long form or compact `l`, names case-insensitive, any
 *   SP / HTAB and folded lines (CRLF followed by SP or HTAB) around the colon
 *   and the digits. It MUST be present (§18.3); repeated, the values must be
 *   equal. Lines end with CRLF only (a bare LF or a CR without LF is an error,
 *   as in sipr_parse). Other bytes are not checked: that is sipr_parse's job.
 * - Limits: the message (from its start line to the end of its body) is at
 *   most limits.max_msg_len bytes; keep-alives do not count.
 * - Errors stick: once SIPR_FRAME_ERROR is returned, every further call
 *   returns it again until sipr_framer_init. o.err / o.err_off:
 *     SIPR_E_LINE_END            bare LF (its offset) or CR not followed by LF
 *                                (the byte after the CR);
 *     SIPR_E_CONTENT_LENGTH      a Content-Length line that is not
 *                                name *WSP ":" LWS 1*DIGIT LWS CRLF: the first
 *                                byte that does not fit;
 *     SIPR_E_CONTENT_LENGTH_CONFLICT  the first digit of a value that differs
 *                                from the first one;
 *     SIPR_E_NO_CONTENT_LENGTH   the CR of the empty line that ends the headers;
 *     SIPR_E_TOO_LONG            the first byte of the header section beyond
 *                                max_msg_len, or, when the header section and
 *                                the Content-Length together exceed it, the
 *                                first digit of the Content-Length value;
 *     SIPR_E_ARG                 limits above SIPR_MAX_MSG_LEN (from init), a
 *                                len shorter than what was scanned already (f
 *                                is left as it was), or a framer state that
 *                                breaks its invariant, e.g. never initialised
 *                                (offset 0).
 * - Datagrams (UDP) need no framer: sipr_parse takes the whole datagram and
 *   its body is the rest of the datagram, with or without Content-Length. */
typedef enum {
    SIPR_FRAME_NEED_MORE = 0, /* no complete message yet: append bytes, call again */
    SIPR_FRAME_MESSAGE,       /* buf[o.skipped .. o.skipped + o.msg_len) is one message */
    SIPR_FRAME_ERROR          /* o.err at byte o.err_off; the stream cannot be framed */
} sipr_frame_result;

typedef struct {
    size_t skipped;           /* keep-alive CRLF bytes before the message */
    size_t msg_len;           /* SIPR_FRAME_MESSAGE: the message's length, else 0 */
    sipr_status err;          /* SIPR_FRAME_ERROR: the reason, else SIPR_OK */
    size_t err_off;           /* SIPR_FRAME_ERROR: offset in buf (<= len), else 0 */
} sipr_frame_out;

/* Framer state, owned by the caller; its fields are private. */
typedef struct {
    size_t pos;               /* bytes of buf scanned */
    size_t start;             /* keep-alive bytes skipped: where the message starts */
    size_t cl_off;            /* first digit of the first Content-Length value */
    size_t dig_off;           /* first digit of the value being read */
    size_t err_off;
    uint32_t max_len;         /* limits.max_msg_len */
    uint32_t clen;            /* the first Content-Length value (max_len + 1 if above) */
    uint32_t val;             /* the value being read (max_len + 1 if above) */
    uint32_t msg_len;         /* header section + clen, once the empty line is seen */
    sipr_status err;
    uint8_t state;
    uint8_t name;             /* how the current header name matches Content-Length / l */
    uint8_t have_cl;
} sipr_framer;

/* Prepare f for a new stream (limits NULL: sipr_limits_default()). Returns
 * SIPR_E_ARG, and leaves f in that error, when limits->max_msg_len exceeds
 * SIPR_MAX_MSG_LEN. Only max_msg_len is used: framing has no leniency
 * switches (limits->lenient is ignored; lines end with CRLF). */
sipr_status sipr_framer_init(sipr_framer *f, const sipr_limits *limits);

/* Scan buf[0 .. len) from where the previous call stopped. Reads only
 * buf[0 .. len-1]; writes only *f and *out. o.skipped <= len; on a message
 * o.skipped + o.msg_len <= len and o.msg_len <= limits.max_msg_len; on an
 * error o.err_off <= len. Proven for any contents of *f. */
sipr_frame_result sipr_frame(sipr_framer *f, const char *buf, size_t len, sipr_frame_out *out);


/* ---- Writing messages: serializer, edits, builder (issue 5) -----------------
 * Every writer takes a caller buffer out[0 .. cap-1] and stores nothing
 * outside it (proven: each contract says `assigns out[0 .. cap - 1]`). It
 * returns
 *   SIPR_OK           *out_len = the message length, <= cap;
 *   SIPR_E_NO_SPACE   *out_len = the length needed (> cap): call again with a
 *                     buffer that large; out holds a prefix of the message;
 *   SIPR_E_TOO_LONG   the message would exceed SIPR_MAX_OUT_LEN bytes;
 *   another code      a bad argument (see each function); out is unspecified.
 * A piece of output (a field, a separator) is stored only when all of it fits;
 * after the first piece that does not fit nothing more is stored, but the
 * needed length keeps counting. The input buffer and out must not overlap.
 * Text the caller gives is checked before it is written, so that no call can
 * inject a line: header values may hold no control byte but HTAB (so no CR or
 * LF): SIPR_E_HEADER_VALUE; names and methods are tokens: SIPR_E_HEADER_NAME;
 * URIs hold no SP, control byte, '<', '>' or '"': SIPR_E_REQUEST_URI. */

/* The longest message a writer produces (32 MiB, twice SIPR_MAX_MSG_LEN). */
#define SIPR_MAX_OUT_LEN 0x02000000u

/* Re-emit a parsed message: exactly buf[0 .. body end), byte for byte (the
 * message as sipr_parse read it; octets after Content-Length octets of body
 * are not part of it, RFC 3261 §18.3, and are not written). msg must be the
 * result of a successful sipr_parse of buf (else SIPR_E_EDIT). */
sipr_status sipr_serialize(const char *buf, size_t len, const sipr_msg *msg, char *out, size_t cap,
                           size_t *out_len);

/* One edit of a parsed message (sipr_serialize_edited). */
typedef enum {
    SIPR_EDIT_REMOVE = 1,    /* drop header line `line` */
    SIPR_EDIT_REPLACE,       /* write header line `line` as its name (as written), ": ", value */
    SIPR_EDIT_INSERT,        /* a new line "name: value" before header line `line`; a `line`
                                >= msg.n_headers puts it after the last header line */
    SIPR_EDIT_REQUEST_URI    /* a request's start line with value as its Request-URI */
} sipr_edit_op;

typedef struct {
    uint8_t op;              /* sipr_edit_op */
    uint8_t compact;         /* insert: the compact name of kind (v f t i l m c k e u) when it has one */
    uint16_t line;           /* index into msg.headers */
    uint16_t kind;           /* insert: the sipr_header_kind of the new line (its canonical name);
                                SIPR_H_OTHER: the line is named `name` */
    sipr_str name;           /* insert with SIPR_H_OTHER: the header name (a token) */
    sipr_str value;          /* replace and insert: the header value; request-uri: the URI */
} sipr_edit;

/* Re-emit a parsed message with edits[0 .. n_edits-1] applied. Lines and
 * bytes no edit touches are copied from buf byte for byte; an edited line is
 * written canonically ("Name: value" CRLF) and a new Request-Line as
 * "Method SP URI SP SIP-Version" CRLF. Several inserts before one line keep
 * their order in the list. SIPR_E_EDIT: msg did not parse, an unknown op or
 * kind, a remove or replace of a line that does not exist, two removes or
 * replaces of one line, a Request-URI edit of a response or two of them.
 * Edit texts are checked as above. The body is copied unchanged, so
 * Content-Length stays right unless an edit changes it. */
sipr_status sipr_serialize_edited(const char *buf, size_t len, const sipr_msg *msg,
                                  const sipr_edit *edits, size_t n_edits, char *out, size_t cap,
                                  size_t *out_len);

/* A generic parameter the caller gives: ";name" or ";name=value". */
typedef struct {
    sipr_str name;           /* a token */
    sipr_str value;          /* a token, a host or a quoted-string as written; empty: no value */
} sipr_str_param;

/* A Via value to write: SIP/2.0/transport host[:port];branch=...;received=...;rport[=n] */
typedef struct {
    sipr_str transport;      /* "UDP", "TCP", "TLS", "SCTP", ... (a token) */
    sipr_str host;           /* sent-by: hostname, IPv4 address or [IPv6 reference] */
    uint16_t port;           /* 0: no port */
    uint8_t rport;           /* 0: none; 1: ";rport" (ask for it, RFC 3581); 2: ";rport=" rport_value */
    uint16_t rport_value;
    sipr_str branch;         /* a token, with the z9hG4bK cookie; empty: none */
    sipr_str received;       /* an IPv4 or IPv6 address; empty: none */
} sipr_via_spec;

/* A name-addr value to write (From, To, Contact, Route, Record-Route):
 * ["display" SP] "<" uri ">" [";tag=" tag] *(";" name ["=" value]) */
typedef struct {
    sipr_str display;        /* written as a quoted-string (with \ before " and \); empty: none */
    sipr_str uri;            /* written between < and > */
    sipr_str tag;            /* a token; empty: none */
    const sipr_str_param *params; /* params[0 .. n_params-1] */
    uint16_t n_params;
} sipr_addr_spec;

/* The builder: a message written piece by piece into out[0 .. cap-1]. Call
 * sipr_builder_init, one start line, any headers, then sipr_build_end. The
 * first error sticks (b->err) and makes every later call do nothing; it is
 * returned by sipr_build_end. Fields are private. */
typedef struct {
    char *out;
    size_t cap;
    size_t pos;              /* length of the message so far (stored while it fits) */
    sipr_status err;         /* the first error, SIPR_OK */
    uint8_t state;           /* 0: before the start line, 1: headers, 2: ended */
    uint8_t compact;         /* compact names (v i c l) for the fixed-name headers */
} sipr_builder;

/* compact: write Via, Call-ID, Content-Type and Content-Length as v, i, c, l. */
void sipr_builder_init(sipr_builder *b, char *out, size_t cap, int compact);
/* method (a token) SP uri SP "SIP/2.0" CRLF. */
void sipr_build_request_line(sipr_builder *b, sipr_str method, sipr_str uri);
/* "SIP/2.0" SP code SP reason CRLF; code 100 .. 699 (else SIPR_E_STATUS_CODE). */
void sipr_build_status_line(sipr_builder *b, uint16_t code, sipr_str reason);
void sipr_build_via(sipr_builder *b, const sipr_via_spec *via);
/* name: From, To, Contact, Route, Record-Route, or a compact f, t, m. */
void sipr_build_addr(sipr_builder *b, sipr_str name, const sipr_addr_spec *addr);
/* CSeq: number method; number below 2**31 (RFC 3261 §8.1.1.5; else SIPR_E_NUMBER_RANGE). */
void sipr_build_cseq(sipr_builder *b, uint32_t number, sipr_str method);
/* Max-Forwards: n, n <= 255 (else SIPR_E_NUMBER_RANGE). */
void sipr_build_max_forwards(sipr_builder *b, uint32_t n);
void sipr_build_call_id(sipr_builder *b, sipr_str call_id);
/* Content-Type: media, e.g. "application/sdp". */
void sipr_build_content_type(sipr_builder *b, sipr_str media);
/* Any header: name (a token): value. */
void sipr_build_header(sipr_builder *b, sipr_str name, sipr_str value);
/* Content-Length: body_len, the empty line, the body; returns the status and
 * the length as every writer does. body_len above SIPR_MAX_MSG_LEN:
 * SIPR_E_TOO_LONG. */
sipr_status sipr_build_end(sipr_builder *b, const char *body, size_t body_len, size_t *out_len);

/* ---- Proxy operations (RFC 3261 §16) ------------------------------------------
 * Each takes a parsed message and writes the message to send, as the writers
 * above do (edited lines canonical, the others byte for byte). */

/* This proxy: how it names itself in Via, Record-Route and Route. */
typedef struct {
    sipr_str host;           /* its host: hostname, IPv4 address or [IPv6 reference] */
    uint16_t port;           /* 0: no port written; compared as 5060 (sip) or 5061 (sips) */
    sipr_str transport;      /* of its Via: "UDP", "TCP", ...; empty: "UDP" */
    sipr_str branch;         /* the branch of its Via (a stateful proxy's own, with z9hG4bK);
                                empty: derived from the request (sipr_proxy_branch) */
    uint8_t record_route;    /* 1: add Record-Route <sip:host[:port];lr> (§16.6 step 4), and
                                treat a Request-URI naming host:port with lr as a strict
                                router's doing (§16.4) */
    sipr_str src_host;       /* the address the request came from; empty: unknown */
    uint16_t src_port;       /* and its source port (received / rport, §18.2.1, RFC 3581) */
} sipr_proxy;

/* The length of a derived branch: "z9hG4bK" and 16 hex digits. */
#define SIPR_BRANCH_LEN 23u

/* The branch a stateless proxy gives a request (§16.11): "z9hG4bK" and the
 * FNV-1a 64-bit hash, in hex, of the top Via's branch when it starts with
 * z9hG4bK (so that a CANCEL, and the ACK of a non-2xx response, get the
 * branch of their INVITE), else of the top via-parm, the To tag, the From
 * tag, the Call-ID, the CSeq number and the Request-URI. Not cryptographic:
 * it only has to differ between transactions and repeat for
 * retransmissions. */
sipr_status sipr_proxy_branch(const char *buf, size_t len, const sipr_msg *msg, char *out,
                              size_t cap, size_t *out_len);

/* Forward a request (§16.6) as proxy p: in this order,
 * - Max-Forwards 0: SIPR_E_TOO_MANY_HOPS, *response = 483, nothing written
 *   (§16.3 step 3); otherwise Max-Forwards is one less, or 70 when absent;
 * - with p->src_host: received (and rport when the top Via asks) on the top
 *   Via, as sipr_proxy_received does;
 * - Route (§16.4, §16.6 step 6, loose routing, RFC 3261 §16.12): with
 *   p->record_route, a Request-URI that names p (host, port, lr, no user) was
 *   put there by a strict router: it becomes the last Route value, which is
 *   removed; a first Route value that names p is removed; if the first value
 *   left has no lr (a strict router next), the Request-URI becomes the last
 *   Route value and the first value the Request-URI;
 * - Record-Route <sip:host[:port];lr> (sips when the Request-URI is) before
 *   the first Record-Route, else after the last Via line, with
 *   p->record_route;
 * - a new top Via: SIP/2.0/transport host[:port];branch=... (§16.6 step 8).
 * SIPR_E_EDIT: msg is not a parsed request; SIPR_E_ROUTE: a Route value is
 * not a list of <URI> name-addrs, or a Route URI that would become the
 * Request-URI is not a sip or sips URI with a host, of visible ASCII (Route
 * is not parsed by sipr_parse: these are its only checks, not the whole URI
 * grammar; parse what you send); SIPR_E_HEADER_VALUE: p's strings (host,
 * src_host: host characters; transport, branch: tokens).
 * The caller checks the request first (sipr_validate with a proxy profile:
 * §16.3) and sends it to the first Route URI, else the Request-URI. */
sipr_status sipr_proxy_forward(const char *buf, size_t len, const sipr_msg *msg, const sipr_proxy *p,
                               char *out, size_t cap, size_t *out_len, uint16_t *response);

/* Forward a response (§16.7 step 3): remove the top Via value (the proxy's
 * own). SIPR_E_NOT_THIS_PROXY when p is not NULL and the top Via's sent-by
 * is not p's host and port; SIPR_E_NO_VIA_LEFT when no Via would remain (the
 * response is for this proxy); SIPR_E_EDIT when msg is not a parsed response. */
sipr_status sipr_proxy_response(const char *buf, size_t len, const sipr_msg *msg, const sipr_proxy *p,
                                char *out, size_t cap, size_t *out_len);

/* A request received from src_host:src_port (§18.2.1, RFC 3581 §4): the top
 * Via gets received=src_host when its sent-by host differs from src_host or
 * it has rport, and an rport without a value gets src_port. When neither
 * applies the message is written unchanged. The top via-parm is then written
 * canonically (its known parameters first). */
sipr_status sipr_proxy_received(const char *buf, size_t len, const sipr_msg *msg, sipr_str src_host,
                                uint16_t src_port, char *out, size_t cap, size_t *out_len);
/* ---- Transactions (RFC 3261 §17) ----------------------------------------------
 * A transaction key is a short text built from a message, compared byte for
 * byte: two messages belong to one transaction exactly when their keys are
 * equal. Keys are copied out of the message, so a key outlives its buffer.
 *
 * The table is an index from keys to the caller's transaction ids (an id is
 * whatever the caller uses to find its own record: the machine, the last
 * response to resend, the request). It lives in caller memory: an array of
 * slots of any size up to SIPR_TXN_MAX_CAP, of which at most three quarters
 * are used (open addressing with linear probing; a removal shifts the probe
 * run back, so no tombstones build up and a lookup costs O(1) expected). A
 * full table is SIPR_E_TABLE_FULL; nothing is ever written outside the slots.
 * Proven: every access inside the slots and the key text, no run-time error. */

#define SIPR_TXN_KEY_MAX 320u      /* longest key text */
#define SIPR_TXN_MAX_CAP 0x100000u /* most slots in a table */
#define SIPR_TXN_NONE 0xFFFFFFFFu  /* no id: a free slot, a key not found */

typedef struct {
    uint32_t hash;                 /* FNV-1a (32 bits) of text[0 .. len-1] */
    uint16_t len;                  /* <= SIPR_TXN_KEY_MAX */
    uint8_t server;                /* 1: a server transaction's key */
    uint8_t rfc2543;               /* 1: built from the RFC 2543 fields (no z9hG4bK branch) */
    char text[SIPR_TXN_KEY_MAX];
} sipr_txn_key;

/* The key of a client transaction (§17.1.3): the branch of the top Via of
 * the request it sent and the request's method. branch and method must not
 * be empty (SIPR_E_TXN_KEY). */
sipr_status sipr_txn_key_client(sipr_str branch, sipr_str method, sipr_txn_key *k);

/* The key of the client transaction a received response belongs to
 * (§17.1.3): its top Via's branch and its CSeq method. msg must be a parsed
 * response of buf (else SIPR_E_EDIT); SIPR_E_TXN_KEY without a branch. */
sipr_status sipr_txn_key_response(const char *buf, size_t len, const sipr_msg *msg,
                                  sipr_txn_key *k);

/* sipr_txn_key_request: match the INVITE transaction (for a CANCEL, §9.2). */
#define SIPR_TXN_KEY_INVITE 1u

/* The key of the server transaction a received request belongs to (§17.2.3).
 * With a top Via branch starting "z9hG4bK": the branch, the sent-by (host
 * case-folded, port as written) and the method, where an ACK counts as the
 * INVITE it acknowledges (the ACK of a non-2xx response is part of the
 * INVITE transaction; the ACK of a 2xx has a branch of its own and matches
 * nothing, §17.2.3). Without the cookie (RFC 2543 peers): the Request-URI,
 * the From tag, the Call-ID, the CSeq number, the top Via's sent-by and
 * branch, the method (ACK as INVITE) and, except for INVITE, the To tag (an
 * ACK carries the tag of the response, which its INVITE did not; §17.2.3
 * compares it with the response's). With SIPR_TXN_KEY_INVITE in flags the
 * method is INVITE whatever it is: the key of the INVITE a CANCEL cancels
 * (§9.2). msg must be a parsed request of buf (else SIPR_E_EDIT);
 * SIPR_E_TXN_KEY without a top Via or when the key would be too long. */
sipr_status sipr_txn_key_request(const char *buf, size_t len, const sipr_msg *msg,
                                 unsigned flags, sipr_txn_key *k);

/* Whether two keys are equal (length, hash and text). */
int sipr_txn_key_eq(const sipr_txn_key *a, const sipr_txn_key *b);

typedef struct {
    sipr_txn_key key;
    uint32_t id;                   /* the caller's id; SIPR_TXN_NONE: free */
} sipr_txn_slot;

/* Fields are private. */
typedef struct {
    sipr_txn_slot *slots;
    uint32_t cap;                  /* slots */
    uint32_t max;                  /* most keys held: cap - cap / 4 */
    uint32_t n;                    /* keys held */
} sipr_txn_table;

/* A table over slots[0 .. cap-1], all free. SIPR_E_ARG when cap is 0 or
 * above SIPR_TXN_MAX_CAP, or slots is NULL. It holds up to cap - cap/4
 * keys (cap 4 holds 3; cap 1 holds 1). */
sipr_status sipr_txn_table_init(sipr_txn_table *t, sipr_txn_slot *slots, uint32_t cap);

/* Add key k with id (not SIPR_TXN_NONE: SIPR_E_ARG). SIPR_E_TXN_EXISTS when
 * k is there already (the table is unchanged), SIPR_E_TABLE_FULL when the
 * table holds its most keys. */
sipr_status sipr_txn_add(sipr_txn_table *t, const sipr_txn_key *k, uint32_t id);

/* The id of key k, SIPR_TXN_NONE when k is not in the table. */
uint32_t sipr_txn_find(const sipr_txn_table *t, const sipr_txn_key *k);

/* Remove key k; returns its id, SIPR_TXN_NONE when k was not in the table. */
uint32_t sipr_txn_remove(sipr_txn_table *t, const sipr_txn_key *k);

/* Keys held. */
uint32_t sipr_txn_count(const sipr_txn_table *t);

/* ---- UA core helpers (RFC 3261 §8.2.6, §9.1, §17.1.1.3) ------------------------
 * Builder steps (see sipr_builder): each writes a start line and the header
 * lines taken from a parsed message; the caller adds its own headers (Contact,
 * Allow, ...) and ends with sipr_build_end. Copied values are written as
 * "Name: value" with the canonical name and the value as received; a value
 * holding a line fold is SIPR_E_HEADER_VALUE (folds are rare; unfold first).
 * A message that is not a parsed message of the right type: SIPR_E_EDIT. */

/* 2xx retransmission by the UAS core (§13.3.1.4): the 2xx to an INVITE is
 * sent again at T1, 2*T1, ... up to T2 until the ACK comes, and after 64*T1
 * without ACK the UAS gives up (and should end the dialog with a BYE). The
 * caller keeps one sipr_retx a call, passes its monotonic clock in ms, and
 * sends the bytes; times saturate, they never wrap. */
typedef struct {
    uint64_t next;            /* next retransmission; UINT64_MAX: stopped */
    uint64_t give_up;         /* 64*T1 after the first 2xx; UINT64_MAX: stopped */
    uint32_t iv;              /* the current interval, ms */
    uint32_t t2;              /* its cap, ms */
} sipr_retx;

#define SIPR_RETX_WAIT 0u     /* nothing to do before sipr_retx_deadline */
#define SIPR_RETX_SEND 1u     /* send the 2xx again (the next time is scheduled) */
#define SIPR_RETX_GIVE_UP 2u  /* 64*T1 without ACK: stop, end the dialog (BYE) */

/* Start after the first 2xx was sent at now: next at now + t1, give up at
 * now + 64*t1. t1 is at least 1 and t2 at least t1 (else they are made so). */
void sipr_retx_start(sipr_retx *r, uint32_t t1_ms, uint32_t t2_ms, uint64_t now);
/* The ACK came (or the call ended): nothing more is due. */
void sipr_retx_stop(sipr_retx *r);
/* What is due at now: SIPR_RETX_GIVE_UP (then stopped), SIPR_RETX_SEND (the
 * interval doubles up to t2), or SIPR_RETX_WAIT. */
unsigned sipr_retx_due(sipr_retx *r, uint64_t now);
/* The earliest time something is due; UINT64_MAX when stopped. */
uint64_t sipr_retx_deadline(const sipr_retx *r);

/* sipr_build_response: also copy the Record-Route lines (§12.1.1: the
 * responses of a UAS that create a dialog). */
#define SIPR_RESP_RECORD_ROUTE 1u

/* A response to request req (§8.2.6.2): the status line, then every Via line
 * in order, From, To, Call-ID and CSeq as received. to_tag, when not empty,
 * is added to a To without a tag (§8.2.6.2: not on a 100, and never to a To
 * that has one). */
void sipr_build_response(sipr_builder *b, const char *buf, size_t len, const sipr_msg *req,
                         uint16_t code, sipr_str reason, sipr_str to_tag, unsigned flags);

/* The ACK for a non-2xx final response rsp to INVITE inv (§17.1.1.3):
 * "ACK" with the INVITE's Request-URI, the INVITE's top Via, From, Call-ID and
 * Route lines, "CSeq: n ACK" with the INVITE's number, and the response's To
 * (with its tag). The top Via is copied as its line: a first Via line that
 * holds more than one value is SIPR_E_VIA (a UAC's requests have one Via). */
void sipr_build_ack(sipr_builder *b, const char *inv_buf, size_t inv_len, const sipr_msg *inv,
                    const char *rsp_buf, size_t rsp_len, const sipr_msg *rsp);

/* The CANCEL of request inv (§9.1): "CANCEL" with its Request-URI, its top
 * Via (as sipr_build_ack), From, To, Call-ID, Route lines and
 * "CSeq: n CANCEL" with its number. */
void sipr_build_cancel(sipr_builder *b, const char *buf, size_t len, const sipr_msg *inv);

/* ---- Dialogs (RFC 3261 §12) ------------------------------------------------------
 * The state of one dialog, copied out of the messages that make and refresh
 * it into the struct's own room (no pointer into a message is kept). The
 * dialog machine of src/generated/sipr_fsm_dialog.h tracks its life (early,
 * confirmed, terminated); this holds what requests inside it need. */

#define SIPR_DIALOG_TEXT 2048u      /* room for Call-ID, tags, URIs and the route set */
#define SIPR_DIALOG_ROUTES 8u       /* most route set entries */
#define SIPR_DIALOG_TARGET 256u     /* longest remote target */

typedef struct {
    uint8_t uac;                    /* 1: this UA sent the request that made the dialog */
    uint8_t confirmed;              /* 0: early (a 1xx made it), 1: confirmed */
    uint8_t secure;                 /* the request had a sips Request-URI (§12.1) */
    uint8_t n_routes;               /* route set entries */
    uint8_t has_remote_seq;         /* 0: the remote sequence number is empty */
    uint32_t local_seq;             /* the last CSeq this UA used in the dialog */
    uint32_t remote_seq;            /* the last CSeq received in the dialog */
    sipr_span call_id;              /* spans of text: */
    sipr_span local_tag, remote_tag;
    sipr_span local_uri, remote_uri; /* "<URI>" */
    sipr_span routes[SIPR_DIALOG_ROUTES]; /* in the order requests carry them, each a name-addr */
    uint32_t used;                  /* bytes of text in use */
    uint16_t target_len;
    char target[SIPR_DIALOG_TARGET]; /* the remote target: a Contact URI */
    char text[SIPR_DIALOG_TEXT];
} sipr_dialog_data;

/* The UAC's dialog from response rsp (101-299 with a To tag and a Contact)
 * to its request req (§12.1.2): Call-ID, local tag and URI from From, remote
 * URI from the request's To, remote tag from the response's To, remote
 * target from its Contact, route set from its Record-Route lines in reverse
 * order, local sequence number from the CSeq. Call it again on the 2xx that
 * confirms an early dialog. SIPR_E_EDIT: not a parsed request and response;
 * SIPR_E_DIALOG: see the status code; d is then unusable. */
sipr_status sipr_dialog_uac(sipr_dialog_data *d, const char *req, size_t req_len, const sipr_msg *rq,
                            const char *rsp, size_t rsp_len, const sipr_msg *rs);

/* The UAS's dialog from request req (§12.1.1), answered with a 101-299
 * response carrying local_tag (a token) in its To: route set from the
 * Record-Route lines in order, remote target from the Contact, remote
 * sequence number from the CSeq, remote tag and URI from From, local URI
 * from To; the local sequence number starts at 0. confirmed: a 2xx. */
sipr_status sipr_dialog_uas(sipr_dialog_data *d, const char *req, size_t len, const sipr_msg *rq,
                            sipr_str local_tag, int confirmed);

/* A request received inside the dialog (§12.2.2): SIPR_E_NO_DIALOG when its
 * Call-ID, To tag (the local tag) or From tag (the remote tag) differ;
 * SIPR_E_CSEQ_ORDER when its CSeq is lower than the remote sequence number;
 * otherwise the remote sequence number becomes its CSeq and SIPR_OK. */
sipr_status sipr_dialog_request(sipr_dialog_data *d, const char *buf, size_t len, const sipr_msg *m);

/* Target refresh (§12.2): the remote target becomes the first Contact URI of
 * m (a re-INVITE, an UPDATE, or their 2xx). SIPR_E_DIALOG without a Contact
 * or when it is longer than SIPR_DIALOG_TARGET; d is unchanged then. */
sipr_status sipr_dialog_set_target(sipr_dialog_data *d, const char *buf, size_t len, const sipr_msg *m);

/* The next local sequence number (§12.2.1.1: one more than the last). */
uint32_t sipr_dialog_next_cseq(sipr_dialog_data *d);

/* Builder step: a request inside the dialog (§12.2.1.1): the Request-Line and
 * Route lines from the remote target and the route set (loose routing: the
 * remote target as Request-URI and every route as a Route line; a first route
 * without lr is a strict router: its URI is the Request-URI and the remote
 * target the last Route), To with the remote URI and tag, From with the local
 * URI and tag, Call-ID, and "CSeq: cseq method". The caller adds Via,
 * Max-Forwards, Contact and the rest. */
void sipr_dialog_build_request(sipr_builder *b, const sipr_dialog_data *d, sipr_str method, uint32_t cseq);

/* ---- Transport rules (RFC 3261 §18.2.1, §18.2.2, RFC 3581) -----------------------
 * Pure functions: they read a parsed request and say what to do; the caller
 * owns the sockets. */

/* Whether the top Via of request msg, received from src_host, needs a
 * received parameter (§18.2.1: its sent-by host is not src_host, compared
 * without case; RFC 3581 §4: or it has rport, which then also gets the source
 * port). sipr_proxy_received writes it. 0 for a message without a Via. */
int sipr_needs_received(const char *buf, size_t len, const sipr_msg *msg, sipr_str src_host);

/* Where a response to request msg goes (§18.2.2, RFC 3581 §4). */
typedef enum {
    SIPR_SEND_CONNECTION = 1, /* reliable transport: on the connection the request came on (if it
                                 has closed, to the source address and the sent-by port) */
    SIPR_SEND_MADDR,          /* to the maddr host, at port */
    SIPR_SEND_SOURCE,         /* to the source address of the request, at port (rport: the
                                 source port; received: the sent-by port) */
    SIPR_SEND_SENT_BY         /* to the sent-by host, at port */
} sipr_send_how;

typedef struct {
    uint8_t how;              /* sipr_send_how */
    sipr_span host;           /* SIPR_SEND_MADDR, SIPR_SEND_SENT_BY: the host, a span of buf */
    uint16_t port;            /* the port: as written, else 5060 (5061 for TLS) */
} sipr_send_target;

/* The target of the responses to request msg, received over a reliable
 * transport or not, from source port src_port, from src_host (the rule of
 * sipr_needs_received decides whether the source address is used).
 * SIPR_E_EDIT: msg is not a parsed request of buf; SIPR_E_VIA: no Via. */
sipr_status sipr_response_target(const char *buf, size_t len, const sipr_msg *msg, int reliable,
                                 sipr_str src_host, uint16_t src_port, sipr_send_target *t);

/* ---- Hashes: MD5 (RFC 1321), SHA-256 and SHA-512/256 (FIPS 180-4) ----------
 * For Digest authentication (below); written from the specifications. Each
 * hash has a caller-owned context, streamed through init, any number of
 * updates and final, and a one-shot function. Nothing is allocated. The data
 * is any bytes, given as (pointer, length); data may be NULL when len is 0.
 * A context is valid after init and stays valid through update; after final,
 * init it again before reuse. The length is counted modulo 2^64 bytes (MD5
 * and SHA-256 take it modulo 2^64 bits, as the specifications do).
 * Proven (make prove): no run-time error, every access inside the context,
 * data[0 .. len-1] and out[0 .. SIPR_*_LEN-1], for any valid context.
 * (That the result is the hash is tested: RFC 1321 and NIST vectors.)
 * MD5 is broken for collisions; Digest still allows it, and RFC 7616 and
 * RFC 8760 prefer SHA-256 and SHA-512/256. */
#define SIPR_MD5_LEN 16
#define SIPR_SHA256_LEN 32
#define SIPR_SHA512_256_LEN 32

typedef struct {
    uint32_t h[4];            /* chaining value A, B, C, D */
    uint64_t total;           /* bytes hashed so far (mod 2^64) */
    uint32_t buf_len;         /* bytes in buf, < 64 */
    uint8_t buf[64];          /* a partial block */
} sipr_md5_ctx;

typedef struct {
    uint32_t h[8];
    uint64_t total;
    uint32_t buf_len;         /* < 64 */
    uint8_t buf[64];
} sipr_sha256_ctx;

typedef struct {
    uint64_t h[8];
    uint64_t total;           /* bytes; the 128-bit bit length is total * 8 */
    uint32_t buf_len;         /* < 128 */
    uint8_t buf[128];
} sipr_sha512_256_ctx;

void sipr_md5_init(sipr_md5_ctx *c);
void sipr_md5_update(sipr_md5_ctx *c, const char *data, size_t len);
void sipr_md5_final(sipr_md5_ctx *c, uint8_t out[SIPR_MD5_LEN]);
void sipr_md5(const char *data, size_t len, uint8_t out[SIPR_MD5_LEN]);

void sipr_sha256_init(sipr_sha256_ctx *c);
void sipr_sha256_update(sipr_sha256_ctx *c, const char *data, size_t len);
void sipr_sha256_final(sipr_sha256_ctx *c, uint8_t out[SIPR_SHA256_LEN]);
void sipr_sha256(const char *data, size_t len, uint8_t out[SIPR_SHA256_LEN]);

void sipr_sha512_256_init(sipr_sha512_256_ctx *c);
void sipr_sha512_256_update(sipr_sha512_256_ctx *c, const char *data, size_t len);
void sipr_sha512_256_final(sipr_sha512_256_ctx *c, uint8_t out[SIPR_SHA512_256_LEN]);
void sipr_sha512_256(const char *data, size_t len, uint8_t out[SIPR_SHA512_256_LEN]);

/* ---- Digest authentication (RFC 3261 §22, RFC 7616, RFC 8760, RFC 2617) ----
 * A SIP server challenges with WWW-Authenticate (401) or Proxy-Authenticate
 * (407); the client answers with Authorization or Proxy-Authorization.
 * sipr_parse checks these headers' syntax (RFC 3261 §25.1 challenge and
 * credentials: auth-scheme LWS auth-param *(COMMA auth-param)) and records
 * each line as one sipr_item (SIPR_H_WWW_AUTHENTICATE ... SIPR_H_PROXY_
 * AUTHORIZATION: value the scheme, params the auth-params as written); what
 * the Digest parameters mean is for the functions below, which take the
 * line's value span (msg.headers[k].value) and check it again on their own,
 * so that they also serve values that were never in a parsed message.
 *
 *   client: sipr_digest_parse_challenge, then sipr_digest_build_credentials
 *           (the Authorization value, response computed);
 *   server: sipr_digest_build_challenge, later sipr_digest_parse_credentials
 *           and sipr_digest_verify (password) or sipr_digest_verify_ha1
 *           (stored H(username:realm:password)).
 *
 * The library has no clock and no randomness: nonces (server) and cnonces
 * (client) come from the caller, and so do the checks that need state: that
 * a nonce is one the server issued and still fresh, that nc grows, that the
 * realm is the server's and the digest uri is the Request-URI (RFC 7616,
 * RFC 3261 §22.4). */

typedef enum {
    SIPR_DIGEST_MD5 = 0,      /* also when the algorithm parameter is absent */
    SIPR_DIGEST_MD5_SESS,
    SIPR_DIGEST_SHA256,       /* "SHA-256" */
    SIPR_DIGEST_SHA256_SESS,
    SIPR_DIGEST_SHA512_256,   /* "SHA-512-256" */
    SIPR_DIGEST_SHA512_256_SESS,
    SIPR_DIGEST_UNKNOWN       /* an algorithm this library does not implement */
} sipr_digest_alg;

/* The algorithm's name as written in the algorithm parameter ("MD5",
 * "SHA-256-sess", ...); "" for SIPR_DIGEST_UNKNOWN and other values. */
const char *sipr_digest_alg_name(sipr_digest_alg alg);

/* qop values: a challenge offers a set of them (a mask), credentials use one */
#define SIPR_DIGEST_QOP_AUTH 0x1u
#define SIPR_DIGEST_QOP_AUTH_INT 0x2u
#define SIPR_DIGEST_QOP_OTHER 0x4u /* a token other than auth and auth-int */

/* One parameter value. A quoted-string's value is the bytes between the
 * quotes, with its quoted-pairs (backslash escapes) as written: escaped is
 * then 1, and the value is meant without the backslashes (the functions below
 * hash it so). present distinguishes an absent parameter from an empty one. */
typedef struct {
    sipr_span value;
    uint8_t present;
    uint8_t quoted;           /* written as a quoted-string (else a token) */
    uint8_t escaped;          /* holds at least one quoted-pair */
} sipr_digest_value;

/* A parsed challenge (WWW-Authenticate, Proxy-Authenticate). */
typedef struct {
    sipr_digest_value realm, domain, nonce, opaque, stale, algorithm, qop, charset, userhash;
    uint8_t alg;              /* sipr_digest_alg (MD5 when algorithm is absent) */
    uint8_t qop_mask;         /* SIPR_DIGEST_QOP_* offered; 0 without qop (RFC 2069) */
    uint8_t stale_true;       /* stale=true (case-insensitive; any other value is false) */
    uint8_t userhash_true;    /* userhash=true (RFC 7616 §3.4.4) */
    uint16_t n_other;         /* parameters this library does not know (ignored) */
    sipr_status err;          /* status of the parse */
    uint32_t err_off;         /* on error: the first byte that could not be accepted */
} sipr_digest_challenge;

/* Parsed credentials (Authorization, Proxy-Authorization). */
typedef struct {
    sipr_digest_value username, realm, nonce, uri, response, algorithm, cnonce, opaque, qop, nc,
        userhash;
    uint8_t alg;              /* sipr_digest_alg (MD5 when algorithm is absent) */
    uint8_t qop_kind;         /* 0 without qop, else one SIPR_DIGEST_QOP_* value */
    uint8_t userhash_true;    /* username is H(username ":" realm) (RFC 7616 §3.4.4) */
    uint32_t nc_value;        /* the nonce count (nc, 8 hex digits) */
    uint16_t n_other;
    sipr_status err;
    uint32_t err_off;
} sipr_digest_credentials;

/* Parse the value v (a span of buf, e.g. a header line's value) of a
 * WWW-Authenticate or Proxy-Authenticate header:
 *   "Digest" LWS param *("," param), param = name "=" (token / quoted-string)
 * with LWS (folds included) around "=" and ",". Names are case-insensitive.
 * Errors (ch->err, ch->err_off <= len): SIPR_E_DIGEST_SCHEME (another scheme,
 * at v.off), SIPR_E_DIGEST (bad syntax, a parameter given twice, a qop list
 * that is not a list of tokens: the first byte that does not fit),
 * SIPR_E_DIGEST_MISSING (no realm or no nonce: at the end of v).
 * An algorithm that is not implemented is not an error (alg is
 * SIPR_DIGEST_UNKNOWN: skip this challenge). Reads only buf[v.off .. v.off +
 * v.len - 1] and writes only *ch; every span of *ch lies inside v (proven:
 * writes only *ch, reads and spans inside [0, len), on success and on error;
 * inside v: tested and fuzzed). */
sipr_status sipr_digest_parse_challenge(const char *buf, size_t len, sipr_span v,
                                        sipr_digest_challenge *ch);

/* The same for credentials (Authorization, Proxy-Authorization). Also
 * SIPR_E_DIGEST at a nc value that is not 8 hex digits; SIPR_E_DIGEST_MISSING
 * when username, realm, nonce, uri or response is missing, or when qop is
 * given without cnonce and nc. */
sipr_status sipr_digest_parse_credentials(const char *buf, size_t len, sipr_span v,
                                          sipr_digest_credentials *cr);

/* A digest in lowercase hex: 32 digits (MD5) or 64, NUL-terminated. */
typedef struct {
    char hex[65];
    uint8_t len;
} sipr_digest_hex;

/* H(A1) (RFC 7616 §3.4.2): H(username ":" realm ":" password), and for a
 * -sess algorithm H(H(username ":" realm ":" password) ":" nonce ":" cnonce).
 * Strings as they are (no escapes); nonce and cnonce are used only by -sess.
 * SIPR_E_DIGEST_ALGORITHM for SIPR_DIGEST_UNKNOWN (out->len is then 0).
 * This is what a server may store instead of the password: with a non-sess
 * alg, it is the stored HA1 sipr_digest_verify_ha1 takes. */
sipr_status sipr_digest_ha1(sipr_digest_alg alg, sipr_str username, sipr_str realm,
                            sipr_str password, sipr_str nonce, sipr_str cnonce,
                            sipr_digest_hex *out);

/* H(username ":" realm), the username sent with userhash=true (RFC 7616 §3.4.4). */
sipr_status sipr_digest_userhash(sipr_digest_alg alg, sipr_str username, sipr_str realm,
                                 sipr_digest_hex *out);

/* What the response covers besides H(A1). */
typedef struct {
    sipr_str method;          /* the request's method, "REGISTER", "INVITE", ... */
    sipr_str uri;             /* the digest-uri (the Request-URI as sent) */
    sipr_str nonce;
    sipr_str cnonce;          /* with qop */
    sipr_str body;            /* with qop auth-int: the message body (may be empty) */
    uint32_t nc;              /* with qop: the nonce count, written as 8 hex digits */
    uint8_t qop;              /* 0 (RFC 2069), SIPR_DIGEST_QOP_AUTH or SIPR_DIGEST_QOP_AUTH_INT */
} sipr_digest_request;

/* The response (RFC 7616 §3.4.1, RFC 2617 §3.2.2.1): with qop
 * KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2)), without
 * KD(H(A1), nonce ":" H(A2)), where KD(s, d) = H(s ":" d), A2 = method ":"
 * uri (auth) or method ":" uri ":" H(body) (auth-int). ha1 from
 * sipr_digest_ha1 (same alg). SIPR_E_DIGEST_ALGORITHM, SIPR_E_DIGEST_QOP
 * (another qop), SIPR_E_ARG (ha1->len not the alg's). */
sipr_status sipr_digest_response(sipr_digest_alg alg, const sipr_digest_hex *ha1,
                                 const sipr_digest_request *rq, sipr_digest_hex *out);

/* Check credentials parsed from buf (sipr_digest_parse_credentials) for a
 * request with this method and body: SIPR_OK when the response is the one
 * the password gives, SIPR_E_DIGEST_MISMATCH when not; SIPR_E_DIGEST_ALGORITHM,
 * SIPR_E_DIGEST_QOP when the credentials use what is not implemented (or a
 * -sess algorithm without qop, which leaves H(A1) without its cnonce);
 * SIPR_E_ARG with userhash=true (the username is hashed: find the user and
 * use sipr_digest_verify_ha1). The hex digests are compared in constant time
 * (the time depends on the lengths only). */
sipr_status sipr_digest_verify(const char *buf, size_t len, const sipr_digest_credentials *cr,
                               sipr_str method, sipr_str body, sipr_str password);

/* The same against a stored H(username ":" realm ":" password) (hex of the
 * credentials' hash, the non-sess HA1 of sipr_digest_ha1); SIPR_E_ARG when
 * its length is not the algorithm's. */
sipr_status sipr_digest_verify_ha1(const char *buf, size_t len, const sipr_digest_credentials *cr,
                                   sipr_str method, sipr_str body, const sipr_digest_hex *ha1);

/* The client's side of one request. */
typedef struct {
    sipr_str username;
    sipr_str password;
    sipr_str method;
    sipr_str uri;             /* the Request-URI */
    sipr_str body;            /* for qop auth-int */
    sipr_str cnonce;          /* a fresh random value of the caller's (needed when the challenge offers qop) */
    uint32_t nc;              /* nonce count: 1 for the first request with this nonce */
    uint8_t qop;              /* the preferred qop, used when offered: SIPR_DIGEST_QOP_AUTH (0
                                 means the same) or SIPR_DIGEST_QOP_AUTH_INT */
} sipr_digest_client;

/* The Authorization (or Proxy-Authorization) value answering the challenge
 * ch, parsed from buf:
 *   Digest username="...", realm="...", nonce="...", uri="...", response="...",
 *   algorithm=..., cnonce="...", opaque="...", qop=..., nc=..., userhash=true
 * (cnonce, qop, nc when the challenge offers qop; opaque when it has one;
 * userhash when it asks for it). realm, nonce and opaque are copied as the
 * challenge wrote them; username and uri are quoted, with '"' and '\'
 * escaped. Writes out[0 .. cap-1]: the value and a NUL. *needed (when not
 * NULL) is the value's length without the NUL, also on SIPR_E_NO_SPACE (cap
 * must be more than it). Errors: SIPR_E_DIGEST_ALGORITHM, SIPR_E_DIGEST_QOP
 * (qop offered, neither auth nor auth-int among it), SIPR_E_DIGEST_MISSING
 * (qop offered and cl->cnonce empty), SIPR_E_ARG (ch did not parse, or a
 * control character other than HTAB in username, uri or cnonce, or in the
 * challenge's realm, nonce or opaque, where RFC 3261 allows them as
 * quoted-pairs: they are not echoed), SIPR_E_NO_SPACE. A -sess algorithm
 * without qop is SIPR_E_DIGEST_QOP (its H(A1) needs a cnonce, and a cnonce is
 * sent only with qop). */
sipr_status sipr_digest_build_credentials(const char *buf, size_t len,
                                          const sipr_digest_challenge *ch,
                                          const sipr_digest_client *cl, char *out, size_t cap,
                                          size_t *needed);

/* What a server's challenge says. */
typedef struct {
    sipr_str realm;
    sipr_str nonce;           /* fresh, from the caller */
    sipr_str opaque;          /* omitted when empty */
    uint8_t alg;              /* sipr_digest_alg */
    uint8_t qop;              /* mask of SIPR_DIGEST_QOP_AUTH, _AUTH_INT; 0: none (RFC 2069) */
    uint8_t stale;            /* 1: stale=true */
    uint8_t userhash;         /* 1: userhash=true */
} sipr_digest_challenge_spec;

/* The WWW-Authenticate (or Proxy-Authenticate) value:
 *   Digest realm="...", nonce="...", opaque="...", algorithm=..., qop="auth,auth-int",
 *   stale=true, userhash=true
 * Strings are quoted with '"' and '\' escaped. Writes out as
 * sipr_digest_build_credentials does. Errors: SIPR_E_DIGEST_ALGORITHM,
 * SIPR_E_DIGEST_QOP (bits other than auth and auth-int), SIPR_E_ARG (a
 * control character other than HTAB in realm, nonce or opaque),
 * SIPR_E_NO_SPACE. */
sipr_status sipr_digest_build_challenge(const sipr_digest_challenge_spec *spec, char *out,
                                        size_t cap, size_t *needed);

/* ---- Multipart bodies (RFC 2046 §5.1, RFC 5621) ------------------------------
 * sipr_multipart splits a multipart body into its parts, as spans into the
 * buffer, without copying or decoding anything; a part that is multipart
 * itself is split too, breadth first, down to max_depth levels. The syntax is
 * RFC 2046 §5.1.1's, strictly:
 *   - the Content-Type is "multipart/<subtype>" (any case) with a boundary
 *     parameter of 1 to 70 bchars, not ending with a space (token or quoted);
 *   - a delimiter is "--" boundary at the start of the body or just after a
 *     CRLF, then optional SP/HTAB padding, then CRLF; the close delimiter has
 *     "--" after the boundary and, after its padding, a CRLF or the body's end;
 *     the CRLF before a delimiter belongs to the delimiter, not to the part;
 *     a line that starts with "--" boundary but is not a delimiter is content;
 *   - the preamble (before the first delimiter) and the epilogue (after the
 *     close delimiter) are ignored; there is at least one part;
 *   - a part is its header lines ("name: value", folding allowed), an empty
 *     line, then its body; a part that starts with CRLF has no headers, one
 *     without an empty line has no body. A part's Content-Type, when present,
 *     must be a well-formed media type; media parameters are token or
 *     quoted-string (RFC 3261 §25.1 m-parameter, stricter than sipr_parse's
 *     Content-Type, which shares Accept's generic-param).
 * Errors (with *err_off, <= len, the byte they are about; *n is 0):
 *   SIPR_E_ARG              len > SIPR_MAX_MSG_LEN, body or content_type not
 *                           inside [0, len), cap 0 or above SIPR_MAX_PARTS,
 *                           max_depth 0 or above SIPR_MAX_PARTS (err_off 0)
 *   SIPR_E_MEDIA_TYPE       a Content-Type value (the message's or a part's)
 *                           that is not a media type (RFC 3261 §20.15): the
 *                           first byte that does not fit (an empty one: where
 *                           it would start)
 *   SIPR_E_MULTIPART        content_type not multipart, or without boundary
 *                           (content_type.off); a bad boundary (its first
 *                           byte, or the first one that is not a bchar); no
 *                           delimiter (the start of the body being split); no
 *                           close delimiter (its end); the close delimiter
 *                           first, so no part (its first '-'); a part header
 *                           line that is not token ":" value, a control byte
 *                           other than HTAB in one (CR only in CRLF, folding
 *                           allowed), a second Content-Type in a part (the
 *                           byte that does not fit)
 *   SIPR_E_TOO_MANY_PARTS   more parts (at all levels) than cap: the first byte
 *                           of the first part that does not fit
 *   SIPR_E_MULTIPART_DEPTH  a part at depth max_depth is multipart itself: its
 *                           Content-Type value
 * Reads only buf[0 .. len-1]; writes only parts[0 .. cap-1], *n and *err_off. */
#define SIPR_MAX_PARTS 0xFFFEu   /* the largest cap: part indices stay below SIPR_NONE */

typedef struct {
    sipr_span headers;        /* the header lines, up to the last one's end (without its
                                 CRLF); empty when the part has none */
    sipr_span body;           /* the content, after the empty line up to the CRLF before
                                 the next delimiter; empty when there is none */
    sipr_span content_type;   /* the Content-Type value, white space trimmed; empty
                                 when absent (text/plain, RFC 2046 §5.1) */
    sipr_span boundary;       /* when the part is multipart: its boundary, without
                                 quotes (its body is split into later parts); else empty */
    uint16_t parent;          /* index of the enclosing multipart part, or SIPR_NONE
                                 for the parts of the message body */
    uint16_t depth;           /* 1 for the parts of the message body, 2 for theirs, ... */
} sipr_part;

/* Split body (usually msg.body) by the media type content_type (usually the
 * value of the message's Content-Type) into parts[0 .. *n-1]: the message
 * body's parts first, in order, then the parts of each multipart part, in
 * the order of their parents; so a parent's index is below its children's.
 * max_depth 1 takes only the message body's own parts (and refuses a nested
 * multipart); 8 is plenty for SIP (RFC 5621 bodies nest two or three deep). */
sipr_status sipr_multipart(const char *buf, size_t len, sipr_span body, sipr_span content_type,
                           sipr_part *parts, size_t cap, unsigned max_depth, size_t *n,
                           size_t *err_off);

#ifdef __cplusplus
}
#endif
#endif /* SIPROVE_H */
