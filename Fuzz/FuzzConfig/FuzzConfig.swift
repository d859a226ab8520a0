import FuzzDriver
import TesseraConfig

/// Fuzzes the config loader: YAML (Yams), `${ENV}` expansion, durations, host:port, every
/// section's validation. Any input must end in a `Config` or a `ConfigError`, never a trap.
enum FuzzConfig {
    static let environment = ["TESSERA_HS256_SECRET": String(repeating: "s", count: 40), "EMPTY": "", "PORT": "8080"]

    static func run(_ input: UnsafeRawBufferPointer) {
        let yaml = String(decoding: input, as: UTF8.self)
        do {
            _ = try ConfigLoader.parse(yaml: yaml, file: "/fuzz/config.yaml", environment: environment)
        } catch {
            FuzzDriver.check(!error.description.isEmpty, "an empty error")
        }
    }
}

@main
enum Main {
    static func main() { FuzzDriver.main(FuzzConfig.run) }
}
