import CryptoPrimitives
import Foundation
import GRDB
public import GrantModel

extension AccountsStore {
    /// The project's OAuth clients, oldest first; the filter matches the
    /// client id, scope or a redirect URI. Secrets are never returned.
    public func oauthClients(projectID: String, page: PageRequest) async throws -> OAuthClientList {
        try await pool.read { db in
            try Self.requireProject(db, projectID)
            var condition = "project_id = ?"
            var arguments: StatementArguments = [projectID]
            if let needle = page.needle {
                condition += " AND (instr(lower(client_id), ?) > 0 OR instr(lower(scope), ?) > 0 OR instr(lower(redirect_uris), ?) > 0)"
                _ = arguments.append(contentsOf: [needle, needle, needle])
            }
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM oauth_client WHERE \(condition)", arguments: arguments) ?? 0
            _ = arguments.append(contentsOf: [page.limit, page.offset])
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM oauth_client WHERE \(condition) ORDER BY created_at, client_id LIMIT ? OFFSET ?",
                arguments: arguments
            )
            return OAuthClientList(clients: try rows.map(Self.oauthClient(from:)), total: total)
        }
    }

    /// One client, without its secret.
    public func oauthClient(projectID: String, clientID: String) async throws -> OAuthClient {
        try await pool.read { db in
            try Self.requireProject(db, projectID)
            return try Self.oauthClient(from: try Self.requireOAuthClient(db, projectID, clientID))
        }
    }

    /// Creates a client with a fresh id and a fresh 256-bit secret from the
    /// CSPRNG; the answer is the only place the secret ever appears.
    public func createOAuthClient(projectID: String, _ request: CreateOAuthClientRequest) async throws -> OAuthClient {
        try Self.validate(grantTypes: request.grantTypes, responseTypes: request.responseTypes,
                          redirectURIs: request.redirectURIs, scope: request.scope)
        let clientID = "gd-" + RandomBytes.hexString(byteCount: 16)
        let secret = Base64URL.encode(RandomBytes.generate(count: 32))
        let client = OAuthClient(
            clientID: clientID, clientSecret: secret, grantTypes: request.grantTypes, responseTypes: request.responseTypes,
            redirectURIs: request.redirectURIs, scope: request.scope, projectID: projectID, metadata: request.metadata,
            official: request.official
        )
        try await pool.write { db in
            try Self.requireProject(db, projectID)
            try db.execute(
                sql: """
                    INSERT INTO oauth_client (project_id, client_id, secret_sha256, grant_types, response_types, redirect_uris,
                                              scope, metadata, official, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [projectID, clientID, SHA256.hex(secret), JSONValue.strings(client.grantTypes).serialized(),
                            JSONValue.strings(client.responseTypes).serialized(), JSONValue.strings(client.redirectURIs).serialized(),
                            client.scope, JSONValue.stringMap(client.metadata).serialized(), client.official ? 1 : 0,
                            Date().timeIntervalSince1970]
            )
        }
        return client
    }

    /// Replaces the fields the request carries.
    public func updateOAuthClient(projectID: String, clientID: String, _ request: UpdateOAuthClientRequest) async throws {
        try Self.validate(grantTypes: request.grantTypes, responseTypes: request.responseTypes,
                          redirectURIs: request.redirectURIs, scope: request.scope)
        var assignments: [String] = []
        var arguments: StatementArguments = []
        func set(_ column: String, _ value: (any DatabaseValueConvertible)?) {
            guard let value else { return }
            assignments.append("\(column) = ?")
            _ = arguments.append(contentsOf: [value])
        }
        set("grant_types", request.grantTypes.map { JSONValue.strings($0).serialized() })
        set("response_types", request.responseTypes.map { JSONValue.strings($0).serialized() })
        set("redirect_uris", request.redirectURIs.map { JSONValue.strings($0).serialized() })
        set("scope", request.scope)
        set("metadata", request.metadata.map { JSONValue.stringMap($0).serialized() })
        set("official", request.official.map { $0 ? 1 : 0 })
        try await pool.write { [assignments, arguments] db in
            try Self.requireProject(db, projectID)
            _ = try Self.requireOAuthClient(db, projectID, clientID)
            guard !assignments.isEmpty else { return }
            var all = arguments
            _ = all.append(contentsOf: [projectID, clientID])
            try db.execute(sql: "UPDATE oauth_client SET \(assignments.joined(separator: ", ")) WHERE project_id = ? AND client_id = ?",
                           arguments: all)
        }
    }

    /// Deletes a client.
    public func deleteOAuthClient(projectID: String, clientID: String) async throws {
        try await pool.write { db in
            try Self.requireProject(db, projectID)
            _ = try Self.requireOAuthClient(db, projectID, clientID)
            try db.execute(sql: "DELETE FROM oauth_client WHERE project_id = ? AND client_id = ?", arguments: [projectID, clientID])
        }
    }

    /// Whether `secret` is the client's secret (constant-time comparison of the hashes).
    public func verifyOAuthClientSecret(projectID: String, clientID: String, secret: String) async throws -> Bool {
        let stored = try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT secret_sha256 FROM oauth_client WHERE project_id = ? AND client_id = ?",
                                arguments: [projectID, clientID])
        }
        guard let stored else { return false }
        return ConstantTime.equals(Array(stored.utf8), Array(SHA256.hex(secret).utf8))
    }

    private static func validate(grantTypes: [String]?, responseTypes: [String]?, redirectURIs: [String]?, scope: String?) throws {
        if let (field, message) = OAuthClientRules.firstProblem(grantTypes: grantTypes, responseTypes: responseTypes,
                                                                redirectURIs: redirectURIs, scope: scope) {
            throw AccountsStoreError.invalid("Invalid request body: \(field) \(message).")
        }
    }

    private static func requireOAuthClient(_ db: Database, _ projectID: String, _ clientID: String) throws -> Row {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM oauth_client WHERE project_id = ? AND client_id = ?",
                                         arguments: [projectID, clientID]) else {
            throw AccountsStoreError.notFound("OAuth client not found.")
        }
        return row
    }

    private static func oauthClient(from row: Row) throws -> OAuthClient {
        func strings(_ column: String) throws -> [String] {
            try JSONField(root: try JSONValue(parsing: row[column] as String)).strings()
        }
        return OAuthClient(
            clientID: row["client_id"], grantTypes: try strings("grant_types"), responseTypes: try strings("response_types"),
            redirectURIs: try strings("redirect_uris"), scope: row["scope"], projectID: row["project_id"],
            metadata: try JSONField(root: try JSONValue(parsing: row["metadata"] as String)).stringMap(),
            official: (row["official"] as Int) != 0
        )
    }
}
