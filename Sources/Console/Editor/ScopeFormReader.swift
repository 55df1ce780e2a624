import GrantModel
import HTTPApp

/// Turns the editor's form fields back into a scope (a JSON object).
///
/// Every section and row starts from the JSON it had when loaded (the `o.*`
/// fields), and only what the user changed is written over it. So a boolean
/// left at its effective value keeps its original spelling (absent stays
/// absent), unrecognised keys come back unchanged and in place, and writing a
/// scope to the form and reading it back gives the same scope.
struct ScopeFormReader {
    let form: URLEncodedForm
    private(set) var errors: [ScopeFieldError] = []

    init(form: URLEncodedForm) { self.form = form }

    mutating func record(_ error: ScopeFieldError) { errors.append(error) }

    /// The scope the form describes, or the problems that stop it.
    static func read(_ form: URLEncodedForm) -> (scope: JSONObject, errors: [ScopeFieldError]) {
        var reader = ScopeFormReader(form: form)
        let scope = reader.readScope()
        return (scope, reader.errors)
    }

    private mutating func readScope() -> JSONObject {
        var scope = JSONObject()
        for section in ScopeSchema.sections where form[ScopeFormNames.section(section.key)] == "on" {
            scope[section.key] = .object(readSection(section))
        }
        if let extra = original(ScopeFormNames.extra, path: "") {
            for (key, value) in extra where !ScopeSchema.isKnownSection(key) {
                scope[key] = value
            }
        }
        return scope
    }

    /// The JSON object carried in a hidden field, if any.
    mutating func original(_ name: String, path: String) -> JSONObject? {
        guard let text = form[name], !text.isEmpty else { return nil }
        guard let value = try? JSONValue(parsing: text), let object = value.objectValue else {
            record(ScopeFieldError(path, "the form's copy of the loaded value is damaged; reload the editor"))
            return nil
        }
        return object
    }

    private mutating func readSection(_ section: ScopeSchema.Section) -> JSONObject {
        var object = original(ScopeFormNames.original(section.key), path: section.key) ?? JSONObject()
        for field in section.fields {
            let name = EditorPath.join(section.key, field.key)
            switch field.kind {
            case .flag(let defaultValue):
                guard form.has(ScopeFormNames.marker(name)) else { continue }
                Self.setFlag(&object, field.key, checked: form[ScopeFormNames.flag(name)] == "1", defaultValue: defaultValue)
            case .list(let flavor):
                readList(&object, key: field.key, name: name, flavor: flavor)
            case .rows(let kind):
                readRows(&object, key: field.key, name: name, kind: kind)
            case .registry:
                readRegistry(&object, key: field.key, name: name)
            }
        }
        return object
    }

    /// Sets a boolean member only when the effective value changed, so an
    /// untouched absent flag stays absent; an explicit `null` counts as absent.
    static func setFlag(_ object: inout JSONObject, _ key: String, checked: Bool, defaultValue: Bool) {
        let effective = object[key]?.boolValue ?? defaultValue
        if checked == effective {
            if object[key]?.isNull == true { object[key] = nil }
        } else {
            object[key] = .bool(checked)
        }
    }

    /// The non-blank lines of a text area, trimmed.
    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline)
            .map { trimmed(String($0)) }
            .filter { !$0.isEmpty }
    }

    private mutating func readList(_ object: inout JSONObject, key: String, name: String, flavor: ScopeSchema.ListFlavor) {
        switch form[ScopeFormNames.mode(name)] {
        case ScopeFormNames.unrestricted?:
            object[key] = nil
        case ScopeFormNames.restricted?:
            let entries = Self.lines(form[ScopeFormNames.text(name)] ?? "")
            if flavor == .ports {
                for (index, entry) in entries.enumerated() where !Self.isPort(entry) {
                    record(ScopeFieldError(EditorPath.index(name, index), "“\(entry)” is not a port number (1–65535)"))
                }
            }
            object[key] = .array(entries.map { .string($0) })
        default:
            if object[key]?.isNull == true { object[key] = nil }
        }
    }

    static func isPort(_ text: String) -> Bool {
        guard let first = text.first, first != "0", text.allSatisfy(\.isASCIIDigit), text.count <= 5, let value = Int(text) else {
            return false
        }
        return value <= 65_535
    }

    private mutating func readRegistry(_ object: inout JSONObject, key: String, name: String) {
        switch form[ScopeFormNames.mode(name)] {
        case ScopeFormNames.unrestricted?:
            object[key] = nil
        case ScopeFormNames.restricted?:
            var registry = object[key]?.objectValue ?? JSONObject()
            for list in ScopeSchema.registryLists {
                readList(&registry, key: list, name: EditorPath.join(name, list), flavor: .patterns)
            }
            object[key] = .object(registry)
        default:
            break
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// The text without leading and trailing spaces and tabs.
func trimmed(_ text: String) -> String {
    var slice = Substring(text)
    while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
    while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
    return String(slice)
}
