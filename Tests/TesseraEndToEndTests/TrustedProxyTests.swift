import Foundation
import Testing
import TesseraTesting

/// Behind a proxy: the client address is taken from `X-Forwarded-For` /
/// `Forwarded` only when the peer is in `server.trusted_proxies`; it is `remote` in the access log
/// and the source address of the failure limits, which count per client id and address, with a
/// higher ceiling per client id across all addresses.
@Suite(.serialized)
struct TrustedProxyTests {
    static func server(trusting proxies: String, limits: [String] = [], clients: [TestClient]) throws -> TesseraProcess {
        var sections = ["server": ["trusted_proxies: [\"\(proxies)\"]"]]
        if !limits.isEmpty { sections["limits"] = limits }
        return try TesseraProcess.start(ServerSetup(sections: sections, clients: clients))
    }

    /// A token request as a proxy forwards it, with the id and secret given.
    static func request(_ id: String, _ secret: String, _ headers: String...) -> TokenRequest {
        var request = TokenRequest(.basic(id: id, secret: secret))
        request.extraHeaders = headers
        return request
    }

    static func remote(of response: HTTPResponse, in stderr: String) -> String? {
        let id = response.header("X-Request-Id") ?? "?"
        let line = stderr.split(separator: "\n").first { $0.contains(" msg=request ") && $0.contains(" request_id=\(id) ") }
        return line?.split(separator: " ").first { $0.hasPrefix("remote=") }.map { String($0.dropFirst(7)) }
    }

    @Test func remoteIsTheForwardedClientOnlyFromATrustedProxy() throws {
        let alpha = try TestClient.generated("alpha", scopes: ["read"], audiences: ["api"])
        let trusted = try Self.server(trusting: "127.0.0.1/32", clients: [alpha])
        let spoofed = try trusted.send(Self.request("alpha", alpha.secret, "X-Forwarded-For: 198.51.100.66, 203.0.113.7"))
        let forwarded = try trusted.send(Self.request("alpha", "wrong", "Forwarded: for=\"[2001:db8::17]:4711\";proto=https"))
        let garbage = try trusted.send(Self.request("alpha", alpha.secret, "X-Forwarded-For: 203.0.113.7, not-an-address"))
        trusted.stop(removeDirectory: false)
        defer { trusted.directory.remove() }
        #expect([spoofed.status, forwarded.status, garbage.status] == [Int](arrayLiteral: 200, 401, 200))
        #expect(Self.remote(of: spoofed, in: trusted.stderr) == "203.0.113.7", "\(trusted.stderr)")
        #expect(Self.remote(of: forwarded, in: trusted.stderr) == "2001:db8::17", "\(trusted.stderr)")
        #expect(Self.remote(of: garbage, in: trusted.stderr) == "127.0.0.1", "\(trusted.stderr)")

        let untrusted = try Self.server(trusting: "10.0.0.0/8", clients: [alpha])
        let ignored = try untrusted.send(Self.request("alpha", alpha.secret, "X-Forwarded-For: 203.0.113.7", "Forwarded: for=203.0.113.7"))
        untrusted.stop(removeDirectory: false)
        defer { untrusted.directory.remove() }
        #expect(ignored.status == 200)
        #expect(Self.remote(of: ignored, in: untrusted.stderr) == "127.0.0.1", "\(untrusted.stderr)")
    }

    /// With the default limits: 20 wrong secrets from one address, then the right one from there is
    /// 429, and from another address 200.
    @Test func aFloodFromOneAddressLeavesTheClientAtAnotherWorking() throws {
        let gw = try TestClient.generated("gw", scopes: ["read"], audiences: ["api"])
        let server = try Self.server(trusting: "127.0.0.1/32", clients: [gw])
        defer { server.stop() }
        let flood = Array(repeating: Self.request("gw", "wrong", "X-Forwarded-For: 198.51.100.66"), count: 20)
        for response in try server.sendAll(flood) { Expect.oauthError(response, status: 401, error: "invalid_client") }
        Expect.oauthError(try server.send(Self.request("gw", gw.secret, "X-Forwarded-For: 198.51.100.66")), status: 429, error: "rate_limited")
        _ = try server.token(Self.request("gw", gw.secret, "X-Forwarded-For: 203.0.113.7"))
    }

    /// `auth_failures_per_minute_per_client` caps one client id's failures across addresses.
    @Test func failuresFromManyAddressesReachTheCeilingPerClient() throws {
        let gw = try TestClient.generated("gw", scopes: ["read"], audiences: ["api"])
        let limits = ["auth_failures_per_minute: 3", "auth_failures_per_minute_per_client: 8"]
        let server = try Self.server(trusting: "127.0.0.1/32", limits: limits, clients: [gw])
        defer { server.stop() }
        let wrong = ["198.51.100.1", "198.51.100.2"].flatMap { address in
            Array(repeating: Self.request("gw", "wrong", "X-Forwarded-For: \(address)"), count: 3)
        }
        for response in try server.sendAll(wrong) { Expect.oauthError(response, status: 401, error: "invalid_client") }
        _ = try server.token(Self.request("gw", gw.secret, "X-Forwarded-For: 203.0.113.7"))
        for response in try server.sendAll(Array(repeating: Self.request("gw", "wrong", "X-Forwarded-For: 198.51.100.3"), count: 2)) {
            Expect.oauthError(response, status: 401, error: "invalid_client")
        }
        Expect.oauthError(try server.send(Self.request("gw", gw.secret, "X-Forwarded-For: 203.0.113.7")), status: 429, error: "rate_limited")
    }
}
