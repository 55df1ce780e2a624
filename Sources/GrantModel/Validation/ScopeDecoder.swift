/// Collects problems while a scope is read; drops the strict-only kinds in lenient mode.
struct ScopeDecoder {
    let mode: ScopeValidationMode
    private(set) var errors: [ScopeValidationError] = []

    init(mode: ScopeValidationMode) {
        self.mode = mode
    }

    /// The message is built only when it is kept (lenient mode drops most kinds).
    mutating func report(_ kind: ScopeValidationError.Kind, at path: ScopePath, _ message: @autoclosure () -> String) {
        if mode == .lenient && !kind.isStructural { return }
        errors.append(ScopeValidationError(path: path, kind: kind, message: message()))
    }

    mutating func wrongType(at path: ScopePath, expected: String, found: JSONValue) {
        report(.wrongType, at: path, "expected \(expected), found \(found.typeDescription)")
    }
}

/// How a field's strings are compared, which decides what strict validation says about them.
enum ScopeStringRole: Sendable, Hashable {
    /// Compared for equality (queue names, room names, namespaces, client ids).
    case exact
    /// Equal, or a prefix when it ends in `*` (sync paths, image tags, models, endpoints).
    case pattern
    /// A plain prefix with no wildcard (storage paths).
    case prefix
    /// A port number written as a string.
    case port

    /// Strict-mode checks of one string.
    func validate(_ value: String, at path: ScopePath, _ decoder: inout ScopeDecoder) {
        guard decoder.mode == .strict else { return }
        let quoted = JSONValue.string(value).serialized()
        if value.allSatisfy(\.isWhitespace) {
            decoder.report(.emptyValue, at: path, "must not be empty")
            return
        }
        // After a whitespace report, judge the rest on the trimmed value: one cause, one message.
        var value = value
        if let first = value.first, let last = value.last, first.isWhitespace || last.isWhitespace {
            value = Pattern.trim(value)
            decoder.report(
                .surroundingWhitespace, at: path,
                "\(quoted) has spaces at the start or end; they are part of the value, so it will not match what you expect")
        }
        switch self {
        case .exact:
            if value.contains("*") {
                decoder.report(.wildcardNotSupported, at: path, "'*' is not a wildcard here; values are matched exactly")
            }
        case .prefix:
            if value.contains("*") {
                decoder.report(.wildcardNotSupported, at: path, "'*' is not a wildcard here; storage paths are plain prefixes")
            }
        case .pattern:
            if value.dropLast().contains("*") {
                decoder.report(
                    .misplacedWildcard, at: path,
                    "\(quoted) has '*' before the end; '*' is a wildcard only as the last character")
            }
        case .port:
            if !Self.isPort(value) {
                decoder.report(.invalidPort, at: path, "\(quoted) is not a port number (a whole number from 1 to 65535, no sign or leading zero)")
            }
        }
    }

    /// A port as MeshAgent writes it: the decimal string of 1...65535.
    static func isPort(_ value: String) -> Bool {
        guard let number = Int(value), (1...65535).contains(number) else { return false }
        return String(number) == value
    }
}
