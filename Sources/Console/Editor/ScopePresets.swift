import GrantModel

/// The presets of apiscope.md, as the editor's buttons offer them. Each is
/// every named section with its boolean defaults written out and its lists
/// absent (`conformance/presets.json`).
enum ScopePreset: String, Sendable, CaseIterable {
    case agentDefault = "agent_default"
    case agentDefaultTunnels = "agent_default_tunnels"
    case userDefault = "user_default"
    case full

    var label: String {
        switch self {
        case .agentDefault: "Agent default"
        case .agentDefaultTunnels: "Agent default with tunnels"
        case .userDefault: "User default"
        case .full: "Full access"
        }
    }

    private var sectionKeys: Set<String> {
        let all = Set(ScopeSchema.sections.map(\.key))
        switch self {
        case .agentDefault: return all.subtracting(["admin", "tunnels"])
        case .agentDefaultTunnels: return all.subtracting(["admin"])
        case .userDefault: return all.subtracting(["admin", "tunnels", "llm"])
        case .full: return all
        }
    }

    /// The preset's scope.
    var scope: JSONObject {
        var scope = JSONObject()
        for section in ScopeSchema.sections where sectionKeys.contains(section.key) {
            var object = JSONObject()
            for field in section.fields {
                if case .flag(let defaultValue) = field.kind { object[field.key] = .bool(defaultValue) }
            }
            scope[section.key] = .object(object)
        }
        return scope
    }

    /// The preset applied over `current`: the preset decides every known
    /// section, while keys the editor does not recognise (top-level, or inside
    /// a section the preset keeps) are carried over unchanged.
    func applied(to current: JSONObject) -> JSONObject {
        var result = scope
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
