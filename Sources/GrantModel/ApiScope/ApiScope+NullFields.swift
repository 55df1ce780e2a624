extension ApiScope {
    /// `json` with every known field that is given as `null` left out, at
    /// every level (sections, their fields, entries of object lists).
    ///
    /// An explicit `null` means "absent" (apiscope.md), but MeshAgent's own
    /// client (pydantic) rejects `null` for a boolean, so what we store and
    /// serve spells absence by leaving the key out, as MeshAgent does.
    /// Everything else stays exactly as given: unknown members (nulls inside
    /// them too), member order, values of the wrong type (the validator's
    /// business, not this function's) and non-object input.
    public static func removingNullFields(_ json: JSONValue) -> JSONValue {
        guard case .object(let object) = json else { return json }
        return .object(removingNullFields(object))
    }
}

extension ScopeObject {
    /// The members of `object` in order, without the nulls of known fields.
    static func removingNullFields(_ object: JSONObject, fields: [ScopeField<Self>] = Self.fields) -> JSONObject {
        let chosen = chosenSpellings(in: object, fields: fields)
        var output = JSONObject()
        for (key, value) in object {
            guard let index = chosen.firstIndex(of: key) else {
                // Unknown, or a spelling that lost to another one: not ours to touch.
                output.appendUnchecked(key: key, value: value)
                continue
            }
            let field = fields[index]
            guard value == .null else {
                output.appendUnchecked(key: key, value: field.removingNulls(value))
                continue
            }
            // `"dataset": null` beside `"database": {...}` must stay: without it
            // the other spelling would win and the section would appear.
            let otherSpellingPresent = ([field.key] + field.aliases).contains { $0 != key && object.contains($0) }
            if otherSpellingPresent { output.appendUnchecked(key: key, value: value) }
        }
        return output
    }
}
