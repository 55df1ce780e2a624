/// One way a new scope allows something the old one did not.
public struct ScopeWideningReason: Sendable, Hashable, CustomStringConvertible {
    /// The field (or section) where access grows, e.g. `queues.send`.
    public let path: ScopePath
    /// In words: "queues.send now also allows 'jobs'".
    public let message: String

    /// `message`.
    public var description: String { message }
}

/// Decides whether a new scope allows anything the old one did not.
///
/// Sound by construction: when it finds no reason, every check the new
/// scope allows is allowed by the old one (the property tests sample this).
/// Where an exact answer is hard (first-match path rules, unrecognised
/// settings) it errs towards "widens".
struct ScopeWidening {
    let old: ApiScope
    let new: ApiScope
    private(set) var reasons: [ScopeWideningReason] = []

    init(old: ApiScope, new: ApiScope) {
        self.old = old
        self.new = new
        compareUnknown(old.unknown, new.unknown, at: ScopePath())
        for section in ScopeSection.allCases {
            let path = ScopePath([.key(section.key)])
            switch (old.has(section), new.has(section)) {
            case (false, true):
                add(path, "adds the \(section.key) section")
            case (true, true):
                compareSection(section, at: path)
            default:
                break
            }
        }
    }

    mutating func add(_ path: ScopePath, _ message: String) {
        reasons.append(ScopeWideningReason(path: path, message: message))
    }

    // MARK: - Building blocks

    mutating func flag(_ old: Bool?, _ new: Bool?, default value: Bool, _ path: ScopePath) {
        if !(old ?? value) && (new ?? value) { add(path, "turns on \(path)") }
    }

    /// Lists matched exactly; nil = everything.
    mutating func exactList(_ old: [String]?, _ new: [String]?, _ path: ScopePath) {
        guard let old else { return }
        guard let new else {
            add(path, "removes the restriction \(path) (was \(Words.list(old)))")
            return
        }
        let extra = new.filter { Pattern.firstEqual(in: old, $0) == nil }
        if !extra.isEmpty { add(path, "\(path) now also allows \(Words.list(extra))") }
    }

    /// Matchers; nil = everything.
    mutating func matcherList(_ old: [Matcher]?, _ new: [Matcher]?, shown newText: [String]?, _ path: ScopePath) {
        guard let old else { return }
        guard let new else {
            if !Matcher.all.isCovered(by: old) { add(path, "removes the restriction \(path)") }
            return
        }
        let extra = new.indices.filter { !new[$0].isCovered(by: old) }
        if !extra.isEmpty {
            let shown = extra.map { newText?[$0] ?? "\(new[$0])" }
            add(path, "\(path) now also allows \(Words.list(shown))")
        }
    }

    mutating func patternList(_ old: [String]?, _ new: [String]?, _ path: ScopePath) {
        matcherList(old?.map(Matcher.pattern), new?.map(Matcher.pattern), shown: new, path)
    }

    mutating func compareUnknown(_ old: UnknownMembers, _ new: UnknownMembers, at path: ScopePath) {
        let oldMembers = Dictionary(old.members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        let newMembers = Dictionary(new.members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        for key in Set(oldMembers.keys).union(newMembers.keys).sorted() where oldMembers[key] != newMembers[key] {
            add(path.appending(key), "changes the unrecognised setting \(path.appending(key)); GrantDesk cannot tell whether that widens access")
        }
    }
}
