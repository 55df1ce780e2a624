import GrantModel
import HTTPApp
import Testing
@testable import Console

/// The form ↔ scope mapping: writing a scope into form fields and reading
/// them back must give the same scope, for every section.
@Suite struct EditorFormMappingTests {
    static func scope(_ text: String) throws -> JSONObject {
        try #require(try JSONValue(parsing: text).objectValue)
    }

    static func roundTrip(_ scope: JSONObject) throws -> (JSONObject, [ScopeFieldError]) {
        let written = ScopeFormWriter.write(scope)
        #expect(written.errors.isEmpty, "\(written.errors)")
        // Through the wire format too, as a browser would post it.
        let posted = try URLEncodedForm(parsing: written.values.encoded)
        return ScopeFormReader.read(posted)
    }

    static let everySection = """
    {"livekit":{"breakout_rooms":["a","b c"]},\
    "queues":{"send":["q1"],"receive":[],"list":false},\
    "messaging":{"broadcast":false,"send":true},\
    "dataset":{"tables":[{"name":"t1","namespace":["ns","x"],"read":true,"write":true},{"name":"t2","alter":true,"extra_flag":7}],"list_tables":false},\
    "memory":{"list":true,"memories":[{"name":"m","namespace":[],"permissions":{"create":false,"recall":true,"future":1}},{"name":"n"}]},\
    "sync":{"paths":[{"path":"/docs/*","read_only":true},{"path":"/x"}]},\
    "storage":{"paths":[{"path":"/a","read_only":false}]},\
    "containers":{"logs":false,"use_containers":true,"pull":["img/*"],"run":[],"registry":{"list":["r/*"],"write":[],"later":true}},\
    "developer":{"logs":false},\
    "agents":{"register_agent":false,"call":true,"allowed_toolkits":["tk"]},\
    "llm":{"models":["openai/*"]},\
    "admin":{"config":false},\
    "secrets":{"request_oauth_token":[{"endpoint":"https://auth.example/*","client_id":"c1","scope":"x"}]},\
    "tunnels":{"ports":["8080","443"]},\
    "services":{"list":false},\
    "sqlite":{"tables":["z"]},"future":null}
    """

    @Test func everySectionSurvivesARoundTrip() throws {
        let original = try Self.scope(Self.everySection)
        let (back, errors) = try Self.roundTrip(original)
        #expect(errors.isEmpty, "\(errors)")
        #expect(back == original)
    }

