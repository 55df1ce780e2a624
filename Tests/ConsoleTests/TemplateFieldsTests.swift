@testable import Console
import Testing

@Suite("Template field lookup")
struct TemplateFieldsTests {
    struct Row: TemplateFields {
        var name: String
        var count: Int
        var shown: Bool
        var detail: String?
        var missing: String?
        var badges: [Badge]
    }

    let row = Row(name: "room-1", count: 3, shown: true, detail: "id-1", missing: nil,
                  badges: [Badge("custom", kind: .custom, title: "t")])

    @Test("Each field reads as the value reflection gives, by name, in any order")
    func fieldsByName() {
        for name in ["shown", "name", "count", "badges", "name"] {
            let reflected = Mirror(reflecting: row).children.first { $0.label == name }?.value
            #expect(row.child(named: name).map { "\($0)" } == reflected.map { "\($0)" }, "\(name)")
        }
        #expect(row.child(named: "name") as? String == "room-1")
        #expect(row.child(named: "count") as? Int == 3)
        #expect(row.child(named: "shown") as? Bool == true)
    }

    @Test("Optionals read as their value or as missing; unknown names are missing")
    func optionalsAndUnknown() {
        #expect(row.child(named: "detail") as? String == "id-1")
        #expect(row.child(named: "missing") == nil)
        #expect(row.child(named: "nope") == nil)
        #expect(row.child(named: "") == nil)
    }

    @Test("Rows of a table keep their own values")
    func tableRows() {
        let grants = [
            GrantTable(firstColumn: "User", grants: []),
            GrantTable(firstColumn: "Room", grants: []),
        ]
        #expect(grants.map { $0.child(named: "firstColumn") as? String } == ["User", "Room"])
        #expect(grants[0].child(named: "hasGrants") as? Bool == false)
    }
}

@Suite("HTML escaping of template values")
struct ScalarHTMLEscapeTests {
    let escaper = ScalarHTMLContentType()

    @Test("The five characters are escaped wherever they are, combining marks and all")
    func escapes() {
        #expect(escaper.escapeText(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(escaper.escapeText("q\"\u{301} x") == "q&quot;\u{301} x")
        #expect(escaper.escapeText("é<\u{202E}>漢") == "é&lt;\u{202E}&gt;漢")
    }

    @Test("Text without them comes back unchanged")
    func plain() {
        for text in ["", "bench-room-0042", "Zoë 漢字 \u{202E}rtl", "a\u{0}b"] {
            #expect(escaper.escapeText(text) == text)
        }
    }
}
