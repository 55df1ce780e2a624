import AccountsAPI
import HTTPServer
import GrantModel

/// The bulk grant form, refilled as posted, with errors by field.
struct BulkGrantPage: Sendable {
    struct Choice: Sendable, Hashable {
        var value: String
        var label: String
        var selected: Bool
    }

    var stylesheet = OperationAssets.stylesheet
    var script = OperationAssets.script
    var action: String
    var submission: String
    var usersText: String
    var people: [Choice]
    var rooms: [Choice]
    var presets: [Choice]
    var sourcePreset: Bool
    var sourceGrant: Bool
    var sourceJSON: Bool
    var fromRoom: String
    var fromUser: String
    var scopeJSON: String
    var existingSkip: Bool
    var expires: String
    var usersError: String?
    var roomError: String?
    var presetError: String?
    var fromGrantError: String?
    var scopeJSONError: String?
    var expiresError: String?
    var hasErrors: Bool
    var cancelURL: String

    init(_ input: BulkGrantInput, pid: String, roomNames: [String], people: PeopleDirectory, errors: [String: String]) {
        action = SiteURL.bulk(pid).path
        submission = input.form[OperationSubmission.field] ?? OperationSubmission.newToken()
        usersText = input.usersText
        self.people = people.people.prefix(500).map { Choice(value: visible($0.id), label: visible($0.pickerLabel), selected: false) }
        let chosen = Set(input.rooms)
        rooms = roomNames.map { Choice(value: $0, label: visible($0), selected: chosen.contains($0)) }
        presets = ScopePreset.allCases.map { Choice(value: $0.rawValue, label: $0.label, selected: input.preset == $0) }
        sourcePreset = input.source == .preset
        sourceGrant = input.source == .grant
        sourceJSON = input.source == .json
        fromRoom = input.fromRoom
        fromUser = input.fromUser
        scopeJSON = input.scopeJSON
        existingSkip = input.existing == .skip
        expires = input.expiresText
        usersError = errors["users"]
        roomError = errors["room"]
        presetError = errors["preset"]
        fromGrantError = errors["from_grant"]
        scopeJSONError = errors["scope_json"]
        expiresError = errors[ExpiryField.name]
        hasErrors = !errors.isEmpty
        cancelURL = SiteURL.project(pid).path
    }
}

extension BulkGrantController {
    func renderForm(_ input: BulkGrantInput, errors: [String: String] = [:], status: HTTPStatus = .ok,
                    context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let rooms = try await services.accounts.load("the project's rooms") { client throws(UpstreamError) in try await client.allRooms(projectID: pid) }
        let people = await PeopleDirectory.load(services.accounts, projectID: pid)
        let page = BulkGrantPage(input, pid: pid, roomNames: rooms.map(\.name), people: people, errors: errors)
        return services.renderer.page("operations/bulk", page,
                                      chrome: OperationsController.chrome(pid: pid, title: "Bulk grant", context: context),
                                      status: status)
    }
}
