extension ApiScope {
    /// The scope as a participant token's `api` grant carries it when
    /// MeshAgent mints the token on joining a room (accounts-api.md, "Joining
    /// a room"): its pydantic model dumped with `exclude_none` and
    /// `exclude_defaults`. Absent fields and flags at their default are left
    /// out at every level, a present section whose fields are all defaults
    /// stays as `{}`, required fields (`name`, `path`, ...) always stay,
    /// `dataset` is spelt `dataset`, and members GrantDesk does not know are
    /// dropped (the model ignores them), so a token never carries them.
    public var participantTokenJSON: JSONValue { .object(tokenObject()) }
}

extension ScopeObject {
    /// The object as a participant token carries it (see `ApiScope.participantTokenJSON`).
    func tokenObject(fields: [ScopeField<Self>] = Self.fields) -> JSONObject {
        var output = JSONObject()
        for field in fields {
            if let value = field.encodeForToken(self) { output.appendUnchecked(key: field.key, value: value) }
        }
        return output
    }
}
