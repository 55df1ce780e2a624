public import HTTPServer
public import Logging
import Synchronization
public import Transport

/// A responder that records every request it is handed and answers with
/// the request's method and target, so tests can see what reached it.
public final class RecordingResponder: HTTPResponder, Sendable {
    private let recorded = Mutex<[HTTPRequest]>([])
    private let delay: Duration?
    private let answer: @Sendable (HTTPRequest) -> HTTPResponse

    public init(delay: Duration? = nil, respond: (@Sendable (HTTPRequest) -> HTTPResponse)? = nil) {
        self.delay = delay
        self.answer = respond ?? { request in
            HTTPResponse(status: .ok, contentType: "text/plain", text: "\(request.method.rawValue) \(request.target) \(request.body.count)")
        }
    }

    public var requests: [HTTPRequest] { recorded.withLock { $0 } }
    public var count: Int { recorded.withLock { $0.count } }

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        recorded.withLock { $0.append(request) }
        if let delay { try? await Task.sleep(for: delay) }
        return answer(request)
    }
}

/// Our server running on an ephemeral loopback port, shut down by `stop()`.
public struct LiveServer: Sendable {
    public let server: Server
    public let port: Int
    public let responder: RecordingResponder

    public init(
        responder: RecordingResponder = RecordingResponder(), wrapping outer: (any HTTPResponder)? = nil,
        tls: TLSServerContext? = nil,
        limits: ServerLimits = .init(), timeouts: ServerTimeouts = LiveServer.relaxedTimeouts,
        errorResponse: (@Sendable (HTTPStatus) -> HTTPResponse)? = nil, bodyLimit: BodyLimitPolicy? = nil,
        streamedBody: (@Sendable (RequestHead) -> Bool)? = nil
    ) throws {
        var configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, tls: tls, limits: limits, timeouts: timeouts, errorResponse: errorResponse,
            bodyLimit: bodyLimit
        )
        configuration.streamedBody = streamedBody
        self.server = Server(configuration: configuration, responder: outer ?? responder, logger: .silent)
        self.port = try server.start()
        self.responder = responder
    }

    /// Deadlines far beyond any test's needs, so a machine busy with other
    /// builds cannot turn a slow test client into a 408. Tests of a deadline
    /// pass their own `ServerTimeouts` with that one deadline short.
    public static let relaxedTimeouts = ServerTimeouts(
        header: .seconds(60), idle: .seconds(60), bodyGrace: .seconds(60), body: .seconds(120), write: .seconds(60),
        tlsHandshake: .seconds(60)
    )

    public func stop() async {
        await server.shutdown(gracePeriod: .seconds(2))
    }
}

extension Logger {
    /// A logger that drops everything, for servers under test.
    public static var silent: Logger { Logger(label: "test") { _ in SwiftLogNoOpLogHandler() } }
}
