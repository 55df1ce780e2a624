/// Builds request paths with every dynamic segment percent-encoded, so a room
/// called `team/alpha room` stays one segment (`team%2Falpha%20room`).
struct AccountsPath {
    private(set) var text: String
    private var query: [(String, String)] = []

    init(_ literal: String) {
        text = literal
    }

    /// `/accounts/projects/{pid}` followed by `suffix`.
    static func project(_ projectID: String, _ suffix: String = "") -> AccountsPath {
        AccountsPath("/accounts/projects/" + projectID.percentEncodedSegment() + suffix)
    }

    /// Appends `/segment`, percent-encoded.
    func appending(_ segment: String) -> AccountsPath {
        var copy = self
        copy.text += "/" + segment.percentEncodedSegment()
        return copy
    }

    /// Adds a query parameter; nil values are left out.
    func query(_ name: String, _ value: CustomStringConvertible?) -> AccountsPath {
        guard let value else { return self }
        var copy = self
        copy.query.append((name, value.description))
        return copy
    }

    /// The path with its query string.
    var pathAndQuery: String {
        guard !query.isEmpty else { return text }
        return text + "?" + query.map { "\($0.0.percentEncodedSegment())=\($0.1.percentEncodedSegment())" }.joined(separator: "&")
    }
}

extension String {
    /// Percent-encodes all but RFC 3986 unreserved characters.
    func percentEncodedSegment() -> String {
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        var out = String.UnicodeScalarView()
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Unicode.Scalar(byte))
            default:
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        return String(out)
    }
}
