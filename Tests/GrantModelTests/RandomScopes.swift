@testable import GrantModel

/// SplitMix64: small, fast, and the same sequence on every machine for a seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random scope JSON built from small pools of values that collide often, so
/// matches, prefixes, whitespace and first-match cases actually occur.
struct RandomScopes {
    var rng: SeededGenerator

    static let names = ["a", "b", "ab", "", " a", "a*", "*", "caf\u{e9}", "cafe\u{301}", "q1"]
    static let paths = ["/", "/a", "/a/", "/a/*", "/a/b", "*", "", "/b*", "/a/b/c", "/ab"]
    static let tags = ["img", "img:1", "img*", "team/app", "team/*", "*", "", "x y"]
    static let models = ["openai/gpt", "openai/*", " openai/x ", "anthropic/*", "a/b/c", "*", "openai", "/x", "a /b"]
    static let endpoints = ["https://a/x", "https://a/*", " https://a/x ", "*", "https://b"]
    static let clients = ["c1", "c2", "", " c1"]
    static let ports = ["22", "443", "8080", "022"]
    static let namespaces: [[String]] = [[], ["n"], ["n", "m"], ["m"]]

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < probability }
    mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &rng)] }

    mutating func strings(_ pool: [String], max: Int = 3) -> JSONValue {
        .array((0..<Int.random(in: 0...max, using: &rng)).map { _ in .string(pick(pool)) })
    }

    /// Absent (nil), null, or a value.
    mutating func optional(_ make: (inout RandomScopes) -> JSONValue) -> JSONValue? {
        let roll = Double.random(in: 0..<1, using: &rng)
        if roll < 0.4 { return nil }
        if roll < 0.47 { return .null }
        return make(&self)
    }

    mutating func object(_ members: [(String, (inout RandomScopes) -> JSONValue)], required: Set<String> = []) -> JSONValue {
        var object = JSONObject()
        var entries = members
        entries.shuffle(using: &rng)
        for (key, make) in entries {
            if required.contains(key) {
                object[key] = make(&self)
            } else if let value = optional(make) {
                object[key] = value
            }
            if chance(0.04) { object["x_\(Int.random(in: 0..<3, using: &rng))_\(key)"] = pick(["1", .null, ["k": [true]], "<&>"]) }
        }
        return .object(object)
    }

    mutating func flag() -> JSONValue { .bool(chance(0.5)) }

    mutating func scope() -> JSONValue {
        var object = JSONObject()
        for section in ScopeSection.allCases.shuffled(using: &rng) where chance(0.55) {
            var key = section.key
            if section == .dataset, chance(0.3) { key = pick(["database", "datasets"]) }
            object[key] = chance(0.05) ? .null : sectionValue(section)
        }
        if chance(0.1) { object["sqlite"] = ["tables": ["t"]] }
        return .object(object)
    }

    mutating func sectionValue(_ section: ScopeSection) -> JSONValue {
        switch section {
        case .livekit: object([("breakout_rooms", { $0.strings(Self.names) })])
        case .queues: object([("send", { $0.strings(Self.names) }), ("receive", { $0.strings(Self.names) }), ("list", { $0.flag() })])
        case .messaging: object([("broadcast", { $0.flag() }), ("list", { $0.flag() }), ("send", { $0.flag() })])
        case .dataset: object([("tables", { $0.list { $0.table() } }), ("list_tables", { $0.flag() })])
        case .memory: object([("list", { $0.flag() }), ("memories", { $0.list { $0.memory() } })])
        case .sync, .storage: object([("paths", { $0.list { $0.pathEntry() } })])
        case .containers:
            object([
                ("logs", { $0.flag() }), ("use_containers", { $0.flag() }),
                ("pull", { $0.strings(Self.tags) }), ("run", { $0.strings(Self.tags) }),
                ("registry", { r in
                    r.object([("list", { $0.strings(Self.tags) }), ("pull", { $0.strings(Self.tags) }),
                              ("run", { $0.strings(Self.tags) }), ("write", { $0.strings(Self.tags) })])
                }),
            ])
        case .developer: object([("logs", { $0.flag() })])
        case .agents:
            object(["register_agent", "register_public_toolkit", "register_private_toolkit", "call", "use_agents", "use_tools"]
                .map { ($0, { $0.flag() }) } + [("allowed_toolkits", { $0.strings(Self.names) })])
        case .llm: object([("models", { $0.strings(Self.models, max: 4) })])
        case .admin: object([("config", { $0.flag() })])
        case .secrets: object([("request_oauth_token", { $0.list { $0.oauth() } })])
        case .tunnels: object([("ports", { $0.strings(Self.ports) })])
        case .services: object([("list", { $0.flag() })])
        }
    }

    mutating func list(_ make: (inout RandomScopes) -> JSONValue) -> JSONValue {
        .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in make(&self) })
    }

    mutating func table() -> JSONValue {
        object([
            ("name", { $0.pick([.string("t"), .string("u"), .string("")]) }),
            ("namespace", { r in .array(r.pick(Self.namespaces).map(JSONValue.string)) }),
            ("read", { $0.flag() }), ("write", { $0.flag() }), ("alter", { $0.flag() }),
        ], required: ["name"])
    }

    mutating func memory() -> JSONValue {
        object([
            ("name", { $0.pick([.string("m"), .string("n")]) }),
            ("namespace", { r in .array(r.pick(Self.namespaces).map(JSONValue.string)) }),
            ("permissions", { r in r.object(MemoryPermission.allCases.map { ($0.rawValue, { $0.flag() }) }) }),
        ], required: ["name"])
    }

    mutating func pathEntry() -> JSONValue {
        object([("path", { .string($0.pick(Self.paths)) }), ("read_only", { $0.flag() })], required: ["path"])
    }

    mutating func oauth() -> JSONValue {
        object([("endpoint", { .string($0.pick(Self.endpoints)) }), ("client_id", { .string($0.pick(Self.clients)) })],
               required: ["endpoint", "client_id"])
    }

    /// Random arguments for a check, from the same pools.
    mutating func arguments(for check: ScopeCheck) -> ScopeCheckArguments {
        var arguments = ScopeCheckArguments()
        for name in check.requiredArguments {
            arguments[name] = switch name {
            case .path: pick(Self.paths + ["/a/bc", "/x"])
            case .tag, .repository: pick(Self.tags + ["img:2", "team/app2"])
            case .provider: pick(["openai", " openai ", "anthropic", "a", "a/b", "", "google"])
            case .model: pick(["gpt", "x", "claude", "b/c", " ", "*"])
            case .endpoint: pick(Self.endpoints + ["https://a/y", "https://a/"])
            case .clientID: pick(Self.clients)
            case .port: pick(["22", "443", "8080", "9999"])
            case .table: pick(["t", "u", "v"])
            default: pick(Self.names + ["c"])
            }
        }
        if check.takesNamespace, !chance(0.3) { arguments.namespace = pick(Self.namespaces) }
        return arguments
    }

    /// A small random edit of a scope's JSON: remove, add or replace one member somewhere.
    mutating func mutate(_ value: JSONValue, depth: Int = 0) -> JSONValue {
        switch value {
        case .object(var object) where !object.isEmpty && (depth == 0 || chance(0.7)):
            let key = pick(object.keys)
            let roll = Double.random(in: 0..<1, using: &rng)
            if roll < 0.2 {
                object[key] = nil
            } else if roll < 0.3, depth == 0, let section = ScopeSection.allCases.randomElement(using: &rng) {
                object[section.key] = sectionValue(section)
            } else if let child = object[key] {
                object[key] = mutate(child, depth: depth + 1)
            }
            return .object(object)
        case .array(var elements):
            if !elements.isEmpty, chance(0.5) {
                let index = Int.random(in: 0..<elements.count, using: &rng)
                if chance(0.5) { elements.remove(at: index) } else { elements[index] = mutate(elements[index], depth: depth + 1) }
            } else if let first = elements.first {
                elements.append(first.stringValue != nil ? .string(pick(Self.names + Self.paths + Self.tags + Self.models)) : mutate(first, depth: depth + 1))
            } else {
                elements.append(.string(pick(Self.names + Self.ports + Self.tags)))
            }
            return .array(elements)
        case .bool(let flag):
            return .bool(!flag)
        case .string:
            return .string(pick(Self.names + Self.paths + Self.tags + Self.models + Self.ports))
        case .object(var object):
            // An empty or skipped object: add a flag-like member it may know.
            object[pick(["list", "read_only", "write", "read", "config", "logs"])] = flag()
            return .object(object)
        default:
            return value
        }
    }

    /// Replaces one value somewhere with one of the wrong type.
    mutating func breakType(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(var object) where !object.isEmpty && chance(0.8):
            let key = pick(object.keys)
            object[key] = object[key].map { breakType($0) }
            return .object(object)
        case .array(var elements) where !elements.isEmpty && chance(0.7):
            let index = Int.random(in: 0..<elements.count, using: &rng)
            elements[index] = breakType(elements[index])
            return .array(elements)
        case .string: return pick([7, true, [:]])
        case .bool: return pick(["true", 1, []])
        case .array: return pick(["x", [:], false])
        case .object: return pick([[], "x", 0])
        default: return "x"
        }
    }
}
