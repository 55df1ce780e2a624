import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

extension PagesController {
    /// `/projects/{pid}/access`: `ask=can` answers for one user, `ask=who`
    /// scans the project's grants (bounded, resumable with `from=`).
    func access(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let query = try URLEncodedForm(query: request)
        // `pick=1`: the check was just chosen (the select submits itself); show its fields, answer nothing yet.
        let ask = query["pick"] == "1" ? nil : query["ask"]
        let picked = query["pick"] == "1" ? query["ask"] : nil
        var question = AccessQuestion(query: query)
        // The members, once: the user field's suggestions, names in the answers.
        async let peopleTask = PeopleDirectory.load(accounts, projectID: pid)
        let project = try await project(pid)
        let people = await peopleTask
        let actionURL = SiteURL.access(pid).path
        let blank = AccessQuestion(query: URLEncodedForm())

        let canQuestion = ask == "can" || picked == "can" ? question : blank
        var can = AccessPageModel.CanForm(
            actionURL: actionURL, userID: ask == "can" || picked == "can" ? query.text("user") : "",
            room: ask == "can" || picked == "can" ? query.text("room") : "",
            checks: AccessPageModel.checkOptions(selected: canQuestion.check), checkError: canQuestion.checkError,
            args: AccessPageModel.argumentFields(for: canQuestion), hasArgs: !canQuestion.argumentNames.isEmpty,
            needsArgsStep: canQuestion.check == nil
        )
        (can.people, can.peopleNote) = AccessPageModel.personOptions(people)
        let whoQuestion = ask == "who" || picked == "who" ? question : blank
        var who = AccessPageModel.WhoForm(
            actionURL: actionURL, checks: AccessPageModel.checkOptions(selected: whoQuestion.check),
            checkError: whoQuestion.checkError, args: AccessPageModel.argumentFields(for: whoQuestion),
            hasArgs: !whoQuestion.argumentNames.isEmpty
        )

        if ask == "can" {
            if can.userID.isEmpty { can.userError = "Enter a name, email or user id to ask about." }
            if let check = question.check, let arguments = question.arguments(), !can.userID.isEmpty {
                let typed = can.userID
                let exactID = query["by"] == "id"
                let pick = try await accounts.load("the project's members") { client throws(UpstreamError) in
                    try await AccessUserPick.resolve(typed, exactID: exactID, people: people, client: client, projectID: pid)
                }
                let room = can.room
                let again: (String, Bool) -> String = { user, asID in
                    let items: [(name: String, value: String)] = [("ask", "can"), ("user", user)] + (room.isEmpty ? [] : [("room", room)])
                    return SiteURL.access(pid).path(query: items + question.items + (asID ? [("by", "id")] : [])) + "#can"
                }
                switch pick {
                case .noSuchEmail(let email):
                    can.userError = "No member of this project has the email “\(visible(email))”."
                case .several(let found, let total):
                    can.userError = "Several members match “\(visible(typed))”: pick one below, or type more of the name."
                    can.candidates = found.map { AccessPageModel.Candidate(person: PersonDisplay(id: $0.id, person: $0), url: again($0.id, false)) }
                    can.hasCandidates = !found.isEmpty
                    if total > found.count { can.candidatesText = "Showing \(found.count) of \(total) members that match." }
                    (can.asIDURL, can.asIDText) = (again(typed, true), visible(typed))
                case .user(let userID, let person, let matched):
                    can.userID = userID
                    can.person = PersonDisplay(id: userID, person: person)
                    can.checkLabel = check.label
                    can.checkName = check.name
                    if matched { (can.asIDURL, can.asIDText) = (again(typed, true), visible(typed)) }
                    let client = accounts
                    let result = try await accounts.load("the user's grants") { _ throws(UpstreamError) in
                        try await AccessScan.can(
                            client: client, projectID: pid, userID: userID, room: room, check: check, arguments: arguments
                        )
                    }
                    can.answers = result.answers
                    can.hasAnswers = !result.answers.isEmpty
                    if result.answers.isEmpty, person == nil, room.isEmpty {
                        can.message = "No member matches “\(visible(typed))”, and no user with that id holds a grant in this project."
                    } else if result.answers.isEmpty {
                        can.message = room.isEmpty
                            ? "This user has no grant in this project, so every check is denied."
                            : "This user has no grant in that room, so every check is denied."
                    } else if result.more > 0 {
                        can.message = "Showing the first \(result.answers.count) rooms; the user has \(result.more) more grants. Name a room to ask about it."
                    }
                }
            }
            can.args = AccessPageModel.argumentFields(for: question)
        } else if ask == "who", let check = question.check, let arguments = question.arguments() {
            let offset = min(max(0, Int(query["from"] ?? "") ?? 0), 100_000_000)
            let client = accounts
            let result = try await accounts.load("the project's grants") { _ throws(UpstreamError) in
                try await AccessScan.who(
                    client: client, projectID: pid, check: check, arguments: arguments, offset: offset, people: people
                )
            }
            who.asked = true
            who.checkLabel = check.label
            who.checkName = check.name
            who.results = result.rows
            who.hasResults = !result.rows.isEmpty
            who.allowedCount = result.rows.count
            let first = result.scanned == 0 ? offset : offset + 1
            who.scanSummary = "Checked grants \(first)–\(offset + result.scanned) of \(result.total)"
            if let next = result.nextOffset {
                who.truncated = true
                let more = SiteURL.access(pid).path(query: [("ask", "who")] + question.items + [("from", String(next))]) + "#who-results"
                who.truncatedText = "This answer covers \(result.scanned) of the project's \(result.total) grants. Ask again from grant \(next + 1) to continue."
                who.continueURL = more
            }
        } else if ask == "who" {
            who.args = AccessPageModel.argumentFields(for: question)
        }

        let trail = [Breadcrumb(label: "Access questions", url: nil)]
        let page = AccessPageModel(can: can, who: who)
        return render("access/index", page, chrome: chrome(context, title: "Access questions", project: project, trail: trail))
    }
}
