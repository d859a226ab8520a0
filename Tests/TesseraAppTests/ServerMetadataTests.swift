import Foundation
import Testing

@testable import TesseraApp

@Suite struct ServerMetadataTests {
    func document(issuer: String) throws -> [String: Any] {
        let json = ServerMetadata.json(issuer: issuer)
        return try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
    }

    @Test func endpointsHangOffTheIssuerWithoutADoubleSlash() throws {
        let metadata = try document(issuer: "https://auth.example.com/")
        #expect(metadata["issuer"] as? String == "https://auth.example.com/")
        #expect(metadata["token_endpoint"] as? String == "https://auth.example.com/oauth/token")
        #expect(metadata["jwks_uri"] as? String == "https://auth.example.com/.well-known/jwks.json")
    }

    @Test func anIssuerWithQuotesBackslashesAndControlCharactersStaysOneValidString() throws {
        let issuer = "https://auth.example.com/a\"b\\c\td\u{1}e"
        let metadata = try document(issuer: issuer)
        #expect(metadata["issuer"] as? String == issuer)
        #expect(metadata["introspection_endpoint"] as? String == issuer + "/oauth/introspect")
    }
}
