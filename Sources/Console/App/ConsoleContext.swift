public import HTTPApp
public import HTTPServer
public import Logging

/// The console's typed request context. The auth middleware fills `session`,
/// `user` and `csrfSecret`; handlers read them instead of looking anything up.
public struct ConsoleContext: RequestContext {
    public let requestID: String
    public var logger: Logger
    public var route = MatchedRoute()
    public var parameters = RouteParameters()
    public var clientAddress: String
    /// The signed-in session, or nil on public pages.
    public var session: Session?
    /// The signed-in user, or nil on public pages.
    public var user: ConsoleUser?
    /// The secret behind this request's CSRF tokens: the session's, or the
    /// pre-session cookie's on the login page.
    public var csrfSecret: [UInt8]?
    /// A one-time message left by the previous request (e.g. "Grant saved").
    public var flash: Flash?
    /// The display name of the project the request is under, for pages whose
    /// handlers do not otherwise read the project (the editor); nil: show the id.
    public var projectName: String?

    public init(request: HTTPRequest, requestID: String, logger: Logger) {
        self.requestID = requestID
        self.logger = logger
        self.clientAddress = request.connection.remoteAddress
    }

    /// Throws 403 unless the signed-in user is an admin. The role middleware
    /// already refuses reviewers on every mutating request; this guards
    /// handlers that must never run for a reviewer whatever the method.
    public func requireAdmin() throws(HTTPError) {
        guard let user, user.isAdmin else {
            throw HTTPError(.forbidden, message: "Only admins can change things. Your account is a reviewer account.")
        }
    }
}
