/// The server's connection caps as plain bookkeeping: at most
/// ``ServerLimits/maxConnections`` open in all, and at most
/// ``ServerLimits/maxConnectionsPerAddress`` from one client address, so a
/// single host cannot hold every slot. The server keeps it under its lock.
struct ConnectionAdmission: Sendable {
    let maxConnections: Int
    let maxPerAddress: Int
    /// Connections admitted and not yet released.
    private(set) var total = 0
    /// Open connections by client address; an address leaves the table with
    /// its last connection, so the table is bounded by `maxConnections`.
    private var perAddress: [String: Int] = [:]

    init(limits: ServerLimits) {
        maxConnections = limits.maxConnections
        maxPerAddress = limits.maxConnectionsPerAddress
    }

    /// Counts a new connection from `address` in; false (and nothing
    /// counted) when either cap is reached.
    mutating func admit(_ address: String) -> Bool {
        let fromAddress = perAddress[address, default: 0]
        guard total < maxConnections, fromAddress < maxPerAddress else { return false }
        total += 1
        perAddress[address] = fromAddress + 1
        return true
    }

    /// Counts a closed connection from `address` out.
    mutating func release(_ address: String) {
        guard let fromAddress = perAddress[address] else { return }
        total -= 1
        perAddress[address] = fromAddress > 1 ? fromAddress - 1 : nil
    }

    /// Open connections from `address`.
    func count(from address: String) -> Int { perAddress[address, default: 0] }
}
