import Testing
@testable import GrantModel

@Suite struct ConformanceTests {
    @Test func everyVectorMatchesTheReferenceSDK() throws {
        let vectors = try Fixtures.vectors()
        #expect(vectors.count == 3000)
        var failures: [String] = []
        for vector in vectors {
            do {
                let scope = try ApiScope(json: vector.scope, mode: .lenient)
                let decision = try scope.evaluate(checkName: vector.check, arguments: vector.args)
                if decision.allowed != vector.expect {
                    failures.append("\(vector.id.serialized()) \(vector.check) \(vector.args.serialized()): got \(decision.allowed) (\(decision.reason))")
                }
            } catch {
                failures.append("\(vector.id.serialized()): \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
    }

    @Test func everyCheckOfTheSpecIsCoveredByVectors() throws {
        let names = Set(try Fixtures.vectors().map(\.check))
        #expect(names == Set(ScopeCheck.allCases.map(\.name)))
    }

    @Test func vectorScopesSurviveARoundTrip() throws {
        for vector in try Fixtures.vectors().prefix(500) {
            let scope = try ApiScope(json: vector.scope, mode: .lenient)
            let again = try ApiScope(json: scope.json, mode: .lenient)
            #expect(again == scope)
            #expect(try ApiScope(json: try JSONValue(parsing: scope.json.serialized()), mode: .lenient) == scope)
        }
    }
}

@Suite struct PresetTests {
    @Test(arguments: ScopePreset.allCases)
    func presetsEncodeExactlyAsTheReference(preset: ScopePreset) throws {
        let reference = try #require(try Fixtures.json("presets.json")[preset.rawValue])
        let decoded = try ApiScope(json: reference, mode: .strict)
        #expect(decoded == preset.scope)
        // Same members regardless of order: presets.json is sorted by key.
        #expect(Self.sortedKeys(preset.scope.json) == Self.sortedKeys(reference))
    }

    @Test func presetShapes() {
        #expect(ApiScope.agentDefault().presentSections.count == 13)
        #expect(!ApiScope.agentDefault().has(.admin) && !ApiScope.agentDefault().has(.tunnels))
        #expect(ApiScope.agentDefault(tunnels: true).has(.tunnels))
        #expect(!ApiScope.userDefault.has(.llm))
        #expect(ApiScope.full.presentSections == ScopeSection.allCases)
        #expect(ApiScope.userDefault.json.serialized().hasPrefix(#"{"livekit":{},"queues":{"list":true},"messaging":{"broadcast":true,"list":true,"send":true}"#))
    }

    static func sortedKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.members.sorted { $0.key < $1.key }.map { ($0.key, sortedKeys($0.value)) }))
        case .array(let elements):
            return .array(elements.map(sortedKeys))
        default:
            return value
        }
    }
}

@Suite struct ScopeVectorTests {
    @Test func resultLinesFollowTheConsoleSpec() throws {
        let file = """
        {"id": 0, "check": "queues.list", "scope": {"queues": {}}, "args": {}, "expect": false}

        {"id": "x", "check": "queues.can_fly", "scope": {}, "args": {}}\r
        not json
        {"id": 9, "check": "queues.can_send", "scope": {"queues": {"send": "a"}}, "args": {"queue": "a"}}
        {"id": [1], "check": "queues.can_send", "scope": {"queues": {}}, "args": {}}
        {"id": 2, "check": "tunnels.can_forward", "scope": {}, "args": {"port": 22}}
        [1]
        """
        #expect(ScopeVector.resultLines(forFile: Array(file.utf8)) == [
            #"{"id": 0, "result": true}"#,
            #"{"id": "x", "error": "unknown check \"queues.can_fly\""}"#,
            #"{"id": null, "error": "not valid JSON: line 1, column 2: unexpected 'o'; did you mean 'null'?"}"#,
            #"{"id": 9, "error": "invalid scope: queues.send — expected a list of strings, found a string"}"#,
            #"{"id": [1], "error": "queues.can_send needs the argument \"queue\""}"#,
            #"{"id": 2, "result": false}"#,
            #"{"id": null, "error": "a vector must be a JSON object"}"#,
        ])
    }

    @Test func everyVectorLineMatchesExpect() throws {
        let lines = ScopeVector.resultLines(forFile: try Fixtures.bytes("apiscope-vectors.jsonl"))
        let vectors = try Fixtures.vectors()
        #expect(lines.count == vectors.count)
        for (line, vector) in zip(lines, vectors) {
            #expect(line == "{\"id\": \(vector.id.serialized()), \"result\": \(vector.expect)}")
        }
    }
}
