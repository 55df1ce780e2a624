internal import COpenSSL

/// The only file in this target that calls OpenSSL's public-key API: JWS
/// signatures (RS256, ES256) for OpenID Connect ID tokens. Keys are built
/// from JWK parameters with `EVP_PKEY_fromdata`; signatures are checked with
/// `EVP_DigestVerify`. ES256 signatures travel as JOSE's fixed-width `r || s`
/// and are converted to the DER form OpenSSL expects here.
enum OpenSSLSignature {
    /// An RSA public key from its big-endian modulus and exponent.
    static func rsaPublicKey(modulus: [UInt8], exponent: [UInt8]) throws(CryptoError) -> OpenSSLKey {
        guard !modulus.isEmpty, !exponent.isEmpty, modulus.count <= 2048, exponent.count <= 16 else {
            throw .invalidParameters("RSA modulus or exponent missing or too long")
        }
        _ = OpenSSLCrypto.drainErrors()
        let pointer = modulus.withUnsafeBufferPointer { n in
            exponent.withUnsafeBufferPointer { e in
                gd_rsa_public_key(n.baseAddress, Int32(n.count), e.baseAddress, Int32(e.count))
            }
        }
        guard let pointer else { throw failure("RSA public key from n and e") }
        let key = OpenSSLKey(pointer)
        guard EVP_PKEY_get_bits(key.pointer) >= 2048 else {
            throw .invalidParameters("RSA keys shorter than 2048 bits are refused")
        }
        return key
    }

    /// A P-256 public key from its big-endian affine coordinates.
    static func p256PublicKey(x: [UInt8], y: [UInt8]) throws(CryptoError) -> OpenSSLKey {
        guard x.count == 32, y.count == 32 else { throw .invalidParameters("P-256 coordinates are 32 bytes each") }
        _ = OpenSSLCrypto.drainErrors()
        let point: [UInt8] = [0x04] + x + y
        // OpenSSL refuses a point that is not on the curve here.
        guard let pointer = point.withUnsafeBufferPointer({ gd_p256_public_key($0.baseAddress, $0.count) }) else {
            throw failure("P-256 public key from x and y")
        }
        let key = OpenSSLKey(pointer)
        guard let check = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else { throw failure("EVP_PKEY_CTX_new") }
        defer { EVP_PKEY_CTX_free(check) }
        guard EVP_PKEY_public_check(check) == 1 else {
            _ = OpenSSLCrypto.drainErrors()
            throw .invalidParameters("the EC point is not on P-256")
        }
        return key
    }

