/// The protocol version of a request line: `HTTP/1.0` or `HTTP/1.1`.
public enum HTTPVersion: String, Sendable, Hashable {
    case http10 = "HTTP/1.0"
    case http11 = "HTTP/1.1"
}
