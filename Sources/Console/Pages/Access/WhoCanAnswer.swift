import AccountsAPI
import GrantModel

/// The whole project's answer to "who can do X?": every grant of a
/// `GrantSource` decided (each distinct scope once), the allowed ones
/// counted per room. Which allowed rows are kept is the caller's choice: a
/// page keeps the ones it shows, a download keeps all (as text-sized rows,
/// never the grants' JSON).
struct WhoCanAnswer: Sendable {
    /// One allowed grant.
    struct Row: Sendable, Equatable {
        var room: String
        var roomID: String
        var userID: String
        /// Why it is allowed, without the leading "allowed: ".
        var reason: String
    }

    /// A room with at least one allowed grant, in the order the scan met it.
    struct RoomTally: Sendable, Equatable {
        var name: String
        var id: String
        var allowed: Int
    }

    var check: ScopeCheck
    var arguments: ScopeCheckArguments
    var rooms: [RoomTally] = []
    /// The kept rows, in scan order.
    var rows: [Row] = []
    /// How many grants allow the check, kept or not.
    var allowed = 0
    var outcome = GrantScan.Outcome(checked: 0, total: 0, changedWhileReading: false)

    /// - Parameter keep: positions among the allowed grants to keep; nil keeps every one.
    static func scan(
        _ source: GrantSource, check: ScopeCheck, arguments: ScopeCheckArguments,
        keep: Range<Int>? = nil, progress: ScanProgress? = nil
    ) async throws -> WhoCanAnswer {
        var answer = WhoCanAnswer(check: check, arguments: arguments)
        var decisions = AccessScan.DecisionCache()
        var roomIndex: [String: Int] = [:]
        let outcome = try await GrantScan.run(source, progress: progress) { grants in
            for grant in grants {
                let decision = decisions.decide(grant, check, arguments)
                guard decision.allowed else { continue }
                if let index = roomIndex[grant.room.id] {
                    answer.rooms[index].allowed += 1
                } else {
                    roomIndex[grant.room.id] = answer.rooms.count
                    answer.rooms.append(RoomTally(name: grant.room.name, id: grant.room.id, allowed: 1))
                }
                if keep?.contains(answer.allowed) ?? true {
                    answer.rows.append(Row(
                        room: grant.room.name, roomID: grant.room.id, userID: grant.userID,
                        reason: AccessScan.downloadReason(decision.reason)))
                }
                answer.allowed += 1
            }
        }
        answer.outcome = outcome
        progress?.finish(checked: outcome.checked, total: outcome.total)
        return answer
    }

    /// The check's arguments as the JSON download names them (the
    /// conformance vectors' `args`): strings, `namespace` a list.
    var argumentsJSON: JSONValue {
        var object = JSONObject()
        for name in ScopeCheckArguments.Name.allCases {
            if name == .namespace {
                if let namespace = arguments.namespace { object[name.rawValue] = .array(namespace.map(JSONValue.string)) }
            } else if let value = arguments[name] {
                object[name.rawValue] = .string(value)
            }
        }
        return .object(object)
    }

    /// `{"check", "arguments", "grants_checked", "allowed": [{"room", "room_id", "user_id", "email", "reason"}]}`.
    func json(people: PeopleDirectory) -> JSONValue {
        let allowed = rows.map { row -> JSONValue in
            let email = people.person(row.userID)?.email
            return .object([
                "room": .string(row.room), "room_id": .string(row.roomID), "user_id": .string(row.userID),
                "email": email.map(JSONValue.string) ?? .null, "reason": .string(row.reason),
            ])
        }
        return .object([
            "check": .string(check.name), "arguments": argumentsJSON,
            "grants_checked": .integer(outcome.checked), "allowed": .array(allowed),
        ])
    }

    static let csvColumns = ["room", "room_id", "user_id", "user_name", "email", "reason"]

    func csv(people: PeopleDirectory) -> CSVDocument {
        var document = CSVDocument(header: Self.csvColumns)
        for row in rows {
            let person = people.person(row.userID)
            document.append([row.room, row.roomID, row.userID, person?.name ?? "", person?.email ?? "", row.reason])
        }
        return document
    }
}
