public import Logging

/// The one escaping applied to everything written to the log: user names,
/// paths and whatever else came from a request can then never end a line,
/// start a forged one or send terminal escapes. Backslash, CR, LF and tab
/// become `\\`, `\r`, `\n`, `\t`; other control characters and invisible
/// or unassigned scalars become `\u{XX}`. Visible text, ASCII or not, is
/// kept as it is.
public enum LogEscaping {
    public static func escaped(_ text: String) -> String {
        // Nearly every line is plain ASCII: answer it without building a string.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case " "..."~": out.unicodeScalars.append(scalar)
            default:
                if isVisible(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                }
            }
        }
        return out
    }

    /// Every string inside `value`, escaped.
    public static func escaped(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): .string(escaped(text))
        case .stringConvertible(let convertible): .string(escaped(convertible.description))
        case .array(let values): .array(values.map(escaped))
        case .dictionary(let values):
            .dictionary(Dictionary(values.map { (escaped($0.key), escaped($0.value)) }, uniquingKeysWith: { $1 }))
        }
    }

    /// Letters, marks, digits, punctuation and symbols outside ASCII. Not
    /// controls, format characters (bidi overrides), line or paragraph
    /// separators, odd spaces, private use or unassigned.
    private static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            true
        default:
            false
        }
    }
}

/// Wraps the handler that writes lines (the executable's `StreamLogHandler`)
/// and passes it every message and metadata value escaped by
/// `LogEscaping`, so no call site has to remember to.
public struct EscapingLogHandler<Inner: LogHandler>: LogHandler {
    public var inner: Inner
    /// Kept here rather than in `inner`, so it is escaped like the rest.
    public var metadata: Logger.Metadata = [:]
    /// Likewise taken over from `inner`.
    public var metadataProvider: Logger.MetadataProvider?

    public init(_ inner: Inner) {
        self.inner = inner
        self.metadataProvider = inner.metadataProvider
        // Handlers without provider support complain about any assignment.
        if metadataProvider != nil { self.inner.metadataProvider = nil }
    }

    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        if let provided = metadataProvider?.get() { merged.merge(provided) { current, _ in current } }
        event.metadata = merged.isEmpty ? nil : merged.mapValues(LogEscaping.escaped)
        event.message = Logger.Message(stringLiteral: LogEscaping.escaped(event.message.description))
        inner.log(event: event)
    }
}
