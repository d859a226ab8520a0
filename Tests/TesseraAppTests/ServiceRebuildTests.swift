import Foundation
import Testing
import TesseraConfig
import TesseraTesting

@testable import TesseraApp

/// A SIGHUP reload (the main thread) and the key watcher's check (a libdispatch thread) both
/// rebuild the state, one at a time. Under ThreadSanitizer (CI runs this suite with it) the two
/// racing must be clean: the lock that orders them was a `Locked<Void>`, whose empty value sits at
/// the address of its mutex field, and ThreadSanitizer reported it as a race and killed a node
/// during a reload.
@Suite struct ServiceRebuildTests {
    @Test func reloadsAndKeyChecksOnTwoThreadsRebuildOneAtATime() throws {
        let folder = try TemporaryDirectory(prefix: "tessera-rebuild")
        defer { folder.remove() }
        let file = folder.file("config.yaml")
        try Data("""
            issuer: "https://tessera.test"
            keys:
              directory: "\(folder.file("keys").path)"
            state:
              directory: "\(folder.file("state").path)"
            logging:
              level: error
            clients:
              - id: svc
                secret_hash: "$hmac-sha256$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                scopes: [read]
                audiences: [api]

            """.utf8).write(to: file)
        let service = try Service(config: try ConfigLoader.load(path: file.path, environment: [:]))
        let signer = service.box.current.keys.ring.signer.keyID

        let rounds = 400
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            for _ in 0..<rounds { service.reload(environment: [:]) }
        }
        DispatchQueue.global().async(group: group) {
            for _ in 0..<rounds { _ = service.refreshKeys() }
        }
        #expect(group.wait(timeout: .now() + 60) == .success, "the rebuilds did not finish")
        // Nothing changed on disk: the state after every rebuild signs with the same key and
        // still knows the client.
        #expect(service.box.current.keys.ring.signer.keyID == signer)
        #expect(service.box.current.config.clients.map(\.id) == ["svc"])
    }
}
