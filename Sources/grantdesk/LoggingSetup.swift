import Foundation
import HTTPApp
import Logging

/// The one place logging is configured: lines to standard error, level from
/// `GRANTDESK_LOG_LEVEL` (default `info`), every message and metadata value
/// escaped (`EscapingLogHandler`) so request data cannot forge lines.
enum LoggingSetup {
    static func bootstrap(_ environment: [String: String], label: String) -> Logger {
        let level = environment["GRANTDESK_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        // StreamLogHandler stamps each line with `localtime`, which with TZ
        // unset stats /etc/localtime on every call (once per request). Naming
        // the same zone file explicitly keeps local time and skips the stat.
        if environment["TZ"] == nil { setenv("TZ", ":/etc/localtime", 0) }
        LoggingSystem.bootstrap { label in
            var handler = EscapingLogHandler(StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }
}
