import GrantModel
import Testing

@Suite("Accounts payload decoding")
struct PayloadDecodingTests {
    private func json(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

    @Test("a grant page decodes, keeping unknown permission keys verbatim")
    func grantPage() throws {
        let text = """
            {"room_grants":[{"room":{"id":"r1","name":"team/alpha room","metadata":{"a":1},"annotations":{"k":"v"}},
            "user_id":"u1","permissions":{"sqlite":{"attach":false},"queues":{"send":["a"]}}}],"total":7}
            """
        let page = try GrantList(json: json(text))
        #expect(page.total == 7)
        #expect(page.grants.first?.room.name == "team/alpha room")
        #expect(page.grants.first?.room.annotations == [RoomAnnotation(key: "k", value: "v")])
        let permissions = try #require(page.grants.first?.permissions)
        #expect(permissions == (try json(#"{"sqlite":{"attach":false},"queues":{"send":["a"]}}"#)))
        #expect(try GrantList(json: page.json) == page)
    }

    @Test("a wrong type names the field with its index")
    func wrongTypeNamesField() throws {
        let room = #"{"id":"r","name":"n","metadata":{},"annotations":{}}"#
        let grants = (0..<3).map { _ in #"{"room":\#(room),"user_id":"u","permissions":{}}"# }
            + [#"{"room":{"id":5,"name":"n"},"user_id":"u","permissions":{}}"#]
        let text = #"{"room_grants":[\#(grants.joined(separator: ","))],"total":4}"#
        #expect(throws: PayloadError(path: "room_grants[3].room.id", problem: "expected a string")) {
            try GrantList(json: json(text))
        }
    }

    @Test("missing fields and non-integer totals are errors, not defaults")
    func missingFields() throws {
        #expect(throws: PayloadError(path: "total", problem: "missing (expected an integer)")) {
            try RoomCountList(json: json(#"{"rooms":[]}"#))
        }
        #expect(throws: PayloadError.self) { try RoomCountList(json: json(#"{"rooms":[],"total":1.5}"#)) }
        #expect(throws: PayloadError(path: "", problem: "expected an object")) { try Room(json: json("[]")) }
        #expect(throws: PayloadError(path: "annotations.k", problem: "expected a string")) {
            try Room(json: json(#"{"id":"r","name":"n","annotations":{"k":1}}"#))
        }
    }

    @Test("explicit nulls read as absent where MeshAgent allows them")
    func explicitNulls() throws {
        let users = try UserCountList(json: json(#"{"users":[{"user_id":"u","count":2,"email":null,"first_name":null}],"total":1}"#))
        #expect(users.users == [UserGrantCount(userID: "u", count: 2, email: nil)])
        let room = try Room(json: json(#"{"id":"r","name":"n","metadata":null,"annotations":null}"#))
        #expect(room.metadata.isEmpty && room.annotations.isEmpty)
        let create = try CreateGrantRequest(json: json(#"{"room_id":"r","user_id":null,"email":"a@b.c","permissions":null}"#))
        #expect(create.grantee == .email("a@b.c", inviteRedirectURL: nil))
        #expect(create.permissions == .object(JSONObject()))
    }

    @Test("create-grant bodies carry the unused alternative as null, like the reference client")
    func createGrantShape() throws {
        let body = CreateGrantRequest(roomID: "r", grantee: .user(id: "u"), permissions: .object(JSONObject()))
        #expect(body.json.serialized() == #"{"room_id":"r","user_id":"u","permissions":{},"email":null,"invite_redirect_url":null}"#)
        #expect(try CreateGrantRequest(json: body.json) == body)
        #expect(throws: PayloadError(path: "user_id", problem: "either user_id or email is required")) {
            try CreateGrantRequest(json: json(#"{"room_id":"r","permissions":{}}"#))
        }
    }

    @Test("projects keep keys beyond id and name; roles keep unknown values")
    func projectsAndRoles() throws {
        let list = try ProjectList(json: json(#"{"projects":[{"id":"p","name":"P","plan":"pro"}]}"#))
        #expect(list.projects.first?.extra["plan"] == .string("pro"))
        #expect(list.projects.first?.json == (try json(#"{"id":"p","name":"P","plan":"pro"}"#)))
        #expect(try ProjectRole(json: json(#"{"role":"owner"}"#)).rawValue == "owner")
        #expect(try ProjectRole(json: json(#"{"role":"admin"}"#)) == .admin)
    }

    @Test("members decode the four optional flags")
    func members() throws {
        let page = try MemberList(json: json(#"{"users":[{"id":"u","email":"e","is_admin":true,"can_use_llm_proxy":null}],"total":1}"#))
        #expect(page.members.first?.flags == MemberFlags(isAdmin: true))
        #expect(throws: PayloadError(path: "users[0].is_developer", problem: "expected true or false")) {
            try MemberList(json: json(#"{"users":[{"id":"u","email":"e","is_developer":"yes"}],"total":1}"#))
        }
    }
}
