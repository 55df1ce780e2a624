import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

extension PagesController {
    /// `/projects/{pid}/access`: `ask=can` answers for one user, `ask=who`
    /// for every grant of the project (`format=csv|json` downloads the whole
    /// answer; `page=` pages its rows; `scan=` lets the page's script poll progress).
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
            actionURL: actionURL, progressURL: SiteURL.progress(pid).path,
            checks: AccessPageModel.checkOptions(selected: whoQuestion.check),
            checkError: whoQuestion.checkError, args: AccessPageModel.argumentFields(for: whoQuestion),
            hasArgs: !whoQuestion.argumentNames.isEmpty
        )

        // `snapshot=ID`: the answer as of a stored snapshot instead of now.
        var source = GrantSource.live(accounts, projectID: pid)
        var asOf: [(name: String, value: String)] = []
        if ask == "who" || picked == "who", let text = query["snapshot"], !text.isEmpty {
            guard let id = Int64(text), let info = try await services.snapshotStore.info(id), info.project == pid else {
                throw HTTPError(.notFound, message: "This project has no snapshot number \(visible(text)).")
            }
            source = .snapshot(services.snapshotStore, id: id)
            asOf = [("snapshot", String(id))]
            who.snapshotID = String(id)
            who.snapshotText = "As of snapshot #\(id), taken \(PageTime.text(info.takenAt)) (\(counted(info.grantCount, "grant")))."
            who.snapshotURL = SiteURL.snapshot(pid: pid, id: id).path
        }

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
            let format = query["format"]
            if format == "csv" || format == "json" {
                return try await whoDownload(source, pid: pid, check: check, arguments: arguments, format: format ?? "")
            }
            let page = query.page("page")
            let first = (page - 1) * Self.whoPageSize
            let progress = services.scans.begin(token: query["scan"], owner: context.user?.name ?? "")
            let client = accounts
            // Names and emails for the rows, read while the grants are.
            async let everyoneTask = PeopleDirectory.loadGrantHolders(client, projectID: pid, limit: Self.wholeProjectPeople)
            let answer = try await Self.scanning(source) {
                try await WhoCanAnswer.scan(source, check: check, arguments: arguments,
                                            keep: first..<(first + Self.whoPageSize), progress: progress)
            }
            let everyone = await everyoneTask
            who.asked = true
            who.checkLabel = check.label
            who.checkName = check.name
            who.groups = Self.whoGroups(answer, pid: pid, people: everyone)
            who.hasResults = !answer.rows.isEmpty
            who.allowedCount = answer.allowed
            who.scanSummary = "Checked all \(grouped(answer.outcome.checked)) grants of the project: "
                + "\(grouped(answer.allowed)) allowed in \(grouped(answer.rooms.count)) \(answer.rooms.count == 1 ? "room" : "rooms")."
            if answer.outcome.changedWhileReading {
                who.changedNote = "The project's grants changed while they were read; ask again for an exact answer."
            }
            let base: [(name: String, value: String)] = [("ask", "who")] + question.items + asOf
            who.csvURL = SiteURL.access(pid).path(query: base + [("format", "csv")])
            who.jsonURL = SiteURL.access(pid).path(query: base + [("format", "json")])
            let nav = PageNav(label: "Answer pages", page: page, pageSize: Self.whoPageSize, total: answer.allowed,
                              shown: answer.rows.count) { number in
                SiteURL.access(pid).path(query: base + [("page", String(number))]) + "#who-results"
            }
            who.nav = nav.isNeeded ? nav : nil
        } else if ask == "who" {
            who.args = AccessPageModel.argumentFields(for: question)
        }

        let trail = [Breadcrumb(label: "Access questions", url: nil)]
        let page = AccessPageModel(can: can, who: who)
        return render("access/index", page, chrome: chrome(context, title: "Access questions", project: project, trail: trail))
    }
}
