/// A member GrantDesk does not understand, kept verbatim in the scope.
public struct UnrecognisedSetting: Sendable, Hashable, CustomStringConvertible {
    /// Where it is, e.g. `storage.files` or `dataset.tables[0].comment`.
    public let path: ScopePath
    /// Its value, unchanged.
    public let value: JSONValue

    /// `path = value`.
    public var description: String { "\(path) = \(ScopeExplainer.show(value))" }
}

extension ApiScope {
    /// Every unrecognised member at any level, in output order, so the
    /// console can show them as "unrecognised" (they are written back as they were).
    public var unrecognised: [UnrecognisedSetting] {
        var found: [UnrecognisedSetting] = []
        Self.collectUnrecognised(json, at: ScopePath(), into: &found)
        return found
    }

    private static func collectUnrecognised(_ value: JSONValue, at path: ScopePath, into found: inout [UnrecognisedSetting]) {
        switch value {
        case .object(let object):
            for (key, member) in object {
                let child = path.appending(key)
                if ScopeDiffBuilder.isKnown(child) {
                    collectUnrecognised(member, at: child, into: &found)
                } else {
                    found.append(UnrecognisedSetting(path: child, value: member))
                }
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                collectUnrecognised(element, at: path.appending(index: index), into: &found)
            }
        default:
            break
        }
    }
}
