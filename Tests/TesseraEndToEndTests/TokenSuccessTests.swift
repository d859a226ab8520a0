import Foundation
import Testing
import TesseraTesting

extension MainServer {
    @Suite struct TokenSuccessTests {
        enum Method: String, CaseIterable { case basic, post }

        @Test(arguments: Method.allCases)
        func tokenRequestIssuesAVerifiableRFC9068Token(method: Method) throws {
            let server = try currentServer()
            let alpha = server.setup.client("alpha")
            let request = method == .basic ? TokenRequest.basic(alpha) : TokenRequest.post(alpha)
            let before = Int(Date().timeIntervalSince1970)
            let (json, jwt) = try server.token(request)
            let after = Int(Date().timeIntervalSince1970)

            #expect(Expect.scopeSet(json["scope"]) == ["read", "write"])
            let expiresIn = (json["expires_in"] as? NSNumber)?.intValue ?? 0
            #expect(expiresIn > 3300 && expiresIn <= 3600, "expires_in \(expiresIn) for a 1h ttl")

            #expect(jwt.header["alg"] as? String == "EdDSA")
            #expect(jwt.header["typ"] as? String == "at+jwt")
            let jwks = try server.jwks()
            #expect(try jwt.verifiesEdDSA(jwks: jwks), "signature does not verify against the JWKS")

            #expect(jwt.string("iss") == ServerSetup.issuer)
            #expect(jwt.string("sub") == "alpha")
            #expect(jwt.string("client_id") == "alpha")
            #expect(jwt.claims["aud"] as? String == "api", "one audience is a string: \(String(describing: jwt.claims["aud"]))")
            #expect(Expect.scopeSet(jwt.claims["scope"]) == ["read", "write"])
            let iat = try #require(jwt.integer("iat"))
            let exp = try #require(jwt.integer("exp"))
            #expect(iat >= before - 3600 && iat <= after + 5, "iat \(iat) not near now (a reused token may be older)")
            #expect(exp == iat + 3600)
            let jti = try #require(jwt.string("jti"))
            #expect(jti.count >= 22, "jti \(jti) carries fewer than 128 bits")
        }

        /// Guards the checks above: a token with one claim changed must not verify.
        @Test func tamperedTokenFailsVerification() throws {
            let server = try currentServer()
            let (json, _) = try server.token(.basic(server.setup.client("alpha")))
            let token = try #require(json["access_token"] as? String)
            var parts = token.split(separator: ".").map(String.init)
            let claims = try #require(DecodedJWT.base64URLDecode(Substring(parts[1])))
            let forged = String(decoding: claims, as: UTF8.self).replacingOccurrences(of: "\"alpha\"", with: "\"alphb\"")
            parts[1] = Data(forged.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            let tampered = try DecodedJWT(parts.joined(separator: "."))
            #expect(tampered.string("sub") == "alphb")
            #expect(try tampered.verifiesEdDSA(jwks: server.jwks()) == false)
        }

        @Test func jwksPublishesEd25519KeysWithThumbprintKids() throws {
            let server = try currentServer()
            let keys = try server.jwks()
            try #require(!keys.isEmpty)
            for key in keys {
                #expect(key["kty"] as? String == "OKP")
                #expect(key["crv"] as? String == "Ed25519")
                #expect(key["alg"] as? String == "EdDSA")
                #expect(key["use"] as? String == "sig")
                #expect(key["d"] == nil && key["k"] == nil, "private material in the JWKS: \(key)")
                let x = try #require(key["x"] as? String)
                #expect(key["kid"] as? String == (try DecodedJWT.thumbprint(x: x)), "kid is not the RFC 7638 thumbprint")
            }
            let response = try server.get("/.well-known/jwks.json")
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
        }

        @Test func firstStartGeneratesOnePrivateKeyFile() throws {
            let server = try currentServer()
            let folder = server.directory.file("keys")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }
            #expect(files.count == 1, "key files: \(files)")
            for file in files {
                let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(file).path)
                let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
                #expect(mode & 0o077 == 0, "key file \(file) has mode \(String(mode, radix: 8))")
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                #expect(text.contains("-----BEGIN PRIVATE KEY-----"), "not a PKCS#8 PEM")
            }
        }

        @Test func reservedCharactersInBasicCredentialsAreFormDecoded() throws {
            let server = try currentServer()
            let client = server.setup.client(MainServer.reservedID)
            let (_, jwt) = try server.token(.basic(client))
            #expect(jwt.string("sub") == MainServer.reservedID)
            let (_, posted) = try server.token(.post(client))
            #expect(posted.string("client_id") == MainServer.reservedID)
        }

        @Test func pbkdf2SecretIsHashedOnceThenMemoized() throws {
            let server = try currentServer()
            let client = server.setup.client("pbkdf2")
            let first = try server.send(.basic(client))
            _ = try Expect.token(first)
            #expect(first.serverTimingSteps.contains("hash"), "first PBKDF2 check names no hash step: \(first.header("Server-Timing") ?? "")")
            let second = try server.send(.basic(client))
            _ = try Expect.token(second)
            #expect(!second.serverTimingSteps.contains("hash"), "second request hashed again: \(second.header("Server-Timing") ?? "")")
        }

        @Test func generatedSecretsNeverTakeTheSlowHash() throws {
            let server = try currentServer()
            let response = try server.send(.basic(server.setup.client("alpha"), scope: "write"))
            _ = try Expect.token(response)
            #expect(!response.serverTimingSteps.contains("hash"), "Server-Timing: \(response.header("Server-Timing") ?? "")")
            let known: Set = ["local", "redis", "postgres", "hash", "sign", "verify"]
            #expect(Set(response.serverTimingSteps).isSubset(of: known), "unknown steps: \(response.serverTimingSteps)")
            #expect(response.header("Server-Timing")?.contains("dur=") == true)
        }

        @Test func secretHashIgnoresOneTrailingNewline() throws {
            let server = try currentServer()
            let client = server.setup.client("newline")
            _ = try server.token(.basic(client))
            var withNewline = client
            withNewline.secret += "\n"
            let response = try server.send(.basic(withNewline))
            Expect.oauthError(response, status: 401, error: "invalid_client")
        }
    }
}
