import Foundation

/// An exclusive advisory lock (`flock`) on a file, held until `unlock()`.
/// `flock` locks are independent of the POSIX record locks SQLite uses, and
/// of each other per open file, so this serialises processes as well as
/// two openings inside one process.
final class FileLock {
    private var descriptor: Int32

    /// Waits for the lock, creating the file (0600) if needed.
    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(path: path, errno: errno) }
        while flock(descriptor, LOCK_EX) != 0 {
            let error = errno
            if error == EINTR { continue }
            close(descriptor)
            throw Failure(path: path, errno: error)
        }
    }

    func unlock() {
        guard descriptor >= 0 else { return }
        close(descriptor)  // closing releases the lock
        descriptor = -1
    }

    deinit { unlock() }

    struct Failure: Error, CustomStringConvertible {
        var path: String
        var errno: Int32
        var description: String { "cannot lock \(path): \(String(cString: strerror(errno)))" }
    }
}
