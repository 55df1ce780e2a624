import Testing
import CryptoPrimitives

@Suite struct HexTests {
    @Test func roundTrip() {
        #expect(Hex.encode([0x00, 0xab, 0xff]) == "00abff")
        #expect(Hex.decode("00ABff") == [0x00, 0xab, 0xff])
    }

    @Test(arguments: ["abc", "zz", "0x00"])
    func rejectsMalformed(text: String) {
        #expect(Hex.decode(text) == nil)
    }
}
