/* Helpers shared by examples/uas.c and examples/uac.c: the clock, addresses,
 * a small random source for tags and branches, and string shorthands. The
 * library itself has no clock, no sockets and no randomness (sans-IO); these
 * live here, in the programs that use it. */
#ifndef SIPROVE_EX_UTIL_H
#define SIPROVE_EX_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>

#include "siprove.h"

/* Milliseconds on CLOCK_MONOTONIC: the `now` every state machine takes. */
static inline uint64_t ex_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static inline sipr_str ex_str(const char *s)
{
    sipr_str r;
    r.s = s;
    r.len = (uint32_t)strlen(s);
    return r;
}

static inline sipr_str ex_span(const char *buf, sipr_span sp)
{
    sipr_str r;
    r.s = buf + sp.off;
    r.len = sp.len;
    return r;
}

static inline int ex_span_is(const char *buf, sipr_span sp, const char *lit)
{
    size_t n = strlen(lit);
    return sp.len == n && memcmp(buf + sp.off, lit, n) == 0;
}

static inline int ex_span_ieq(const char *buf, sipr_span sp, const char *lit)
{
    size_t i, n = strlen(lit);
    if (sp.len != n)
        return 0;
    for (i = 0; i < n; i++) {
        char a = buf[sp.off + i], b = lit[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (char)(b - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

/* "HOST:PORT" or "[V6]:PORT" into a socket address (numeric or resolved
 * host, UDP). host_out gets the host text (without brackets for getaddrinfo,
 * with them kept in host_txt for SIP). Returns 0 on success. */
static inline int ex_parse_hostport(const char *arg, struct sockaddr_storage *sa, socklen_t *salen,
                                    char *host_txt, size_t host_cap, uint16_t *port)
{
    char host[256];
    const char *colon, *p;
    size_t hl;
    unsigned long pv;
    char *end;
    struct addrinfo hints, *res = NULL;

    colon = strrchr(arg, ':');
    if (!colon || colon == arg)
        return -1;
    p = arg;
    hl = (size_t)(colon - arg);
    if (arg[0] == '[') {
        if (hl < 3 || arg[hl - 1] != ']')
            return -1;
        p = arg + 1;
        hl -= 2;
    }
    if (hl >= sizeof host || hl + 3 > host_cap)
        return -1;
    memcpy(host, p, hl);
    host[hl] = '\0';
    pv = strtoul(colon + 1, &end, 10);
    if (*end != '\0' || end == colon + 1 || pv > 65535u)
        return -1;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    if (getaddrinfo(host, colon + 1, &hints, &res) != 0 || !res)
        return -1;
    memcpy(sa, res->ai_addr, res->ai_addrlen);
    *salen = (socklen_t)res->ai_addrlen;
    if (res->ai_family == AF_INET6)
        snprintf(host_txt, host_cap, "[%s]", host);
    else
        snprintf(host_txt, host_cap, "%s", host);
    freeaddrinfo(res);
    *port = (uint16_t)pv;
    return 0;
}

static inline void ex_set_port(struct sockaddr_storage *sa, uint16_t port)
{
    if (sa->ss_family == AF_INET)
        ((struct sockaddr_in *)(void *)sa)->sin_port = htons(port);
    else if (sa->ss_family == AF_INET6)
        ((struct sockaddr_in6 *)(void *)sa)->sin6_port = htons(port);
}

static inline uint16_t ex_get_port(const struct sockaddr_storage *sa)
{
    if (sa->ss_family == AF_INET)
        return ntohs(((const struct sockaddr_in *)(const void *)sa)->sin_port);
    if (sa->ss_family == AF_INET6)
        return ntohs(((const struct sockaddr_in6 *)(const void *)sa)->sin6_port);
    return 0;
}

/* A UDP socket bound to sa, non-blocking, with a large receive buffer. */
static inline int ex_udp_socket(const struct sockaddr_storage *sa, socklen_t salen)
{
    int fd = socket(sa->ss_family, SOCK_DGRAM, 0);
    int sz = 4 * 1024 * 1024;
    if (fd < 0)
        return -1;
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
    if (bind(fd, (const struct sockaddr *)sa, salen) != 0) {
        close(fd);
        return -1;
    }
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* xorshift64*: tags, branches and nonces need to differ, not to be secret
 * (the Digest nonce in uas.c also hashes a secret from /dev/urandom). */
static uint64_t ex_rng_state = 0x9E3779B97F4A7C15u;

static inline void ex_rng_seed(void)
{
    uint64_t s = 0;
    FILE *f = fopen("/dev/urandom", "rb");
    if (f) {
        if (fread(&s, sizeof s, 1, f) != 1)
            s = 0;
        fclose(f);
    }
    s ^= ex_now_ms() ^ ((uint64_t)getpid() << 32);
    ex_rng_state = s ? s : 0x9E3779B97F4A7C15u;
}

static inline uint64_t ex_rng(void)
{
    uint64_t x = ex_rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    ex_rng_state = x;
    return x * 0x2545F4914F6CDD1Du;
}

/* prefix + 16 hex digits into out (cap >= strlen(prefix) + 17). */
static inline void ex_token(char *out, size_t cap, const char *prefix)
{
    snprintf(out, cap, "%s%016llx", prefix, (unsigned long long)ex_rng());
}

#endif /* SIPROVE_EX_UTIL_H */
