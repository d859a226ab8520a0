import Foundation
import Testing

@testable import TesseraOAuth

@Suite struct BasicCredentialsTests {
    private func parse(_ header: String) -> Result<ClientCredentials, OAuthError> {
        let bytes = Array(header.utf8)
        return bytes.withUnsafeBytes { raw in
            Result { () throws(OAuthError) in try BasicCredentials.parse(raw) }
        }
    }

    @Test(arguments: [
        ("demo", "secret"),
        ("id:with:colons", "pa:ss"),
        ("id with space", "s p a c e"),
        ("plus+id", "a+b%2Bc"),
        ("percent%25", "100%25 sure"),
        ("ünïcødé", "пароль🔑"),
        ("amp&eq=", "&=?/#"),
    ])
    func reservedCharactersRoundTripThroughFormEncoding(id: String, secret: String) throws {
        let credentials = try parse(Fixtures.basic(id, secret)).get()
        #expect(credentials.id == id)
        #expect(credentials.secret == Array(secret.utf8))
        #expect(credentials.method == .clientSecretBasic)
    }

    @Test func encodedColonStaysInTheIdAndTheFirstRawColonSplits() throws {
        // id "id:with%3Acolon" form-encoded by hand: the %3A decodes to ':' but only after splitting.
        let header = "Basic " + Data("id%3Awith%3Acolon:se%3Acret:tail".utf8).base64EncodedString()
        let credentials = try parse(header).get()
        #expect(credentials.id == "id:with:colon")
        #expect(credentials.secret == Array("se:cret:tail".utf8))
    }

    @Test func plusIsASpaceAndPercent2BIsAPlus() throws {
        let header = "Basic " + Data("a+b:c%2Bd+e".utf8).base64EncodedString()
        let credentials = try parse(header).get()
        #expect(credentials.id == "a b")
        #expect(credentials.secret == Array("c+d e".utf8))
    }

    @Test func schemeIsCaseInsensitiveAndPaddingIsOptional() throws {
        let encoded = Data("demo:x".utf8).base64EncodedString()  // "ZGVtbzp4" needs no padding
        #expect(try parse("bAsIc  " + encoded).get().id == "demo")
        let padded = Data("demo:xy".utf8).base64EncodedString()
        #expect(padded.hasSuffix("="))
        #expect(try parse("Basic " + padded).get().secret == Array("xy".utf8))
        #expect(try parse("Basic " + padded.replacingOccurrences(of: "=", with: "")).get().secret == Array("xy".utf8))
        // Half the padding is neither form.
        #expect(throws: OAuthError.self) { try parse("Basic " + String(padded.dropLast())).get() }
    }

    @Test(arguments: [
        "Bearer abc",
        "Basic",
        "Basic ",
        "Basic !!!!",
        "Basic " + Data("no-colon".utf8).base64EncodedString(),
        "Basic " + Data(":secret-without-id".utf8).base64EncodedString(),
        "Basic " + Data("bad%zz:secret".utf8).base64EncodedString(),
        "Basic " + Data([0xFF, 0x3A, 0x41]).base64EncodedString(),
        "Basicx " + Data("a:b".utf8).base64EncodedString(),
    ])
    func malformedHeadersAreInvalidClient(header: String) {
        guard case .failure(let error) = parse(header) else {
            Issue.record("accepted \(header)")
            return
        }
        #expect(error.code == "invalid_client")
        #expect(error.status() == 401)
    }
}
