import GrantModel
import HTTPApp
import HTTPServer

extension AccountsRoutes {
    /// The nine room-grant operations. The `by-user`/`by-room` routes come
    /// first so they win over `{room_id}/{user_id}` for GET.
    static func registerGrants<Context: RequestContext>(on router: inout Router<Context>, store: AccountsStore) {
        let grants = "\(project)/room-grants"
        router.get(grants) { request, context in
            let page = try request.queryParameters().page(defaultLimit: 50)
            let list = GrantSelection.project(try context.parameters.require("pid"))
            return JSONResponse.text(try await store.grantList(list, page: page).jsonText())
        }
        router.get("\(grants)/by-user") { request, context in
            let page = try request.queryParameters().page(defaultLimit: 100)
            return JSONResponse.ok(try await store.usersWithGrantCounts(projectID: try context.parameters.require("pid"), page: page).json)
        }
        router.get("\(grants)/by-room") { request, context in
            let page = try request.queryParameters().page(defaultLimit: 50)
            return JSONResponse.ok(try await store.roomsWithGrantCounts(projectID: try context.parameters.require("pid"), page: page).json)
        }
        router.get("\(grants)/by-user/:user") { request, context in
            let page = try request.queryParameters().page(defaultLimit: 100)
            let list = GrantSelection.user(projectID: try context.parameters.require("pid"), userID: try context.parameters.require("user"))
            return JSONResponse.text(try await store.grantList(list, page: page).jsonText())
        }
        router.get("\(grants)/by-room/:room") { request, context in
            let page = try request.queryParameters().page(defaultLimit: 50)
            let list = GrantSelection.room(projectID: try context.parameters.require("pid"), room: try context.parameters.require("room"))
            return JSONResponse.text(try await store.grantList(list, page: page).jsonText())
        }
        router.get("\(grants)/:room/:user") { _, context in
            let grant = try await store.grant(
                projectID: try context.parameters.require("pid"),
                roomID: try context.parameters.require("room"), userID: try context.parameters.require("user")
            )
            return JSONResponse.ok(grant.json)
        }
        router.post(grants) { request, context in
            let body = try request.decode(CreateGrantRequest.self)
            try requireReadableScope(body.permissions, at: "permissions")
            try await store.createGrant(projectID: try context.parameters.require("pid"), body)
            return JSONResponse.empty
        }
        router.put("\(grants)/:grant") { request, context in
            let body = try request.decode(UpdateGrantRequest.self)
            try requireReadableScope(body.permissions, at: "permissions")
            try await store.updateGrant(projectID: try context.parameters.require("pid"), body)
            return JSONResponse.empty
        }
        router.delete("\(grants)/:room/:user") { _, context in
            try await store.deleteGrant(
                projectID: try context.parameters.require("pid"),
                roomID: try context.parameters.require("room"), userID: try context.parameters.require("user")
            )
            return JSONResponse.empty
        }
    }

    static func registerRooms<Context: RequestContext>(on router: inout Router<Context>, store: AccountsStore) {
        let rooms = "\(project)/rooms"
        router.get(rooms) { request, context in
            let page = try request.queryParameters().page(defaultLimit: 100)
            return JSONResponse.ok(try await store.rooms(projectID: try context.parameters.require("pid"), page: page).json)
        }
        router.get("\(rooms)/:room") { _, context in
            let room = try await store.room(projectID: try context.parameters.require("pid"), name: try context.parameters.require("room"))
            return JSONResponse.ok(room.json)
        }
        router.post(rooms) { request, context in
            let body = try request.decode(CreateRoomRequest.self)
            for grant in body.permissions { try requireReadableScope(grant.scope, at: "permissions.\(grant.userID)") }
            let room = try await store.createRoom(projectID: try context.parameters.require("pid"), body)
            return JSONResponse.ok(room.json)
        }
        router.put("\(rooms)/:room") { request, context in
            try await store.updateRoom(
                projectID: try context.parameters.require("pid"), roomID: try context.parameters.require("room"),
                request.decode(UpdateRoomRequest.self)
            )
            return JSONResponse.empty
        }
        router.delete("\(rooms)/:room") { _, context in
            try await store.deleteRoom(projectID: try context.parameters.require("pid"), roomID: try context.parameters.require("room"))
            return JSONResponse.empty
        }
    }
}
