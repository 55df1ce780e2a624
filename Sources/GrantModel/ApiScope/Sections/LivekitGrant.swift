/// `livekit`: joining breakout rooms.
public struct LivekitGrant: Sendable, Hashable {
    /// Breakout rooms that may be joined; nil = any.
    public var breakoutRooms: [String]?
    /// Unrecognised members, kept for the round trip.
    public var unknown = UnknownMembers()

    /// A section with every field absent (its defaults).
    public init(breakoutRooms: [String]? = nil) {
        self.breakoutRooms = breakoutRooms
    }
}

extension LivekitGrant: ScopeObject {
    init() { self.init(breakoutRooms: nil) }

    static let fields: [ScopeField<Self>] = {
        [.strings("breakout_rooms", \.breakoutRooms, role: .exact)]
    }()
}
