import GrantModel

/// The model's presets as the editor's buttons offer them.
extension ScopePreset {
    /// The button label ("Agent default with tunnels").
    var label: String { title.prefix(1).uppercased() + title.dropFirst() }

    /// The preset's scope as JSON.
    var jsonScope: JSONObject { scope.json.objectValue ?? JSONObject() }

    /// The preset applied over `current`: the preset decides every known
    /// section, while keys the editor does not recognise (top-level, or inside
    /// a section the preset keeps) are carried over unchanged.
    func applied(to current: JSONObject) -> JSONObject {
        var result = jsonScope
        for (key, value) in current {
            guard let section = ScopeSchema.section(forKey: key) else {
                result[key] = value
                continue
            }
            guard var target = result[section.key]?.objectValue, let object = value.objectValue else { continue }
            let known = Set(section.fields.map(\.key))
            for (member, memberValue) in object where !known.contains(member) {
                target[member] = memberValue
            }
            result[section.key] = .object(target)
        }
        return result
    }
}
