import GrantModel

/// `/projects/{pid}/rooms/{room}`: the room (id, annotations, metadata) and
/// one page of its grants (`?page=`).
struct RoomPageModel: Sendable {
    struct Annotation: Sendable {
        var key: String
        var value: String
    }

    static let pageSize = 50

    var roomName: String
    var roomID: String
    var canEdit: Bool
    var csvURL: String
    /// The room's risky grants and its column of the matrix.
    var risksURL: String
    var matrixURL: String
    var editRoomURL: String
    var newGrantURL: String
    /// A new access review of this room, pre-filled.
    var reviewURL: String
    var copyURL: String
    var bulkURL: String
    var grantsTotal: Int
    var grantsText: String
    var table: GrantTable
    var hasGrants: Bool
    var grantsNav: PageNav
    var annotations: [Annotation]
    var annotationCount: Int
    var hasAnnotations: Bool
    var metadataJSON: String
    var hasMetadata: Bool
    /// When the room was last active (room sessions); nil until the handler loads it.
    var activity: RoomActivity?

    init(
        projectID pid: String, room: Room, grants: GrantList, page: Int, canEdit: Bool, people: PeopleDirectory = PeopleDirectory()
    ) {
        roomName = visible(room.name)
        roomID = visible(room.id)
        self.canEdit = canEdit
        let url = SiteURL.room(pid: pid, room: room.name)
        csvURL = url.path(query: [("format", "csv")])
        risksURL = SiteURL.risks(pid).path(query: [("room", room.name)])
        matrixURL = SiteURL.matrix(pid).path(query: [("rooms_q", room.name)])
        editRoomURL = SiteURL.roomEdit(pid: pid, room: room.name).path
        newGrantURL = SiteURL.newGrant(pid: pid, room: room.name, user: nil).path
        reviewURL = SiteURL.newReview(pid).path(query: [("scope", "rooms"), ("rooms", room.name)])
        copyURL = SiteURL.roomCopy(pid: pid, room: room.name).path
        bulkURL = SiteURL.bulk(pid).path(query: [("room", room.name)])
        grantsTotal = grants.total
        grantsText = counted(grants.total, "grant")
        let rows = GrantRow.rows(grants.grants, projectID: pid, subject: .user, people: people)
        table = GrantTable(firstColumn: "User", grants: rows)
        hasGrants = !rows.isEmpty
        grantsNav = PageNav(label: "Grant pages", page: page, pageSize: Self.pageSize, total: grants.total, shown: rows.count) {
            $0 > 1 ? url.path(query: [("page", String($0))]) : url.path
        }
        annotations = room.annotations.map { Annotation(key: visible($0.key), value: visible($0.value)) }
        annotationCount = annotations.count
        hasAnnotations = !annotations.isEmpty
        hasMetadata = !room.metadata.isEmpty
        metadataJSON = JSONDisplay.text(.object(room.metadata))
    }
}
