/// Models of `Templates/rooms/{index,edit,delete}`.
struct RoomRow: Sendable {
    var name: String
    var id: String
    var annotationCount: Int
    var viewURL: String
    var editURL: String
    var deleteURL: String
}

struct RoomsPage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var rooms: [RoomRow]
    var hasRooms: Bool
    var total: Int
    var isTruncated: Bool
    var form: RoomForm
    var action: String
    var token: String
    var failure: String?
}

struct RoomEditPage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var room: String
    var form: RoomForm
    var action: String
    var token: String
    var loaded: String
    var viewURL: String
    var deleteURL: String
    var failure: String?
    /// The room as it is now upstream, shown when it changed meanwhile.
    var currentJSON: String?
}

struct RoomDeletePage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var room: String
    var grantCountText: String
    var action: String
    var cancelURL: String
    var failure: String?
}
