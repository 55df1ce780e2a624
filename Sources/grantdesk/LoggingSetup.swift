import Foundation
import Logging

/// The one place logging is configured: lines to standard error, level from
/// `GRANTDESK_LOG_LEVEL` (default `info`).
enum LoggingSetup {
    static func bootstrap(_ environment: [String: String], label: String) -> Logger {
        let level = environment["GRANTDESK_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }
}
