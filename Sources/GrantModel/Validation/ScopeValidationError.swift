/// One problem found while reading a scope, with the JSON path it concerns.
public struct ScopeValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A value of the wrong JSON type (a string where a list belongs).
        case wrongType = "wrong_type"
        /// A required field (a table's `name`, a path's `path`) is missing or null.
        case missingField = "missing_field"
        /// A key GrantDesk does not know; in strict mode a probable typo.
        case unknownField = "unknown_field"
        /// The dataset section given under two spellings (`dataset`, `database`, `datasets`).
        case conflictingSpellings = "conflicting_spellings"
        /// An empty or blank name, path, pattern or port.
        case emptyValue = "empty_value"
        /// A value with spaces at its start or end, which then never matches.
        case surroundingWhitespace = "surrounding_whitespace"
        /// The same entry listed twice.
        case duplicateEntry = "duplicate_entry"
        /// A port that is not an integer from 1 to 65535.
        case invalidPort = "invalid_port"
        /// A `*` somewhere other than the end of a pattern.
        case misplacedWildcard = "misplaced_wildcard"
        /// A `*` in a field where it is not a wildcard at all.
        case wildcardNotSupported = "wildcard_not_supported"

        /// Structural problems make a scope unreadable in every mode; the
        /// others are reported only in strict mode (what a person typed),
        /// because the upstream may legitimately hold such values.
        public var isStructural: Bool {
            self == .wrongType || self == .missingField
        }
    }

    /// Where the problem is, e.g. `dataset.tables[2].name`.
    public let path: ScopePath
    /// What kind of problem it is.
    public let kind: Kind
    /// A sentence about the problem, without the path.
    public let message: String

    /// An error at `path`.
    public init(path: ScopePath, kind: Kind, message: String) {
        self.path = path
        self.kind = kind
        self.message = message
    }

    /// `path — message` (or just the message for the scope itself).
    public var description: String {
        let location = path.description
        return location.isEmpty ? message : "\(location) — \(message)"
    }
}

/// The problems that stopped a scope from being read; never empty when thrown.
public struct ScopeValidationErrors: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems in the order they occur in the input.
    public let errors: [ScopeValidationError]

    /// Wraps a list of problems.
    public init(_ errors: [ScopeValidationError]) {
        self.errors = errors
    }

    /// One problem per line.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}

/// How strictly a scope is read.
public enum ScopeValidationMode: Sendable, Hashable {
    /// For what a person typed: also rejects unknown keys (probable typos),
    /// two spellings of the dataset section, empty or blank values,
    /// duplicates, bad ports and misplaced wildcards.
    case strict
    /// For what the upstream sent: rejects only what cannot be read (wrong
    /// types, missing required fields); keeps unknown keys. When the dataset
    /// section appears under several spellings, the first of `dataset`,
    /// `database`, `datasets` wins (as in MeshAgent's SDK) and the others are
    /// kept as unrecognised members.
    case lenient
}
