/* uac: places SIP calls over UDP, one after another, built on siprove.
 *
 *   uac --target HOST:PORT --calls N [--local HOST:PORT]
 *
 * Each call: INVITE through an INVITE client transaction (ICT: timer A
 * retransmits, timer B gives up, RFC 3261 §17.1.1); 100 and 180 are taken as
 * they come; on the 200 the UA core sends the ACK itself, with a branch of its
 * own, to the remote target of the 200's Contact (§13.2.2.4), and ACKs every
 * retransmission of that 200 again; then BYE through a non-INVITE client
 * transaction (NICT, §17.1.2). A call succeeds when the BYE gets a 2xx. A
 * non-2xx final answer to the INVITE is ACKed as the ICT says (the ACK built
 * by sipr_build_ack, §17.1.1.3) and fails the call.
 *
 * Exit status 0 only when every call succeeded; one summary line on stdout.
 * --local defaults to 127.0.0.1:0 (any free port). The ACK and the BYE are
 * built in the dialog the 200 made (sipr_dialog_uac, sipr_dialog_build_request:
 * remote target, route set as Route lines, tags, CSeq). Not handled: sending
 * to a Route URI (with a route set the requests go to --target),
 * authentication, forking (only the first 2xx is followed), TCP. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"
#ifndef SIPR_FSM_ICT_H
#include "sipr_fsm_ict.h"
#include "sipr_fsm_nict.h"
#endif
#include "ex_util.h"

#define MSG_MAX 4096

static int sock = -1;
static sipr_fsm_config cfg;
static struct sockaddr_storage target;
static socklen_t target_len;
static char target_host[280], local_host[280];
static uint16_t target_port, local_port;

static sipr_msg inv_msg, rsp_msg;
static char rxbuf[65536];

static struct {
    unsigned long ok, failed, inv_rtx, bye_rtx, reacked, provisional, stray;
} st;

/* One call in progress. */
typedef struct {
    char call_id[64], from_tag[32], branch[40], ack_branch[40], bye_branch[40];
    char ruri[320], from_uri[320];
    char inv[MSG_MAX];
    size_t inv_len;
    char ack[MSG_MAX];
    size_t ack_len;
    char bye[MSG_MAX];
    size_t bye_len;
    sipr_dialog_data dlg; /* the dialog the 200 made (§12.1.2) */
    struct sockaddr_storage remote_sa;
    socklen_t remote_len;
    sipr_ict ict;
    sipr_nict nict;
    int bye_sent;
    sipr_txn_key ict_key, nict_key;
} call_state;

static call_state cs;
/* The previous call's INVITE key and ACK: a 200 retransmitted for it (our
 * ACK lost) is ACKed again (§13.2.2.4). */
static sipr_txn_key prev_key;
static int prev_valid;
static char prev_ack[MSG_MAX];
static size_t prev_ack_len;
static struct sockaddr_storage prev_sa;
static socklen_t prev_sa_len;

static void send_to(const struct sockaddr_storage *sa, socklen_t len, const char *p, size_t n)
{
    (void)sendto(sock, p, n, 0, (const struct sockaddr *)sa, len);
}

static void via_of(sipr_via_spec *v, const char *branch)
{
    memset(v, 0, sizeof *v);
    v->transport = ex_str("UDP");
    v->host = ex_str(local_host);
    v->port = local_port;
    v->rport = 1; /* RFC 3581: responses to the source port */
    v->branch = ex_str(branch);
}

static sipr_status build_invite(void)
{
    static const char sdp_fmt[] = "v=0\r\no=siprove 1 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\n"
                                  "t=0 0\r\nm=audio 9 RTP/AVP 0\r\na=inactive\r\n";
    char sdp[800], contact[320];
    sipr_builder b;
    sipr_via_spec v;
    sipr_addr_spec a;

    snprintf(sdp, sizeof sdp, sdp_fmt, local_host, local_host);
    snprintf(contact, sizeof contact, "sip:uac@%s:%u", local_host, (unsigned)local_port);
    sipr_builder_init(&b, cs.inv, sizeof cs.inv, 0);
    sipr_build_request_line(&b, ex_str("INVITE"), ex_str(cs.ruri));
    via_of(&v, cs.branch);
    sipr_build_via(&b, &v);
    sipr_build_max_forwards(&b, 70);
    memset(&a, 0, sizeof a);
    a.uri = ex_str(cs.from_uri);
    a.tag = ex_str(cs.from_tag);
    sipr_build_addr(&b, ex_str("From"), &a);
    memset(&a, 0, sizeof a);
    a.uri = ex_str(cs.ruri);
    sipr_build_addr(&b, ex_str("To"), &a);
    sipr_build_call_id(&b, ex_str(cs.call_id));
    sipr_build_cseq(&b, 1, ex_str("INVITE"));
    memset(&a, 0, sizeof a);
    a.uri = ex_str(contact);
    sipr_build_addr(&b, ex_str("Contact"), &a);
    sipr_build_header(&b, ex_str("Allow"), ex_str("INVITE, ACK, CANCEL, BYE, OPTIONS"));
    sipr_build_content_type(&b, ex_str("application/sdp"));
    return sipr_build_end(&b, sdp, strlen(sdp), &cs.inv_len);
}

