import Testing
import TesseraStore

/// The certificate methods of a stored client in the Redis client cache encoding.
struct ClientCertificateMethodsTests {
    static let thumbprint = "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg0"

    @Test(arguments: [
        ClientCertificateMethods(),
        ClientCertificateMethods(subjectDN: "CN=svc,O=Example\\, Inc."),
        ClientCertificateMethods(sanDNS: "svc.example"),
        ClientCertificateMethods(sanURI: "spiffe://example/svc", selfSignedCertificates: [thumbprint, thumbprint + "x"]),
        ClientCertificateMethods(selfSignedCertificates: [thumbprint]),
    ])
    func redisEncodingRoundTrips(methods: ClientCertificateMethods) {
        var record = ClientRecord(id: "svc", secretHash: "", scopes: ["read"], audiences: ["api"], introspect: true)
        record.certificateMethods = methods
        let bytes = RedisClientCache.encode(.found(record))
        #expect(RedisClientCache.decode(bytes, id: "svc") == .found(record))
    }

    @Test func aValueOfTheFormatBeforeCertificatesIsAMiss() {
        let old = Array("1\u{1F}$hmac-sha256$a$b\u{1F}0\u{1F}read\u{1F}api".utf8)
        #expect(RedisClientCache.decode(old, id: "svc") == nil)
    }
}
