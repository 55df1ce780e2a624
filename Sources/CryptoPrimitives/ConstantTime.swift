/// Comparisons whose running time does not depend on where inputs differ.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes. The time taken depends only on
    /// the length (lengths are not treated as secret: unequal lengths return
    /// false at once), so tokens and MACs can be checked without leaking how
    /// many leading bytes matched.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        OpenSSLCrypto.constantTimeEquals(a, b)
    }
}
