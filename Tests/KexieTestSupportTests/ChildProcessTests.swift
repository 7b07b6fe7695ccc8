import Foundation
import Testing
import KexieTestSupport

/// The tests' child processes: output, status, signals, time bound, folder, and no descriptor
/// left open in the test process.
@Suite struct ChildProcessTests {
    @Test func capturesBothStreamsAndTheExitCode() throws {
        let r = try ChildProcess("/bin/sh", ["-c", "printf out; printf err >&2; exit 3"]).wait()
        #expect(r.status == 3 && !r.signalled && !r.timedOut)
        #expect(r.stdout == "out")
        #expect(r.stderr == "err")
    }

    /// More than a pipe holds on both streams at once: reading one stream to its end before the
    /// other would leave the child blocked on the second.
    @Test func readsLargeOutputOnBothStreamsAtOnce() throws {
        let (x, y) = (String(repeating: "x", count: 100), String(repeating: "y", count: 100))
        let script = "i=0; while [ $i -lt 2000 ]; do echo \(x); echo \(y) >&2; i=$((i+1)); done"
        let r = try ChildProcess("/bin/sh", ["-c", script]).wait(timeout: 60)
        #expect(r.status == 0 && !r.timedOut)
        #expect(r.stdout.utf8.count == 2000 * 101 && r.stdout.allSatisfy { $0 == "x" || $0 == "\n" })
        #expect(r.stderr.utf8.count == 2000 * 101 && r.stderr.allSatisfy { $0 == "y" || $0 == "\n" })
    }

    @Test func aSignalEndsTheChildAndIsReported() throws {
        let child = try ChildProcess("/bin/sleep", ["30"], output: .discarded)
        #expect(child.isRunning)
        child.send(SIGTERM)
        let r = child.wait()
        #expect(r.signalled && r.status == SIGTERM && !r.timedOut)
        #expect(!child.isRunning)
    }

    @Test func aChildPastItsTimeIsKilled() throws {
        let r = try ChildProcess("/bin/sleep", ["30"]).wait(timeout: 0.2)
        #expect(r.timedOut && r.signalled && r.status == SIGKILL)
        #expect(r.seconds < 10)
        // Discarded output: no pipe to watch, the child itself is waited for.
        let quiet = try ChildProcess("/bin/sleep", ["30"], output: .discarded).wait(timeout: 0.2)
        #expect(quiet.timedOut && quiet.status == SIGKILL)
    }

    @Test func startsInTheFolderGivenWithNoInput() throws {
        let r = try ChildProcess("/bin/sh", ["-c", "pwd; cat"], in: "/usr/bin").wait(timeout: 60)
        #expect(r.stdout == "/usr/bin\n", "stdin is /dev/null, so cat ends at once")
    }

    @Test func aMissingProgramIsAnError() {
        #expect(throws: SpawnError.self) { try ChildProcess("/nonexistent/program", []) }
        do {
            _ = try ChildProcess("/nonexistent/program", [])
        } catch {
            #expect(error.code == ENOENT && error.description.contains("/nonexistent/program"))
        }
    }

    /// The pipes' read ends are closed once a run is read: the test process keeps no
    /// descriptor of either pipe (the child names them; other tests' descriptors do not count).
    @Test func noDescriptorOfTheChildsPipesStaysOpen() throws {
        let r = try ChildProcess("/bin/sh", ["-c", "readlink /proc/self/fd/1; readlink /proc/self/fd/2 >&2"]).wait(timeout: 60)
        let pipes = [r.stdout, r.stderr].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(pipes.allSatisfy { $0.hasPrefix("pipe:[") } && pipes[0] != pipes[1], "\(pipes)")
        let open = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").compactMap {
            try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")
        }
        #expect(open.filter { pipes.contains($0) }.isEmpty, "still open: \(open.filter { pipes.contains($0) })")
    }
}
