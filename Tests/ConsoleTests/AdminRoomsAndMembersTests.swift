import AccountsAPI
@testable import Console
import GrantModel
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// Rooms and members management against the embedded accounts API.
@Suite(.serialized) struct AdminRoomsAndMembersTests {
    static let pid = ConsoleHarness.pid

    static func console() async throws -> (ConsoleHarness, String) {
        let console = try await ConsoleHarness(.embedded(seedDemo: false, people: ["u1", "u2", "u3"]))
        return (console, try await console.adminSession())
    }

    @Test func createRenameEditAndDeleteARoom() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let roomsURL = SiteURL.rooms(Self.pid).path
        let list = await console.send(.get, roomsURL, session: cookie)
        #expect(list.status == .ok)
        let create = list.formFields(action: roomsURL).setting("name", "team/alpha room")
            .setting("metadata", #"{"topic":"launch"}"#)
            .setting("annotation.0.key", "owner").setting("annotation.0.value", "ops")
        let created = await console.send(.post, roomsURL, session: cookie, form: create)
        #expect(created.status == .seeOther)
        #expect(created.headers["Location"] == SiteURL.room(pid: Self.pid, room: "team/alpha room").path)
        // The same form again creates nothing more.
        let writes = console.tap.writes
        #expect(await console.send(.post, roomsURL, session: cookie, form: create).status == .seeOther)
        #expect(console.tap.writes == writes)
        var room = try await console.accounts.room(projectID: Self.pid, name: "team/alpha room")
        #expect(room.metadata == ["topic": "launch"])
        #expect(room.annotations == [RoomAnnotation(key: "owner", value: "ops")])

        let editURL = SiteURL.roomEdit(pid: Self.pid, room: "team/alpha room").path
        let edit = await console.send(.get, editURL, session: cookie)
        #expect(edit.status == .ok)
        let fields = edit.formFields(action: editURL).setting("name", "beta").setting("metadata", #"{"topic":"done"}"#)
            .setting("annotation.0.key", "").setting("annotation.0.value", "")
            .setting("annotation.1.key", "tier").setting("annotation.1.value", "gold")
        let saved = await console.send(.post, editURL, session: cookie, form: fields)
        #expect(saved.status == .seeOther)
        #expect(saved.headers["Location"] == SiteURL.room(pid: Self.pid, room: "beta").path)
        room = try await console.accounts.room(projectID: Self.pid, name: "beta")
        #expect(room.metadata == ["topic": "done"])
        #expect(room.annotations == [RoomAnnotation(key: "tier", value: "gold")])

        try await console.accounts.createGrant(projectID: Self.pid, roomID: room.id, userID: "u1", permissions: ["admin": [:]])
        try await console.accounts.createGrant(projectID: Self.pid, roomID: room.id, userID: "u2", permissions: [:])
        let deleteURL = SiteURL.roomDelete(pid: Self.pid, room: "beta").path
        let confirm = await console.send(.get, deleteURL, session: cookie)
        #expect(confirm.status == .ok)
        #expect(confirm.text.contains("2 grants go with it"))
        let deleted = await console.send(.post, deleteURL, session: cookie, form: confirm.formFields(action: deleteURL))
        #expect(deleted.status == .seeOther)
        #expect(deleted.headers["Location"] == roomsURL)
        let gone = try await console.accounts.rooms(projectID: Self.pid, limit: 100, offset: 0, orderBy: .roomName, filter: "beta")
        #expect(gone.rooms.isEmpty)

        let actions = try await console.services.audit.entries(project: Self.pid).map(\.action)
        #expect(actions == ["room.delete", "room.update", "room.create"])
    }

    @Test func roomValidationKeepsInputAndNamesTheField() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let roomsURL = SiteURL.rooms(Self.pid).path
        let list = await console.send(.get, roomsURL, session: cookie)
        let writes = console.tap.writes
        let bad = await console.send(.post, roomsURL, session: cookie, form: list.formFields(action: roomsURL)
            .setting("name", "typed name").setting("metadata", #"["not", "an object"]"#)
            .setting("annotation.0.key", "").setting("annotation.0.value", "orphan value"))
        #expect(bad.status == .unprocessableContent)
        #expect(bad.text.contains("Metadata must be a JSON object"))
        #expect(bad.text.contains("has a value but no key"))
        let kept = bad.formFields(action: roomsURL)
        #expect(kept.value("name") == "typed name")
        #expect(kept.value("metadata") == #"["not", "an object"]"#)
        #expect(kept.value("annotation.0.value") == "orphan value")
        #expect(console.tap.writes == writes)

        _ = try await console.makeRoom("taken")
        let duplicate = await console.send(.post, roomsURL, session: cookie,
                                           form: list.formFields(action: roomsURL).setting("name", "taken"))
        #expect(duplicate.status == .conflict)
        #expect(duplicate.text.contains("A room called “taken” already exists."))
    }

    @Test func roomChangedMeanwhileIsNotOverwrittenUnseen() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let room = try await console.makeRoom("lobby")
        let editURL = SiteURL.roomEdit(pid: Self.pid, room: "lobby").path
        let edit = await console.send(.get, editURL, session: cookie)
        try await console.accounts.updateRoom(projectID: Self.pid, roomID: room.id,
                                              UpdateRoomRequest(name: "lobby", metadata: ["by": "them"]))
        let writes = console.tap.writes
        let response = await console.send(.post, editURL, session: cookie,
                                          form: edit.formFields(action: editURL).setting("metadata", #"{"by":"me"}"#))
        #expect(response.status == .conflict)
        #expect(response.text.contains("Someone changed this room"))
        #expect(console.tap.writes == writes)
        #expect(response.formFields(action: editURL).value("metadata") == #"{"by":"me"}"#)
        // Saving again, having seen theirs, replaces it.
        let again = await console.send(.post, editURL, session: cookie, form: response.formFields(action: editURL))
        #expect(again.status == .seeOther)
        #expect(try await console.accounts.room(projectID: Self.pid, name: "lobby").metadata == ["by": "me"])
    }

    @Test func addChangeAndRemoveAMember() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let membersURL = SiteURL.members(Self.pid).path
        let list = await console.send(.get, membersURL, session: cookie)
        #expect(list.status == .ok)
        let added = await console.send(.post, membersURL, session: cookie, form: list.formFields(action: membersURL)
            .setting("user_id", "u2").setting("is_developer", "1").setting("can_create_rooms", "1"))
        #expect(added.status == .seeOther)
        var member = try #require(try await console.accounts.members(projectID: Self.pid, count: 100, offset: 0, filter: "u2")
            .members.first { $0.id == "u2" })
        #expect(member.flags == MemberFlags(isAdmin: false, isDeveloper: true, canCreateRooms: true, canUseLLMProxy: false))

        let unknown = await console.send(.post, membersURL, session: cookie, form: list.formFields(action: membersURL)
            .setting("user_id", "nobody").setting("token", "another"))
        #expect(unknown.status == .notFound)
        #expect(unknown.text.contains("There is no user with the id nobody."))

        let editURL = SiteURL.member(pid: Self.pid, userID: "u2").path
        let edit = await console.send(.get, editURL, session: cookie)
        #expect(edit.status == .ok)
        let saved = await console.send(.post, editURL, session: cookie, form: edit.formFields(action: editURL)
            .setting("is_developer", nil).setting("is_admin", "1"))
        #expect(saved.status == .seeOther)
        member = try #require(try await console.accounts.members(projectID: Self.pid, count: 100, offset: 0, filter: "u2")
            .members.first { $0.id == "u2" })
        #expect(member.flags == MemberFlags(isAdmin: true, isDeveloper: false, canCreateRooms: true, canUseLLMProxy: false))

