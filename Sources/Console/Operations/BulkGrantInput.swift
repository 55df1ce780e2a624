import AccountsAPI
import Foundation
import GrantModel
import HTTPApp

/// The bulk grant form as posted: who, where, which scope, what to do with
/// existing grants, and an optional expiry. Every problem names its field.
struct BulkGrantInput: Sendable {
    enum Source: String, Sendable, CaseIterable { case preset, grant, json }

    var form: URLEncodedForm

    var usersText: String { form["users"] ?? "" }
    var userLines: [String] {
        usersText.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "," })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    var rooms: [String] {
        var seen: [String] = []
        for room in form.values("room") where !room.isEmpty && !seen.contains(room) { seen.append(room) }
        return seen
    }
    var source: Source { form["source"].flatMap(Source.init(rawValue:)) ?? .preset }
    var preset: ScopePreset? { form["preset"].flatMap(ScopePreset.init(rawValue:)) }
    var fromRoom: String { (form["from_room"] ?? "").trimmingCharacters(in: .whitespaces) }
    var fromUser: String { (form["from_user"] ?? "").trimmingCharacters(in: .whitespaces) }
    var scopeJSON: String { form["scope_json"] ?? "" }
    var existing: ExistingGrantPolicy { form["existing"].flatMap(ExistingGrantPolicy.init(rawValue:)) ?? .skip }
    var expiresText: String { form[ExpiryField.name] ?? "" }

    /// Most users and rooms one bulk grant takes (users × rooms items).
    static let maximumItems = 2_000

    /// The scope the form names, or errors by field.
    func scope(accounts: AccountsClient, pid: String) async throws(UpstreamProblem) -> (JSONObject?, [String: String]) {
        switch source {
        case .preset:
            guard let preset else { return (nil, ["preset": "Choose a preset."]) }
            return (preset.jsonScope, [:])
        case .grant:
            guard !fromRoom.isEmpty, !fromUser.isEmpty else {
                return (nil, ["from_grant": "Enter the room and the user id of the grant to copy."])
            }
            do {
                let grant = try await accounts.grant(projectID: pid, roomName: fromRoom, userID: fromUser)
                return (grant.permissions.objectValue ?? JSONObject(), [:])
            } catch .notFound {
                return (nil, ["from_grant": "There is no grant for user “\(fromUser)” in room “\(fromRoom)” to copy."])
            } catch {
                throw UpstreamProblem(error, .beforeWrite("reading the grant to copy"))
            }
        case .json:
            let (scope, errors) = GrantEditorInput.parse(scopeJSON)
            if let first = errors.first { return (nil, ["scope_json": first.message]) }
            let checked = ScopeFormWriter.write(scope).errors
            let strict = checked.isEmpty ? ScopeStrictCheck.errors(scope, loaded: nil) : checked
            if let first = strict.first {
                return (nil, ["scope_json": first.path.isEmpty ? first.message : "\(first.path): \(first.message)"])
            }
            return (scope, [:])
        }
    }
}
