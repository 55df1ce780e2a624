import Foundation
import GrantModel
import HTTPApp
import HTTPServer

extension AccountsRoutes {
    /// Joining a room and the room sessions it leaves behind (accounts-api.md,
    /// "Joining a room"). The caller is the user every bearer token acts as.
    static func registerSessions<Context: RequestContext>(on router: inout Router<Context>, store: AccountsStore) {
        router.post("\(project)/rooms/:room/connect") { request, context in
            // The body is `{}`; anything but a JSON object is a malformed request.
            if !request.body.isEmpty {
                guard case .object? = try? JSONValue(parsing: request.body) else {
                    throw HTTPError(.badRequest, message: "The request body must be a JSON object ({}).")
                }
            }
            let connection = try await store.connect(
                projectID: try context.parameters.require("pid"), room: try context.parameters.require("room"),
                userID: AccountsStore.ownerProfile.id, now: Date().timeIntervalSince1970)
            return JSONResponse.ok(connection.json)
        }
        router.get("\(project)/sessions") { request, context in
            let query = try request.queryParameters()
            let limit = try query.integer("limit", default: 25, in: 1...PageRequest.maxLimit)
            let sessions = try await store.sessions(
                projectID: try context.parameters.require("pid"), room: query["room_id"], limit: limit,
                now: Date().timeIntervalSince1970)
            return JSONResponse.ok(sessions.json)
        }
    }
}
