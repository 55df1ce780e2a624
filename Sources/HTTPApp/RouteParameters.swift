/// Values captured by `:name` segments of a route pattern, percent-decoded.
public struct RouteParameters: Sendable, Hashable {
    private var values: [String: String] = [:]

    public init() {}

    public subscript(name: String) -> String? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// The value of `name`, or a 400 error naming the missing parameter.
    public func require(_ name: String) throws(HTTPError) -> String {
        guard let value = values[name] else {
            throw HTTPError(.badRequest, message: "Missing path parameter '\(name)'.")
        }
        return value
    }
}
