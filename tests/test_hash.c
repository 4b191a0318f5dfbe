/* siprove: MD5, SHA-256 and SHA-512/256 (Criterion).
 *
 * Vectors and their sources:
 * - MD5: the test suite of RFC 1321 §A.5 (seven strings, "" to the
 *   80-digit one), reproduced exactly.
 * - SHA-256: FIPS 180-2 Appendix B (B.1 "abc", B.2 the 448-bit message
 *   "abcdbcdecdefdefg...", B.3 one million 'a'), the same examples as NIST's
 *   "Examples with Intermediate Values" (csrc.nist.gov, SHA256.pdf); the
 *   empty string from the NIST byte-oriented test vectors (SHA256ShortMsg,
 *   Len = 0).
 * - SHA-512/256: NIST "Examples with Intermediate Values" SHA512_256.pdf
 *   ("abc" and the 896-bit message "abcdefghbcdefghi..."); the empty string
 *   and one million 'a' cross-checked with `openssl dgst -sha512-256`.
 * - Lengths around the padding boundaries (55 .. 57, 63 .. 65, 111 .. 113,
 *   127 .. 129 bytes of a fixed pattern) and the 896-bit message under
 *   SHA-256: computed with OpenSSL 3.0 (`openssl dgst -md5 / -sha256 /
 *   -sha512-256`), to check the padding paths, not a published vector.
 * Every vector is also hashed in a stream cut at every position (two
 * pieces) and at pseudo-random positions (many pieces): the result must be
 * the one-shot result.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

enum { H_MD5, H_SHA256, H_SHA512_256 };

static size_t out_len(int h)
{
    return h == H_MD5 ? SIPR_MD5_LEN : 32u;
}

static void to_hex(const uint8_t *d, size_t n, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t k = 0; k < n; k++) {
        hex[2 * k] = digits[d[k] >> 4];
        hex[2 * k + 1] = digits[d[k] & 15];
    }
    hex[2 * n] = '\0';
}

static void one_shot(int h, const char *s, size_t n, uint8_t *out)
{
    if (h == H_MD5)
        sipr_md5(s, n, out);
    else if (h == H_SHA256)
        sipr_sha256(s, n, out);
    else
        sipr_sha512_256(s, n, out);
}

/* The stream s[0 .. n) in pieces ending at cuts[0 .. ncuts) (increasing). */
static void streamed(int h, const char *s, size_t n, const size_t *cuts, size_t ncuts,
                     uint8_t *out)
{
    sipr_md5_ctx m;
    sipr_sha256_ctx a;
    sipr_sha512_256_ctx b;
    size_t from = 0;
    sipr_md5_init(&m);
    sipr_sha256_init(&a);
    sipr_sha512_256_init(&b);
    for (size_t k = 0; k <= ncuts; k++) {
        size_t to = k < ncuts ? cuts[k] : n;
        if (h == H_MD5)
            sipr_md5_update(&m, s + from, to - from);
        else if (h == H_SHA256)
            sipr_sha256_update(&a, s + from, to - from);
        else
            sipr_sha512_256_update(&b, s + from, to - from);
        from = to;
    }
    if (h == H_MD5)
        sipr_md5_final(&m, out);
    else if (h == H_SHA256)
        sipr_sha256_final(&a, out);
    else
        sipr_sha512_256_final(&b, out);
}

/* s[0 .. n) hashes to hex, one-shot and in every stream cut. */
static void check(int h, const char *s, size_t n, const char *hex)
{
    uint8_t d[32];
    char got[65];
    size_t cuts[64];
    one_shot(h, s, n, d);
    to_hex(d, out_len(h), got);
    cr_assert_str_eq(got, hex, "hash %d of %zu bytes", h, n);
    if (n <= 1000) {
        for (size_t c = 0; c <= n; c++) {
            cuts[0] = c;
            streamed(h, s, n, cuts, 1, d);
            to_hex(d, out_len(h), got);
            cr_assert_str_eq(got, hex, "hash %d of %zu bytes cut at %zu", h, n, c);
        }
    }
    srand((unsigned)n);
    for (int r = 0; r < 20; r++) {
        size_t k = 0, at = 0;
        while (k < 64 && at < n) {
            at += (size_t)rand() % (n / 8 + 2);
            if (at > n)
                at = n;
            cuts[k++] = at;
        }
        streamed(h, s, n, cuts, k, d);
        to_hex(d, out_len(h), got);
        cr_assert_str_eq(got, hex, "hash %d of %zu bytes in %zu pieces", h, n, k + 1);
    }
}

