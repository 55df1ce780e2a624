import Testing
import CryptoPrimitives

/// RFC 7914 §12 vectors. The fourth (N = 2^20, 1 GiB of memory) is left out
/// to spare the shared test machines; the parameter checks cover its path.
@Suite struct ScryptTests {
    @Test func emptyPasswordAndSalt() throws {
        let key = try Scrypt.derive(password: [], salt: [], n: 16, r: 1, p: 1, length: 64)
        #expect(Hex.encode(key) == "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
            + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")
    }

    @Test func passwordNaCl() throws {
        let key = try Scrypt.derive(password: Array("password".utf8), salt: Array("NaCl".utf8), n: 1024, r: 8, p: 16, length: 64)
        #expect(Hex.encode(key) == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
            + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    }

    @Test func pleaseLetMeIn() throws {
        let key = try Scrypt.derive(
            password: Array("pleaseletmein".utf8), salt: Array("SodiumChloride".utf8), n: 16384, r: 8, p: 1, length: 64
        )
        #expect(Hex.encode(key) == "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
            + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887")
    }

    @Test(arguments: [
        (UInt64(1000), UInt64(8), UInt64(1), 32, "power of two"),
        (UInt64(1), UInt64(8), UInt64(1), 32, "power of two"),
        (UInt64(1024), UInt64(0), UInt64(1), 32, "r must"),
        (UInt64(1024), UInt64(8), UInt64(0), 32, "p must"),
        (UInt64(1024), UInt64(1 << 20), UInt64(1 << 20), 32, "r * p"),
        (UInt64(1) << 32, UInt64(1), UInt64(1), 32, "2^(16 * r)"),
        (UInt64(1) << 40, UInt64(8), UInt64(1), 32, "MiB"),
        (UInt64(1024), UInt64(8), UInt64(1), 0, "length"),
    ])
    func badParametersGiveAClearError(n: UInt64, r: UInt64, p: UInt64, length: Int, mentions: String) {
        do {
            _ = try Scrypt.derive(password: [1], salt: [2], n: n, r: r, p: p, length: length)
            Issue.record("expected invalidParameters")
        } catch {
            guard case .invalidParameters(let detail) = error else {
                Issue.record("expected invalidParameters, got \(error)")
                return
            }
            #expect(detail.contains(mentions))
        }
    }

    @Test func requiredMemoryMatchesTheFormula() throws {
        #expect(try Scrypt.requiredMemory(n: 16384, r: 8, p: 1, length: 32) == 128 * 8 * (16384 + 2) + 128 * 8)
    }
}
