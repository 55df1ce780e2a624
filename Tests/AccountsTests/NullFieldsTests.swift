import AccountsServer
import GRDB
import GrantModel
import Testing

/// MeshAgent's client (pydantic) rejects `null` for a boolean, so the embedded
/// API accepts nulls but stores and serves absent fields as absent keys.
@Suite("Embedded accounts API: nulls in permissions stored and served as MeshAgent would")
struct NullFieldsTests {
    static let project = "/accounts/projects/default"

    /// Nulls at every level a scope has: a section, a flag, an object in a
    /// section, a string list, fields of list entries; plus unknown members
    /// holding nulls, which must come back untouched.
    static let withNulls = """
        {"llm":null,"messaging":{"broadcast":null,"list":true,"whisper":null},\
        "containers":{"registry":null,"logs":null,"pull":["img"]},\
        "dataset":{"tables":[{"name":"t","write":null,"namespace":null,"x":null}],"list_tables":null},\
        "queues":{"send":null},"sqlite":{"attach":null},"future":null}
        """
    static let withoutNulls = """
        {"messaging":{"list":true,"whisper":null},"containers":{"pull":["img"]},\
        "dataset":{"tables":[{"name":"t","x":null}]},"queues":{},"sqlite":{"attach":null},"future":null}
        """

    /// Every place a grant is served, for one (room, user).
    static func servedPermissions(_ harness: ResponderHarness, room: String, user: String) async throws -> [JSONValue] {
        var served: [JSONValue] = []
        let one = try await harness.call(.get, "\(project)/room-grants/\(room)/\(user)")
        #expect(one.0 == 200)
        served.append(one.1["permissions"] ?? .null)
        for list in ["room-grants?limit=500", "room-grants?limit=500&order_by=user_id", "room-grants/by-room/\(room)?limit=500",
                     "room-grants/by-user/\(user)?limit=500"] {
            let page = try await harness.call(.get, "\(project)/\(list)")
            #expect(page.0 == 200, "\(list)")
            let grant = page.1["room_grants"]?.testArray.first { $0["user_id"]?.testString == user && $0["room"]?["name"]?.testString == room }
            served.append(grant?["permissions"] ?? .null)
        }
        return served
    }

    static func storedText(_ harness: ResponderHarness, user: String) async throws -> String? {
        try await harness.store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT permissions FROM room_grant WHERE user_id = ?", arguments: [user])
        }
    }

    @Test("create, update and room creation accept nulls and store them as absent keys; unknown members untouched")
    func leftOutOnWrite() async throws {
        let harness = try await ResponderHarness(seedDemo: false)
        let room = try await harness.call(
            .post, "\(Self.project)/rooms",
            body: #"{"name":"ops","if_not_exists":false,"metadata":null,"annotations":null,"permissions":{"local-admin":\#(Self.withNulls)}}"#
        )
        #expect(room.0 == 200)
        let expected = try JSONValue(parsing: Self.withoutNulls)
        #expect(try await Self.storedText(harness, user: "local-admin") == expected.serialized())
        #expect(try await Self.servedPermissions(harness, room: "ops", user: "local-admin") == Array(repeating: expected, count: 5))

        let update = try await harness.call(
            .put, "\(Self.project)/room-grants/unused",
            body: #"{"room_id":"ops","user_id":"local-admin","permissions":{"admin":null,"messaging":{"send":null,"list":false}}}"#
        )
        #expect(update.0 == 200)
        #expect(try await Self.storedText(harness, user: "local-admin") == #"{"messaging":{"list":false}}"#)

        #expect(try await harness.call(.delete, "\(Self.project)/room-grants/ops/local-admin").0 == 200)
        let create = try await harness.call(
            .post, "\(Self.project)/room-grants",
            body: #"{"room_id":"ops","user_id":"local-admin","email":null,"invite_redirect_url":null,"permissions":\#(Self.withNulls)}"#
        )
        #expect(create.0 == 200)
        #expect(try await Self.storedText(harness, user: "local-admin") == expected.serialized())
    }

    @Test("rows an older version stored with nulls are served without them, in every list and the single read")
    func cleanedOnRead() async throws {
        let harness = try await ResponderHarness(seedDemo: false)
        #expect(try await harness.call(.post, "\(Self.project)/rooms", body: #"{"name":"legacy","if_not_exists":false}"#).0 == 200)
        // Written the way the store wrote permissions before: the client's JSON verbatim.
        try await harness.store.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO room_grant (room_pk, user_id, project_id, room_name, permissions)
                    SELECT pk, 'local-admin', project_id, name, ? FROM room WHERE name = 'legacy'
                    """,
                arguments: [Self.withNulls]
            )
        }
        let expected = try JSONValue(parsing: Self.withoutNulls)
        #expect(try await Self.servedPermissions(harness, room: "legacy", user: "local-admin") == Array(repeating: expected, count: 5))
        // The pass-through text and the decoded model agree on the cleaned form.
        let stored = try await harness.store.grantList(.project("default"), page: PageRequest(limit: 10))
        #expect(stored.jsonText() == (try stored.page().json.serialized()))
        #expect(try await harness.store.grant(projectID: "default", roomID: "legacy", userID: "local-admin").permissions == expected)
    }

    @Test("the demo seed serves no null at a known field (its older-client grant had messaging.broadcast: null)")
    func demoSeedServesNoKnownNulls() async throws {
        let harness = try await ResponderHarness()
        let grants = try await harness.call(.get, "\(Self.project)/room-grants?limit=500")
        let scopes = try #require(grants.1["room_grants"]?.testArray).compactMap { $0["permissions"] }
        #expect(scopes.count == 60)
        for scope in scopes { #expect(ApiScope.removingNullFields(scope) == scope, "\(scope.serialized())") }
        let older = try #require(scopes.first { $0["database"] != nil })
        #expect(older["messaging"] == (try JSONValue(parsing: #"{"list":true,"send":true}"#)))
        #expect(older["queues"] == nil && older["llm"] == nil && older["admin"] == nil)
    }

    @Test("a null that keeps another spelling from winning is kept (dataset: null beside database)")
    func aliasNullKept() async throws {
        let scope = try JSONValue(parsing: #"{"dataset":null,"database":{"list_tables":null},"datasets":{"tables":null}}"#)
        #expect(ApiScope.removingNullFields(scope) == scope)
        let alone = try JSONValue(parsing: #"{"database":{"list_tables":null,"tables":[{"name":"a","read":null}]}}"#)
        #expect(ApiScope.removingNullFields(alone) == (try JSONValue(parsing: #"{"database":{"tables":[{"name":"a"}]}}"#)))
    }
}
