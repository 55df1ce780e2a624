import Foundation
import Transport

/// A blocking plain-HTTP client for live tests, one request per connection,
/// run on a Dispatch thread so it never blocks the cooperative pool.
enum LivePlainClient {
    static func send(port: Int, _ request: String) async throws -> LiveTLSClient.Response {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try sendBlocking(port: port, request) })
            }
        }
    }

    private static func sendBlocking(port: Int, _ request: String) throws -> LiveTLSClient.Response {
        let fd = try Posix.connect(host: "127.0.0.1", port: port, receiveTimeoutSeconds: 10)
        defer { Posix.close(fd) }
        let bytes = Array(request.utf8)
        _ = try bytes.withUnsafeBytes { try Posix.write(fd, $0) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while case .processed(let count) = try buffer.withUnsafeMutableBytes({ try Posix.read(fd, into: $0) }), count > 0 {
            received += buffer[..<count]
        }
        return try LiveTLSClient.parse(received)
    }
}
