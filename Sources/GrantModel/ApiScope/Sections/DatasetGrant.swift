/// `dataset` (also read as `database` or `datasets`): tables.
public struct DatasetGrant: Sendable, Hashable {
    /// Grants per table; nil = every table with every permission.
    public var tables: [TableGrant]?
    /// May list tables; nil = the default, true.
    public var listTables: Bool?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A section with the given fields (nil = absent).
    public init(tables: [TableGrant]? = nil, listTables: Bool? = nil) {
        self.tables = tables
        self.listTables = listTables
    }
}

extension DatasetGrant: ScopeObject {
    init() { self.init(tables: nil) }

    static let fields: [ScopeField<Self>] = {
        [
            .objects("tables", \.tables),
            .flag("list_tables", \.listTables, default: true),
        ]
    }()
}

/// One entry of `dataset.tables`.
public struct TableGrant: Sendable, Hashable {
    /// The table's name (required).
    public var name: String
    /// The namespace it applies to; nil = every namespace.
    public var namespace: [String]?
    /// May read; nil = the default, true.
    public var read: Bool?
    /// May write; nil = the default, false.
    public var write: Bool?
    /// May alter; nil = the default, false.
    public var alter: Bool?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A table grant with the given fields (nil = absent).
    public init(name: String, namespace: [String]? = nil, read: Bool? = nil, write: Bool? = nil, alter: Bool? = nil) {
        self.name = name
        self.namespace = namespace
        self.read = read
        self.write = write
        self.alter = alter
    }
}

extension TableGrant: ScopeListEntry {
    init() { self.init(name: "") }

    static let fields: [ScopeField<Self>] = {
        [
            .requiredString("name", \.name, role: .exact),
            .strings("namespace", \.namespace, role: .exact),
            .flag("read", \.read, default: true),
            .flag("write", \.write, default: false),
            .flag("alter", \.alter, default: false),
        ]
    }()

    var identity: [String?] { [name] + (namespace.map { $0.map(Optional.some) } ?? [nil]) }
    static var entryNoun: String { "table grant (same name and namespace)" }
}
