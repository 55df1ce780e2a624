import CryptoPrimitives
import Foundation

/// The secret that keys the audit chain's hashes (HMAC-SHA256). It lives
/// outside the database (`audit.key` in the data directory, 0600, or the file
/// given by `--audit-key-file`), so someone who can rewrite `console.sqlite`
/// cannot recompute a chain that verifies.
public struct AuditKey: Sendable {
    /// The key length: HMAC-SHA256's output size; a longer key adds nothing.
    public static let byteCount = 32
    /// The key file's name in the data directory when no flag names one.
    public static let fileName = "audit.key"

    let bytes: [UInt8]

    /// Nil unless `bytes` holds exactly `byteCount` bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    /// A fresh random key (kept only in memory unless written by `loadOrCreate`).
    public static func generate() -> AuditKey {
        AuditKey(uncheckedBytes: RandomBytes.generate(count: byteCount))
    }

    private init(uncheckedBytes: [UInt8]) { bytes = uncheckedBytes }

    /// The key file at `path`: raw 32 bytes, or 64 hex digits (so
    /// `openssl rand -hex 32` works). When the file does not exist it is
    /// created with a new random key, mode 0600; `created` says this call made
    /// it, which is the moment an older unkeyed chain gets sealed.
    public static func loadOrCreate(path: String) throws(AuditKeyError) -> (key: AuditKey, created: Bool) {
        if let existing = try load(path: path) { return (existing, false) }
        let key = generate()
        // Write a private temporary file, then link it into place: link(2)
        // fails if the name exists, so two processes starting at once agree
        // on one key and nobody ever reads a half-written file.
        let temporary = path + ".tmp-" + RandomBytes.hexString(byteCount: 6)
        defer { unlink(temporary) }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .unwritable(path: path, reason: String(cString: strerror(errno))) }
        let written = key.bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == byteCount, synced else {
            throw .unwritable(path: path, reason: "could not write the key")
        }
        if link(temporary, path) != 0 {
            guard errno == EEXIST, let winner = try load(path: path) else {
                throw .unwritable(path: path, reason: String(cString: strerror(errno)))
            }
            return (winner, false)
        }
        return (key, true)
    }

    /// The key in the file at `path`, or nil when there is no such file.
    static func load(path: String) throws(AuditKeyError) -> AuditKey? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "permission denied or not a file")
        }
        let raw = [UInt8](data)
        if let key = AuditKey(bytes: raw) { return key }
        let text = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if let decoded = Hex.decode(text), let key = AuditKey(bytes: decoded) { return key }
        throw .unreadable(path: path, reason: "expected 32 bytes or 64 hex digits, found \(raw.count) bytes")
    }

    /// The chain's tag of `message`: HMAC-SHA256, lowercase hex.
    func tag(_ message: String) -> String {
        Hex.encode(HMAC.sha256(key: bytes, message: Array(message.utf8)))
    }
}

/// The audit key file could not be read or created; names the file, never the key.
public enum AuditKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read the audit key \(path): \(reason)"
        case .unwritable(let path, let reason): "cannot create the audit key \(path): \(reason)"
        }
    }
}
