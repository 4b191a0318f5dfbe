/* MD5 (RFC 1321), written from the RFC's description (§3), for Digest
 * authentication. Streaming over a caller-owned sipr_md5_ctx; nothing
 * allocated. Bytes are collected in ctx->buf and hashed a 64-byte block at a
 * time. The contracts are about memory and arithmetic safety only; that the
 * result is MD5 is tested against the RFC 1321 §A.5 test suite. */
#include "sipr_internal.h"

/* The context invariant: the partial block is shorter than a block. */
#define MD5_OK(c) ((c)->buf_len < 64u)

/* T[i] = floor(2^32 * abs(sin(i + 1))), i = 0 .. 63 (RFC 1321 §3.4) */
static const uint32_t md5_t[64] = {
    0xd76aa478u, 0xe8c7b756u, 0x242070dbu, 0xc1bdceeeu,
    0xf57c0fafu, 0x4787c62au, 0xa8304613u, 0xfd469501u,
    0x698098d8u, 0x8b44f7afu, 0xffff5bb1u, 0x895cd7beu,
    0x6b901122u, 0xfd987193u, 0xa679438eu, 0x49b40821u,
    0xf61e2562u, 0xc040b340u, 0x265e5a51u, 0xe9b6c7aau,
    0xd62f105du, 0x02441453u, 0xd8a1e681u, 0xe7d3fbc8u,
    0x21e1cde6u, 0xc33707d6u, 0xf4d50d87u, 0x455a14edu,
    0xa9e3e905u, 0xfcefa3f8u, 0x676f02d9u, 0x8d2a4c8au,
    0xfffa3942u, 0x8771f681u, 0x6d9d6122u, 0xfde5380cu,
    0xa4beea44u, 0x4bdecfa9u, 0xf6bb4b60u, 0xbebfbc70u,
    0x289b7ec6u, 0xeaa127fau, 0xd4ef3085u, 0x04881d05u,
    0xd9d4d039u, 0xe6db99e5u, 0x1fa27cf8u, 0xc4ac5665u,
    0xf4292244u, 0x432aff97u, 0xab9423a7u, 0xfc93a039u,
    0x655b59c3u, 0x8f0ccc92u, 0xffeff47du, 0x85845dd1u,
    0x6fa87e4fu, 0xfe2ce6e0u, 0xa3014314u, 0x4e0811a1u,
    0xf7537e82u, 0xbd3af235u, 0x2ad7d2bbu, 0xeb86d391u,
};

/*@ requires 0 < n < 32;
    assigns \nothing;
*/
static uint32_t md5_rotl(uint32_t x, uint32_t n)
{
    return (x << n) | (x >> (32u - n));
}

/* The left-rotation of step i: S11 .. S44 of RFC 1321 §3.4, four per round. */
/*@ requires i < 64;
    assigns \nothing;
    ensures 0 < \result < 32;
*/
static uint32_t md5_shift(uint32_t i)
{
    switch ((i / 16u) * 4u + i % 4u) {
    case 0: return 7u;
    case 1: return 12u;
    case 2: return 17u;
    case 3: return 22u;
    case 4: return 5u;
    case 5: return 9u;
    case 6: return 14u;
    case 7: return 20u;
    case 8: return 4u;
    case 9: return 11u;
    case 10: return 16u;
    case 11: return 23u;
    case 12: return 6u;
    case 13: return 10u;
    case 14: return 15u;
    default: return 21u;
    }
}

/* The block in c->buf as 16 little-endian words X[0 .. 15] (§3.4). */
/*@ requires \valid_read(c) && \valid(x + (0 .. 15));
    assigns x[0 .. 15];
*/
static void md5_load(const sipr_md5_ctx *c, uint32_t x[16])
{
    uint32_t k = 0;
    /*@ loop invariant 0 <= k <= 16;
        loop assigns k, x[0 .. 15];
        loop variant 16 - k; */
    while (k < 16u) {
        const uint32_t b = 4u * k;
        x[k] = (uint32_t)c->buf[b] | ((uint32_t)c->buf[b + 1u] << 8) |
               ((uint32_t)c->buf[b + 2u] << 16) | ((uint32_t)c->buf[b + 3u] << 24);
        k++;
    }
}

