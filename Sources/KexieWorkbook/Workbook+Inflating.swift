import CInflate
import Foundation
import ZIPFoundation

extension WorkbookFile {
    /// The size from which a part is inflated on a thread of its own while this one parses it.
    static let inflatesBesideFrom = 8 << 20

    /// Inflates part `name` of the workbook at `path` on a new thread, handing the pieces to
    /// `consume` on this one, and checks the part's CRC-32 there: inflating is a fifth of a
    /// large sheet's time, and the loader's other thread may be done before this one (a new
    /// thread, not a dispatch worker: this one waits for it, which a pool with every worker
    /// busy might never run).
    ///
    /// - Complexity: O(size of the part); at most `_PieceQueue.limit` pieces wait at a time.
    static func streamBeside(_ path: String, _ name: String,
                             _ consume: (UnsafeRawBufferPointer) throws(_XMLError) -> Void) throws(WorkbookReadError) {
        let queue = _PieceQueue()
        let thread = Thread {
            queue.finish(failure: _inflate(path, name, into: queue))
        }
        thread.start()
        var xmlError: _XMLError?
        while let piece = queue.take() {
            guard xmlError == nil else { continue }  // drain until the inflating thread stops
            xmlError = piece.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> _XMLError? in
                do throws(_XMLError) { try consume(bytes) } catch { return error }
                return nil
            }
            if xmlError != nil { queue.cancel() }
        }
        if let xmlError { throw Self.malformed(name, xmlError) }
        if let failure = queue.failure { throw failure }
    }
}

/// Inflates `name` into `queue`; the failure, if any (nil when cancelled by the reader).
private func _inflate(_ path: String, _ name: String, into queue: _PieceQueue) -> WorkbookReadError? {
    var crc = crc32(0, nil, 0)
    let entry: Entry
    do {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        guard let e = archive[name] else { return WorkbookReadError(.corrupt, "the workbook has no \(name)") }
        entry = e
        _ = try archive.extract(entry, bufferSize: 1 << 20, skipCRC32: true) { data in
            data.withUnsafeBytes { crc = crc32(crc, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), uInt($0.count)) }
            guard queue.put(data) else { throw CancellationError() }
        }
    } catch is CancellationError {
        return nil
    } catch {
        return WorkbookReadError(.corrupt, "cannot decompress \(name) in the workbook (the file is damaged: \(error))")
    }
    return UInt32(crc) == entry.checksum ? nil
        : WorkbookReadError(.corrupt, "\(name) in the workbook fails its CRC-32 check (the file is damaged)")
}

/// Inflated pieces handed from the thread that inflates a part to the thread that parses it,
/// at most `limit` waiting.
///
/// `@unchecked Sendable`: every stored property is read and written only with `condition`
/// locked, which the compiler cannot see.
final class _PieceQueue: @unchecked Sendable {
    static let limit = 8
    private let condition = NSCondition()
    private var pieces: [Data] = []
    private var finished = false
    private var cancelled = false
    private var _failure: WorkbookReadError?

    /// Queues a piece, waiting while the queue is full; false when the reader cancelled.
    func put(_ piece: Data) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while pieces.count >= Self.limit && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        pieces.append(piece)
        condition.broadcast()
        return true
    }

    /// The next piece, waiting for it; `nil` once the inflating thread has finished and every
    /// piece is taken.
    func take() -> Data? {
        condition.lock()
        defer { condition.unlock() }
        while pieces.isEmpty && !finished { condition.wait() }
        guard !pieces.isEmpty else { return nil }
        condition.broadcast()
        return pieces.removeFirst()
    }

    /// Stops the inflating thread at its next piece (the reader failed).
    func cancel() {
        condition.lock()
        cancelled = true
        pieces.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// The inflating thread is done, with `failure` or none.
    func finish(failure: WorkbookReadError?) {
        condition.lock()
        finished = true
        _failure = failure
        condition.broadcast()
        condition.unlock()
    }

    /// Why inflating failed, once finished.
    var failure: WorkbookReadError? {
        condition.lock()
        defer { condition.unlock() }
        return _failure
    }
}

/// Work started on a thread of its own now, its result waited for later: a sheet made into
/// text while the loader reads the tables before it (a new thread, not a dispatch worker:
/// the loader's threads wait for it, which a pool with every worker busy might never run).
///
/// `@unchecked Sendable`: `result` is written once by the thread and read only after it is
/// set, both with `condition` locked.
package final class ReadAhead<Result: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result?

    /// Starts `work` on a new thread.
    package init(_ work: @escaping @Sendable () -> Result) {
        let thread = Thread { [self] in
            let r = work()
            condition.lock()
            result = r
            condition.broadcast()
            condition.unlock()
        }
        thread.start()
    }

    /// The result, waiting for the work to end.
    package func wait() -> Result {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result { return result }
            condition.wait()
        }
    }
}
