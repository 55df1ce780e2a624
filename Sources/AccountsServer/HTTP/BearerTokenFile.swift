import Foundation

/// Bearer tokens read from a file (`accounts-server --token-file`), so they
/// need not be on the command line, which every local user can read
/// (`/proc/<pid>/cmdline`, `ps`).
///
/// One token per line; surrounding whitespace (and a CRLF's CR) is ignored,
/// as are empty lines and lines starting with `#`.
public enum BearerTokenFile {
    /// Why a token file could not be used.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// The tokens in the file at `path`, in order; throws when it cannot be
    /// read or holds no token, never silently falling back to a generated one.
    public static func tokens(atPath path: String) throws(Problem) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(description: "cannot read the token file \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Problem(description: "the token file \(path) is not UTF-8 text")
        }
        let tokens = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !tokens.isEmpty else { throw Problem(description: "the token file \(path) holds no token") }
        return tokens
    }

    /// Whether users other than the owner may read the file (a warning, not
    /// a refusal: mounted secrets are often 0644 inside a container).
    public static func isReadableByOthers(atPath path: String) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let mode = attributes[.posixPermissions] as? NSNumber
        else { return false }
        return mode.intValue & 0o044 != 0
    }
}
