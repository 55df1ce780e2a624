import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

/// Room management: the list with a create form, rename and edit metadata
/// and annotations, delete (saying how many grants go with the room).
struct RoomsController: ConsoleController {
    static let templates = ["rooms/index", "rooms/edit", "rooms/delete", "rooms/form"]

    let services: ConsoleServices
    let accounts: AccountsClient
    let ledger: SubmissionLedger

    init(services: ConsoleServices, ledger: SubmissionLedger? = nil) {
        self.services = services
        self.accounts = services.accounts
        self.ledger = ledger ?? services.ledger
    }

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.rooms) { _, context in try await list(try await named(context), form: RoomForm(room: nil)) }
        router.post(.rooms) { request, context in try await create(request, try await named(context)) }
        router.get(.roomEdit) { _, context in try await editForm(try await named(context)) }
        router.post(.roomEdit) { request, context in try await save(request, try await named(context)) }
        router.get(.roomDelete) { _, context in try await deleteForm(try await named(context)) }
        router.post(.roomDelete) { _, context in try await delete(try await named(context)) }
    }

    /// The context with the project's name for the breadcrumb, as every
    /// other page shows it. Admins only (every route here is), so a reviewer
    /// costs no upstream call.
    private func named(_ context: ConsoleContext) async throws -> ConsoleContext {
        try context.requireAdmin()
        return try await context.withProjectName(from: accounts)
    }

    // MARK: - List and create

    private func list(_ context: ConsoleContext, form: RoomForm, token: String? = nil, failure: String? = nil,
                      status: HTTPStatus = .ok) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let page: RoomList
        do {
            page = try await accounts.rooms(projectID: pid, limit: 500)
        } catch {
            throw UpstreamProblem(error, .page("the project's rooms"))
        }
        let rows = page.rooms.map { room in
            RoomRow(name: room.name, id: room.id, annotationCount: room.annotations.count,
                    viewURL: SiteURL.room(pid: pid, room: room.name).path,
                    editURL: SiteURL.roomEdit(pid: pid, room: room.name).path,
                    deleteURL: SiteURL.roomDelete(pid: pid, room: room.name).path)
        }
        let model = RoomsPage(rooms: rows, hasRooms: !rows.isEmpty, total: page.total, isTruncated: page.total > rows.count,
                              form: form, action: SiteURL.rooms(pid).path,
                              token: token ?? SubmissionLedger.newToken(), failure: failure)
        return services.renderer.page("rooms/index", model,
                                      chrome: AdminChange.chrome(context, pid: pid, title: "Rooms", trail: []), status: status)
    }

    private func create(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let posted = try URLEncodedForm(body: request)
        let token = posted["token"] ?? ""
        var form = RoomForm(form: posted)
        guard let valid = form.validate() else {
            return try await list(context, form: form, token: token, status: .unprocessableContent)
        }
        let change = AdminChange(services: services, context: context)
        if let earlier = try await change.claim(token, ledger: ledger) { return earlier }
        let body = CreateRoomRequest(name: valid.name, ifNotExists: false, metadata: valid.metadata, annotations: valid.annotations)
        let failure = try await change.run(action: "room.create", target: .room(pid: pid, room: valid.name, roomID: nil),
                                           doing: "creating the room", before: nil, after: body.json.serialized()) { () throws(UpstreamError) in
            _ = try await accounts.createRoom(projectID: pid, body)
        }
        if let failure {
            try await change.release(token, ledger: ledger)
            if failure.kind == .conflict { form.nameError = "A room called “\(valid.name)” already exists." }
            return try await failure.shown { try await list(context, form: form, token: token, failure: failure.message, status: failure.status) }
        }
        let message = "Room “\(valid.name)” created."
        try await change.finish(token, ledger: ledger, location: .room(pid: pid, room: valid.name), message: message)
        return try await change.done(message, to: .room(pid: pid, room: valid.name))
    }

    // MARK: - Edit

    private func loadRoom(_ pid: String, _ name: String) async throws -> Room {
        do {
            return try await accounts.room(projectID: pid, name: name)
        } catch {
            throw UpstreamProblem(error, .page("the room “\(name)”"))
        }
    }

    private func editForm(_ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let room = try await loadRoom(pid, try context.parameters.require("room"))
        return editPage(context, pid: pid, name: room.name, form: RoomForm(room: room),
                        token: SubmissionLedger.newToken(), loaded: room.json.serialized())
    }

    private func editPage(_ context: ConsoleContext, pid: String, name: String, form: RoomForm, token: String,
                          loaded: String, failure: String? = nil, current: Room? = nil,
                          status: HTTPStatus = .ok) -> HTTPResponse {
        let page = RoomEditPage(room: name, form: form, action: SiteURL.roomEdit(pid: pid, room: name).path, token: token,
                                loaded: loaded, viewURL: SiteURL.room(pid: pid, room: name).path,
                                deleteURL: SiteURL.roomDelete(pid: pid, room: name).path, failure: failure,
                                currentJSON: current.map { $0.json.serialized(pretty: true) })
        let trail = [Breadcrumb("Rooms", .rooms(pid)), Breadcrumb(name, .room(pid: pid, room: name))]
        return services.renderer.page("rooms/edit", page,
                                      chrome: AdminChange.chrome(context, pid: pid, title: "Edit room", trail: trail), status: status)
    }

    private func save(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let name = try context.parameters.require("room")
        let posted = try URLEncodedForm(body: request)
        let token = posted["token"] ?? ""
        let loaded = posted["loaded"] ?? ""
        var form = RoomForm(form: posted)
        guard let valid = form.validate() else {
            return editPage(context, pid: pid, name: name, form: form, token: token, loaded: loaded, status: .unprocessableContent)
        }
        let change = AdminChange(services: services, context: context)
        if let earlier = try await change.claim(token, ledger: ledger) { return earlier }
        let current: Room
        do {
            current = try await accounts.room(projectID: pid, name: name)
        } catch {
            try await change.release(token, ledger: ledger)
            let problem = UpstreamProblem(error, .beforeWrite("checking the room before saving"))
            return problem.decorate(editPage(context, pid: pid, name: name, form: form, token: token, loaded: loaded,
                                             failure: problem.message, status: problem.status))
        }
        let loadedValue = try? JSONValue(parsing: loaded)
        guard let loadedValue, EditorCanonical.same(loadedValue, current.json) else {
            try await change.release(token, ledger: ledger)
            try await services.audit.refused(context: context, action: "room.update", target: .room(pid: pid, room: name, roomID: current.id),
                                             reason: "the room changed since the form was loaded")
            return editPage(context, pid: pid, name: name, form: form, token: token, loaded: current.json.serialized(),
                            failure: "Nothing was saved. Someone changed this room after you opened this page; its current state is shown below. Your input is kept: save again to replace their change.",
                            current: current, status: .conflict)
        }
        let body = UpdateRoomRequest(name: valid.name, metadata: valid.metadata, annotations: valid.annotations)
        let failure = try await change.run(action: "room.update", target: .room(pid: pid, room: name, roomID: current.id),
                                           doing: "saving the room", before: current.json.serialized(), after: body.json.serialized()) { () throws(UpstreamError) in
            try await accounts.updateRoom(projectID: pid, roomID: current.id, body)
        }
        if let failure {
            try await change.release(token, ledger: ledger)
            if failure.kind == .conflict { form.nameError = "A room called “\(valid.name)” already exists." }
            return failure.decorate(editPage(context, pid: pid, name: name, form: form, token: token, loaded: loaded,
                                             failure: failure.message, status: failure.status))
        }
        let message = valid.name == name ? "Room “\(name)” saved." : "Room “\(name)” renamed to “\(valid.name)” and saved."
        try await change.finish(token, ledger: ledger, location: .room(pid: pid, room: valid.name), message: message)
        return try await change.done(message, to: .room(pid: pid, room: valid.name))
    }

    // MARK: - Delete

    private func deleteForm(_ context: ConsoleContext, failure: String? = nil, status: HTTPStatus = .ok) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let room = try await loadRoom(pid, try context.parameters.require("room"))
        let count: Int
        do {
            count = try await accounts.grants(projectID: pid, room: room, limit: 1, offset: 0).total
        } catch {
            throw UpstreamProblem(error, .page("the room's grants"))
        }
        let text = switch count {
        case 0: "No grants go with it."
        case 1: "1 grant goes with it: its user loses access to this room."
        default: "\(count) grants go with it: their users lose access to this room."
        }
        let page = RoomDeletePage(room: room.name, grantCountText: text,
                                  action: SiteURL.roomDelete(pid: pid, room: room.name).path,
                                  cancelURL: SiteURL.room(pid: pid, room: room.name).path, failure: failure)
        let trail = [Breadcrumb("Rooms", .rooms(pid)), Breadcrumb(room.name, .room(pid: pid, room: room.name))]
        return services.renderer.page("rooms/delete", page,
                                      chrome: AdminChange.chrome(context, pid: pid, title: "Delete room", trail: trail), status: status)
    }

    private func delete(_ context: ConsoleContext) async throws -> HTTPResponse {
        try context.requireAdmin()
        let pid = try context.parameters.require("pid")
        let name = try context.parameters.require("room")
        let change = AdminChange(services: services, context: context)
        let room: Room
        do {
            room = try await accounts.room(projectID: pid, name: name)
        } catch .notFound {
            if let session = context.session {
                try await services.sessions.setFlash(.info("The room “\(name)” no longer exists; nothing was deleted."), for: session)
            }
            return Redirect.to(.rooms(pid))
        } catch {
            throw UpstreamProblem(error, .beforeWrite("checking the room before deleting it"))
        }
        let failure = try await change.run(action: "room.delete", target: .room(pid: pid, room: name, roomID: room.id),
                                           doing: "deleting the room", before: room.json.serialized(), after: nil) { () throws(UpstreamError) in
            try await accounts.deleteRoom(projectID: pid, roomID: room.id)
        }
        if let failure {
            return try await failure.shown { try await deleteForm(context, failure: failure.message, status: failure.status) }
        }
        return try await change.done("Room “\(name)” deleted, with its grants.", to: .rooms(pid))
    }
}
