import GrantModel

/// Reads every grant of a `GrantSource`: the first page tells the total, then
/// up to `source.parallelism` further pages are read at once, and each page
/// is handed to `consume` in the source's order as soon as the pages before
/// it have been. At most `parallelism` pages are held at any time, so the
/// scan's memory does not grow with the project; only what `consume` keeps does.
enum GrantScan {
    /// What a finished scan read.
    struct Outcome: Sendable, Equatable {
        /// Grants handed to `consume`.
        var checked: Int
        /// The source's total when the scan started.
        var total: Int
        /// The source's total moved, or a page came back short, while the scan
        /// read: the answer may miss or repeat a grant that moved meanwhile.
        var changedWhileReading: Bool
    }

    /// - Parameters:
    ///   - progress: told how many grants have been checked, page by page.
    ///   - consume: called on the scanning task, one page at a time, in order.
    static func run(
        _ source: GrantSource, progress: ScanProgress? = nil,
        consume: ([RoomGrant]) throws -> Void
    ) async throws -> Outcome {
        let size = source.pageSize
        let first = try await source.page(0, size)
        // A short first page of a longer list: grants went away while it was read.
        let shortFirst = first.grants.count < min(size, first.total)
        var outcome = Outcome(checked: 0, total: first.total, changedWhileReading: shortFirst)
        try consume(first.grants)
        outcome.checked = first.grants.count
        progress?.update(checked: outcome.checked, total: outcome.total)
        guard first.grants.count == size, first.total > size else { return outcome }

        let offsets = Array(stride(from: size, to: first.total, by: size))
        try await withThrowingTaskGroup(of: (Int, GrantPage).self) { group in
            var started = 0
            var delivered = 0
            var waiting: [Int: GrantPage] = [:]
            // Pages in flight plus pages waiting for an earlier one never exceed the window.
            func startMore() {
                while started < offsets.count, started - delivered < source.parallelism {
                    let (index, offset) = (started, offsets[started])
                    started += 1
                    group.addTask { (index, try await source.page(offset, size)) }
                }
            }
            startMore()
            while let (index, page) = try await group.next() {
                waiting[index] = page
                while let ready = waiting.removeValue(forKey: delivered) {
                    try consume(ready.grants)
                    outcome.checked += ready.grants.count
                    let expected = min(size, first.total - offsets[delivered])
                    if ready.total != first.total || ready.grants.count != expected { outcome.changedWhileReading = true }
                    delivered += 1
                }
                progress?.update(checked: outcome.checked, total: outcome.total)
                startMore()
            }
        }
        return outcome
    }

    /// Reads several small sources (a window's rooms or users), up to
    /// `parallelism` of them at once, each page by page; hands every page to
    /// `consume` on the calling task, in no particular order.
    static func runAll(
        _ sources: [GrantSource], parallelism: Int = 6, consume: ([RoomGrant]) throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: [[RoomGrant]].self) { group in
            var next = 0
            func startMore(_ count: Int) {
                for _ in 0..<count where next < sources.count {
                    var source = sources[next]
                    next += 1
                    source.parallelism = 1
                    group.addTask {
                        var pages: [[RoomGrant]] = []
                        _ = try await run(source) { pages.append($0) }
                        return pages
                    }
                }
            }
            startMore(parallelism)
            while let pages = try await group.next() {
                for page in pages { try consume(page) }
                startMore(1)
            }
        }
    }
}
