// libFuzzer entry point for the HTTP/1.1 request parser and connection state
// machine. Built by scripts/fuzz.sh with `-DFUZZING` (libFuzzer then supplies
// `main`); a normal build makes a replay tool instead: `swift run ParserFuzz
// FILE...` runs saved inputs through the same checks and traps on the first
// violation. Not named main.swift: the fuzz build compiles as a library.
import Foundation
import HTTPServer

/// A clock frozen in time: the harness exercises parsing, not deadlines.
struct FrozenClock: ServerClock {
    let start = ContinuousClock.now
    func now() -> ContinuousClock.Instant { start }
    func httpDate() -> String { "Sun, 06 Nov 1994 08:49:37 GMT" }
}

/// A parser event with body chunks merged, so traces from differently split
/// input can be compared.
enum TraceEvent: Equatable {
    case head(RequestHead)
    case body([UInt8])
    case end
    case error(Int)
}

let limits = ServerLimits(maxBodyBytes: 64 * 1024)

/// A body-limit policy like the console's: targets under `/s` get a small
/// limit, so the fuzzer also drives the per-request limit paths.
let smallBodyBytes = 16
let bodyLimit: BodyLimitPolicy = { head in head.target.hasPrefix("/s") ? smallBodyBytes : .max }

func limit(for head: RequestHead) -> Int {
    head.target.hasPrefix("/s") ? smallBodyBytes : limits.maxBodyBytes
}

func trace(_ pieces: [ArraySlice<UInt8>]) -> [TraceEvent] {
    var parser = RequestParser(limits: limits, bodyLimit: bodyLimit)
    var events: [TraceEvent] = []
    for piece in pieces {
        parser.feed(piece)
        parsing: while true {
            switch parser.next() {
            case .needMore: break parsing
            case .head(let head): events.append(.head(head))
            case .body(let bytes):
                if case .body(let earlier) = events.last {
                    events[events.count - 1] = .body(earlier + bytes)
                } else {
                    events.append(.body(bytes))
                }
            case .end: events.append(.end)
            case .error(let status):
                events.append(.error(status.code))
                return events
            }
        }
    }
    return events
}

func require(_ condition: Bool, _ message: String) {
    if !condition { fatalError("invariant violated: \(message)") }
}

func checkHead(_ head: RequestHead) {
    let headers = head.headers
    let hasLength = headers.contains("Content-Length")
    let hasTransferEncoding = headers.contains("Transfer-Encoding")
    require(!(hasLength && hasTransferEncoding), "accepted both Content-Length and Transfer-Encoding")
    switch head.framing {
    case .chunked: require(hasTransferEncoding && head.version == .http11, "chunked without TE on 1.1")
    case .length(let length): require(length > 0 && length <= limit(for: head), "length outside limits")
    case .none: require(!hasTransferEncoding, "TE without chunked framing")
    }
    if head.version == .http11 { require(headers.values("Host").count == 1, "HTTP/1.1 without exactly one Host") }
    require(headers.count <= limits.maxHeaderCount, "too many fields accepted")
    for (name, value) in headers {
        require(!name.isEmpty && !name.utf8.contains(where: { $0 <= 32 || $0 == 58 || $0 >= 127 }), "bad field name")
        require(!value.utf8.contains(where: { $0 == 0 || $0 == 10 || $0 == 13 }), "CR, LF or NUL in a value")
    }
    require(head.target.utf8.first == UInt8(ascii: "/") || head.target == "*", "target not origin-form")
}

func checkTrace(_ events: [TraceEvent]) {
    var bodyBytes = 0
    var allowed = limits.maxBodyBytes
    for event in events {
        switch event {
        case .head(let head):
            checkHead(head)
            bodyBytes = 0
            allowed = limit(for: head)
        case .body(let bytes):
            bodyBytes += bytes.count
            require(bodyBytes <= allowed, "body over the limit delivered")
        case .end, .error:
            break
        }
    }
}

/// Runs the input through the connection state machine and checks what it writes.
func checkConnection(_ data: [UInt8], split: Int) {
    var machine = ConnectionStateMachine(
        info: ConnectionInfo(remoteAddress: "fuzz", isSecure: split % 2 == 0, id: 1),
        limits: limits, timeouts: ServerTimeouts(), clock: FrozenClock(), bodyLimit: bodyLimit
    )
    if split % 2 == 0 { _ = machine.handshakeCompleted() }
    var pending: [ConnectionStateMachine.Action] = machine.received(data[..<split]) + machine.received(data[split...])
    var sawError = false
    var rounds = 0
    while !pending.isEmpty && rounds < 10_000 {
        rounds += 1
        let action = pending.removeFirst()
        switch action {
        case .write(let bytes):
            let text = String(decoding: bytes, as: UTF8.self).lowercased()
            let head = text.components(separatedBy: "\r\n\r\n").first ?? text
            require(!(head.contains("\r\ncontent-length:") && head.contains("\r\ntransfer-encoding:")), "response with both CL and TE")
            if head.hasPrefix("http/1.1 4") || head.hasPrefix("http/1.1 5") { sawError = true }
            pending += machine.outputDrained()
        case .dispatch(let request):
            require(!sawError, "request dispatched after a protocol error")
            var response = HTTPResponse(status: request.body.isEmpty ? .noContent : .ok, body: request.body)
            response.headers.set("Transfer-Encoding", "chunked")
            pending += machine.responseReady(response)
        case .shutdownWrite, .close:
            pending += machine.received(data)
        case .stream:
            require(false, "a streamed body without a streamed route")
        case .abandon:
            require(false, "abandoned a request though the peer never closed")
        }
    }
}

func fuzzOne(_ data: [UInt8]) {
    guard let first = data.first else { return }
    let input = Array(data.dropFirst())
    let split = input.isEmpty ? 0 : Int(first) % (input.count + 1)
    let whole = trace([input[...]])
    checkTrace(whole)
    require(trace([input[..<split], input[split...]]) == whole, "split input parsed differently")
    if input.count <= 256 {
        require(trace(input.map { [$0][...] }) == whole, "byte-by-byte input parsed differently")
    }
    checkConnection(input, split: split)
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    fuzzOne(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#else
/// Replays saved inputs through the harness, or (`--describe`) prints the
/// parser's framing decisions as JSON lines for the differential test.
@main
struct ParserFuzzReplay {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--describe" {
            arguments.removeFirst()
            for path in arguments { print(describe(path: path)) }
            return
        }
        for path in arguments {
            guard let bytes = FileManager.default.contents(atPath: path) else {
                print("cannot read \(path)")
                exit(2)
            }
            fuzzOne(Array(bytes))
            print("ok \(path)")
        }
    }

    /// `{"file", "requests": [{"method", "target", "body_hex"}], "error"}`
    /// for the whole file parsed with the server's default limits.
    static func describe(path: String) -> String {
        let bytes = FileManager.default.contents(atPath: path).map { Array($0) } ?? []
        var parser = RequestParser()
        parser.feed(bytes)
        var requests: [[String: String]] = []
        var current: [String: String] = [:]
        var body: [UInt8] = []
        var error: Int?
        parsing: while true {
            switch parser.next() {
            case .needMore: break parsing
            case .head(let head): current = ["method": head.method.rawValue, "target": head.target]; body = []
            case .body(let chunk): body += chunk
            case .end:
                current["body_hex"] = body.map { String(format: "%02x", $0) }.joined()
                requests.append(current)
            case .error(let status):
                error = status.code
                break parsing
            }
        }
        let object: [String: Any] = ["file": path, "requests": requests, "error": error as Any? ?? NSNull()]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
#endif
