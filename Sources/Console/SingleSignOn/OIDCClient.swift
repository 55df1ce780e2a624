import CryptoPrimitives
import Foundation
import GrantModel
import HTTPClient
import URLText

/// The console's side of the authorization-code flow with one provider:
/// discovery (fetched on first use and kept; fetched again after a failure),
/// the authorization URL with PKCE, the token request, and the ID token's
/// verifier over the provider's JWKS.
actor OIDCClient {
    let settings: SingleSignOnSettings
    private let http: HTTPClient
    private let clock: ConsoleClock
    private var metadata: OIDCProviderMetadata?
    private var keys: JWKSCache?

    init(settings: SingleSignOnSettings, http: HTTPClient = HTTPClient(), clock: ConsoleClock) {
        self.settings = settings
        self.http = http
        self.clock = clock
    }

    /// The provider's discovery document.
    func provider() async throws(SingleSignOnError) -> OIDCProviderMetadata {
        if let metadata { return metadata }
        let body = try await get(settings.issuer + "/.well-known/openid-configuration", what: "discovery")
        let loaded = try OIDCProviderMetadata(parsing: body, expectedIssuer: settings.issuer)
        metadata = loaded
        return loaded
    }

    /// The verifier for ID tokens of this provider.
    func verifier() async throws(SingleSignOnError) -> IDTokenVerifier {
        let provider = try await provider()
        let keys = self.keys ?? JWKSCache(clock: clock) { [http] in
            try await Self.get(provider.jwksURI, what: "JWKS", http: http)
        }
        self.keys = keys
        return IDTokenVerifier(issuer: provider.issuer, clientID: settings.clientID, groupsClaim: settings.groupsClaim,
                               clock: clock, keys: keys)
    }

    /// Where to send the browser to sign in.
    func authorizationURL(state: String, nonce: String, codeVerifier: String,
                          redirectURI: String) async throws(SingleSignOnError) -> String {
        let endpoint = try await provider().authorizationEndpoint
        let query = Self.form([
            ("response_type", "code"), ("client_id", settings.clientID), ("redirect_uri", redirectURI),
            ("scope", "openid email profile \(settings.groupsClaim)"), ("state", state), ("nonce", nonce),
            ("code_challenge", Self.challenge(codeVerifier)), ("code_challenge_method", "S256"),
        ])
        return endpoint + (endpoint.contains("?") ? "&" : "?") + query
    }

    /// Trades the authorization code for tokens; returns the ID token.
    func exchange(code: String, codeVerifier: String, redirectURI: String) async throws(SingleSignOnError) -> String {
        let provider = try await provider()
        var fields = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
                      ("code_verifier", codeVerifier)]
        var headers = [HTTPClientHeader("Content-Type", "application/x-www-form-urlencoded"),
                       HTTPClientHeader("Accept", "application/json")]
        if provider.postsClientSecret {
            fields += [("client_id", settings.clientID), ("client_secret", settings.clientSecret)]
        } else {
            // RFC 6749 §2.3.1: both halves form-encoded before Basic encoding.
            let pair = settings.clientID.percentEncodedComponent() + ":" + settings.clientSecret.percentEncodedComponent()
            headers.append(HTTPClientHeader("Authorization", "Basic " + Base64.encode(Array(pair.utf8))))
        }
        let request = HTTPClientRequest(method: "POST", url: provider.tokenEndpoint, headers: headers,
                                        body: Array(Self.form(fields).utf8))
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request)
        } catch {
            throw .providerUnavailable("the token request failed (\(error))")
        }
        let document = try? JSONValue(parsing: response.body)
        guard response.status == 200 else {
            let code = document?["error"]?.stringValue.map { " (\($0.prefix(80)))" } ?? ""
            throw .refusedByProvider("the token endpoint answered \(response.status)\(code)")
        }
        guard let idToken = document?["id_token"]?.stringValue else {
            throw .invalidProviderData("the token response has no id_token")
        }
        return idToken
    }

    /// The provider's logout address, if it has one.
    func endSessionURL(idToken: String?, postLogoutRedirectURI: String) async -> String? {
        guard let endpoint = try? await provider().endSessionEndpoint else { return nil }
        let query = Self.form((idToken.map { [("id_token_hint", $0)] } ?? [])
            + [("client_id", settings.clientID), ("post_logout_redirect_uri", postLogoutRedirectURI)])
        return endpoint + (endpoint.contains("?") ? "&" : "?") + query
    }

    private func get(_ url: String, what: String) async throws(SingleSignOnError) -> [UInt8] {
        try await Self.get(url, what: what, http: http)
    }

    private static func get(_ url: String, what: String, http: HTTPClient) async throws(SingleSignOnError) -> [UInt8] {
        let response: HTTPClientResponse
        do {
            response = try await http.execute(HTTPClientRequest(method: "GET", url: url,
                                                                headers: [HTTPClientHeader("Accept", "application/json")]))
        } catch {
            throw .providerUnavailable("fetching the \(what) document failed (\(error))")
        }
        guard response.status == 200 else { throw .providerUnavailable("the \(what) document answered \(response.status)") }
        return response.body
    }

    /// PKCE's S256 challenge (RFC 7636 §4.2).
    static func challenge(_ verifier: String) -> String {
        Base64URL.encode(SHA256.hash(Array(verifier.utf8)))
    }

    static func form(_ fields: [(String, String)]) -> String {
        fields.map { $0.0.percentEncodedComponent() + "=" + $0.1.percentEncodedComponent() }.joined(separator: "&")
    }
}
