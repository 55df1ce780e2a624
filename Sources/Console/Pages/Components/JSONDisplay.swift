import GrantModel

/// JSON text for showing in a `<pre>`: pretty-printed by the model's
/// serializer, with invisible direction and zero-width characters written as
/// `\uXXXX` escapes. They can only occur inside JSON strings, where the
/// escape means the same; shown raw, a right-to-left override would reverse
/// the rest of the line and disguise what the data says.
enum JSONDisplay {
    static func text(_ value: JSONValue) -> String {
        var out = String.UnicodeScalarView()
        for scalar in value.serialized(pretty: true).unicodeScalars {
            if isInvisible(scalar) {
                let hex = String(scalar.value, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Direction marks, embeddings, overrides and isolates, zero-width
    /// characters and the byte order mark.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF: true
        default: false
        }
    }
}
