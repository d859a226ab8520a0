import TesseraConfig
import TesseraCore
import TesseraJOSE
import TesseraOAuth
import TesseraStore

extension AppState {
    /// The `Client` of one `clients[index]` entry: its secret hash parsed, its `jwks` (private_key_jwt)
    /// parsed into keys, its certificate methods (RFC 8705) into a policy. A bad key -- an RSA
    /// modulus under 2048 bits, a P-256 point off the curve, private members -- is a config error
    /// naming the client and the key.
    static func client(_ entry: StaticClientConfig, index: Int, file: String, config: Config) throws(ServiceError) -> Client {
        let hash: SecretHash
        if entry.secretHash.isEmpty && (entry.jwks != nil || entry.hasCertificateMethod) {
            hash = SecretHash.unusable
        } else {
            do {
                hash = try SecretHash.parse(entry.secretHash)
            } catch {
                throw .configuration(ConfigError(file: file, keyPath: entry.secrets.count > 1 || entry.secrets.first?.expiresAt != nil ? "clients[\(index)].secrets[0].hash" : "clients[\(index)].secret_hash", message: error.description))
            }
        }
        var keys: ClientKeySet?
        if let jwks = entry.jwks {
            do {
                keys = try ClientKeySet.parse(json: Array(jwks.utf8))
            } catch {
                throw .configuration(ConfigError(
                    file: file, keyPath: "clients[\(index)].jwks", message: "client \"\(entry.id)\": \(error.description)"))
            }
        }
        var secrets = [ClientSecret(hash: hash, expiresAt: entry.secrets.first?.expiresAt)]
        for (position, previous) in entry.secrets.enumerated().dropFirst() {
            do {
                secrets.append(ClientSecret(hash: try SecretHash.parse(previous.hash), expiresAt: previous.expiresAt))
            } catch {
                throw .configuration(ConfigError(file: file, keyPath: "clients[\(index)].secrets[\(position)].hash", message: error.description))
            }
        }
        return Client(id: entry.id, secretHash: hash, scopes: entry.scopes, audiences: entry.audiences,
                      introspect: entry.introspect, keys: keys,
                      mutualTLS: try mutualTLS(entry, index: index, file: file, config: config),
                      secrets: secrets, policy: entry.policy, dpopBoundAccessTokens: entry.dpopBoundAccessTokens)
    }
}

extension StaticClientConfig {
    /// `token_ttl`, `rate`, `disabled` as the OAuth client holds them.
    var policy: ClientPolicy {
        ClientPolicy(
            tokenTTLSeconds: tokenTTL.map { Int64($0.components.seconds) }, rate: rate,
            disabled: disabled)
    }
}
