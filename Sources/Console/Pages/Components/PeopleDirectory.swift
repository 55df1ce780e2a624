import AccountsAPI
import GrantModel

/// Who each user id is, as the project's member list says: built once per
/// page load from a bounded number of `GET …/users` pages, so a table of
/// grants never asks the upstream once per row. Names are an aid, not the
/// page's subject: when the member list cannot be read the page still shows
/// every id, alone.
struct PeopleDirectory: Sendable {
    /// One member as pages show them.
    struct Person: Sendable, Hashable {
        var id: String
        /// "First Last", nil when the upstream has neither.
        var name: String?
        /// Nil when empty.
        var email: String?

        init(_ member: Member) {
            id = member.id
            let full = [member.firstName, member.lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            name = full.isEmpty ? nil : full
            email = member.email.isEmpty ? nil : member.email
        }

        init(_ user: UserGrantCount) {
            id = user.userID
            let full = [user.firstName, user.lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            name = full.isEmpty ? nil : full
            email = user.email.flatMap { $0.isEmpty ? nil : $0 }
        }

        /// "Name <email>", as the access page's picker lists a member.
        var pickerLabel: String {
            switch (name, email) {
            case let (name?, email?): "\(name) <\(email)>"
            case let (name?, nil): name
            case let (nil, email?): email
            case (nil, nil): id
            }
        }
    }

    /// Members read per upstream page (the API's largest page).
    static let pageSize = 500
    /// How many members a page reads at most: four pages. Past that the
    /// ids of further members show alone.
    static let pageLimit = 2_000

    private(set) var people: [Person] = []
    private var byID: [String: Int] = [:]
    /// How many members the project has, which may be more than were read.
    private(set) var total = 0

    init(_ people: [Person] = [], total: Int? = nil) {
        for person in people where byID[person.id] == nil {
            byID[person.id] = self.people.count
            self.people.append(person)
        }
        self.total = total ?? self.people.count
    }

    /// Whether every member of the project was read.
    var isComplete: Bool { people.count >= total }

    func person(_ id: String) -> Person? { byID[id].map { people[$0] } }

    /// The member whose email is `email`, compared without case; nil when
    /// none or several are.
    func person(email: String) -> Person? {
        let wanted = email.lowercased()
        let found = people.filter { $0.email?.lowercased() == wanted }
        return found.count == 1 ? found[0] : nil
    }

    /// How a user id appears in a table or header.
    func display(_ id: String) -> PersonDisplay { PersonDisplay(id: id, person: person(id)) }

    /// The project's members, up to `limit`: the first page tells the total,
    /// the rest are read together. Any failure leaves the members read so far.
    static func load(_ client: AccountsClient, projectID pid: String, limit: Int = pageLimit) async -> PeopleDirectory {
        let size = min(pageSize, limit)
        guard let first = try? await client.members(projectID: pid, count: size, offset: 0) else { return PeopleDirectory() }
        var members = first.members
        let end = min(first.total, limit)
        if first.members.count == size, end > size {
            let offsets = Array(stride(from: size, to: end, by: size))
            let pages = await withTaskGroup(of: (Int, [Member]?).self) { group in
                for (index, offset) in offsets.enumerated() {
                    group.addTask { (index, try? await client.members(projectID: pid, count: size, offset: offset).members) }
                }
                var pages = [[Member]?](repeating: nil, count: offsets.count)
                for await (index, page) in group { pages[index] = page }
                return pages
            }
            for page in pages {
                guard let page else { break }
                members += page
            }
        }
        return PeopleDirectory(members.prefix(limit).map(Person.init), total: first.total)
    }

    /// Everyone who holds a grant in the project, up to `limit`, with the
    /// name and email the upstream keeps for them (members or not): for the
    /// whole-project views, whose rows are exactly such people. The first
    /// page tells the total, the rest are read together.
    static func loadGrantHolders(_ client: AccountsClient, projectID pid: String, limit: Int) async -> PeopleDirectory {
        let size = min(pageSize, limit)
        guard let first = try? await client.usersWithGrantCounts(projectID: pid, limit: size, offset: 0) else {
            return PeopleDirectory()
        }
        var users = first.users
        let end = min(first.total, limit)
        if first.users.count == size, end > size {
            let offsets = Array(stride(from: size, to: end, by: size))
            let pages = await withTaskGroup(of: (Int, [UserGrantCount]?).self) { group in
                for (index, offset) in offsets.enumerated() {
                    group.addTask { (index, try? await client.usersWithGrantCounts(projectID: pid, limit: size, offset: offset).users) }
                }
                var pages = [[UserGrantCount]?](repeating: nil, count: offsets.count)
                for await (index, page) in group { pages[index] = page }
                return pages
            }
            for page in pages {
                guard let page else { break }
                users += page
            }
        }
        return PeopleDirectory(users.prefix(limit).map(Person.init), total: first.total)
    }

    /// One user, for a page about that user: the member list filtered by
    /// the id (one call), keeping only the exact match.
    static func load(_ client: AccountsClient, projectID pid: String, userID: String) async -> PeopleDirectory {
        guard let page = try? await client.members(projectID: pid, count: pageSize, offset: 0, filter: userID) else {
            return PeopleDirectory()
        }
        return PeopleDirectory(page.members.filter { $0.id == userID }.map(Person.init))
    }
}

/// A user as a page shows them: the name first (else the email, else the
/// id), the email and the id after it, smaller. Every string is `visible`.
struct PersonDisplay: Sendable, Hashable {
    var primary: String
    /// The email, when the name came first.
    var email: String?
    /// The id, shown after the name or email; nil when the id is all there is.
    var secondaryID: String?
    var id: String

    init(id: String, person: PeopleDirectory.Person?) {
        self.id = visible(id)
        let name = person?.name.map(visible)
        let email = person?.email.map(visible)
        primary = name ?? email ?? visible(id)
        self.email = name == nil ? nil : email
        secondaryID = primary == self.id ? nil : self.id
    }

    /// One line for plain text (titles, breadcrumbs): "Ada Lovelace".
    var label: String { primary }
}
