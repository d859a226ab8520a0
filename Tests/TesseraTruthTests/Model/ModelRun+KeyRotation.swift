import Foundation

extension ModelRun {
    /// Scheduled rotation on or off. On, every node makes (or adopts) a key a second, signing 2 s
    /// after it is made: tokens come from keys made while the run goes on, and the model's
    /// introspection on any node finds a token another node signed with a key it does not
    /// publish yet. HS256 has no schedule (it rotates by secret lists).
    func toggleKeyRotation() throws {
        guard model.algorithm != "HS256" else { return }
        let on = deployment.config.keysRotation == nil
        _ = try reloadNodes("keys.rotation \(on ? "on" : "off")") {
            deployment.config.keysRotation = on ? "{every: 1s, publish_ahead: 2s, retain: 1s}" : nil
        }
    }
}
