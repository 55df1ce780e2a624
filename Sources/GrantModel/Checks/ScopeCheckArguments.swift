/// The named inputs of a check, as in the conformance vectors' `args`.
public struct ScopeCheckArguments: Sendable, Hashable {
    /// An argument's name.
    public enum Name: String, Sendable, Hashable, CaseIterable {
        /// The inputs named as in the vectors' `args`.
        case name, queue, table, namespace, path, tag, repository, provider, model, endpoint, port
        /// `client_id`.
        case clientID = "client_id"
    }

    /// String arguments by name (all but `namespace`).
    public var values: [Name: String]
    /// The requested namespace; nil (absent or null) counts as `[]`.
    public var namespace: [String]?

    /// Arguments from a dictionary of strings and an optional namespace.
    public init(_ values: [Name: String] = [:], namespace: [String]? = nil) {
        self.values = values
        self.namespace = namespace
    }

    /// A string argument.
    public subscript(name: Name) -> String? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// Reads `args` of a vector. Strings stay strings; `port` may also be an
    /// integer; `namespace` is a list of strings or null; null elsewhere
    /// means absent. Unknown argument names are ignored (a newer vector
    /// format may add inputs; a missing required one is still an error).
    public init(json: JSONValue) throws(ScopeCheckError) {
        guard case .object(let object) = json else {
            throw .invalidArguments("args must be an object, found \(json.typeDescription)")
        }
        var values: [Name: String] = [:]
        var namespace: [String]?
        for (key, value) in object {
            guard let name = Name(rawValue: key), value != .null else { continue }
            switch (name, value) {
            case (.namespace, .array(let elements)):
                var parts: [String] = []
                for element in elements {
                    guard case .string(let part) = element else {
                        throw .invalidArguments("namespace must be a list of strings")
                    }
                    parts.append(part)
                }
                namespace = parts
            case (.namespace, _):
                throw .invalidArguments("namespace must be a list of strings or null, found \(value.typeDescription)")
            case (.port, .number):
                guard let port = value.intValue else {
                    throw .invalidArguments("port must be a whole number")
                }
                values[.port] = String(port)
            case (_, .string(let text)):
                values[name] = text
            default:
                throw .invalidArguments("\(key) must be a string, found \(value.typeDescription)")
            }
        }
        self.init(values, namespace: namespace)
    }
}

/// Why a check could not be evaluated.
public enum ScopeCheckError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The check name is not one of the spec's.
    case unknownCheck(String)
    /// A required argument is absent.
    case missingArgument(check: String, argument: String)
    /// The arguments are malformed.
    case invalidArguments(String)

    /// A message for a person.
    public var description: String {
        switch self {
        case .unknownCheck(let name): "unknown check \"\(name)\""
        case .missingArgument(let check, let argument): "\(check) needs the argument \"\(argument)\""
        case .invalidArguments(let message): message
        }
    }
}
