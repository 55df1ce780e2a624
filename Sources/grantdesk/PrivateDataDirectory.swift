import Foundation

/// Keeps the data directory private to the account running GrantDesk: it
/// holds password hashes, session ids, the audit key, TLS keys and the
/// embedded accounts data. Run before anything opens a file in it.
enum PrivateDataDirectory {
    /// Sets the process umask to 077, so every file and directory created
    /// from here on (SQLite's `-wal`/`-shm` files included) is owner-only,
    /// then creates `path` (0700) or, when it exists, takes group and other
    /// permissions off it and everything in it: data directories made by
    /// earlier versions were 0755 with 0644 databases.
    static func prepare(_ path: String) throws {
        umask(0o077)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try restrict(path)
        guard let contents = FileManager.default.enumerator(atPath: path) else { return }
        for case let relative as String in contents {
            try restrict(path + "/" + relative)
        }
    }

    /// Clears the group and other bits of one directory or file; leaves
    /// symbolic links (and whatever they point to) alone.
    private static func restrict(_ path: String) throws {
        var status = stat()
        guard lstat(path, &status) == 0 else { throw failure(path) }
        guard status.st_mode & S_IFMT != S_IFLNK, status.st_mode & 0o077 != 0 else { return }
        guard chmod(path, status.st_mode & 0o7700) == 0 else { throw failure(path) }
    }

    private static func failure(_ path: String) -> PrivateDataDirectoryError {
        PrivateDataDirectoryError(path: path, reason: String(cString: strerror(errno)))
    }
}

/// A file in the data directory that could not be made private.
struct PrivateDataDirectoryError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot make \(path) private (owner-only): \(reason)" }
}
