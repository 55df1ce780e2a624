import Testing
import HTTPApp
import HTTPServer

/// The one urlencoded parser, used for request bodies and query strings alike.
@Suite struct URLEncodedFormTests {
    private func pairs(_ form: URLEncodedForm) -> [String] {
        form.fields.map { "\($0.name)=\($0.value)" }
    }

    @Test func plusIsASpaceAndEncodedPlusIsAPlus() throws {
        let form = try URLEncodedForm(parsing: "q=a+b%20c&sum=1%2B1&name+x=y")
        #expect(form["q"] == "a b c")
        #expect(form["sum"] == "1+1")
        #expect(form["name x"] == "y")
    }

    @Test func repeatedNamesKeepEveryValueInOrder() throws {
        let form = try URLEncodedForm(parsing: "tag=b&other=1&tag=a&tag=b")
        #expect(form["tag"] == "b")
        #expect(form.values("tag") == ["b", "a", "b"])
        #expect(pairs(form) == ["tag=b", "other=1", "tag=a", "tag=b"])
    }

    @Test func emptyValuesMissingEqualsAndEmptyPairs() throws {
        let form = try URLEncodedForm(parsing: "a=&b&&c=1=2&=anon&")
        #expect(pairs(form) == ["a=", "b=", "c=1=2", "=anon"])
        #expect(form.has("a") && form.has("b") && !form.has("d"))
        #expect(form["b"] == "")
        #expect(try URLEncodedForm(parsing: "").fields.isEmpty)
        #expect(try URLEncodedForm(parsing: "&&").fields.isEmpty)
    }

    @Test(arguments: [
        ("a=1&b=%ZZ", 2),          // not hex
        ("a=%4", 1),               // cut short
        ("a=1&b=2&c=%", 3),        // bare percent
        ("%E0%A4=x", 1),           // truncated UTF-8 sequence in a name
        ("a=%FF", 1),              // never valid UTF-8
        ("a=%C0%AF", 1),           // overlong encoding of "/"
        ("ok=1&a=%ED%A0%80", 2),   // a UTF-16 surrogate
    ])
    func invalidEscapesAndUTF8AreRefusedNamingTheField(text: String, position: Int) {
        #expect(throws: URLEncodedForm.Invalid(position: position)) { try URLEncodedForm(parsing: text) }
    }

    @Test func rawBytesThatAreNotUTF8AreRefused() {
        let bytes = Array("a=1&b=".utf8) + [0xC3] + Array("&c=3".utf8)
        #expect(throws: URLEncodedForm.Invalid(position: 2)) { try URLEncodedForm(parsing: bytes) }
        #expect(throws: URLEncodedForm.Invalid(position: 1)) { try URLEncodedForm(parsing: [0xFF]) }
    }

    @Test func theRefusalIsAClear400() {
        let refusal = URLEncodedForm.Invalid(position: 3)
        let mapped: any HTTPResponseError = refusal
        #expect(mapped.status == .badRequest)
        #expect(mapped.message.contains("Field 3"))
    }

    @Test func bodyIsReadOnlyWhenItIsAURLEncodedForm() throws {
        let body = Array("csrf=t&x=1".utf8)
        var headers = HTTPHeaders()
        headers.set("Content-Type", "Application/X-WWW-Form-Urlencoded; charset=UTF-8")
        let form = try URLEncodedForm(body: HTTPRequest(method: .post, target: "/f", headers: headers, body: body))
        #expect(form["csrf"] == "t")
        var json = HTTPHeaders()
        json.set("Content-Type", "application/json")
        #expect(try URLEncodedForm(body: HTTPRequest(method: .post, target: "/f", headers: json, body: body)).fields.isEmpty)
        #expect(try URLEncodedForm(body: HTTPRequest(method: .post, target: "/f", body: body)).fields.isEmpty)
    }

    @Test func queryOfARequest() throws {
        let request = HTTPRequest(method: .get, target: "/p?room=a%2Fb&room=c&next=%2Fx%3Fy%3D1")
        let form = try URLEncodedForm(query: request)
        #expect(form.values("room") == ["a/b", "c"])
        #expect(form["next"] == "/x?y=1")
        #expect(throws: URLEncodedForm.Invalid(position: 1)) {
            try URLEncodedForm(query: HTTPRequest(method: .get, target: "/p?x=%G1"))
        }
    }

    @Test func encodedTextParsesBackToTheSameFields() throws {
        var form = URLEncodedForm()
        form.add("a b", "1+1 = 2 & 3%")
        form.add("tag", "é/☃")
        form.add("tag", "")
        form.add("", "anon")
        #expect(try URLEncodedForm(parsing: form.encoded) == form)
    }

    @Test func setReplacesEveryValueAndRemovingDropsNames() throws {
        var form = try URLEncodedForm(parsing: "a=1&b=2&a=3")
        form.set("a", "9")
        #expect(pairs(form) == ["b=2", "a=9"])
        form.set("b", nil)
        #expect(pairs(form) == ["a=9"])
        let form2 = try URLEncodedForm(parsing: "x=1&keep=2&y=3")
        #expect(pairs(form2.removing(["x", "y"])) == ["keep=2"])
    }
}
