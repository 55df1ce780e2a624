import Testing
@testable import GrantModel

@Suite struct ValidationTests {
    func errors(_ text: String, _ mode: ScopeValidationMode = .strict) throws -> [String] {
        ApiScope.validate(try JSONValue(parsing: text), mode: mode).map(\.description)
    }

    func kinds(_ text: String, _ mode: ScopeValidationMode = .strict) throws -> [ScopeValidationError.Kind] {
        ApiScope.validate(try JSONValue(parsing: text), mode: mode).map(\.kind)
    }

    @Test func wrongTypes() throws {
        let text = #"{"queues": {"send": "alerts", "list": "yes", "receive": ["a", 3]}, "sync": [], "memory": {"memories": [{"name": "m", "permissions": {"drop": 1}}]}}"#
        let expected = [
            "queues.send — expected a list of strings, found a string",
            "queues.list — expected true or false, found a string",
            "queues.receive[1] — expected a string, found a number",
            "sync — expected an object, found a list",
            "memory.memories[0].permissions.drop — expected true or false, found a number",
        ]
        #expect(try errors(text) == expected)
        #expect(try errors(text, .lenient) == expected)
        #expect(throws: ScopeValidationErrors.self) { try ApiScope(jsonText: text, mode: .lenient) }
    }

    @Test func scopeMustBeAnObject() throws {
        #expect(try errors("[]") == ["expected an object, found a list"])
        #expect(try errors(#"{"dataset": {"tables": {}}}"#) == ["dataset.tables — expected a list of objects, found an object"])
        #expect(try errors(#"{"dataset": {"tables": ["t"]}}"#) == ["dataset.tables[0] — expected an object, found a string"])
    }

    @Test func missingRequiredFields() throws {
        let text = #"{"dataset": {"tables": [{"name": "a"}, {"name": "b"}, {"read": true}, {"name": null}]}, "storage": {"paths": [{"read_only": true}]}, "secrets": {"request_oauth_token": [{"endpoint": "https://e"}]}}"#
        let expected = [
            "dataset.tables[2].name — required field is missing",
            "dataset.tables[3].name — required field is missing",
            "storage.paths[0].path — required field is missing",
            "secrets.request_oauth_token[0].client_id — required field is missing",
        ]
        #expect(try errors(text) == expected)
        #expect(try errors(text, .lenient) == expected)
    }

