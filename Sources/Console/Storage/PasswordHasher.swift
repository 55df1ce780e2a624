import CryptoPrimitives

/// scrypt password hashing with a per-user 16-byte salt. The encoded form
/// carries its parameters (`scrypt$N$r$p$salt$hash`, base64url), so raising
/// the cost later keeps old hashes verifiable.
public struct PasswordHasher: Sendable {
    public var n: UInt64
    public var r: UInt64
    public var p: UInt64

    /// N = 2^15, r = 8, p = 1: 32 MiB and roughly 0.1 s per attempt.
    public static let standard = PasswordHasher(n: 1 << 15, r: 8, p: 1)
    /// Cheap parameters for tests only.
    public static let fastForTests = PasswordHasher(n: 1 << 4, r: 1, p: 1)

    public init(n: UInt64, r: UInt64, p: UInt64) {
        self.n = n
        self.r = r
        self.p = p
    }

    /// A fresh encoded hash of `password`.
    public func hash(_ password: String) throws -> String {
        let salt = RandomBytes.generate(count: 16)
        let key = try Scrypt.derive(password: Array(password.utf8), salt: salt, n: n, r: r, p: p, length: 32)
        return "scrypt$\(n)$\(r)$\(p)$\(Base64URL.encode(salt))$\(Base64URL.encode(key))"
    }

    /// Whether `password` matches `encoded`. Malformed hashes never match.
    public func verify(_ password: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt",
              let n = UInt64(parts[1]), let r = UInt64(parts[2]), let p = UInt64(parts[3]),
              let salt = Base64URL.decode(String(parts[4])), let expected = Base64URL.decode(String(parts[5])),
              !expected.isEmpty,
              let key = try? Scrypt.derive(password: Array(password.utf8), salt: salt, n: n, r: r, p: p,
                                           length: expected.count)
        else { return false }
        return ConstantTime.equals(key, expected)
    }

    /// Spends the same work as a real verification, so an unknown user name
    /// answers in about the same time as a wrong password.
    public func burnEquivalentWork(_ password: String) {
        _ = try? Scrypt.derive(password: Array(password.utf8), salt: Array(repeating: 0, count: 16),
                               n: n, r: r, p: p, length: 32)
    }
}
