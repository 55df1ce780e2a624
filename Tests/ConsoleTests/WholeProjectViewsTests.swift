import AccountsAPI
import AccountsServer
@testable import Console
import Foundation
import GrantModel
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// The whole-project views through the real console: "who can" over every
/// grant with its downloads and progress, the risk view and the access
/// matrix, against the embedded API holding more grants than one upstream page.
@Suite("Whole-project views", .serialized)
struct WholeProjectViewsTests {
    static let pid = ConsoleHarness.pid
    /// 60 rooms × 20 grants over 60 bench users, plus the `images` room.
    static let bench = BenchDataShape(rooms: 60, users: 60, grantsPerRoom: 20)
    static let check = [("ask", "who"), ("check", "containers.can_pull"), ("tag", "docker.io/library/python:3.12")]

    /// The embedded API with the bench rows and one room, `images`, whose
    /// three grants pull by wildcard, by exact name, and not at all.
    static func harness() async throws -> ConsoleHarness {
        let harness = try await ConsoleHarness(.embedded(seedDemo: false, people: ["wild", "exact", "other"]))
        let upstream = try #require(harness.embedded)
        try await upstream.store.generateBenchData(bench)
        func scope(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }
        _ = try await upstream.client.createRoom(projectID: pid, CreateRoomRequest(name: "images", permissions: [
            ("wild", try scope(#"{"containers":{"pull":["docker.io/library/*"],"run":[]}}"#)),
            ("exact", try scope(#"{"containers":{"pull":["docker.io/library/python:3.12"],"run":[]}}"#)),
            ("other", try scope(#"{"containers":{"pull":["registry.example.com/*"],"run":[]}}"#)),
        ]))
        return harness
    }

    /// Every grant, read directly, page by page.
    static func everyGrant(_ client: AccountsClient) async throws -> [RoomGrant] {
        var grants: [RoomGrant] = []
        while true {
            let page = try await client.grants(projectID: pid, limit: 500, offset: grants.count)
            grants += page.grants
            if page.grants.isEmpty || grants.count >= page.total { return grants }
        }
    }

    @Test("who can: every grant decided, the wildcard and the exact grant allowed, the other denied; JSON and CSV carry the whole answer")
    func whoCanWholeProject() async throws {
        let harness = try await Self.harness()
        let session = try await harness.session("rita", "rita-password!")
        let all = try await Self.everyGrant(try #require(harness.embedded).client)
        #expect(all.count == Self.bench.grants + 3)
        let arguments = ScopeCheckArguments([.tag: "docker.io/library/python:3.12"])
        let expected = all.filter { AccessScan.decide($0, .containersCanPull, arguments).allowed }
            .map { "\($0.room.name)|\($0.userID)" }

        let json = await harness.send(.get, SiteURL.access(Self.pid).path(query: Self.check + [("format", "json")]), session: session)
        #expect(json.status == .ok)
        #expect(json.headers["Content-Type"] == "application/json; charset=utf-8")
        let answer = try JSONValue(parsing: json.body)
        guard case .object(let object) = answer else { Issue.record("not an object"); return }
        #expect(object.keys == ["check", "arguments", "grants_checked", "allowed"])
        #expect(object["check"] == "containers.can_pull")
        #expect(object["arguments"] == .object(["tag": "docker.io/library/python:3.12"]))
        #expect(object["grants_checked"] == .integer(all.count))
        guard case .array(let allowed)? = object["allowed"] else { Issue.record("no allowed list"); return }
        let got = allowed.compactMap { row -> String? in
            guard case .object(let row) = row, case .string(let room)? = row["room"], case .string(let user)? = row["user_id"] else { return nil }
            #expect(row.keys == ["room", "room_id", "user_id", "email", "reason"])
            return "\(room)|\(user)"
        }
        #expect(got == expected)
        #expect(got.contains("images|wild") && got.contains("images|exact") && !got.contains("images|other"))
        let wild = allowed.first { $0["user_id"] == "wild" }
        #expect(wild?["reason"] == .string("Allowed by containers.pull[0] 'docker.io/library/*'"))
        #expect(wild?["email"] == "wild@example.com")

        let csv = await harness.send(.get, SiteURL.access(Self.pid).path(query: Self.check + [("format", "csv")]), session: session)
        #expect(csv.headers["Content-Type"] == "text/csv; charset=utf-8")
        let lines = csv.text.split(separator: "\r\n")
        #expect(lines.first == "\"room\",\"room_id\",\"user_id\",\"user_name\",\"email\",\"reason\"")
        #expect(lines.count == expected.count + 1)

        // `images` sorts after the bench rooms: its rows are on the answer's last page.
        let last = String((expected.count - 1) / PagesController.whoPageSize + 1)
        let page = await harness.send(.get, SiteURL.access(Self.pid).path(query: Self.check + [("page", last)]), session: session).text
        #expect(page.contains("Checked all \(grouped(all.count)) grants of the project: \(grouped(expected.count)) allowed"))
        #expect(page.contains("Allowed by containers.pull[0] &#39;docker.io/library/*&#39;"))
        #expect(page.contains("Allowed by containers.pull[0] &#39;docker.io/library/python:3.12&#39;"))
        #expect(!page.contains(SiteURL.grant(pid: Self.pid, room: "images", userID: "other").path))
        #expect(page.contains("class=\"group-head\""))
        #expect(!page.contains("Continue with the next grants"))
        await harness.stop()
    }

    @Test("who can: the page shows 500 allowed grants at a time, and every page checks every grant")
    func whoCanPages() async throws {
        let harness = try await Self.harness()
        let session = try await harness.session("alice", "alice-password")
        // Every grant may use the room's messaging unless it says otherwise: most are allowed.
        let question = [("ask", "who"), ("check", "messaging.send")]
        let json = try JSONValue(parsing: await harness.send(
            .get, SiteURL.access(Self.pid).path(query: question + [("format", "json")]), session: session).body)
        guard case .array(let allowed)? = json["allowed"] else { Issue.record("no allowed list"); return }
        try #require(allowed.count > PagesController.whoPageSize)
        let second = await harness.send(.get, SiteURL.access(Self.pid).path(query: question + [("page", "2")]), session: session).text
        #expect(second.contains("501–\(min(1_000, allowed.count)) of \(allowed.count)"))
        guard case .object(let row) = allowed[PagesController.whoPageSize], case .string(let room)? = row["room"],
              case .string(let user)? = row["user_id"] else { Issue.record("row"); return }
        #expect(second.contains(SiteURL.grant(pid: Self.pid, room: room, userID: user).path))
        await harness.stop()
    }

    @Test("progress: the scan's token shows how far it got, only to the user who asked")
    func progressByToken() async throws {
        let harness = try await Self.harness()
        let rita = try await harness.session("rita", "rita-password!")
        let alice = try await harness.session("alice", "alice-password")
        let token = "0123456789abcdef0123456789abcdef"
        let before = await harness.send(.get, SiteURL.progress(Self.pid).path(query: [("scan", token)]), session: rita)
        #expect(before.text == #"{"state":"unknown","checked":0,"total":0}"#)
        _ = await harness.send(.get, SiteURL.access(Self.pid).path(query: Self.check + [("scan", token)]), session: rita)
        let after = await harness.send(.get, SiteURL.progress(Self.pid).path(query: [("scan", token)]), session: rita)
        let total = Self.bench.grants + 3
        #expect(after.text == #"{"state":"done","checked":\#(total),"total":\#(total)}"#)
        #expect(after.headers["Cache-Control"] == "no-store")
        let other = await harness.send(.get, SiteURL.progress(Self.pid).path(query: [("scan", token)]), session: alice)
        #expect(other.text.contains(#""state":"unknown""#))
        let malformed = await harness.send(.get, SiteURL.progress(Self.pid).path(query: [("scan", "<x>")]), session: rita)
        #expect(malformed.text.contains(#""state":"unknown""#))
        await harness.stop()
    }

    @Test("risks: every risky grant, most severe first, filtered by flag and room, CSV")
    func risks() async throws {
        let harness = try await Self.harness()
        let session = try await harness.session("rita", "rita-password!")
        let all = try await Self.everyGrant(try #require(harness.embedded).client)
        let risky = all.filter { ScopeAssessment(permissions: $0.permissions).isRisky }
        let csv = await harness.send(.get, SiteURL.risks(Self.pid).path(query: [("format", "csv")]), session: session).text
        let rows = csv.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").map { $0.trimmingCharacters(in: ["\""]) } }
        #expect(rows.count == risky.count)
        // Ranks never go back up: most severe first.
        let ranks = rows.map { row in RiskRank.allCases.firstIndex { rank in row[6] == Self.kindName(rank) } ?? -1 }
        #expect(!ranks.contains(-1) || rows.allSatisfy { $0[6] == "tunnels" })
        let worst = rows.map { $0[6] }
        #expect(worst.first == "admin")
        let firstNonAdmin = worst.firstIndex { $0 != "admin" } ?? worst.count
        #expect(!worst[firstNonAdmin...].contains("admin"))

        let llm = await harness.send(.get, SiteURL.risks(Self.pid).path(query: [("flag", "unrestricted_llm"), ("format", "csv")]), session: session).text
        let llmRows = llm.split(separator: "\r\n").dropFirst()
        #expect(llmRows.count == all.filter { ScopeAssessment(permissions: $0.permissions).flags.contains { $0.risk.kind == .unrestrictedLLM } }.count)
        #expect(llmRows.allSatisfy { $0.contains("unrestricted_llm") })

        let room = await harness.send(.get, SiteURL.risks(Self.pid).path(query: [("room", "ROOM-0001")]), session: session).text
        #expect(room.contains("bench-room-0001"))
        #expect(!room.contains("bench-room-0002"))
        #expect(room.contains("risky grants match the filter"))

        let page = await harness.send(.get, SiteURL.risks(Self.pid).path, session: session).text
        #expect(page.contains("Checked all \(grouped(all.count)) grants of the project: \(grouped(risky.count)) carry a risk flag."))
        #expect(page.contains("risk-high"))
        await harness.stop()
    }

    static func kindName(_ rank: RiskRank) -> String {
        switch rank {
        case .admin: "admin"
        case .tunnelsAnyPort, .tunnelsSomePorts: "tunnels"
        case .containerRun: "unrestricted_container_run"
        case .containerPull: "unrestricted_container_pull"
        case .secrets: "unrestricted_secrets"
        case .llm: "unrestricted_llm"
        case .writeStorage: "write_all_storage"
        case .writeSync: "write_all_sync"
        }
    }

    @Test("matrix: a window of rooms × users, cells labelled and coloured, linking to the grant; filters; paged beyond 50 rooms")
    func matrix() async throws {
        let harness = try await Self.harness()
        let session = try await harness.session("rita", "rita-password!")
        let page = await harness.send(.get, SiteURL.matrix(Self.pid).path, session: session)
        #expect(page.status == .ok)
        let text = page.text
        #expect(text.contains("Rooms 1–50 of 61 × users 1–63 of 63"))
        #expect(text.contains(SiteURL.matrix(Self.pid).path(query: [("rooms_page", "2")])))
        #expect(text.components(separatedBy: "class=\"matrix-room\"").count - 1 == 50)
        #expect(text.components(separatedBy: "<th scope=\"row\" class=\"matrix-user\"").count - 1 == 63)

        let images = await harness.send(.get, SiteURL.matrix(Self.pid).path(query: [("rooms_q", "images")]), session: session).text
        #expect(images.contains(SiteURL.grant(pid: Self.pid, room: "images", userID: "wild").path))
        #expect(images.contains("images · wild@example.com: custom"))
        #expect(images.contains(">C</a>"))
        #expect(images.contains("cell-medium") || images.contains("cell-none"))

        let narrow = await harness.send(.get, SiteURL.matrix(Self.pid).path(query: [("rooms_q", "bench-room-000"), ("users_q", "bench-user-000")]), session: session).text
        #expect(narrow.contains("Rooms 1–10 of 10 × users 1–10 of 10"))
        let all = try await Self.everyGrant(try #require(harness.embedded).client)
        let inWindow = all.filter { $0.room.name.hasPrefix("bench-room-000") && $0.userID.hasPrefix("bench-user-000") }
        #expect(narrow.components(separatedBy: "<td class=\"cell-").count - 1 == 100)
        #expect(narrow.components(separatedBy: "<td class=\"cell-empty\">").count - 1 == 100 - inWindow.count)
        for grant in inWindow {
            #expect(narrow.contains(SiteURL.grant(pid: Self.pid, room: grant.room.name, userID: grant.userID).path))
        }
        await harness.stop()
    }

    @Test("an upstream failure during a scan is the one error page, for every whole-project view")
    func upstreamFailure() async throws {
        let harness = try await Self.harness()
        let session = try await harness.session("rita", "rita-password!")
        harness.tap.fault = .status(500)
        for target in [SiteURL.access(Self.pid).path(query: Self.check), SiteURL.risks(Self.pid).path, SiteURL.matrix(Self.pid).path,
                       SiteURL.access(Self.pid).path(query: Self.check + [("format", "json")])] {
            let response = await harness.send(.get, target, session: session)
            #expect(response.status == .badGateway, "\(target)")
        }
        await harness.stop()
    }
}
