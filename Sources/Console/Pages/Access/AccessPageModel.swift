import GrantModel

/// `/projects/{pid}/access`: "can this user do X?" and "who can do X?".
/// Both are GET forms; nothing here changes state.
struct AccessPageModel: Sendable {
    struct CheckOption: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct ArgumentField: Sendable {
        var name: String
        var label: String
        var value: String
        var hint: String?
        var error: String?
        var optional: Bool
    }

    /// One decision: per room for "can", with its reason.
    struct Answer: Sendable {
        var allowed: Bool
        var headline: String
        var cssClass: String
        var room: String
        var roomURL: String?
        var grantURL: String
        var reason: String
    }

    /// One member in the user field's `<datalist>`: the id is what the field gets.
    struct PersonOption: Sendable {
        var value: String
        var label: String
    }

    /// A member the typed text matched, when several did.
    struct Candidate: Sendable {
        var person: PersonDisplay
        var url: String
    }

    struct CanForm: Sendable {
        var formID = "can"
        var actionURL: String
        /// The field's text: what was typed, or the id it resolved to.
        var userID: String
        var room: String
        var userError: String?
        var people: [PersonOption] = []
        var peopleNote: String?
        /// Who the answers are about, once the field named someone.
        var person: PersonDisplay?
        var checkLabel: String?
        var checkName: String?
        var candidates: [Candidate] = []
        var hasCandidates = false
        var candidatesText: String?
        /// Asks about the typed text as a bare id, when it matched members by name.
        var asIDURL: String?
        var asIDText: String?
        var checks: [CheckOption]
        var checkError: String?
        var args: [ArgumentField]
        var hasArgs: Bool
        var needsArgsStep: Bool
        var answers: [Answer] = []
        var hasAnswers = false
        var message: String?
    }

    struct WhoRow: Sendable {
        var person: PersonDisplay
        var userURL: String
        var grantURL: String
        var reason: String
    }

    /// One room of the answer: its allowed grants on this page, and how many it has in all.
    struct WhoGroup: Sendable {
        var room: String
        var roomURL: String
        var allowedText: String
        var rows: [WhoRow]
    }

    struct WhoForm: Sendable {
        var formID = "who"
        var actionURL: String
        /// What the form's script polls while the answer is computed.
        var progressURL: String
        var checks: [CheckOption]
        var checkError: String?
        var args: [ArgumentField]
        var hasArgs: Bool
        var asked = false
        var checkLabel = ""
        var checkName = ""
        var groups: [WhoGroup] = []
        var hasResults = false
        var allowedCount = 0
        /// "Checked all 100,000 grants of the project: 1,204 allowed in 37 rooms."
        var scanSummary = ""
        /// Set when the grants changed while they were read.
        var changedNote: String?
        var nav: PageNav?
        var csvURL = ""
        var jsonURL = ""
        var message: String?
        /// Set when the question is asked as of a stored snapshot (`snapshot=`).
        var snapshotID: String?
        var snapshotText: String?
        var snapshotURL: String?
    }

    var can: CanForm
    var who: WhoForm

    /// The menu: each check in words, its internal name after it for those who know the spec.
    static func checkOptions(selected: ScopeCheck?) -> [CheckOption] {
        [CheckOption(value: "", label: "Choose a check…", selected: selected == nil)]
            + ScopeCheck.allCases.map { check in
                CheckOption(value: check.name, label: "\(check.label) — \(check.signature)", selected: check == selected)
            }
    }

    /// How many members the user field suggests; past that the typed text is matched upstream.
    static let pickerLimit = 200

    /// The user field's suggestions and, when the project has more members
    /// than are listed, a note saying that typing still finds them.
    static func personOptions(_ people: PeopleDirectory) -> (options: [PersonOption], note: String?) {
        let options = people.people.prefix(pickerLimit).map { PersonOption(value: visible($0.id), label: visible($0.pickerLabel)) }
        let note = people.total > options.count
            ? "The list suggests \(options.count) of \(people.total) members; type any name, email or id to find the others."
            : nil
        return (Array(options), note)
    }

    static func argumentFields(for question: AccessQuestion) -> [ArgumentField] {
        question.argumentNames.map { name in
            ArgumentField(
                name: name.rawValue, label: name.label, value: question.fields[name] ?? "", hint: name.hint,
                error: question.errors[name], optional: name == .namespace
            )
        }
    }
}
