@testable import Console
import Foundation
import GrantModel
import HTTPServer
import Testing
@testable import GrantDeskTesting

/// `/projects/{pid}/export.csv` and `…/export.jsonl`: every grant, read page by page.
@Suite("Project exports", .serialized)
struct ProjectExportTests {
    static let pid = ConsoleHarness.pid

    @Test("CSV: one row per grant with email, label, risk flags, expiry; formulas neutralised")
    func csv() async throws {
        let console = try await ConsoleHarness(.embedded(hostile: true))
        defer { Task { await console.stop() } }
        let session = try await console.reviewerSession()
        let response = await console.send(.get, SiteURL.projectExportCSV(Self.pid).path, session: session)
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "text/csv; charset=utf-8")
        #expect(response.headers["Content-Disposition"] == "attachment; filename=\"grants-default.csv\"")
        let lines = response.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let total = try await console.accounts.grants(projectID: Self.pid, limit: 1).total
        #expect(lines.count == total + 1)
        #expect(lines[0] == #""room","user","email","label","risk flags","expires at""#)
        #expect(lines.contains { $0.hasPrefix(#""lobby","user-"#) && $0.contains("@") })
        #expect(lines.contains { $0.contains(#""full","admin; tunnels"#) })
        // No cell starts with a formula character unprefixed.
        #expect(!lines.contains { $0.contains(",\"=") || $0.contains(",\"+") || $0.contains(",\"@") })
    }

    @Test("JSON lines: the full scope, unknown keys included, across several pages")
    func jsonl() async throws {
        let console = try await ConsoleHarness(.embedded())
        defer { Task { await console.stop() } }
        // More grants than one page.
        let people = (0..<520).map { "bulk-\($0)" }
        try await #require(console.embedded).store.addPeople(people)
        for person in people {
            try await console.accounts.createGrant(projectID: Self.pid, roomID: "lobby", userID: person, permissions: ["messaging": [:]])
        }
        let session = try await console.adminSession()
        let response = await console.send(.get, SiteURL.projectExportJSONL(Self.pid).path, session: session)
        #expect(response.status == .ok)
        let lines = response.text.split(separator: "\n").map { try? JSONValue(parsing: String($0)) }
        #expect(lines.count == 580 && lines.allSatisfy { $0 != nil })
        let keys = Set(lines.compactMap { line -> String? in
            guard case .object(let object)? = line, case .string(let room)? = object["room"], case .string(let user)? = object["user_id"] else { return nil }
            return "\(room)/\(user)"
        })
        #expect(keys.count == 580)
        let unknown = lines.compactMap { $0 }.first { line in
            line.objectValue?["user_id"] == "user-13" && line.objectValue?["room"] == "team/alpha room"
        }
        let permissions = try #require(unknown?.objectValue?["permissions"]?.objectValue)
        #expect(permissions.contains("sqlite"))
        #expect(unknown?.objectValue?["expires_at"] == .null)
    }

    @Test("the overview links both exports; an unknown project is a 404")
    func linksAndErrors() async throws {
        let console = try await ConsoleHarness(.embedded())
        defer { Task { await console.stop() } }
        let session = try await console.adminSession()
        let overview = await console.send(.get, SiteURL.project(Self.pid).path, session: session)
        #expect(overview.text.contains(SiteURL.projectExportCSV(Self.pid).path) && overview.text.contains(SiteURL.projectExportJSONL(Self.pid).path))
        #expect(await console.send(.get, SiteURL.projectExportCSV("nope").path, session: session).status == .notFound)
    }
}
