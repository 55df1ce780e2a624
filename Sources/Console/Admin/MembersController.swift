import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

/// Project members: list, add by user id with the four flags, change the
/// flags, remove with a confirmation.
struct MembersController: ConsoleController {
    static let templates = ["members/index", "members/edit", "members/delete"]

    let services: ConsoleServices
    let accounts: AccountsClient
    let ledger: SubmissionLedger

    init(services: ConsoleServices, ledger: SubmissionLedger? = nil) {
        self.services = services
        self.accounts = services.accounts
        self.ledger = ledger ?? services.ledger
    }

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.members) { _, context in try await list(try await named(context)) }
        router.post(.members) { request, context in try await add(request, try await named(context)) }
        router.get(.member) { _, context in try await editForm(try await named(context)) }
        router.post(.member) { request, context in try await save(request, try await named(context)) }
        router.get(.memberDelete) { _, context in try await deleteForm(try await named(context)) }
        router.post(.memberDelete) { _, context in try await remove(try await named(context)) }
    }

    /// The context with the project's name for the breadcrumb, as every
    /// other page shows it. Admins only (every route here is), so a reviewer
    /// costs no upstream call.
    private func named(_ context: ConsoleContext) async throws -> ConsoleContext {
        try context.requireAdmin()
        return try await context.withProjectName(from: accounts)
    }

    private func chrome(_ context: ConsoleContext, pid: String, title: String, member: String? = nil) -> Chrome {
        var trail = [Breadcrumb("Members", .members(pid))]
        if let member { trail.append(Breadcrumb(member, .member(pid: pid, userID: member))) }
        return AdminChange.chrome(context, pid: pid, title: title, trail: member == nil ? [] : trail)
    }

    // MARK: - List and add

    private func list(_ context: ConsoleContext, userID: String = "", userError: String? = nil,
                      flags: MemberFlags = MemberFlags(), token: String? = nil, failure: String? = nil,
                      status: HTTPStatus = .ok) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let page: MemberList
        do {
            page = try await accounts.members(projectID: pid, count: 500)
        } catch {
            throw UpstreamProblem(error, .page("the project's members"))
        }
        let rows = page.members.map { member in
            MemberRow(id: member.id, email: member.email,
                      name: [member.firstName, member.lastName].compactMap { $0 }.joined(separator: " "),
                      flags: FlagBox.summary(member.flags),
                      editURL: SiteURL.member(pid: pid, userID: member.id).path,
                      deleteURL: SiteURL.memberDelete(pid: pid, userID: member.id).path,
                      userURL: SiteURL.user(pid: pid, userID: member.id).path)
        }
        let model = MembersPage(members: rows, hasMembers: !rows.isEmpty, total: page.total, isTruncated: page.total > rows.count,
                                action: SiteURL.members(pid).path, token: token ?? SubmissionLedger.newToken(),
                                userID: userID, userError: userError, flags: FlagBox.boxes(flags), failure: failure)
        return services.renderer.page("members/index", model, chrome: chrome(context, pid: pid, title: "Members"), status: status)
    }

    private func add(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let form = try URLEncodedForm(body: request)
        let token = form["token"] ?? ""
        let userID = trimmed(form["user_id"] ?? "")
        let flags = FlagBox.flags(form)
        guard !userID.isEmpty else {
            return try await list(context, userID: form["user_id"] ?? "", userError: "Enter the user's id.", flags: flags,
                                  token: token, status: .unprocessableContent)
        }
        let change = AdminChange(services: services, context: context)
        if let earlier = try await change.claim(token, ledger: ledger) { return earlier }
        let failure = try await change.run(action: "member.add", target: .member(pid: pid, userID: userID),
                                           doing: "adding the member", before: nil, after: FlagBox.json(flags)) { () throws(UpstreamError) in
            try await accounts.addMember(projectID: pid, userID: userID, flags: flags)
        }
        if let failure {
            try await change.release(token, ledger: ledger)
            // The two answers that are about the id typed: said beside the field.
            let error: String? = switch failure.kind {
            case .conflict: "\(userID) is already a member."
            case .notFound: "There is no user with the id \(userID)."
            default: nil
            }
            return try await failure.shown {
                try await list(context, userID: userID, userError: error, flags: flags, token: token,
                               failure: failure.message, status: failure.status)
            }
        }
        let message = "\(userID) added to the project."
        try await change.finish(token, ledger: ledger, location: .members(pid), message: message)
        return try await change.done(message, to: .members(pid))
    }

    // MARK: - Change flags

    /// The member with exactly this id (the API only offers a filtered list).
    private func member(_ pid: String, _ userID: String) async throws -> Member? {
        do {
            return try await accounts.members(projectID: pid, count: 500, filter: userID).members.first { $0.id == userID }
        } catch {
            throw UpstreamProblem(error, .page("the member \(userID)"))
        }
    }

    private func requireMember(_ pid: String, _ userID: String) async throws -> Member {
        guard let member = try await member(pid, userID) else {
            throw HTTPError(.notFound, message: "\(userID) is not a member of this project.")
        }
        return member
    }

    private func editForm(_ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let member = try await requireMember(pid, try context.parameters.require("user_id"))
        return editPage(context, pid: pid, member: member, flags: member.flags, token: SubmissionLedger.newToken(),
                        loaded: FlagBox.json(member.flags))
    }

    private func editPage(_ context: ConsoleContext, pid: String, member: Member, flags: MemberFlags, token: String,
                          loaded: String, failure: String? = nil, status: HTTPStatus = .ok) -> HTTPResponse {
        let page = MemberEditPage(userID: member.id, email: member.email, flags: FlagBox.boxes(flags),
                                  action: SiteURL.member(pid: pid, userID: member.id).path, token: token, loaded: loaded,
                                  cancelURL: SiteURL.members(pid).path,
                                  deleteURL: SiteURL.memberDelete(pid: pid, userID: member.id).path, failure: failure)
        return services.renderer.page("members/edit", page, chrome: chrome(context, pid: pid, title: "Member \(member.id)", member: nil),
                                      status: status)
    }

    private func save(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let userID = try context.parameters.require("user_id")
        let form = try URLEncodedForm(body: request)
        let token = form["token"] ?? ""
        let flags = FlagBox.flags(form)
        let change = AdminChange(services: services, context: context)
        if let earlier = try await change.claim(token, ledger: ledger) { return earlier }
        let current: Member
        do {
            current = try await requireMember(pid, userID)
        } catch {
            try await change.release(token, ledger: ledger)
            throw error
        }
        guard FlagBox.json(current.flags) == form["loaded"] else {
            try await change.release(token, ledger: ledger)
            try await services.audit.refused(context: context, action: "member.update", target: .member(pid: pid, userID: userID),
                                             reason: "the member's flags changed since the form was loaded")
            return editPage(context, pid: pid, member: current, flags: flags, token: token, loaded: FlagBox.json(current.flags),
                            failure: "Nothing was saved. Someone changed this member's flags after you opened this page (now: \(FlagBox.summary(current.flags))). Your choices are kept below: save again to replace theirs.",
                            status: .conflict)
        }
        let failure = try await change.run(action: "member.update", target: .member(pid: pid, userID: userID),
                                           doing: "saving the member's flags", before: FlagBox.json(current.flags), after: FlagBox.json(flags)) { () throws(UpstreamError) in
            try await accounts.updateMember(projectID: pid, userID: userID, flags: flags)
        }
        if let failure {
            try await change.release(token, ledger: ledger)
            return failure.decorate(editPage(context, pid: pid, member: current, flags: flags, token: token,
                                             loaded: form["loaded"] ?? "", failure: failure.message, status: failure.status))
        }
        let message = "Flags of \(userID) saved."
        try await change.finish(token, ledger: ledger, location: .members(pid), message: message)
        return try await change.done(message, to: .members(pid))
    }

    // MARK: - Remove

    private func deleteForm(_ context: ConsoleContext, failure: String? = nil, status: HTTPStatus = .ok) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let member = try await requireMember(pid, try context.parameters.require("user_id"))
        let page = MemberDeletePage(userID: member.id, email: member.email,
                                    action: SiteURL.memberDelete(pid: pid, userID: member.id).path,
                                    cancelURL: SiteURL.members(pid).path, failure: failure)
        return services.renderer.page("members/delete", page, chrome: chrome(context, pid: pid, title: "Remove member"), status: status)
    }

    private func remove(_ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let userID = try context.parameters.require("user_id")
        let change = AdminChange(services: services, context: context)
        guard let current = try await member(pid, userID) else {
            if let session = context.session {
                try await services.sessions.setFlash(.info("\(userID) is no longer a member; nothing was removed."), for: session)
            }
            return Redirect.to(.members(pid))
        }
        let failure = try await change.run(action: "member.remove", target: .member(pid: pid, userID: userID),
                                           doing: "removing the member", before: FlagBox.json(current.flags), after: nil) { () throws(UpstreamError) in
            try await accounts.removeMember(projectID: pid, userID: userID)
        }
        if let failure { return try await failure.shown { try await deleteForm(context, failure: failure.message, status: failure.status) } }
        return try await change.done("\(userID) removed from the project.", to: .members(pid))
    }
}
