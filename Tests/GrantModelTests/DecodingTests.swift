import Testing
@testable import GrantModel

@Suite struct DecodingTests {
    @Test func absentSectionVersusEmptySection() throws {
        let empty = try ApiScope(jsonText: #"{"tunnels": {}}"#, mode: .strict)
        #expect(empty.tunnels == TunnelsGrant())
        #expect(empty.livekit == nil)
        #expect(empty.json.serialized() == #"{"tunnels":{}}"#)
        #expect(ApiScope().json.serialized() == "{}")
    }

    @Test func explicitNullMeansAbsent() throws {
        let scope = try ApiScope(jsonText: #"{"queues": {"send": null, "list": null}, "admin": null, "dataset": {"tables": [{"name": "t", "namespace": null}]}}"#, mode: .strict)
        #expect(scope.queues == QueuesGrant())
        #expect(scope.admin == nil)
        #expect(scope.dataset?.tables?.first?.namespace == nil)
        #expect(scope.json.serialized() == #"{"queues":{},"dataset":{"tables":[{"name":"t"}]}}"#)
    }

    @Test func aliasesAreWrittenBackAsDataset() throws {
        for spelling in ["database", "datasets"] {
            let scope = try ApiScope(jsonText: #"{"\#(spelling)": {"list_tables": false}}"#, mode: .strict)
            #expect(scope.dataset?.listTables == false)
            #expect(scope.json.serialized() == #"{"dataset":{"list_tables":false}}"#)
        }
    }

    @Test func unknownKeysSurviveAtEveryLevelInPlace() throws {
        let text = #"{"x_first":1,"storage":{"files":{"a":[1,{"b":null}]},"paths":[{"mode":"w","path":"/a","read_only":true,"z":0}],"after":true},"sqlite":{"db":["main"]},"queues":{"list":false},"dataset":{"tables":[{"name":"t","extra":"e"}]}}"#
        let scope = try ApiScope(jsonText: text, mode: .lenient)
        #expect(scope.unknown.keys == ["x_first", "sqlite"])
        #expect(scope.storage?.unknown.keys == ["files", "after"])
        #expect(scope.storage?.paths?.first?.unknown.keys == ["mode", "z"])
        // Known keys in spec order; each unknown key after the known key it followed.
        #expect(scope.json.serialized() == #"{"x_first":1,"queues":{"list":false},"dataset":{"tables":[{"name":"t","extra":"e"}]},"storage":{"files":{"a":[1,{"b":null}]},"paths":[{"mode":"w","path":"/a","read_only":true,"z":0}],"after":true},"sqlite":{"db":["main"]}}"#)
        let again = try ApiScope(json: scope.json, mode: .lenient)
        #expect(again == scope)
        #expect(again.json == scope.json)
    }

    @Test func unknownKeysDoNotChangeChecks() throws {
        let scope = try ApiScope(jsonText: #"{"storage": {"path": [{"path": "/a"}]}}"#, mode: .lenient)
        // The typo leaves storage.paths absent: every path is allowed. Strict mode exists to catch this.
        #expect(try scope.evaluate(.storageCanWrite, ScopeCheckArguments([.path: "/etc"])).allowed)
        #expect(throws: ScopeValidationErrors.self) {
            try ApiScope(jsonText: #"{"storage": {"path": [{"path": "/a"}]}}"#, mode: .strict)
        }
    }

    @Test func editingKeepsUnknownMembers() throws {
        var scope = try ApiScope(jsonText: #"{"queues": {"future": 1, "send": ["a"]}}"#, mode: .lenient)
        scope.queues?.send?.append("b")
        scope.queues?.list = false
        #expect(scope.json.serialized() == #"{"queues":{"future":1,"send":["a","b"],"list":false}}"#)
    }

    @Test func memoryPermissionsKeepAbsentFlags() throws {
        let scope = try ApiScope(jsonText: #"{"memory": {"memories": [{"name": "m", "permissions": {"drop": false}}, {"name": "n", "permissions": {}}]}}"#, mode: .strict)
        let entries = try #require(scope.memory?.memories)
        #expect(entries[0].permissions?[.drop] == false)
        #expect(entries[0].permissions?[.create] == nil)
        #expect(entries[0].allows(.create) && !entries[0].allows(.drop))
        #expect(scope.json.serialized() == #"{"memory":{"memories":[{"name":"m","permissions":{"drop":false}},{"name":"n","permissions":{}}]}}"#)
    }
}
