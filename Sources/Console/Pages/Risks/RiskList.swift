import GrantModel

/// Every grant of a `GrantSource` that carries a risk flag, most severe
/// first (by the worst flag, then in the source's room order). Keeps one
/// small row per risky grant that passes the filter, never the grant's JSON;
/// each distinct scope is assessed once.
struct RiskList: Sendable {
    /// What the view is narrowed to.
    struct Filter: Sendable, Equatable {
        /// Only grants with this flag.
        var flag: ScopeRisk.Kind?
        /// Only rooms whose name contains this, without case.
        var room = ""
        /// Only this user's grants (an exact id).
        var user = ""
    }

    struct Row: Sendable {
        var room: String
        var roomID: String
        var userID: String
        /// Index into `assessments`.
        var scope: Int
    }

    var filter: Filter
    var assessments: [ScopeAssessment] = []
    /// Risky grants that pass the room and user filters, per flag (whatever `filter.flag` is).
    var flagCounts: [ScopeRisk.Kind: Int] = [:]
    /// Risky grants the filters keep, by the rank of their worst flag.
    private var buckets = [[Row]](repeating: [], count: RiskRank.allCases.count)
    var outcome = GrantScan.Outcome(checked: 0, total: 0, changedWhileReading: false)

    init(filter: Filter) { self.filter = filter }

    /// The kept grants, most severe first.
    var rows: [Row] { Array(buckets.joined()) }
    var count: Int { buckets.reduce(0) { $0 + $1.count } }

    static func scan(_ source: GrantSource, filter: Filter, progress: ScanProgress? = nil) async throws -> RiskList {
        var list = RiskList(filter: filter)
        var memo = ScopeMemo<Int>()
        var roomMatches: [String: Bool] = [:]
        let wantedRoom = filter.room.lowercased()
        let outcome = try await GrantScan.run(source, progress: progress) { grants in
            for grant in grants {
                if !filter.user.isEmpty, grant.userID != filter.user { continue }
                if !wantedRoom.isEmpty {
                    let matches = roomMatches[grant.room.id] ?? grant.room.name.lowercased().contains(wantedRoom)
                    roomMatches[grant.room.id] = matches
                    if !matches { continue }
                }
                let index = memo.value(for: grant.permissions) { permissions in
                    list.assessments.append(ScopeAssessment(permissions: permissions))
                    return list.assessments.count - 1
                }
                let assessment = list.assessments[index]
                guard let worst = assessment.worst else { continue }
                for flag in assessment.flags { list.flagCounts[flag.risk.kind, default: 0] += 1 }
                if let wanted = filter.flag, !assessment.flags.contains(where: { $0.risk.kind == wanted }) { continue }
                list.buckets[worst.rawValue].append(
                    Row(room: grant.room.name, roomID: grant.room.id, userID: grant.userID, scope: index))
            }
        }
        list.outcome = outcome
        progress?.finish(checked: outcome.checked, total: outcome.total)
        return list
    }

    static let csvColumns = ["room", "room_id", "user_id", "user_name", "email", "preset", "worst_flag", "risk_flags", "risks"]

    func csv(people: PeopleDirectory) -> CSVDocument {
        var document = CSVDocument(header: Self.csvColumns)
        for row in rows {
            let assessment = assessments[row.scope]
            let person = people.person(row.userID)
            document.append([
                row.room, row.roomID, row.userID, person?.name ?? "", person?.email ?? "", assessment.label,
                assessment.flags.first?.risk.kind.rawValue ?? "",
                assessment.flags.map(\.risk.kind.rawValue).joined(separator: "; "),
                assessment.flags.map(\.risk.message).joined(separator: "; "),
            ])
        }
        return document
    }
}
