import Testing
@testable import GrantModel

@Suite struct DiffTests {
    func scope(_ text: String) throws -> ApiScope {
        try ApiScope(jsonText: text, mode: .lenient)
    }

    @Test func addingTunnelsWidens() throws {
        let diff = ApiScope.agentDefault(tunnels: true).diff(from: .agentDefault())
        #expect(diff.widens)
        #expect(diff.summaryLines == [
            "Adds the tunnels section (all ports) — widens access",
            "Widens access: adds the tunnels section.",
        ])
        #expect(diff.changes.map(\.kind) == [.added])
        #expect(diff.changes.first?.path.description == "tunnels")
    }

    @Test func removingASectionNarrows() throws {
        let diff = ApiScope.userDefault.diff(from: .agentDefault())
        #expect(!diff.widens)
        #expect(diff.summaryLines == ["Removes the llm section", "Does not widen access."])
    }

    @Test func identicalScopesHaveNoChanges() {
        let diff = ApiScope.full.diff(from: .full)
        #expect(diff.isEmpty && !diff.widens)
        #expect(diff.summaryLines == ["No changes.", "Does not widen access."])
    }

    @Test func listEntriesAddedAndRemoved() throws {
        let old = try scope(#"{"queues": {"send": ["alerts"]}}"#)
        let grown = try scope(#"{"queues": {"send": ["alerts", "jobs"]}}"#)
        let diff = grown.diff(from: old)
        #expect(diff.summaryLines == [
            "Adds 'jobs' to queues.send — widens access",
            "Widens access: queues.send now also allows 'jobs'.",
        ])
        let shrunk = try scope(#"{"queues": {"send": []}}"#)
        #expect(shrunk.diff(from: old).summaryLines == ["Removes 'alerts' from queues.send", "Does not widen access."])
        let unrestricted = try scope(#"{"queues": {}}"#)
        #expect(unrestricted.diff(from: old).summaryLines == [
            #"Removes queues.send (was ["alerts"]) — widens access"#,
            "Widens access: removes the restriction queues.send (was 'alerts').",
        ])
    }

    @Test func flagsTurningOnWiden() throws {
        let old = try scope(#"{"queues": {"list": false}, "admin": {"config": false}}"#)
        let new = try scope(#"{"queues": {}, "admin": {"config": true}}"#)
        let diff = new.diff(from: old)
        #expect(diff.wideningReasons.map(\.message) == ["turns on queues.list", "turns on admin.config"])
        #expect(diff.summaryLines.contains("Turns on admin.config — widens access"))
        // Turning off does not widen.
        #expect(!old.widens(from: new))
    }

    @Test func patternsBroadened() throws {
        let old = try scope(#"{"containers": {"pull": ["team/app:1", "base/*"]}, "llm": {"models": ["openai/gpt-4o"]}}"#)
        let narrower = try scope(#"{"containers": {"pull": ["base/python*", "team/app:1"]}, "llm": {"models": ["openai/gpt-4o"]}}"#)
        #expect(!narrower.widens(from: old))
        let broader = try scope(#"{"containers": {"pull": ["team/*"]}, "llm": {"models": ["openai/*", "google/gemini"]}}"#)
        #expect(broader.diff(from: old).wideningReasons.map(\.message) == [
            "containers.pull now also allows 'team/*'",
            "llm.models now also allows the provider 'google'",
            "llm.models now also allows 'openai/*' and 'google/gemini'",
        ])
    }

    @Test func firstMatchPathRules() throws {
        let old = try scope(#"{"sync": {"paths": [{"path": "/docs/*", "read_only": true}, {"path": "/*"}]}}"#)
        // Same entries, other order: /docs becomes writable.
        let reordered = try scope(#"{"sync": {"paths": [{"path": "/*"}, {"path": "/docs/*", "read_only": true}]}}"#)
        let diff = reordered.diff(from: old)
        #expect(diff.widens)
        #expect(diff.changes.map(\.kind) == [.reordered])
        // Narrowing a writable entry does not widen.
        let narrower = try scope(#"{"sync": {"paths": [{"path": "/docs/*", "read_only": true}, {"path": "/a/*"}]}}"#)
        #expect(!narrower.widens(from: old))
        // Storage absent means "write everywhere".
        let storageOld = try scope(#"{"storage": {"paths": [{"path": "/a"}]}}"#)
        #expect(try scope(#"{"storage": {}}"#).widens(from: storageOld))
        #expect(!storageOld.widens(from: try scope(#"{"storage": {"paths": [{"path": ""}]}}"#)))
    }

    @Test func tablesAndNamespaces() throws {
        let old = try scope(#"{"dataset": {"tables": [{"name": "t", "namespace": ["a"]}]}}"#)
        let anyNamespace = try scope(#"{"dataset": {"tables": [{"name": "t"}]}}"#)
        #expect(anyNamespace.diff(from: old).wideningReasons.map(\.message) == [
            "dataset.tables[0] allows read on table 't' in any namespace, which the old scope did not"
        ])
        #expect(!old.widens(from: anyNamespace))
        let write = try scope(#"{"dataset": {"tables": [{"name": "t", "namespace": ["a"], "write": true}]}}"#)
        #expect(write.widens(from: old))
    }

    @Test func tunnelsAndSecrets() throws {
        let some = try scope(#"{"tunnels": {"ports": ["22"]}, "secrets": {"request_oauth_token": [{"endpoint": "https://a/*", "client_id": "c"}]}}"#)
        let all = try scope(#"{"tunnels": {"ports": []}, "secrets": {"request_oauth_token": [{"endpoint": "https://a/x", "client_id": "c"}]}}"#)
        #expect(all.diff(from: some).wideningReasons.map(\.message) == ["tunnels now allow every port"])
        #expect(some.widens(from: all)) // one port instead of all narrows, but the secrets pattern broadens
        #expect(some.diff(from: all).wideningReasons.map(\.message) == [
            "secrets.request_oauth_token[0] allows endpoint 'https://a/*' with client id 'c', which the old scope did not"
        ])
    }

    @Test func unknownSettingsCannotBeJudged() throws {
        let old = try scope(#"{"storage": {"files": {"max": 1}}}"#)
        let new = try scope(#"{"storage": {"files": {"max": 2}}}"#)
        let diff = new.diff(from: old)
        #expect(diff.widens)
        #expect(diff.changes.first?.isUnrecognised == true)
        #expect(diff.summaryLines.first == "Changes the unrecognised setting storage.files.max from 1 to 2 — widens access")
    }

    @Test func aliasSpellingIsNotAChange() throws {
        let old = try scope(#"{"database": {"list_tables": false}}"#)
        let new = try scope(#"{"dataset": {"list_tables": false}}"#)
        #expect(new.diff(from: old).isEmpty)
    }
}

@Suite struct RiskAndLabelTests {
    @Test func presetLabels() throws {
        #expect(ApiScope.agentDefault().label == .preset(.agentDefault))
        #expect(ApiScope.agentDefault(tunnels: true).label == .preset(.agentDefaultTunnels))
        #expect(ApiScope.userDefault.label == .preset(.userDefault))
        #expect(ApiScope.full.label == .preset(.full))
        // Equal in meaning: defaults left out, tunnels ports [] is all ports.
        let written = try ApiScope(jsonText: #"{"livekit":{},"queues":{},"messaging":{},"dataset":{},"memory":{},"sync":{},"storage":{},"containers":{},"developer":{},"agents":{},"llm":{},"admin":{},"secrets":{},"tunnels":{"ports":[]},"services":{}}"#, mode: .strict)
        #expect(written.label == .preset(.full))
        #expect(written.label.description == "full")
        var changed = ApiScope.full
        changed.queues?.list = false
        #expect(changed.label == .custom)
        var unknown = ApiScope.userDefault
        unknown.unknown.append(anchor: nil, key: "sqlite", value: [:])
        #expect(unknown.label == .custom)
        #expect(ApiScope().label.title == "custom")
    }

    @Test func risks() throws {
        #expect(ApiScope.full.risks.map(\.kind) == ScopeRisk.Kind.allCases)
        #expect(ApiScope.userDefault.risks.map(\.kind) == [
            .unrestrictedContainerPull, .unrestrictedContainerRun, .unrestrictedSecrets, .writeAllStorage, .writeAllSync,
        ])
        let tight = try ApiScope(jsonText: #"{"admin": {"config": false}, "tunnels": {"ports": ["22"]}, "containers": {"pull": ["a/*"], "run": ["*"]}, "llm": {"models": ["openai/*"]}, "storage": {"paths": [{"path": "/a", "read_only": true}, {"path": ""}]}, "sync": {"paths": [{"path": "*"}]}}"#, mode: .lenient)
        #expect(tight.risks.map(\.description) == [
            "Can forward network ports '22' into the room",
            "Can run any container image",
            "Can write every synchronised document",
        ])
    }

    @Test func explanation() throws {
        let scope = try ApiScope(jsonText: #"{"queues": {"send": ["alerts"], "list": false}, "sync": {"paths": [{"path": "/docs/*", "read_only": true}]}, "sqlite": {"x": 1}}"#, mode: .lenient)
        let blocks = scope.explanation
        #expect(blocks.count == 16)
        #expect(blocks[1].lines == ["May send only to the queues 'alerts'", "May receive from every queue", "May not list queues"])
        #expect(blocks[0].lines == ["Not granted: no access to breakout rooms."] && !blocks[0].isGranted)
        #expect(blocks[5].lines == [
            "May open only these paths (the first matching entry decides whether writing is allowed):",
            "Paths matching '/docs/*': read only",
        ])
        #expect(blocks[15].title == "Unrecognised settings (not understood by GrantDesk; kept unchanged)")
        #expect(blocks[15].lines == [#"sqlite = {"x":1}"#])
        #expect(scope.explanationText.contains("Queues\n  May send only to the queues 'alerts'"))
    }

    @Test func unrecognisedSettingsAtEveryLevel() throws {
        let scope = try ApiScope(jsonText: #"{"database": {}, "dataset": {"tables": [{"name": "t", "comment": "x"}]}, "storage": {"files": {"max": 1}, "paths": [{"path": "/a", "mode": 7}]}, "containers": {"registry": {"mirror": true}}}"#, mode: .lenient)
        #expect(scope.unrecognised.map(\.description) == [
            "database = {}",
            #"dataset.tables[0].comment = "x""#,
            #"storage.files = {"max":1}"#,
            "storage.paths[0].mode = 7",
            "containers.registry.mirror = true",
        ])
        #expect(scope.explanation[6].lines.last == "Also has unrecognised fields (see Unrecognised settings): files")
    }
}
