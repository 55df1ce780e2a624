import CryptoPrimitives
import GrantModel
import ParticipantTokens
import Testing

/// Expected values were produced by MeshAgent's SDK (meshagent-api 0.40.0,
/// PyJWT 2.15.1): `ParticipantGrant(name="api", scope=ApiScope.model_validate(x)).to_json()`
/// and `ParticipantToken(...).to_jwt(token=...)`.
@Suite struct ParticipantTokenTests {
    private func tokenScope(_ json: String) throws -> String {
        try ApiScope(jsonText: json, mode: .lenient).participantTokenJSON.serialized()
    }

    @Test func apiGrantLeavesOutAbsentDefaultAndUnknownFields() throws {
        let input = """
            {"memory":{"memories":[{"name":"a","permissions":{}},{"name":"b"},{"name":"c","permissions":{"drop":false}}]},
             "queues":{"list":true,"send":[]},"datasets":{"tables":[{"name":"t","read":true,"write":true}]},
             "containers":{"registry":{}},"sqlite":{"x":1},"livekit":null,"admin":{"config":false,"zzz":1}}
            """
        #expect(try tokenScope(input) == #"{"queues":{"send":[]},"dataset":{"tables":[{"name":"t","write":true}]},"memory":{"memories":[{"name":"a"},{"name":"b"},{"name":"c","permissions":{"drop":false}}]},"containers":{"registry":{}},"admin":{"config":false}}"#)
    }

    @Test func apiGrantKeepsPresentSectionsAndRequiredFieldsInModelOrder() throws {
        let input = """
            {"livekit":{},"messaging":{"broadcast":false,"send":true},
             "storage":{"paths":[{"path":"/a","read_only":false},{"path":"/b","read_only":true}]},
             "secrets":{"request_oauth_token":[{"endpoint":"https://x/*","client_id":"c"}]},"tunnels":{"ports":[]},
             "agents":{"call":false,"allowed_toolkits":["t"]},"containers":{"logs":true,"use_containers":false,"pull":["a*"]}}
            """
        #expect(try tokenScope(input) == #"{"livekit":{},"messaging":{"broadcast":false},"storage":{"paths":[{"path":"/a"},{"path":"/b","read_only":true}]},"containers":{"pull":["a*"],"use_containers":false},"agents":{"call":false,"allowed_toolkits":["t"]},"secrets":{"request_oauth_token":[{"endpoint":"https://x/*","client_id":"c"}]},"tunnels":{"ports":[]}}"#)
    }

    @Test func presetsBecomeEmptySections() {
        #expect(ApiScope.full.participantTokenJSON.serialized() == #"{"livekit":{},"queues":{},"messaging":{},"dataset":{},"memory":{},"sync":{},"storage":{},"containers":{},"developer":{},"agents":{},"llm":{},"admin":{},"secrets":{},"tunnels":{},"services":{}}"#)
        #expect(ApiScope().participantTokenJSON.serialized() == "{}")
    }

    private static let sdkToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE5MDAwMDAwMDAsIm5hbWUiOiJhZGFAZXhhbXBsZS5jb20iLCJncmFudHMiOlt7Im5hbWUiOiJyb29tIiwic2NvcGUiOiJsb2JieSJ9LHsibmFtZSI6InJvbGUiLCJzY29wZSI6InVzZXIifSx7Im5hbWUiOiJhcGkiLCJzY29wZSI6eyJsaXZla2l0Ijp7fSwibWVzc2FnaW5nIjp7ImJyb2FkY2FzdCI6ZmFsc2V9LCJzdG9yYWdlIjp7InBhdGhzIjpbeyJwYXRoIjoiL2EifSx7InBhdGgiOiIvYiIsInJlYWRfb25seSI6dHJ1ZX1dfSwiY29udGFpbmVycyI6eyJwdWxsIjpbImEqIl0sInVzZV9jb250YWluZXJzIjpmYWxzZX0sImFnZW50cyI6eyJjYWxsIjpmYWxzZSwiYWxsb3dlZF90b29sa2l0cyI6WyJ0Il19LCJzZWNyZXRzIjp7InJlcXVlc3Rfb2F1dGhfdG9rZW4iOlt7ImVuZHBvaW50IjoiaHR0cHM6Ly94LyoiLCJjbGllbnRfaWQiOiJjIn1dfSwidHVubmVscyI6eyJwb3J0cyI6W119fX1dLCJzdWIiOiJkZWZhdWx0Iiwia2lkIjoiazEiLCJ2ZXJzaW9uIjoiMC40MC4wIn0.3cN-YzEPmZocWkAR-fzaumhRB-Kfob9Xk6k7FY_fp2I"