        let deleteURL = SiteURL.memberDelete(pid: Self.pid, userID: "u2").path
        let confirm = await console.send(.get, deleteURL, session: cookie)
        #expect(confirm.status == .ok)
        let writes = console.tap.writes
        #expect(await console.send(.post, deleteURL, session: cookie, form: confirm.formFields(action: deleteURL)).status == .seeOther)
        #expect(await console.send(.post, deleteURL, session: cookie, form: confirm.formFields(action: deleteURL)).status == .seeOther)
        #expect(console.tap.writes == writes + 1)
        let actions = try await console.services.audit.entries(project: Self.pid).map(\.action)
        #expect(actions == ["member.remove", "member.update", "member.add", "member.add"])
    }

    @Test func upstreamFailureOnAMemberChangeSavesNothing() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let membersURL = SiteURL.members(Self.pid).path
        let list = await console.send(.get, membersURL, session: cookie)
        console.tap.fault = .writeStatus(503)
        let response = await console.send(.post, membersURL, session: cookie,
                                          form: list.formFields(action: membersURL).setting("user_id", "u3"))
        #expect(response.status == .badGateway)
        #expect(response.text.contains("Nothing was saved."))
        #expect(response.formFields(action: membersURL).value("user_id") == "u3")
        let entries = try await console.services.audit.entries(project: Self.pid)
        #expect(entries.first?.outcome.hasPrefix("failed:") == true)
    }

    @Test func reviewerCannotReachRoomOrMemberChanges() async throws {
        let (console, _) = try await Self.console()
        defer { Task { await console.stop() } }
        _ = try await console.makeRoom("lobby")
        let cookie = try await console.session("rita", "rita-password!")
        let requests = console.tap.requests
        let urls = [SiteURL.rooms(Self.pid), .roomEdit(pid: Self.pid, room: "lobby"), .roomDelete(pid: Self.pid, room: "lobby"),
                    .members(Self.pid), .member(pid: Self.pid, userID: "u1"), .memberDelete(pid: Self.pid, userID: "u1")]
        for url in urls {
            for method in [HTTPMethod.get, .post] {
                let response = await console.send(method, url.path, session: cookie, form: method == .post ? [("name", "x")] : nil)
                #expect(response.status == .forbidden, "\(method) \(url.path)")
            }
        }
        #expect(console.tap.requests == requests)
    }
}
