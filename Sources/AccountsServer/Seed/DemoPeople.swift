/// The demo team and rooms.
enum DemoPeople {
    struct Person {
        let id: String
        let email: String
        let firstName: String?
        let lastName: String?
    }

    struct DemoRoom {
        let id: String
        let name: String
        let metadata: String
        let annotations: String
    }

    private static let names: [(String, String)] = [
        ("Ada", "Lovelace"), ("Grace", "Hopper"), ("Alan", "Turing"), ("Katherine", "Johnson"), ("Linus", "Torvalds"),
        ("Margaret", "Hamilton"), ("Dennis", "Ritchie"), ("Barbara", "Liskov"), ("Ken", "Thompson"), ("Radia", "Perlman"),
        ("Tim", "Berners-Lee"), ("Frances", "Allen"), ("Donald", "Knuth"), ("Shafi", "Goldwasser"), ("Edsger", "Dijkstra"),
        ("Hedy", "Lamarr"), ("John", "McCarthy"), ("Sophie", "Wilson"), ("Guido", "van Rossum"), ("Annie", "Easley"),
        ("Bjarne", "Stroustrup"), ("Jean", "Sammet"), ("Ward", "Cunningham"), ("Karen", "Spärck Jones"),
    ]

    /// 24 named people plus one service account without a name: 25 members.
    static let all: [Person] = names.enumerated().map { index, name in
        Person(
            id: "user-\(index + 1)",
            email: "\(name.0.lowercased()).\(name.1.lowercased().filter { $0.isLetter })@example.com",
            firstName: name.0, lastName: name.1
        )
    } + [Person(id: "svc-ingest", email: "ingest-bot@example.com", firstName: nil, lastName: nil)]

    static let rooms: [DemoRoom] = [
        DemoRoom(id: "room-lobby", name: "lobby", metadata: #"{"topic":"Welcome"}"#, annotations: #"{"team":"all"}"#),
        DemoRoom(id: "room-support", name: "support", metadata: #"{"sla_hours":4}"#, annotations: #"{"team":"support","tier":"1"}"#),
        DemoRoom(id: "room-engineering", name: "engineering", metadata: "{}", annotations: #"{"team":"eng"}"#),
        DemoRoom(id: "room-alpha", name: "team/alpha room", metadata: #"{"note":"name with a slash and a space"}"#, annotations: "{}"),
        DemoRoom(id: "room-sales", name: "sales-floor", metadata: "{}", annotations: #"{"team":"sales"}"#),
        DemoRoom(id: "room-research", name: "research lab", metadata: #"{"budget":{"gpu_hours":120}}"#, annotations: #"{"team":"research"}"#),
        DemoRoom(id: "room-oncall", name: "ops-oncall", metadata: "{}", annotations: #"{"team":"ops","pager":"yes"}"#),
        DemoRoom(id: "room-design", name: "design review", metadata: #"{"weekly":true}"#, annotations: #"{"team":"design"}"#),
    ]
}
