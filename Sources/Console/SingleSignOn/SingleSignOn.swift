import HTTPClient
import HTTPServer

/// Single sign-on with one OpenID Connect provider, built once at start-up
/// when `--oidc-issuer` is given.
public struct SingleSignOn: Sendable {
    public let settings: SingleSignOnSettings
    let client: OIDCClient
    let pending: PendingSignInStore
    let users: SingleSignOnUsers

    /// - Parameter http: the client for the provider (tests pass one that trusts their CA).
    public init(settings: SingleSignOnSettings, database: ConsoleDatabase, clock: ConsoleClock = .system,
                http: HTTPClient = HTTPClient()) {
        self.settings = settings
        self.client = OIDCClient(settings: settings, http: http, clock: clock)
        self.pending = PendingSignInStore(database: database, clock: clock)
        self.users = SingleSignOnUsers(database: database, clock: clock)
    }

    /// The console's own address for links the provider follows back:
    /// `--public-url`, else the scheme and `Host` of this request.
    func baseURL(_ request: HTTPRequest) -> String {
        if let publicURL = settings.publicURL { return publicURL }
        let host = request.headers["Host"] ?? "localhost"
        return (request.connection.isSecure ? "https://" : "http://") + host
    }

    func redirectURI(_ request: HTTPRequest) -> String {
        baseURL(request) + SiteURL.ssoCallback.path
    }
}
