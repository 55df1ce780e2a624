import GrantModel

/// Finds every unrecognised member of a decoded scope, at any depth, with a
/// readable JSON path (`sqlite`, `storage.files`, `dataset.tables[0].owner`).
///
/// The scope types keep unknown members in an `unknown` property at every
/// level; walking them by reflection means a section added to the model later
/// is covered without touching this file.
enum UnknownKeys {
    struct Entry: Sendable {
        var path: String
        var json: String
    }

    static func collect(_ scope: ApiScope) -> [Entry] {
        var entries: [Entry] = []
        walk(scope, path: "", into: &entries)
        return entries
    }

    private static func walk(_ value: Any, path: String, into entries: inout [Entry]) {
        if let unknown = value as? UnknownMembers {
            for member in unknown.members {
                entries.append(Entry(path: visible(join(path, member.key)), json: JSONDisplay.text(member.value)))
            }
            return
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let wrapped = mirror.children.first?.value { walk(wrapped, path: path, into: &entries) }
        case .collection:
            for (index, child) in mirror.children.enumerated() {
                walk(child.value, path: path + "[\(index)]", into: &entries)
            }
        case .struct:
            for child in mirror.children {
                guard let label = child.label else { continue }
                walk(child.value, path: label == "unknown" ? path : join(path, jsonKey(label)), into: &entries)
            }
        default:
            return
        }
    }

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    /// The JSON key of a Swift property name (`listTables` → `list_tables`).
    static func jsonKey(_ label: String) -> String {
        if label == "clientID" { return "client_id" }
        var key = ""
        for character in label {
            if character.isUppercase {
                key += "_" + character.lowercased()
            } else {
                key.append(character)
            }
        }
        return key
    }
}
