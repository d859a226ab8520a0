import Dispatch
import Foundation

/// Runs `body(0..<count)` on concurrent threads and returns the results in index order, or the
/// first error thrown. For requests that each wait out the server's refusal floor (every 401 is
/// held until a fixed time after it arrived): sent one after another, fifty of them take fifty
/// floors.
package func concurrently<T>(_ count: Int, _ body: (Int) throws -> T) throws -> [T] {
    // nonisolated(unsafe): written only under `lock`, read once concurrentPerform has returned.
    nonisolated(unsafe) var results = [Result<T, any Error>?](repeating: nil, count: count)
    let lock = NSLock()
    withoutActuallyEscaping(body) { body in
        // nonisolated(unsafe): the caller's body, run on the threads it asked for, not beyond this call.
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let result = Result { try body(index) }
            lock.withLock { results[index] = result }
        }
    }
    return try results.map { try $0!.get() }
}
