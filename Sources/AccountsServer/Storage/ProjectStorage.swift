public import Foundation
public import GrantModel

/// The embedded API's project storage, on disk: one folder per project under
/// `root`, holding `files/` (the stored files, as their paths say), `types/`
/// (each file's recorded content type, at the same path) and `incoming/`
/// (uploads in progress).
///
/// An upload is written to a fresh file in `incoming/` and renamed into
/// place only once complete and synced, so a cut connection or a refused
/// size leaves no half file and a reader never sees one. Paths are checked
/// by `StoragePath` (no `..`, absolute paths, NUL) and every existing
/// component is checked not to be a symbolic link, so nothing outside the
/// project's folder is ever read or written.
public final class ProjectStorage: Sendable {
    /// The default largest upload: 100 MiB.
    public static let defaultUploadLimit = 100 << 20

    /// The folder holding every project's folder.
    public let root: String
    /// The largest upload accepted, in bytes.
    public let uploadLimit: Int

    public init(root: String, uploadLimit: Int = ProjectStorage.defaultUploadLimit) {
        self.root = root
        self.uploadLimit = uploadLimit
    }

    /// A stored file opened for reading.
    public struct StoredFile: Sendable {
        public let handle: FileHandle
        public let size: Int
        public let contentType: String
    }

    // MARK: - Operations

