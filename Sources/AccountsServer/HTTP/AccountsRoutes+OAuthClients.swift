import GrantModel
import HTTPApp
import HTTPServer

extension AccountsRoutes {
    /// `…/oauth/clients`: list, create (the secret in the answer, once), get,
    /// update (`{ok: true}`) and delete (204), as MeshAgent's client calls them.
    static func registerOAuthClients<Context: RequestContext>(on router: inout Router<Context>, store: AccountsStore) {
        let clients = "\(project)/oauth/clients"
        router.get(clients) { request, context in
            let page = try request.queryParameters().page(limitName: "count", defaultLimit: 100)
            return JSONResponse.ok(try await store.oauthClients(projectID: try context.parameters.require("pid"), page: page).json)
        }
        router.post(clients) { request, context in
            let body = try request.decode(CreateOAuthClientRequest.self)
            return JSONResponse.ok(try await store.createOAuthClient(projectID: try context.parameters.require("pid"), body).json)
        }
        router.get("\(clients)/:client") { _, context in
            let client = try await store.oauthClient(projectID: try context.parameters.require("pid"),
                                                     clientID: try context.parameters.require("client"))
            return JSONResponse.ok(client.json)
        }
        router.put("\(clients)/:client") { request, context in
            let body = try request.decode(UpdateOAuthClientRequest.self)
            try await store.updateOAuthClient(projectID: try context.parameters.require("pid"),
                                              clientID: try context.parameters.require("client"), body)
            return JSONResponse.okTrue
        }
        router.delete("\(clients)/:client") { _, context in
            try await store.deleteOAuthClient(projectID: try context.parameters.require("pid"),
                                              clientID: try context.parameters.require("client"))
            return HTTPResponse(status: .noContent)
        }
    }
}
