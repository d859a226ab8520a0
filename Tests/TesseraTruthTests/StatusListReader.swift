import Foundation
import TesseraTesting

/// A status list consumer outside Tessera, in Python: PyJWT verifies each Status List Token
/// against the node's JWKS (`typ`, `sub` = the token's `uri`, `iat`, `exp`, `ttl`), Python's zlib
/// inflates `lst`, and the token's bit is read with the draft's rule (and, when installed, with
/// the `token-status-list` package's BitArray).
///
/// `poll`: every node's list, fetched fresh, until the token's bit is `want` on each; the epoch
/// second each first showed it. `gateway`: the reference verifier a resource server would run:
/// JWKS plus the status list cached for its `ttl`, never introspection; it accepts the token,
/// revokes it, and reports how long it kept accepting. `hold`: fetches one node's list for a while
/// and reports every answer.
enum StatusListReader {
    static let script = #"""
import sys, json, time, zlib, base64, urllib.parse, urllib.request, urllib.error, jwt
try:
    from token_status_list import BitArray
except ImportError:
    BitArray = None
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

def http(port, path, data=None, headers={}):
    request = urllib.request.Request("http://127.0.0.1:%d%s" % (port, path), data=data, headers=headers)
    try:
        with opener.open(request, timeout=5) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()

class Gateway:
    def __init__(self, port, issuer, cache=True):
        self.port, self.issuer, self.cache, self.lists = port, issuer, cache, {}
        keys = jwt.PyJWKSet.from_dict(json.loads(http(port, "/.well-known/jwks.json")[2])).keys
        self.keys = {key.key_id: key.key for key in keys}

    def verify(self, token, **checks):
        return jwt.decode(token, self.keys[jwt.get_unverified_header(token)["kid"]], algorithms=["EdDSA"], **checks)

    def status_list(self, uri):
        cached = self.lists.get(uri)
        if self.cache and cached and time.monotonic() < cached["until"]:
            return cached
        assert uri.startswith(self.issuer + "/oauth/status/"), uri
        status, headers, body = http(self.port, uri[len(self.issuer):])
        if status != 200:
            raise RuntimeError("GET %s: HTTP %d %r" % (uri, status, body[:200]))
        token = body.decode()
        if jwt.get_unverified_header(token).get("typ") != "statuslist+jwt":
            raise RuntimeError("typ is %r" % jwt.get_unverified_header(token).get("typ"))
        claims = self.verify(token, options={"require": ["sub", "iat", "exp", "ttl"]})
        if claims["sub"] != uri or claims["status_list"]["bits"] != 1:
            raise RuntimeError("list claims %r" % claims)
        lst = claims["status_list"]["lst"]
        entry = {"raw": zlib.decompress(base64.urlsafe_b64decode(lst + "=" * (-len(lst) % 4))), "claims": claims,
                 "until": time.monotonic() + claims["ttl"], "content_type": headers.get("Content-Type"),
                 "cache_control": headers.get("Cache-Control"),
                 "package": BitArray.load(claims["status_list"]) if BitArray else None}
        self.lists[uri] = entry
        return entry

    def bit(self, reference):
        entry, idx = self.status_list(reference["uri"]), reference["idx"]
        bit = (entry["raw"][idx // 8] >> (idx % 8)) & 1
        if entry["package"] is not None and entry["package"].get(idx) != bit:
            raise RuntimeError("token-status-list reads %d at %d, zlib %d" % (entry["package"].get(idx), idx, bit))
        return bit, entry

    def accepts(self, token, audience):
        claims = self.verify(token, audience=audience, issuer=self.issuer)
        return self.bit(claims["status"]["status_list"])[0] == 0

command = json.load(sys.stdin)
reference = None
if "token" in command:
    reference = jwt.decode(command["token"], options={"verify_signature": False})["status"]["status_list"]
if command["mode"] == "poll":
    gateways = [Gateway(port, command["issuer"], cache=False) for port in command["ports"]]
    seen, last = [None] * len(gateways), None
    deadline = time.time() + command["timeout"]
    while time.time() < deadline and None in seen:
        for index, gateway in enumerate(gateways):
            if seen[index] is None:
                bit, last = gateway.bit(reference)
                if bit == command["want"]:
                    seen[index] = time.time()
        time.sleep(0.02)
    print(json.dumps({"seen": seen, "content_type": last["content_type"], "cache_control": last["cache_control"],
                      "claims": last["claims"], "package": BitArray is not None}))
elif command["mode"] == "gateway":
    gateway = Gateway(command["port"], command["issuer"])
    accepted = gateway.accepts(command["token"], command["audience"])
    form = urllib.parse.urlencode({"token": command["token"]}).encode()
    basic = base64.b64encode(("%s:%s" % (command["id"], command["secret"])).encode()).decode()
    revoked = http(command["port"], "/oauth/revoke", form, {"Authorization": "Basic " + basic,
                   "Content-Type": "application/x-www-form-urlencoded"})[0]
    start, refused = time.monotonic(), None
    while time.monotonic() < start + command["timeout"]:
        if not gateway.accepts(command["token"], command["audience"]):
            refused = time.monotonic() - start
            break
        time.sleep(0.05)
    print(json.dumps({"accepted": accepted, "revoke_status": revoked, "refused_after": refused}))
else:
    answers, end = [], time.monotonic() + command["duration"]
    while time.monotonic() < end:
        status, headers, body = http(command["port"], reference["uri"][len(command["issuer"]):])
        if status == 200:
            bit, entry = Gateway(command["port"], command["issuer"], cache=False).bit(reference)
            answers.append({"status": 200, "bit": bit, "iat": entry["claims"]["iat"]})
        else:
            answers.append({"status": status})
        time.sleep(0.1)
    print(json.dumps({"answers": answers}))
"""#

    /// Runs one command (`mode` and its fields) and returns the script's JSON answer.
    static func run(_ command: [String: Any]) throws -> [String: Any] {
        let input = String(decoding: try JSONSerialization.data(withJSONObject: command), as: UTF8.self)
        let outcome = try TesseraBinary.runProgram(PyJWTPython.path, ["-c", script], stdin: input, timeout: 30)
        guard outcome.status == 0,
            let answer = try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        else { throw HarnessError.unexpected("status list reader (\(command["mode"] ?? "")): \(outcome.stderr.suffix(800))") }
        return answer
    }
}

/// The interpreter with PyJWT and `cryptography` (EdDSA).
enum PyJWTPython {
    static let path: String = TestPython.first(importing: ["jwt", "cryptography"]) ?? TestPython.pathOrDefault
}
