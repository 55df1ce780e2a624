/// SHA-256 (FIPS 180-4).
public enum SHA256 {
    /// The digest length in bytes.
    public static let byteCount = 32

    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        OpenSSLCrypto.sha256(bytes)
    }

    /// The 32-byte digest of the UTF-8 encoding of `text`.
    public static func hash(_ text: String) -> [UInt8] {
        OpenSSLCrypto.sha256(Array(text.utf8))
    }

    /// The digest of `bytes` as 64 lowercase hex characters.
    public static func hex(_ bytes: [UInt8]) -> String {
        Hex.encode(hash(bytes))
    }

    /// The digest of the UTF-8 encoding of `text` as 64 lowercase hex characters.
    public static func hex(_ text: String) -> String {
        Hex.encode(hash(text))
    }
}
