import Testing
@testable import GrantModel

@Suite struct CheckTests {
    func scope(_ text: String) throws -> ApiScope {
        try ApiScope(jsonText: text, mode: .lenient)
    }

    func decide(_ scope: ApiScope, _ check: ScopeCheck, _ args: [ScopeCheckArguments.Name: String] = [:], namespace: [String]? = nil) throws -> ScopeDecision {
        try scope.evaluate(check, ScopeCheckArguments(args, namespace: namespace))
    }

    @Test func reasonsInPlainWords() throws {
        let s = try scope(#"{"queues": {"send": ["alerts"], "receive": []}, "sync": {"paths": [{"path": "/docs", "read_only": true}, {"path": "/shared/*"}]}}"#)
        #expect(try decide(s, .queuesCanSend, [.queue: "jobs"]) == ScopeDecision(allowed: false, reason: "denied: queues.send lists only 'alerts'"))
        #expect(try decide(s, .queuesCanSend, [.queue: "alerts"]).reason == "allowed by queues.send[0] 'alerts'")
        #expect(try decide(s, .queuesCanReceive, [.queue: "alerts"]).reason == "denied: queues.receive is an empty list, so no queue is allowed")
        #expect(try decide(s, .queuesList).reason == "allowed: queues.list is not set (default true)")
        #expect(try decide(s, .syncCanWrite, [.path: "/shared/x"]) == ScopeDecision(allowed: true, reason: "allowed by sync.paths[1] '/shared/*' (not read-only)"))
        #expect(try decide(s, .syncCanWrite, [.path: "/docs"]).reason == "denied: sync.paths[0] '/docs' matches first and is read-only")
        #expect(try decide(s, .tunnelsCanForward, [.port: "22"]) == ScopeDecision(allowed: false, reason: "denied: this scope has no tunnels section"))
    }

    @Test func everyCheckOnAnAbsentSectionIsDenied() throws {
        let empty = ApiScope()
        let args = ScopeCheckArguments(Dictionary(uniqueKeysWithValues: ScopeCheckArguments.Name.allCases.filter { $0 != .namespace }.map { ($0, "1") }))
        for check in ScopeCheck.allCases {
            #expect(try empty.evaluate(check, args).allowed == false, "\(check.name)")
        }
        let full = ApiScope.full
        for check in ScopeCheck.allCases {
            #expect(try full.evaluate(check, args).allowed == true, "\(check.name)")
        }
    }

    @Test func missingArgumentsAndUnknownChecks() throws {
        #expect(throws: ScopeCheckError.missingArgument(check: "queues.can_send", argument: "queue")) {
            try ApiScope.full.evaluate(.queuesCanSend)
        }
        #expect(throws: ScopeCheckError.unknownCheck("queues.can_fly")) {
            try ApiScope.full.evaluate(checkName: "queues.can_fly", arguments: [:])
        }
        #expect(try ApiScope.full.evaluate(checkName: "queues.list", arguments: ["colour": "red"]).allowed)
        #expect(throws: ScopeCheckError.invalidArguments("queue must be a string, found a number")) {
            try ApiScope.full.evaluate(checkName: "queues.can_send", arguments: ["queue": 1])
        }
        #expect(throws: ScopeCheckError.invalidArguments("args must be an object, found a list")) {
            try ApiScope.full.evaluate(checkName: "queues.list", arguments: [])
        }
        #expect(throws: ScopeCheckError.self) {
            try ApiScope.full.evaluate(checkName: "tunnels.can_forward", arguments: ["port": "ssh"])
        }
    }

    @Test func namespaceEmptyVersusAbsent() throws {
        let s = try scope(#"{"dataset": {"tables": [{"name": "t", "namespace": []}, {"name": "u", "namespace": ["a"]}, {"name": "v"}]}}"#)
        // An entry with namespace [] matches a request without namespace and a request with [].
        #expect(try decide(s, .datasetCanRead, [.table: "t"]).allowed)
        #expect(try decide(s, .datasetCanRead, [.table: "t"], namespace: []).allowed)
        #expect(try !decide(s, .datasetCanRead, [.table: "t"], namespace: ["a"]).allowed)
        // An entry with a namespace does not match a request without one.
        #expect(try !decide(s, .datasetCanRead, [.table: "u"]).allowed)
        #expect(try decide(s, .datasetCanRead, [.table: "u"], namespace: ["a"]).allowed)
        #expect(try !decide(s, .datasetCanRead, [.table: "u"], namespace: ["a", "b"]).allowed)
        // An entry without namespace matches every request.
        #expect(try decide(s, .datasetCanRead, [.table: "v"], namespace: ["x", "y"]).allowed)
        #expect(try decide(s, .datasetCanRead, [.table: "nope"]).reason == "denied: no entry in dataset.tables is for table 'nope' in no namespace")
    }

    @Test func anyMatchingTableEntryWithTheFlagAllows() throws {
        let s = try scope(#"{"dataset": {"tables": [{"name": "t", "read": false}, {"name": "t", "namespace": ["n"], "read": false, "write": true}]}}"#)
        #expect(try !decide(s, .datasetCanRead, [.table: "t"], namespace: ["n"]).allowed)
        #expect(try decide(s, .datasetCanWrite, [.table: "t"], namespace: ["n"]).reason == "allowed by dataset.tables[1] (table 't', namespace 'n': write)")
        #expect(try decide(s, .datasetCanAccess, [.table: "t"]).reason == "denied: the only matching entry dataset.tables[0] for table 't' in no namespace does not allow read, write, alter")
        #expect(try !decide(s, .datasetCanAlter, [.table: "t"], namespace: ["n"]).allowed)
    }

    @Test func memoryPermissions() throws {
        let s = try scope(#"{"memory": {"memories": [{"name": "m", "permissions": {"create": false, "drop": false, "inspect": false, "query": false, "upsert": false, "ingest": false, "recall": false, "optimize": true}}]}}"#)
        #expect(try !decide(s, .memoryCanCreate, [.name: "m"]).allowed)
        #expect(try decide(s, .memoryCanAccessExisting, [.name: "m"]).reason == "allowed by memory.memories[0] (memory 'm', any namespace: optimize)")
        #expect(try !decide(s, .memoryCanQuery, [.name: "other"]).allowed)
        let none = try scope(#"{"memory": {"memories": []}}"#)
        #expect(try !decide(none, .memoryCanCreate, [.name: "m"]).allowed)
        #expect(try decide(none, .memoryList).allowed)
    }

    @Test func storageIsPrefixFirstMatch() throws {
        let s = try scope(#"{"storage": {"paths": [{"path": "/docs", "read_only": true}, {"path": "/docs/"}, {"path": "/a*"}]}}"#)
        #expect(try decide(s, .storageCanRead, [.path: "/docsX"]).allowed)
        #expect(try !decide(s, .storageCanWrite, [.path: "/docs/x"]).allowed) // first match is read-only
        #expect(try !decide(s, .storageCanRead, [.path: "/abc"]).allowed)     // '*' is literal in storage
        #expect(try decide(s, .storageCanRead, [.path: "/a*c"]).allowed)
        #expect(try decide(s, .storageCanRead, [.path: "/docs"]).reason == "allowed by storage.paths[0] '/docs'")
        let empty = try scope(#"{"storage": {"paths": [{"path": ""}]}}"#)
        #expect(try decide(empty, .storageCanWrite, [.path: "anything"]).allowed)
    }

    @Test func syncPatternsAndFirstMatch() throws {
        let s = try scope(#"{"sync": {"paths": [{"path": "/a/*", "read_only": true}, {"path": "/a/b"}, {"path": "/c"}]}}"#)
        #expect(try !decide(s, .syncCanWrite, [.path: "/a/b"]).allowed)
        #expect(try decide(s, .syncCanRead, [.path: "/a/b"]).allowed)
        #expect(try !decide(s, .syncCanRead, [.path: "/c/d"]).allowed) // no prefix rule without '*'
        #expect(try decide(s, .syncCanWrite, [.path: "/c"]).allowed)
        #expect(try decide(s, .syncCanRead, [.path: "/a/"]).allowed)
        #expect(try !decide(s, .syncCanRead, [.path: "/a"]).allowed)
    }

    @Test func llmTrimming() throws {
        let s = try scope(#"{"llm": {"models": [" openai/gpt-4o ", "anthropic/*"]}}"#)
        #expect(try decide(s, .llmCanUseProvider, [.provider: " openai "]).allowed)   // pattern trimmed for providers
        #expect(try !decide(s, .llmCanUseModel, [.provider: "openai", .model: "gpt-4o"]).allowed) // not for models
        #expect(try decide(s, .llmCanUseModel, [.provider: " anthropic", .model: " claude "]).allowed)
        #expect(try decide(s, .llmCanUseProvider, [.provider: "  "]).reason == "denied: the provider is empty")
        #expect(try decide(s, .llmCanUseModel, [.provider: "anthropic", .model: ""]).reason == "denied: the model is empty")
        #expect(try !decide(s, .llmCanUseProvider, [.provider: "open"]).allowed)
        let open = try scope(#"{"llm": {}}"#)
        #expect(try !decide(open, .llmCanUseProvider, [.provider: ""]).allowed)
        #expect(try decide(open, .llmCanUseModel, [.provider: "x", .model: "y"]).allowed)
        #expect(try !decide(open, .llmCanUseModel, [.provider: "x", .model: "\t"]).allowed)
        // Python's strip() also removes \u{1c}...\u{1f} and NBSP.
        #expect(try !decide(open, .llmCanUseProvider, [.provider: "\u{1c}\u{a0}"]).allowed)
    }

    @Test func secretsTrimAndExactClientID() throws {
        let s = try scope(#"{"secrets": {"request_oauth_token": [{"endpoint": "https://x.com/*", "client_id": "c1"}, {"endpoint": " https://y.com ", "client_id": "c2"}]}}"#)
        #expect(try decide(s, .secretsCanRequestOAuthToken, [.endpoint: " https://x.com/auth ", .clientID: " c1 "]).allowed)
        #expect(try !decide(s, .secretsCanRequestOAuthToken, [.endpoint: "https://x.com/auth", .clientID: "C1"]).allowed)
        #expect(try !decide(s, .secretsCanRequestOAuthToken, [.endpoint: "https://y.com", .clientID: "c2"]).allowed) // entry not trimmed
        #expect(try !decide(s, .secretsCanRequestOAuthToken, [.endpoint: "", .clientID: "c1"]).allowed)
        let open = try scope(#"{"secrets": {}}"#)
        // Absent list allows before the inputs are looked at, as in the SDK.
        #expect(try decide(open, .secretsCanRequestOAuthToken, [.endpoint: "", .clientID: ""]).allowed)
    }

    @Test func registryListLogic() throws {
        let onlyRun = try scope(#"{"containers": {"registry": {"run": ["team/*"]}}}"#)
        #expect(try decide(onlyRun, .containersCanRegistryList, [.repository: "team/app"]).allowed)
        #expect(try !decide(onlyRun, .containersCanRegistryList, [.repository: "other/app"]).allowed)
        #expect(try decide(onlyRun, .containersCanRegistryPull, [.repository: "other/app"]).allowed)
        let withList = try scope(#"{"containers": {"registry": {"list": [], "pull": ["*"]}}}"#)
        #expect(try !decide(withList, .containersCanRegistryList, [.repository: "x"]).allowed)
        let emptyRegistry = try scope(#"{"containers": {"registry": {}}}"#)
        #expect(try decide(emptyRegistry, .containersCanRegistryList, [.repository: "x"]).allowed)
        #expect(try decide(emptyRegistry, .containersCanRegistryWrite, [.repository: "x"]).allowed)
    }

    @Test func tunnelsEmptyMeansAllPorts() throws {
        let s = try scope(#"{"tunnels": {"ports": []}}"#)
        #expect(try decide(s, .tunnelsCanForward, [.port: "8080"]).allowed)
        let some = try scope(#"{"tunnels": {"ports": ["22"]}}"#)
        #expect(try decide(some, .tunnelsCanForward, [.port: "022"]).allowed) // the port's decimal string
        #expect(try some.evaluate(checkName: "tunnels.can_forward", arguments: ["port": 22]).allowed)
        #expect(try !decide(some, .tunnelsCanForward, [.port: "23"]).allowed)
    }

    @Test func exactMatchUsesCodePoints() throws {
        // Python compares code points; Swift's == would equate these canonically equivalent names.
        let s = try scope(#"{"queues": {"send": ["caf\u00e9"]}, "livekit": {"breakout_rooms": ["", "a"]}}"#)
        #expect(try !decide(s, .queuesCanSend, [.queue: "cafe\u{301}"]).allowed)
        #expect(try decide(s, .queuesCanSend, [.queue: "caf\u{e9}"]).allowed)
        #expect(try decide(s, .livekitCanJoinBreakoutRoom, [.name: ""]).allowed)
        #expect(try !decide(s, .livekitCanJoinBreakoutRoom, [.name: " a"]).allowed)
    }

    @Test func checkNamesRoundTrip() {
        for check in ScopeCheck.allCases {
            #expect(ScopeCheck(name: check.name) == check)
            #expect(check.name.hasPrefix(check.section.key + "."))
        }
        #expect(ScopeCheck.allCases.count == 47)
    }
}
