/// The names of the editor's form fields. Every field of the scope form is
/// named here, so the writer, the reader and the templates agree.
///
/// - `sec.S` (checkbox `on`): section S is present.
/// - `o.S`, `o.S.K.I`: the section / row as loaded, as JSON, so booleans that
///   were absent stay absent and unrecognised keys come back unchanged.
/// - `f.S.K` (checkbox `1`) with the hidden marker `m.S.K`: a boolean. The
///   marker tells "unchecked" (false) from "not on the form" (absent).
/// - `r.S.K` (`all` or `only`) and `t.S.K` (one entry a line): a list.
/// - `n.S.K` and `w.S.K.I.F`: the rows of a structured list; a row counts as
///   on the form when its first text field is, which is its marker for flags.
/// - `extra`: unrecognised top-level sections, as a JSON object.
enum ScopeFormNames {
    static func section(_ section: String) -> String { "sec.\(section)" }
    static func original(_ path: String) -> String { "o.\(path)" }
    static func flag(_ path: String) -> String { "f.\(path)" }
    static func marker(_ path: String) -> String { "m.\(path)" }
    static func mode(_ path: String) -> String { "r.\(path)" }
    static func text(_ path: String) -> String { "t.\(path)" }
    static func rowCount(_ path: String) -> String { "n.\(path)" }
    static func row(_ path: String, _ index: Int, _ field: String) -> String { "w.\(path).\(index).\(field)" }
    static func rowPath(_ path: String, _ index: Int) -> String { "\(path).\(index)" }
    static let extra = "extra"
    static let view = "view"
    static let json = "json"

    /// `all`: no restriction (the list is absent); `only`: restricted to the entries.
    static let unrestricted = "all"
    static let restricted = "only"

    /// The most rows of one list the reader looks at.
    static let maxRows = 1_000

    /// The text fields of a row kind; the first one is the required one
    /// (secrets require both).
    static func textFields(_ kind: ScopeSchema.RowKind) -> [String] {
        switch kind {
        case .table, .memory: ["name"]
        case .path: ["path"]
        case .secret: ["endpoint", "client_id"]
        }
    }
}
