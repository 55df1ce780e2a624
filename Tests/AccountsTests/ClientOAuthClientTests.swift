import AccountsAPI
import GrantModel
import Testing
@testable import GrantDeskTesting

/// OAuth clients through the typed client against the embedded API, over a real socket.
@Suite("Client ↔ embedded API: OAuth clients")
struct ClientOAuthClientTests {
    let project = EmbeddedAccountsHarness.project
    let request = CreateOAuthClientRequest(
        grantTypes: ["authorization_code", "refresh_token"], responseTypes: ["code"],
        redirectURIs: ["https://app.example/cb", "http://localhost:9000/cb", "http://[::1]/cb"],
        scope: "openid email", metadata: ["team": "web", "b": "2"]
    )

    @Test("create returns a fresh CSPRNG secret once; get and list never; the store keeps only its hash")
    func createGetList() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = harness.client
        let created = try await client.createOAuthClient(projectID: project, request)
        #expect(created.clientSecret.count == 43)
        #expect(created.projectID == project && created.grantTypes == request.grantTypes && created.metadata == request.metadata)
        let other = try await client.createOAuthClient(projectID: project, request)
        #expect(other.clientID != created.clientID && other.clientSecret != created.clientSecret)

        let fetched = try await client.oauthClient(projectID: project, clientID: created.clientID)
        #expect(fetched == created.withoutSecret)
        let list = try await client.oauthClients(projectID: project)
        #expect(list.total == 2 && list.clients.map(\.clientID) == [created.clientID, other.clientID])
        #expect(list.clients.allSatisfy { $0.clientSecret.isEmpty })
        #expect(try await client.oauthClients(projectID: project, count: 1, offset: 1).clients.map(\.clientID) == [other.clientID])

        // Stored hashed: the secret appears nowhere in the database, yet verifies.
        let stored = try await harness.store.pool.read { db in try String.fetchAll(db, sql: "SELECT secret_sha256 FROM oauth_client") }
        #expect(!stored.contains(created.clientSecret) && stored.allSatisfy { $0.count == 64 })
        #expect(try await harness.store.verifyOAuthClientSecret(projectID: project, clientID: created.clientID, secret: created.clientSecret))
        #expect(try await !harness.store.verifyOAuthClientSecret(projectID: project, clientID: created.clientID, secret: other.clientSecret))
    }

    @Test("update changes only the fields sent; delete; then 404")
    func updateDelete() async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        let client = harness.client
        let created = try await client.createOAuthClient(projectID: project, request)
        try await client.updateOAuthClient(projectID: project, clientID: created.clientID,
                                           UpdateOAuthClientRequest(redirectURIs: ["https://new.example/cb"], scope: "email"))
        let now = try await client.oauthClient(projectID: project, clientID: created.clientID)
        #expect(now.redirectURIs == ["https://new.example/cb"] && now.scope == "email" && now.grantTypes == request.grantTypes)
        try await client.deleteOAuthClient(projectID: project, clientID: created.clientID)
        let gone = await upstreamError { try await client.oauthClient(projectID: project, clientID: created.clientID) }
        guard case .notFound? = gone else { Issue.record("got \(String(describing: gone))"); return }
        let again = await upstreamError { try await client.deleteOAuthClient(projectID: project, clientID: created.clientID) }
        guard case .notFound? = again else { Issue.record("got \(String(describing: again))"); return }
    }

    @Test("refused redirect URIs and type names are 400s naming the field", arguments: [
        ("http://app.example/cb", "redirect_uris[0]"), ("app.example/cb", "redirect_uris[0]"), ("https://x/cb#f", "redirect_uris[0]"),
        ("https://user@x/cb", "redirect_uris[0]"), ("http://127.0.0.1.evil.example/", "redirect_uris[0]"),
    ])
    func refused(uri: String, field: String) async throws {
        let harness = try await EmbeddedAccountsHarness()
        defer { Task { await harness.shutdown() } }
        var bad = request
        bad.redirectURIs = [uri]
        let error = await upstreamError { try await harness.client.createOAuthClient(projectID: project, bad) }
        guard case .validation(let failure)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(failure.message.contains(field))
        var badType = request
        badType.grantTypes = ["auth code"]
        let typeError = await upstreamError { try await harness.client.createOAuthClient(projectID: project, badType) }
        guard case .validation(let typeFailure)? = typeError else { Issue.record("got \(String(describing: typeError))"); return }
        #expect(typeFailure.message.contains("grant_types[0]"))
    }
}
