/// Why a single sign-on attempt failed. Messages are safe to show and log:
/// they never carry tokens, codes or secrets.
public enum SingleSignOnError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The provider could not be reached or answered with an error status.
    case providerUnavailable(String)
    /// The provider sent a document GrantDesk cannot use.
    case invalidProviderData(String)
    /// The ID token failed a check; names the check.
    case invalidToken(String)
    /// The callback did not match a sign-in this browser started.
    case invalidState
    /// The provider reported an error on the callback (`error=`).
    case refusedByProvider(String)

    public var description: String {
        switch self {
        case .providerUnavailable(let detail): "the identity provider could not be reached: \(detail)"
        case .invalidProviderData(let detail): "the identity provider sent data GrantDesk cannot use: \(detail)"
        case .invalidToken(let detail): "the ID token was refused: \(detail)"
        case .invalidState: "the sign-in response does not belong to a sign-in started in this browser, or was already used"
        case .refusedByProvider(let detail): "the identity provider refused the sign-in: \(detail)"
        }
    }
}
