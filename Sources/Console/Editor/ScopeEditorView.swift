import GrantModel
import HTTPApp

/// What the scope form template shows: every section with its fields, drawn
/// from the posted (or written) form values, so a page shown again after an
/// error holds exactly what the user typed, with each error beside its field.
struct ScopeEditorView: Sendable {
    struct Section: Sendable {
        var key: String
        var title: String
        var summary: String
        var anchor: String
        var toggleName: String
        var enabled: Bool
        var originalName: String
        var originalValue: String?
        var fields: [Field]
        /// Keys of this section the editor does not know, shown read-only.
        var unknown: [UnknownKey]
        var hasUnknown: Bool
        var errors: [String]
        var hasErrors: Bool
    }

    struct Field: Sendable {
        var id: String
        var label: String
        var path: String
        var flag: Flag?
        var list: List?
        var rows: Rows?
        var registry: Registry?
        var errors: [String]
        var hasErrors: Bool
    }

    struct Flag: Sendable {
        var name: String
        var markerName: String
        var checked: Bool
        var defaultText: String
    }

    struct List: Sendable {
        var id: String
        var label: String
        var modeName: String
        var textName: String
        var restricted: Bool
        var text: String
        var hint: String
    }

    struct Registry: Sendable {
        var modeName: String
        var restricted: Bool
        var lists: [List]
    }

    struct UnknownKey: Sendable, Hashable {
        var key: String
        var json: String
    }

    var sections: [Section]
    /// Top-level keys the editor does not know: shown read-only, kept as is.
    var unknown: [UnknownKey]
    var hasUnknown: Bool
    var extraName = ScopeFormNames.extra
    var extraValue: String

    init(form: URLEncodedForm, errors: [ScopeFieldError]) {
        sections = ScopeSchema.sections.map { Self.section($0, form: form, errors: errors) }
        extraValue = form[ScopeFormNames.extra] ?? "{}"
        unknown = Self.unknownKeys(in: extraValue, known: { ScopeSchema.isKnownSection($0) })
        hasUnknown = !unknown.isEmpty
    }

    static func unknownKeys(in json: String?, known: (String) -> Bool) -> [UnknownKey] {
        guard let json, let object = (try? JSONValue(parsing: json))?.objectValue else { return [] }
        return object.filter { !known($0.key) }.map { UnknownKey(key: $0.key, json: $0.value.serialized(pretty: true)) }
    }

    /// Errors at `path` or below it.
    static func errors(_ errors: [ScopeFieldError], under path: String) -> [String] {
        errors.filter { $0.path == path || $0.path.hasPrefix(path + ".") || $0.path.hasPrefix(path + "[") }.map(\.text)
    }

    static func anchor(_ path: String) -> String {
        "field-" + String(path.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    private static func section(_ spec: ScopeSchema.Section, form: URLEncodedForm, errors: [ScopeFieldError]) -> Section {
        let original = form[ScopeFormNames.original(spec.key)]
        let known = Set(spec.fields.map(\.key))
        let unknown = unknownKeys(in: original, known: { known.contains($0) })
        let sectionErrors = errors.filter { error in
            error.path == spec.key || spec.aliases.contains(error.path)
        }.map(\.text)
        return Section(
            key: spec.key, title: spec.title, summary: spec.summary, anchor: anchor(spec.key),
            toggleName: ScopeFormNames.section(spec.key), enabled: form[ScopeFormNames.section(spec.key)] == "on",
            originalName: ScopeFormNames.original(spec.key), originalValue: original,
            fields: spec.fields.map { field(spec.key, $0, form: form, errors: errors) },
            unknown: unknown, hasUnknown: !unknown.isEmpty, errors: sectionErrors, hasErrors: !sectionErrors.isEmpty
        )
    }

    private static func field(_ section: String, _ spec: ScopeSchema.Field, form: URLEncodedForm, errors: [ScopeFieldError]) -> Field {
        let path = EditorPath.join(section, spec.key)
        let fieldErrors = Self.errors(errors, under: path)
        var field = Field(id: anchor(path), label: spec.label, path: path, errors: fieldErrors, hasErrors: !fieldErrors.isEmpty)
        switch spec.kind {
        case .flag(let defaultValue):
            field.flag = Flag(name: ScopeFormNames.flag(path), markerName: ScopeFormNames.marker(path),
                              checked: form[ScopeFormNames.flag(path)] == "1",
                              defaultText: defaultValue ? "on unless turned off" : "off unless turned on")
        case .list(let flavor):
            field.list = list(path, label: spec.label, flavor: flavor, form: form)
        case .rows(let kind):
            field.rows = rows(path, kind: kind, form: form)
        case .registry:
            field.registry = Registry(
                modeName: ScopeFormNames.mode(path),
                restricted: form[ScopeFormNames.mode(path)] == ScopeFormNames.restricted,
                lists: ScopeSchema.registryLists.map {
                    list(EditorPath.join(path, $0), label: "Repositories it may \($0 == "list" ? "list" : $0)", flavor: .patterns, form: form)
                }
            )
        }
        return field
    }

    private static func list(_ path: String, label: String, flavor: ScopeSchema.ListFlavor, form: URLEncodedForm) -> List {
        let hint = switch flavor {
        case .names: "One name a line."
        case .patterns: "One a line; a trailing * matches any ending."
        case .ports: "One port number a line; an empty list also allows every port."
        }
        return List(id: anchor(path), label: label, modeName: ScopeFormNames.mode(path), textName: ScopeFormNames.text(path),
                    restricted: form[ScopeFormNames.mode(path)] == ScopeFormNames.restricted,
                    text: form[ScopeFormNames.text(path)] ?? "", hint: hint)
    }
}
