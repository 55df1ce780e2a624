import AccountsServer
import GrantModel
import HTTPServer
import Testing

@Suite("Embedded accounts API, called as a responder")
struct EmbeddedResponderTests {
    static let demo = "/accounts/projects/default"

    @Test("requests without a valid bearer token get a JSON 401")
    func unauthorized() async throws {
        let harness = try await ResponderHarness()
        let (status, body) = try await harness.call(.get, "/accounts/projects", token: nil)
        #expect(status == 401)
        #expect(body["detail"]?.testString == "Missing or invalid bearer token.")
        #expect(try await harness.call(.get, "/accounts/projects", token: "test-token-12").0 == 401)
        #expect(try await harness.call(.get, "/accounts/projects", token: "test-token-1234").0 == 401)
        #expect(try await harness.call(.get, "/accounts/projects").0 == 200)
    }

    @Test("a token whose length differs by a multiple of 256 is refused, however its extra bytes look")
    func tokenLengthNotFoldedIntoAByte() async throws {
        let harness = try await ResponderHarness()
        // A compare that folds the length difference into a byte sees 270 ^ 14 = 0x100 as 0, and
        // NUL padding then matches the zeros it compares past the shorter input.
        for padding in [256, 512] {
            let padded = ResponderHarness.token + String(repeating: "\u{0}", count: padding)
            #expect(try await harness.call(.get, "/accounts/projects", token: padded).0 == 401, "\(padding)")
        }
        #expect(try await harness.call(.get, "/accounts/projects", token: String(ResponderHarness.token.dropLast())).0 == 401)
        #expect(try await harness.call(.get, "/accounts/projects").0 == 200)
    }

    @Test("projects carry what MeshAgent's ProjectInfo requires (project_key), stored members kept")
    func projectInfoShape() async throws {
        let harness = try await ResponderHarness()
        let (status, project) = try await harness.call(.get, Self.demo)
        #expect(status == 200)
        #expect(project["project_key"]?.testString == "default")
        #expect(project["owner_user_id"]?.testString == "local-admin")
        #expect(project["settings"] == .object(["region": .string("eu-west")]))
        let listed = try await harness.call(.get, "/accounts/projects").1["projects"]?.testArray ?? []
        #expect(listed.count == 2 && listed.allSatisfy { $0["project_key"]?.testString == $0["id"]?.testString })
    }

    @Test("the demo seed covers rooms, members and ~60 grants, and seeds only once")
    func demoSeed() async throws {
        let harness = try await ResponderHarness()
        #expect(try await harness.store.seedDemo() == false)
        let rooms = try await harness.call(.get, "\(Self.demo)/rooms?limit=500")
        #expect(rooms.1["total"]?.testInt == 8)
        let members = try await harness.call(.get, "\(Self.demo)/users?count=500")
        #expect(members.1["total"]?.testInt == 26)
        let grants = try await harness.call(.get, "\(Self.demo)/room-grants?limit=500")
        #expect(grants.1["total"]?.testInt == 60)
        #expect(grants.1["room_grants"]?.testArray.count == 60)
        let texts = grants.1["room_grants"]!.testArray.map { $0["permissions"]!.serialized() }
        #expect(texts.contains { $0.contains(#""sqlite""#) && $0.contains(#""files""#) })
        #expect(texts.contains { $0.contains(#""admin":{"config":true}"#) })
    }

    @Test("limit outside 1–500, bad offset or order_by → 400 with a message")
    func paginationValidation() async throws {
        let harness = try await ResponderHarness()
        for query in ["limit=0", "limit=501", "limit=x", "offset=-1", "order_by=email"] {
            let (status, body) = try await harness.call(.get, "\(Self.demo)/room-grants?\(query)")
            #expect(status == 400, "\(query)")
            #expect(body["detail"]?.testString?.isEmpty == false)
        }
        #expect(try await harness.call(.get, "\(Self.demo)/room-grants?limit=500").0 == 200)
        #expect(try await harness.call(.get, "\(Self.demo)/users?count=0").0 == 400)
    }

    @Test("the query is read by URLEncodedForm: bad escapes or UTF-8 → 400, repeated names take the first value")
    func queryParsing() async throws {
        let harness = try await ResponderHarness()
        for query in ["limit=%ZZ", "filter=%E0%A4", "limit=2&x=%"] {
            let (status, body) = try await harness.call(.get, "\(Self.demo)/room-grants?\(query)")
            #expect(status == 400, "\(query)")
            #expect(body["detail"]?.testString == "The query string is not valid percent-encoded UTF-8.", "\(query)")
        }
        let (status, body) = try await harness.call(.get, "\(Self.demo)/room-grants?limit=1&limit=3")
        #expect(status == 200)
        #expect(body["room_grants"]?.arrayValue?.count == 1)
    }

    @Test("malformed and mistyped bodies → 400 naming the problem")
    func badBodies() async throws {
        let harness = try await ResponderHarness()
        let malformed = try await harness.call(.post, "\(Self.demo)/room-grants", body: "{not json")
        #expect(malformed.0 == 400)
        #expect(malformed.1["detail"]?.testString == "The request body is not valid JSON.")
        let mistyped = try await harness.call(
            .post, "\(Self.demo)/room-grants", body: #"{"room_id":"lobby","user_id":7,"permissions":{}}"#
        )
        #expect(mistyped.0 == 400)
        #expect(mistyped.1["detail"]?.testString?.contains("user_id") == true)
        let notObject = try await harness.call(
            .post, "\(Self.demo)/room-grants", body: #"{"room_id":"lobby","user_id":"user-1","permissions":[1]}"#
        )
        #expect(notObject.0 == 400)
    }

