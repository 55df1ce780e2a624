import Foundation
import Transport

/// A blocking HTTPS client for live tests: one request per connection,
/// certificate verified against the file the server generated.
enum LiveTLSClient {
    struct Response {
        var statusLine: String
        var headers: [(name: String, value: String)]
        var body: String

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        func values(_ name: String) -> [String] {
            headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        }
    }

    /// Sends `request` on a Dispatch thread: the socket calls block, and on the
    /// cooperative pool they would starve the server's own request handling.
    static func send(port: Int, trusting certificatePath: String, _ request: String) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try sendBlocking(port: port, trusting: certificatePath, request) })
            }
        }
    }

    private static func sendBlocking(port: Int, trusting certificatePath: String, _ request: String) throws -> Response {
        let fd = try Posix.connect(host: "127.0.0.1", port: port, receiveTimeoutSeconds: 10)
        defer { Posix.close(fd) }
        let tls = try TLSConnection(client: TLSClientContext(trustedCertificatePath: certificatePath),
                                    serverName: "127.0.0.1")
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        func flush() throws {
            let out = tls.takeCiphertext()
            if !out.isEmpty { _ = try out.withUnsafeBytes { try Posix.write(fd, $0) } }
        }
        func receive() throws -> Bool {
            let result = try buffer.withUnsafeMutableBytes { try Posix.read(fd, into: $0) }
            guard case .processed(let count) = result, count > 0 else { return false }
            try buffer.withUnsafeBytes { try tls.feed(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            return true
        }
        while try !tls.handshake() {
            try flush()
            guard try receive() else { throw TestFailure("connection closed during the TLS handshake") }
        }
        try flush()
        try tls.write(Array(request.utf8))
        try flush()
        var plain: [UInt8] = []
        reading: while true {
            switch try buffer.withUnsafeMutableBytes({ try tls.read(into: $0) }) {
            case .bytes(let count): plain += buffer[..<count]
            case .closed: break reading
            case .wantMore: if try !receive() { break reading }
            }
        }
        return try parse(plain)
    }

    static func parse(_ plain: [UInt8]) throws -> Response {
        let text = String(decoding: plain, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw TestFailure("no complete response: \(text)") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let headers = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Response(statusLine: lines[0], headers: headers, body: String(text[split.upperBound...]))
    }
}
