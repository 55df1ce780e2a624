public import GrantModel
import URLText

/// A downloaded file: its bytes and the content type the upstream recorded.
public struct StorageDownload: Sendable, Hashable {
    public var bytes: [UInt8]
    public var contentType: String

    public init(bytes: [UInt8], contentType: String) {
        self.bytes = bytes
        self.contentType = contentType
    }
}

extension AccountsClient {
    /// How long one file transfer may take (a large file over a slow link);
    /// other calls keep the configured deadline.
    public static let storageTransferTimeout: Duration = .seconds(600)
    /// The largest file downloaded whole.
    public static let storageDownloadLimit = 100 << 20

    /// `/projects/{pid}/storage/{operation}?path=` (no `/accounts` prefix).
    static func storagePath(_ projectID: String, _ operation: String, _ path: String) -> AccountsPath {
        AccountsPath("/projects/" + projectID.percentEncodedPathSegment() + "/storage/" + operation).query("path", path)
    }

    /// `POST /projects/{pid}/storage/upload?path=`: stores `bytes` at `path`
    /// (raw body, `application/octet-stream` unless told otherwise, as MeshAgent's client sends it).
    public func upload(projectID: String, path: String, bytes: [UInt8], contentType: String = "application/octet-stream")
        async throws(UpstreamError) {
        _ = try await raw("POST", Self.storagePath(projectID, "upload", path), contentType: contentType, accept: "*/*",
                          body: bytes, timeout: Self.storageTransferTimeout)
    }

    /// `GET /projects/{pid}/storage/download?path=`: the file's bytes.
    /// - Parameter limit: the largest file accepted (`.tooLarge` beyond it).
    public func download(projectID: String, path: String, limit: Int = storageDownloadLimit) async throws(UpstreamError) -> StorageDownload {
        let response = try await raw("GET", Self.storagePath(projectID, "download", path), contentType: nil, accept: "*/*",
                                     body: nil, timeout: Self.storageTransferTimeout, maxResponseBytes: limit)
        return StorageDownload(bytes: response.body, contentType: response.header("Content-Type") ?? "application/octet-stream")
    }

    /// `GET /projects/{pid}/storage/list?path=`: a folder's files and folders.
    /// GrantDesk's embedded API answers it; MeshAgent's documented API has
    /// no listing, so a real upstream answers 404 or 405 here.
    public func storageListing(projectID: String, folder: String) async throws(UpstreamError) -> StorageListing {
        try await send("GET", Self.storagePath(projectID, "list", folder), as: StorageListing.self)
    }

    /// `DELETE /projects/{pid}/storage/delete?path=` (the embedded API's; not in MeshAgent's documented API).
    public func deleteStorageFile(projectID: String, path: String) async throws(UpstreamError) {
        try await send("DELETE", Self.storagePath(projectID, "delete", path))
    }
}