/* ACK (2xx, new branch, the INVITE's CSeq number) or BYE (new branch, the
 * dialog's next CSeq) inside the dialog the 200 made: sipr_dialog_build_request
 * writes the Request-URI (the remote target), Route lines (the route set),
 * To with the remote tag, From, Call-ID and CSeq; Via and Max-Forwards are
 * this UA's. */
static sipr_status build_in_dialog(const char *method, const char *branch, uint32_t cseq, char *out,
                                   size_t cap, size_t *out_len)
{
    sipr_builder b;
    sipr_via_spec v;
    sipr_builder_init(&b, out, cap, 0);
    sipr_dialog_build_request(&b, &cs.dlg, ex_str(method), cseq);
    via_of(&v, branch);
    sipr_build_via(&b, &v);
    sipr_build_max_forwards(&b, 70);
    return sipr_build_end(&b, NULL, 0, out_len);
}

/* The dialog of a 2xx (sipr_dialog_uac) and where requests in it go: the
 * first Contact's host and port when the route set is empty, else the
 * --target address (taken as the outbound proxy that recorded the route; the
 * Route URIs are not resolved by this example). 0 on success. */
static int take_dialog(const char *buf, size_t len, const sipr_msg *r)
{
    if (sipr_dialog_uac(&cs.dlg, cs.inv, cs.inv_len, &inv_msg, buf, len, r) != SIPR_OK)
        return -1;
    cs.remote_sa = target;
    cs.remote_len = target_len;
    if (cs.dlg.n_routes == 0 && r->n_contacts > 0 && r->contacts[0].uri.scheme == SIPR_URI_SIP) {
        const sipr_name_addr *c = &r->contacts[0];
        char hp[300];
        struct sockaddr_storage sa;
        socklen_t sl;
        char ht[280];
        uint16_t port;
        size_t hl = c->uri.host.len;
        if (hl + 8 < sizeof hp) {
            snprintf(hp, sizeof hp, "%.*s:%u", (int)hl, buf + c->uri.host.off,
                     (unsigned)(c->uri.port ? c->uri.port : 5060u));
            if (ex_parse_hostport(hp, &sa, &sl, ht, sizeof ht, &port) == 0) {
                cs.remote_sa = sa;
                cs.remote_len = sl;
            }
        }
    }
    return 0;
}

static void start_bye(uint64_t now)
{
    uint32_t act;
    ex_token(cs.bye_branch, sizeof cs.bye_branch, "z9hG4bK");
    if (build_in_dialog("BYE", cs.bye_branch, sipr_dialog_next_cseq(&cs.dlg), cs.bye, sizeof cs.bye,
                        &cs.bye_len) != SIPR_OK ||
        sipr_txn_key_client(ex_str(cs.bye_branch), ex_str("BYE"), &cs.nict_key) != SIPR_OK) {
        cs.bye_sent = -1;
        return;
    }
    act = sipr_nict_init(&cs.nict, &cfg, now);
    if (act & SIPR_FSM_SEND_REQUEST)
        send_to(&cs.remote_sa, cs.remote_len, cs.bye, cs.bye_len);
    cs.bye_sent = 1;
}