    /// Stores `chunks` at `path`, replacing a file already there.
    /// - Throws: `AccountsStoreError` (refused path 400, folder in the way
    ///   409), `StorageTooLarge` past the limit, or the sequence's own error
    ///   (a cut connection); in every case nothing is left behind.
    public func write<Chunks: AsyncSequence>(projectID: String, path: StoragePath, contentType: String, chunks: Chunks)
        async throws -> StorageEntry where Chunks.Element == [UInt8] {
        let project = try projectFolder(projectID, create: true)
        let target = try checkedLocation(project + "/files", path, creatingParents: true)
        if isDirectory(target) { throw AccountsStoreError.conflict("A folder already exists at this path.") }
        let incoming = project + "/incoming/" + UUID().uuidString
        guard FileManager.default.createFile(atPath: incoming, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: incoming) else {
            throw StorageIOError(message: "cannot create an upload file")
        }
        var size = 0
        do {
            for try await chunk in chunks {
                size += chunk.count
                if size > uploadLimit { throw StorageTooLarge(limit: uploadLimit) }
                try handle.write(contentsOf: chunk)
            }
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: incoming)
            throw error
        }
        let typeFile = try checkedLocation(project + "/types", path, creatingParents: true)
        try Data(contentType.utf8).write(to: URL(fileURLWithPath: typeFile), options: .atomic)
        guard rename(incoming, target) == 0 else {
            try? FileManager.default.removeItem(atPath: incoming)
            throw StorageIOError(message: "cannot move the upload into place (errno \(errno))")
        }
        return StorageEntry(name: path.name, path: path.description, isFolder: false, size: size, contentType: contentType,
                            modified: Date().timeIntervalSince1970)
    }

    /// Opens the file at `path`; 404 when there is none (or it is a folder).
    public func read(projectID: String, path: StoragePath) throws -> StoredFile {
        let project = try projectFolder(projectID, create: false)
        let location = try checkedLocation(project + "/files", path, creatingParents: false)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: location),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let handle = FileHandle(forReadingAtPath: location) else {
            throw AccountsStoreError.notFound("file was not found")
        }
        return StoredFile(handle: handle, size: (attributes[.size] as? Int) ?? 0, contentType: contentType(project, path))
    }

    /// The folder's entries, folders first then files, each by name.
    public func list(projectID: String, folder: StoragePath) throws -> StorageListing {
        let project = try projectFolder(projectID, create: false)
        let location = folder.segments.isEmpty ? project + "/files" : try checkedLocation(project + "/files", folder, creatingParents: false)
        guard isDirectory(location) || folder.segments.isEmpty else { throw AccountsStoreError.notFound("folder was not found") }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: location)) ?? []
        var folders: [StorageEntry] = []
        var files: [StorageEntry] = []
        for name in names.sorted() {
            let entryPath = folder.appending(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: location + "/" + name) else { continue }
            switch attributes[.type] as? FileAttributeType {
            case .typeDirectory?:
                folders.append(StorageEntry(name: name, path: entryPath.description, isFolder: true))
            case .typeRegular?:
                files.append(StorageEntry(name: name, path: entryPath.description, isFolder: false,
                                          size: attributes[.size] as? Int, contentType: contentType(project, entryPath),
                                          modified: (attributes[.modificationDate] as? Date)?.timeIntervalSince1970))
            default:
                continue  // symbolic links and anything else are never listed, read or followed
            }
        }
        return StorageListing(path: folder.description, entries: folders + files)
    }

    /// Deletes the file at `path` (folders left empty go with it); 404 when there is none.
    public func delete(projectID: String, path: StoragePath) throws {
        let project = try projectFolder(projectID, create: false)
        let location = try checkedLocation(project + "/files", path, creatingParents: false)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: location),
              attributes[.type] as? FileAttributeType == .typeRegular else {
            throw AccountsStoreError.notFound("file was not found")
        }
        try FileManager.default.removeItem(atPath: location)
        if let typeFile = try? checkedLocation(project + "/types", path, creatingParents: false) {
            try? FileManager.default.removeItem(atPath: typeFile)
        }
        for prefix in path.parent.prefixes.reversed() {
            for base in ["/files/", "/types/"] {
                // rmdir only removes empty folders: a folder that still holds something stays.
                _ = rmdir(project + base + prefix.description)
            }
        }
    }

    // MARK: - Locations

    /// The project's folder (its id hex-encoded unless plainly safe), with
    /// its three sub-folders when `create`.
    private func projectFolder(_ projectID: String, create: Bool) throws -> String {
        let safe = !projectID.isEmpty && projectID.utf8.count <= 128
            && projectID.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
        let name = safe ? projectID : "x-" + projectID.utf8.map { String($0, radix: 16) }.joined()
        let folder = root + "/" + name
        if create {
            for sub in ["/files", "/types", "/incoming"] {
                try FileManager.default.createDirectory(atPath: folder + sub, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            }
        }
        for location in [root, folder, folder + "/files", folder + "/types", folder + "/incoming"] where isSymbolicLink(location) {
            throw AccountsStoreError.invalid("The storage folder is a symbolic link; refused.")
        }
        return folder
    }

    /// `base/path`, after checking that no existing component is a symbolic
    /// link (so the path cannot leave `base`); parents created when asked.
    private func checkedLocation(_ base: String, _ path: StoragePath, creatingParents: Bool) throws -> String {
        var location = base
        for (index, segment) in path.segments.enumerated() {
            location += "/" + segment
            if isSymbolicLink(location) {
                throw AccountsStoreError.invalid("Refused path: “\(path)” passes through a symbolic link.")
            }
            let isLast = index == path.segments.count - 1
            if !isLast && creatingParents {
                if FileManager.default.fileExists(atPath: location) {
                    guard isDirectory(location) else { throw AccountsStoreError.conflict("“\(path.prefixes[index])” is a file, not a folder.") }
                } else {
                    try FileManager.default.createDirectory(atPath: location, withIntermediateDirectories: false,
                                                            attributes: [.posixPermissions: 0o700])
                }
            }
        }
        return location
    }

    private func contentType(_ project: String, _ path: StoragePath) -> String {
        guard let location = try? checkedLocation(project + "/types", path, creatingParents: false),
              let data = FileManager.default.contents(atPath: location),
              let text = String(data: data, encoding: .utf8), !text.isEmpty else { return "application/octet-stream" }
        return text
    }

    private func isSymbolicLink(_ location: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: location))?[.type] as? FileAttributeType == .typeSymbolicLink
    }

    private func isDirectory(_ location: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: location))?[.type] as? FileAttributeType == .typeDirectory
    }
}

/// An upload larger than the storage's limit (413).
public struct StorageTooLarge: Error, Sendable, Hashable {
    public let limit: Int
}

/// The file system refused an operation the storage needed.
struct StorageIOError: Error, Sendable, CustomStringConvertible {
    let message: String
    var description: String { message }
}
