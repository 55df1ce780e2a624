import GrantModel
import Testing

@Suite struct OAuthClientRulesTests {
    @Test(arguments: ["https://app.example/cb", "https://app.example:8443/a?b=c", "http://localhost/cb", "http://localhost:8080/cb",
                      "http://127.0.0.1:5000/", "http://127.1.2.3/x", "http://[::1]:9/cb", "HTTPS://APP.EXAMPLE/"])
    func accepted(_ uri: String) {
        #expect(OAuthClientRules.redirectURIProblem(uri) == nil)
    }

    @Test(arguments: ["", "http://app.example/cb", "http://localhost.evil.example/", "http://127.0.0.1.evil/", "http://127.0.0.256/",
                      "ftp://x/", "javascript:alert(1)", "/cb", "https://", "https:///x", "https://a b/", "https://x/#f",
                      "https://u:p@x/", "https://x/\u{0}", "http://[::2]/"])
    func refused(_ uri: String) {
        #expect(OAuthClientRules.redirectURIProblem(uri) != nil)
    }

    @Test func typesAndScope() {
        #expect(OAuthClientRules.typeNameProblem("urn:ietf:params:oauth:grant-type:device_code") == nil)
        #expect(OAuthClientRules.typeNameProblem("a b") != nil)
        #expect(OAuthClientRules.typeNameProblem("") != nil)
        #expect(OAuthClientRules.scopeProblem("openid profile") == nil)
        #expect(OAuthClientRules.scopeProblem("") == nil)
        #expect(OAuthClientRules.scopeProblem("a\"b") != nil)
        #expect(OAuthClientRules.firstProblem(grantTypes: ["ok"], responseTypes: ["x y"], redirectURIs: nil, scope: nil)?.field
                == "response_types[0]")
    }

    @Test func payloadRoundTripAndRejectsNonStringMetadata() throws {
        let client = OAuthClient(clientID: "c", clientSecret: "s", grantTypes: ["a"], responseTypes: [], redirectURIs: ["https://x/"],
                                 scope: "", projectID: "p", metadata: ["k": "v"], official: true)
        #expect(try OAuthClient(json: client.json) == client)
        #expect(client.withoutSecret.clientSecret == "")
        let bad = try JSONValue(parsing: #"{"grant_types":[],"response_types":[],"redirect_uris":[],"scope":"","metadata":{"n":1}}"#)
        #expect(throws: PayloadError.self) { try CreateOAuthClientRequest(json: bad) }
    }
}
