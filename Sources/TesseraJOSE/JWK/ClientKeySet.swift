/// The public keys a client registered for `private_key_jwt` (RFC 7523 §2.2): a JWK Set of
/// Ed25519 (`OKP`), P-256 (`EC`) and RSA public keys, parsed once and kept with the client.
///
/// Refused, naming the key (`keys[i]`, and its `kid` when it has one): private members (`d`, `p`,
/// ...), unknown key types or curves, an RSA modulus under 2048 bits, a P-256 point not on the
/// curve, a `use` other than `sig`, an `alg` the key type cannot sign. A key without `kid` is known
/// by its RFC 7638 thumbprint.
package struct ClientKeySet: Sendable {
    package static let maximumKeys = 16
    package let keys: [any PublicKey]
    /// The `kid` each key was registered with, nil where it had none.
    package let registeredKIDs: [String?]

    package init(keys: [any PublicKey], registeredKIDs: [String?]? = nil) {
        self.keys = keys
        self.registeredKIDs = registeredKIDs ?? keys.map { _ in nil }
    }

    /// What is wrong with one key of a JWK Set.
    package struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// `keys[2]` or `keys[2] (kid "k1")`.
        package let key: String
        package let reason: String
        package var description: String { "\(key): \(reason)" }
    }

    /// Parses `{"keys":[...]}` from JSON text.
    package static func parse(json: [UInt8]) throws(Problem) -> ClientKeySet {
        let value: JSONValue
        do {
            value = try JSONValue.parse(json, limits: .init(maximumBytes: 64 * 1024, maximumDepth: 4, maximumMembers: 64))
        } catch {
            throw Problem(key: "jwks", reason: error.description)
        }
        guard case let .array(entries)? = value["keys"] else { throw Problem(key: "jwks", reason: "must be an object with a keys array") }
        guard !entries.isEmpty else { throw Problem(key: "jwks", reason: "keys must not be empty") }
        guard entries.count <= maximumKeys else { throw Problem(key: "jwks", reason: "more than \(maximumKeys) keys") }
        var keys: [any PublicKey] = []
        var kids: [String?] = []
        for (index, entry) in entries.enumerated() {
            var name = "keys[\(index)]"
            if let kid = entry["kid"]?.stringValue { name += " (kid \"\(kid)\")" }
            do {
                keys.append(try key(entry))
                kids.append(entry["kid"]?.stringValue)
            } catch {
                throw Problem(key: name, reason: error.reason)
            }
        }
        return ClientKeySet(keys: keys, registeredKIDs: kids)
    }

    package struct KeyError: Error {
        package let reason: String
    }

    package static func key(_ jwk: JSONValue) throws(KeyError) -> any PublicKey {
        guard case let .object(members) = jwk else { throw KeyError(reason: "is not a JSON object") }
        func string(_ name: String) throws(KeyError) -> String {
            guard let value = jwk[name] else { throw KeyError(reason: "has no \(name)") }
            guard let text = value.stringValue else { throw KeyError(reason: "\(name) is not a string") }
            return text
        }
        for (name, _) in members where ["d", "p", "q", "dp", "dq", "qi", "k", "oth"].contains(name) {
            throw KeyError(reason: "holds private key material (\(name)); register the public key only")
        }
        if let use = jwk["use"], use != .string("sig") { throw KeyError(reason: "use must be \"sig\"") }
        let alg = try jwk["alg"].map { value throws(KeyError) -> JWSAlgorithm in
            guard let text = value.stringValue, let alg = JWSAlgorithm(rawValue: text) else {
                throw KeyError(reason: "alg must be EdDSA, Ed25519, ES256, RS256 or PS256")
            }
            return alg
        }
        do {
            switch try string("kty") {
            case "OKP":
                guard try string("crv") == "Ed25519" else { throw KeyError(reason: "only the Ed25519 curve is supported for OKP") }
                guard alg == nil || alg == .EdDSA || alg == .Ed25519 else { throw KeyError(reason: "alg does not fit an Ed25519 key") }
                return try Ed25519PublicKey(x: try string("x"))
            case "EC":
                guard try string("crv") == "P-256" else { throw KeyError(reason: "only the P-256 curve is supported for EC") }
                guard alg == nil || alg == .ES256 else { throw KeyError(reason: "alg does not fit a P-256 key") }
                return try P256PublicKey(x: try string("x"), y: try string("y"))
            case "RSA":
                let algorithms: Set<JWSAlgorithm>
                switch alg {
                case nil: algorithms = [.RS256, .PS256]
                case .RS256?, .PS256?: algorithms = [alg!]
                default: throw KeyError(reason: "alg does not fit an RSA key")
                }
                return try RSAPublicKey(n: try string("n"), e: try string("e"), algorithms: algorithms)
            case let other:
                throw KeyError(reason: "kty \"\(other)\" is not supported (OKP, EC or RSA)")
            }
        } catch let error as KeyError {
            throw error
        } catch let error as JOSEError {
            if case let .invalidKey(reason) = error { throw KeyError(reason: reason) }
            throw KeyError(reason: error.description)
        } catch {
            throw KeyError(reason: "\(error)")
        }
    }

    /// The keys that may check a signature made with `algorithm` and naming `kid` (nil: any key
    /// accepting the algorithm). A `kid` matches a key's registered `kid` or its thumbprint.
    package func candidates(algorithm: JWSAlgorithm, kid: String?) -> [any PublicKey] {
        var found: [any PublicKey] = []
        for (key, registered) in zip(keys, registeredKIDs) where key.accepts(algorithm) {
            if let kid {
                guard key.keyID.value.utf8.elementsEqual(kid.utf8) || registered.map({ $0.utf8.elementsEqual(kid.utf8) }) == true else { continue }
            }
            found.append(key)
        }
        return found
    }
}
