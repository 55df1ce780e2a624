/// One-shot gzip (RFC 1952) compression and bounded decompression.
public enum Gzip {
    /// `bytes` as one gzip member at `level` (0...9, default 6).
    public static func compress(_ bytes: [UInt8], level: Int = 6) throws(GzipError) -> [UInt8] {
        try GzipCompressor(level: level).finish(bytes)
    }

    /// The content of one gzip member. Throws `.tooLarge` as soon as the
    /// output would pass `maxSize` bytes, `.truncated`, `.trailingData` or
    /// `.corrupt` for malformed input (including a bad CRC or length).
    public static func decompress(_ bytes: [UInt8], maxSize: Int) throws(GzipError) -> [UInt8] {
        try GzipDecompressor().decompress(bytes, maxSize: maxSize)
    }

    /// Whether `bytes` start with the gzip magic number.
    public static func looksLikeGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }
}
