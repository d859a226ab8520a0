import COpenSSL
import Testing
@testable import TesseraHTTP

/// Session resumption by tickets, whose keys rotate: a ticket opens under the current key or the
/// one before it, never an older one.
struct TLSResumptionTests {
    /// A first full handshake on `context`; returns the client's session (caller frees it).
    static func firstSession(_ context: TLSContext, version: Int32) throws -> OpaquePointer {
        let pair = try TLSPair(context: context, .init(maxVersion: version))
        try pair.handshake()
        #expect(!pair.server.sessionReused)
        _ = try pair.serverSays("hello")  // the client takes in the ticket(s)
        return try #require(pair.client.session)
    }

    static func resumes(_ context: TLSContext, session: OpaquePointer, version: Int32) throws -> Bool {
        let pair = try TLSPair(context: context, .init(maxVersion: version, session: session))
        try pair.handshake()
        #expect(pair.server.sessionReused == pair.client.sessionReused)
        return pair.server.sessionReused
    }

    @Test(arguments: [TLS1_2_VERSION, TLS1_3_VERSION])
    func ticketResumesASession(version: Int32) throws {
        let context = try TLSHandshakeTests.context()
        let session = try Self.firstSession(context, version: version)
        defer { SSL_SESSION_free(session) }
        #expect(try Self.resumes(context, session: session, version: version))
    }

    @Test(arguments: [TLS1_2_VERSION, TLS1_3_VERSION])
    func ticketOutlivesOneRotationButNotTwo(version: Int32) throws {
        let context = try TLSHandshakeTests.context()
        let session = try Self.firstSession(context, version: version)
        defer { SSL_SESSION_free(session) }
        context.ticketKeys.rotate()
        #expect(try Self.resumes(context, session: session, version: version))
        context.ticketKeys.rotate()
        #expect(try !Self.resumes(context, session: session, version: version))
    }

    @Test func ticketFromAnotherKeyRingIsAFullHandshake() throws {
        let context = try TLSHandshakeTests.context()
        let session = try Self.firstSession(context, version: TLS1_3_VERSION)
        defer { SSL_SESSION_free(session) }
        let stranger = try TLSHandshakeTests.context()
        #expect(try !Self.resumes(stranger, session: session, version: TLS1_3_VERSION))
    }

    @Test func reloadedContextStillResumesSessions() throws {
        let context = try TLSHandshakeTests.context()
        let session = try Self.firstSession(context, version: TLS1_3_VERSION)
        defer { SSL_SESSION_free(session) }
        #expect(try Self.resumes(try context.reloaded(), session: session, version: TLS1_3_VERSION))
    }

    static func ticket(_ session: OpaquePointer) -> [UInt8] {
        var data: UnsafePointer<UInt8>?
        var length = 0
        SSL_SESSION_get0_ticket(session, &data, &length)
        guard let data else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: length))
    }

    @Test func resumedTLS13SessionGetsAFreshTicketToResumeAgain() throws {
        let context = try TLSHandshakeTests.context()
        var session = try Self.firstSession(context, version: TLS1_3_VERSION)
        for _ in 0..<3 {
            let pair = try TLSPair(context: context, .init(maxVersion: TLS1_3_VERSION, session: session))
            try pair.handshake()
            #expect(pair.server.sessionReused)
            _ = try pair.serverSays("again")
            let next = try #require(pair.client.session)
            #expect(Self.ticket(next) != Self.ticket(session), "no new ticket after a resumption")
            SSL_SESSION_free(session)
            session = next
        }
        SSL_SESSION_free(session)
    }
}
