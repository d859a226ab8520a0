@testable import TesseraApp
import TesseraHTTP
import Testing

/// The routing table (`Endpoint.route`): exact paths, the query ignored, nothing else matched.
@Suite struct EndpointRouteTests {
    /// Routes `method target` the way the event loop hands a parsed request to the handler.
    static func route(_ method: HTTPMethod, _ target: String) -> Endpoint {
        let bytes = Array(target.utf8)
        return bytes.withUnsafeBytes { buffer in
            var head = HTTPRequestHead()
            head.method = method
            head.target = 0..<buffer.count
            head.length = buffer.count
            let empty = UnsafeRawBufferPointer(rebasing: buffer[buffer.count...])
            return Endpoint.route(HTTPRequest(head: head, bytes: buffer, fields: [], body: empty))
        }
    }

    @Test(arguments: [
        ("/oauth/token", Endpoint.token),
        ("/oauth/introspect", .introspect),
        ("/oauth/revoke", .revoke),
        ("/.well-known/jwks.json", .jwks),
        ("/.well-known/oauth-authorization-server", .metadata),
        ("/healthz", .healthz),
        ("/readyz", .readyz),
        ("/metrics", .metrics),
        ("/oauth/token?scope=read", .token),
        ("/metrics?", .metrics),
    ])
    func everyContractPathRoutesToItsEndpoint(_ target: String, _ endpoint: Endpoint) {
        #expect(Self.route(.post, target) == endpoint)
    }

    @Test(arguments: [
        "/", "", "/oauth/token/", "/oauth/tokens", "/OAUTH/TOKEN", "/oauth//token", "/metrics/", "/healthz%20",
        "oauth/token", "/.well-known/jwks.jso", "/.well-known/oauth-authorization-serveR", "/readyz#x",
    ])
    func anyOtherPathIsNotFound(_ target: String) {
        #expect(Self.route(.get, target) == .notFound)
    }

    @Test(arguments: [
        (Endpoint.token, HTTPMethod.post, true), (.token, .get, false), (.introspect, .post, true), (.revoke, .put, false),
        (.jwks, .get, true), (.jwks, .head, true), (.jwks, .post, false), (.metadata, .head, true), (.metrics, .delete, false),
        (.healthz, .get, true), (.readyz, .options, false), (.notFound, .patch, true),
    ])
    func eachEndpointAllowsOnlyItsMethods(_ endpoint: Endpoint, _ method: HTTPMethod, _ allowed: Bool) {
        #expect(endpoint.allows(method) == allowed)
    }

    @Test func theAllowHeaderNamesTheAllowedMethods() {
        for endpoint in Endpoint.allCases where endpoint != .notFound {
            let allow = "\(endpoint.allow)"
            #expect(allow == ([.token, .introspect, .revoke].contains(endpoint) ? "POST" : "GET, HEAD"), "\(endpoint)")
        }
    }

    @Test func metricLabelsAreDistinct() {
        #expect(Set(Endpoint.allCases.map(\.label)).count == Endpoint.allCases.count)
        #expect(Endpoint.notFound.label == "not_found")
    }
}
