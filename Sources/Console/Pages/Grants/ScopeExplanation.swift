import GrantModel

/// Plain-words lines for one present section, read from its JSON: a flag
/// says yes or no, a list says what it is limited to, and whatever is not
/// set keeps its default.
enum ScopeExplanation {
    static func lines(section: ScopeSection, json: JSONValue) -> [ScopeSectionView.Line] {
        guard case .object(let object) = json, !object.isEmpty else {
            return [ScopeSectionView.Line(text: "Everything in this section, with the defaults.", kind: "allowed")]
        }
        var lines: [ScopeSectionView.Line] = []
        for (key, value) in object {
            lines.append(line(key: key, value: value))
        }
        lines.append(ScopeSectionView.Line(text: "Anything not listed keeps its default.", kind: "allowed"))
        return lines
    }

    static func line(key: String, value: JSONValue) -> ScopeSectionView.Line {
        let name = key.replacingAll("_", with: " ")
        switch value {
        case .bool(true):
            return .init(text: "\(name): yes", kind: "allowed")
        case .bool(false):
            return .init(text: "\(name): no", kind: "denied")
        case .array(let elements) where elements.isEmpty:
            return .init(text: "\(name): none (an empty list allows nothing)", kind: "denied")
        case .array(let elements):
            let strings = elements.compactMap(\.stringValue)
            if strings.count == elements.count {
                return .init(text: "\(name): only \(quoted(strings))", kind: "restricted")
            }
            let parts = elements.prefix(6).map { $0.serialized() }
            let more = elements.count > 6 ? " and \(elements.count - 6) more" : ""
            return .init(text: "\(name): only \(parts.joined(separator: ", "))\(more)", kind: "restricted")
        default:
            return .init(text: "\(name): \(value.serialized())", kind: "restricted")
        }
    }

    static func quoted(_ values: [String]) -> String {
        let shown = values.prefix(8).map { "‘\($0)’" }.joined(separator: ", ")
        return values.count > 8 ? shown + " and \(values.count - 8) more" : shown
    }
}
