import Testing
import CryptoPrimitives

@Suite struct RandomBytesTests {
    @Test func hexStringHasTwoCharactersPerByte() {
        let hex = RandomBytes.hexString(byteCount: 16)
        #expect(hex.count == 32)
        #expect(hex.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func successiveValuesDiffer() {
        #expect(RandomBytes.generate(count: 16) != RandomBytes.generate(count: 16))
    }
}
