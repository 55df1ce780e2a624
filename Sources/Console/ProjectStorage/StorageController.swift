import AccountsAPI
import GrantModel
import HTTPApp
import HTTPClient
import HTTPServer
import URLText

/// The project's storage: browse folders (when the upstream can list them;
/// GrantDesk's embedded API can, MeshAgent's documented API cannot), download
/// by path, and for admins upload (a plain form post, or with progress from
/// `storage.js`) and delete. Paths are checked by `StoragePath` before the
/// upstream is asked. A download streams through (up to
/// `AccountsClient.storageDownloadLimit`, never whole in memory); an upload
/// is still collected, so it is limited to `ConsoleBodyLimit.storageUpload`.
struct StorageController: ConsoleController {
    static let templates = ["storage/folder", "storage/delete"]

    let services: ConsoleServices
    let accounts: AccountsClient

    init(services: ConsoleServices) {
        self.services = services
        self.accounts = services.accounts
    }

    func register(on router: inout Router<ConsoleContext>) {
        router.get(.storage) { request, context in try await folderPage(request, try await context.withProjectName(from: accounts)) }
        router.get(.storageDownload) { request, context in try await download(request, context) }
        router.post(.storageUpload) { request, context in
            try context.requireAdmin()
            return try await upload(request, try await context.withProjectName(from: accounts))
        }
        router.get(.storageDelete) { request, context in
            try context.requireAdmin()
            return try await deleteForm(request, try await context.withProjectName(from: accounts))
        }
        router.post(.storageDelete) { request, context in
            try context.requireAdmin()
            return try await delete(request, try await context.withProjectName(from: accounts))
        }
    }

    // MARK: - Browse

