/// The permission shape of a room grant: which parts of a MeshAgent room's
/// API a participant may call.
///
/// A section that is nil is absent and grants nothing. Inside a present
/// section, a list that is nil means "no restriction" and an empty list
/// matches nothing (except `tunnels.ports`). Members GrantDesk does not know
/// are kept in `unknown` (at every level) and written back where they were.
///
/// Read one with ``init(json:mode:)``; write it with ``json``.
public struct ApiScope: Sendable, Hashable {
    /// `livekit`
    public var livekit: LivekitGrant?
    /// `queues`
    public var queues: QueuesGrant?
    /// `messaging`
    public var messaging: MessagingGrant?
    /// `dataset` (read also from `database` / `datasets`)
    public var dataset: DatasetGrant?
    /// `memory`
    public var memory: MemoryGrant?
    /// `sync`
    public var sync: SyncGrant?
    /// `storage`
    public var storage: StorageGrant?
    /// `containers`
    public var containers: ContainersGrant?
    /// `developer`
    public var developer: DeveloperGrant?
    /// `agents`
    public var agents: AgentsGrant?
    /// `llm`
    public var llm: LLMGrant?
    /// `admin`
    public var admin: AdminGrant?
    /// `secrets`
    public var secrets: SecretsGrant?
    /// `tunnels`
    public var tunnels: TunnelsGrant?
    /// `services`
    public var services: ServicesGrant?
    /// Unrecognised top-level members (newer sections such as `sqlite`).
    public var unknown = UnknownMembers()

    /// A scope with no sections: it grants nothing.
    public init() {}
}

/// The fifteen sections of an ApiScope, in spec order.
public enum ScopeSection: String, Sendable, Hashable, CaseIterable {
    /// Sections with lists and patterns.
    case livekit, queues, messaging, dataset, memory, sync, storage, containers
    /// Sections of flags and the remaining lists.
    case developer, agents, llm, admin, secrets, tunnels, services

    /// The section's JSON key.
    public var key: String { rawValue }
}

extension ApiScope: ScopeObject {
    static let fields: [ScopeField<Self>] = {
        var dataset = ScopeField<Self>.object("dataset", \.dataset)
        dataset.aliases = ["database", "datasets"]
        return [
            .object("livekit", \.livekit),
            .object("queues", \.queues),
            .object("messaging", \.messaging),
            dataset,
            .object("memory", \.memory),
            .object("sync", \.sync),
            .object("storage", \.storage),
            .object("containers", \.containers),
            .object("developer", \.developer),
            .object("agents", \.agents),
            .object("llm", \.llm),
            .object("admin", \.admin),
            .object("secrets", \.secrets),
            .object("tunnels", \.tunnels),
            .object("services", \.services),
        ]
    }()
}

extension ApiScope {
    /// Reads a scope from JSON.
    ///
    /// In `.strict` mode every problem is an error (see
    /// ``ScopeValidationMode``); in `.lenient` mode only wrong types and
    /// missing required fields are, and everything else is kept.
    public init(json: JSONValue, mode: ScopeValidationMode) throws(ScopeValidationErrors) {
        var decoder = ScopeDecoder(mode: mode)
        let scope = Self.decode(json, at: ScopePath(), &decoder)
        guard decoder.errors.isEmpty, let scope else {
            throw ScopeValidationErrors(decoder.errors)
        }
        self = scope
    }

    /// Parses JSON text and reads it as a scope; a JSON syntax error becomes
    /// one error at the root path.
    public init(jsonText: String, mode: ScopeValidationMode) throws(ScopeValidationErrors) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: jsonText)
        } catch {
            throw ScopeValidationErrors([
                ScopeValidationError(path: ScopePath(), kind: .wrongType, message: "not valid JSON: \(error.description)")
            ])
        }
        try self.init(json: value, mode: mode)
    }

    /// Every problem in `json` for the given mode; empty means it reads cleanly.
    public static func validate(_ json: JSONValue, mode: ScopeValidationMode) -> [ScopeValidationError] {
        var decoder = ScopeDecoder(mode: mode)
        _ = decode(json, at: ScopePath(), &decoder)
        return decoder.errors
    }

    /// The scope as JSON: known keys in spec order, absent fields left out,
    /// `{}` kept for present sections with all defaults, unknown members
    /// where they were, and the dataset section always as `dataset`.
    public var json: JSONValue { .object(jsonObject) }

    /// Whether a section is present.
    public func has(_ section: ScopeSection) -> Bool {
        switch section {
        case .livekit: livekit != nil
        case .queues: queues != nil
        case .messaging: messaging != nil
        case .dataset: dataset != nil
        case .memory: memory != nil
        case .sync: sync != nil
        case .storage: storage != nil
        case .containers: containers != nil
        case .developer: developer != nil
        case .agents: agents != nil
        case .llm: llm != nil
        case .admin: admin != nil
        case .secrets: secrets != nil
        case .tunnels: tunnels != nil
        case .services: services != nil
        }
    }

    /// The sections present, in spec order.
    public var presentSections: [ScopeSection] {
        ScopeSection.allCases.filter(has)
    }
}
