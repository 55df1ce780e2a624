import AccountsAPI
import GrantModel
import HTTPApp
import HTTPServer

extension PagesController {
    static let risksPageSize = 200

    /// `/projects/{pid}/risks?flag=&room=&user=&page=` (`&format=csv` for every row).
    func risks(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let query = try URLEncodedForm(query: request)
        var filter = RiskList.Filter()
        filter.flag = query["flag"].flatMap(ScopeRisk.Kind.init(rawValue:))
        filter.room = query.text("room")
        filter.user = query.text("user")
        let client = accounts
        async let peopleTask = PeopleDirectory.loadGrantHolders(client, projectID: pid, limit: Self.wholeProjectPeople)
        let project = try await project(pid)
        let source = GrantSource.live(client, projectID: pid)
        let progress = services.scans.begin(token: query["scan"], owner: context.user?.name ?? "")
        let list = try await Self.scanning(source) { try await RiskList.scan(source, filter: filter, progress: progress) }
        let people = await peopleTask
        let filterItems = Self.riskFilterItems(filter)
        if query["format"] == "csv" {
            return Self.csvResponse(list.csv(people: people), filename: "risks-\(pid)")
        }

        let page = query.page("page")
        let rows = list.rows
        let window = rows.dropFirst((page - 1) * Self.risksPageSize).prefix(Self.risksPageSize)
        let nav = PageNav(label: "Risky grant pages", page: page, pageSize: Self.risksPageSize, total: rows.count,
                          shown: window.count) { number in
            SiteURL.risks(pid).path(query: filterItems + [("page", String(number))])
        }
        let model = RisksPageModel(
            actionURL: SiteURL.risks(pid).path, progressURL: SiteURL.progress(pid).path,
            flagOptions: [RisksPageModel.FlagOption(value: "", label: "Every flag", selected: filter.flag == nil)]
                + RisksPageModel.kindOrder.map { kind in
                    RisksPageModel.FlagOption(value: kind.rawValue, label: RisksPageModel.label(kind), selected: kind == filter.flag)
                },
            room: filter.room, user: filter.user,
            chips: RisksPageModel.kindOrder.compactMap { kind in
                guard let count = list.flagCounts[kind], count > 0 else { return nil }
                var chipFilter = filter
                chipFilter.flag = kind
                let sample = list.assessments.lazy.flatMap(\.flags).first { $0.risk.kind == kind }
                let badge = sample.map(RisksPageModel.badge) ?? Badge(kind.rawValue, kind: .warn)
                return RisksPageModel.FlagChip(
                    badge: Badge(RisksPageModel.label(kind), kind: badge.kind, title: badge.title), count: grouped(count),
                    url: SiteURL.risks(pid).path(query: Self.riskFilterItems(chipFilter)), selected: kind == filter.flag)
            },
            rows: window.map { row in
                let assessment = list.assessments[row.scope]
                return RisksPageModel.Row(
                    person: people.display(row.userID), userURL: SiteURL.user(pid: pid, userID: row.userID).path,
                    room: visible(row.room), roomURL: SiteURL.room(pid: pid, room: row.room).path,
                    grantURL: SiteURL.grant(pid: pid, room: row.room, userID: row.userID).path,
                    preset: Badge(assessment.label, kind: assessment.label == "custom" ? .custom : .preset, title: assessment.title),
                    flags: assessment.flags.map(RisksPageModel.badge),
                    levelClass: "risk-\(assessment.level)")
            },
            hasRows: !window.isEmpty,
            summary: "Checked all \(grouped(list.outcome.checked)) grants of the project: \(grouped(rows.count)) "
                + (filter == RiskList.Filter() ? "carry a risk flag." : "risky grants match the filter."),
            changedNote: list.outcome.changedWhileReading
                ? "The project's grants changed while they were read; load the page again for an exact list." : nil,
            nav: nav.isNeeded ? nav : nil,
            csvURL: SiteURL.risks(pid).path(query: filterItems + [("format", "csv")]),
            matrixURL: SiteURL.matrix(pid).path(query: Self.matrixItems(rooms: filter.room, users: filter.user)),
            isFiltered: filter != RiskList.Filter(),
            clearURL: SiteURL.risks(pid).path)
        let trail = [Breadcrumb(label: "Risky grants", url: nil)]
        return render("risks/index", model, chrome: chrome(context, title: "Risky grants", project: project, trail: trail))
    }

    /// The filter as query items, for links that keep it.
    static func riskFilterItems(_ filter: RiskList.Filter) -> [(name: String, value: String)] {
        var items: [(name: String, value: String)] = []
        if let flag = filter.flag { items.append(("flag", flag.rawValue)) }
        if !filter.room.isEmpty { items.append(("room", filter.room)) }
        if !filter.user.isEmpty { items.append(("user", filter.user)) }
        return items
    }

    /// A matrix link narrowed to a room filter and a user filter (empty: none).
    static func matrixItems(rooms: String, users: String) -> [(name: String, value: String)] {
        (rooms.isEmpty ? [] : [("rooms_q", rooms)]) + (users.isEmpty ? [] : [("users_q", users)])
    }
}