    private func folderPage(_ request: HTTPRequest, _ context: ConsoleContext, error: String? = nil,
                        status: HTTPStatus = .ok) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let text = try URLEncodedForm(query: request)["path"] ?? ""
        let folder: StoragePath
        do {
            folder = try StoragePath(text, folder: true)
        } catch {
            return try await folderPage(pathlessRequest(request), context, error: "Refused path “\(visible(text))”: the path \(error.message).",
                                    status: .badRequest)
        }
        var rows: [StorageRow] = []
        var note: String?
        var canList = true
        do {
            let listing = try await accounts.storageListing(projectID: pid, folder: folder.description)
            rows = listing.entries.map { entry in
                entry.isFolder
                    ? StorageRow(name: entry.name, isFolder: true, url: SiteURL.storage(pid: pid, folder: entry.path).path,
                                 sizeText: "", contentType: "", deleteURL: nil)
                    : StorageRow(name: entry.name, isFolder: false, url: SiteURL.storageDownload(pid: pid, path: entry.path).path,
                                 sizeText: entry.size.map(ByteCount.text) ?? "", contentType: entry.contentType ?? "",
                                 deleteURL: context.user?.isAdmin == true ? SiteURL.storageDelete(pid: pid, path: entry.path).path : nil)
            }
        } catch .notFound where !folder.segments.isEmpty {
            canList = false
            note = "There is no folder “\(folder)” here, or the upstream cannot list folders."
        } catch let error where Self.cannotList(error) {
            canList = false
            note = "This upstream cannot list files: MeshAgent's accounts API offers upload and download by path only. Download a file by its path below."
        } catch {
            throw UpstreamProblem(error, .page("the project's files"))
        }
        let crumbs = [StorageCrumb(name: "All files", url: SiteURL.storage(pid: pid, folder: nil).path)]
            + folder.prefixes.map { StorageCrumb(name: $0.name, url: SiteURL.storage(pid: pid, folder: $0.description).path) }
        let model = StorageFolderPage(
            folder: folder.description, folderTitle: folder.segments.isEmpty ? "All files" : folder.description,
            crumbs: crumbs, rows: rows, hasRows: !rows.isEmpty, canList: canList, listingNote: note,
            canEdit: context.user?.isAdmin == true, uploadAction: SiteURL.storageUpload(pid: pid, path: nil).path,
            uploadLimitBytes: ConsoleBodyLimit.storageStream, uploadLimitText: ByteCount.text(ConsoleBodyLimit.storageStream),
            formLimitText: ByteCount.text(ConsoleBodyLimit.storageUpload),
            downloadAction: SiteURL.storageDownload(pid: pid, path: "").route.path(filling: [pid]), error: error
        )
        return services.renderer.page("storage/folder", model,
                                      chrome: AdminChange.chrome(context, pid: pid, title: "Storage", trail: []), status: status)
    }

    /// An upstream without a listing answers 404 or 405 at the top folder.
    private static func cannotList(_ error: UpstreamError) -> Bool {
        switch error {
        case .notFound: true
        case .other(let failure): failure.status == 405 || failure.status == 501
        default: false
        }
    }

    private func pathlessRequest(_ request: HTTPRequest) -> HTTPRequest {
        var copy = request
        copy.query = ""
        return copy
    }

    // MARK: - Download

    private func download(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let text = try URLEncodedForm(query: request)["path"] ?? ""
        let path: StoragePath
        do {
            path = try StoragePath(text)
        } catch {
            throw HTTPError(.badRequest, message: "Refused path “\(visible(text))”: the path \(error.message). Nothing was downloaded.")
        }
        let file: StorageDownloadStream
        do {
            file = try await accounts.downloadStream(projectID: pid, path: path.description, limit: AccountsClient.storageDownloadLimit)
        } catch .notFound {
            throw HTTPError(.notFound, message: "There is no file “\(path)” in this project's storage.")
        } catch .tooLarge {
            throw HTTPError(.contentTooLarge, message: "The file “\(path)” is larger than the \(ByteCount.text(AccountsClient.storageDownloadLimit)) GrantDesk passes through; download it from the API directly.")
        } catch .validation(let failure) {
            throw HTTPError(.badRequest, message: "The upstream refused the path “\(path)”: \(failure.message)")
        } catch {
            throw UpstreamProblem(error, .page("the file “\(path)”"))
        }
        guard let length = file.length else {
            // Without a declared length the console cannot frame the body it passes on.
            file.body.cancel()
            throw HTTPError(.badGateway, message: "The upstream sent “\(path)” without saying its length, so GrantDesk cannot pass it on; download it from the API directly.")
        }
        var headers = HTTPHeaders()
        headers.set("Content-Type", file.contentType)
        // Always a download, never rendered here: a stored HTML file must not run as a console page
        // (the security headers middleware adds nosniff and the strict CSP as on every response).
        headers.set("Content-Disposition", "attachment; filename*=UTF-8''" + path.name.percentEncodedComponent())
        headers.set("Cache-Control", "no-store")
        // Passed on as it arrives: libcurl's side holds a bounded buffer, the socket one piece.
        let body = file.body
        return HTTPResponse(status: .ok, headers: headers, stream: HTTPBodyStream(length: length, next: {
            try await body.next()
        }, finished: { body.cancel() }))
    }

    // MARK: - Upload

    private func upload(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let (text, size, type, folderText, send) = try Self.uploaded(request)
        let path: StoragePath
        do {
            path = try StoragePath(text)
        } catch {
            try await services.audit.refused(context: context, action: "storage.upload", target: .storage(pid: pid, path: text),
                                             reason: "refused path: \(error.message)")
            return try await folderPage(folderRequest(request, folderText), context,
                                    error: "Refused path “\(visible(text))”: the path \(error.message). Nothing was uploaded.",
                                    status: .badRequest)
        }
        let change = AdminChange(services: services, context: context)
        let after = JSONValue.object(["size": .integer(size), "content_type": .string(type)]).serialized()
        let failure = try await change.run(action: "storage.upload", target: .storage(pid: pid, path: path.description),
                                           doing: "uploading the file", before: nil, after: after) { () throws(UpstreamError) in
            try await send(accounts, pid, path.description)
        }
        let parent = path.parent.description
        if let failure {
            var message = failure.message
            if case .other(let answer) = failure.upstream, answer.status == 413 {
                message = "The upstream refused “\(path)” as larger than it accepts. Nothing was uploaded."
            }
            return failure.decorate(try await folderPage(folderRequest(request, parent), context,
                                                     error: message, status: failure.status))
        }
        let done = try await change.done("Uploaded “\(path)” (\(ByteCount.text(size))).", to: .storage(pid: pid, folder: parent))
        guard request.headers["X-GrantDesk-Upload"] == "xhr" else { return done }
        // storage.js navigates itself: a redirect would be followed inside the
        // XMLHttpRequest and use up the message meant for the page it opens.
        var answer = HTTPResponse(status: .noContent)
        answer.headers.set("X-GrantDesk-Location", SiteURL.storage(pid: pid, folder: parent).path)
        return answer
    }

    /// Sends an upload's file to the upstream: `(client, project, path)`.
    typealias UploadSender = @Sendable (AccountsClient, String, String) async throws(UpstreamError) -> Void

    /// The path, size, type and folder of an upload, and how to send it: a
    /// multipart form (`folder`, optional `name`, the `file`; collected, see
    /// `ConsoleBodyLimit.storageUpload`) or, from `storage.js`, the raw file
    /// as the body with `?path=`, streamed through as it arrives.
    private static func uploaded(_ request: HTTPRequest) throws -> (String, Int, String, String, UploadSender) {
        if let stream = request.bodyStream {
            let query = try URLEncodedForm(query: request)
            let path = query["path"] ?? ""
            let folder = path.split(separator: "/").dropLast().joined(separator: "/")
            let type = uploadType(request.headers["Content-Type"])
            // The upstream is told the length before the first byte, so the browser must say it too (XHR always does).
            guard let length = request.headers["Content-Length"].flatMap({ Int($0) }) else {
                throw HTTPError(.lengthRequired, message: "The upload did not say its length. Nothing was uploaded.")
            }
            let upload = HTTPClientUpload(length: length) { try await stream.next() }
            return (path, length, type, folder, { client, pid, path throws(UpstreamError) in
                try await client.upload(projectID: pid, path: path, contentType: type, upload: upload)
            })
        }
        let (path, bytes, type, folder) = try collectedUpload(request)
        return (path, bytes.count, type, folder, { client, pid, path throws(UpstreamError) in
            try await client.upload(projectID: pid, path: path, bytes: bytes, contentType: type)
        })
    }

    private static func collectedUpload(_ request: HTTPRequest) throws -> (String, [UInt8], String, String) {
        let form: MultipartForm?
        do {
            form = try MultipartForm(request: request)
        } catch {
            throw HTTPError(.badRequest, message: "The upload form could not be read (\(error.reason)). Nothing was uploaded.")
        }
        if let form {
            guard let file = form["file"], let filename = file.filename, !filename.isEmpty else {
                throw HTTPError(.badRequest, message: "Choose a file to upload. Nothing was uploaded.")
            }
            let folder = form.text("folder") ?? ""
            var name = form.text("name") ?? ""
            if name.isEmpty {
                // Some browsers send a whole client-side path; only its last part is the name.
                name = String(filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
            }
            let path = folder.isEmpty ? name : (folder.hasSuffix("/") ? folder + name : folder + "/" + name)
            return (path, file.bytes, uploadType(file.contentType), folder)
        }
        let query = try URLEncodedForm(query: request)
        let path = query["path"] ?? ""
        let folder = path.split(separator: "/").dropLast().joined(separator: "/")
        return (path, request.body, uploadType(request.headers["Content-Type"]), folder)
    }

    private static func uploadType(_ declared: String?) -> String {
        guard let declared, !declared.isEmpty, declared.utf8.count <= 255, declared.contains("/"),
              declared.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else { return "application/octet-stream" }
        return declared
    }

    /// `request` as a look at `folder` (the top, when `folder` is itself refused).
    private func folderRequest(_ request: HTTPRequest, _ folder: String) -> HTTPRequest {
        var copy = request
        let valid = (try? StoragePath(folder, folder: true)) != nil
        copy.query = folder.isEmpty || !valid ? "" : "path=" + folder.percentEncodedComponent()
        return copy
    }

    // MARK: - Delete

    private func deleteForm(_ request: HTTPRequest, _ context: ConsoleContext, failure: String? = nil,
                            status: HTTPStatus = .ok) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let path = try Self.filePath(request)
        let model = StorageDeletePage(path: path.description, action: SiteURL.storageDelete(pid: pid, path: path.description).path,
                                      cancelURL: SiteURL.storage(pid: pid, folder: path.parent.description).path, failure: failure)
        return services.renderer.page("storage/delete", model,
                                      chrome: AdminChange.chrome(context, pid: pid, title: "Delete file", trail: []), status: status)
    }

    private func delete(_ request: HTTPRequest, _ context: ConsoleContext) async throws -> HTTPResponse {
        let pid = try context.parameters.require("pid")
        let path = try Self.filePath(request)
        let change = AdminChange(services: services, context: context)
        let failure = try await change.run(action: "storage.delete", target: .storage(pid: pid, path: path.description),
                                           doing: "deleting the file", before: nil, after: nil) { () throws(UpstreamError) in
            try await accounts.deleteStorageFile(projectID: pid, path: path.description)
        }
        if let failure {
            let message = failure.kind == .notFound
                ? "There is no file “\(path)” to delete, or the upstream cannot delete files (MeshAgent's documented API has no delete). Nothing was deleted."
                : failure.message
            return try await failure.shown { try await deleteForm(request, context, failure: message, status: failure.status) }
        }
        return try await change.done("Deleted “\(path)”.", to: .storage(pid: pid, folder: path.parent.description))
    }

    private static func filePath(_ request: HTTPRequest) throws -> StoragePath {
        let text = try URLEncodedForm(query: request)["path"] ?? ""
        do {
            return try StoragePath(text)
        } catch {
            throw HTTPError(.badRequest, message: "Refused path “\(visible(text))”: the path \(error.message).")
        }
    }
}
