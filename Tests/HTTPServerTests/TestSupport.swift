import Foundation
import Logging
import Transport
@testable import HTTPServer

/// A responder that records every request it is handed and answers with
/// the request's method and target, so tests can see what reached it.
final class RecordingResponder: HTTPResponder, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []
    private let delay: Duration?
    private let respond: @Sendable (HTTPRequest) -> HTTPResponse

    init(delay: Duration? = nil, respond: (@Sendable (HTTPRequest) -> HTTPResponse)? = nil) {
        self.delay = delay
        self.respond = respond ?? { request in
            HTTPResponse(status: .ok, contentType: "text/plain", text: "\(request.method.rawValue) \(request.target) \(request.body.count)")
        }
    }

    var requests: [HTTPRequest] { lock.withLock { recorded } }
    var count: Int { lock.withLock { recorded.count } }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        lock.withLock { recorded.append(request) }
        if let delay { try? await Task.sleep(for: delay) }
        return respond(request)
    }
}

/// A running server on an ephemeral loopback port, shut down by `stop()`.
struct LiveServer {
    let server: Server
    let port: Int
    let responder: RecordingResponder

    init(
        responder: RecordingResponder = RecordingResponder(), wrapping outer: (any HTTPResponder)? = nil,
        tls: TLSServerContext? = nil,
        limits: ServerLimits = .init(), timeouts: ServerTimeouts = LiveServer.relaxedTimeouts,
        errorResponse: (@Sendable (HTTPStatus) -> HTTPResponse)? = nil, bodyLimit: BodyLimitPolicy? = nil
    ) throws {
        let configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, tls: tls, limits: limits, timeouts: timeouts, errorResponse: errorResponse,
            bodyLimit: bodyLimit
        )
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        self.server = Server(configuration: configuration, responder: outer ?? responder, logger: logger)
        self.port = try server.start()
        self.responder = responder
    }

    /// Deadlines far beyond any test's needs, so a machine busy with other
    /// builds cannot turn a slow test client into a 408. Tests of a deadline
    /// pass their own `ServerTimeouts` with that one deadline short.
    static let relaxedTimeouts = ServerTimeouts(
        header: .seconds(60), idle: .seconds(60), bodyGrace: .seconds(60), body: .seconds(120), write: .seconds(60),
        tlsHandshake: .seconds(60)
    )

    func stop() async {
        await server.shutdown(gracePeriod: .seconds(2))
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
/// Tests use this only to wait for a state, never to measure speed.
func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return true
}

/// Runs blocking socket work on a thread of its own: Swift's cooperative
/// pool and Dispatch's global queues are both as wide as the CPU count (two
/// here), and blocked test clients there would starve the server's tasks.
func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// A blocking loopback client speaking raw bytes; the async methods run the
/// blocking calls via `offload`.
final class RawClient: @unchecked Sendable {
    let fd: Int32
    private var buffered: [UInt8] = []

    init(port: Int, receiveTimeoutSeconds: Int = 10) throws {
        fd = try Posix.connect(host: "127.0.0.1", port: port, receiveTimeoutSeconds: receiveTimeoutSeconds)
    }

    deinit { Posix.close(fd) }

    func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) async throws {
        try await offload { try self.sendBlocking(bytes) }
    }

    func readUntilClose() async throws -> [UInt8] {
        try await offload { try self.readUntilCloseBlocking() }
    }

    func readResponse(bodyless: Bool = false) async throws -> ParsedResponse? {
        try await offload { try self.readResponseBlocking(bodyless: bodyless) }
    }

    func sendBlocking(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let result = try bytes.withUnsafeBytes { try Posix.write(fd, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            guard case .processed(let count) = result else { throw SystemError(call: "write", errno: EAGAIN) }
            offset += count
        }
    }

    /// Reads more bytes; nil on end-of-stream or reset. Throws on timeout.
    func readSome() throws -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let result: IOResult<Int>
        do {
            result = try chunk.withUnsafeMutableBytes { try Posix.read(fd, into: $0) }
        } catch let error as SystemError where error.errno == ECONNRESET {
            return nil
        }
        switch result {
        case .wouldBlock: throw SystemError(call: "read (timed out)", errno: EAGAIN)
        case .processed(0): return nil
        case .processed(let count): return Array(chunk.prefix(count))
        }
    }

    /// Everything until the server closes the connection.
    func readUntilCloseBlocking() throws -> [UInt8] {
        var all = buffered
        buffered = []
        while let more = try readSome() { all += more }
        return all
    }

    /// One response: head, then a Content-Length body unless `bodyless`.
    func readResponseBlocking(bodyless: Bool = false) throws -> ParsedResponse? {
        while true {
            if let response = ParsedResponse.parse(&buffered, bodyless: bodyless) { return response }
            guard let more = try readSome() else { return nil }
            buffered += more
        }
    }
}

/// A response as a test sees it.
struct ParsedResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    func headerValues(_ name: String) -> [String] {
        headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }

    /// Parses one response off the front of `buffer`, or nil if incomplete.
    static func parse(_ buffer: inout [UInt8], bodyless: Bool = false) -> ParsedResponse? {
        let marker = Array("\r\n\r\n".utf8)
        guard let end = buffer.firstRange(of: marker) else { return nil }
        let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        let headers = lines.map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        var response = ParsedResponse(status: status, headers: headers, body: [])
        let length = bodyless ? 0 : Int(response.header("Content-Length") ?? "0") ?? 0
        let bodyStart = end.upperBound
        guard buffer.count >= bodyStart + length else { return nil }
        response.body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeSubrange(0..<(bodyStart + length))
        return response
    }
}
