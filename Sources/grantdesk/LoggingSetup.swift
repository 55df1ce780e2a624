import ArgumentParser
import Foundation
import HTTPApp
import Logging

/// The one place logging is configured: lines to standard error, level from
/// `GRANTDESK_LOG_LEVEL` (default `info`), format from `GRANTDESK_LOG_FORMAT`:
/// `text` (default; every message and metadata value escaped by
/// `EscapingLogHandler` so request data cannot forge lines) or `json` (one
/// object per line, `JSONLogHandler`, whose JSON escaping does the same).
enum LoggingSetup {
    /// Why logging could not be set up; safe to print.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func bootstrap(_ environment: [String: String], label: String) throws(Failure) -> Logger {
        let level = environment["GRANTDESK_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        switch environment["GRANTDESK_LOG_FORMAT"] ?? "text" {
        case "text", "":
            // StreamLogHandler stamps each line with `localtime`, which with TZ
            // unset stats /etc/localtime on every call (once per request). Naming
            // the same zone file explicitly keeps local time and skips the stat.
            if environment["TZ"] == nil { setenv("TZ", ":/etc/localtime", 0) }
            LoggingSystem.bootstrap { label in
                var handler = EscapingLogHandler(StreamLogHandler.standardError(label: label))
                handler.logLevel = level
                return handler
            }
        case "json":
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        case let other:
            throw Failure(description: "GRANTDESK_LOG_FORMAT is '\(other)'; use text or json.")
        }
        return Logger(label: label)
    }

    /// `bootstrap`, or a message on standard error and exit status 1.
    static func bootstrapOrExit(_ environment: [String: String], label: String) throws -> Logger {
        do {
            return try bootstrap(environment, label: label)
        } catch {
            FileHandle.standardError.write(Data("grantdesk: could not start: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
