import ArgumentParser
import Foundation
import TesseraApp
import TesseraConfig
import TesseraStore

extension KeysCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Copy the key directory's keys into PostgreSQL (keys in the database). Idempotent.",
            discussion: """
                Needs database and keys.encryption_key. Each key keeps its kid and activation; a key already \\
                stored is left as it is. Keys stored under an earlier encryption key (not the first of \\
                keys.encryption_key) are encrypted again under the first. Prints one line per key: \\
                "imported KID", "present KID" or "resealed KID".
                """)

        @Option(help: "The config file (default ./config.yaml, which must exist).")
        var config: String?

        func run() throws {
            let loaded = try loadConfig(path: config, environment: ProcessInfo.processInfo.environment)
            let file = loaded.sourceFile ?? "(built-in defaults)"
            guard loaded.database != nil, !loaded.keys.encryptionKeys.isEmpty else {
                printError("\(file): keys.encryption_key: not set (tessera keys import keeps keys in PostgreSQL, encrypted with it, and needs database)")
                throw Reported(code: ExitStatus.usage)
            }
            guard let storage = try KeysCommand.database(loaded, command: "keys import") else { return }
            do {
                let keys = try DirectoryKeyStorage(path: loaded.keys.directory).load()
                let added = try storage.importKeys(keys)
                for (stored, wasAdded) in zip(keys, added) {
                    print("\(wasAdded ? "imported" : "present") \(stored.key.keyID.value)")
                }
                for kid in try storage.reseal() { print("resealed \(kid)") }
            } catch {
                printError("tessera keys import: \(error)")
                throw Reported(code: error.isConfiguration ? ExitStatus.usage : ExitStatus.runtimeFailure)
            }
        }
    }
}