    @Test("deleting a room deletes its grants and updates the counts")
    func roomDeleteCascades() async throws {
        let harness = try await ResponderHarness()
        let before = try await harness.call(.get, "\(Self.demo)/room-grants/by-room/support")
        let inRoom = try #require(before.1["total"]?.testInt)
        #expect(inRoom > 0)
        let total = try await harness.call(.get, "\(Self.demo)/room-grants").1["total"]?.testInt
        #expect(try await harness.call(.delete, "\(Self.demo)/rooms/room-support").0 == 200)
        #expect(try await harness.call(.get, "\(Self.demo)/room-grants/by-room/support").0 == 404)
        let after = try await harness.call(.get, "\(Self.demo)/room-grants").1["total"]?.testInt
        #expect(after == total.map { $0 - inRoom })
        let counts = try await harness.call(.get, "\(Self.demo)/room-grants/by-room?limit=500")
        #expect(counts.1["total"]?.testInt == 7)
        let userCounts = try await harness.call(.get, "\(Self.demo)/room-grants/by-user?limit=500")
        let sum = userCounts.1["users"]!.testArray.compactMap { $0["count"]?.testInt }.reduce(0, +)
        #expect(sum == after)
    }

    @Test("unknown routes and wrong methods answer JSON 404 / 405")
    func unknownRoutes() async throws {
        let harness = try await ResponderHarness()
        let missing = try await harness.call(.get, "/accounts/nothing")
        #expect(missing.0 == 404)
        #expect(missing.1["detail"] != nil)
        #expect(try await harness.call(.patch, "\(Self.demo)/rooms").0 == 405)
        #expect(try await harness.call(.get, "/accounts/projects/nope/rooms").0 == 404)
    }
}

@Suite("Embedded accounts API: permissions as MeshAgent reads them")
struct EmbeddedScopeValidationTests {
    static let grants = "/accounts/projects/default/room-grants"

    @Test("wrong types inside permissions → 400 naming the path; nulls are accepted, aliases and unknown keys pass unchanged")
    func scopeValidation() async throws {
        let harness = try await ResponderHarness()
        let wrong = try await harness.call(
            .post, Self.grants, body: #"{"room_id":"lobby","user_id":"svc-ingest","permissions":{"queues":{"send":"all"}}}"#
        )
        #expect(wrong.0 == 400)
        #expect(wrong.1["detail"]?.testString?.contains("permissions.queues.send") == true)
        let lenient = #"{"database":{"tables":null},"queues":null,"sqlite":{"x":[1,2]},"storage":{"files":{}}}"#
        let created = try await harness.call(
            .post, Self.grants, body: #"{"room_id":"lobby","user_id":"svc-ingest","permissions":\#(lenient),"email":null}"#
        )
        #expect(created.0 == 200)
        let stored = try await harness.call(.get, "\(Self.grants)/lobby/svc-ingest")
        #expect(stored.1["permissions"] == (try JSONValue(parsing: #"{"database":{},"sqlite":{"x":[1,2]},"storage":{"files":{}}}"#)))
        let update = try await harness.call(
            .put, "\(Self.grants)/unused", body: #"{"room_id":"lobby","user_id":"svc-ingest","permissions":{"tunnels":{"ports":8080}}}"#
        )
        #expect(update.0 == 400)
    }
}

@Suite("Embedded accounts API: stored grant pages")
struct StoredGrantListTests {
    @Test("the pass-through JSON equals the decoded page re-serialised, for every demo grant")
    func passThroughMatchesModel() async throws {
        let harness = try await ResponderHarness()
        for list in [GrantSelection.project("default"), .user(projectID: "default", userID: "user-1"), .room(projectID: "default", room: "team/alpha room")] {
            let stored = try await harness.store.grantList(list, page: PageRequest(limit: 500))
            #expect(!stored.grants.isEmpty)
            #expect(stored.jsonText() == (try stored.page().json.serialized()))
        }
    }

    @Test("users-with-counts filter matches email, names, id and the full name")
    func userFilter() async throws {
        let harness = try await ResponderHarness()
        for needle in ["GRACE.HOPPER@", "Grace", "hopper", "grace hopper"] {
            let page = try await harness.store.usersWithGrantCounts(projectID: "default", page: PageRequest(limit: 10, filter: needle))
            #expect(page.users.map(\.userID) == ["user-2"], "\(needle)")
            #expect(page.total == 1)
        }
        let past = try await harness.store.usersWithGrantCounts(projectID: "default", page: PageRequest(limit: 10, offset: 5, filter: "example.com"))
        #expect(past.users.count == 10 && past.total > 15)
        let beyond = try await harness.store.usersWithGrantCounts(projectID: "default", page: PageRequest(limit: 10, offset: 500, filter: "example.com"))
        #expect(beyond.users.isEmpty && beyond.total == past.total)
    }
}
