#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The file-system walk behind `StaticFiles`: the only file in this target
/// that calls libc. It runs once at start-up and decides which files may
/// ever be served: regular files, reached without dotfile or dot-directory
/// names, whose fully resolved path lies inside the resolved root.
enum FileTree {
    struct File {
        /// Path relative to the root, `/`-separated, as it will appear in URLs.
        var relativePath: String
        var contents: [UInt8]
        /// Modification time in Unix seconds.
        var modified: Int64
    }

    private static let maximumDepth = 32

    static func load(root: String, maximumTotalBytes: Int) throws(StaticFilesError) -> [File] {
        guard let resolvedRoot = realPath(root) else { throw .missingDirectory(root) }
        guard kind(of: resolvedRoot, followLinks: true) == .directory else { throw .notADirectory(root) }
        var files: [File] = []
        var total = 0
        try walk(directory: resolvedRoot, relative: [], root: resolvedRoot, depth: 0) { (relative, resolved) throws(StaticFilesError) in
            let (contents, modified) = try read(resolved)
            total += contents.count
            guard total <= maximumTotalBytes else { throw .tooLarge(limit: maximumTotalBytes) }
            files.append(File(relativePath: relative.joined(separator: "/"), contents: contents, modified: modified))
        }
        return files
    }

    private enum Kind { case directory, regular, symlink, other }

    private static func walk(
        directory: String, relative: [String], root: String, depth: Int,
        visit: (_ relative: [String], _ resolvedPath: String) throws(StaticFilesError) -> Void
    ) throws(StaticFilesError) {
        guard depth < maximumDepth else { return }
        for name in try entries(of: directory) where isServableName(name) {
            let path = directory + "/" + name
            switch kind(of: path, followLinks: false) {
            case .directory:
                try walk(directory: path, relative: relative + [name], root: root, depth: depth + 1, visit: visit)
            case .regular:
                try visit(relative + [name], path)
            case .symlink:
                // Followed only to a regular file that stays inside the root,
                // itself under a servable name; linked directories are skipped
                // so a link cannot create a loop.
                guard let target = realPath(path), target.hasPrefix(root + "/"),
                      target.dropFirst(root.count + 1).split(separator: "/").allSatisfy({ isServableName(String($0)) }),
                      kind(of: target, followLinks: false) == .regular else { continue }
                try visit(relative + [name], target)
            case .other:
                continue
            }
        }
    }

    /// Dotfiles (`.env`, `.git`) and names a URL could not address safely are never served.
    static func isServableName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("\\") && !name.contains("\0")
    }

    private static func entries(of directory: String) throws(StaticFilesError) -> [String] {
        guard let handle = opendir(directory) else { throw .unreadable(path: directory, errno: errno) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    private static func kind(of path: String, followLinks: Bool) -> Kind {
        var info = stat()
        guard (followLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return .other }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regular
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func read(_ path: String) throws(StaticFilesError) -> ([UInt8], Int64) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: path, errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw .unreadable(path: path, errno: errno) }
        var contents: [UInt8] = []
        contents.reserveCapacity(Int(info.st_size))
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, errno: errno)
            }
            contents.append(contentsOf: buffer[0..<count])
        }
        #if canImport(Darwin)
        let modified = Int64(info.st_mtimespec.tv_sec)
        #else
        let modified = Int64(info.st_mtim.tv_sec)
        #endif
        return (contents, modified)
    }
}

private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(fd, buffer, count)
    #elseif canImport(Musl)
    Musl.read(fd, buffer, count)
    #else
    Darwin.read(fd, buffer, count)
    #endif
}
