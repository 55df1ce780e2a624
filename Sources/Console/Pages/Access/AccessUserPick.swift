import AccountsAPI
import GrantModel

/// What the "user" field of "Can this user do X?" named. The field is plain
/// text (the member list is only a `<datalist>` suggestion), so it may hold
/// an id, an email, or part of a name: an exact id or email is taken as is,
/// anything else is matched against the member list upstream.
enum AccessUserPick: Sendable {
    /// Ask about this id. `person` is nil for an id the member list does not
    /// know (grants may be held by users who are not members).
    case user(id: String, person: PeopleDirectory.Person?, matched: Bool)
    /// An email no member has: nothing to ask about.
    case noSuchEmail(String)
    /// Several members match the text; the page lists them to pick from.
    case several([PeopleDirectory.Person], total: Int)

    /// How many candidates "several match" lists at most.
    static let candidateLimit = 20

    /// - Parameter exactID: the form said the text is an id (`by=id`): no matching.
    static func resolve(
        _ text: String, exactID: Bool, people: PeopleDirectory, client: AccountsClient, projectID pid: String
    ) async throws(UpstreamError) -> AccessUserPick {
        if exactID { return .user(id: text, person: people.person(text), matched: false) }
        if let person = people.person(text) { return .user(id: person.id, person: person, matched: false) }
        if let person = people.person(email: text) { return .user(id: person.id, person: person, matched: false) }
        let page = try await client.members(projectID: pid, count: candidateLimit, offset: 0, filter: text)
        let found = PeopleDirectory(page.members.map(PeopleDirectory.Person.init), total: page.total)
        if let person = found.person(text) ?? found.person(email: text) {
            return .user(id: person.id, person: person, matched: false)
        }
        switch page.total {
        case 0 where text.contains("@"): return .noSuchEmail(text)
        case 0: return .user(id: text, person: nil, matched: false)
        case 1 where found.people.count == 1: return .user(id: found.people[0].id, person: found.people[0], matched: true)
        default: return .several(found.people, total: page.total)
        }
    }
}