    /// Whether `signature` over `message` verifies with SHA-256 under `key`.
    /// `ecdsaRaw` marks a JOSE `r || s` ECDSA signature (converted to DER).
    static func verifySHA256(key: OpenSSLKey, signature: [UInt8], message: [UInt8], ecdsaRaw: Bool) -> Bool {
        defer { _ = OpenSSLCrypto.drainErrors() }
        var signature = signature
        if ecdsaRaw {
            guard let der = derFromRaw(signature) else { return false }
            signature = der
        }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key.pointer) == 1 else { return false }
        let ok = signature.withUnsafeBufferPointer { sig in
            withBytes(message) { data in EVP_DigestVerify(context, sig.baseAddress, signature.count, data, message.count) }
        }
        return ok == 1
    }

    /// JOSE's 64-byte `r || s` as a DER `ECDSA-Sig-Value`.
    private static func derFromRaw(_ raw: [UInt8]) -> [UInt8]? {
        guard raw.count == 64, let sig = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(sig) }
        let r = raw.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, 32, nil) }
        let s = raw.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress! + 32, 32, nil) }
        guard let r, let s, ECDSA_SIG_set0(sig, r, s) == 1 else {
            BN_free(r); BN_free(s)
            return nil
        }
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_ECDSA_SIG(sig, &out)
        guard length > 0, let out else { return nil }
        defer { CRYPTO_free(out, #fileID, #line) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }

    // MARK: Signing (test fixtures that play an identity provider)

    /// A fresh RSA-2048 or P-256 private key.
    static func generate(rsa: Bool) throws(CryptoError) -> OpenSSLKey {
        _ = OpenSSLCrypto.drainErrors()
        if !rsa {
            guard let key = gd_EVP_EC_gen("prime256v1") else { throw failure("EVP_EC_gen") }
            return OpenSSLKey(key)
        }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else { throw failure("EVP_PKEY_CTX_new_from_name") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_CTX_set_rsa_keygen_bits(context, 2048) == 1,
              EVP_PKEY_generate(context, &key) == 1, let key
        else { throw failure("RSA key generation") }
        return OpenSSLKey(key)
    }

    /// The public parameters as JWK wants them: `n`/`e` for RSA, `x`/`y` for EC.
    static func publicParameters(_ key: OpenSSLKey) throws(CryptoError) -> (first: [UInt8], second: [UInt8]) {
        if EVP_PKEY_get_base_id(key.pointer) == EVP_PKEY_RSA {
            return (try bigNumber(key, OSSL_PKEY_PARAM_RSA_N), try bigNumber(key, OSSL_PKEY_PARAM_RSA_E))
        }
        var point = [UInt8](repeating: 0, count: 65)
        var length = 0
        guard EVP_PKEY_get_octet_string_param(key.pointer, OSSL_PKEY_PARAM_PUB_KEY, &point, point.count, &length) == 1,
              length == 65, point[0] == 0x04
        else { throw failure("EC public point") }
        return (Array(point[1...32]), Array(point[33...64]))
    }

    private static func bigNumber(_ key: OpenSSLKey, _ name: String) throws(CryptoError) -> [UInt8] {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key.pointer, name, &number) == 1, let number else { throw failure("RSA parameter") }
        defer { BN_free(number) }
        var bytes = [UInt8](repeating: 0, count: Int((BN_num_bits(number) + 7) / 8))
        _ = BN_bn2bin(number, &bytes)
        return bytes
    }

    /// A SHA-256 signature; ECDSA ones in JOSE's `r || s` form.
    static func signSHA256(key: OpenSSLKey, message: [UInt8]) throws(CryptoError) -> [UInt8] {
        _ = OpenSSLCrypto.drainErrors()
        guard let context = EVP_MD_CTX_new() else { throw failure("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        var length = 0
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key.pointer) == 1,
              withBytes(message, { EVP_DigestSign(context, nil, &length, $0, message.count) }) == 1
        else { throw failure("EVP_DigestSign") }
        var signature = [UInt8](repeating: 0, count: length)
        guard withBytes(message, { EVP_DigestSign(context, &signature, &length, $0, message.count) }) == 1 else {
            throw failure("EVP_DigestSign")
        }
        signature.removeLast(signature.count - length)
        guard EVP_PKEY_get_base_id(key.pointer) == EVP_PKEY_EC else { return signature }
        var input: UnsafePointer<UInt8>? = nil
        let parsed = signature.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            input = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &input, buffer.count)
        }
        guard let parsed else { throw failure("d2i_ECDSA_SIG") }
        defer { ECDSA_SIG_free(parsed) }
        var raw = [UInt8](repeating: 0, count: 64)
        raw.withUnsafeMutableBufferPointer { out in
            _ = BN_bn2binpad(ECDSA_SIG_get0_r(parsed), out.baseAddress, 32)
            _ = BN_bn2binpad(ECDSA_SIG_get0_s(parsed), out.baseAddress! + 32, 32)
        }
        return raw
    }

    private static func failure(_ step: String) -> CryptoError {
        let detail = OpenSSLCrypto.drainErrors()
        return .operationFailed(step + " failed" + (detail.isEmpty ? "" : ": \(detail)"))
    }

    private static func withBytes<Result>(_ bytes: [UInt8], _ body: (UnsafePointer<UInt8>) -> Result) -> Result {
        if bytes.isEmpty {
            var placeholder: UInt8 = 0
            return withUnsafePointer(to: &placeholder) { body($0) }
        }
        return bytes.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// Owns one `EVP_PKEY`. A key is never changed after it is built, and
/// OpenSSL allows concurrent verifications with one key, so sharing it
/// between tasks is safe.
final class OpenSSLKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }
}
