import CSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why a child process could not be started: the call that failed and its error code.
public struct SpawnError: Error, CustomStringConvertible {
    public let program: String
    public let call: String
    public let code: Int32

    public var description: String { "cannot run \(program): \(call): \(String(cString: strerror(code)))" }
}

/// A program the tests run as a child process (`posix_spawn`): standard input `/dev/null`,
/// standard output and standard error captured through pipes or discarded.
///
/// Foundation's `Process` is not used for this. On Linux it leaves the read ends of its pipes
/// open after a run (two descriptors per run, and the tests run programs well over a thousand
/// times), and once some 1,300 descriptors are open, `Process.run()` copies 256 bytes of each
/// `/proc/self/fd` entry while counting them, reads past the end of readdir's buffer and can
/// crash the whole test process with SIGSEGV (swift-corelibs-foundation pull request 5472).
/// Here each descriptor has one owner that closes it.
///
/// - Invariant: `output` and `errors` are open read ends of pipes, or -1 once read to their end
///   (or never opened); the child is reaped exactly once, by `wait`, `isRunning` or `deinit`
///   (which kills a child still running).
public final class ChildProcess {
    /// What becomes of the child's standard output and standard error.
    public enum Output: Sendable {
        /// Read through pipes and returned by `wait`.
        case captured
        /// Sent to `/dev/null`.
        case discarded
    }

    /// The child's process id.
    public let pid: pid_t
    private var output: Int32 = -1
    private var errors: Int32 = -1
    /// The child's wait status, once reaped.
    private var waitStatus: Int32?
    private let started = Date()

    /// Starts `path` with `arguments` in the folder `directory` (the current one when `nil`),
    /// with the test process's environment.
    public init(_ path: String, _ arguments: [String], in directory: String? = nil, output mode: Output = .captured) throws(SpawnError) {
        func failure(_ call: String, _ code: Int32) -> SpawnError { SpawnError(program: path, call: call, code: code) }
        // Close-on-exec, so that children spawned at the same time by other threads do not
        // inherit these ends (a write end held by another child would delay end of file here).
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        defer { for fd in [outPipe[1], errPipe[1]] where fd >= 0 { close(fd) } }
        if mode == .captured {
            guard kexie_pipe_cloexec(&outPipe) == 0 else { throw failure("pipe2", errno) }
            guard kexie_pipe_cloexec(&errPipe) == 0 else {
                let code = errno
                close(outPipe[0])
                throw failure("pipe2", code)
            }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        switch mode {
        case .captured:
            posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        case .discarded:
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        if let directory { kexie_spawn_addchdir(&actions, directory) }

        // The child starts with no signal blocked and every signal's default action, whatever
        // the spawning thread (a Dispatch worker blocks some) had.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var child: pid_t = 0
        let code = posix_spawn(&child, path, &actions, &attributes, argv, environ)
        guard code == 0 else {
            for fd in [outPipe[0], errPipe[0]] where fd >= 0 { close(fd) }
            throw failure("posix_spawn", code)
        }
        pid = child
        (output, errors) = (outPipe[0], errPipe[0])
    }

    deinit {
        for fd in [output, errors] where fd >= 0 { close(fd) }
        if waitStatus == nil {
            kill(pid, SIGKILL)
            _ = reap(blocking: true)
        }
    }

    /// Whether the child is still running (if it has ended, it is reaped now).
    public var isRunning: Bool { !reap(blocking: false) }

    /// Sends `signal` to the child (nothing once it has been reaped, when its id may be reused).
    public func send(_ signal: Int32) {
        if waitStatus == nil { kill(pid, signal) }
    }

    /// Reads the captured output to its end and waits for the child to end. With `timeout`,
    /// kills it (SIGKILL) when it runs longer than that many seconds from its start.
    public func wait(timeout seconds: Double? = nil) -> BoundedProcessResult {
        var stdout: [UInt8] = [], stderr: [UInt8] = []
        func remaining() -> Double? { seconds.map { $0 - Date().timeIntervalSince(started) } }
        // Once the time is up: the child is killed, and what it wrote is read for up to two
        // seconds more (a grandchild holding the pipes open could otherwise keep us here).
        var killedUntil: Date?
        func timeUp() {
            kill(pid, SIGKILL)
            killedUntil = Date(timeIntervalSinceNow: 2)
        }
        // Both pipes at once, so that a child filling one while the other is read cannot block.
        while output >= 0 || errors >= 0 {
            if killedUntil == nil, let left = remaining(), left <= 0 { timeUp() }
            var polls = [output, errors].filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let limit = killedUntil.map { $0.timeIntervalSinceNow } ?? remaining().map { min($0, 3600) }
            let milliseconds = limit.map { Int32(max(0, $0 * 1000).rounded(.up)) } ?? -1
            let ready = poll(&polls, nfds_t(polls.count), milliseconds)
            if ready < 0, errno == EINTR { continue }
            if ready < 0 || (ready == 0 && killedUntil != nil) { break }
            for p in polls where p.revents != 0 {
                if p.fd == output { drain(&output, into: &stdout) } else { drain(&errors, into: &stderr) }
            }
        }
        for fd in [output, errors] where fd >= 0 { close(fd) }
        (output, errors) = (-1, -1)
        // Nothing captured (or the pipes ended before the child): wait for the child itself.
        while !reap(blocking: remaining() == nil || killedUntil != nil) {
            if let left = remaining(), left <= 0 {
                timeUp()
            } else {
                usleep(10_000)
            }
        }
        let status = waitStatus!
        // The wait status: the low seven bits are the signal that ended the child, or 0 when
        // it exited, with its exit code in the next byte.
        let signal = status & 0x7F
        return BoundedProcessResult(status: signal == 0 ? (status >> 8) & 0xFF : signal,
                                    signalled: signal != 0,
                                    timedOut: killedUntil != nil,
                                    stdout: String(decoding: stdout, as: UTF8.self),
                                    stderr: String(decoding: stderr, as: UTF8.self),
                                    seconds: Date().timeIntervalSince(started))
    }

    /// Reads what `fd` has ready into `bytes`; closes it (and sets it to -1) at its end.
    private func drain(_ fd: inout Int32, into bytes: inout [UInt8]) {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 {
            bytes.append(contentsOf: chunk[..<n])
        } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
            close(fd)
            fd = -1
        }
    }

    /// Reaps the child if it has ended (waiting for it when `blocking`); whether it is reaped.
    private func reap(blocking: Bool) -> Bool {
        if waitStatus != nil { return true }
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if r == pid {
                waitStatus = status
                return true
            }
            if r == 0 { return false }
            if errno != EINTR {
                // Not our child any more (cannot happen unless someone else reaped it): report
                // it as killed rather than waiting for ever.
                waitStatus = SIGKILL
                return true
            }
        }
    }
}
