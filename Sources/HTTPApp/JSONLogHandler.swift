#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import Logging

/// `GRANTDESK_LOG_FORMAT=json`: one JSON object per line on standard error,
/// for log shippers: `time` (UTC, milliseconds), `level`, `message`,
/// `request_id` when the line belongs to a request, `label`, and the rest of
/// the metadata under `metadata`. JSON escaping covers every control
/// character and U+2028/U+2029, so a value from a request can neither end
/// the line nor break the object. Each line is one `write(2)`, so lines
/// from different threads never interleave.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String

    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { current, _ in current } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        var line = Self.line(time: Self.now(), level: event.level, label: label,
                             message: event.message.description, metadata: merged)
        line += "\n"
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// One line's object (without the newline), in a fixed key order.
    static func line(time: String, level: Logger.Level, label: String, message: String,
                     metadata: Logger.Metadata) -> String {
        var rest = metadata
        let requestID = rest.removeValue(forKey: "request.id")
        var out = "{\"time\":\(JSONText.quoted(time)),\"level\":\(JSONText.quoted(level.rawValue))"
        out += ",\"message\":\(JSONText.quoted(message))"
        if let requestID { out += ",\"request_id\":\(JSONText.value(requestID))" }
        out += ",\"label\":\(JSONText.quoted(label))"
        if !rest.isEmpty { out += ",\"metadata\":\(JSONText.value(.dictionary(rest)))" }
        return out + "}"
    }

    /// The current UTC time as `2026-12-02T04:30:00.123Z`.
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let milliseconds = Int(spec.tv_nsec / 1_000_000)
        let fraction = String(milliseconds + 1000).dropFirst()
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(fraction)Z"
    }
}

/// JSON text for log values: strings escaped, metadata as nested objects
/// and arrays with keys in sorted order (stable lines for the same event).
enum JSONText {
    static func value(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .stringConvertible(let convertible): quoted(convertible.description)
        case .array(let values): "[" + values.map(Self.value).joined(separator: ",") + "]"
        case .dictionary(let values):
            "{" + values.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + Self.value($0.value) }
                .joined(separator: ",") + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}", "\u{2029}", "\u{0}"..."\u{1F}", "\u{7F}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
