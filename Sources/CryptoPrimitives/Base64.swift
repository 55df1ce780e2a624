/// Standard Base64 (RFC 4648 §4) with `=` padding.
public enum Base64 {
    /// Encodes `bytes` with the `+/` alphabet and `=` padding.
    public static func encode(_ bytes: [UInt8]) -> String {
        Base64Codec.standard.encode(bytes)
    }

    /// Decodes padded standard Base64. Returns nil for any character outside
    /// the alphabet (including whitespace), wrong padding, or non-zero
    /// leftover bits, so every byte string has exactly one accepted encoding.
    public static func decode(_ text: String) -> [UInt8]? {
        Base64Codec.standard.decode(text)
    }
}

/// URL-safe Base64 (RFC 4648 §5) without padding, as used in tokens and JWTs.
public enum Base64URL {
    /// Encodes `bytes` with the `-_` alphabet and no padding.
    public static func encode(_ bytes: [UInt8]) -> String {
        Base64Codec.url.encode(bytes)
    }

    /// Decodes unpadded URL-safe Base64. Returns nil for `=`, characters
    /// outside the alphabet, an impossible length, or non-zero leftover bits.
    public static func decode(_ text: String) -> [UInt8]? {
        Base64Codec.url.decode(text)
    }
}

/// The shared codec behind both alphabets.
struct Base64Codec: Sendable {
    let alphabet: [UInt8]
    let padded: Bool
    private let reverse: [UInt8]

    static let standard = Base64Codec(last: "+/", padded: true)
    static let url = Base64Codec(last: "-_", padded: false)

    private init(last: String, padded: Bool) {
        alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789\(last)".utf8)
        self.padded = padded
        var reverse = [UInt8](repeating: 0xFF, count: 256)
        for (index, char) in alphabet.enumerated() { reverse[Int(char)] = UInt8(index) }
        self.reverse = reverse
    }

    func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int(chunk >> UInt32(shift) & 0x3F)]) }
            index += 3
        }
        let remaining = bytes.count - index
        if remaining > 0 {
            var chunk = UInt32(bytes[index]) << 16
            if remaining == 2 { chunk |= UInt32(bytes[index + 1]) << 8 }
            let shifts = remaining == 2 ? [18, 12, 6] : [18, 12]
            for shift in shifts { out.append(alphabet[Int(chunk >> UInt32(shift) & 0x3F)]) }
            if padded { out.append(contentsOf: repeatElement(UInt8(ascii: "="), count: 3 - remaining)) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    func decode(_ text: String) -> [UInt8]? {
        var chars = Array(text.utf8)
        if padded {
            guard chars.count % 4 == 0 else { return nil }
            var padding = 0
            while padding < 2, chars.last == UInt8(ascii: "=") {
                chars.removeLast()
                padding += 1
            }
        }
        guard chars.count % 4 != 1 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for char in chars {
            let value = reverse[Int(char)]
            guard value != 0xFF else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        // Leftover bits must be zero, or two strings would decode alike.
        guard accumulator == 0 else { return nil }
        return out
    }
}
