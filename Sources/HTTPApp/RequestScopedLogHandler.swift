import Logging

/// The process's log handler, seen from one request: every line it writes
/// carries `request.id`. The id is kept beside the wrapped handler rather
/// than set in its metadata, which copied the shared handler and inserted
/// into a fresh dictionary on every request (3% of a `/healthz` answer),
/// for lines most requests never write. A line's own metadata still wins
/// over the handler's, as before.
struct RequestScopedLogHandler: LogHandler {
    static let key = "request.id"

    private var base: any LogHandler
    private let requestID: String

    init(_ base: any LogHandler, requestID: String) {
        self.base = base
        self.requestID = requestID
    }

    func log(event: LogEvent) {
        var event = event
        var metadata: Logger.Metadata = [Self.key: .string(requestID)]
        if let own = event.metadata { metadata.merge(own) { $1 } }
        event.metadata = metadata
        base.log(event: event)
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { key == Self.key ? .string(requestID) : base[metadataKey: key] }
        set { base[metadataKey: key] = newValue }
    }

    var metadata: Logger.Metadata {
        get {
            var all = base.metadata
            all[Self.key] = .string(requestID)
            return all
        }
        set {
            var rest = newValue
            rest[Self.key] = nil
            base.metadata = rest
        }
    }

    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { base.metadataProvider }
        set { base.metadataProvider = newValue }
    }
}
