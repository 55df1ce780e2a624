internal import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's CSPRNG.
public enum RandomBytes {
    /// `count` random bytes. Traps if the CSPRNG fails: continuing without
    /// randomness would silently weaken sessions and tokens.
    public static func generate(count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let ok = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        precondition(ok == 1, "OpenSSL RAND_bytes failed; refusing to continue without randomness")
        return bytes
    }

    /// `byteCount` random bytes as lowercase hex (twice as many characters).
    public static func hexString(byteCount: Int) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(byteCount * 2)
        for byte in generate(count: byteCount) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
