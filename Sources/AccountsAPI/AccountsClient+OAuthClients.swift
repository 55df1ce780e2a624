public import GrantModel

extension AccountsClient {
    /// `GET …/oauth/clients?count=&offset=&filter=`: the project's OAuth clients (no secrets).
    public func oauthClients(projectID: String, count: Int = 100, offset: Int = 0, filter: String = "")
        async throws(UpstreamError) -> OAuthClientList {
        var path = AccountsPath.project(projectID, "/oauth/clients").query("count", count).query("offset", offset)
        if !filter.isEmpty { path = path.query("filter", filter) }
        return try await send("GET", path, as: OAuthClientList.self)
    }

    /// `GET …/oauth/clients/{client_id}`: one client (no secret).
    public func oauthClient(projectID: String, clientID: String) async throws(UpstreamError) -> OAuthClient {
        try await send("GET", AccountsPath.project(projectID, "/oauth/clients").appending(clientID), as: OAuthClient.self)
    }

    /// `POST …/oauth/clients`: creates a client; the answer carries its secret, the only time it is sent.
    public func createOAuthClient(projectID: String, _ request: CreateOAuthClientRequest) async throws(UpstreamError) -> OAuthClient {
        try await send("POST", .project(projectID, "/oauth/clients"), body: request.json, as: OAuthClient.self)
    }

    /// `PUT …/oauth/clients/{client_id}`: replaces the fields the request carries.
    public func updateOAuthClient(projectID: String, clientID: String, _ request: UpdateOAuthClientRequest) async throws(UpstreamError) {
        try await send("PUT", AccountsPath.project(projectID, "/oauth/clients").appending(clientID), body: request.json)
    }

    /// `DELETE …/oauth/clients/{client_id}`.
    public func deleteOAuthClient(projectID: String, clientID: String) async throws(UpstreamError) {
        try await send("DELETE", AccountsPath.project(projectID, "/oauth/clients").appending(clientID))
    }
}
