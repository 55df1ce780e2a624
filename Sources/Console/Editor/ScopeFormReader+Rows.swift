import GrantModel

extension ScopeFormReader {
    /// Reads a structured list. Rows whose text fields are all blank and that
    /// were not loaded are the empty rows offered for adding and are skipped;
    /// rows marked "remove" are dropped.
    mutating func readRows(_ object: inout JSONObject, key: String, name: String, kind: ScopeSchema.RowKind) {
        switch form[ScopeFormNames.mode(name)] {
        case ScopeFormNames.unrestricted?:
            object[key] = nil
            return
        case ScopeFormNames.restricted?:
            break
        default:
            return
        }
        let count = min(Int(form[ScopeFormNames.rowCount(name)] ?? "") ?? 0, ScopeFormNames.maxRows)
        var rows: [JSONValue] = []
        let texts = ScopeFormNames.textFields(kind)
        for index in 0..<max(count, 0) {
            let field = { (field: String) in ScopeFormNames.row(name, index, field) }
            guard form.has(field(texts[0])), form[field("remove")] != "1" else { continue }
            let originalName = ScopeFormNames.original(ScopeFormNames.rowPath(name, index))
            let loaded = original(originalName, path: EditorPath.index(name, index))
            let values = texts.map { trimmed(form[field($0)] ?? "") }
            if loaded == nil, values.allSatisfy(\.isEmpty) { continue }
            let rowPath = EditorPath.index(name, rows.count)
            var row = loaded ?? JSONObject()
            for (text, value) in zip(texts, values) {
                if value.isEmpty { record(ScopeFieldError(EditorPath.join(rowPath, text), "is required")) }
                row[text] = .string(value)
            }
            switch kind {
            case .table:
                readNamespace(&row, field: field)
                Self.setFlag(&row, "read", checked: form[field("read")] == "1", defaultValue: true)
                Self.setFlag(&row, "write", checked: form[field("write")] == "1", defaultValue: false)
                Self.setFlag(&row, "alter", checked: form[field("alter")] == "1", defaultValue: false)
            case .memory:
                readNamespace(&row, field: field)
                readPermissions(&row, field: field)
            case .path:
                Self.setFlag(&row, "read_only", checked: form[field("read_only")] == "1", defaultValue: false)
            case .secret:
                break
            }
            rows.append(.object(row))
        }
        object[key] = .array(rows)
    }

    private func readNamespace(_ row: inout JSONObject, field: (String) -> String) {
        if form[field("nsmode")] == ScopeFormNames.restricted {
            row["namespace"] = .array(Self.lines(form[field("ns")] ?? "").map { .string($0) })
        } else {
            row["namespace"] = nil
        }
    }

    private func readPermissions(_ row: inout JSONObject, field: (String) -> String) {
        let loaded = row["permissions"]?.objectValue
        var permissions = loaded ?? JSONObject()
        for permission in ScopeSchema.memoryPermissions {
            Self.setFlag(&permissions, permission, checked: form[field("perm.\(permission)")] == "1", defaultValue: true)
        }
        row["permissions"] = loaded == nil && permissions.isEmpty ? nil : .object(permissions)
    }
}
