import GrantModel
import HTTPApp

/// Turns a scope (a JSON object) into the editor's form fields, checking every
/// known field's type on the way: a scope that writes without errors is one
/// the editor can represent and the strict rules accept.
struct ScopeFormWriter {
    private(set) var values = URLEncodedForm()
    private(set) var errors: [ScopeFieldError] = []

    mutating func setValue(_ name: String, _ value: String?) { values.set(name, value) }
    mutating func record(_ error: ScopeFieldError) { errors.append(error) }

    /// The form fields for `scope`, or the type errors it has (strict rules).
    static func write(_ scope: JSONObject) -> (values: URLEncodedForm, errors: [ScopeFieldError]) {
        var writer = ScopeFormWriter()
        writer.writeScope(scope)
        return (writer.values, writer.errors)
    }

    /// The form fields of a scope with every section off and every field at
    /// its default, the start of a new grant.
    static func blank() -> URLEncodedForm { write(JSONObject()).values }

    private mutating func writeScope(_ scope: JSONObject) {
        var unknown = JSONObject()
        for (key, value) in scope where !ScopeSchema.isKnownSection(key) {
            unknown[key] = value
        }
        values.set(ScopeFormNames.extra, JSONValue.object(unknown).serialized())
        for section in ScopeSchema.sections {
            let spellings = ([section.key] + section.aliases).filter { key in
                guard let value = scope[key] else { return false }
                return !value.isNull
            }
            if spellings.count > 1 {
                errors.append(ScopeFieldError(spellings[1], "the \(section.key) section is given twice (as \(spellings.joined(separator: " and "))); keep one"))
            }
            let value = spellings.first.flatMap { scope[$0] }
            writeSection(section, value, path: spellings.first ?? section.key)
        }
    }

    private mutating func writeSection(_ section: ScopeSchema.Section, _ value: JSONValue?, path: String) {
        var object = JSONObject()
        if let value {
            if let present = value.objectValue {
                object = present
                values.set(ScopeFormNames.section(section.key), "on")
                values.set(ScopeFormNames.original(section.key), value.serialized())
            } else {
                errors.append(ScopeFieldError(path, "must be an object, not \(value.typeDescription)"))
            }
        }
        for field in section.fields {
            let name = EditorPath.join(section.key, field.key)
            let errorPath = EditorPath.join(path, field.key)
            let member = Self.present(object[field.key])
            switch field.kind {
            case .flag(let defaultValue):
                writeFlag(name, member, defaultValue: defaultValue, errorPath: errorPath)
            case .list(let flavor):
                writeList(name, member, flavor: flavor, errorPath: errorPath)
            case .rows(let kind):
                writeRows(name, member, kind: kind, errorPath: errorPath)
            case .registry:
                writeRegistry(name, member, errorPath: errorPath)
            }
        }
    }

    /// The value unless it is missing or `null` (both mean absent).
    static func present(_ value: JSONValue?) -> JSONValue? {
        guard let value, !value.isNull else { return nil }
        return value
    }

    private mutating func writeFlag(_ name: String, _ value: JSONValue?, defaultValue: Bool, errorPath: String) {
        values.set(ScopeFormNames.marker(name), "1")
        var checked = defaultValue
        if let value {
            if let flag = value.boolValue { checked = flag } else {
                errors.append(ScopeFieldError(errorPath, "must be true or false, not \(value.typeDescription)"))
            }
        }
        values.set(ScopeFormNames.flag(name), checked ? "1" : nil)
    }

    private mutating func writeList(_ name: String, _ value: JSONValue?, flavor: ScopeSchema.ListFlavor, errorPath: String) {
        guard let value else {
            values.set(ScopeFormNames.mode(name), ScopeFormNames.unrestricted)
            values.set(ScopeFormNames.text(name), "")
            return
        }
        values.set(ScopeFormNames.mode(name), ScopeFormNames.restricted)
        values.set(ScopeFormNames.text(name), strings(value, errorPath: errorPath).joined(separator: "\n"))
    }

    /// The strings of a list, recording an error for anything else.
    private mutating func strings(_ value: JSONValue, errorPath: String) -> [String] {
        guard let elements = value.arrayValue else {
            errors.append(ScopeFieldError(errorPath, "must be a list of strings, not \(value.typeDescription)"))
            return []
        }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            if let text = element.stringValue { result.append(text) } else {
                errors.append(ScopeFieldError(EditorPath.index(errorPath, index), "must be a string, not \(element.typeDescription)"))
            }
        }
        return result
    }

    private mutating func writeRegistry(_ name: String, _ value: JSONValue?, errorPath: String) {
        guard let value else {
            values.set(ScopeFormNames.mode(name), ScopeFormNames.unrestricted)
            for list in ScopeSchema.registryLists {
                writeList(EditorPath.join(name, list), nil, flavor: .patterns, errorPath: "")
            }
            return
        }
        values.set(ScopeFormNames.mode(name), ScopeFormNames.restricted)
        guard let object = value.objectValue else {
            errors.append(ScopeFieldError(errorPath, "must be an object, not \(value.typeDescription)"))
            return
        }
        for list in ScopeSchema.registryLists {
            let member = Self.present(object[list])
            writeList(EditorPath.join(name, list), member, flavor: .patterns, errorPath: EditorPath.join(errorPath, list))
        }
    }
}
