@testable import Console
import CryptoPrimitives
import Testing

@Suite struct CSRFTokenTests {
    @Test func masksDifferEveryTimeAndAllVerify() {
        let secret = CSRFToken.newSecret()
        let a = CSRFToken.mask(secret), b = CSRFToken.mask(secret)
        #expect(a != b)
        #expect(CSRFToken.verify(a, secret: secret))
        #expect(CSRFToken.verify(b, secret: secret))
    }

    @Test func rejectsOtherSecretsAndDamage() {
        let secret = CSRFToken.newSecret()
        let token = CSRFToken.mask(secret)
        #expect(!CSRFToken.verify(token, secret: CSRFToken.newSecret()))
        #expect(!CSRFToken.verify("", secret: secret))
        #expect(!CSRFToken.verify(String(token.dropLast(2)), secret: secret))
        // The unmasked secret itself is not a valid token.
        #expect(!CSRFToken.verify(Base64URL.encode(secret), secret: secret))
        var bytes = Base64URL.decode(token)!
        bytes[40] ^= 1
        #expect(!CSRFToken.verify(Base64URL.encode(bytes), secret: secret))
    }
}
