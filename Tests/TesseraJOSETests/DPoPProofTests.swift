import Foundation
import Testing

@testable import TesseraJOSE

/// DPoP proof verification (RFC 9449 §4.2, §4.3): what the proof itself must be, its key's
/// RFC 7638 thumbprint (the vectors of /work/shared/vectors), and garbage never trapping.
@Suite struct DPoPProofTests {
    /// RFC 8037 A.1 / RFC 8032 §7.1 TEST 1.
    static let seed: [UInt8] = [
        0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
        0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
    ]
    static let jwk = #"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#
    static let claims = #"{"jti":"e1j3V_bKic8-LAEB","htm":"POST","htu":"https://server.example.com/token","iat":1562262616}"#

    static func proof(header: String, claims: String = claims, signer: (any JWSSigner)? = nil) throws -> [UInt8] {
        try TokenSigner(signer ?? Ed25519PrivateKey(seed: seed), header: Array(header.utf8)).compact(payload: Array(claims.utf8))
    }

    @Test func aProofVerifiesWithItsJWKAndHasTheKeysRFC7638Thumbprint() throws {
        let proof = try DPoPProof.verify(try Self.proof(header: #"{"typ":"dpop+jwt","alg":"EdDSA","jwk":\#(Self.jwk)}"#))
        #expect(proof.thumbprint == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
        #expect(proof.algorithm == .EdDSA && proof.method == "POST" && proof.targetURI == "https://server.example.com/token")
        #expect(proof.issuedAt == 1_562_262_616 && proof.jwtID == "e1j3V_bKic8-LAEB" && proof.nonce == nil && proof.accessTokenHash == nil)
    }

    @Test func theRSAThumbprintIsRFC7638sExample() throws {
        let jwk = try JSONValue.parse(Array(#"""
            {"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}
            """#.utf8))
        #expect(DPoPProof.thumbprint(of: jwk) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
    }

    @Test(arguments: [
        (#"{"typ":"JWT","alg":"EdDSA","jwk":JWK}"#, "typ"),
        (#"{"alg":"EdDSA","jwk":JWK}"#, "typ"),
        (#"{"typ":"dpop+jwt","alg":"none","jwk":JWK}"#, "alg"),
        (#"{"typ":"dpop+jwt","alg":"HS256","jwk":JWK}"#, "alg"),
        (#"{"typ":"dpop+jwt","alg":"ES256","jwk":JWK}"#, "fit"),
        (#"{"typ":"dpop+jwt","alg":"EdDSA"}"#, "jwk"),
        (#"{"typ":"dpop+jwt","alg":"EdDSA","jwk":"x"}"#, "jwk"),
        (#"{"typ":"dpop+jwt","alg":"EdDSA","jwk":PRIVATE}"#, "private"),
        (#"{"typ":"dpop+jwt","alg":"EdDSA","jwk":{"kty":"oct","k":"AAAA"}}"#, "kty"),
        (#"{"typ":"dpop+jwt","alg":"EdDSA","jwk":{"kty":"<script>"}}"#, "kty must be OKP, EC or RSA"),
        (#"{"typ":"dpop+jwt","alg":"EdDSA","jwk":OTHER}"#, "verify"),
        (#"{"typ":"dpop+jwt","alg":"EdDSA","crit":["x"],"jwk":JWK}"#, "crit"),
    ])
    func aBadHeaderIsRefusedWithItsReason(_ template: String, _ reason: String) throws {
        let other = try Ed25519PrivateKey.generate().verifier.jwk
        var otherJSON: [UInt8] = []
        other.appendJSON(to: &otherJSON)
        let header = template.replacingOccurrences(of: "PRIVATE", with: #"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#)
            .replacingOccurrences(of: "OTHER", with: String(decoding: otherJSON, as: UTF8.self))
            .replacingOccurrences(of: "JWK", with: Self.jwk)
        #expect {
            _ = try DPoPProof.verify(try Self.proof(header: header))
        } throws: { error in
            (error as? DPoPProof.Problem)?.reason.contains(reason) == true
        }
    }

    @Test(arguments: [
        #"{"htm":"POST","htu":"https://s/t","iat":1}"#, #"{"jti":"a","htu":"https://s/t","iat":1}"#,
        #"{"jti":"a","htm":"POST","iat":1}"#, #"{"jti":"a","htm":"POST","htu":"https://s/t"}"#,
        #"{"jti":"a","htm":"POST","htu":"https://s/t","iat":"1"}"#, #"{"jti":7,"htm":"POST","htu":"https://s/t","iat":1}"#,
        #"{"jti":"a","htm":"POST","htu":"https://s/t","iat":1,"nonce":5}"#, "[]",
    ])
    func missingOrMistypedClaimsAreRefused(_ claims: String) throws {
        let bytes = try Self.proof(header: #"{"typ":"dpop+jwt","alg":"EdDSA","jwk":\#(Self.jwk)}"#, claims: claims)
        #expect(throws: DPoPProof.Problem.self) { _ = try DPoPProof.verify(bytes) }
    }

    @Test func garbageIsAProblemNeverATrap() throws {
        let good = try Self.proof(header: #"{"typ":"dpop+jwt","alg":"EdDSA","jwk":\#(Self.jwk)}"#)
        var generator = SystemRandomNumberGenerator()
        var inputs: [[UInt8]] = [[], Array("...".utf8), Array("a.b.c".utf8), [UInt8](repeating: 0x41, count: 9000)]
        for _ in 0..<300 {
            var mutated = good
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                mutated[Int.random(in: 0..<mutated.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            inputs.append(mutated)
            inputs.append(Array(good.prefix(Int.random(in: 0..<good.count, using: &generator))))
        }
        for input in inputs where input != good {
            _ = try? DPoPProof.verify(input)
        }
        #expect(try DPoPProof.verify(good).thumbprint == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
    }
}
