/// A problem with one field of a scope, named by its JSON path
/// (`queues.send`, `dataset.tables[2].name`) so the page can show it next to
/// the field it concerns and in the list at the top.
struct ScopeFieldError: Sendable, Hashable {
    /// The JSON path of the field; empty for the scope as a whole.
    let path: String
    /// A sentence safe to show the user.
    let message: String

    init(_ path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`, or the message alone for the whole scope.
    var text: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// JSON paths as apiscope.md writes them.
enum EditorPath {
    static func join(_ parent: String, _ key: String) -> String { parent.isEmpty ? key : "\(parent).\(key)" }
    static func index(_ parent: String, _ index: Int) -> String { "\(parent)[\(index)]" }
}
