import GrantModel

/// The difference between two scopes in plain words, each line marked when
/// it gives more access than before. Unrecognised keys that change are
/// marked as widening too, because their effect is unknown.
struct ScopeChangeSummary: Sendable {
    struct Line: Sendable, Hashable {
        var text: String
        var widens: Bool
    }

    var lines: [Line]
    /// The model's one-sentence verdict ("Widens access: …"), when it has one.
    var verdict: String?
    var widens: Bool { lines.contains(where: \.widens) }
    var isEmpty: Bool { lines.isEmpty }

    init(lines: [Line], verdict: String?) {
        self.lines = lines
        self.verdict = verdict
    }

    /// The model's diff when both scopes decode, else the editor's own
    /// field-by-field comparison.
    static func between(_ old: JSONObject, _ new: JSONObject) -> ScopeChangeSummary {
        model(from: old, to: new) ?? ScopeChangeSummary(from: old, to: new)
    }

    init(from old: JSONObject, to new: JSONObject) {
        var lines: [Line] = []
        for section in ScopeSchema.sections {
            let before = Self.section(section, in: old)
            let after = Self.section(section, in: new)
            switch (before, after) {
            case (nil, nil): continue
            case (nil, .some):
                lines.append(Line(text: "\(section.title): turned on (was denied).", widens: true))
            case (.some, nil):
                lines.append(Line(text: "\(section.title): turned off (now denied).", widens: false))
            case (let before?, let after?):
                lines += Self.fieldChanges(section, before, after)
            }
        }
        for key in Self.unknownKeys(old, new) where old[key] != new[key] {
            let verb = old[key] == nil ? "added" : new[key] == nil ? "removed" : "changed"
            lines.append(Line(text: "Unrecognised section “\(key)”: \(verb) (its effect is unknown).", widens: true))
        }
        self.lines = lines
        verdict = nil
    }

    private static func unknownKeys(_ old: JSONObject, _ new: JSONObject) -> [String] {
        var keys: [String] = []
        for key in old.keys + new.keys where !ScopeSchema.isKnownSection(key) && !keys.contains(key) { keys.append(key) }
        return keys
    }

    private static func section(_ section: ScopeSchema.Section, in scope: JSONObject) -> JSONObject? {
        for key in [section.key] + section.aliases {
            if let object = scope[key]?.objectValue { return object }
        }
        return nil
    }

    private static func present(_ value: JSONValue?) -> JSONValue? {
        guard let value, !value.isNull else { return nil }
        return value
    }

    private static func fieldChanges(_ section: ScopeSchema.Section, _ old: JSONObject, _ new: JSONObject) -> [Line] {
        var lines: [Line] = []
        for field in section.fields {
            let label = "\(section.title) › \(field.label)"
            let before = present(old[field.key])
            let after = present(new[field.key])
            switch field.kind {
            case .flag(let defaultValue):
                let was = before?.boolValue ?? defaultValue
                let now = after?.boolValue ?? defaultValue
                if was != now { lines.append(Line(text: "\(label): \(now ? "now allowed" : "now denied").", widens: now)) }
            case .list(let flavor):
                lines += listChanges(label, before, after, emptyMeansAll: flavor == .ports)
            case .rows:
                lines += listChanges(label, before, after, emptyMeansAll: false)
            case .registry:
                lines += registryChanges(label, before?.objectValue, after?.objectValue)
            }
        }
        let known = Set(section.fields.map(\.key))
        for key in unknownKeys(in: old, new, known: known) where old[key] != new[key] {
            lines.append(Line(text: "\(section.title) › unrecognised key “\(key)”: changed (its effect is unknown).", widens: true))
        }
        return lines
    }

    private static func unknownKeys(in old: JSONObject, _ new: JSONObject, known: Set<String>) -> [String] {
        var keys: [String] = []
        for key in old.keys + new.keys where !known.contains(key) && !keys.contains(key) { keys.append(key) }
        return keys
    }

    private static func registryChanges(_ label: String, _ old: JSONObject?, _ new: JSONObject?) -> [Line] {
        switch (old, new) {
        case (nil, nil): return []
        case (nil, .some): return [Line(text: "\(label): now restricted to the lists below.", widens: false)]
                + ScopeSchema.registryLists.flatMap { listChanges("\(label) › \($0)", nil, present(new?[$0]), emptyMeansAll: false) }
        case (.some, nil): return [Line(text: "\(label): no longer restricted.", widens: true)]
        case (let old?, let new?):
            return ScopeSchema.registryLists.flatMap {
                listChanges("\(label) › \($0)", present(old[$0]), present(new[$0]), emptyMeansAll: false)
            }
        }
    }

    /// Entries as readable text: strings as they are, objects as compact JSON.
    private static func entries(_ value: JSONValue?) -> [String]? {
        guard let elements = value?.arrayValue else { return nil }
        return elements.map { $0.stringValue ?? $0.serialized() }
    }

    private static func listChanges(_ label: String, _ old: JSONValue?, _ new: JSONValue?, emptyMeansAll: Bool) -> [Line] {
        var before = entries(old)
        var after = entries(new)
        if emptyMeansAll {
            if before?.isEmpty == true { before = nil }
            if after?.isEmpty == true { after = nil }
        }
        switch (before, after) {
        case (nil, nil): return []
        case (nil, let after?):
            let text = after.isEmpty ? "now nothing (was unrestricted)" : "now only \(after.joined(separator: ", ")) (was unrestricted)"
            return [Line(text: "\(label): \(text).", widens: false)]
        case (_?, nil):
            return [Line(text: "\(label): no longer restricted.", widens: true)]
        case (let before?, let after?):
            var lines: [Line] = []
            let added = after.filter { !before.contains($0) }
            let removed = before.filter { !after.contains($0) }
            if !added.isEmpty { lines.append(Line(text: "\(label): added \(added.joined(separator: ", ")).", widens: true)) }
            if !removed.isEmpty { lines.append(Line(text: "\(label): removed \(removed.joined(separator: ", ")).", widens: false)) }
            return lines
        }
    }
}
