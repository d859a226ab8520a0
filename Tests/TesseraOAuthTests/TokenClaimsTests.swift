import Foundation
import Testing
import TesseraJOSE

@testable import TesseraOAuth

@Suite struct TokenClaimsTests {
    @Test func issuedTokenCarriesTheRFC9068Claims() throws {
        let endpoint = Fixtures.endpoint(TokenEndpoint.Settings(issuer: Fixtures.issuer, ttlSeconds: 900, reuse: false))
        let response = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret", "&scope=read&audience=api")).get()
        let claims = try Fixtures.payload(response.accessToken)
        #expect(claims["iss"] as? String == Fixtures.issuer)
        #expect(claims["sub"] as? String == "demo")
        #expect(claims["client_id"] as? String == "demo")
        #expect(claims["aud"] as? String == "api")
        #expect(claims["scope"] as? String == "read")
        #expect((claims["iat"] as? NSNumber)?.int64Value == Fixtures.now)
        #expect((claims["exp"] as? NSNumber)?.int64Value == Fixtures.now + 900)
        #expect(response.expiresIn == 900)
        let jti = try #require(claims["jti"] as? String)
        #expect((Base64URL.decode(jti)?.count ?? 0) >= 16)
    }

    @Test func issuedTokenHasTheAccessTokenHeaderAndAValidSignature() throws {
        let response = try Fixtures.outcome(Fixtures.endpoint(), Fixtures.post("demo", "demo-secret")).get()
        let parts = String(decoding: response.accessToken, as: UTF8.self).split(separator: ".")
        #expect(parts.count == 3)
        let header = try JSONSerialization.jsonObject(with: Data(Base64URL.decode(String(parts[0]))!)) as! [String: Any]
        #expect(header["alg"] as? String == "HS256")
        #expect(header["typ"] as? String == "at+jwt")
        #expect(header["kid"] is String)
        let key = try HS256Key(secret: Fixtures.signingSecret)
        let signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
        let signature = Base64URL.decode(String(parts[2]))!
        let valid = signature.withUnsafeBytes { sig in signingInput.withUnsafeBytes { key.verify(signature: sig, signingInput: $0) } }
        #expect(valid)
    }

    @Test func responseJSONIsTheRFC6749Shape() throws {
        let response = TokenResponse(accessToken: Array("a.b.c".utf8), expiresIn: 3599, scope: "read write")
        var out: [UInt8] = []
        response.writeJSON(into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"{"access_token":"a.b.c","token_type":"Bearer","expires_in":3599,"scope":"read write"}"#)
    }
}
