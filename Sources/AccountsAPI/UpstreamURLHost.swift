/// Reads the host out of an upstream URL, to refuse sending the bearer token
/// over plain HTTP to anything but this machine.
enum UpstreamURLHost {
    /// The host of an `http://` URL (brackets of an IPv6 literal removed,
    /// lowercased); nil for any other scheme.
    static func plainHTTPHost(_ url: String) -> String? {
        let prefix = "http://"
        guard url.count > prefix.count, url.prefix(prefix.count).lowercased() == prefix else { return nil }
        var authority = url.dropFirst(prefix.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<close]).lowercased()
        }
        return String(authority.prefix { $0 != ":" }).lowercased()
    }

    /// `localhost`, 127.0.0.0/8 or ::1 (in any of its spellings).
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ $0.count <= 3 && UInt8($0) != nil }) {
            return octets[0] == "127"
        }
        return ipv6Groups(host) == [0, 0, 0, 0, 0, 0, 0, 1]
    }

    /// The eight 16-bit groups of an IPv6 address, `::` expanded; nil if it is not one.
    private static func ipv6Groups(_ text: String) -> [UInt16]? {
        let halves = text.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            let values = fields.map { $0.count <= 4 ? UInt16($0, radix: 16) : nil }
            return values.contains(nil) ? nil : values.compactMap { $0 }
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
}
