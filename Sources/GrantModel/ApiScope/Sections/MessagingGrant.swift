/// `messaging`: messages between participants.
public struct MessagingGrant: Sendable, Hashable {
    /// May broadcast; nil = the default, true.
    public var broadcast: Bool?
    /// May list participants to message; nil = the default, true.
    public var list: Bool?
    /// May send direct messages; nil = the default, true.
    public var send: Bool?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A section with the given fields (nil = absent).
    public init(broadcast: Bool? = nil, list: Bool? = nil, send: Bool? = nil) {
        self.broadcast = broadcast
        self.list = list
        self.send = send
    }
}

extension MessagingGrant: ScopeObject {
    init() { self.init(broadcast: nil) }

    static let fields: [ScopeField<Self>] = {
        [
            .flag("broadcast", \.broadcast, default: true),
            .flag("list", \.list, default: true),
            .flag("send", \.send, default: true),
        ]
    }()
}
