/* SHA-256 and SHA-512/256 (FIPS 180-4), written from the standard's
 * description (§4.1.2, §4.1.3, §5, §6.2, §6.4, §6.7), for Digest
 * authentication (RFC 7616, RFC 8760). Streaming over caller-owned
 * contexts; nothing allocated. Bytes are collected in ctx->buf and hashed a
 * block (64 or 128 bytes) at a time. The contracts are about memory and
 * arithmetic safety only; that the results are the hashes is tested against
 * the NIST example vectors. */
#include "sipr_internal.h"

#define SHA256_OK(c) ((c)->buf_len < 64u)
#define SHA512_OK(c) ((c)->buf_len < 128u)

/* ---- SHA-256 ---------------------------------------------------------------- */

/* K0 .. K63: the first 32 bits of the fractional parts of the cube roots of
   the first 64 primes (§4.2.2) */
static const uint32_t sha256_k[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u,
    0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u,
    0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
    0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu,
    0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u,
    0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
    0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u,
    0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
    0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u,
    0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u,
    0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u,
    0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

/*@ requires 0 < n < 32;
    assigns \nothing;
*/
static uint32_t sha256_rotr(uint32_t x, uint32_t n)
{
    return (x >> n) | (x << (32u - n));
}

/* The block in c->buf as 16 big-endian words W0 .. W15 (§5.2.1, §6.2.2
   step 1), then W16 .. W63 from them. */
/*@ requires \valid_read(c) && \valid(w + (0 .. 63));
    assigns w[0 .. 63];
*/
static void sha256_schedule(const sipr_sha256_ctx *c, uint32_t w[64])
{
    uint32_t t = 0;
    /*@ loop invariant 0 <= t <= 16;
        loop assigns t, w[0 .. 15];
        loop variant 16 - t; */
    while (t < 16u) {
        const uint32_t b = 4u * t;
        w[t] = ((uint32_t)c->buf[b] << 24) | ((uint32_t)c->buf[b + 1u] << 16) |
               ((uint32_t)c->buf[b + 2u] << 8) | (uint32_t)c->buf[b + 3u];
        t++;
    }
    /*@ loop invariant 16 <= t <= 64;
        loop assigns t, w[16 .. 63];
        loop variant 64 - t; */
    while (t < 64u) {
        const uint32_t x = w[t - 15u], y = w[t - 2u];
        const uint32_t s0 = sha256_rotr(x, 7) ^ sha256_rotr(x, 18) ^ (x >> 3);
        const uint32_t s1 = sha256_rotr(y, 17) ^ sha256_rotr(y, 19) ^ (y >> 10);
        w[t] = s1 + w[t - 7u] + s0 + w[t - 16u];
        t++;
    }
}

/* The 64 rounds over the block in c->buf, added into c->h (§6.2.2). */
/*@ requires \valid(c);
    assigns c->h[0 .. 7];
*/
static void sha256_block(sipr_sha256_ctx *c)
{
    uint32_t w[64];
    uint32_t a, b, cc, d, e, f, g, h, t = 0;
    sha256_schedule(c, w);
    a = c->h[0];
    b = c->h[1];
    cc = c->h[2];
    d = c->h[3];
    e = c->h[4];
    f = c->h[5];
    g = c->h[6];
    h = c->h[7];
    /*@ loop invariant 0 <= t <= 64;
        loop assigns t, a, b, cc, d, e, f, g, h;
        loop variant 64 - t; */
    while (t < 64u) {
        const uint32_t s1 = sha256_rotr(e, 6) ^ sha256_rotr(e, 11) ^ sha256_rotr(e, 25);
        const uint32_t ch = (e & f) ^ (~e & g);
        const uint32_t t1 = h + s1 + ch + sha256_k[t] + w[t];
        const uint32_t s0 = sha256_rotr(a, 2) ^ sha256_rotr(a, 13) ^ sha256_rotr(a, 22);
        const uint32_t maj = (a & b) ^ (a & cc) ^ (b & cc);
        const uint32_t t2 = s0 + maj;
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = cc;
        cc = b;
        b = a;
        a = t1 + t2;
        t++;
    }
    c->h[0] += a;
    c->h[1] += b;
    c->h[2] += cc;
    c->h[3] += d;
    c->h[4] += e;
    c->h[5] += f;
    c->h[6] += g;
    c->h[7] += h;
}

/*@ requires \valid(c);
    assigns *c;
    ensures SHA256_OK(c);
*/
void sipr_sha256_init(sipr_sha256_ctx *c)
{
    uint32_t k = 0;
    /* H(0): the first 32 bits of the fractional parts of the square roots
       of the first 8 primes (§5.3.3) */
    c->h[0] = 0x6a09e667u;
    c->h[1] = 0xbb67ae85u;
    c->h[2] = 0x3c6ef372u;
    c->h[3] = 0xa54ff53au;
    c->h[4] = 0x510e527fu;
    c->h[5] = 0x9b05688cu;
    c->h[6] = 0x1f83d9abu;
    c->h[7] = 0x5be0cd19u;
    c->total = 0;
    c->buf_len = 0;
    /*@ loop invariant 0 <= k <= 64;
        loop assigns k, c->buf[0 .. 63];
        loop variant 64 - k; */
    while (k < 64u) {
        c->buf[k] = 0;
        k++;
    }
}

/*@ requires \valid(c) && SHA256_OK(c);
    requires \valid_read(data + (0 .. len - 1));
    assigns c->h[0 .. 7], c->buf[0 .. 63], c->buf_len, c->total;
    ensures SHA256_OK(c);
*/
void sipr_sha256_update(sipr_sha256_ctx *c, const char *data, size_t len)
{
    size_t i = 0;
    c->total += (uint64_t)len;
    /*@ loop invariant 0 <= i <= len && SHA256_OK(c);
        loop assigns i, c->h[0 .. 7], c->buf[0 .. 63], c->buf_len;
        loop variant len - i; */
    while (i < len) {
        c->buf[c->buf_len] = (uint8_t)data[i];
        c->buf_len++;
        i++;
        if (c->buf_len == 64u) {
            sha256_block(c);
            c->buf_len = 0;
        }
    }
}

/* Padding (§5.1.1): 0x80, zeros to 56 mod 64, the bit length as 8 big-endian
   bytes; then H0 .. H7 big-endian. */
/*@ requires \valid(c) && SHA256_OK(c);
    requires \valid(out + (0 .. SIPR_SHA256_LEN - 1));
    assigns c->h[0 .. 7], c->buf[0 .. 63], c->buf_len, out[0 .. SIPR_SHA256_LEN - 1];
    ensures SHA256_OK(c);
*/
void sipr_sha256_final(sipr_sha256_ctx *c, uint8_t out[SIPR_SHA256_LEN])
{
    const uint64_t bits = c->total << 3;
    uint32_t k;
    c->buf[c->buf_len] = 0x80u;
    c->buf_len++;
    if (c->buf_len > 56u) {
        /*@ loop invariant 0 < c->buf_len <= 64;
            loop assigns c->buf[0 .. 63], c->buf_len;
            loop variant 64 - c->buf_len; */
        while (c->buf_len < 64u) {
            c->buf[c->buf_len] = 0;
            c->buf_len++;
        }
        sha256_block(c);
        c->buf_len = 0;
    }
    /*@ loop invariant 0 <= c->buf_len <= 56;
        loop assigns c->buf[0 .. 63], c->buf_len;
        loop variant 56 - c->buf_len; */
    while (c->buf_len < 56u) {
        c->buf[c->buf_len] = 0;
        c->buf_len++;
    }
    k = 0;
    /*@ loop invariant 0 <= k <= 8;
        loop assigns k, c->buf[56 .. 63];
        loop variant 8 - k; */
    while (k < 8u) {
        c->buf[63u - k] = (uint8_t)(bits >> (8u * k));
        k++;
    }
    sha256_block(c);
    c->buf_len = 0;
    k = 0;
    /*@ loop invariant 0 <= k <= 32;
        loop assigns k, out[0 .. SIPR_SHA256_LEN - 1];
        loop variant 32 - k; */
    while (k < 32u) {
        out[k] = (uint8_t)(c->h[k / 4u] >> (24u - 8u * (k % 4u)));
        k++;
    }
}

/*@ requires \valid_read(data + (0 .. len - 1));
    requires \valid(out + (0 .. SIPR_SHA256_LEN - 1));
    assigns out[0 .. SIPR_SHA256_LEN - 1];
*/
void sipr_sha256(const char *data, size_t len, uint8_t out[SIPR_SHA256_LEN])
{
    sipr_sha256_ctx c;
    sipr_sha256_init(&c);
    sipr_sha256_update(&c, data, len);
    sipr_sha256_final(&c, out);
}

/* ---- SHA-512/256: SHA-512 with its own initial value, cut to 256 bits -------- */

/* K0 .. K79: the first 64 bits of the fractional parts of the cube roots of
   the first 80 primes (§4.2.3) */
static const uint64_t sha512_k[80] = {
    UINT64_C(0x428a2f98d728ae22), UINT64_C(0x7137449123ef65cd),
    UINT64_C(0xb5c0fbcfec4d3b2f), UINT64_C(0xe9b5dba58189dbbc),
    UINT64_C(0x3956c25bf348b538), UINT64_C(0x59f111f1b605d019),
    UINT64_C(0x923f82a4af194f9b), UINT64_C(0xab1c5ed5da6d8118),
    UINT64_C(0xd807aa98a3030242), UINT64_C(0x12835b0145706fbe),
    UINT64_C(0x243185be4ee4b28c), UINT64_C(0x550c7dc3d5ffb4e2),
    UINT64_C(0x72be5d74f27b896f), UINT64_C(0x80deb1fe3b1696b1),
    UINT64_C(0x9bdc06a725c71235), UINT64_C(0xc19bf174cf692694),
    UINT64_C(0xe49b69c19ef14ad2), UINT64_C(0xefbe4786384f25e3),
    UINT64_C(0x0fc19dc68b8cd5b5), UINT64_C(0x240ca1cc77ac9c65),
    UINT64_C(0x2de92c6f592b0275), UINT64_C(0x4a7484aa6ea6e483),
    UINT64_C(0x5cb0a9dcbd41fbd4), UINT64_C(0x76f988da831153b5),
    UINT64_C(0x983e5152ee66dfab), UINT64_C(0xa831c66d2db43210),
    UINT64_C(0xb00327c898fb213f), UINT64_C(0xbf597fc7beef0ee4),
    UINT64_C(0xc6e00bf33da88fc2), UINT64_C(0xd5a79147930aa725),
    UINT64_C(0x06ca6351e003826f), UINT64_C(0x142929670a0e6e70),
    UINT64_C(0x27b70a8546d22ffc), UINT64_C(0x2e1b21385c26c926),
    UINT64_C(0x4d2c6dfc5ac42aed), UINT64_C(0x53380d139d95b3df),
    UINT64_C(0x650a73548baf63de), UINT64_C(0x766a0abb3c77b2a8),
    UINT64_C(0x81c2c92e47edaee6), UINT64_C(0x92722c851482353b),
    UINT64_C(0xa2bfe8a14cf10364), UINT64_C(0xa81a664bbc423001),
    UINT64_C(0xc24b8b70d0f89791), UINT64_C(0xc76c51a30654be30),
    UINT64_C(0xd192e819d6ef5218), UINT64_C(0xd69906245565a910),
    UINT64_C(0xf40e35855771202a), UINT64_C(0x106aa07032bbd1b8),
    UINT64_C(0x19a4c116b8d2d0c8), UINT64_C(0x1e376c085141ab53),
    UINT64_C(0x2748774cdf8eeb99), UINT64_C(0x34b0bcb5e19b48a8),
    UINT64_C(0x391c0cb3c5c95a63), UINT64_C(0x4ed8aa4ae3418acb),
    UINT64_C(0x5b9cca4f7763e373), UINT64_C(0x682e6ff3d6b2b8a3),
    UINT64_C(0x748f82ee5defb2fc), UINT64_C(0x78a5636f43172f60),
    UINT64_C(0x84c87814a1f0ab72), UINT64_C(0x8cc702081a6439ec),
    UINT64_C(0x90befffa23631e28), UINT64_C(0xa4506cebde82bde9),
    UINT64_C(0xbef9a3f7b2c67915), UINT64_C(0xc67178f2e372532b),
    UINT64_C(0xca273eceea26619c), UINT64_C(0xd186b8c721c0c207),
    UINT64_C(0xeada7dd6cde0eb1e), UINT64_C(0xf57d4f7fee6ed178),
    UINT64_C(0x06f067aa72176fba), UINT64_C(0x0a637dc5a2c898a6),
    UINT64_C(0x113f9804bef90dae), UINT64_C(0x1b710b35131c471b),
    UINT64_C(0x28db77f523047d84), UINT64_C(0x32caab7b40c72493),
    UINT64_C(0x3c9ebe0a15c9bebc), UINT64_C(0x431d67c49c100d4c),
    UINT64_C(0x4cc5d4becb3e42b6), UINT64_C(0x597f299cfc657e2a),
    UINT64_C(0x5fcb6fab3ad6faec), UINT64_C(0x6c44198c4a475817),
};

/*@ requires 0 < n < 64;
    assigns \nothing;
*/
static uint64_t sha512_rotr(uint64_t x, uint32_t n)
{
    return (x >> n) | (x << (64u - n));
}

/* The block in c->buf as 16 big-endian 64-bit words, then W16 .. W79 (§6.4.2
   step 1). */
/*@ requires \valid_read(c) && \valid(w + (0 .. 79));
    assigns w[0 .. 79];
*/
static void sha512_schedule(const sipr_sha512_256_ctx *c, uint64_t w[80])
{
    uint32_t t = 0;
    /*@ loop invariant 0 <= t <= 16;
        loop assigns t, w[0 .. 15];
        loop variant 16 - t; */
    while (t < 16u) {
        const uint32_t b = 8u * t;
        uint64_t v = 0;
        uint32_t k = 0;
        /*@ loop invariant 0 <= k <= 8;
            loop assigns k, v;
            loop variant 8 - k; */
        while (k < 8u) {
            v = (v << 8) | (uint64_t)c->buf[b + k];
            k++;
        }
        w[t] = v;
        t++;
    }
    /*@ loop invariant 16 <= t <= 80;
        loop assigns t, w[16 .. 79];
        loop variant 80 - t; */
    while (t < 80u) {
        const uint64_t x = w[t - 15u], y = w[t - 2u];
        const uint64_t s0 = sha512_rotr(x, 1) ^ sha512_rotr(x, 8) ^ (x >> 7);
        const uint64_t s1 = sha512_rotr(y, 19) ^ sha512_rotr(y, 61) ^ (y >> 6);
        w[t] = s1 + w[t - 7u] + s0 + w[t - 16u];
        t++;
    }
}

/* The 80 rounds over the block in c->buf, added into c->h (§6.4.2). */
/*@ requires \valid(c);
    assigns c->h[0 .. 7];
*/
static void sha512_block(sipr_sha512_256_ctx *c)
{
    uint64_t w[80];
    uint64_t a, b, cc, d, e, f, g, h;
    uint32_t t = 0;
    sha512_schedule(c, w);
    a = c->h[0];
    b = c->h[1];
    cc = c->h[2];
    d = c->h[3];
    e = c->h[4];
    f = c->h[5];
    g = c->h[6];
    h = c->h[7];
    /*@ loop invariant 0 <= t <= 80;
        loop assigns t, a, b, cc, d, e, f, g, h;
        loop variant 80 - t; */
    while (t < 80u) {
        const uint64_t s1 = sha512_rotr(e, 14) ^ sha512_rotr(e, 18) ^ sha512_rotr(e, 41);
        const uint64_t ch = (e & f) ^ (~e & g);
        const uint64_t t1 = h + s1 + ch + sha512_k[t] + w[t];
        const uint64_t s0 = sha512_rotr(a, 28) ^ sha512_rotr(a, 34) ^ sha512_rotr(a, 39);
        const uint64_t maj = (a & b) ^ (a & cc) ^ (b & cc);
        const uint64_t t2 = s0 + maj;
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = cc;
        cc = b;
        b = a;
        a = t1 + t2;
        t++;
    }
    c->h[0] += a;
    c->h[1] += b;
    c->h[2] += cc;
    c->h[3] += d;
    c->h[4] += e;
    c->h[5] += f;
    c->h[6] += g;
    c->h[7] += h;
}

/*@ requires \valid(c);
    assigns *c;
    ensures SHA512_OK(c);
*/
void sipr_sha512_256_init(sipr_sha512_256_ctx *c)
{
    uint32_t k = 0;
    /* H(0) of SHA-512/256 (§5.3.6.2): the SHA-512/t IV generation function
       (§5.3.6) applied to "SHA-512/256" */
    c->h[0] = UINT64_C(0x22312194fc2bf72c);
    c->h[1] = UINT64_C(0x9f555fa3c84c64c2);
    c->h[2] = UINT64_C(0x2393b86b6f53b151);
    c->h[3] = UINT64_C(0x963877195940eabd);
    c->h[4] = UINT64_C(0x96283ee2a88effe3);
    c->h[5] = UINT64_C(0xbe5e1e2553863992);
    c->h[6] = UINT64_C(0x2b0199fc2c85b8aa);
    c->h[7] = UINT64_C(0x0eb72ddc81c52ca2);
    c->total = 0;
    c->buf_len = 0;
    /*@ loop invariant 0 <= k <= 128;
        loop assigns k, c->buf[0 .. 127];
        loop variant 128 - k; */
    while (k < 128u) {
        c->buf[k] = 0;
        k++;
    }
}

/*@ requires \valid(c) && SHA512_OK(c);
    requires \valid_read(data + (0 .. len - 1));
    assigns c->h[0 .. 7], c->buf[0 .. 127], c->buf_len, c->total;
    ensures SHA512_OK(c);
*/
void sipr_sha512_256_update(sipr_sha512_256_ctx *c, const char *data, size_t len)
{
    size_t i = 0;
    c->total += (uint64_t)len;
    /*@ loop invariant 0 <= i <= len && SHA512_OK(c);
        loop assigns i, c->h[0 .. 7], c->buf[0 .. 127], c->buf_len;
        loop variant len - i; */
    while (i < len) {
        c->buf[c->buf_len] = (uint8_t)data[i];
        c->buf_len++;
        i++;
        if (c->buf_len == 128u) {
            sha512_block(c);
            c->buf_len = 0;
        }
    }
}

/* Padding (§5.1.2): 0x80, zeros to 112 mod 128, the bit length as 16
   big-endian bytes (total * 8: its top 3 bits go to the high half); then
   H0 .. H3 big-endian: the leftmost 256 bits (§6.7). */
/*@ requires \valid(c) && SHA512_OK(c);
    requires \valid(out + (0 .. SIPR_SHA512_256_LEN - 1));
    assigns c->h[0 .. 7], c->buf[0 .. 127], c->buf_len, out[0 .. SIPR_SHA512_256_LEN - 1];
    ensures SHA512_OK(c);
*/
void sipr_sha512_256_final(sipr_sha512_256_ctx *c, uint8_t out[SIPR_SHA512_256_LEN])
{
    const uint64_t lo = c->total << 3, hi = c->total >> 61;
    uint32_t k;
    c->buf[c->buf_len] = 0x80u;
    c->buf_len++;
    if (c->buf_len > 112u) {
        /*@ loop invariant 0 < c->buf_len <= 128;
            loop assigns c->buf[0 .. 127], c->buf_len;
            loop variant 128 - c->buf_len; */
        while (c->buf_len < 128u) {
            c->buf[c->buf_len] = 0;
            c->buf_len++;
        }
        sha512_block(c);
        c->buf_len = 0;
    }
    /*@ loop invariant 0 <= c->buf_len <= 112;
        loop assigns c->buf[0 .. 127], c->buf_len;
        loop variant 112 - c->buf_len; */
    while (c->buf_len < 112u) {
        c->buf[c->buf_len] = 0;
        c->buf_len++;
    }
    k = 0;
    /*@ loop invariant 0 <= k <= 8;
        loop assigns k, c->buf[112 .. 127];
        loop variant 8 - k; */
    while (k < 8u) {
        c->buf[119u - k] = (uint8_t)(hi >> (8u * k));
        c->buf[127u - k] = (uint8_t)(lo >> (8u * k));
        k++;
    }
    sha512_block(c);
    c->buf_len = 0;
    k = 0;
    /*@ loop invariant 0 <= k <= 32;
        loop assigns k, out[0 .. SIPR_SHA512_256_LEN - 1];
        loop variant 32 - k; */
    while (k < 32u) {
        out[k] = (uint8_t)(c->h[k / 8u] >> (56u - 8u * (k % 8u)));
        k++;
    }
}

/*@ requires \valid_read(data + (0 .. len - 1));
    requires \valid(out + (0 .. SIPR_SHA512_256_LEN - 1));
    assigns out[0 .. SIPR_SHA512_256_LEN - 1];
*/
void sipr_sha512_256(const char *data, size_t len, uint8_t out[SIPR_SHA512_256_LEN])
{
    sipr_sha512_256_ctx c;
    sipr_sha512_256_init(&c);
    sipr_sha512_256_update(&c, data, len);
    sipr_sha512_256_final(&c, out);
}
