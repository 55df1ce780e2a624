/// `queues`: sending to, receiving from and listing queues.
public struct QueuesGrant: Sendable, Hashable {
    /// Queues that may be sent to; nil = any.
    public var send: [String]?
    /// Queues that may be received from; nil = any.
    public var receive: [String]?
    /// May list queues; nil = the default, true.
    public var list: Bool?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A section with the given fields (nil = absent).
    public init(send: [String]? = nil, receive: [String]? = nil, list: Bool? = nil) {
        self.send = send
        self.receive = receive
        self.list = list
    }
}

extension QueuesGrant: ScopeObject {
    init() { self.init(send: nil) }

    static let fields: [ScopeField<Self>] = {
        [
            .strings("send", \.send, role: .exact),
            .strings("receive", \.receive, role: .exact),
            .flag("list", \.list, default: true),
        ]
    }()
}
