import HTTPApp
import HTTPServer

/// How large a body the console's server reads for a request, decided from
/// the head alone before the body is read (the server's body-limit policy).
///
/// Before sign-in nothing needs more than a small form, so an anonymous
/// client cannot make the server buffer a megabyte per connection: the
/// sign-in form, and any request without a session cookie, get
/// ``beforeSignIn``. The server knows nothing of sessions, so this only
/// looks at whether a session cookie is present; a forged cookie buys the
/// full limit for one request that the authentication middleware then
/// refuses, which is no worse than today.
enum ConsoleBodyLimit {
    /// The body limit on `/login` and for requests without a session cookie.
    static let beforeSignIn = 16 * 1024

    /// The body limit of every signed-in request but a storage upload.
    static let signedIn = 1024 * 1024
    /// A multipart (no-JavaScript) storage upload's limit: that body is
    /// collected before it is parsed, so it is held in memory on its way.
    static let storageUpload = 16 * 1024 * 1024
    /// A raw storage upload's limit (`storage.js`): that body streams through
    /// to the upstream as it arrives (see ``isStreamedUpload(_:)``).
    static let storageStream = 100 * 1024 * 1024
    /// The server's ceiling: the largest of the limits above.
    static let ceiling = storageStream

    /// The policy given to the server: ``beforeSignIn``, ``signedIn``, or
    /// ``storageUpload`` for `POST /projects/{pid}/storage/upload`.
    static func limit(for head: RequestHead) -> Int {
        // Every request's head passes here: cut the query at its byte, not by
        // splitting the target into an array of Characters.
        let target = head.target
        let path = target.firstIndex(ofASCII: UInt8(ascii: "?")).map { target[..<$0] } ?? target[...]
        if path == SiteRoute.login.rawValue || Cookies.value(Cookies.session, in: head.headers) == nil {
            return beforeSignIn
        }
        guard head.method == .post else { return signedIn }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if segments.count == 5, segments[1] == "projects", segments[3] == "storage", segments[4] == "upload" {
            return isMultipart(head) ? storageUpload : storageStream
        }
        return signedIn
    }

    /// Whether the server hands the body to the responder as it arrives:
    /// a signed-in raw storage upload (a multipart form is collected).
    static func isStreamedUpload(_ head: RequestHead) -> Bool {
        limit(for: head) == storageStream && !isMultipart(head)
    }

    private static func isMultipart(_ head: RequestHead) -> Bool {
        head.headers["Content-Type"].map { MediaType.essence(of: $0) == "multipart/form-data" } ?? false
    }
}
