import HTTPApp

extension ScopeEditorView {
    struct Rows: Sendable {
        var modeName: String
        var countName: String
        var count: Int
        var restricted: Bool
        var entries: [Row]
        var isTable: Bool
        var isMemory: Bool
        var isPath: Bool
        var isSecret: Bool
    }

    struct Row: Sendable {
        var number: Int
        // Named apart from the section's `originalValue`: mustache would
        // otherwise fall back to the section's value on a new row.
        var rowOriginalName: String
        var rowOriginalValue: String?
        var removeName: String
        var removed: Bool
        var isNew: Bool
        var texts: [RowText]
        var namespace: Namespace?
        var flags: [RowFlag]
    }

    struct RowText: Sendable {
        var id: String
        var name: String
        var label: String
        var value: String
    }

    struct Namespace: Sendable {
        var id: String
        var modeName: String
        var name: String
        var restricted: Bool
        var text: String
    }

    struct RowFlag: Sendable {
        var id: String
        var name: String
        var label: String
        var checked: Bool
    }

    /// Blank rows offered under each list for adding entries without script.
    static let blankRows = 2

    private static func rowFlags(_ kind: ScopeSchema.RowKind) -> [(key: String, label: String, defaultValue: Bool)] {
        switch kind {
        case .table: [("read", "read", true), ("write", "write", false), ("alter", "alter", false)]
        case .memory: ScopeSchema.memoryPermissions.map { ("perm.\($0)", $0, true) }
        case .path: [("read_only", "read only", false)]
        case .secret: []
        }
    }

    private static func rowTextLabels(_ kind: ScopeSchema.RowKind) -> [String] {
        switch kind {
        case .table: ["Table"]
        case .memory: ["Memory"]
        case .path: ["Path"]
        case .secret: ["Endpoint (pattern)", "Client id"]
        }
    }

    /// The rows as posted (blank new rows dropped), renumbered, plus blank ones.
    static func rows(_ path: String, kind: ScopeSchema.RowKind, form: URLEncodedForm) -> Rows {
        let texts = ScopeFormNames.textFields(kind)
        let flags = rowFlags(kind)
        let posted = min(Int(form[ScopeFormNames.rowCount(path)] ?? "") ?? 0, ScopeFormNames.maxRows)
        var kept: [(values: [String], original: String?, removed: Bool, nsRestricted: Bool, ns: String, flags: [Bool])] = []
        for index in 0..<max(posted, 0) {
            let field = { (name: String) in ScopeFormNames.row(path, index, name) }
            guard form.has(field(texts[0])) else { continue }
            let values = texts.map { form[field($0)] ?? "" }
            let original = form[ScopeFormNames.original(ScopeFormNames.rowPath(path, index))]
            if original == nil, values.allSatisfy({ trimmed($0).isEmpty }) { continue }
            kept.append((values, original, form[field("remove")] == "1",
                         form[field("nsmode")] == ScopeFormNames.restricted, form[field("ns")] ?? "",
                         flags.map { form[field($0.key)] == "1" }))
        }
        for _ in 0..<blankRows {
            kept.append((texts.map { _ in "" }, nil, false, false, "", flags.map(\.defaultValue)))
        }
        let labels = rowTextLabels(kind)
        let rows = kept.enumerated().map { index, row -> Row in
            let field = { (name: String) in ScopeFormNames.row(path, index, name) }
            let id = { (name: String) in anchor("\(path).\(index).\(name)") }
            return Row(
                number: index + 1,
                rowOriginalName: ScopeFormNames.original(ScopeFormNames.rowPath(path, index)), rowOriginalValue: row.original,
                removeName: field("remove"), removed: row.removed, isNew: row.original == nil,
                texts: zip(texts, zip(labels, row.values)).map { RowText(id: id($0), name: field($0), label: $1.0, value: $1.1) },
                namespace: kind == .table || kind == .memory
                    ? Namespace(id: id("ns"), modeName: field("nsmode"), name: field("ns"), restricted: row.nsRestricted, text: row.ns)
                    : nil,
                flags: zip(flags, row.flags).map { RowFlag(id: id($0.key), name: field($0.key), label: $0.label, checked: $1) }
            )
        }
        return Rows(modeName: ScopeFormNames.mode(path), countName: ScopeFormNames.rowCount(path), count: rows.count,
                    restricted: form[ScopeFormNames.mode(path)] == ScopeFormNames.restricted, entries: rows,
                    isTable: kind == .table, isMemory: kind == .memory, isPath: kind == .path, isSecret: kind == .secret)
    }
}
