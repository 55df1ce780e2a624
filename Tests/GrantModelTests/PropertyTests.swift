import Testing
@testable import GrantModel

@Suite struct PropertyTests {
    @Test func decodeEncodeDecodeIsTheIdentity() throws {
        var random = RandomScopes(seed: 1)
        var withUnknown = 0
        for _ in 0..<2000 {
            let json = random.scope()
            let scope = try ApiScope(json: json, mode: .lenient)
            let encoded = scope.json
            let again = try ApiScope(json: encoded, mode: .lenient)
            #expect(again == scope, "\(json.serialized())")
            #expect(again.json == encoded)
            let reparsed = try JSONValue(parsing: encoded.serialized(pretty: random.chance(0.5)))
            #expect(reparsed == encoded)
            if !scope.unknown.isEmpty || encoded.serialized().contains("\"x_") { withUnknown += 1 }
        }
        #expect(withUnknown > 200)
    }

    @Test func notWideningMeansNothingNewIsAllowed() throws {
        var random = RandomScopes(seed: 2)
        var notWidening = 0
        var samples = 0
        for round in 0..<2000 {
            let oldJSON = random.scope()
            let newJSON = round % 5 == 0 ? random.scope() : random.mutate(random.mutate(oldJSON))
            guard let old = try? ApiScope(json: oldJSON, mode: .lenient),
                  let new = try? ApiScope(json: newJSON, mode: .lenient) else { continue }
            let diff = new.diff(from: old)
            #expect(diff.widens == new.widens(from: old))
            guard !diff.widens else { continue }
            notWidening += 1
            for check in ScopeCheck.allCases {
                for _ in 0..<3 {
                    let arguments = random.arguments(for: check)
                    samples += 1
                    if try new.evaluate(check, arguments).allowed {
                        let before = try old.evaluate(check, arguments)
                        #expect(before.allowed, "\(check.name) \(arguments) old \(old.json.serialized()) new \(new.json.serialized()): \(before.reason)")
                    }
                }
            }
        }
        #expect(notWidening > 250)
        #expect(samples > 35_000)
    }

    @Test func wideningIsReportedWhenSomethingNewIsAllowed() throws {
        // The converse is not guaranteed (the verdict errs towards "widens"),
        // but a check that flips from denied to allowed must always be caught.
        var random = RandomScopes(seed: 3)
        var caught = 0
        for _ in 0..<1000 {
            let oldJSON = random.scope()
            guard let old = try? ApiScope(json: oldJSON, mode: .lenient),
                  let new = try? ApiScope(json: random.mutate(oldJSON), mode: .lenient) else { continue }
            for check in ScopeCheck.allCases {
                let arguments = random.arguments(for: check)
                if try new.evaluate(check, arguments).allowed, try !old.evaluate(check, arguments).allowed {
                    #expect(new.widens(from: old))
                    caught += 1
                }
            }
        }
        #expect(caught > 100)
    }

    @Test func strictNeverAcceptsWhatLenientRejects() throws {
        var random = RandomScopes(seed: 4)
        var lenientRejected = 0
        for _ in 0..<2000 {
            var json = random.scope()
            if random.chance(0.5) { json = random.breakType(json) }
            let lenient = ApiScope.validate(json, mode: .lenient)
            let strict = ApiScope.validate(json, mode: .strict)
            #expect(Set(lenient).isSubset(of: Set(strict)))
            if !lenient.isEmpty {
                lenientRejected += 1
                #expect(throws: ScopeValidationErrors.self) { try ApiScope(json: json, mode: .strict) }
            }
            #expect((try? ApiScope(json: json, mode: .lenient)) == nil || lenient.isEmpty)
        }
        #expect(lenientRejected > 400)
    }

    @Test func strictlyValidScopesAlsoRoundTripStrictly() throws {
        var random = RandomScopes(seed: 5)
        var accepted = 0
        for _ in 0..<2000 {
            guard let scope = try? ApiScope(json: random.scope(), mode: .strict) else { continue }
            accepted += 1
            #expect(try ApiScope(json: scope.json, mode: .strict) == scope)
        }
        #expect(accepted > 100)
    }

    @Test func equivalentScopesAnswerAlike() throws {
        var random = RandomScopes(seed: 6)
        for _ in 0..<500 {
            guard let scope = try? ApiScope(json: random.scope(), mode: .lenient) else { continue }
            let normalized = scope.normalized
            #expect(normalized.isEquivalent(to: scope))
            for check in ScopeCheck.allCases {
                let arguments = random.arguments(for: check)
                #expect(try normalized.evaluate(check, arguments).allowed == scope.evaluate(check, arguments).allowed)
            }
        }
    }

    @Test func jsonTextRoundTrips() throws {
        var rng = SeededGenerator(seed: 7)
        let scalars: [Unicode.Scalar] = ["a", "\"", "\\", "\n", "\u{0}", "\u{1F}", "<", "&", "\u{2028}", "é", "😀", "\u{FFFF}", "/"]
        for _ in 0..<2000 {
            let text = String(String.UnicodeScalarView((0..<Int.random(in: 0..<8, using: &rng)).map { _ in scalars.randomElement(using: &rng)! }))
            let value: JSONValue = ["k": .string(text), text: [.string(text), .number("-1.5e3")]]
            let serialized = value.serialized()
            #expect(try JSONValue(parsing: serialized) == value)
            #expect(!serialized.contains("<") && !serialized.contains("&") && !serialized.contains("\u{2028}"))
        }
    }
}
