/// The JWS signature algorithms GrantDesk accepts on ID tokens.
public enum JWSAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    case rs256 = "RS256"
    /// ECDSA on P-256 with SHA-256 (signature as `r || s`).
    case es256 = "ES256"
}

/// A public key from a JWK, able to verify one algorithm's signatures.
public struct JWSPublicKey: Sendable {
    /// The only algorithm this key verifies (RSA keys: RS256; P-256 keys: ES256).
    public let algorithm: JWSAlgorithm
    private let key: OpenSSLKey

    /// An RSA key from a JWK's `n` and `e` (big-endian bytes); at least 2048 bits.
    public static func rsa(modulus: [UInt8], exponent: [UInt8]) throws(CryptoError) -> JWSPublicKey {
        JWSPublicKey(algorithm: .rs256, key: try OpenSSLSignature.rsaPublicKey(modulus: modulus, exponent: exponent))
    }

    /// A P-256 key from a JWK's `x` and `y` (32 big-endian bytes each).
    public static func p256(x: [UInt8], y: [UInt8]) throws(CryptoError) -> JWSPublicKey {
        JWSPublicKey(algorithm: .es256, key: try OpenSSLSignature.p256PublicKey(x: x, y: y))
    }

    /// Whether `signature` is this key's `algorithm` signature of
    /// `signingInput`. A different algorithm never verifies, so a token
    /// cannot pick a weaker check than the key was published for.
    public func verify(_ signature: [UInt8], of signingInput: [UInt8], algorithm: JWSAlgorithm) -> Bool {
        guard algorithm == self.algorithm else { return false }
        return OpenSSLSignature.verifySHA256(key: key, signature: signature, message: signingInput,
                                             ecdsaRaw: algorithm == .es256)
    }
}

/// A private signing key, for tests that play an identity provider. The
/// console itself never signs tokens.
public struct JWSSigningKey: Sendable {
    public let algorithm: JWSAlgorithm
    private let key: OpenSSLKey

    /// A fresh RSA-2048 (RS256) or P-256 (ES256) key.
    public init(generating algorithm: JWSAlgorithm) throws(CryptoError) {
        self.algorithm = algorithm
        self.key = try OpenSSLSignature.generate(rsa: algorithm == .rs256)
    }

    /// The public half as JWK members (`kty` with `n`/`e` or `crv`/`x`/`y`), base64url.
    public func publicJWK() throws(CryptoError) -> [String: String] {
        let (first, second) = try OpenSSLSignature.publicParameters(key)
        switch algorithm {
        case .rs256:
            return ["kty": "RSA", "n": Base64URL.encode(first), "e": Base64URL.encode(second)]
        case .es256:
            return ["kty": "EC", "crv": "P-256", "x": Base64URL.encode(first), "y": Base64URL.encode(second)]
        }
    }

    /// The JWS signature of `signingInput` (ES256: `r || s`).
    public func sign(_ signingInput: [UInt8]) throws(CryptoError) -> [UInt8] {
        try OpenSSLSignature.signSHA256(key: key, message: signingInput)
    }
}