/* One call; 1 when it succeeded. */
static int place_call(unsigned n)
{
    uint64_t now = ex_now_ms();
    uint32_t act;
    int got_2xx = 0;

    memset(&cs, 0, sizeof cs);
    ex_token(cs.call_id, sizeof cs.call_id, "uac");
    snprintf(cs.call_id + strlen(cs.call_id), sizeof cs.call_id - strlen(cs.call_id), "-%u@%s", n,
             local_host);
    ex_token(cs.from_tag, sizeof cs.from_tag, "fr");
    ex_token(cs.branch, sizeof cs.branch, "z9hG4bK");
    snprintf(cs.ruri, sizeof cs.ruri, "sip:service@%s:%u", target_host, (unsigned)target_port);
    snprintf(cs.from_uri, sizeof cs.from_uri, "sip:uac@%s:%u", local_host, (unsigned)local_port);
    if (build_invite() != SIPR_OK || sipr_msg_init(&inv_msg, NULL) != SIPR_OK ||
        sipr_parse(cs.inv, cs.inv_len, &inv_msg) != SIPR_OK ||
        sipr_txn_key_client(ex_str(cs.branch), ex_str("INVITE"), &cs.ict_key) != SIPR_OK) {
        fprintf(stderr, "uac: call %u: cannot build the INVITE\n", n);
        return 0;
    }
    act = sipr_ict_init(&cs.ict, &cfg, now);
    if (act & SIPR_FSM_SEND_REQUEST)
        send_to(&target, target_len, cs.inv, cs.inv_len);

    for (;;) {
        uint64_t dl = sipr_ict_next_deadline(&cs.ict), wait;
        struct pollfd pfd;
        unsigned ev;
        if (cs.bye_sent == 1) {
            uint64_t d2 = sipr_nict_next_deadline(&cs.nict);
            if (d2 < dl)
                dl = d2;
        }
        now = ex_now_ms();
        wait = dl == SIPR_FSM_NEVER ? 1000 : (dl > now ? dl - now : 0);
        if (wait > 1000)
            wait = 1000;
        pfd.fd = sock;
        pfd.events = POLLIN;
        if (poll(&pfd, 1, (int)wait) > 0) {
            struct sockaddr_storage src;
            socklen_t sl = sizeof src;
            ssize_t r;
            while ((r = recvfrom(sock, rxbuf, sizeof rxbuf, 0, (struct sockaddr *)&src, &sl)) > 0) {
                sipr_txn_key k;
                size_t len = (size_t)r;
                uint16_t code;
                sl = sizeof src;
                now = ex_now_ms();
                if (sipr_parse(rxbuf, len, &rsp_msg) != SIPR_OK ||
                    rsp_msg.type != SIPR_MSG_RESPONSE ||
                    sipr_txn_key_response(rxbuf, len, &rsp_msg, &k) != SIPR_OK) {
                    st.stray++; /* requests (a UAS's BYE, ...) are not handled by this UAC */
                    continue;
                }
                code = rsp_msg.status_code;
                if (sipr_txn_key_eq(&k, &cs.ict_key)) {
                    ev = code < 200   ? SIPR_ICT_EV_1XX
                         : code < 300 ? SIPR_ICT_EV_2XX
                                      : SIPR_ICT_EV_300_699;
                    act = sipr_ict_step(&cs.ict, ev, now);
                    if (code < 200) {
                        st.provisional++;
                        continue;
                    }
                    if (act & SIPR_FSM_SEND_ACK) {
                        sipr_builder b;
                        char ack[MSG_MAX];
                        size_t an;
                        sipr_builder_init(&b, ack, sizeof ack, 0);
                        sipr_build_ack(&b, cs.inv, cs.inv_len, &inv_msg, rxbuf, len, &rsp_msg);
                        if (sipr_build_end(&b, NULL, 0, &an) == SIPR_OK)
                            send_to(&target, target_len, ack, an);
                    }
                    if (code >= 300 && (act & SIPR_FSM_PASS_TO_TU)) {
                        fprintf(stderr, "uac: call %u: INVITE answered %u\n", n, (unsigned)code);
                        return 0;
                    }
                    if (code >= 200 && code < 300 && (act & SIPR_FSM_PASS_TO_TU)) {
                        if (!got_2xx) {
                            got_2xx = 1;
                            ex_token(cs.ack_branch, sizeof cs.ack_branch, "z9hG4bK");
                            if (take_dialog(rxbuf, len, &rsp_msg) != 0 ||
                                build_in_dialog("ACK", cs.ack_branch, inv_msg.cseq_number, cs.ack,
                                                sizeof cs.ack, &cs.ack_len) != SIPR_OK) {
                                fprintf(stderr, "uac: call %u: unusable 2xx\n", n);
                                return 0;
                            }
                            send_to(&cs.remote_sa, cs.remote_len, cs.ack, cs.ack_len);
                            start_bye(now);
                            if (cs.bye_sent != 1) {
                                fprintf(stderr, "uac: call %u: cannot build the BYE\n", n);
                                return 0;
                            }
                        } else {
                            send_to(&cs.remote_sa, cs.remote_len, cs.ack, cs.ack_len);
                            st.reacked++;
                        }
                    }
                } else if (cs.bye_sent == 1 && sipr_txn_key_eq(&k, &cs.nict_key)) {
                    act = sipr_nict_step(&cs.nict,
                                         code < 200 ? SIPR_NICT_EV_1XX : SIPR_NICT_EV_200_699, now);
                    if (code >= 200 && (act & SIPR_FSM_PASS_TO_TU)) {
                        if (code >= 300)
                            fprintf(stderr, "uac: call %u: BYE answered %u\n", n, (unsigned)code);
                        return code < 300;
                    }
                } else if (prev_valid && sipr_txn_key_eq(&k, &prev_key) && code >= 200 &&
                           code < 300) {
                    send_to(&prev_sa, prev_sa_len, prev_ack, prev_ack_len);
                    st.reacked++;
                } else {
                    st.stray++;
                }
            }
        }
        now = ex_now_ms();
        while ((ev = sipr_ict_expired(&cs.ict, now)) != SIPR_ICT_EV_NONE) {
            act = sipr_ict_step(&cs.ict, ev, now);
            if (act & SIPR_FSM_RETRANSMIT) {
                send_to(&target, target_len, cs.inv, cs.inv_len);
                st.inv_rtx++;
            }
            if ((act & SIPR_FSM_TIMEOUT) && !got_2xx) {
                fprintf(stderr, "uac: call %u: INVITE timed out (timer B)\n", n);
                return 0;
            }
        }
        if (cs.bye_sent == 1) {
            while ((ev = sipr_nict_expired(&cs.nict, now)) != SIPR_NICT_EV_NONE) {
                act = sipr_nict_step(&cs.nict, ev, now);
                if (act & SIPR_FSM_RETRANSMIT) {
                    send_to(&cs.remote_sa, cs.remote_len, cs.bye, cs.bye_len);
                    st.bye_rtx++;
                }
                if (act & SIPR_FSM_TIMEOUT) {
                    fprintf(stderr, "uac: call %u: BYE timed out (timer F)\n", n);
                    return 0;
                }
            }
        }
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: uac --target HOST:PORT --calls N [--local HOST:PORT]\n");
}

int main(int argc, char **argv)
{
    const char *target_arg = NULL, *local_arg = "127.0.0.1:0";
    unsigned long calls = 0, i;
    struct sockaddr_storage la;
    socklen_t la_len;
    int a;

    for (a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--target") == 0 && a + 1 < argc)
            target_arg = argv[++a];
        else if (strcmp(argv[a], "--calls") == 0 && a + 1 < argc)
            calls = strtoul(argv[++a], NULL, 10);
        else if (strcmp(argv[a], "--local") == 0 && a + 1 < argc)
            local_arg = argv[++a];
        else {
            usage();
            return 64;
        }
    }
    if (!target_arg || calls == 0 ||
        ex_parse_hostport(target_arg, &target, &target_len, target_host, sizeof target_host,
                          &target_port) != 0 ||
        ex_parse_hostport(local_arg, &la, &la_len, local_host, sizeof local_host, &local_port) !=
            0) {
        usage();
        return 64;
    }
    sock = ex_udp_socket(&la, la_len);
    if (sock < 0) {
        fprintf(stderr, "uac: cannot bind %s: %s\n", local_arg, strerror(errno));
        return 69;
    }
    la_len = sizeof la;
    if (getsockname(sock, (struct sockaddr *)&la, &la_len) == 0)
        local_port = ex_get_port(&la);
    ex_rng_seed();
    sipr_fsm_config_default(&cfg, 0);
    if (sipr_msg_init(&rsp_msg, NULL) != SIPR_OK)
        return 70;

    for (i = 0; i < calls; i++) {
        if (place_call((unsigned)i + 1))
            st.ok++;
        else
            st.failed++;
        if (cs.ack_len) {
            prev_key = cs.ict_key;
            prev_valid = 1;
            memcpy(prev_ack, cs.ack, cs.ack_len);
            prev_ack_len = cs.ack_len;
            prev_sa = cs.remote_sa;
            prev_sa_len = cs.remote_len;
        }
    }
    printf("uac: calls=%lu succeeded=%lu failed=%lu; INVITE retransmissions=%lu BYE "
           "retransmissions=%lu"
           " 2xx re-ACKed=%lu provisional=%lu stray=%lu\n",
           calls, st.ok, st.failed, st.inv_rtx, st.bye_rtx, st.reacked, st.provisional, st.stray);
    close(sock);
    return st.failed == 0 && st.ok == calls ? 0 : 1;
}
