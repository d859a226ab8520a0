import Foundation
import Testing
import TesseraTesting

extension MainServer {
    @Suite struct ScopeAndAudienceTests {
        @Test func noScopeGrantsAllOfTheClientsScopes() throws {
            let server = try currentServer()
            let (json, jwt) = try server.token(.basic(server.setup.client("multi")))
            #expect(Expect.scopeSet(json["scope"]) == ["read", "write", "delete"])
            #expect(Expect.scopeSet(jwt.claims["scope"]) == ["read", "write", "delete"])
        }

        @Test func requestedScopesAreGrantedAsASet() throws {
            let server = try currentServer()
            let multi = server.setup.client("multi")
            let (json, jwt) = try server.token(.basic(multi, scope: "write read write"))
            #expect(Expect.scopeSet(json["scope"]) == ["read", "write"])
            #expect(Expect.scopeSet(jwt.claims["scope"]) == ["read", "write"])
            let words = ((json["scope"] as? String) ?? "").split(separator: " ")
            #expect(words.count == 2, "granted scope repeats a word: \(String(describing: json["scope"]))")
            // The same set in another order is the same request, so reuse hands back the same token.
            let (again, _) = try server.token(.post(multi, scope: "read write"))
            #expect(again["access_token"] as? String == json["access_token"] as? String)
        }

        @Test func noAudienceGivesAllOfTheClientsAudiences() throws {
            let server = try currentServer()
            let (_, multi) = try server.token(.basic(server.setup.client("multi")))
            let array = try #require(multi.claims["aud"] as? [String], "several audiences are an array: \(String(describing: multi.claims["aud"]))")
            #expect(Set(array) == ["api", "billing"] && array.count == 2)
            let (_, alpha) = try server.token(.basic(server.setup.client("alpha")))
            #expect(alpha.claims["aud"] as? String == "api")
        }

        @Test func oneRequestedAudienceIsAStringClaim() throws {
            let server = try currentServer()
            let (_, jwt) = try server.token(.basic(server.setup.client("multi"), audiences: ["billing"]))
            #expect(jwt.claims["aud"] as? String == "billing", "aud: \(String(describing: jwt.claims["aud"]))")
        }

        @Test func resourceIsASynonymOfAudience() throws {
            let server = try currentServer()
            var request = TokenRequest.basic(server.setup.client("multi"), scope: "read")
            request.form.append(("resource", "billing"))
            let (_, jwt) = try server.token(request)
            #expect(jwt.claims["aud"] as? String == "billing", "aud: \(String(describing: jwt.claims["aud"]))")
        }

        @Test func severalRequestedAudiencesGiveAnArrayClaim() throws {
            let server = try currentServer()
            let (_, jwt) = try server.token(.post(server.setup.client("multi"), scope: "delete", audiences: ["billing", "api"]))
            let array = try #require(jwt.claims["aud"] as? [String], "aud: \(String(describing: jwt.claims["aud"]))")
            #expect(Set(array) == ["api", "billing"] && array.count == 2)
        }
    }

    @Suite struct TokenReuseTests {
        @Test func reuseHandsBackTheSameTokenWhileExpiresInCountsDown() throws {
            let server = try currentServer()
            let alpha = server.setup.client("alpha")
            let (first, _) = try server.token(.basic(alpha, scope: "read"))
            Thread.sleep(forTimeInterval: 1.1)
            let (second, _) = try server.token(.post(alpha, scope: "read"))
            #expect(second["access_token"] as? String == first["access_token"] as? String, "reuse is on by default")
            let before = (first["expires_in"] as? NSNumber)?.intValue ?? 0
            let after = (second["expires_in"] as? NSNumber)?.intValue ?? 0
            #expect(after < before, "expires_in went from \(before) to \(after) over 1.1 s")
        }

        @Test func differentScopesGetDifferentTokens() throws {
            let server = try currentServer()
            let multi = server.setup.client("multi")
            let (read, _) = try server.token(.basic(multi, scope: "read"))
            let (write, _) = try server.token(.basic(multi, scope: "write"))
            #expect(read["access_token"] as? String != write["access_token"] as? String)
        }
    }
}