/* The four rounds over the block in c->buf, added into c->h (§3.4). The 64
   steps are one loop: step i uses F, G, H or I (i / 16), the word X[g] with g
   from the RFC's order (i, 5i + 1, 3i + 5, 7i, mod 16), T[i] and its shift. */
/*@ requires \valid(c);
    assigns c->h[0 .. 3];
*/
static void md5_block(sipr_md5_ctx *c)
{
    uint32_t x[16];
    uint32_t a, b, cc, d, i = 0;
    md5_load(c, x);
    a = c->h[0];
    b = c->h[1];
    cc = c->h[2];
    d = c->h[3];
    /*@ loop invariant 0 <= i <= 64;
        loop assigns i, a, b, cc, d;
        loop variant 64 - i; */
    while (i < 64u) {
        uint32_t f, g, t;
        if (i < 16u) {
            f = (b & cc) | (~b & d);
            g = i;
        } else if (i < 32u) {
            f = (b & d) | (cc & ~d);
            g = (5u * i + 1u) % 16u;
        } else if (i < 48u) {
            f = b ^ cc ^ d;
            g = (3u * i + 5u) % 16u;
        } else {
            f = cc ^ (b | ~d);
            g = (7u * i) % 16u;
        }
        t = a + f + md5_t[i] + x[g];
        a = d;
        d = cc;
        cc = b;
        b = b + md5_rotl(t, md5_shift(i));
        i++;
    }
    c->h[0] += a;
    c->h[1] += b;
    c->h[2] += cc;
    c->h[3] += d;
}

/*@ requires \valid(c);
    assigns *c;
    ensures MD5_OK(c);
*/
void sipr_md5_init(sipr_md5_ctx *c)
{
    uint32_t k = 0;
    c->h[0] = 0x67452301u; /* §3.3 */
    c->h[1] = 0xefcdab89u;
    c->h[2] = 0x98badcfeu;
    c->h[3] = 0x10325476u;
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

/*@ requires \valid(c) && MD5_OK(c);
    requires \valid_read(data + (0 .. len - 1));
    assigns c->h[0 .. 3], c->buf[0 .. 63], c->buf_len, c->total;
    ensures MD5_OK(c);
*/
void sipr_md5_update(sipr_md5_ctx *c, const char *data, size_t len)
{
    size_t i = 0;
    c->total += (uint64_t)len;
    /*@ loop invariant 0 <= i <= len && MD5_OK(c);
        loop assigns i, c->h[0 .. 3], c->buf[0 .. 63], c->buf_len;
        loop variant len - i; */
    while (i < len) {
        c->buf[c->buf_len] = (uint8_t)data[i];
        c->buf_len++;
        i++;
        if (c->buf_len == 64u) {
            md5_block(c);
            c->buf_len = 0;
        }
    }
}

/* Padding (§3.1, §3.2): 0x80, zeros to 56 mod 64, the bit length as 8
   little-endian bytes; then the digest A, B, C, D little-endian (§3.5). */
/*@ requires \valid(c) && MD5_OK(c);
    requires \valid(out + (0 .. SIPR_MD5_LEN - 1));
    assigns c->h[0 .. 3], c->buf[0 .. 63], c->buf_len, out[0 .. SIPR_MD5_LEN - 1];
    ensures MD5_OK(c);
*/
void sipr_md5_final(sipr_md5_ctx *c, uint8_t out[SIPR_MD5_LEN])
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
        md5_block(c);
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
        c->buf[56u + k] = (uint8_t)(bits >> (8u * k));
        k++;
    }
    md5_block(c);
    c->buf_len = 0;
    k = 0;
    /*@ loop invariant 0 <= k <= 16;
        loop assigns k, out[0 .. SIPR_MD5_LEN - 1];
        loop variant 16 - k; */
    while (k < 16u) {
        out[k] = (uint8_t)(c->h[k / 4u] >> (8u * (k % 4u)));
        k++;
    }
}

/*@ requires \valid_read(data + (0 .. len - 1));
    requires \valid(out + (0 .. SIPR_MD5_LEN - 1));
    assigns out[0 .. SIPR_MD5_LEN - 1];
*/
void sipr_md5(const char *data, size_t len, uint8_t out[SIPR_MD5_LEN])
{
    sipr_md5_ctx c;
    sipr_md5_init(&c);
    sipr_md5_update(&c, data, len);
    sipr_md5_final(&c, out);
}
