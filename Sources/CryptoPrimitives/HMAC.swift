/// Keyed message authentication (RFC 2104).
public enum HMAC {
    /// HMAC-SHA256 of `message` under `key`: 32 bytes. Compare tags with
    /// `ConstantTime.equals`, never `==`.
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        OpenSSLCrypto.hmacSHA256(key: key, message: message)
    }
}
