import Foundation
import Testing
@testable import TesseraJOSE

struct KeyDirectoryTests {
    /// A fresh directory path (not yet created) under the system temporary directory.
    func scratchPath() -> String {
        NSTemporaryDirectory() + "tessera-jose-\(UUID().uuidString)/keys"
    }

    func cleanUp(_ path: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as! NSNumber).intValue
    }

    @Test func generateWritesA0600FileInA0700Directory() throws {
        let path = scratchPath()
        defer { cleanUp(path) }
        let key = try KeyDirectory.generate(path: path, activation: 1_700_000_000)
        #expect(key.path == path + "/ed25519-1700000000.pem")
        #expect(try mode(path + "/ed25519-1700000000.pem") == 0o600)
        #expect(try mode(path) == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == ["ed25519-1700000000.pem"])
        let pem = try String(contentsOfFile: key.path!, encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
    }

    @Test func reloadingGivesTheSameThumbprint() throws {
        let path = scratchPath()
        defer { cleanUp(path) }
        let generated = try KeyDirectory.generate(path: path, activation: 100)
        let loaded = try KeyDirectory.load(path: path, now: 100)
        #expect(loaded.map(\.keyID) == [generated.keyID])
        #expect(loaded.map(\.activation) == [100])
        #expect(try loaded[0].privateKey.pemRepresentation() == generated.privateKey.pemRepresentation())
    }

    @Test func generatingTwiceForTheSameSecondDoesNotReplaceTheKey() throws {
        let path = scratchPath()
        defer { cleanUp(path) }
        let first = try KeyDirectory.generate(path: path, activation: 5)
        #expect(throws: JOSEError.self) { try KeyDirectory.generate(path: path, activation: 5) }
        #expect(try KeyDirectory.load(path: path, now: 5).map(\.keyID) == [first.keyID])
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == ["ed25519-5.pem"])
    }

    @Test func ensureOneGeneratesOnlyWhenEmpty() throws {
        let path = scratchPath()
        defer { cleanUp(path) }
        #expect(try KeyDirectory.load(path: path, now: 10).isEmpty)
        let first = try KeyDirectory.ensureOne(path: path, now: 10)
        #expect(first.count == 1 && first[0].activation == 10)
        let again = try KeyDirectory.ensureOne(path: path, now: 20)
        #expect(again.map(\.keyID) == first.map(\.keyID))
    }

    @Test func newestActiveKeySignsAndFutureKeyIsPublishedButDoesNotSign() throws {
        let path = scratchPath()
        defer { cleanUp(path) }
        let old = try KeyDirectory.generate(path: path, activation: 1000)
        let current = try KeyDirectory.generate(path: path, activation: 2000)
        let future = try KeyDirectory.generate(path: path, activation: 3000)
        let keys = try KeyDirectory.load(path: path, now: 2500)
        let ring = try KeyRing.make(keys: keys, now: 2500, hs256Secret: nil, algorithm: .EdDSA)
        #expect(ring.signer.keyID == current.keyID)
        #expect(Set(ring.jwks.keys.map(\.kid)) == [old.keyID, current.keyID, future.keyID])
        let later = try KeyRing.make(keys: keys, now: 3000, hs256Secret: nil, algorithm: .EdDSA)
        #expect(later.signer.keyID == future.keyID)
    }

    @Test func noActiveKeyIsAnError() throws {
        let key = LoadedKey(activation: 3000, privateKey: try Ed25519PrivateKey.generate())
        #expect(throws: JOSEError.noActiveKey) { try KeyRing.make(keys: [key], now: 2999, hs256Secret: nil, algorithm: .EdDSA) }
        #expect(throws: JOSEError.missingSecret) { try KeyRing.make(keys: [key], now: 3000, hs256Secret: nil, algorithm: .HS256) }
    }

    @Test func aCorruptKeyFileIsNamedWithTheOpenSSLReason() throws {
        let path = scratchPath()
        defer { cleanUp(path) }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try "-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----\n".write(toFile: path + "/ed25519-7.pem", atomically: true, encoding: .utf8)
        let error = #expect(throws: JOSEError.self) { try KeyDirectory.load(path: path, now: 10) }
        let description = error?.description ?? ""
        #expect(description.hasPrefix("key file \(path)/ed25519-7.pem: PEM_read_bio_PrivateKey: error:"))
    }

    @Test(arguments: ["ed25519-.pem", "ed25519--5.pem", "rsa-5.pem", "ed25519-12x.pem"])
    func misnamedPEMFilesAreErrors(name: String) throws {
        let path = scratchPath()
        defer { cleanUp(path) }
        let key = try KeyDirectory.generate(path: path, activation: 1)
        try FileManager.default.moveItem(atPath: key.path!, toPath: path + "/" + name)
        #expect(throws: JOSEError.self) { try KeyDirectory.load(path: path, now: 10) }
    }

    @Test func pemRoundTripsAndEncryptedOrForeignPEMIsRefused() throws {
        let key = try Fixtures.rfcEd25519Key()
        let pem = try key.pemRepresentation()
        #expect(try Ed25519PrivateKey(pem: pem).keyID == key.keyID)
        #expect(throws: JOSEError.self) { try Ed25519PrivateKey(pem: Array("not a pem".utf8)) }
    }
}
