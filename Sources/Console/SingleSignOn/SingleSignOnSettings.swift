/// `serve`'s OpenID Connect settings (`--oidc-*`, `GRANTDESK_OIDC_CLIENT_SECRET`).
public struct SingleSignOnSettings: Sendable, Hashable {
    /// The issuer URL; discovery reads `<issuer>/.well-known/openid-configuration`.
    public var issuer: String
    public var clientID: String
    public var clientSecret: String
    /// Members of any of these groups sign in as admins.
    public var adminGroups: [String]
    /// Members of any of these groups (and of no admin group) sign in as reviewers.
    public var reviewerGroups: [String]
    /// The ID-token claim listing the user's groups.
    public var groupsClaim: String
    /// Whether the local user-name-and-password form stays available (`--no-local-users` turns it off).
    public var localUsers: Bool
    /// The console's address as browsers reach it (`--public-url`), for the
    /// redirect URI; nil derives it from the request's `Host`.
    public var publicURL: String?
    /// What the button says after "Sign in with" (default: the issuer's host).
    public var displayName: String

    public init(issuer: String, clientID: String, clientSecret: String, adminGroups: [String] = [],
                reviewerGroups: [String] = [], groupsClaim: String = "groups", localUsers: Bool = true,
                publicURL: String? = nil, displayName: String? = nil) {
        self.issuer = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.adminGroups = adminGroups
        self.reviewerGroups = reviewerGroups
        self.groupsClaim = groupsClaim
        self.localUsers = localUsers
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.displayName = displayName ?? Self.host(of: issuer) ?? issuer
    }

    /// The console role for a user in `groups`, or nil: no access.
    public func role(forGroups groups: [String]) -> ConsoleRole? {
        if groups.contains(where: adminGroups.contains) { return .admin }
        if groups.contains(where: reviewerGroups.contains) { return .reviewer }
        return nil
    }

    /// Why `issuer` is unusable, or nil. HTTPS is required except on loopback.
    public static func problem(issuer: String) -> String? {
        guard let host = host(of: issuer) else { return "--oidc-issuer must be an absolute http(s) URL" }
        let loopback = host == "127.0.0.1" || host == "localhost" || host == "[::1]"
        if issuer.hasPrefix("https://") || (issuer.hasPrefix("http://") && loopback) { return nil }
        return "--oidc-issuer must use https:// (plain http only on this machine)"
    }

    private static func host(of url: String) -> String? {
        for scheme in ["https://", "http://"] where url.hasPrefix(scheme) {
            let rest = url.dropFirst(scheme.count)
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            guard !authority.isEmpty, !authority.contains("@") else { return nil }
            if authority.hasPrefix("[") { return authority.firstIndex(of: "]").map { String(authority[...$0]) } }
            return String(authority.prefix { $0 != ":" })
        }
        return nil
    }
}
