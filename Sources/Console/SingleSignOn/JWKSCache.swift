import CryptoPrimitives
import Foundation

/// The provider's signing keys, fetched on first use and kept. A token
/// signed with a key the cache does not know (the provider rotated its
/// keys) triggers one fetch of the set; such refreshes are spaced at least
/// `minimumRefreshInterval` apart, so a stream of tokens with made-up `kid`s
/// cannot turn the console into a load generator against the provider.
actor JWKSCache {
    typealias Fetch = @Sendable () async throws -> [UInt8]

    private let fetch: Fetch
    private let clock: ConsoleClock
    private let minimumRefreshInterval: TimeInterval
    private var keys: JSONWebKeySet?
    private var fetchedAt: Date?
    /// How many times the set was fetched (tests watch refreshes with it).
    private(set) var fetchCount = 0

    init(clock: ConsoleClock, minimumRefreshInterval: TimeInterval = 60, fetch: @escaping Fetch) {
        self.fetch = fetch
        self.clock = clock
        self.minimumRefreshInterval = minimumRefreshInterval
    }

    /// The key for `id` and `algorithm`, refreshing the set once if it is unknown.
    func key(id: String?, algorithm: JWSAlgorithm) async throws -> JWSPublicKey? {
        if keys == nil { try await refresh() }
        if let found = keys?.key(id: id, algorithm: algorithm) { return found }
        if let fetchedAt, clock.now.timeIntervalSince(fetchedAt) < minimumRefreshInterval { return nil }
        try await refresh()
        return keys?.key(id: id, algorithm: algorithm)
    }

    private func refresh() async throws {
        fetchCount += 1
        fetchedAt = clock.now
        keys = try JSONWebKeySet(parsing: try await fetch())
    }
}
