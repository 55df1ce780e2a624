/// Pagination controls for one table: "21–40 of 230", previous/next and a
/// window of page numbers. Built from the upstream's `total`, so the page
/// never fetches more rows than it shows.
struct PageNav: Sendable {
    /// One link in the page-number strip; a gap renders as "…".
    struct Item: Sendable {
        var number: Int
        var url: String
        var isCurrent: Bool
        var isGap: Bool
    }

    /// The accessible name of the navigation landmark ("Rooms pages").
    var label: String
    /// "21–40 of 230", or "No rows" when empty.
    var info: String
    var previousURL: String?
    var nextURL: String?
    var items: [Item]
    /// False when everything fits on one page: the template then shows only `info`.
    var isNeeded: Bool
    /// True when there is nothing at all: the page shows its empty state instead.
    var isEmpty: Bool

    /// - Parameters:
    ///   - page: 1-based page number, already clamped by the caller.
    ///   - url: builds the link for a page number (via `SiteURL`).
    init(label: String, page: Int, pageSize: Int, total: Int, shown: Int, url: (Int) -> String) {
        self.label = label
        let pageCount = max(1, (total + pageSize - 1) / pageSize)
        let first = (page - 1) * pageSize + 1
        if shown == 0 {
            info = total == 0 ? "No rows" : "No rows on page \(page) of \(pageCount)"
        } else {
            info = "\(first)–\(first + shown - 1) of \(total)"
        }
        previousURL = page > 1 ? url(min(page - 1, pageCount)) : nil
        nextURL = page < pageCount ? url(page + 1) : nil
        isNeeded = pageCount > 1 || page > 1
        isEmpty = total == 0 && page == 1
        items = PageNav.window(page: page, pageCount: pageCount).map { number in
            guard let number else { return Item(number: 0, url: "", isCurrent: false, isGap: true) }
            return Item(number: number, url: url(number), isCurrent: number == page, isGap: false)
        }
    }

    /// Page numbers to show: first, last, and two either side of the current
    /// page; nil marks a gap.
    static func window(page: Int, pageCount: Int) -> [Int?] {
        var wanted = Set([1, pageCount])
        for number in (page - 2)...(page + 2) where number >= 1 && number <= pageCount { wanted.insert(number) }
        var result: [Int?] = []
        var previous = 0
        for number in wanted.sorted() {
            if number - previous > 1 { result.append(nil) }
            result.append(number)
            previous = number
        }
        return result
    }
}

/// Reads a 1-based page number from a query value; anything else is page 1.
func pageNumber(_ raw: String?) -> Int {
    guard let raw, let value = Int(raw), value >= 1, value <= 1_000_000 else { return 1 }
    return value
}
