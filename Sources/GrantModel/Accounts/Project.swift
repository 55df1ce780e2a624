/// A project: `{id, name, ...}`. Keys beyond `id` and `name` are kept in `extra`.
public struct Project: AccountsPayload {
    public var id: String
    public var name: String
    /// Every other member of the project object, in order, unchanged.
    public var extra: JSONObject

    public init(id: String, name: String, extra: JSONObject = JSONObject()) {
        self.id = id
        self.name = name
        self.extra = extra
    }

    public init(field: JSONField) throws(PayloadError) {
        var object = try field.object()
        id = try field["id"].string()
        name = try field["name"].string()
        object["id"] = nil
        object["name"] = nil
        extra = object
    }

    public var json: JSONValue {
        var object: JSONObject = ["id": .string(id), "name": .string(name)]
        for member in extra { object[member.key] = member.value }
        return .object(object)
    }
}

/// The projects list: `{projects: [...]}`.
public struct ProjectList: AccountsPayload {
    public var projects: [Project]

    public init(projects: [Project]) { self.projects = projects }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        projects = []
        for element in try field["projects"].array() { projects.append(try Project(field: element)) }
    }

    public var json: JSONValue { .object(["projects": .array(projects.map(\.json))]) }
}

/// The caller's role in a project: `member`, `admin`, `developer` or `none`.
/// Other values a newer upstream may send are kept as they are.
public struct ProjectRole: AccountsPayload, RawRepresentable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public static let member = ProjectRole(rawValue: "member")
    public static let admin = ProjectRole(rawValue: "admin")
    public static let developer = ProjectRole(rawValue: "developer")
    public static let none = ProjectRole(rawValue: "none")

    /// Decodes `{role: "..."}`.
    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        rawValue = try field["role"].string()
    }

    public var json: JSONValue { .object(["role": .string(rawValue)]) }
    public var description: String { rawValue }
}

/// The signed-in user's profile: `{id, email, first_name?, last_name?}`.
public struct Profile: AccountsPayload {
    public var id: String
    public var email: String
    public var firstName: String?
    public var lastName: String?

    public init(id: String, email: String, firstName: String? = nil, lastName: String? = nil) {
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
    }

    public init(field: JSONField) throws(PayloadError) {
        _ = try field.object()
        id = try field["id"].string()
        email = try field["email"].string()
        firstName = try field["first_name"].optionalString()
        lastName = try field["last_name"].optionalString()
    }

    public var json: JSONValue {
        .object([
            "id": .string(id), "email": .string(email),
            "first_name": .nullable(firstName), "last_name": .nullable(lastName),
        ])
    }
}