    @Test func defaultsStayAbsentAndEmptySectionsStayEmpty() throws {
        let original = try Self.scope(#"{"queues":{},"messaging":{},"containers":{"registry":{}},"admin":{},"tunnels":{}}"#)
        let (back, errors) = try Self.roundTrip(original)
        #expect(errors.isEmpty)
        #expect(back == original)
    }

    @Test func emptyScopeRoundTrips() throws {
        let (back, errors) = try Self.roundTrip(JSONObject())
        #expect(errors.isEmpty)
        #expect(back.isEmpty)
    }

    @Test func olderDatasetSpellingIsWrittenBackAsDataset() throws {
        let original = try Self.scope(#"{"database":{"list_tables":false}}"#)
        let (back, _) = try Self.roundTrip(original)
        #expect(back.keys == ["dataset"])
        #expect(back["dataset"]?["list_tables"] == .bool(false))
    }

    @Test func explicitNullMeansAbsent() throws {
        let original = try Self.scope(#"{"queues":{"send":null,"list":null},"llm":null}"#)
        let (back, _) = try Self.roundTrip(original)
        #expect(back == (try Self.scope(#"{"queues":{}}"#)))
    }

    @Test func uncheckedFlagIsFalseButMissingMarkerKeepsTheLoadedValue() throws {
        var form = ScopeFormWriter.write(try Self.scope(#"{"queues":{}}"#)).values
        form.set(ScopeFormNames.flag("queues.list"), nil)
        #expect(ScopeFormReader.read(form).scope["queues"]?["list"] == .bool(false))
        form.set(ScopeFormNames.marker("queues.list"), nil)
        #expect(ScopeFormReader.read(form).scope["queues"]?["list"] == nil)
    }

    @Test func listModesMeanAbsentOrRestricted() throws {
        var form = ScopeFormWriter.write(try Self.scope(#"{"queues":{"send":["a"]}}"#)).values
        form.set(ScopeFormNames.mode("queues.send"), "all")
        #expect(ScopeFormReader.read(form).scope["queues"]?["send"] == nil)
        form.set(ScopeFormNames.mode("queues.send"), "only")
        form.set(ScopeFormNames.text("queues.send"), " x \r\n\n y\n")
        #expect(ScopeFormReader.read(form).scope["queues"]?["send"] == ["x", "y"])
        form.set(ScopeFormNames.text("queues.send"), "")
        #expect(ScopeFormReader.read(form).scope["queues"]?["send"] == .array([]))
    }

    @Test func switchingASectionOffRemovesIt() throws {
        var form = ScopeFormWriter.write(try Self.scope(#"{"admin":{"config":true},"llm":{}}"#)).values
        form.set(ScopeFormNames.section("admin"), nil)
        let scope = ScopeFormReader.read(form).scope
        #expect(scope.keys == ["llm"])
    }

    @Test func newRowsAreAddedBlankRowsSkippedRemovedRowsDropped() throws {
        var form = ScopeFormWriter.write(try Self.scope(#"{"storage":{"paths":[{"path":"/a"},{"path":"/b"}]}}"#)).values
        form.set(ScopeFormNames.row("storage.paths", 0, "remove"), "1")
        form.set(ScopeFormNames.rowCount("storage.paths"), "4")
        form.set(ScopeFormNames.row("storage.paths", 2, "path"), "")
        form.set(ScopeFormNames.row("storage.paths", 3, "path"), " /c ")
        form.set(ScopeFormNames.row("storage.paths", 3, "read_only"), "1")
        let (scope, errors) = ScopeFormReader.read(form)
        #expect(errors.isEmpty)
        #expect(scope == (try Self.scope(#"{"storage":{"paths":[{"path":"/b"},{"path":"/c","read_only":true}]}}"#)))
    }

    @Test func rowWithoutRequiredFieldIsAnErrorNamingThePath() throws {
        var form = ScopeFormWriter.write(try Self.scope(#"{"secrets":{"request_oauth_token":[]}}"#)).values
        form.set(ScopeFormNames.rowCount("secrets.request_oauth_token"), "1")
        form.set(ScopeFormNames.row("secrets.request_oauth_token", 0, "endpoint"), "https://e")
        form.set(ScopeFormNames.row("secrets.request_oauth_token", 0, "client_id"), "  ")
        let errors = ScopeFormReader.read(form).errors
        #expect(errors.map(\.path) == ["secrets.request_oauth_token[0].client_id"])
    }

    @Test func portsMustBePortNumbers() throws {
        var form = ScopeFormWriter.write(try Self.scope(#"{"tunnels":{"ports":[]}}"#)).values
        form.set(ScopeFormNames.text("tunnels.ports"), "80\nhttp\n0\n65536\n65535")
        let errors = ScopeFormReader.read(form).errors
        #expect(errors.map(\.path) == ["tunnels.ports[1]", "tunnels.ports[2]", "tunnels.ports[3]"])
    }

    @Test func memoryPermissionsChangeOnlyWhatWasUnchecked() throws {
        var form = ScopeFormWriter.write(try Self.scope(#"{"memory":{"memories":[{"name":"m"}]}}"#)).values
        form.set(ScopeFormNames.row("memory.memories", 0, "perm.drop"), nil)
        let scope = ScopeFormReader.read(form).scope
        #expect(scope == (try Self.scope(#"{"memory":{"memories":[{"name":"m","permissions":{"drop":false}}]}}"#)))
    }

    @Test func wrongTypesAreErrorsNamingTheJSONPath() throws {
        let scope = try Self.scope("""
        {"queues":{"send":"q","list":1},"dataset":{"tables":[{"name":3,"read":"yes"}]},"llm":[],\
        "memory":{"memories":[{"name":"m","permissions":{"drop":"no"}}]},"containers":{"registry":{"pull":[1]}}}
        """)
        let paths = Set(ScopeFormWriter.write(scope).errors.map(\.path))
        #expect(paths == [
            "queues.send", "queues.list", "dataset.tables[0].name", "dataset.tables[0].read", "llm",
            "memory.memories[0].permissions.drop", "containers.registry.pull[0]",
        ])
    }

    @Test func sectionGivenUnderTwoSpellingsIsAnError() throws {
        let errors = ScopeFormWriter.write(try Self.scope(#"{"dataset":{},"database":{}}"#)).errors
        #expect(errors.map(\.path) == ["database"])
    }

    @Test func tamperedKnownSectionInExtraIsIgnored() throws {
        var form = ScopeFormWriter.write(try Self.scope(#"{"x":1}"#)).values
        form.set(ScopeFormNames.extra, #"{"x":1,"admin":{}}"#)
        #expect(ScopeFormReader.read(form).scope == (try Self.scope(#"{"x":1}"#)))
    }

    @Test func strictRulesApplyToWhatChangedOnly() throws {
        let loaded = try Self.scope(#"{"queues":{"send":["a","a"]},"sqlite":{}}"#)
        // Unchanged oddities of the loaded grant, and unknown keys, stay saveable.
        #expect(ScopeStrictCheck.errors(loaded, loaded: loaded).isEmpty)
        #expect(ScopeStrictCheck.errors(try Self.scope(#"{"queues":{"send":["a","a"]},"sqlite":{},"newer":1}"#), loaded: loaded).isEmpty)
        // A typo of a known section, and a new duplicate, are errors with their paths.
        let typo = ScopeStrictCheck.errors(try Self.scope(#"{"queus":{}}"#), loaded: loaded)
        #expect(typo.map(\.path) == ["queus"])
        #expect(typo.first?.message.contains("did you mean queues") == true)
        let duplicate = ScopeStrictCheck.errors(try Self.scope(#"{"llm":{"models":["x/y","x/y"]}}"#), loaded: nil)
        #expect(duplicate.map(\.path) == ["llm.models[1]"])
    }
}
