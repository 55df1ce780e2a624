import GrantModel

/// The models of the editor's pages (templates under `Templates/editor/`).
struct HiddenField: Sendable, Hashable {
    var name: String
    var value: String
}

struct RoomOption: Sendable, Hashable {
    var value: String
    var selected: Bool
}

struct ErrorItem: Sendable, Hashable {
    var text: String
    /// The id of the field the error concerns, for the link in the list.
    var anchor: String?
}

struct PresetButton: Sendable, Hashable {
    var value: String
    var label: String

    static let all = ScopePreset.allCases.map { PresetButton(value: $0.rawValue, label: $0.label) }
}

struct UnknownList: Sendable {
    var unknown: [ScopeEditorView.UnknownKey]
    var hasUnknown: Bool

    init(_ unknown: [ScopeEditorView.UnknownKey]) {
        self.unknown = unknown
        hasUnknown = !unknown.isEmpty
    }
}

/// `editor/grant`: the create and edit form.
struct GrantEditorPage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var script = EditorAssets.script
    var heading: String
    var subheading: String?
    var action: String
    var cancelURL: String
    var hidden: [HiddenField]
    var isCreate: Bool
    var rooms: [RoomOption] = []
    var roomError: String?
    var byUser = true
    var userID = ""
    var email = ""
    var userError: String?
    var emailError: String?
    /// The optional expiry (`datetime-local`, read as UTC).
    var expires = ""
    var expiresError: String?
    var presets = PresetButton.all
    var isFormView: Bool
    var isJSONView: Bool
    var scope: ScopeEditorView?
    var jsonText = ""
    var errors: [ErrorItem] = []
    var hasErrors = false
    var failure: String?
    var notice: String?
    var unknown = UnknownList([])
}

/// `editor/confirm`: the difference in plain words before saving.
struct GrantConfirmPage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var heading: String
    var target: String
    var action: String
    var hidden: [HiddenField]
    var lines: [ScopeChangeSummary.Line]
    var widens: Bool
    var verdict: String?
    var noChanges: Bool
    var beforeJSON: String
    var afterJSON: String
    /// "Expires 2030-01-31 17:00 UTC", when the form sets an expiry.
    var expiry: String?
}

/// `editor/conflict`: the grant changed upstream since the editor loaded it.
struct GrantConflictPage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var target: String
    var explanation: String
    var action: String
    var hidden: [HiddenField]
    var lines: [ScopeChangeSummary.Line]
    var noChanges: Bool
    var theirsJSON: String
    var yoursJSON: String
    var canOverride: Bool
    var reloadURL: String
}

/// `editor/delete`: the confirmation before deleting a grant.
struct GrantDeletePage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var target: String
    var room: String
    var userID: String
    var action: String
    var cancelURL: String
    var scopeJSON: String
    var loaded: String
    var failure: String?
}
