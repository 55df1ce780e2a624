import AccountsAPI
@testable import Console
import Foundation
import GrantModel
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// Pages name the people behind user ids (from the project's member list),
/// the access page picks a user by name, email or id, and checks read in words.
@Suite("People and checks on pages", .serialized)
struct PeoplePagesTests {
    static let pid = ConsoleHarness.pid
    /// A user who holds a grant but is not a member of the project.
    static let outsider = "outsider-77"

    static let room = "people room"

    /// The harness plus a room where a member (Ada Lovelace, `user-1`) and a
    /// user the member list does not know both hold every permission.
    static func harness() async throws -> ConsoleHarness {
        let harness = try await ConsoleHarness(.embedded(hostile: true))
        try await harness.embedded?.store.pool.write { db in
            try db.execute(sql: "INSERT INTO user (id, email) VALUES (?, ?)", arguments: [outsider, "outsider@example.com"])
        }
        _ = try await harness.accounts.createRoom(projectID: pid, CreateRoomRequestFactory.room(room))
        for user in ["user-1", outsider] {
            try await harness.accounts.createGrant(projectID: pid, roomID: room, userID: user, permissions: ApiScope.full.json)
        }
        return harness
    }

    func access(_ items: [(name: String, value: String)]) -> String {
        SiteURL.access(Self.pid).path(query: items)
    }

    @Test("the room page's grant table shows name and email, the id after them; an unknown id shows alone")
    func roomTableNamesPeople() async throws {
        let harness = try await Self.harness()
        let session = try await harness.session("rita", "rita-password!")
        let text = await harness.send(.get, SiteURL.room(pid: Self.pid, room: Self.room).path, session: session).text
        #expect(text.contains("<bdi>Ada Lovelace</bdi></a><span class=\"sub\"><bdi>ada.lovelace@example.com</bdi></span><span class=\"sub id\"><bdi>user-1</bdi></span>"))
        #expect(text.contains("<bdi>\(Self.outsider)</bdi></a></td>"))
        #expect(!text.contains("outsider@example.com"), "the member list is the only source of names")
        await harness.stop()
    }

    @Test("a page reads the member list once, however many rows it names")
    func oneMemberLookupPerPage() async throws {
        let harness = try await Self.harness()
        for number in 2...21 {
            try await harness.accounts.createGrant(projectID: Self.pid, roomID: Self.room, userID: "user-\(number)",
                                                   permissions: .object([:]))
        }
        let session = try await harness.session("rita", "rita-password!")
        let memberCalls = { harness.tap.seen.filter { $0.contains("/projects/\(Self.pid)/users?") } }
        for page in [SiteURL.room(pid: Self.pid, room: Self.room).path,
                     SiteURL.room(pid: Self.pid, room: Self.room).path(query: [("format", "csv")]),
                     access([("ask", "who"), ("check", "queues.list")])] {
            harness.tap.reset()
            let text = await harness.send(.get, page, session: session).text
            #expect(text.contains("Katherine Johnson"), "\(page)")
            #expect(memberCalls().count == 1, "\(page): \(memberCalls())")
        }
        await harness.stop()
    }

    @Test("the user and grant pages lead with the person's name; the id is secondary")
    func userAndGrantHeaders() async throws {
        let harness = try await Self.harness()
        let session = try await harness.session("rita", "rita-password!")
        let user = await harness.send(.get, SiteURL.user(pid: Self.pid, userID: "user-1").path, session: session).text
        #expect(user.contains("<h1><bdi>Ada Lovelace</bdi></h1>"))
        #expect(user.contains("<span class=\"mono id-secondary\"><bdi>user-1</bdi></span>"))
        #expect(user.contains("<bdi>ada.lovelace@example.com</bdi>"))
        let grant = await harness.send(.get, SiteURL.grant(pid: Self.pid, room: Self.room, userID: "user-1").path, session: session).text
        #expect(grant.contains("<h1>Grant for <bdi>Ada Lovelace</bdi></h1>"))
        #expect(grant.contains("<bdi>ada.lovelace@example.com</bdi>"))
        #expect(grant.contains("<title>Grant Ada Lovelace in people room"))
        let unknown = await harness.send(.get, SiteURL.grant(pid: Self.pid, room: Self.room, userID: Self.outsider).path, session: session).text
        #expect(unknown.contains("<h1>Grant for <bdi>\(Self.outsider)</bdi></h1>"))
        #expect(!unknown.contains("id-secondary"))
        // A member without a name leads with the email.
        let service = await harness.send(.get, SiteURL.user(pid: Self.pid, userID: "svc-ingest").path, session: session).text
        #expect(service.contains("<h1><bdi>ingest-bot@example.com</bdi></h1>"))
        await harness.stop()
    }

