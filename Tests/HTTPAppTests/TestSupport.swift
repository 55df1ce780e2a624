import Foundation
import Logging
import HTTPApp
import HTTPServer
import Synchronization

/// One captured log call.
struct LogRecord: Sendable {
    var level: Logger.Level
    var message: String
    var metadata: Logger.Metadata
}

/// Collects every log call made through loggers it creates.
final class LogRecorder: Sendable {
    private let stored = Mutex<[LogRecord]>([])

    var records: [LogRecord] { stored.withLock { $0 } }

    func append(_ record: LogRecord) { stored.withLock { $0.append(record) } }

    /// A logger whose output lands here; carries `request.id` like the app's does.
    func logger(requestID: String = "req-1") -> Logger {
        var logger = Logger(label: "test") { _ in RecordingLogHandler(recorder: self) }
        logger.logLevel = .trace
        logger[metadataKey: "request.id"] = .string(requestID)
        return logger
    }
}

struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        recorder.append(LogRecord(level: event.level, message: event.message.description, metadata: merged))
    }
}

/// Runs `middleware` (first outermost) around `endpoint` without any socket.
func run(
    _ middleware: [any Middleware<BasicRequestContext>],
    _ request: HTTPRequest,
    recorder: LogRecorder = LogRecorder(),
    endpoint: @escaping Responder<BasicRequestContext>
) async throws -> HTTPResponse {
    let context = BasicRequestContext(request: request, requestID: "req-1", logger: recorder.logger())
    return try await Next(middleware, endpoint: endpoint)(request, context)
}

func text(_ response: HTTPResponse) -> String {
    String(decoding: response.body, as: UTF8.self)
}

/// An endpoint answering with a fixed response.
func respond(_ response: HTTPResponse) -> Responder<BasicRequestContext> {
    { _, _ in response }
}

/// A realistic JavaScript body well above the compression threshold.
let sampleScript = Array(String(repeating: "function show(id) { document.getElementById(id).hidden = false; }\n", count: 60).utf8)
