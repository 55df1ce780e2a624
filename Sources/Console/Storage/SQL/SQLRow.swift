public import Foundation

/// One result row: values by column name (lower case, as written in the query).
public struct SQLRow: Sendable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of `column`, or `.null` when the query has no such column.
    public subscript(column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }

    /// A column that must hold text; a missing or `NULL` value is a storage error.
    public func string(_ column: String) throws -> String {
        try required(self[column].string, column)
    }

    public func int64(_ column: String) throws -> Int64 { try required(self[column].int64, column) }
    public func int(_ column: String) throws -> Int { try required(self[column].int, column) }
    public func double(_ column: String) throws -> Double { try required(self[column].double, column) }
    public func bool(_ column: String) throws -> Bool { try required(self[column].bool, column) }
    public func date(_ column: String) throws -> Date { try required(self[column].date, column) }
    public func bytes(_ column: String) throws -> [UInt8] { try required(self[column].bytes, column) }

    private func required<T>(_ value: T?, _ column: String) throws -> T {
        guard let value else { throw SQLStorageError("column \(column) is missing or NULL") }
        return value
    }
}
