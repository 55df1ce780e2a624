public import Foundation

/// An operation as its progress page and status endpoint show it.
public struct OperationStatus: Sendable, Hashable {
    /// One item and how it ended.
    public struct Item: Sendable, Hashable {
        public var position: Int
        public var item: OperationItem
        public var status: OperationItemStatus
        /// Why it failed or was skipped, in words for people.
        public var detail: String?
    }

    /// `running`, `finished`, or `interrupted` (its process stopped).
    public enum State: String, Sendable, Hashable {
        case running, finished, interrupted
    }

    public var id: OperationID
    public var project: String
    public var kind: String
    public var label: String
    public var tag: String?
    public var actor: String
    public var createdAt: Date
    public var finishedAt: Date?
    public var retryOf: OperationID?
    public var state: State
    public var items: [Item]

    public func count(_ status: OperationItemStatus) -> Int { items.filter { $0.status == status }.count }
    /// Items that ended, one way or another.
    public var ended: Int { items.filter { [.done, .failed, .skipped, .interrupted].contains($0.status) }.count }
    public var retryable: [Item] { items.filter { $0.status.isRetryable } }
    public var isRunning: Bool { state == .running }
}
