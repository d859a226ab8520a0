import Foundation
import TesseraTesting

/// DPoP proofs made by Python's `cryptography` alone (no JOSE library), to show that a proof
/// from another implementation holds: an RSA key signing PS256 (RSA-PSS, SHA-256, 32-byte salt),
/// kept in a PEM file so that several proofs share it. Prints `{"proof": ..., "jkt": ...}`, the
/// thumbprint computed here per RFC 7638.
enum PythonDPoP {
    static let script = #"""
        import base64, hashlib, json, os, sys, time, uuid
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding, rsa

        def b64(data):
            return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

        def b64int(value):
            return b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))

        key_file, htm, htu, token, nonce = sys.argv[1:6]
        if os.path.exists(key_file):
            key = serialization.load_pem_private_key(open(key_file, "rb").read(), password=None)
        else:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            open(key_file, "wb").write(key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        numbers = key.public_key().public_numbers()
        jwk = {"kty": "RSA", "n": b64int(numbers.n), "e": b64int(numbers.e)}
        header = {"typ": "dpop+jwt", "alg": "PS256", "jwk": jwk}
        claims = {"jti": str(uuid.uuid4()), "htm": htm, "htu": htu, "iat": int(time.time())}
        if token:
            claims["ath"] = b64(hashlib.sha256(token.encode()).digest())
        if nonce:
            claims["nonce"] = nonce
        signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
        signature = key.sign(signing_input.encode(),
                             padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
        canonical = json.dumps({"e": jwk["e"], "kty": "RSA", "n": jwk["n"]}, separators=(",", ":"), sort_keys=True)
        print(json.dumps({"proof": signing_input + "." + b64(signature),
                          "jkt": b64(hashlib.sha256(canonical.encode()).digest())}))
        """#

    /// A proof by the key in `keyFile` (made on first use) for `htm htu`, with `ath` for `token`.
    static func proof(keyFile: String, htm: String = "POST", htu: String, token: String = "", nonce: String = "") throws
        -> (proof: String, jkt: String)
    {
        let outcome = try TestPython.run(["-c", script, keyFile, htm, htu, token, nonce])
        guard outcome.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: String],
            let proof = object["proof"], let jkt = object["jkt"]
        else { throw HarnessError.unexpected("python DPoP proof: \(outcome.status) \(outcome.stderr)") }
        return (proof, jkt)
    }
}
