import GrantModel

/// The parts of the provider's discovery document the console uses
/// (OpenID Connect Discovery 1.0 §3).
struct OIDCProviderMetadata: Sendable, Equatable {
    var issuer: String
    var authorizationEndpoint: String
    var tokenEndpoint: String
    var jwksURI: String
    var endSessionEndpoint: String?
    /// Whether the token endpoint takes the client secret in the body
    /// (`client_secret_post`) rather than HTTP Basic (the default).
    var postsClientSecret: Bool

    init(parsing body: [UInt8], expectedIssuer: String) throws(SingleSignOnError) {
        guard let document = try? JSONValue(parsing: body), document.objectValue != nil else {
            throw .invalidProviderData("the discovery document is not a JSON object")
        }
        func url(_ name: String) throws(SingleSignOnError) -> String {
            guard let value = document[name]?.stringValue, value.hasPrefix("https://") || value.hasPrefix("http://") else {
                throw .invalidProviderData("the discovery document has no \(name)")
            }
            return value
        }
        let issuer = try url("issuer")
        // Discovery §4.3: the document must name the issuer it was fetched for.
        guard issuer == expectedIssuer || issuer == expectedIssuer + "/" else {
            throw .invalidProviderData("the discovery document is for issuer \(issuer), not \(expectedIssuer)")
        }
        self.issuer = issuer
        authorizationEndpoint = try url("authorization_endpoint")
        tokenEndpoint = try url("token_endpoint")
        jwksURI = try url("jwks_uri")
        endSessionEndpoint = try? url("end_session_endpoint")
        let methods = document["token_endpoint_auth_methods_supported"]?.arrayValue?.compactMap(\.stringValue)
            ?? ["client_secret_basic"]
        postsClientSecret = !methods.contains("client_secret_basic") && methods.contains("client_secret_post")
        if let challenge = document["code_challenge_methods_supported"]?.arrayValue?.compactMap(\.stringValue),
           !challenge.contains("S256") {
            throw .invalidProviderData("the provider does not support PKCE with S256")
        }
    }
}
