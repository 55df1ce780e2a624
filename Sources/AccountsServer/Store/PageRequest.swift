public import GrantModel

/// Which slice of a list to return: `limit` (1–500), `offset` (≥ 0), the
/// order and a case-insensitive substring `filter` (empty = no filter).
public struct PageRequest: Sendable, Hashable {
    public var limit: Int
    public var offset: Int
    public var order: ListOrder
    public var filter: String

    /// The largest page the API serves.
    public static let maxLimit = 500

    public init(limit: Int = 50, offset: Int = 0, order: ListOrder = .roomName, filter: String = "") {
        self.limit = limit
        self.offset = offset
        self.order = order
        self.filter = filter
    }

    /// The filter lowercased for `instr(lower(column), ?)`, or nil for none.
    var needle: String? {
        filter.isEmpty ? nil : filter.lowercased()
    }
}
