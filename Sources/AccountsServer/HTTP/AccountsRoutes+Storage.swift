import Foundation
import GrantModel
import HTTPApp
import HTTPServer

extension AccountsRoutes {
    /// The storage routes: MeshAgent's `POST /projects/{pid}/storage/upload?path=`
    /// (raw bytes) and `GET …/storage/download?path=`, plus the embedded API's
    /// own `GET …/storage/list?path=` and `DELETE …/storage/delete?path=`
    /// (MeshAgent's API documents neither).
    static func registerStorage<Context: RequestContext>(on router: inout Router<Context>, store: AccountsStore,
                                                         storage: ProjectStorage) {
        let base = "/projects/:pid/storage"
        router.post("\(base)/upload") { request, context in
            let (pid, path) = try await storagePath(request, context, store: store)
            let type = uploadContentType(request.headers["Content-Type"])
            let entry: StorageEntry
            do {
                if let stream = request.bodyStream {
                    entry = try await storage.write(projectID: pid, path: path, contentType: type, chunks: stream)
                } else {
                    entry = try await storage.write(projectID: pid, path: path, contentType: type, chunks: request.bodyChunks)
                }
            } catch let error as StorageTooLarge {
                throw HTTPError(.contentTooLarge, message: "The file is larger than the upload limit of \(error.limit) bytes.")
            }
            return JSONResponse.ok(entry.json)
        }
        router.get("\(base)/download") { request, context in
            let (pid, path) = try await storagePath(request, context, store: store)
            let file = try storage.read(projectID: pid, path: path)
            var headers = HTTPHeaders()
            headers.set("Content-Type", file.contentType)
            headers.set("Cache-Control", "no-store")
            headers.set("Content-Disposition", "attachment")
            return HTTPResponse(status: .ok, headers: headers, stream: try fileStream(file.handle))
        }
        router.get("\(base)/list") { request, context in
            let pid = try context.parameters.require("pid")
            _ = try await store.project(pid)
            let text = try request.queryParameters()["path"] ?? ""
            let folder = try checkedPath(text, folder: true)
            return JSONResponse.ok(try storage.list(projectID: pid, folder: folder).json)
        }
        router.delete("\(base)/delete") { request, context in
            let (pid, path) = try await storagePath(request, context, store: store)
            try storage.delete(projectID: pid, path: path)
            return HTTPResponse(status: .noContent)
        }
    }

    /// The open file sent piece by piece as the client reads it; the length
    /// is the open file's own (a replacement renamed into place meanwhile is
    /// another file), and the handle is closed when the server is done.
    private static func fileStream(_ handle: FileHandle) throws -> HTTPBodyStream {
        let length = Int(try handle.seekToEnd())
        try handle.seek(toOffset: 0)
        return HTTPBodyStream(length: length, next: {
            guard let data = try handle.read(upToCount: 64 * 1024), !data.isEmpty else { return nil }
            return Array(data)
        }, finished: { try? handle.close() })
    }

    /// The project (which must exist) and the checked `path` query parameter.
    private static func storagePath<Context: RequestContext>(_ request: HTTPRequest, _ context: Context,
                                                              store: AccountsStore) async throws -> (String, StoragePath) {
        let pid = try context.parameters.require("pid")
        _ = try await store.project(pid)
        guard let text = try request.queryParameters()["path"] else {
            throw HTTPError(.badRequest, message: "The path query parameter is missing.")
        }
        return (pid, try checkedPath(text, folder: false))
    }

    /// The path checked by `StoragePath`; a 400 saying why otherwise.
    private static func checkedPath(_ text: String, folder: Bool) throws(HTTPError) -> StoragePath {
        do {
            return try StoragePath(text, folder: folder)
        } catch {
            throw HTTPError(.badRequest, message: "Refused path: the path \(error.message).")
        }
    }

    /// Whether the request is a storage upload (`POST /projects/{pid}/storage/upload`), the one large body.
    static func isStorageUpload(_ head: RequestHead) -> Bool {
        guard head.method == .post else { return false }
        let path = head.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return segments.count == 5 && segments[0].isEmpty && segments[1] == "projects" && !segments[2].isEmpty
            && segments[3] == "storage" && segments[4] == "upload"
    }

    /// The upload's declared type if it is a plausible `type/subtype[; params]`, else `application/octet-stream`.
    static func uploadContentType(_ header: String?) -> String {
        guard let header, header.utf8.count <= 255, header.contains("/"),
              header.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else { return "application/octet-stream" }
        return header
    }
}

extension HTTPRequest {
    /// A collected body as a sequence of one chunk (requests built without the
    /// server's streaming, e.g. through the responder in tests).
    var bodyChunks: AsyncStream<[UInt8]> {
        let body = self.body
        return AsyncStream { continuation in
            if !body.isEmpty { continuation.yield(body) }
            continuation.finish()
        }
    }
}
