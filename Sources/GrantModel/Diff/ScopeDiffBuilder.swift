/// Walks two scope JSON trees and lists the changes in words.
enum ScopeDiffBuilder {
    typealias Change = ScopeDiff.Change

    static func changes(old: JSONValue, new: JSONValue) -> [Change] {
        var output: [Change] = []
        walk(old, new, at: ScopePath(), into: &output)
        return output
    }

    private static func walk(_ old: JSONValue, _ new: JSONValue, at path: ScopePath, into output: inout [Change]) {
        guard old != new else { return }
        switch (old, new) {
        case (.object(let oldObject), .object(let newObject)):
            for (key, newValue) in newObject {
                let child = path.appending(key)
                if let oldValue = oldObject[key] {
                    walk(oldValue, newValue, at: child, into: &output)
                } else {
                    output.append(change(.added, child, nil, newValue))
                }
            }
            for (key, oldValue) in oldObject where !newObject.contains(key) {
                output.append(change(.removed, path.appending(key), oldValue, nil))
            }
        case (.array(let oldElements), .array(let newElements)):
            var remaining = oldElements
            var added: [JSONValue] = []
            for element in newElements {
                if let index = remaining.firstIndex(of: element) {
                    remaining.remove(at: index)
                } else {
                    added.append(element)
                }
            }
            for element in remaining { output.append(change(.entryRemoved, path, element, nil)) }
            for element in added { output.append(change(.entryAdded, path, nil, element)) }
            if remaining.isEmpty && added.isEmpty {
                output.append(change(.reordered, path, old, new))
            }
        default:
            output.append(change(.changed, path, old, new))
        }
    }

    private static func change(_ kind: Change.Kind, _ path: ScopePath, _ old: JSONValue?, _ new: JSONValue?) -> Change {
        let unrecognised = !isKnown(path)
        return Change(
            kind: kind, path: path, old: old, new: new, isUnrecognised: unrecognised,
            summary: words(kind, path, old, new, unrecognised: unrecognised))
    }

    private static func words(_ kind: Change.Kind, _ path: ScopePath, _ old: JSONValue?, _ new: JSONValue?, unrecognised: Bool) -> String {
        let isSection = path.components.count == 1 && !unrecognised
        let name = unrecognised ? "the unrecognised setting \(path)" : isSection ? "the \(path) section" : "\(path)"
        switch kind {
        case .added:
            if isSection, let section = ScopeSection(rawValue: path.description), let detail = sectionDetail(section, new) {
                return "Adds \(name) (\(detail))"
            }
            return "Adds \(name)" + (isSection ? "" : " = \(show(new))")
        case .removed:
            return "Removes \(name)" + (isSection ? "" : " (was \(show(old)))")
        case .changed:
            if case .bool(let value)? = new, case .bool? = old {
                return "Turns \(value ? "on" : "off") \(path)"
            }
            return "Changes \(name) from \(show(old)) to \(show(new))"
        case .entryAdded: return "Adds \(show(new)) to \(name)"
        case .entryRemoved: return "Removes \(show(old)) from \(name)"
        case .reordered: return "Reorders \(name) (order decides which entry matches first)"
        }
    }

    private static func sectionDetail(_ section: ScopeSection, _ value: JSONValue?) -> String? {
        guard let value, let parsed = try? ApiScope(json: [section.key: value], mode: .lenient) else { return nil }
        if let tunnels = parsed.tunnels {
            return tunnels.allowsEveryPort ? "all ports" : "ports \(Words.list(tunnels.ports ?? [], limit: 10))"
        }
        return ScopeExplainer.lines(parsed, section).first.map { $0.prefix(1).lowercased() + $0.dropFirst() }
    }

    private static func show(_ value: JSONValue?) -> String {
        guard let value else { return "nothing" }
        if case .string(let text) = value { return Words.quote(text) }
        let text = value.serialized()
        return text.count > 120 ? String(text.prefix(117)) + "..." : text
    }

    /// Whether a path names a field the model knows (sections, their fields, list entries' fields).
    static func isKnown(_ path: ScopePath) -> Bool {
        let keys = path.components.compactMap { component -> String? in
            if case .key(let key) = component { return key }
            return nil
        }
        return knownPaths.contains(keys.joined(separator: "\u{0}"))
    }

    /// Every known key path with list indices left out, keys joined by NUL.
    private static let knownPaths: Set<String> = Set(ApiScope.knownKeyPaths.map { $0.joined(separator: "\u{0}") })
}
