/// A JSON object of a scope (a section, a table grant, ...) described by its
/// fields, with the members it does not know kept aside.
protocol ScopeObject: Sendable, Hashable {
    /// Every field absent.
    init()
    /// The known fields in spec order (the order they are written in).
    static var fields: [ScopeField<Self>] { get }
    /// Members not described by `fields`, kept for the round trip.
    var unknown: UnknownMembers { get set }
}

/// An entry of a list of objects, with what makes two entries "the same" for
/// duplicate detection.
protocol ScopeListEntry: ScopeObject {
    associatedtype Identity: Hashable
    var identity: Identity { get }
    /// What one entry is called in messages ("table grant").
    static var entryNoun: String { get }
}

extension ScopeObject {
    /// Reads the object at `path`; returns nil (after reporting) if it is not an object.
    /// `fields` defaults to `Self.fields`; a type used in two places with
    /// different string rules (path entries) passes its own.
    static func decode(
        _ json: JSONValue, at path: ScopePath, _ decoder: inout ScopeDecoder, fields: [ScopeField<Self>] = Self.fields
    ) -> Self? {
        guard case .object(let object) = json else {
            decoder.wrongType(at: path, expected: "an object", found: json)
            return nil
        }
        let chosen = chosenSpellings(in: object, fields: fields)
        var result = Self()
        var unknown = UnknownMembers()
        var anchor: String?
        for (key, value) in object {
            if let index = chosen.firstIndex(of: key) {
                guard value != .null else { continue }
                fields[index].decode(&result, value, path.appending(key), &decoder)
                anchor = fields[index].key
                continue
            }
            if let field = fields.first(where: { $0.aliases.contains(key) }) {
                let winner = chosen[fields.firstIndex { $0.key == field.key } ?? 0] ?? field.key
                decoder.report(
                    .conflictingSpellings, at: path.appending(key),
                    "the \(field.key) section is given twice (as \(winner) and \(key)); remove one (\(winner) is the one used)")
            } else {
                decoder.report(.unknownField, at: path.appending(key), Self.unknownMessage(for: key, at: path, fields: fields))
            }
            unknown.append(anchor: anchor, key: key, value: value)
        }
        for (index, field) in fields.enumerated() where field.isRequired {
            if let key = chosen[index], object[key] != .null { continue }
            decoder.report(.missingField, at: path.appending(field.key), "required field is missing")
        }
        // Members are kept in output order (grouped by anchor, in spec order),
        // so that reading what was written gives an equal value.
        if unknown.members.count > 1 {
            let rank = Dictionary(fields.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
            unknown.members = unknown.members.enumerated()
                .sorted { ($0.element.anchor.map { rank[$0] ?? -1 } ?? -1, $0.offset) < ($1.element.anchor.map { rank[$0] ?? -1 } ?? -1, $1.offset) }
                .map(\.element)
        }
        result.unknown = unknown
        return result
    }

    /// For each field, the spelling of it that `object` uses (nil: absent).
    /// The first spelling present wins, whether or not its value is null (as pydantic's AliasChoices).
    static func chosenSpellings(in object: JSONObject, fields: [ScopeField<Self>]) -> [String?] {
        fields.map { field in
            if object.contains(field.key) { return field.key }
            return field.aliases.first { object.contains($0) }
        }
    }

    private static func unknownMessage(for key: String, at path: ScopePath, fields: [ScopeField<Self>]) -> String {
        let noun = path.components.isEmpty ? "section" : "field"
        let candidates = fields.flatMap { [$0.key] + $0.aliases }
        guard let suggestion = NameSuggestion.nearest(to: key, among: candidates) else {
            return "unknown \(noun)"
        }
        return "unknown \(noun); did you mean \(path.appending(suggestion))?"
    }

    /// Every known key path inside this type, list indices left out.
    static var knownKeyPaths: [[String]] {
        fields.flatMap { field in [[field.key]] + field.knownKeyPaths().map { [field.key] + $0 } }
    }

    /// The object's JSON: known fields in spec order, unknown members after
    /// the known key they followed in the input.
    var jsonObject: JSONObject {
        var output = JSONObject()
        func emitUnknown(anchoredAt anchor: String?) {
            for member in unknown.members where member.anchor == anchor && !output.contains(member.key) {
                output.appendUnchecked(key: member.key, value: member.value)
            }
        }
        emitUnknown(anchoredAt: nil)
        let fields = Self.fields
        for field in fields {
            if let value = field.encode(self), !output.contains(field.key) {
                output.appendUnchecked(key: field.key, value: value)
            }
            emitUnknown(anchoredAt: field.key)
        }
        let known = Set(fields.map(\.key))
        for member in unknown.members where member.anchor.map({ !known.contains($0) }) ?? false
            && !output.contains(member.key)
        {
            output.appendUnchecked(key: member.key, value: member.value)
        }
        return output
    }
}