#define CHECK(h, lit, hex) check((h), (lit), sizeof(lit) - 1, (hex))

/* RFC 1321 §A.5 */
Test(md5, rfc1321_test_suite)
{
    CHECK(H_MD5, "", "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(H_MD5, "a", "0cc175b9c0f1b6a831c399e269772661");
    CHECK(H_MD5, "abc", "900150983cd24fb0d6963f7d28e17f72");
    CHECK(H_MD5, "message digest", "f96b697d7cb7938d525a2f31aaf161d0");
    CHECK(H_MD5, "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b");
    CHECK(H_MD5, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
          "d174ab98d277d9f5a5611c2c9f419d9f");
    CHECK(H_MD5,
          "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
          "57edf4a22be3c955ac49da2e2107b67a");
}

/* FIPS 180-2 Appendix B; NIST SHA256ShortMsg Len = 0 */
Test(sha256, fips180_examples)
{
    CHECK(H_SHA256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(H_SHA256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(H_SHA256, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* NIST SHA512_256.pdf; "" cross-checked with openssl */
Test(sha512_256, nist_examples)
{
    CHECK(H_SHA512_256, "", "c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a");
    CHECK(H_SHA512_256, "abc",
          "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
    CHECK(H_SHA512_256,
          "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopq"
          "rlmnopqrsmnopqrstnopqrstu",
          "3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a");
}

/* one million 'a': FIPS 180-2 B.3 (SHA-256); openssl (MD5, SHA-512/256) */
Test(hash, million_a)
{
    size_t n = 1000000;
    char *s = malloc(n);
    cr_assert_not_null(s);
    memset(s, 'a', n);
    check(H_SHA256, s, n, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    check(H_MD5, s, n, "7707d6ae4e027c70eea2a935c2296f21");
    check(H_SHA512_256, s, n, "9a59a052930187a97038cae692f30708aa6491923ef5194394dc68d56c74fb21");
    free(s);
}

/* The padding boundaries: byte k of the message is '0' + k % 75; values from
   OpenSSL 3.0 (`openssl dgst`). */
static const struct {
    size_t n;
    const char *md5, *sha256, *sha512_256;
} boundary[] = {
    {55, "b6b1698c0fb902c786f3f15bee6b467a",
     "82ea60b904f221aee687a3fbf1c16e07b95cc4a66a5396fbba94d5c0c39a7741",
     "e44b1a5dfbdea0268a25daf4c68a269bfdddfd14ebf55a8549938ef597330cc6"},
    {56, "ce586b791ce7271480a0c4db5e611e5a",
     "e3bdd54aee96296d602f4b1b4e105c2f2239d3826ec771fd0e100b8fca82c36e",
     "45d86847b22bbb46610bc8224e1f7c9b9a6d31bf530f709e74d766293ded21d0"},
    {57, "015e85d404ee6acb0a5a2d933c62d0d0",
     "570490d76ebcc6d75b7d3023eaa77108cfb500d207a35eafc6c10c977d6b27ed",
     "0c1b802de1fd782f4e012213aa879c6fc31a81e953932cddbccad1c9cac0cff9"},
    {63, "8d712ea63db7426d9dd057a5218cd446",
     "b7e43a2b31c1de0eac8ddf82620722f442a2df154b0acca01ee51c696c2d3924",
     "cdad7b37f042a01ef10f9b982b39c9bdefd1f8ad964daee90745aaa3c96a14b2"},
    {64, "84589659664cf3ace5f31c32f21a6b36",
     "c42debc003290127e664a5c857c6e454cff4a7d512fcb8e5a942fb0d9c045e5f",
     "0236509fef77d5e56158d87e82e279ad5a47b8b7bc49863823b914a3f681ce69"},
    {65, "6867e8329a70c1bfc626208c79ba5cd8",
     "01ffe19716b8afac6c8c303f230f702106e7768dc31dec15c46f4e96c783d07e",
     "92a91d4907f3f6be968e10ce2a701dbb95947735d48c301a4d6afb4c6b4344d0"},
    {111, "c92e9f98e6e2523427b780ded4d6efb1",
     "01c3b927540372fe28a54085fa5b23c770bd615c14409c1b379091ac3925152d",
     "287ed3dcb5a9bf7e0b119f6a6532a914c31112a359a7b6a38946b6dd2bc15acc"},
    {112, "b6e1788c56adeb7b50a3716fc4ea37ce",
     "ea53c1164e1c5c91c9684188148b979710f633ec7277dfe0b3207371ce323027",
     "a063c043337616dbc06b03d0ab931986a5ad3aad92c1a750429090c19afce3cc"},
    {113, "c64fe9d169c5aaf3165322b34511529d",
     "045c1bc204e9d0d3c5c3dfc94a5eebdd57f70e33a8bbd0efd00ad5696ee7ddbc",
     "91966df15c6f98bcaaeb82b6f6ba64a93d5c3d1e537f4ac235f54928b55c5f9c"},
    {127, "d257d975b164d49f4360908cdc67879f",
     "e67236b07a1dfd0b743292eb7d6ef55eb24fb83d5298600e8b2891a42d453fe4",
     "44bce84f12aed7e8381c5d50f698e004bfc88f158461c377e2982137ee1cc905"},
    {128, "04172da106bc25eea6408a96d6c95a85",
     "070bdcdc1afe8fa300ef510694ba095eb91dc587f6c37f4dbf8c686353dd2c6a",
     "c8b2c8138ca8846ddca6eb38a0280f25d10a172230ba5e950a8cc184c5a5e9d7"},
    {129, "af0246cb9e4f8df405adc3bc718ed424",
     "ec0cd4ddd10589e81734db48ae1172a30fa7c2582b4f6b1864461fe35fcc9361",
     "76eeeb28ee860bf74d767509fea6c7ecfba327981da0d5da27df527ce01866e8"},
};

Test(hash, padding_boundaries)
{
    char s[130];
    for (size_t k = 0; k < sizeof s; k++)
        s[k] = (char)('0' + k % 75);
    for (size_t i = 0; i < sizeof boundary / sizeof boundary[0]; i++) {
        check(H_MD5, s, boundary[i].n, boundary[i].md5);
        check(H_SHA256, s, boundary[i].n, boundary[i].sha256);
        check(H_SHA512_256, s, boundary[i].n, boundary[i].sha512_256);
    }
}

Test(sha256, message_896_bits)
{
    CHECK(H_SHA256,
          "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopq"
          "rlmnopqrsmnopqrstnopqrstu",
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

/* Bytes above 0x7f are bytes (char may be signed): MD5 of 0x80 0xff, from
   `printf '\200\377' | md5sum`. */
Test(hash, high_bytes)
{
    const char s[] = "\x80\xff";
    CHECK(H_MD5, s, "e224580aa65579130b9ea72fe66bbb34");
}

/* A context is reusable after init; a NULL pointer with length 0 is no data. */
Test(hash, reuse_and_empty_update)
{
    sipr_md5_ctx c;
    uint8_t d[16];
    char hex[33];
    sipr_md5_init(&c);
    sipr_md5_update(&c, "junk", 4);
    sipr_md5_final(&c, d);
    sipr_md5_init(&c);
    sipr_md5_update(&c, NULL, 0);
    sipr_md5_update(&c, "abc", 3);
    sipr_md5_update(&c, NULL, 0);
    sipr_md5_final(&c, d);
    to_hex(d, 16, hex);
    cr_assert_str_eq(hex, "900150983cd24fb0d6963f7d28e17f72");
}
