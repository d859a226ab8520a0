import Foundation
import Testing
import TesseraTesting

/// `tessera keys rotate` against a running server: pre-publication, the switch of signer, and the
/// old key staying published until its last token expired. The lead and the retirement leeway are
/// shortened with TESSERA_KEY_LEAD_SECONDS and TESSERA_KEY_RETIREMENT_LEEWAY_SECONDS.
@Suite struct KeyRotationTests {
    struct Rotation {
        var keyID: String
        var activation: Int64
    }

    static func rotate(_ server: TesseraProcess) throws -> Rotation {
        let result = try server.runCLI(["keys", "rotate", "--config", server.configURL.path])
        #expect(result.status == 0, "\(result.stderr)")
        var rotation = Rotation(keyID: "", activation: 0)
        for line in result.stdout.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.first == "kid", fields.count == 2 { rotation.keyID = String(fields[1]) }
            if fields.first == "activation", fields.count >= 2 { rotation.activation = Int64(fields[1]) ?? 0 }
        }
        #expect(!rotation.keyID.isEmpty && rotation.activation > 0, "\(result.stdout)")
        return rotation
    }

    @Test func oldKeyVerifiesItsTokensUntilTheyExpireThenLeavesTheJWKS() throws {
        let ttl: Int64 = 3
        let server = try GatewaySetup.start(
            ttl: Int(ttl), reuse: false,
            environment: ["TESSERA_KEY_LEAD_SECONDS": "2", "TESSERA_KEY_RETIREMENT_LEEWAY_SECONDS": "0"])
        defer { server.stop() }
        let before = try server.issueToken()
        let oldKey = try TokenView.keyID(before)

        let rotation = try Self.rotate(server)
        #expect(rotation.activation >= unixNow() + 1)
        try server.reload()
        #expect(try eventually(timeout: 3, interval: 0.1) { try server.publishedKeyIDs().contains(rotation.keyID) })

        // Until the activation every token is signed with the old key; the new one is only published.
        var lastOld = before
        var jwksHeldNewKeyBeforeItSigned = true
        while unixNow() < rotation.activation + 1 {
            let published = try server.publishedKeyIDs()
            let token = try server.issueToken()
            let kid = try TokenView.keyID(token)
            if kid == oldKey { lastOld = token } else if !published.contains(kid) { jwksHeldNewKeyBeforeItSigned = false }
            #expect(kid == oldKey || kid == rotation.keyID)
            let untilExpiry = Double(try Self.exp(before)) - Date().timeIntervalSince1970
            let active = try server.introspect(before).json["active"] as? Bool
            if abs(untilExpiry) > 0.1 { #expect(active == (untilExpiry > 0)) }  // not on the boundary itself
            usleep(200_000)
        }
        #expect(jwksHeldNewKeyBeforeItSigned)
        #expect(try TokenView.keyID(server.issueToken()) == rotation.keyID)

        // The old key's last token stays active, and the key published, until that token expires.
        let lastExp = try Self.exp(lastOld)
        while unixNow() < lastExp {
            #expect(try server.publishedKeyIDs().contains(oldKey))
            let active = try server.introspect(lastOld).json["active"] as? Bool
            #expect(active == true || Date().timeIntervalSince1970 > Double(lastExp) - 0.1)
            usleep(250_000)
        }
        // Retirement: the next key has been active for ttl (+ 0 s leeway) -> gone within a second.
        #expect(try eventually(timeout: Double(rotation.activation + ttl - unixNow()) + 2, interval: 0.1) {
            try !server.publishedKeyIDs().contains(oldKey)
        })
        #expect(try server.publishedKeyIDs() == [rotation.keyID])
        #expect(try server.introspect(lastOld).body == #"{"active":false}"#)  // retired at least 1 s after its exp
    }

    @Test func newKeyIsPublishedWithoutSIGHUPWithinThePollInterval() throws {
        let server = try GatewaySetup.start(reuse: false, environment: ["TESSERA_KEY_LEAD_SECONDS": "30"])
        defer { server.stop() }
        let oldKey = try TokenView.keyID(server.issueToken())
        let rotation = try Self.rotate(server)
        #expect(try eventually(timeout: 12, interval: 0.1) { try server.publishedKeyIDs().contains(rotation.keyID) })
        #expect(try server.publishedKeyIDs().contains(oldKey))
        #expect(try TokenView.keyID(server.issueToken()) == oldKey)  // published, not signing yet
    }

    @Test func jwksIsCachedNoLongerThanHalfThePrePublicationLead() throws {
        let standard = try GatewaySetup.start()
        defer { standard.stop() }
        #expect(try standard.client.get("/.well-known/jwks.json").header("cache-control") == "public, max-age=300")
        let short = try GatewaySetup.start(environment: ["TESSERA_KEY_LEAD_SECONDS": "20"])
        defer { short.stop() }
        #expect(try short.client.get("/.well-known/jwks.json").header("cache-control") == "public, max-age=10")
    }

    @Test func rotationActivatesTheNewKeyAfterTheDefaultLead() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let start = unixNow()
        let rotation = try Self.rotate(server)
        #expect(rotation.activation >= start + 600 && rotation.activation <= unixNow() + 600)
        #expect(FileManager.default.fileExists(atPath: server.keysDirectory + "/ed25519-\(rotation.activation).pem"))
    }

    static func exp(_ token: String) throws -> Int64 {
        try #require((try TokenView.claims(token)["exp"] as? NSNumber)?.int64Value)
    }
}
