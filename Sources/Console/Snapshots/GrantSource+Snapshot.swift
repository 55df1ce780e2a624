import GrantModel

extension GrantSource {
    /// The grants of a stored snapshot, in room-name order like the live
    /// source: "who can do X?" as of that snapshot.
    static func snapshot(_ store: SnapshotStore, id: Int64) -> GrantSource {
        GrantSource(description: "the snapshot's grants") { offset, limit in
            let (grants, total) = try await store.grants(id, limit: limit, offset: offset)
            return GrantPage(grants: grants.map {
                RoomGrant(room: Room(id: $0.roomID, name: $0.roomName), userID: $0.userID, permissions: $0.permissions)
            }, total: total)
        }
    }
}
