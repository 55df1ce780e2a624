import CryptoPrimitives

/// Per-response masking of the per-session CSRF secret (BREACH-safe): each
/// token is `base64url(pad || pad XOR secret)` with a fresh random pad, so the
/// bytes on the page differ on every response while all of them verify.
public enum CSRFToken {
    /// Length of a CSRF secret in bytes.
    public static let secretLength = 32

    /// A new random secret.
    public static func newSecret() -> [UInt8] {
        RandomBytes.generate(count: secretLength)
    }

    /// A masked token for `secret`, different on every call.
    public static func mask(_ secret: [UInt8]) -> String {
        let pad = RandomBytes.generate(count: secret.count)
        return Base64URL.encode(pad + zip(pad, secret).map { $0 ^ $1 })
    }

    /// Whether `token` is a masking of `secret`. Compares in constant time.
    public static func verify(_ token: String, secret: [UInt8]) -> Bool {
        guard !secret.isEmpty, token.utf8.count < 256, let bytes = Base64URL.decode(token),
              bytes.count == 2 * secret.count
        else { return false }
        let pad = bytes[..<secret.count]
        let masked = bytes[secret.count...]
        let unmasked = zip(pad, masked).map { $0 ^ $1 }
        return ConstantTime.equals(unmasked, secret)
    }
}
