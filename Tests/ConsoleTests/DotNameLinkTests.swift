import AccountsAPI
@testable import Console
import GrantModel
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// A room or user named `.` or `..` cannot be a path segment (browsers remove
/// it, even as `%2E%2E`), so its links carry the name in the query instead.
@Suite(.serialized) struct DotNameLinkTests {
    static let pid = ConsoleHarness.pid

    @Test func dotNamesGoIntoTheQueryAndOtherNamesStayInThePath() {
        #expect(SiteURL.room(pid: "p", room: "..").path == "/projects/p/room?room=..")
        #expect(SiteURL.roomEdit(pid: "p", room: ".").path == "/projects/p/room/edit?room=.")
        #expect(SiteURL.roomDelete(pid: "p", room: "..").path == "/projects/p/room/delete?room=..")
        #expect(SiteURL.user(pid: "p", userID: "..").path == "/projects/p/user?user_id=..")
        #expect(SiteURL.grant(pid: "p", room: ".", userID: "u 1").path == "/projects/p/grant?room=.&user_id=u%201")
        #expect(SiteURL.grantEdit(pid: "p", room: "lobby", userID: "..").path == "/projects/p/grant/edit?room=lobby&user_id=..")
        #expect(SiteURL.grantDelete(pid: "p", room: "..", userID: ".").path == "/projects/p/grant/delete?room=..&user_id=.")
        #expect(SiteURL.member(pid: "p", userID: ".").path == "/projects/p/member?user_id=.")
        #expect(SiteURL.memberDelete(pid: "p", userID: "..").path == "/projects/p/member/delete?user_id=..")
        #expect(SiteURL.room(pid: "p", room: "..").path(query: [("page", "2")]) == "/projects/p/room?room=..&page=2")
        // Anything else keeps its path form, unchanged.
        #expect(SiteURL.room(pid: "p", room: "...").path == "/projects/p/rooms/...")
        #expect(SiteURL.room(pid: "p", room: "../x").path == "/projects/p/rooms/..%2Fx")
        #expect(SiteURL.grant(pid: "p", room: "lobby", userID: "u1").path == "/projects/p/grants/lobby/u1")
        #expect(SiteURL.user(pid: "p", userID: ".a").path == "/projects/p/users/.a")
    }

    /// A console with room `..` where u1 holds `queues`, and room `lobby`.
    static func console() async throws -> (ConsoleHarness, String) {
        let console = try await ConsoleHarness(.embedded(seedDemo: false, people: ["u1", "u2", "u3"]))
        _ = try await console.makeRoom("lobby")
        _ = try await console.accounts.createRoom(projectID: pid, CreateRoomRequest(name: "..", metadata: ["which": "dots"]))
        try await console.accounts.createGrant(projectID: pid, roomID: "..", userID: "u1", permissions: ["queues": [:]])
        return (console, try await console.adminSession())
    }

    @Test func pagesOfARoomNamedDotDotAreReachedThroughTheirLinks() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let list = await console.send(.get, SiteURL.project(Self.pid).path, session: cookie)
        #expect(list.status == .ok)
        let roomURL = SiteURL.room(pid: Self.pid, room: "..").path
        #expect(list.text.contains("href=\"\(roomURL)\""))
        let room = await console.send(.get, roomURL, session: cookie)
        #expect(room.status == .ok)
        #expect(room.text.contains("dots"))
        #expect(room.text.contains(SiteURL.grant(pid: Self.pid, room: "..", userID: "u1").path.replacingAmpersands()))
        let grant = await console.send(.get, SiteURL.grant(pid: Self.pid, room: "..", userID: "u1").path, session: cookie)
        #expect(grant.status == .ok)
        #expect(grant.text.contains("queues"))
        let user = await console.send(.get, SiteURL.user(pid: Self.pid, userID: "..").path, session: cookie)
        #expect(user.status == .ok)
        // The path form reaches the same room when a client does send it unchanged.
        #expect(await console.send(.get, "/projects/\(Self.pid)/rooms/..", session: cookie).text.contains("dots"))
        // The short form without its name is no page.
        #expect(await console.send(.get, "/projects/\(Self.pid)/room", session: cookie).status == .notFound)
    }

    @Test func formsOfARoomNamedDotDotPostToTheirQueryForm() async throws {
        let (console, cookie) = try await Self.console()
        defer { Task { await console.stop() } }
        let editURL = SiteURL.roomEdit(pid: Self.pid, room: "..").path
        let form = await console.send(.get, editURL, session: cookie)
        #expect(form.status == .ok)
        let saved = await console.send(.post, editURL, session: cookie,
                                       form: form.formFields(action: editURL).setting("metadata", #"{"which":"edited"}"#))
        #expect(saved.status == .seeOther)
        #expect(saved.headers["Location"] == SiteURL.room(pid: Self.pid, room: "..").path)
        #expect(try await console.accounts.room(projectID: Self.pid, name: "..").metadata == ["which": "edited"])

        let deleteURL = SiteURL.grantDelete(pid: Self.pid, room: "..", userID: "u1").path
        let confirm = await console.send(.get, deleteURL, session: cookie)
        #expect(confirm.status == .ok)
        let deleted = await console.send(.post, deleteURL, session: cookie, form: confirm.formFields(action: deleteURL))
        #expect(deleted.status == .seeOther)
        let left = try await console.accounts.grants(projectID: Self.pid, roomName: "..")
        #expect(left.total == 0)
        #expect(try await console.accounts.rooms(projectID: Self.pid, limit: 10).total == 2)
    }
}

private extension String {
    /// As the page writes the URL inside an attribute.
    func replacingAmpersands() -> String {
        split(separator: "&", omittingEmptySubsequences: false).joined(separator: "&amp;")
    }
}
