#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address, as 4 or 16 bytes. IPv4-mapped IPv6 addresses
/// (`::ffff:192.0.2.1`, what a dual-stack socket reports) become IPv4, so
/// one network matches a client however the socket saw it.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6, network order.
    public let bytes: [UInt8]

    /// Parses `192.0.2.1` or `2001:db8::1`; also `[2001:db8::1]`, and either
    /// with a `:port` (some proxies append one in `X-Forwarded-For`).
    public init?(_ text: some StringProtocol) {
        var text = Substring(text)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            text = text[text.index(after: text.startIndex)..<close]
        } else if text.firstIndex(of: ":") == text.lastIndex(of: ":"), let colon = text.firstIndex(of: ":") {
            text = text[..<colon]  // exactly one colon: IPv4 with a port
        }
        guard !text.isEmpty, text.utf8.count < Int(INET6_ADDRSTRLEN) else { return nil }
        var four = in_addr()
        var sixteen = in6_addr()
        let string = String(text)
        if inet_pton(AF_INET, string, &four) == 1 {
            bytes = withUnsafeBytes(of: &four) { Array($0) }
        } else if inet_pton(AF_INET6, string, &sixteen) == 1 {
            let raw = withUnsafeBytes(of: &sixteen) { Array($0) }
            bytes = raw.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] ? Array(raw.suffix(4)) : raw
        } else {
            return nil
        }
    }

    /// 127.0.0.0/8 or `::1` (v4-mapped addresses read as IPv4 already).
    public var isLoopback: Bool {
        bytes.count == 4 ? bytes[0] == 127 : bytes == Array(repeating: 0, count: 15) + [1]
    }

    /// The canonical text: dotted quad, or RFC 5952 IPv6.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let ok = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) != nil }
        guard ok else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A CIDR block such as `10.0.0.0/8` or `fd00::/8`; a bare address is a
/// /32 or /128.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    public let address: IPAddress
    public let prefixLength: Int

    /// Parses `ADDRESS[/PREFIX]`; nil for anything else, such as a prefix
    /// longer than the address. Host bits beyond the prefix are ignored.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]), !parts[0].contains("[") else { return nil }
        let written = parts[0].contains(":")
        let bits = written ? 128 : 32
        var length = bits
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), parts[1].allSatisfy(\.isASCII), (0...bits).contains(parsed) else { return nil }
            length = parsed
        }
        // A mapped IPv6 network is an IPv4 one: its prefix counts the last 32 bits.
        if written && address.bytes.count == 4 {
            guard parts.count == 1 || length >= 96 else { return nil }
            length = parts.count == 1 ? 32 : length - 96
        }
        self.address = address
        self.prefixLength = length
    }

    /// Whether `candidate` lies in this network (never across families).
    public func contains(_ candidate: IPAddress) -> Bool {
        candidate.bytes.count == address.bytes.count
            && Self.masked(candidate.bytes, prefixLength) == Self.masked(address.bytes, prefixLength)
    }

    public var description: String { "\(address)/\(prefixLength)" }

    private static func masked(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let kept = max(0, min(8, length - index * 8))
            return kept == 8 ? byte : byte & ~(UInt8(0xFF) >> kept)
        }
    }
}
