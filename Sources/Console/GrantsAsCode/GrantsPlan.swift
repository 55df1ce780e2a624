public import AccountsAPI
public import GrantModel

/// What applying a grants document would do to its project: grants to
/// create, change and delete, each with its effect in plain words.
public struct GrantsPlan: Sendable {
    public enum Action: String, Sendable {
        case create, change, delete
    }

    public struct Step: Sendable {
        public var action: Action
        public var room: String
        /// The room's id upstream (writes address rooms by id).
        public var roomID: String
        public var userID: String
        /// The scope before (change, delete) and after (create, change).
        public var before: JSONValue?
        public var after: JSONValue?
        /// Plain-words lines: the diff for a change, the sections for a create.
        public var lines: [String]
        /// Whether this step gives access the user did not have.
        public var widens: Bool
    }

    public var project: String
    public var steps: [Step]
    /// How many grants the project holds now.
    public var currentCount: Int

    public var isEmpty: Bool { steps.isEmpty }

    /// Reads the project's rooms, members and grants from the upstream and
    /// compares them with `document`. A room the project does not have, or a
    /// user who is neither a member nor holds a grant, is a problem at that
    /// entry's path; nothing is planned then.
    public static func make(_ document: GrantsDocument, accounts: AccountsClient) async throws -> GrantsPlan {
        let project = document.project
        let current = try await allGrants(project, accounts)
        var rooms: [String: String] = [:]
        var offset = 0
        while true {
            let page = try await accounts.rooms(projectID: project, limit: 500, offset: offset)
            for room in page.rooms { rooms[room.name] = room.id }
            offset += page.rooms.count
            if page.rooms.isEmpty || offset >= page.total { break }
        }
        var users = Set(current.map(\.userID))
        offset = 0
        while true {
            let page = try await accounts.members(projectID: project, count: 500, offset: offset)
            users.formUnion(page.members.map(\.id))
            offset += page.members.count
            if page.members.isEmpty || offset >= page.total { break }
        }
        var problems: [GrantsDocumentError.Problem] = []
        for (index, entry) in document.grants.enumerated() {
            if rooms[entry.room] == nil {
                problems.append(.init(path: "grants[\(index)].room", message: "project \(project) has no room named \(JSONValue.string(entry.room).serialized())"))
            }
            if !users.contains(entry.userID) {
                problems.append(.init(path: "grants[\(index)].user_id", message: "no user \(JSONValue.string(entry.userID).serialized()) in project \(project) (not a member, holds no grant)"))
            }
        }
        guard problems.isEmpty else { throw GrantsDocumentError(problems) }
        return compare(document, current: current, roomIDs: rooms)
    }

    /// The steps from `current` to `document` (pure: the tests' entry point too).
    static func compare(_ document: GrantsDocument, current: [RoomGrant], roomIDs: [String: String]) -> GrantsPlan {
        var now: [NamedGrantKey: RoomGrant] = [:]
        for grant in current { now[NamedGrantKey(room: grant.room.name, userID: grant.userID)] = grant }
        var steps: [Step] = []
        let wanted = Set(document.grants.map(\.key))
        for entry in document.grants {
            let roomID = roomIDs[entry.room] ?? entry.room
            let newScope = (try? ApiScope(json: entry.permissions, mode: .lenient)) ?? ApiScope()
            guard let existing = now[entry.key] else {
                let risks = newScope.risks.map(\.message)
                steps.append(Step(action: .create, room: entry.room, roomID: roomID, userID: entry.userID, before: nil,
                                  after: entry.permissions, lines: newScope.explanation.filter(\.isGranted).map { "grants \($0.title)" } + risks,
                                  widens: true))
                continue
            }
            let oldScope = (try? ApiScope(json: existing.permissions, mode: .lenient)) ?? ApiScope()
            guard oldScope != newScope else { continue }
            let diff = newScope.diff(from: oldScope)
            steps.append(Step(action: .change, room: entry.room, roomID: existing.room.id, userID: entry.userID,
                              before: existing.permissions, after: entry.permissions,
                              lines: diff.summaryLines, widens: diff.widens))
        }
        for grant in current where !wanted.contains(NamedGrantKey(room: grant.room.name, userID: grant.userID)) {
            steps.append(Step(action: .delete, room: grant.room.name, roomID: grant.room.id, userID: grant.userID,
                              before: grant.permissions, after: nil, lines: ["revokes all access in this room"], widens: false))
        }
        return GrantsPlan(project: document.project, steps: steps, currentCount: current.count)
    }

    /// Every grant of the project, 500 a page, ordered by room name.
    public static func allGrants(_ project: String, _ accounts: AccountsClient) async throws(UpstreamError) -> [RoomGrant] {
        var grants: [RoomGrant] = []
        while true {
            let page = try await accounts.grants(projectID: project, limit: 500, offset: grants.count)
            grants += page.grants
            if page.grants.isEmpty || grants.count >= page.total { break }
        }
        return grants
    }

    /// The plan in words, one block per step, then the totals.
    public var lines: [String] {
        var out: [String] = []
        for step in steps {
            let sign = switch step.action {
            case .create: "+"
            case .change: "~"
            case .delete: "-"
            }
            let mark = step.widens ? "  [WIDENS ACCESS]" : ""
            out.append("\(sign) \(step.action.rawValue) \(step.room) / \(step.userID)\(mark)")
            out += step.lines.map { "    \($0)" }
        }
        out.append(summary)
        return out
    }

    /// `Plan: 1 to create, 2 to change (1 widening access), 0 to delete.`
    public var summary: String {
        guard !isEmpty else { return "No changes: the grants of project \(project) match the file." }
        let count = { (action: Action) in steps.filter { $0.action == action }.count }
        let widening = steps.filter { $0.action == .change && $0.widens }.count
        return "Plan: \(count(.create)) to create, \(count(.change)) to change (\(widening) widening access), \(count(.delete)) to delete."
    }
}
