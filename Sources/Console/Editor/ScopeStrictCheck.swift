import GrantModel

/// The model's strict validation, applied to what the user changed.
///
/// Strict rules also flag things MeshAgent accepts (unknown keys, blank or
/// duplicate entries, stray spaces). A grant loaded with such values must
/// stay saveable, so a non-structural problem counts only where the value
/// differs from the loaded one; an unknown key counts only when it is new
/// and looks like a typo of a known one ("did you mean …").
enum ScopeStrictCheck {
    static func errors(_ scope: JSONObject, loaded: JSONObject?) -> [ScopeFieldError] {
        let new = JSONValue.object(scope)
        let old = loaded.map(JSONValue.object)
        return ApiScope.validate(new, mode: .strict).compactMap { error in
            if !error.kind.isStructural {
                if let old, value(at: error.path, in: old) == value(at: error.path, in: new) { return nil }
                if error.kind == .unknownField, !error.message.contains("did you mean") { return nil }
            }
            return ScopeFieldError(error.path.description, error.message)
        }
    }

    static func value(at path: ScopePath, in root: JSONValue) -> JSONValue? {
        var current: JSONValue? = root
        for component in path.components {
            switch component {
            case .key(let key): current = current?[key]
            case .index(let index): current = current?[index]
            }
        }
        return current
    }
}

extension ScopeChangeSummary {
    /// The model's diff in plain words, each change marked where the model
    /// finds that it widens access; nil when either scope does not decode.
    static func model(from old: JSONObject, to new: JSONObject) -> ScopeChangeSummary? {
        guard let before = try? ApiScope(json: .object(old), mode: .lenient),
              let after = try? ApiScope(json: .object(new), mode: .lenient) else { return nil }
        let diff = after.diff(from: before)
        let marker = " — widens access"
        var lines = diff.summaryLines.dropLast().filter { $0 != "No changes." }.map { line in
            line.hasSuffix(marker) ? Line(text: String(line.dropLast(marker.count)), widens: true) : Line(text: line, widens: false)
        }
        if diff.widens, !lines.contains(where: \.widens) {
            lines.append(Line(text: diff.verdict, widens: true))
        }
        return ScopeChangeSummary(lines: lines, verdict: diff.isEmpty ? nil : diff.verdict)
    }
}
