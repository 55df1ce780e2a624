/// What a field holds; drives decoding, encoding, validation and the diff.
enum ScopeFieldKind: Sendable, Hashable {
    /// A boolean with the default it takes when absent.
    case flag(default: Bool)
    /// A list of strings; absent means "no restriction".
    case strings(ScopeStringRole)
    /// A required string.
    case requiredString(ScopeStringRole)
    /// A nested object.
    case object
    /// A list of nested objects.
    case objects
}

/// Describes one field of a scope object: its JSON key, how to read it from
/// JSON and how to write it back. Every scope type lists its fields once, in
/// spec order; generic code does the rest. The closures capture only key
/// paths and never mutate shared state, so sharing one list across threads is safe.
struct ScopeField<Root>: @unchecked Sendable {
    let key: String
    /// Older spellings accepted on input, in precedence order after `key`.
    var aliases: [String] = []
    let kind: ScopeFieldKind
    /// Reads a non-null JSON value into the root.
    let decode: (inout Root, JSONValue, ScopePath, inout ScopeDecoder) -> Void
    /// The field's JSON, or nil when absent.
    let encode: (Root) -> JSONValue?
    /// The field as a participant token's `api` grant carries it (MeshAgent's
    /// `model_dump(exclude_none=True, exclude_defaults=True)`), or nil when
    /// that leaves it out: absent, or a flag at its default. Unknown members are dropped.
    var encodeForToken: (Root) -> JSONValue? = { _ in nil }
    /// Key paths known below this field (list indices left out).
    var knownKeyPaths: () -> [[String]] = { [] }
    /// The field's (non-null) value with the null members of known fields
    /// below it left out; flags and string lists have none below them.
    var removingNulls: (JSONValue) -> JSONValue = { $0 }

    var isRequired: Bool {
        if case .requiredString = kind { return true }
        return false
    }

    static func flag(_ key: String, _ keyPath: WritableKeyPath<Root, Bool?>, default value: Bool) -> Self {
        ScopeField(
            key: key, kind: .flag(default: value),
            decode: { root, json, path, decoder in
                guard case .bool(let flag) = json else {
                    decoder.wrongType(at: path, expected: "true or false", found: json)
                    return
                }
                root[keyPath: keyPath] = flag
            },
            encode: { root in root[keyPath: keyPath].map(JSONValue.bool) },
            encodeForToken: { root in root[keyPath: keyPath].flatMap { $0 == value ? nil : .bool($0) } })
    }

    static func strings(_ key: String, _ keyPath: WritableKeyPath<Root, [String]?>, role: ScopeStringRole) -> Self {
        ScopeField(
            key: key, kind: .strings(role),
            decode: { root, json, path, decoder in
                guard case .array(let elements) = json else {
                    decoder.wrongType(at: path, expected: "a list of strings", found: json)
                    return
                }
                var values: [String] = []
                var firstIndex: [String: Int] = [:]
                for (index, element) in elements.enumerated() {
                    let elementPath = path.appending(index: index)
                    guard case .string(let value) = element else {
                        decoder.wrongType(at: elementPath, expected: "a string", found: element)
                        continue
                    }
                    role.validate(value, at: elementPath, &decoder)
                    if let first = firstIndex[value] {
                        decoder.report(
                            .duplicateEntry, at: elementPath,
                            "\(JSONValue.string(value).serialized()) is listed twice (first at \(path.appending(index: first)))")
                    } else {
                        firstIndex[value] = index
                    }
                    values.append(value)
                }
                root[keyPath: keyPath] = values
            },
            encode: { root in root[keyPath: keyPath].map { .array($0.map(JSONValue.string)) } },
            encodeForToken: { root in root[keyPath: keyPath].map { .array($0.map(JSONValue.string)) } })
    }

    static func requiredString(_ key: String, _ keyPath: WritableKeyPath<Root, String>, role: ScopeStringRole) -> Self {
        ScopeField(
            key: key, kind: .requiredString(role),
            decode: { root, json, path, decoder in
                guard case .string(let value) = json else {
                    decoder.wrongType(at: path, expected: "a string", found: json)
                    return
                }
                role.validate(value, at: path, &decoder)
                root[keyPath: keyPath] = value
            },
            encode: { root in .string(root[keyPath: keyPath]) },
            encodeForToken: { root in .string(root[keyPath: keyPath]) })
    }

    static func object<T: ScopeObject>(_ key: String, _ keyPath: WritableKeyPath<Root, T?>) -> Self {
        var field = ScopeField(
            key: key, kind: .object,
            decode: { root, json, path, decoder in
                if let value = T.decode(json, at: path, &decoder) { root[keyPath: keyPath] = value }
            },
            encode: { root in root[keyPath: keyPath].map { .object($0.jsonObject) } },
            encodeForToken: { root in root[keyPath: keyPath].map { .object($0.tokenObject()) } })
        field.knownKeyPaths = { T.knownKeyPaths }
        field.removingNulls = { json in
            guard case .object(let object) = json else { return json }
            return .object(T.removingNullFields(object))
        }
        return field
    }

    static func objects<T: ScopeListEntry>(
        _ key: String, _ keyPath: WritableKeyPath<Root, [T]?>, fields: [ScopeField<T>] = T.fields
    ) -> Self {
        var field = ScopeField(
            key: key, kind: .objects,
            decode: { root, json, path, decoder in
                guard case .array(let elements) = json else {
                    decoder.wrongType(at: path, expected: "a list of objects", found: json)
                    return
                }
                var values: [T] = []
                var firstIndex: [T.Identity: Int] = [:]
                for (index, element) in elements.enumerated() {
                    let elementPath = path.appending(index: index)
                    let errorsBefore = decoder.errors.count
                    guard let value = T.decode(element, at: elementPath, &decoder, fields: fields) else { continue }
                    // An entry that is itself broken says nothing reliable about duplicates.
                    guard decoder.errors.count == errorsBefore else {
                        values.append(value)
                        continue
                    }
                    if let first = firstIndex[value.identity] {
                        decoder.report(
                            .duplicateEntry, at: elementPath,
                            "repeats the \(T.entryNoun) at \(path.appending(index: first))")
                    } else {
                        firstIndex[value.identity] = index
                    }
                    values.append(value)
                }
                root[keyPath: keyPath] = values
            },
            encode: { root in root[keyPath: keyPath].map { .array($0.map { .object($0.jsonObject) }) } },
            encodeForToken: { root in root[keyPath: keyPath].map { .array($0.map { .object($0.tokenObject(fields: fields)) }) } })
        field.knownKeyPaths = { T.knownKeyPaths }
        field.removingNulls = { json in
            guard case .array(let elements) = json else { return json }
            return .array(elements.map { element in
                guard case .object(let object) = element else { return element }
                return .object(T.removingNullFields(object, fields: fields))
            })
        }
        return field
    }
}
