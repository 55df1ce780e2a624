/// Table and memory checks: entries match by name and namespace, then any
/// matching entry with the flag allows.
extension ApiScope {
    /// MeshAgent's namespace rule: an entry without namespace matches any
    /// request; otherwise its namespace must equal the request's, where an
    /// absent request namespace counts as `[]`.
    static func namespaceMatches(entry: [String]?, request: [String]?) -> Bool {
        guard let entry else { return true }
        let requested = request ?? []
        return entry.count == requested.count && zip(entry, requested).allSatisfy { Pattern.equal($0, $1) }
    }

    func evaluateDataset(_ check: ScopeCheck, table: String, namespace: [String]?) -> ScopeDecision {
        if check == .datasetListTables {
            return flagDecision(dataset?.listTables, default: true, "dataset.list_tables")
        }
        guard let tables = dataset?.tables else {
            return .allow("allowed: dataset.tables is not set, so every table is allowed")
        }
        let matches = tables.indices.filter {
            Pattern.equal(tables[$0].name, table) && Self.namespaceMatches(entry: tables[$0].namespace, request: namespace)
        }
        let target = "table \(Words.quote(table)) in \(Words.namespace(namespace ?? []))"
        guard !matches.isEmpty else {
            return .deny("denied: no entry in dataset.tables is for \(target)")
        }
        let wanted: [(String, (TableGrant) -> Bool)]
        switch check {
        case .datasetCanRead: wanted = [("read", { $0.read ?? true })]
        case .datasetCanWrite: wanted = [("write", { $0.write ?? false })]
        case .datasetCanAlter: wanted = [("alter", { $0.alter ?? false })]
        default:
            wanted = [("read", { $0.read ?? true }), ("write", { $0.write ?? false }), ("alter", { $0.alter ?? false })]
        }
        for (flag, test) in wanted {
            if let index = matches.first(where: { test(tables[$0]) }) {
                return .allow("allowed by dataset.tables[\(index)] (table \(Words.quote(tables[index].name)), \(Words.namespace(tables[index].namespace)): \(flag))")
            }
        }
        let flags = wanted.map(\.0).joined(separator: ", ")
        return .deny("denied: \(Self.entryList("dataset.tables", matches)) for \(target) \(matches.count == 1 ? "does" : "do") not allow \(flags)")
    }

    func evaluateMemory(_ check: ScopeCheck, name: String, namespace: [String]?) -> ScopeDecision {
        if check == .memoryList {
            return flagDecision(memory?.list, default: true, "memory.list")
        }
        guard let memories = memory?.memories else {
            return .allow("allowed: memory.memories is not set, so every memory is allowed")
        }
        let matches = memories.indices.filter {
            Pattern.equal(memories[$0].name, name)
                && Self.namespaceMatches(entry: memories[$0].namespace, request: namespace)
        }
        let target = "memory \(Words.quote(name)) in \(Words.namespace(namespace ?? []))"
        guard !matches.isEmpty else {
            return .deny("denied: no entry in memory.memories is for \(target)")
        }
        let wanted: [MemoryPermission] = switch check {
        case .memoryCanCreate: [.create]
        case .memoryCanDrop: [.drop]
        case .memoryCanInspect: [.inspect]
        case .memoryCanQuery: [.query]
        case .memoryCanUpsert: [.upsert]
        case .memoryCanIngest: [.ingest]
        case .memoryCanRecall: [.recall]
        case .memoryCanOptimize: [.optimize]
        default: [.drop, .inspect, .query, .upsert, .ingest, .recall, .optimize]
        }
        for permission in wanted {
            if let index = matches.first(where: { memories[$0].allows(permission) }) {
                return .allow("allowed by memory.memories[\(index)] (memory \(Words.quote(memories[index].name)), \(Words.namespace(memories[index].namespace)): \(permission.rawValue))")
            }
        }
        let flags = wanted.map(\.rawValue).joined(separator: ", ")
        return .deny("denied: \(Self.entryList("memory.memories", matches)) for \(target) \(matches.count == 1 ? "does" : "do") not allow \(flags)")
    }

    /// "dataset.tables[0]" or "dataset.tables[0], [2]".
    static func entryList(_ field: String, _ indices: [Int]) -> String {
        let first = "\(field)[\(indices[0])]"
        if indices.count == 1 { return "the only matching entry \(first)" }
        return "the matching entries \(first)" + indices.dropFirst().map { ", [\($0)]" }.joined()
    }
}