    @Test("room and user CSV exports carry the user's name and email")
    func csvExportsNamePeople() async throws {
        let harness = try await Self.harness()
        let session = try await harness.session("rita", "rita-password!")
        let room = await harness.send(.get, SiteURL.room(pid: Self.pid, room: Self.room).path(query: [("format", "csv")]), session: session).text
        #expect(room.hasPrefix("\"room\",\"room_id\",\"user_id\",\"user_name\",\"user_email\",\"preset\""))
        #expect(room.contains(",\"user-1\",\"Ada Lovelace\",\"ada.lovelace@example.com\","))
        #expect(room.contains(",\"\(Self.outsider)\",\"\",\"\","))
        let user = await harness.send(.get, SiteURL.user(pid: Self.pid, userID: "user-1").path(query: [("format", "csv")]), session: session).text
        #expect(user.contains(",\"user-1\",\"Ada Lovelace\",\"ada.lovelace@example.com\","))
        await harness.stop()
    }

    @Test("the overview's users table leads with the name (else the email), the id after it")
    func overviewNamesPeople() async throws {
        let harness = try await Self.harness()
        let session = try await harness.session("rita", "rita-password!")
        let text = await harness.send(.get, SiteURL.project(Self.pid).path(query: [("users_q", "example.com")]), session: session).text
        #expect(text.contains("<bdi>Ada Lovelace</bdi></a><span class=\"sub id\"><bdi>user-1</bdi></span>"))
        #expect(text.contains("<bdi>ingest-bot@example.com</bdi></a><span class=\"sub id\"><bdi>svc-ingest</bdi></span>"))
        await harness.stop()
    }

    @Test("who-can results name each person")
    func whoCanNamesPeople() async throws {
        let harness = try await Self.harness()
        let session = try await harness.session("rita", "rita-password!")
        let text = await harness.send(.get, access([("ask", "who"), ("check", "queues.list")]), session: session).text
        #expect(text.contains("<bdi>Ada Lovelace</bdi></a><span class=\"sub\"><bdi>ada.lovelace@example.com</bdi></span><span class=\"sub id\"><bdi>user-1</bdi></span>"))
        await harness.stop()
    }

    @Test("the check menu and its answers read in words, the internal name after them")
    func checksInWords() async throws {
        let harness = try await Self.harness()
        let session = try await harness.session("rita", "rita-password!")
        let blank = await harness.send(.get, access([]), session: session).text
        #expect(blank.contains("<option value=\"dataset.can_write\">Write to a table — dataset.can_write(table)</option>"))
        for check in ScopeCheck.allCases {
            #expect(blank.contains(">\(check.label) — \(check.signature)</option>"), "\(check.name)")
        }
        let who = await harness.send(.get, access([("ask", "who"), ("check", "admin.config")]), session: session).text
        #expect(who.contains("Allowed: Change the room configuration <code class=\"check-name\">admin.config</code>"))
        let can = await harness.send(.get, access([("ask", "can"), ("user", "user-1"), ("check", "queues.list")]), session: session).text
        #expect(can.contains("<strong>List queues</strong> <code class=\"faint\">queues.list</code>"))
        let missing = await harness.send(.get, access([("ask", "can"), ("user", "user-1"), ("check", "queues.can_send")]), session: session).text
        #expect(missing.contains("Needed for “Send to a queue”."))
        await harness.stop()
    }

