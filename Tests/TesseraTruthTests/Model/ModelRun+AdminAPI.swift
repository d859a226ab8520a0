import Foundation
import TesseraTesting

extension ModelRun {
    /// `PATCH /admin/clients/{id}` on `node`'s admin listener with the ETag of a GET: new scopes
    /// and audiences, the same change as `client update`, so the model takes it as one. Any
    /// answer but 200 leaves the client's state unknown, as a failed command does.
    func apiUpdate(_ id: String, node index: Int) throws {
        let node = deployment.nodes[index]
        guard node.isRunning, let port = AdminCaller.port(in: node.stdout) else { return }
        let scopes = rng.subset(of: Self.scopes), audiences = rng.subset(of: Self.audiences)
        let start = Date()
        let status: Int
        var sent = false
        do {
            let token = try AdminCaller.token(port: node.port, id: Deployment.gatewayID, secret: deployment.gateway.secret,
                                              scope: "tessera:admin")
            let api = AdminCaller(port: port, token: token)
            let read = try api.send("GET", "/admin/clients/\(id)")
            guard read.status == 200, let etag = read.header("ETag") else {
                note("admin GET \(id) on node\(index) -> \(read.status) (nothing changed)")
                return
            }
            let body = try JSONSerialization.data(withJSONObject: ["scope": scopes.joined(separator: " "), "audiences": audiences])
            sent = true
            status = try api.send("PATCH", "/admin/clients/\(id)", json: String(decoding: body, as: UTF8.self),
                                  headers: [("If-Match", etag)]).status
        } catch {
            note("admin PATCH \(id) on node\(index): \(error)")
            if sent { model.clients[id]!.unknown = true }  // it may have been applied
            return
        }
        let change = TruthModel.Change(start: start, end: Date(), local: false)
        note("admin PATCH \(id) scope=\(scopes) audiences=\(audiences) on node\(index) -> \(status)")
        guard status == 200 else {
            model.clients[id]!.unknown = true
            return
        }
        let client = model.clients[id]!
        var version = next(client.current, change: change)
        version.scopes = scopes.sorted()
        version.audiences = audiences.sorted()
        client.versions.append(version)
    }
}
