#ifndef GRANTDESK_COPENSSL_SHIM_H
#define GRANTDESK_COPENSSL_SHIM_H
// OpenSSL's function-like macros and wide constants do not import into Swift;
// this header re-exports the ones GrantDesk uses as inline functions and consts.
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

static inline long gd_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
static inline long gd_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_max_proto_version(ctx, version);
}
static inline long gd_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}
static inline long gd_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *list) {
    return SSL_CTX_set1_groups_list(ctx, list);
}
static inline long gd_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}
static inline long gd_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}
// The bytes a memory BIO has allocated, read or not (it never shrinks by itself).
static inline size_t gd_BIO_mem_capacity(BIO *bio) {
    BUF_MEM *memory = NULL;
    return BIO_get_mem_ptr(bio, &memory) == 1 && memory ? memory->max : 0;
}
static inline EVP_PKEY *gd_EVP_EC_gen(const char *curve) {
    return EVP_EC_gen(curve);
}
static inline long gd_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
// OSSL_PARAM_BLD keeps the key names and buffers it is given by pointer
// until OSSL_PARAM_BLD_to_param, which Swift's temporary C strings do not
// outlive: public keys from JWK parameters are built here, in C.
static inline EVP_PKEY *gd_public_key_fromdata(const char *type, OSSL_PARAM_BLD *builder) {
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(builder);
    EVP_PKEY_CTX *ctx = params ? EVP_PKEY_CTX_new_from_name(NULL, type, NULL) : NULL;
    EVP_PKEY *key = NULL;
    if (ctx && EVP_PKEY_fromdata_init(ctx) == 1) {
        if (EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1) key = NULL;
    }
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    return key;
}
static inline EVP_PKEY *gd_rsa_public_key(const unsigned char *n, int n_length, const unsigned char *e, int e_length) {
    OSSL_PARAM_BLD *builder = OSSL_PARAM_BLD_new();
    BIGNUM *bn_n = BN_bin2bn(n, n_length, NULL), *bn_e = BN_bin2bn(e, e_length, NULL);
    EVP_PKEY *key = NULL;
    if (builder && bn_n && bn_e && OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, bn_n) == 1
        && OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, bn_e) == 1) {
        key = gd_public_key_fromdata("RSA", builder);
    }
    OSSL_PARAM_BLD_free(builder);
    BN_free(bn_n);
    BN_free(bn_e);
    return key;
}
static inline EVP_PKEY *gd_p256_public_key(const unsigned char *point, size_t length) {
    OSSL_PARAM_BLD *builder = OSSL_PARAM_BLD_new();
    EVP_PKEY *key = NULL;
    if (builder && OSSL_PARAM_BLD_push_utf8_string(builder, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) == 1
        && OSSL_PARAM_BLD_push_octet_string(builder, OSSL_PKEY_PARAM_PUB_KEY, point, length) == 1) {
        key = gd_public_key_fromdata("EC", builder);
    }
    OSSL_PARAM_BLD_free(builder);
    return key;
}
static const uint64_t gd_SSL_OP_NO_COMPRESSION = SSL_OP_NO_COMPRESSION;
static const uint64_t gd_SSL_OP_NO_RENEGOTIATION = SSL_OP_NO_RENEGOTIATION;
static const uint64_t gd_SSL_OP_CIPHER_SERVER_PREFERENCE = SSL_OP_CIPHER_SERVER_PREFERENCE;
static const uint64_t gd_SSL_OP_NO_TICKET = SSL_OP_NO_TICKET;
static const uint64_t gd_SSL_OP_NO_TLSv1 = SSL_OP_NO_TLSv1;
static const uint64_t gd_SSL_OP_NO_TLSv1_1 = SSL_OP_NO_TLSv1_1;
static const long gd_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER = SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER;
static const long gd_SSL_MODE_ENABLE_PARTIAL_WRITE = SSL_MODE_ENABLE_PARTIAL_WRITE;
static const long gd_SSL_MODE_RELEASE_BUFFERS = SSL_MODE_RELEASE_BUFFERS;

#endif