    @Test("the user field suggests members as “Name <email>” with the id as value")
    func pickerListsMembers() async throws {
        let harness = try await Self.harness()
        let session = try await harness.session("rita", "rita-password!")
        let text = await harness.send(.get, access([]), session: session).text
        #expect(text.contains("list=\"can-people\""))
        #expect(text.contains("<option value=\"user-1\" label=\"Ada Lovelace &lt;ada.lovelace@example.com&gt;\">"))
        #expect(text.contains("<option value=\"svc-ingest\" label=\"ingest-bot@example.com\">"))
        #expect(!text.contains("value=\"\(Self.outsider)\""), "only members are suggested")
        await harness.stop()
    }

    @Test("the user field takes an id, an exact email, or text that matches one member")
    func pickerResolvesTypedText() async throws {
        let harness = try await Self.harness()
        let session = try await harness.session("rita", "rita-password!")
        let base: [(name: String, value: String)] = [("ask", "can"), ("room", Self.room), ("check", "queues.list")]
        for typed in ["user-1", "ADA.Lovelace@example.com", "lovelace"] {
            let text = await harness.send(.get, access(base + [("user", typed)]), session: session).text
            #expect(text.contains("Answers for <span class=\"person\"><bdi class=\"person-name\">Ada Lovelace</bdi>"), "\(typed)")
            #expect(text.contains("id=\"can-user\" type=\"text\" name=\"user\" value=\"user-1\""), "\(typed)")
            #expect(text.contains("decision-allowed"), "\(typed)")
        }
        // A grant holder outside the member list is asked about by id.
        let outsider = await harness.send(.get, access(base + [("user", Self.outsider)]), session: session).text
        #expect(outsider.contains("Answers for <span class=\"person\"><bdi class=\"person-name\">\(Self.outsider)</bdi></span>"))
        #expect(outsider.contains("decision-allowed"))
        await harness.stop()
    }

    @Test("typed text that names nobody, or several members, gets a clear answer and no decision")
    func pickerNoneOrSeveral() async throws {
        let harness = try await Self.harness()
        let session = try await harness.session("rita", "rita-password!")
        let base: [(name: String, value: String)] = [("ask", "can"), ("check", "queues.list")]
        let email = await harness.send(.get, access(base + [("user", "nobody@example.com")]), session: session).text
        #expect(email.contains("No member of this project has the email “nobody@example.com”."))
        #expect(!email.contains("decision-"))
        let nobody = await harness.send(.get, access(base + [("user", "zz-no-such-person")]), session: session).text
        #expect(nobody.contains("No member matches “zz-no-such-person”, and no user with that id holds a grant in this project."))
        #expect(!nobody.contains("decision-"))
        let several = await harness.send(.get, access(base + [("user", "ar")]), session: session).text
        #expect(several.contains("Several members match “ar”: pick one below"))
        #expect(!several.contains("decision-"))
        // Each candidate re-asks the same question about that member's id.
        let pick = access([("ask", "can"), ("user", "user-6")] + [("check", "queues.list")]) + "#can"
        #expect(several.contains("href=\"\(pick.htmlEscapedForTest)\""))
        #expect(several.contains("Margaret Hamilton"))
        await harness.stop()
    }

    @Test("the editor's and admin pages' breadcrumb and navigation show the project's name")
    func editorShowsProjectName() async throws {
        let harness = try await Self.harness()
        let session = try await harness.session("alice", "alice-password")
        for page in [SiteURL.newGrant(pid: Self.pid, room: nil, user: nil).path,
                     SiteURL.grantEdit(pid: Self.pid, room: Self.room, userID: "user-1").path,
                     SiteURL.grantDelete(pid: Self.pid, room: Self.room, userID: "user-1").path,
                     SiteURL.rooms(Self.pid).path, SiteURL.roomEdit(pid: Self.pid, room: Self.room).path,
                     SiteURL.members(Self.pid).path, SiteURL.member(pid: Self.pid, userID: "user-1").path] {
            let response = await harness.send(.get, page, session: session)
            #expect(response.status == .ok, "\(page)")
            #expect(response.text.contains(">Demo project</a>"), "\(page)")
            #expect(!response.text.contains(">\(Self.pid)</a>"), "\(page)")
        }
        await harness.stop()
    }
}
