/// Cryptographically secure random bytes from OpenSSL's CSPRNG.
public enum RandomBytes {
    /// `count` random bytes. Traps if the CSPRNG fails: continuing without
    /// randomness would silently weaken sessions and tokens.
    public static func generate(count: Int) -> [UInt8] {
        guard let bytes = OpenSSLCrypto.randomBytes(count: count) else {
            preconditionFailure("OpenSSL RAND_bytes failed; refusing to continue without randomness")
        }
        return bytes
    }

    /// `byteCount` random bytes as lowercase hex (twice as many characters).
    public static func hexString(byteCount: Int) -> String {
        Hex.encode(generate(count: byteCount))
    }
}
