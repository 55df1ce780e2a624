import Foundation

/// An HTTP response as a raw test client received it.
public struct ParsedResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The value of the first hidden `csrf` field, when the body is a page.
    var csrfToken: String? { HTMLForm.csrfToken(in: text) }

    public func headerValues(_ name: String) -> [String] {
        headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }

    /// Parses one response off the front of `buffer`, or nil if incomplete.
    /// The body is framed by Content-Length (none when `bodyless`).
    public static func parse(_ buffer: inout [UInt8], bodyless: Bool = false) -> ParsedResponse? {
        guard let (response, bodyStart) = parseHead(buffer) else { return nil }
        var complete = response
        let length = bodyless ? 0 : Int(response.header("Content-Length") ?? "0") ?? 0
        guard buffer.count >= bodyStart + length else { return nil }
        complete.body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeSubrange(0..<(bodyStart + length))
        return complete
    }

    /// A whole connection's bytes holding one response; without
    /// Content-Length the body is everything after the head.
    public init(complete bytes: [UInt8]) throws {
        guard let (response, bodyStart) = Self.parseHead(bytes) else {
            throw TestFailure("no complete response: \(String(decoding: bytes, as: UTF8.self))")
        }
        self = response
        let rest = Array(bytes[bodyStart...])
        body = response.header("Content-Length").flatMap(Int.init).map { Array(rest.prefix($0)) } ?? rest
    }

    private init(status: Int, headers: [(String, String)]) {
        self.status = status
        self.headers = headers
        self.body = []
    }

    private static func parseHead(_ buffer: [UInt8]) -> (ParsedResponse, Int)? {
        guard let end = buffer.firstRange(of: Array("\r\n\r\n".utf8)) else { return nil }
        var lines = String(decoding: buffer[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        let headers = lines.map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        return (ParsedResponse(status: status, headers: headers), end.upperBound)
    }
}
