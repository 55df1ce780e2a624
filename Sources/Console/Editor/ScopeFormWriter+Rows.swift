import GrantModel

extension ScopeFormWriter {
    /// Writes a structured list (tables, memories, paths, OAuth endpoints).
    mutating func writeRows(_ name: String, _ value: JSONValue?, kind: ScopeSchema.RowKind, errorPath: String) {
        guard let value else {
            setValue(ScopeFormNames.mode(name), ScopeFormNames.unrestricted)
            setValue(ScopeFormNames.rowCount(name), "0")
            return
        }
        setValue(ScopeFormNames.mode(name), ScopeFormNames.restricted)
        guard let elements = value.arrayValue else {
            record(ScopeFieldError(errorPath, "must be a list, not \(value.typeDescription)"))
            setValue(ScopeFormNames.rowCount(name), "0")
            return
        }
        setValue(ScopeFormNames.rowCount(name), String(elements.count))
        for (index, element) in elements.enumerated() {
            let rowPath = EditorPath.index(errorPath, index)
            guard let row = element.objectValue else {
                record(ScopeFieldError(rowPath, "must be an object, not \(element.typeDescription)"))
                continue
            }
            setValue(ScopeFormNames.original(ScopeFormNames.rowPath(name, index)), element.serialized())
            let field = { (field: String) in ScopeFormNames.row(name, index, field) }
            switch kind {
            case .table, .memory:
                writeRowString(field("name"), row["name"], required: true, errorPath: EditorPath.join(rowPath, "name"))
                writeNamespace(field, row["namespace"], errorPath: EditorPath.join(rowPath, "namespace"))
                if kind == .table {
                    writeRowFlag(field("read"), row["read"], defaultValue: true, errorPath: EditorPath.join(rowPath, "read"))
                    writeRowFlag(field("write"), row["write"], defaultValue: false, errorPath: EditorPath.join(rowPath, "write"))
                    writeRowFlag(field("alter"), row["alter"], defaultValue: false, errorPath: EditorPath.join(rowPath, "alter"))
                } else {
                    writePermissions(field, row["permissions"], errorPath: EditorPath.join(rowPath, "permissions"))
                }
            case .path:
                writeRowString(field("path"), row["path"], required: true, errorPath: EditorPath.join(rowPath, "path"))
                writeRowFlag(field("read_only"), row["read_only"], defaultValue: false, errorPath: EditorPath.join(rowPath, "read_only"))
            case .secret:
                writeRowString(field("endpoint"), row["endpoint"], required: true, errorPath: EditorPath.join(rowPath, "endpoint"))
                writeRowString(field("client_id"), row["client_id"], required: true, errorPath: EditorPath.join(rowPath, "client_id"))
            }
        }
    }

    private mutating func writeRowString(_ name: String, _ value: JSONValue?, required: Bool, errorPath: String) {
        switch value {
        case .string(let text)?:
            setValue(name, text)
        case nil, .null?:
            setValue(name, "")
            if required { record(ScopeFieldError(errorPath, "is required")) }
        case let other?:
            setValue(name, "")
            record(ScopeFieldError(errorPath, "must be a string, not \(other.typeDescription)"))
        }
    }

    private mutating func writeRowFlag(_ name: String, _ value: JSONValue?, defaultValue: Bool, errorPath: String) {
        var checked = defaultValue
        switch value {
        case .bool(let flag)?: checked = flag
        case nil, .null?: break
        case let other?: record(ScopeFieldError(errorPath, "must be true or false, not \(other.typeDescription)"))
        }
        setValue(name, checked ? "1" : nil)
    }

    private mutating func writeNamespace(_ field: (String) -> String, _ value: JSONValue?, errorPath: String) {
        guard let value, !value.isNull else {
            setValue(field("nsmode"), ScopeFormNames.unrestricted)
            setValue(field("ns"), "")
            return
        }
        setValue(field("nsmode"), ScopeFormNames.restricted)
        guard let elements = value.arrayValue else {
            record(ScopeFieldError(errorPath, "must be a list of strings, not \(value.typeDescription)"))
            setValue(field("ns"), "")
            return
        }
        var parts: [String] = []
        for (index, element) in elements.enumerated() {
            if let text = element.stringValue { parts.append(text) } else {
                record(ScopeFieldError(EditorPath.index(errorPath, index), "must be a string, not \(element.typeDescription)"))
            }
        }
        setValue(field("ns"), parts.joined(separator: "\n"))
    }

    private mutating func writePermissions(_ field: (String) -> String, _ value: JSONValue?, errorPath: String) {
        var object = JSONObject()
        switch value {
        case .object(let present)?: object = present
        case nil, .null?: break
        case let other?: record(ScopeFieldError(errorPath, "must be an object, not \(other.typeDescription)"))
        }
        for permission in ScopeSchema.memoryPermissions {
            writeRowFlag(field("perm.\(permission)"), object[permission], defaultValue: true, errorPath: EditorPath.join(errorPath, permission))
        }
    }
}
