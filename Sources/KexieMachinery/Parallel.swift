import Dispatch

/// Runs `first` and `second` at the same time (the calling thread takes one, a worker thread
/// the other) and returns both results once both are done.
///
/// kexie's work splits naturally in two on the two-core machines it is benchmarked on: two
/// tables parsed at once, linkage beside the other analyses. The closures must not touch
/// shared mutable state; each writes only its own result.
package func _inParallel<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
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

/// The two result slots of `_inParallel`: each written by exactly one thread, read after both
/// have finished (`concurrentPerform` returning orders the writes before the reads).
private final class _ParallelResults<A, B>: @unchecked Sendable {
    var first: A?
    var second: B?
}

/// A value handed to another thread whose safety the caller vouches for.
package struct _UncheckedSendable<T>: @unchecked Sendable {
    package var value: T
    package init(_ value: T) { self.value = value }
}
