/// The model of `error.mustache`, for every status the console answers with.
public struct ErrorView: Sendable, Hashable {
    public var status: Int
    public var title: String
    /// Safe, user-facing text; never internal error details.
    public var message: String
    /// Set on 401/403 for signed-out visitors, to offer a way back in.
    public var signInURL: String?
    public var homeURL = SiteURL.projects.path

    public init(status: Int, title: String, message: String, signInURL: String? = nil) {
        self.status = status
        self.title = title
        self.message = message
        self.signInURL = signInURL
    }

    /// Headline per status, in plain words.
    static func title(for status: Int) -> String {
        switch status {
        case 400: "The request was not understood"
        case 408: "The request took too long"
        case 414: "The address is too long"
        case 431: "The request headers are too large"
        case 501: "Not supported"
        case 505: "HTTP version not supported"
        case 401: "Please sign in"
        case 403: "Not allowed"
        case 404: "Page not found"
        case 405: "Not allowed here"
        case 409: "Conflict"
        case 422: "Not accepted"
        case 413: "Too large"
        case 429: "Too many requests"
        case 502: "MeshAgent answered with an error"
        case 503: "MeshAgent is unavailable"
        case 504: "MeshAgent did not answer in time"
        case 500..<600: "Something went wrong"
        default: "Error \(status)"
        }
    }

    /// The message used when the error carries none fit to show.
    static func defaultMessage(for status: Int) -> String {
        switch status {
        case 500: "GrantDesk hit an unexpected problem. Nothing was saved. If it keeps happening, give the request id below to your administrator."
        case 502, 503, 504: "MeshAgent's accounts API could not be used, so nothing was saved. Try again in a moment."
        case 413: "The request is larger than GrantDesk accepts (a file uploaded through the console may be up to \(ConsoleBodyLimit.storageStream >> 20) MiB, or \(ConsoleBodyLimit.storageUpload >> 20) MiB with JavaScript off). Nothing was saved."
        case 400, 408, 414, 431, 501, 505: "The browser sent a request GrantDesk cannot handle. Nothing was saved."
        default: "The request could not be completed."
        }
    }
}
