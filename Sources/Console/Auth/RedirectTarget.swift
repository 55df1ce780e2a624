/// Validation of the `next` parameter after sign-in: only same-site paths are
/// followed, so the login page can never become an open redirect.
public enum RedirectTarget {
    /// Where to go when `next` is missing or unsafe.
    public static let fallback = SiteURL.projects.path

    /// `next` when it is a same-site absolute path, else the fallback.
    ///
    /// Accepted: starts with exactly one `/`, no `//` or `/\` prefix (which
    /// browsers treat as scheme-relative), no control characters or
    /// backslashes anywhere (some browsers normalise `\` to `/`), and short.
    public static func safe(_ next: String?) -> String {
        guard let next, isSafe(next) else { return fallback }
        return next
    }

    /// Whether `next` may be redirected to.
    public static func isSafe(_ next: String) -> Bool {
        let bytes = Array(next.utf8)
        guard bytes.count >= 1, bytes.count <= 2048, bytes[0] == UInt8(ascii: "/") else { return false }
        if bytes.count >= 2, bytes[1] == UInt8(ascii: "/") || bytes[1] == UInt8(ascii: "\\") { return false }
        for byte in bytes where byte < 0x21 || byte == 0x7F || byte == UInt8(ascii: "\\") {
            return false
        }
        // The login, logout and change-password pages are never useful destinations.
        let path = next.split(separator: "?", maxSplits: 1).first.map(String.init) ?? next
        if path == SiteURL.login(next: nil).path || path == SiteURL.logout.path
            || path == SiteURL.changePassword(next: nil).path || path.hasPrefix(SiteURL.ssoStart(next: nil).path) {
            return false
        }
        return true
    }
}
