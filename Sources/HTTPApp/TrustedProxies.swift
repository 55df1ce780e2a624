public import HTTPServer

/// The proxies whose `X-Forwarded-For` is believed (`--trusted-proxy`), and
/// the client address that results. Without any, the client is the socket's
/// peer and the header is ignored.
///
/// The header is read from the right, each hop having appended the address
/// it saw: hops inside a trusted network are skipped, and the first address
/// that is not trusted is the client. The peer itself must be trusted for
/// the header to count at all, so a client cannot name its own address.
public struct TrustedProxies: Sendable {
    public let networks: [IPNetwork]

    /// Nobody is trusted.
    public static let none = TrustedProxies([])

    public init(_ networks: [IPNetwork]) {
        self.networks = networks
    }

    /// Parses CIDRs as given on the command line.
    /// - Throws: `InvalidNetwork` naming the first one that does not parse.
    public init(parsing texts: [String]) throws(InvalidNetwork) {
        var networks: [IPNetwork] = []
        for text in texts {
            guard let network = IPNetwork(text) else { throw InvalidNetwork(text: text) }
            networks.append(network)
        }
        self.init(networks)
    }

    /// A `--trusted-proxy` value that is not a CIDR.
    public struct InvalidNetwork: Error, CustomStringConvertible {
        public var text: String
        public var description: String {
            "'\(text)' is not an IPv4 or IPv6 network (for example 10.0.0.0/8, 192.0.2.7 or fd00::/8)."
        }
    }

    /// Whether `address` is one of the trusted proxies.
    public func trusts(_ address: IPAddress) -> Bool {
        networks.contains { $0.contains(address) }
    }

    /// The client address of `request`, as canonical text.
    public func clientAddress(of request: HTTPRequest) -> String {
        let peer = request.connection.remoteAddress
        guard !networks.isEmpty, let peerAddress = IPAddress(peer), trusts(peerAddress) else { return peer }
        var client = peerAddress
        let hops = request.headers.values("X-Forwarded-For").flatMap { $0.split(separator: ",") }
        for hop in hops.reversed() {
            // Garbage was not written by a proxy we trust: stop at the last good hop.
            guard let address = IPAddress(hop.trimmingSpaces) else { break }
            client = address
            if !trusts(address) { break }
        }
        return client.description
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