    @Test func unknownKeysAreTyposInStrictModeOnly() throws {
        let text = #"{"storage": {"path": [{"path": "/a"}]}, "tunnel": {}, "sqlite": {"x": 1}, "queues": {"sned": ["a"]}, "memory": {"memories": [{"name": "m", "permissions": {"upsret": false}}]}}"#
        #expect(try errors(text) == [
            "storage.path — unknown field; did you mean storage.paths?",
            "tunnel — unknown section; did you mean tunnels?",
            "sqlite — unknown section",
            "queues.sned — unknown field; did you mean queues.send?",
            "memory.memories[0].permissions.upsret — unknown field; did you mean memory.memories[0].permissions.upsert?",
        ])
        #expect(try errors(text, .lenient).isEmpty)
        #expect(try kinds(text).allSatisfy { $0 == .unknownField })
    }

    @Test func conflictingDatasetSpellings() throws {
        let text = #"{"database": {"list_tables": false}, "dataset": {}}"#
        #expect(try errors(text) == [
            "database — the dataset section is given twice (as dataset and database); remove one (dataset is the one used)"
        ])
        // Lenient: `dataset` wins (the SDK's precedence), the other spelling is kept verbatim.
        let scope = try ApiScope(jsonText: text, mode: .lenient)
        #expect(scope.dataset == DatasetGrant())
        #expect(scope.json.serialized() == #"{"database":{"list_tables":false},"dataset":{}}"#)
        let second = try ApiScope(jsonText: #"{"datasets": {"list_tables": true}, "database": {"list_tables": false}}"#, mode: .lenient)
        #expect(second.dataset?.listTables == false)
    }

    @Test func emptyAndBlankValues() throws {
        let text = #"{"queues": {"send": ["", "  "]}, "dataset": {"tables": [{"name": ""}]}, "llm": {"models": [" openai/* "]}}"#
        #expect(try errors(text) == [
            "queues.send[0] — must not be empty",
            "queues.send[1] — must not be empty",
            "dataset.tables[0].name — must not be empty",
            #"llm.models[0] — " openai/* " has spaces at the start or end; they are part of the value, so it will not match what you expect"#,
        ])
        #expect(try errors(text, .lenient).isEmpty)
    }

    @Test func duplicates() throws {
        let text = #"{"queues": {"send": ["a", "b", "a"]}, "dataset": {"tables": [{"name": "t"}, {"name": "t", "namespace": ["n"]}, {"name": "t", "write": true}]}, "sync": {"paths": [{"path": "/a"}, {"path": "/a", "read_only": true}]}}"#
        #expect(try errors(text) == [
            #"queues.send[2] — "a" is listed twice (first at queues.send[0])"#,
            "dataset.tables[2] — repeats the table grant (same name and namespace) at dataset.tables[0]",
            "sync.paths[1] — repeats the path at sync.paths[0]",
        ])
        #expect(try kinds(text) == [.duplicateEntry, .duplicateEntry, .duplicateEntry])
    }

    @Test func ports() throws {
        let text = #"{"tunnels": {"ports": ["22", "0", "65536", "abc", "080", "-1", "65535", "+5"]}}"#
        #expect(try errors(text) == [
            #"tunnels.ports[1] — "0" is not a port number (a whole number from 1 to 65535, no sign or leading zero)"#,
            #"tunnels.ports[2] — "65536" is not a port number (a whole number from 1 to 65535, no sign or leading zero)"#,
            #"tunnels.ports[3] — "abc" is not a port number (a whole number from 1 to 65535, no sign or leading zero)"#,
            #"tunnels.ports[4] — "080" is not a port number (a whole number from 1 to 65535, no sign or leading zero)"#,
            #"tunnels.ports[5] — "-1" is not a port number (a whole number from 1 to 65535, no sign or leading zero)"#,
            #"tunnels.ports[7] — "+5" is not a port number (a whole number from 1 to 65535, no sign or leading zero)"#,
        ])
        #expect(try errors(#"{"tunnels": {"ports": [22]}}"#, .lenient) == ["tunnels.ports[0] — expected a string, found a number"])
    }

    @Test func wildcards() throws {
        let text = #"{"containers": {"pull": ["a*b", "ok*", "**"], "registry": {"write": ["*x"]}}, "queues": {"send": ["*"]}, "storage": {"paths": [{"path": "/docs/*"}]}, "sync": {"paths": [{"path": "/a*/b"}]}}"#
        #expect(try errors(text) == [
            #"containers.pull[0] — "a*b" has '*' before the end; '*' is a wildcard only as the last character"#,
            #"containers.pull[2] — "**" has '*' before the end; '*' is a wildcard only as the last character"#,
            #"containers.registry.write[0] — "*x" has '*' before the end; '*' is a wildcard only as the last character"#,
            "queues.send[0] — '*' is not a wildcard here; values are matched exactly",
            "storage.paths[0].path — '*' is not a wildcard here; storage paths are plain prefixes",
            #"sync.paths[0].path — "/a*/b" has '*' before the end; '*' is a wildcard only as the last character"#,
        ])
        #expect(try kinds(text) == [
            .misplacedWildcard, .misplacedWildcard, .misplacedWildcard, .wildcardNotSupported, .wildcardNotSupported,
            .misplacedWildcard,
        ])
    }

    @Test func hostileKeysAreQuotedInPaths() throws {
        #expect(try errors(#"{"queues": {"a.b": 1, "": 2}}"#) == [
            #"queues["a.b"] — unknown field"#,
            #"queues[""] — unknown field"#,
        ])
    }

    @Test func syntaxErrorsBecomeOneRootError() {
        #expect {
            try ApiScope(jsonText: "{", mode: .strict)
        } throws: { error in
            (error as? ScopeValidationErrors)?.errors.map(\.description)
                == ["not valid JSON: line 1, column 2: the input ended inside an object (expected a key)"]
        }
    }

    @Test func everyKindIsCovered() {
        // The tests above assert each kind; this keeps the list honest when kinds are added.
        #expect(ScopeValidationError.Kind.allCases.count == 10)
        #expect(ScopeValidationError.Kind.allCases.filter(\.isStructural) == [.wrongType, .missingField])
    }
}
