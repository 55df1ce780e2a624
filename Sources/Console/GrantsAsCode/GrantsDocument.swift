public import GrantModel

/// A project's grants as one JSON document, for keeping in git
/// (`grantdesk export`, `plan`, `apply`):
///
/// ```json
/// {"format": "grantdesk-grants/1", "project": "default",
///  "grants": [{"room": "lobby", "user_id": "user-1", "permissions": {…}, "expires_at": null}, …]}
/// ```
///
/// Rooms by name, users by id, each scope in full (unknown keys included),
/// sorted by room then user, so an export diffs well. `expires_at` is an
/// ISO 8601 UTC time or null.
public struct GrantsDocument: Sendable, Hashable {
    public static let format = "grantdesk-grants/1"

    public struct Entry: Sendable, Hashable {
        public var room: String
        public var userID: String
        /// The ApiScope exactly as stored (or as written in the file).
        public var permissions: JSONValue
        /// When GrantDesk revokes the grant, seconds since 1970; nil: never.
        public var expiresAt: Double?

        public init(room: String, userID: String, permissions: JSONValue, expiresAt: Double? = nil) {
            self.room = room
            self.userID = userID
            self.permissions = permissions
            self.expiresAt = expiresAt
        }

        var key: NamedGrantKey { NamedGrantKey(room: room, userID: userID) }
    }

    public var project: String
    /// In the file's order when read (so problems name the file's positions).
    public var grants: [Entry]

    public init(project: String, grants: [Entry]) {
        self.project = project
        self.grants = grants
    }

    /// The grants by room name, then user id (byte order): the order files are written in.
    public var sortedGrants: [Entry] {
        grants.sorted { a, b in
            if a.room != b.room { return a.room.utf8.lexicographicallyPrecedes(b.room.utf8) }
            return a.userID.utf8.lexicographicallyPrecedes(b.userID.utf8)
        }
    }

    /// The document as pretty JSON text with a final newline, grants sorted.
    public var text: String {
        let entries: [JSONValue] = sortedGrants.map { entry in
            .object([
                "room": .string(entry.room), "user_id": .string(entry.userID), "permissions": entry.permissions,
                "expires_at": entry.expiresAt.map { .string(ISO8601Time.text($0)) } ?? .null,
            ])
        }
        let document: JSONValue = .object([
            "format": .string(Self.format), "project": .string(project), "grants": .array(entries),
        ])
        return document.serialized(pretty: true) + "\n"
    }

    /// Reads a document; every problem names its place (`grants[3].permissions.queues.send`).
    /// All problems are collected, so one run shows everything to fix.
    public init(text: String) throws(GrantsDocumentError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: text)
        } catch {
            throw GrantsDocumentError([.init(path: "", message: "not valid JSON: \(error.description)")])
        }
        var problems: [GrantsDocumentError.Problem] = []
        guard case .object(let root) = json else {
            throw GrantsDocumentError([.init(path: "", message: "expected a JSON object with project and grants")])
        }
        if let format = root["format"], format != .string(Self.format) {
            problems.append(.init(path: "format", message: "expected \"\(Self.format)\""))
        }
        guard case .string(let project)? = root["project"], !project.isEmpty else {
            throw GrantsDocumentError(problems + [.init(path: "project", message: "expected the project id (a non-empty string)")])
        }
        guard case .array(let elements)? = root["grants"] else {
            throw GrantsDocumentError(problems + [.init(path: "grants", message: "expected a list of grants")])
        }
        for key in root.keys where !["format", "project", "grants"].contains(key) {
            problems.append(.init(path: key, message: "unknown field"))
        }
        var entries: [Entry] = []
        var seen: [NamedGrantKey: Int] = [:]
        for (index, element) in elements.enumerated() {
            let at = "grants[\(index)]"
            guard case .object(let object) = element else {
                problems.append(.init(path: at, message: "expected an object with room, user_id and permissions"))
                continue
            }
            for key in object.keys where !["room", "user_id", "permissions", "expires_at"].contains(key) {
                problems.append(.init(path: "\(at).\(key)", message: "unknown field"))
            }
            guard case .string(let room)? = object["room"], !room.isEmpty else {
                problems.append(.init(path: "\(at).room", message: "expected the room's name (a non-empty string)"))
                continue
            }
            guard case .string(let userID)? = object["user_id"], !userID.isEmpty else {
                problems.append(.init(path: "\(at).user_id", message: "expected the user's id (a non-empty string)"))
                continue
            }
            guard let permissions = object["permissions"], case .object = permissions else {
                problems.append(.init(path: "\(at).permissions", message: "expected an ApiScope object"))
                continue
            }
            for problem in ApiScope.validate(permissions, mode: .lenient) {
                let inner = problem.path.description
                problems.append(.init(path: "\(at).permissions" + (inner.isEmpty ? "" : ".\(inner)"), message: problem.message))
            }
            var expiresAt: Double?
            switch object["expires_at"] {
            case nil, .null?: expiresAt = nil
            case .string(let text)?:
                guard let seconds = ISO8601Time.seconds(text) else {
                    problems.append(.init(path: "\(at).expires_at", message: "expected an ISO 8601 date and time (2026-03-01T09:30:00Z) or null"))
                    continue
                }
                expiresAt = seconds
            default:
                problems.append(.init(path: "\(at).expires_at", message: "expected an ISO 8601 date and time or null"))
                continue
            }
            let entry = Entry(room: room, userID: userID, permissions: permissions, expiresAt: expiresAt)
            if let first = seen[entry.key] {
                problems.append(.init(path: at, message: "repeats the grant at grants[\(first)] (same room and user)"))
                continue
            }
            seen[entry.key] = index
            entries.append(entry)
        }
        guard problems.isEmpty else { throw GrantsDocumentError(problems) }
        self.init(project: project, grants: entries)
    }
}

/// (room name, user id): what identifies a grant in a grants document
/// (snapshots key grants by room id instead, `GrantKey`).
struct NamedGrantKey: Sendable, Hashable {
    var room: String
    var userID: String
}

/// Why a grants document cannot be used, each problem at its JSON path.
public struct GrantsDocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { path.isEmpty ? message : "\(path): \(message)" }
    }

    public var problems: [Problem]

    public init(_ problems: [Problem]) {
        self.problems = problems
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
