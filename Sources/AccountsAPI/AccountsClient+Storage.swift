public import GrantModel
public import HTTPClient
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

/// A download being read as it arrives: its declared length and type, and
/// the body to take piece by piece (or cancel).
public struct StorageDownloadStream: Sendable {
    /// The file's length from the upstream's `Content-Length`, when it sent one.
    public var length: Int?
    public var contentType: String
    public var body: HTTPClientBody
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

    /// `POST /projects/{pid}/storage/upload?path=` with the body sent as it
    /// is produced: `length` bytes from `upload`, never all in memory.
    public func upload(projectID: String, path: String, contentType: String, upload: HTTPClientUpload)
        async throws(UpstreamError) {
        let storagePath = Self.storagePath(projectID, "upload", path)
        let description = UpstreamRequestDescription(method: "POST", path: storagePath.pathAndQuery)
        let request = HTTPClientRequest(method: "POST", url: configuration.baseURL + storagePath.pathAndQuery, headers: [
            HTTPClientHeader("Authorization", "Bearer \(configuration.token)"), HTTPClientHeader("Content-Type", contentType),
            HTTPClientHeader("Accept", "*/*"),
        ])
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, upload: upload, timeout: Self.storageTransferTimeout)
        } catch {
            throw UpstreamError(error, request: description)
        }
        guard (200..<300).contains(response.status) else {
            throw UpstreamError(status: response.status, request: description, body: response.body,
                                retryAfter: response.header("Retry-After"))
        }
    }

    /// `GET /projects/{pid}/storage/download?path=`: the file's bytes.
    /// - Parameter limit: the largest file accepted (`.tooLarge` beyond it).
    public func download(projectID: String, path: String, limit: Int = storageDownloadLimit) async throws(UpstreamError) -> StorageDownload {
        let response = try await raw("GET", Self.storagePath(projectID, "download", path), contentType: nil, accept: "*/*",
                                     body: nil, timeout: Self.storageTransferTimeout, maxResponseBytes: limit)
        return StorageDownload(bytes: response.body, contentType: response.header("Content-Type") ?? "application/octet-stream")
    }

    /// `GET /projects/{pid}/storage/download?path=`, returned once the
    /// upstream has answered: the body passes through in pieces, never whole.
    /// - Parameter limit: the largest file accepted (`.tooLarge` before the
    ///   body when the upstream declares more, otherwise when the body runs over).
    public func downloadStream(projectID: String, path: String, limit: Int = storageDownloadLimit)
        async throws(UpstreamError) -> StorageDownloadStream {
        let storagePath = Self.storagePath(projectID, "download", path)
        let description = UpstreamRequestDescription(method: "GET", path: storagePath.pathAndQuery)
        let request = HTTPClientRequest(method: "GET", url: configuration.baseURL + storagePath.pathAndQuery, headers: [
            HTTPClientHeader("Authorization", "Bearer \(configuration.token)"), HTTPClientHeader("Accept", "*/*"),
        ])
        let response: HTTPClientStreamedResponse
        do {
            response = try await http.stream(request, timeout: Self.storageTransferTimeout, maxResponseBytes: limit)
        } catch {
            throw UpstreamError(error, request: description)
        }
        guard (200..<300).contains(response.status) else {
            // An error answer is small (the size cap still bounds it): read it for its message.
            var body: [UInt8] = []
            while let piece = try? await response.body.next(), body.count < 64 * 1024 { body += piece }
            response.body.cancel()
            throw UpstreamError(status: response.status, request: description, body: body,
                                retryAfter: response.header("Retry-After"))
        }
        let length = response.header("Content-Length").flatMap { Int($0) }
        if let length, length > limit {
            response.body.cancel()
            throw .tooLarge(description, limit: limit)
        }
        return StorageDownloadStream(length: length, contentType: response.header("Content-Type") ?? "application/octet-stream",
                                     body: response.body)
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
