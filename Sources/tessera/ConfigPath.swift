/// Which config file a command reads: `--config` when given, else `TESSERA_CONFIG` when it is
/// set and not empty, else nil (`./config.yaml`, or the built-in defaults when that file does
/// not exist). A path from `TESSERA_CONFIG` is explicit: the file must exist, as with `--config`.
/// Containers set it once (the Dockerfile does) so that every command, `migrate` and `client`
/// included, finds the mounted config without repeating `--config`.
enum ConfigPath {
    static let environmentVariable = "TESSERA_CONFIG"

    static func resolve(_ option: String?, environment: [String: String]) -> String? {
        if let option { return option }
        guard let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty else { return nil }
        return fromEnvironment
    }
}
