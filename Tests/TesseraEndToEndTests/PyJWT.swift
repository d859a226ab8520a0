import Foundation
import TesseraTesting

/// An independent verifier: PyJWT (with `cryptography` for EdDSA), the kind of library a
/// resource server uses. `scripts/test` installs it and exports TESSERA_PYTHON; locally the tests
/// that need it are skipped when it is absent, unless TESSERA_REQUIRE_SERVICES=1 makes that a
/// failure.
enum PyJWT {
    /// The interpreter scripts/test prepared (`TESSERA_PYTHON`), else the first `python3` on PATH.
    static let python: String = TestPython.pathOrDefault

    static let isInstalled: Bool = TestPython.imports(["jwt", "cryptography"], python: python)

    static let script = #"""
import sys, json, jwt
data = json.load(sys.stdin)
token = data["token"]
header = jwt.get_unverified_header(token)
if header.get("typ") != "at+jwt":
    sys.exit("typ is %r" % header.get("typ"))
if data.get("secret"):
    key, algorithms = data["secret"].encode(), ["HS256"]
else:
    keys = [k for k in jwt.PyJWKSet.from_dict(data["jwks"]).keys if k.key_id == header.get("kid")]
    if not keys:
        sys.exit("kid %r not in the JWKS" % header.get("kid"))
    key, algorithms = keys[0].key, ["EdDSA"]
claims = jwt.decode(token, key, algorithms=algorithms, audience=data["audience"], issuer=data["issuer"],
                    options={"require": ["exp", "iat", "iss", "sub", "aud", "jti"]})
print(json.dumps(claims))
"""#

    /// Verifies `token` with PyJWT against a JWKS (EdDSA) or an HS256 secret; returns the
    /// claims on success, nil with PyJWT's reason otherwise.
    static func verify(token: String, jwks: [[String: Any]]? = nil, secret: String? = nil, audience: String, issuer: String) throws -> (claims: [String: Any]?, reason: String) {
        var input: [String: Any] = ["token": token, "audience": audience, "issuer": issuer]
        if let jwks { input["jwks"] = ["keys": jwks] }
        if let secret { input["secret"] = secret }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: input), as: UTF8.self)
        let outcome = try TesseraBinary.runProgram(python, ["-c", script], stdin: json, timeout: 30)
        guard outcome.status == 0 else { return (nil, outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let claims = (try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))) as? [String: Any]
        return (claims, outcome.stderr)
    }
}
