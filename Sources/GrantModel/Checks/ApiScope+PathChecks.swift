/// Sync (patterns) and storage (prefixes): any match allows reading, the
/// first match decides writing.
extension ApiScope {
    func evaluateSync(_ check: ScopeCheck, path: String) -> ScopeDecision {
        guard let paths = sync?.paths else {
            return .allow("allowed: sync.paths is not set, so every path is allowed")
        }
        guard let index = paths.firstIndex(where: { Pattern.matches($0.path, path) }) else {
            return .deny(paths.isEmpty
                ? "denied: sync.paths is an empty list, so no path is allowed"
                : "denied: no entry in sync.paths matches \(Words.quote(path))")
        }
        return Self.pathDecision(check == .syncCanWrite, field: "sync.paths", index: index, entry: paths[index])
    }

    func evaluateStorage(_ check: ScopeCheck, path: String) -> ScopeDecision {
        guard let paths = storage?.paths else {
            return .allow("allowed: storage.paths is not set, so every path is allowed")
        }
        guard let index = paths.firstIndex(where: { Pattern.hasPrefix(path, $0.path) }) else {
            return .deny(paths.isEmpty
                ? "denied: storage.paths is an empty list, so no path is allowed"
                : "denied: no entry in storage.paths is a prefix of \(Words.quote(path))")
        }
        return Self.pathDecision(check == .storageCanWrite, field: "storage.paths", index: index, entry: paths[index])
    }

    private static func pathDecision(_ write: Bool, field: String, index: Int, entry: PathGrant) -> ScopeDecision {
        let name = "\(field)[\(index)] \(Words.quote(entry.path))"
        guard write else { return .allow("allowed by \(name)") }
        if entry.isWritable {
            return .allow("allowed by \(name) (not read-only)")
        }
        return .deny("denied: \(name) matches first and is read-only")
    }
}
