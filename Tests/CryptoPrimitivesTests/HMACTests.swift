import Testing
import CryptoPrimitives

/// RFC 4231 HMAC-SHA256 test cases (case 5 truncates the output, so it is left out).
@Suite struct HMACTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func case1() {
        let mac = HMAC.sha256(key: [UInt8](repeating: 0x0b, count: 20), message: bytes("Hi There"))
        #expect(Hex.encode(mac) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test func case2KeyShorterThanOutput() {
        let mac = HMAC.sha256(key: bytes("Jefe"), message: bytes("what do ya want for nothing?"))
        #expect(Hex.encode(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func case3() {
        let mac = HMAC.sha256(key: [UInt8](repeating: 0xaa, count: 20), message: [UInt8](repeating: 0xdd, count: 50))
        #expect(Hex.encode(mac) == "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")
    }

    @Test func case4() {
        let mac = HMAC.sha256(key: Array(1...25), message: [UInt8](repeating: 0xcd, count: 50))
        #expect(Hex.encode(mac) == "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")
    }

    @Test func case6KeyLargerThanBlock() {
        let mac = HMAC.sha256(
            key: [UInt8](repeating: 0xaa, count: 131),
            message: bytes("Test Using Larger Than Block-Size Key - Hash Key First")
        )
        #expect(Hex.encode(mac) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func case7KeyAndDataLargerThanBlock() {
        let message = "This is a test using a larger than block-size key and a larger than block-size data."
            + " The key needs to be hashed before being used by the HMAC algorithm."
        let mac = HMAC.sha256(key: [UInt8](repeating: 0xaa, count: 131), message: bytes(message))
        #expect(Hex.encode(mac) == "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")
    }

    /// An empty key is valid HMAC input and must not be confused with "no key".
    @Test func emptyKeyAndMessage() {
        #expect(Hex.encode(HMAC.sha256(key: [], message: []))
            == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }
}
