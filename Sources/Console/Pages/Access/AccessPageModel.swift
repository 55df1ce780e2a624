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

    struct CanForm: Sendable {
        var formID = "can"
        var actionURL: String
        var userID: String
        var room: String
        var userError: String?
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
        var userID: String
        var userURL: String
        var room: String
        var roomURL: String
        var grantURL: String
        var reason: String
    }

    struct WhoForm: Sendable {
        var formID = "who"
        var actionURL: String
        var checks: [CheckOption]
        var checkError: String?
        var args: [ArgumentField]
        var hasArgs: Bool
        var asked = false
        var checkLabel = ""
        var results: [WhoRow] = []
        var hasResults = false
        var allowedCount = 0
        var scanSummary = ""
        var truncated = false
        var truncatedText = ""
        var continueURL: String?
        var message: String?
    }

    var can: CanForm
    var who: WhoForm

    static func checkOptions(selected: ScopeCheck?) -> [CheckOption] {
        [CheckOption(value: "", label: "Choose a check…", selected: selected == nil)]
            + ScopeCheck.allCases.map { check in
                let arguments = check.requiredArguments.map(\.rawValue).joined(separator: ", ")
                return CheckOption(
                    value: check.name, label: arguments.isEmpty ? check.name : "\(check.name)(\(arguments))",
                    selected: check == selected
                )
            }
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
