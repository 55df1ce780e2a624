import GrantModel
import HTTPApp

/// One submission of the editor form, with the fields the editor itself adds
/// around the scope: which view was shown, the grant as loaded, the one-time
/// token and, when creating, who and where.
struct GrantEditorInput: Sendable {
    enum View: String, Sendable { case form, json }

    static let loadedName = "loaded"
    static let tokenName = "token"
    /// Fields that are never carried on to the next page.
    static let notCarried: Set<String> = ["csrf", "action", "preset"]

    var form: URLEncodedForm

    init(form: URLEncodedForm) { self.form = form }

    var view: View { View(rawValue: form[ScopeFormNames.view] ?? "") ?? .form }
    var action: String { form["action"] ?? "" }
    var preset: ScopePreset? { form["preset"].flatMap(ScopePreset.init(rawValue:)) }
    var token: String { form[Self.tokenName] ?? "" }

    /// The grant's scope as the editor loaded it; nil when creating.
    var loaded: JSONObject? {
        guard let text = form[Self.loadedName], !text.isEmpty else { return nil }
        return (try? JSONValue(parsing: text))?.objectValue
    }

    // Create-only fields.
    var room: String { trimmed(form["room"] ?? "") }
    var byUser: Bool { form["grantee"] != "email" }
    var userID: String { trimmed(form["user_id"] ?? "") }
    var email: String { trimmed(form["email"] ?? "") }

    /// The scope the submission describes, read from whichever view was
    /// shown, checked strictly; errors carry JSON paths.
    func scope() -> (scope: JSONObject, errors: [ScopeFieldError]) {
        switch view {
        case .form:
            let (scope, errors) = ScopeFormReader.read(form)
            guard errors.isEmpty else { return (scope, errors) }
            return (scope, checked(scope))
        case .json:
            let (scope, errors) = Self.parse(form[ScopeFormNames.json] ?? "")
            guard errors.isEmpty else { return (scope, errors) }
            return (scope, checked(scope))
        }
    }

    /// The editor's type checks, then the model's strict rules on what changed.
    private func checked(_ scope: JSONObject) -> [ScopeFieldError] {
        let errors = ScopeFormWriter.write(scope).errors
        return errors.isEmpty ? ScopeStrictCheck.errors(scope, loaded: loaded) : errors
    }

    /// Parses the JSON tab strictly.
    static func parse(_ text: String) -> (scope: JSONObject, errors: [ScopeFieldError]) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            return (JSONObject(), [ScopeFieldError("", "The JSON is not valid at \(error.description).")])
        }
        guard let object = value.objectValue else {
            return (JSONObject(), [ScopeFieldError("", "The scope must be a JSON object ({…}), not \(value.typeDescription).")])
        }
        return (object, [])
    }

    /// Problems with the create-only fields, by field name.
    func granteeErrors() -> [String: String] {
        var errors: [String: String] = [:]
        if room.isEmpty { errors["room"] = "Choose a room." }
        if byUser {
            if userID.isEmpty { errors["user_id"] = "Enter the user's id." }
        } else if !Self.looksLikeEmail(email) {
            errors["email"] = "Enter an email address such as name@example.com."
        }
        return errors
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(where: \.isWhitespace)
    }

    /// Every posted field except the ones only meaningful for one request.
    var carried: [HiddenField] {
        form.removing(Self.notCarried).fields.map { HiddenField(name: $0.name, value: $0.value) }
    }
}
