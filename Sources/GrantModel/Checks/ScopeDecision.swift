/// The answer to an access check, with the reason in plain words.
public struct ScopeDecision: Sendable, Hashable, CustomStringConvertible {
    /// Whether the access is allowed.
    public let allowed: Bool
    /// What decided, e.g. "denied: queues.send lists only 'alerts'" or
    /// "allowed by sync.paths[1] '/shared/*' (not read-only)".
    public let reason: String

    /// A decision with its reason.
    public init(allowed: Bool, reason: String) {
        self.allowed = allowed
        self.reason = reason
    }

    static func allow(_ reason: String) -> ScopeDecision { ScopeDecision(allowed: true, reason: reason) }
    static func deny(_ reason: String) -> ScopeDecision { ScopeDecision(allowed: false, reason: reason) }

    /// The reason.
    public var description: String { reason }
}

/// Quoting and listing values inside reasons.
enum Words {
    /// `'value'`, with control characters escaped so a reason stays one line.
    static func quote(_ value: String) -> String {
        var text = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "'": text += "\\'"
            case "\\": text += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}":
                text += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return "'" + text + "'"
    }

    /// `'a', 'b' and 'c'`; at most `limit` items then "and N more".
    static func list(_ values: [String], limit: Int = 5) -> String {
        let quoted = values.prefix(limit).map(quote)
        let rest = values.count - quoted.count
        if rest > 0 { return quoted.joined(separator: ", ") + " and \(rest) more" }
        switch quoted.count {
        case 0: return "nothing"
        case 1: return quoted[0]
        default: return quoted.dropLast().joined(separator: ", ") + " and " + quoted[quoted.count - 1]
        }
    }

    /// `["a", "b"]` for namespaces.
    static func namespace(_ parts: [String]?) -> String {
        guard let parts else { return "any namespace" }
        if parts.isEmpty { return "no namespace" }
        return "namespace " + parts.map(quote).joined(separator: "/")
    }
}
