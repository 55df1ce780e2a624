/// The scrypt memory-hard key derivation function (RFC 7914), for password hashing.
public enum Scrypt {
    /// Derivations needing more memory than this are refused rather than
    /// allowed to exhaust the machine.
    public static let maximumMemory: UInt64 = 1 << 31

    /// Derives `length` bytes from `password` and `salt`.
    ///
    /// - Parameters:
    ///   - n: CPU/memory cost; a power of two greater than 1.
    ///   - r: block size; at least 1.
    ///   - p: parallelisation; at least 1, with `r * p < 2^30`.
    ///   - length: output length in bytes, 1 through 2^20.
    /// - Throws: `CryptoError.invalidParameters` naming the offending
    ///   parameter (OpenSSL itself reports these with an empty error queue),
    ///   or `.operationFailed` if OpenSSL refuses anyway.
    public static func derive(
        password: [UInt8], salt: [UInt8], n: UInt64, r: UInt64, p: UInt64, length: Int
    ) throws(CryptoError) -> [UInt8] {
        let memory = try requiredMemory(n: n, r: r, p: p, length: length)
        // OpenSSL compares its own estimate against maxmem; a little slack
        // keeps rounding differences from turning into a silent refusal.
        return try OpenSSLCrypto.scrypt(
            password: password, salt: salt, n: n, r: r, p: p, maxMemory: memory + (1 << 20), length: length
        )
    }

    /// Bytes of working memory a derivation needs (128·r·(n+2) for V plus
    /// 128·r·p for B), after checking every parameter.
    public static func requiredMemory(n: UInt64, r: UInt64, p: UInt64, length: Int) throws(CryptoError) -> UInt64 {
        guard n > 1, n & (n - 1) == 0 else {
            throw .invalidParameters("scrypt N must be a power of two greater than 1 (got \(n))")
        }
        guard r >= 1 else { throw .invalidParameters("scrypt r must be at least 1") }
        guard p >= 1 else { throw .invalidParameters("scrypt p must be at least 1") }
        let (rp, rpOverflow) = r.multipliedReportingOverflow(by: p)
        guard !rpOverflow, rp < 1 << 30 else { throw .invalidParameters("scrypt r * p must be below 2^30") }
        // RFC 7914: N must be less than 2^(128 * r / 8).
        if 16 * r < 64 {
            guard n < UInt64(1) << (16 * r) else { throw .invalidParameters("scrypt N must be below 2^(16 * r)") }
        }
        guard (1...(1 << 20)).contains(length) else {
            throw .invalidParameters("scrypt output length must be 1 through 1048576 bytes (got \(length))")
        }
        let (nPlus, nOverflow) = n.addingReportingOverflow(2)
        let (block, blockOverflow) = r.multipliedReportingOverflow(by: 128)
        let (v, vOverflow) = block.multipliedReportingOverflow(by: nPlus)
        let (b, bOverflow) = block.multipliedReportingOverflow(by: p)
        let (total, totalOverflow) = v.addingReportingOverflow(b)
        guard !(nOverflow || blockOverflow || vOverflow || bOverflow || totalOverflow), total <= maximumMemory else {
            throw .invalidParameters("scrypt parameters need more than \(maximumMemory >> 20) MiB of memory")
        }
        return total
    }
}
