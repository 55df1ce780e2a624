import Foundation

extension GrantExpiryStore {
    /// A grant as expiries name it: room id and user id.
    public struct Key: Sendable, Hashable {
        public var roomID: String
        public var userID: String

        public init(roomID: String, userID: String) {
            self.roomID = roomID
            self.userID = userID
        }
    }

    /// When each grant of `project` that GrantDesk will revoke expires, in
    /// seconds since 1970 (the exports' and grants documents' `expires_at`).
    public func expiryTimes(project: String) async throws -> [Key: Double] {
        var times: [Key: Double] = [:]
        for expiry in try await pending(project: project) {
            times[Key(roomID: expiry.roomID, userID: expiry.userID)] = expiry.expiresAt.timeIntervalSince1970
        }
        return times
    }
}
