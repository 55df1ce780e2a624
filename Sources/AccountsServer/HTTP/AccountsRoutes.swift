import GrantModel
public import HTTPApp
import HTTPServer
public import Logging

/// Every route of accounts-api.md under `/accounts`, answered from an `AccountsStore`.
public enum AccountsRoutes {
    /// The prefix of project-scoped routes (`…` in the spec).
    static let project = "/accounts/projects/:pid"

    /// Registers all routes on `router`.
    public static func register<Context: RequestContext>(on router: inout Router<Context>, store: AccountsStore,
                                                         storage: ProjectStorage) {
        router.get("/healthz") { _, _ in HTTPResponse(status: .ok, contentType: "text/plain; charset=utf-8", text: "ok\n") }
        registerProjects(on: &router, store: store)
        registerGrants(on: &router, store: store)
        registerRooms(on: &router, store: store)
        registerMembers(on: &router, store: store)
        registerSessions(on: &router, store: store)
        registerOAuthClients(on: &router, store: store)
        registerStorage(on: &router, store: store, storage: storage)
    }

    /// The whole embedded API as the server's responder: JSON errors, bearer
    /// tokens, then the routes.
    /// `storage` defaults to the `storage` folder beside the store's database, with the default upload limit.
    public static func application(store: AccountsStore, storage: ProjectStorage? = nil, tokens: [String],
                                   logger: Logger) -> Application<BasicRequestContext> {
        var router = Router<BasicRequestContext>()
        register(on: &router, store: store, storage: storage ?? ProjectStorage(root: store.storageDirectory))
        return Application(
            router: router,
            middleware: [JSONErrorMiddleware(), BearerTokenMiddleware(tokens: tokens)],
            logger: logger
        )
    }

    private static func registerProjects<Context: RequestContext>(on router: inout Router<Context>, store: AccountsStore) {
        router.get("/accounts/projects") { _, _ in
            JSONResponse.ok(ProjectList(projects: try await store.projects()).json)
        }
        router.get(project) { _, context in
            JSONResponse.ok(try await store.project(try context.parameters.require("pid")).json)
        }
        router.get("\(project)/role") { _, context in
            _ = try await store.project(try context.parameters.require("pid"))
            return JSONResponse.ok(ProjectRole.admin.json)
        }
        router.get("/accounts/profiles/me") { _, _ in
            JSONResponse.ok(AccountsStore.ownerProfile.json)
        }
    }

    private static func registerMembers<Context: RequestContext>(on router: inout Router<Context>, store: AccountsStore) {
        router.get("\(project)/users") { request, context in
            let page = try request.queryParameters().page(limitName: "count", defaultLimit: 100)
            return JSONResponse.ok(try await store.members(projectID: try context.parameters.require("pid"), page: page).json)
        }
        router.post("\(project)/users") { request, context in
            try await store.addMember(projectID: try context.parameters.require("pid"), request.decode(AddMemberRequest.self))
            return JSONResponse.okTrue
        }
        router.put("\(project)/users/:user") { request, context in
            let body = try request.decode(UpdateMemberRequest.self)
            try await store.updateMember(
                projectID: try context.parameters.require("pid"), userID: try context.parameters.require("user"), flags: body.flags
            )
            return JSONResponse.okTrue
        }
        router.delete("\(project)/users/:user") { _, context in
            try await store.removeMember(projectID: try context.parameters.require("pid"), userID: try context.parameters.require("user"))
            return JSONResponse.okTrue
        }
    }
}
