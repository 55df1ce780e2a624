import GrantModel
import HTTPApp

/// A question read from the access page's query: which check, with which
/// arguments. Both forms ("can this user…" and "who can…") share it.
struct AccessQuestion: Sendable {
    /// The chosen check, nil when none (or an unknown name) was given.
    var check: ScopeCheck?
    /// The raw text of every argument field, by name (kept to re-fill the form).
    var fields: [ScopeCheckArguments.Name: String]
    /// Field errors by argument name.
    var errors: [ScopeCheckArguments.Name: String] = [:]
    var checkError: String?

    init(query: URLEncodedForm) {
        let raw = query.text("check", maxLength: 80)
        check = raw.isEmpty ? nil : ScopeCheck(name: raw)
        if !raw.isEmpty && check == nil { checkError = "Choose one of the listed checks." }
        var fields: [ScopeCheckArguments.Name: String] = [:]
        for name in ScopeCheckArguments.Name.allCases {
            if let value = query[name.rawValue] { fields[name] = String(value.prefix(500)) }
        }
        self.fields = fields
    }

    /// The argument names the chosen check shows in the form.
    var argumentNames: [ScopeCheckArguments.Name] {
        guard let check else { return [] }
        return check.requiredArguments + (check.takesNamespace ? [.namespace] : [])
    }

    /// The arguments, or nil after recording an error for each missing one.
    mutating func arguments() -> ScopeCheckArguments? {
        guard let check else { return nil }
        var arguments = ScopeCheckArguments()
        for name in check.requiredArguments {
            guard let value = fields[name], !value.isEmpty else {
                errors[name] = "Needed for “\(check.label)”."
                continue
            }
            arguments[name] = value
        }
        if check == .tunnelsCanForward, let port = fields[.port], !port.isEmpty, Int(port) == nil {
            errors[.port] = "A port is a whole number, e.g. 8080."
        }
        if check.takesNamespace, let namespace = fields[.namespace], !namespace.isEmpty {
            arguments.namespace = namespace.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        }
        return errors.isEmpty ? arguments : nil
    }

    /// Query items that re-ask this question (used by "scan further" links).
    var items: [(name: String, value: String)] {
        var items: [(name: String, value: String)] = []
        if let check { items.append(("check", check.name)) }
        for name in argumentNames { if let value = fields[name], !value.isEmpty { items.append((name.rawValue, value)) } }
        return items
    }
}

extension ScopeCheckArguments.Name {
    /// The label of the argument's form field.
    var label: String {
        switch self {
        case .name: "Name"
        case .queue: "Queue"
        case .table: "Table"
        case .namespace: "Namespace"
        case .path: "Path"
        case .tag: "Image tag"
        case .repository: "Repository"
        case .provider: "Provider"
        case .model: "Model"
        case .endpoint: "OAuth endpoint"
        case .port: "Port"
        case .clientID: "OAuth client id"
        }
    }

    /// A short example under the field.
    var hint: String? {
        switch self {
        case .namespace: "Parts separated by /, e.g. team/alpha. Empty means no namespace."
        case .path: "e.g. /shared/reports/q3.csv"
        case .tag: "e.g. docker.io/library/python:3.12"
        case .provider: "e.g. openai"
        case .model: "e.g. gpt-4o"
        case .port: "e.g. 8080"
        default: nil
        }
    }
}
