/// The `order_by` values the grant and room lists accept.
public enum ListOrder: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case roomName = "room_name"
    case userID = "user_id"

    public var description: String { rawValue }
}
