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

/// The transition form of `_inParallel` for closures the compiler cannot check yet. Callers are
/// being moved to `_inParallel`; none may be added.
@available(*, deprecated, message: "use _inParallel with @Sendable closures")
package func _inParallelUnchecked<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
    let results = _ParallelResults<A, B>()
    withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(second) { second in
            let work = _UncheckedSendable((first, second))
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                if i == 0 { results.first = work.value.0() } else { results.second = work.value.1() }
            }
        }
    }
    return (results.first!, results.second!)
}

/// The two result slots of `_inParallel`.
///
/// `@unchecked Sendable` because the compiler cannot see the discipline that makes it safe:
/// each slot is written by exactly one of the two iterations, and read only after
/// `concurrentPerform` has returned, which orders both writes before the reads.
private final class _ParallelResults<A, B>: @unchecked Sendable {
    var first: A?
    var second: B?
}

/// A value handed to another thread whose safety the caller vouches for. Transition only, with
/// `_inParallelUnchecked`.
package struct _UncheckedSendable<T>: @unchecked Sendable {
    package var value: T
    package init(_ value: T) { self.value = value }
}
