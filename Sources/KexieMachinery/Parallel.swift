import Dispatch

/// Runs `first` and `second` at the same time (the calling thread takes one, a worker thread
/// the other) and returns both results once both are done.
///
/// kexie's work splits naturally in two on the two-core machines it is benchmarked on: two
/// tables parsed at once, linkage beside the other analyses. Both closures are `@Sendable` and
/// both results `Sendable`, so the compiler checks that the two sides share nothing mutable.
package func _inParallel<A: Sendable, B: Sendable>(
    _ first: @Sendable () -> A, _ second: @Sendable () -> B
) -> (A, B) {
    let results = _ParallelResults<A, B>()
    DispatchQueue.concurrentPerform(iterations: 2) { i in
        if i == 0 { results.first = first() } else { results.second = second() }
    }
    return (results.first!, results.second!)
}

/// Runs `here` on the calling thread while `beside` runs on a worker thread, and returns both
/// results once both are done.
///
/// For a split of which one side holds the caller's non-Sendable state, such as a writer
/// streaming to the caller's file: `here` never leaves the calling thread, so it need not be
/// `@Sendable`; `beside` is `@Sendable` with a `Sendable` result, so the compiler still checks
/// that the two sides share nothing mutable.
package func _inParallel<A, B: Sendable>(here: () -> A, beside: @escaping @Sendable () -> B) -> (A, B) {
    let results = _ParallelResults<Never, B>()
    let done = DispatchGroup()
    // `beside` escapes into the worker's block (it may be released after the group is left,
    // which `withoutActuallyEscaping` would take for an escape).
    DispatchQueue.global().async(group: done) { results.second = beside() }
    let a = here()
    done.wait()
    return (a, results.second!)
}

/// The two result slots of `_inParallel`.
///
/// `@unchecked Sendable` because the compiler cannot see the discipline that makes it safe:
/// each slot is written by exactly one of the two sides, and read only after the wait for both
/// (`concurrentPerform` returning, or the dispatch group's `wait`), which orders the writes
/// before the reads.
private final class _ParallelResults<A, B>: @unchecked Sendable {
    var first: A?
    var second: B?
}
