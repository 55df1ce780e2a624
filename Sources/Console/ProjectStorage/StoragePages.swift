/// Models of `Templates/storage/*`.
struct StorageCrumb: Sendable {
    var name: String
    var url: String
}

struct StorageRow: Sendable {
    var name: String
    var isFolder: Bool
    var url: String
    var sizeText: String
    var contentType: String
    var deleteURL: String?
}

struct StorageFolderPage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var script = SiteURL.static("js/storage.js").path
    var folder: String
    var folderTitle: String
    var crumbs: [StorageCrumb]
    var rows: [StorageRow]
    var hasRows: Bool
    var canList: Bool
    /// Why the listing is missing (a real upstream has none), or nil.
    var listingNote: String?
    var canEdit: Bool
    var uploadAction: String
    var uploadLimitBytes: Int
    var uploadLimitText: String
    /// The smaller limit of the plain form, used without JavaScript (its body is collected).
    var formLimitText: String
    var downloadAction: String
    var error: String?
}

struct StorageDeletePage: Sendable {
    var stylesheet = EditorAssets.stylesheet
    var path: String
    var action: String
    var cancelURL: String
    var failure: String?
}

enum ByteCount {
    /// `532 bytes`, `12.5 KiB`, `3.0 MiB`.
    static func text(_ bytes: Int) -> String {
        if bytes < 1024 { return bytes == 1 ? "1 byte" : "\(bytes) bytes" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}
