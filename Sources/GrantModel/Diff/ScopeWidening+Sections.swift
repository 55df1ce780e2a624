extension ScopeWidening {
    mutating func compareSection(_ section: ScopeSection, at path: ScopePath) {
        switch section {
        case .livekit:
            guard let old = old.livekit, let new = new.livekit else { return }
            compareUnknown(old.unknown, new.unknown, at: path)
            exactList(old.breakoutRooms, new.breakoutRooms, path.appending("breakout_rooms"))
        case .queues:
            guard let old = old.queues, let new = new.queues else { return }
            compareUnknown(old.unknown, new.unknown, at: path)
            exactList(old.send, new.send, path.appending("send"))
            exactList(old.receive, new.receive, path.appending("receive"))
            flag(old.list, new.list, default: true, path.appending("list"))
        case .messaging:
            guard let old = old.messaging, let new = new.messaging else { return }
            compareUnknown(old.unknown, new.unknown, at: path)
            flag(old.broadcast, new.broadcast, default: true, path.appending("broadcast"))
            flag(old.list, new.list, default: true, path.appending("list"))
            flag(old.send, new.send, default: true, path.appending("send"))
        case .dataset:
            guard let old = old.dataset, let new = new.dataset else { return }
            compareUnknown(old.unknown, new.unknown, at: path)
            flag(old.listTables, new.listTables, default: true, path.appending("list_tables"))
            namedGrants(old.tables.map { $0.map(NamedGrant.init) }, new.tables.map { $0.map(NamedGrant.init) },
                        path.appending("tables"), noun: "table")
            entryUnknowns(old.tables?.map(\.unknown), new.tables?.map(\.unknown), path.appending("tables"))
        case .memory:
            guard let old = old.memory, let new = new.memory else { return }
            compareUnknown(old.unknown, new.unknown, at: path)
            flag(old.list, new.list, default: true, path.appending("list"))
            namedGrants(old.memories.map { $0.map(NamedGrant.init) }, new.memories.map { $0.map(NamedGrant.init) },
                        path.appending("memories"), noun: "memory")
            entryUnknowns(old.memories?.map(\.unknown), new.memories?.map(\.unknown), path.appending("memories"))
            entryUnknowns(old.memories?.compactMap(\.permissions?.unknown), new.memories?.compactMap(\.permissions?.unknown),
                          path.appending("memories"))
        case .sync:
            guard let old = old.sync, let new = new.sync else { return }
            compareUnknown(old.unknown, new.unknown, at: path)
            paths(old.paths, new.paths, matcher: { Matcher.pattern($0) }, path.appending("paths"))
        case .storage:
            guard let old = old.storage, let new = new.storage else { return }
            compareUnknown(old.unknown, new.unknown, at: path)
            paths(old.paths, new.paths, matcher: { Matcher.prefix($0) }, path.appending("paths"))
        case .containers: compareContainers(at: path)
        case .developer:
            guard let old = old.developer, let new = new.developer else { return }
            compareUnknown(old.unknown, new.unknown, at: path)
            flag(old.logs, new.logs, default: true, path.appending("logs"))
        case .agents: compareAgents(at: path)
        case .llm: compareLLM(at: path)
        case .admin:
            guard let old = old.admin, let new = new.admin else { return }
            compareUnknown(old.unknown, new.unknown, at: path)
            flag(old.config, new.config, default: true, path.appending("config"))
        case .secrets: compareSecrets(at: path)
        case .tunnels:
            guard let old = old.tunnels, let new = new.tunnels else { return }
            compareUnknown(old.unknown, new.unknown, at: path)
            if new.allowsEveryPort && !old.allowsEveryPort {
                add(path.appending("ports"), "tunnels now allow every port")
            } else if !new.allowsEveryPort, !old.allowsEveryPort {
                exactList(old.ports, new.ports, path.appending("ports"))
            }
        case .services:
            guard let old = old.services, let new = new.services else { return }
            compareUnknown(old.unknown, new.unknown, at: path)
            flag(old.list, new.list, default: true, path.appending("list"))
        }
    }

    /// A table or memory entry reduced to what the checks look at.
    struct NamedGrant {
        let name: String
        let namespace: [String]?
        let allowed: [String]

        init(_ table: TableGrant) {
            name = table.name
            namespace = table.namespace
            allowed = [("read", table.read ?? true), ("write", table.write ?? false), ("alter", table.alter ?? false)]
                .filter(\.1).map(\.0)
        }

        init(_ memory: MemoryEntryGrant) {
            name = memory.name
            namespace = memory.namespace
            allowed = MemoryPermission.allCases.filter(memory.allows).map(\.rawValue)
        }

        /// Whether every request this entry matches is also matched by `other`.
        func isCovered(by other: NamedGrant) -> Bool {
            guard Pattern.equal(other.name, name) else { return false }
            guard let otherNamespace = other.namespace else { return true }
            guard let namespace else { return false }
            return ApiScope.namespaceMatches(entry: otherNamespace, request: namespace)
        }
    }

    mutating func namedGrants(_ old: [NamedGrant]?, _ new: [NamedGrant]?, _ path: ScopePath, noun: String) {
        guard let old else { return }
        guard let new else {
            add(path, "removes the restriction \(path): every \(noun) is allowed")
            return
        }
        for (index, entry) in new.enumerated() {
            for permission in entry.allowed where !old.contains(where: { entry.isCovered(by: $0) && $0.allowed.contains(permission) }) {
                add(path.appending(index: index), "\(path.appending(index: index)) allows \(permission) on \(noun) \(Words.quote(entry.name)) in \(Words.namespace(entry.namespace)), which the old scope did not")
            }
        }
    }

    mutating func entryUnknowns(_ old: [UnknownMembers]?, _ new: [UnknownMembers]?, _ path: ScopePath) {
        let oldSet = Set((old ?? []).filter { !$0.isEmpty })
        let newSet = Set((new ?? []).filter { !$0.isEmpty })
        if oldSet != newSet {
            add(path, "changes unrecognised settings inside \(path); GrantDesk cannot tell whether that widens access")
        }
    }

    /// First-match path lists. Absent means "every path, writable", which is
    /// the same as one writable entry that matches everything.
    mutating func paths(_ old: [PathGrant]?, _ new: [PathGrant]?, matcher: (String) -> Matcher, _ path: ScopePath) {
        entryUnknowns(old?.map(\.unknown), new?.map(\.unknown), path)
        guard let old else { return }
        let oldEntries = old.map { (matcher: matcher($0.path), writable: $0.isWritable) }
        let newEntries = new.map { $0.map { (matcher: matcher($0.path), writable: $0.isWritable, text: $0.path) } }
            ?? [(matcher: Matcher.all, writable: true, text: "(every path)")]
        for (index, entry) in newEntries.enumerated() {
            let location = new == nil ? path : path.appending(index: index)
            let what = new == nil ? "removing \(path) (every path, writable)" : "\(location) \(Words.quote(entry.text))"
            if !entry.matcher.isCovered(by: oldEntries.map(\.matcher)) {
                add(location, "\(what) allows paths the old scope did not")
                continue
            }
            guard entry.writable else { continue }
            // Writes are safe if a writable old entry covers this one and no
            // read-only old entry before it could decide first.
            let safe = oldEntries.indices.contains { candidate in
                oldEntries[candidate].writable && oldEntries[candidate].matcher.covers(entry.matcher)
                    && !oldEntries[..<candidate].contains { !$0.writable && $0.matcher.overlaps(entry.matcher) }
            }
            if !safe {
                add(location, "\(what) allows writing where the old scope was read-only or had no entry")
            }
        }
    }
}
