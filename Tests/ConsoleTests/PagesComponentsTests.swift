@testable import Console
import GrantModel
import HTTPApp
import Testing

@Suite("Read page components")
struct PagesComponentsTests {
    @Test("CSV cells are quoted and formulas neutralised")
    func csvCells() {
        #expect(CSVDocument.cell("plain") == "\"plain\"")
        #expect(CSVDocument.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        for formula in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            #expect(CSVDocument.cell(formula).hasPrefix("\"'"), "\(formula)")
        }
        // A quote followed by a combining mark is still doubled.
        let tricky = String(String.UnicodeScalarView([Unicode.Scalar(0x22)!, Unicode.Scalar(0x301)!]))
        #expect(CSVDocument.cell(tricky).unicodeScalars.filter { $0 == "\"" }.count == 4)
        var document = CSVDocument(header: ["a", "b"])
        document.append(["1", "=2"])
        #expect(document.text == "\"a\",\"b\"\r\n\"1\",\"'=2\"\r\n")
    }

    @Test("page numbers: first, last and two either side, with gaps")
    func pageWindow() {
        #expect(PageNav.window(page: 1, pageCount: 1) == [1])
        #expect(PageNav.window(page: 1, pageCount: 10) == [1, 2, 3, nil, 10])
        #expect(PageNav.window(page: 6, pageCount: 12) == [1, nil, 4, 5, 6, 7, 8, nil, 12])
        let nav = PageNav(label: "x", page: 2, pageSize: 25, total: 60, shown: 25) { "/p?page=\($0)" }
        #expect(nav.info == "26–50 of 60")
        #expect(nav.previousURL == "/p?page=1")
        #expect(nav.nextURL == "/p?page=3")
        #expect(nav.isNeeded && !nav.isEmpty)
        let empty = PageNav(label: "x", page: 1, pageSize: 25, total: 0, shown: 0) { "/p?page=\($0)" }
        #expect(empty.isEmpty && !empty.isNeeded && empty.nextURL == nil)
    }

    @Test("query filters: first value, trimmed text, page numbers default to 1")
    func queryFilters() throws {
        let query = try URLEncodedForm(parsing: "q=a+b%20c&q=second&page=3")
        #expect(query["q"] == "a b c")
        #expect(query.page("page") == 3)
        #expect(try URLEncodedForm(parsing: "page=-4").page("page") == 1)
        #expect(try URLEncodedForm(parsing: "page=abc").page("page") == 1)
        #expect(try URLEncodedForm(parsing: "q=%20%20x%20").text("q") == "x")
    }

    @Test("direction controls are shown, not obeyed")
    func visibleText() {
        #expect(visible("plain") == "plain")
        #expect(visible("\u{202E}txt.exe") == "⟨U+202E⟩txt.exe")
        #expect(visible("שלום") == "שלום")
        #expect(JSONDisplay.text(.string("a\u{202E}b\u{200B}")) == "\"a\\u202eb\\u200b\"")
    }

    @Test("risky scopes get flags and presets get their label")
    func grantSummary() throws {
        let full = GrantSummary(permissions: ScopePreset.full.scope.json)
        #expect(full.preset.label == "full")
        #expect(full.flags.map(\.label).contains("admin"))
        let custom = GrantSummary(permissions: .object(["queues": .object(["send": .array([.string("jobs")])])]))
        #expect(custom.preset.label == "custom")
        #expect(custom.flags.isEmpty)
        let broken = GrantSummary(permissions: .object(["queues": .string("all")]))
        #expect(broken.preset.label == "unreadable")
        #expect(broken.problem != nil)
    }

    @Test("unknown keys are found at every depth with their JSON path")
    func unknownKeys() throws {
        let scope = try ApiScope(json: .object([
            "sqlite": .object([:]),
            "storage": .object(["files": .bool(true), "paths": .array([.object(["path": .string("/a"), "owner": .string("x")])])]),
        ]), mode: .lenient)
        let paths = UnknownKeys.collect(scope).map(\.path)
        #expect(paths.contains("sqlite"))
        #expect(paths.contains("storage.files"))
        #expect(paths.contains("storage.paths[0].owner"))
    }

    @Test("audit targets link to the grant or room they name")
    func auditTargets() {
        #expect(AuditPageModel.targetURL("grant team/alpha room / user-1", pid: "p") == "/projects/p/grants/team%2Falpha%20room/user-1")
        #expect(AuditPageModel.targetURL("room lobby", pid: "p") == "/projects/p/rooms/lobby")
        #expect(AuditPageModel.targetURL("/projects/p/grants/x/delete", pid: "p") == nil)
        #expect(AuditPageModel.splitOutcome("refused: reviewers cannot change anything").0 == "refused")
    }
}
