import Foundation
import Synchronization

/// How far the whole-project scans have got, by the token the page's script
/// chose (`scan=`), so the page it is leaving can poll
/// `/projects/{pid}/progress?scan=` while the answer is computed. Held in
/// memory: a poll that reaches another replica just sees "unknown", and the
/// answer arrives all the same.
final class ScanProgressBoard: Sendable {
    /// What a poll sees.
    struct Entry: Sendable, Equatable {
        var owner: String
        var checked: Int
        var total: Int
        var done: Bool
        var started: Date
    }

    /// How many scans are remembered; the oldest go first.
    static let capacity = 256

    private let entries = Mutex<[String: Entry]>([:])

    /// `scan=` values a script may choose: 16–64 letters, digits, `-` or `_`.
    static func isValidToken(_ token: String) -> Bool {
        (16...64).contains(token.utf8.count)
            && token.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F
            }
    }

    /// Starts tracking a scan for `owner` (the console user); nil for a
    /// missing or malformed token, which simply means nobody polls.
    func begin(token: String?, owner: String) -> ScanProgress? {
        guard let token, Self.isValidToken(token) else { return nil }
        entries.withLock { entries in
            if entries.count >= Self.capacity, let oldest = entries.min(by: { $0.value.started < $1.value.started }) {
                entries.removeValue(forKey: oldest.key)
            }
            entries[token] = Entry(owner: owner, checked: 0, total: 0, done: false, started: Date())
        }
        return ScanProgress(board: self, token: token)
    }

    /// The scan's state, only for the user who started it.
    func entry(token: String, owner: String) -> Entry? {
        entries.withLock { entries in entries[token].flatMap { $0.owner == owner ? $0 : nil } }
    }

    fileprivate func update(_ token: String, checked: Int, total: Int, done: Bool) {
        entries.withLock { entries in
            guard var entry = entries[token] else { return }
            entry.checked = checked
            entry.total = total
            entry.done = entry.done || done
            entries[token] = entry
        }
    }
}

/// One scan's handle on the board.
struct ScanProgress: Sendable {
    fileprivate let board: ScanProgressBoard
    fileprivate let token: String

    func update(checked: Int, total: Int) { board.update(token, checked: checked, total: total, done: false) }

    /// The answer is being rendered: the poll can stop.
    func finish(checked: Int, total: Int) { board.update(token, checked: checked, total: total, done: true) }
}