    @Test func mintsByteForByteWhatTheSDKMints() throws {
        let scope = try ApiScope(jsonText: """
            {"livekit":{},"messaging":{"broadcast":false},"storage":{"paths":[{"path":"/a"},{"path":"/b","read_only":true}]},
             "containers":{"pull":["a*"],"use_containers":false},"agents":{"call":false,"allowed_toolkits":["t"]},
             "secrets":{"request_oauth_token":[{"endpoint":"https://x/*","client_id":"c"}]},"tunnels":{"ports":[]}}
            """, mode: .lenient)
        let token = ParticipantToken.joining(room: "lobby", name: "ada@example.com", scope: scope, projectID: "default",
                                             keyID: "k1", expiresAt: 1_900_000_000)
        #expect(token.signed(secret: Array("secret-1".utf8)) == Self.sdkToken)
    }

    @Test func readsAndVerifiesTheSDKsToken() throws {
        let jwt = try CompactJWT(parsing: "  \(Self.sdkToken)\n")
        #expect(jwt.hasValidSignature(secret: Array("secret-1".utf8)))
        #expect(!jwt.hasValidSignature(secret: Array("secret-2".utf8)))
        let token = try ParticipantToken(claims: jwt.payload)
        #expect(token.name == "ada@example.com" && token.projectID == "default" && token.keyID == "k1")
        #expect(token.version == "0.40.0" && token.expiresAt == 1_900_000_000 && token.roomName == "lobby")
        #expect(token.grant("role")?.scope == "user")
        #expect(token.claims == jwt.payload)
    }

    @Test func aChangedPayloadNoLongerVerifies() throws {
        let parts = Self.sdkToken.split(separator: ".").map(String.init)
        var claims = try CompactJWT(parsing: Self.sdkToken).payload
        claims["name"] = "mallory@example.com"
        let forged = parts[0] + "." + Base64URL.encode(Array(JSONValue.object(claims).serialized().utf8)) + "." + parts[2]
        #expect(try !CompactJWT(parsing: forged).hasValidSignature(secret: Array("secret-1".utf8)))
    }

    @Test(arguments: [
        ("", JWTError.empty),
        ("a.b", .segmentCount(2)),
        ("a.b.c.d", .segmentCount(4)),
        ("e30=.e30.", .badBase64(.header)),
        ("e30.e30.", .missingAlgorithm),
        ("eyJhbGciOiJub25lIn0.e30.", .unsupportedAlgorithm("none")),
        ("eyJhbGciOiJSUzI1NiJ9.e30.", .unsupportedAlgorithm("RS256")),
        ("eyJhbGciOiJIUzI1NiJ9.e30.a+b", .badBase64(.signature)),
        ("eyJhbGciOiJIUzI1NiJ9.W10.", .notAnObject(.payload)),
    ])
    func malformedTokensAreRefusedNamingThePart(text: String, error: JWTError) {
        #expect(throws: error) { try CompactJWT(parsing: text) }
    }

    @Test func invalidJSONIsNamed() {
        // "{x" in the payload
        #expect {
            try CompactJWT(parsing: "eyJhbGciOiJIUzI1NiJ9.e3g.")
        } throws: { error in
            guard case JWTError.badJSON(.payload, _) = error else { return false }
            return "\(error)".contains("payload")
        }
    }

    @Test func claimsWithTheWrongShapeNameTheClaim() throws {
        #expect(throws: PayloadError(path: "grants[0].name", problem: "missing (expected a string)")) {
            try ParticipantToken(claims: ["name": "n", "grants": [["scope": "x"]]])
        }
        #expect(throws: PayloadError(path: "exp", problem: "expected a number (seconds since 1970)")) {
            try ParticipantToken(claims: ["name": "n", "grants": [], "exp": "soon"])
        }
    }
}

@Suite struct ISO8601TimeTests {
    @Test func readsTheFormsServersWrite() {
        #expect(ISO8601Time.seconds("1970-01-01T00:00:00Z") == 0)
        #expect(ISO8601Time.seconds("2026-12-02T04:03:23Z") == 1_796_184_203)
        #expect(ISO8601Time.seconds("2026-12-02T05:03:23+01:00") == 1_796_184_203)
        #expect(ISO8601Time.seconds("2026-12-02T04:03:23.5") == 1_796_184_203.5)
        #expect(ISO8601Time.seconds("2024-02-29T00:00:00Z") != nil)
        for bad in ["", "2026-02-30T00:00:00Z", "2026-12-02", "2026-12-02T04:03:23Zjunk", "2026-13-01T00:00:00Z"] {
            #expect(ISO8601Time.seconds(bad) == nil, "\(bad)")
        }
    }

    @Test func writesWhatItReads() {
        #expect(ISO8601Time.text(1_796_184_203.9) == "2026-12-02T04:03:23Z")
        for seconds in stride(from: -86_400.0 * 800, to: 86_400 * 40_000, by: 86_400 * 37 + 3_671) {
            #expect(ISO8601Time.seconds(ISO8601Time.text(seconds)) == seconds)
        }
    }
}
