import CInflate

/// Why a `.gz` file could not be decompressed.
struct _GzipError: Error {
    var message: String
    /// Offset in the compressed file where zlib stopped.
    var offset: Int
}

/// gzip decompression through zlib, for `.csv.gz` tables.
enum _Gzip {
    /// Whether `bytes` start with the gzip magic number.
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// Decompresses every member of a gzip file (`cat a.gz b.gz` is a valid gzip file). Stops
    /// with an error once the output exceeds `limit` bytes, so a small "gzip bomb" cannot
    /// exhaust memory.
    static func decompress(_ input: [UInt8], limit: Int = .max) throws(_GzipError) -> [UInt8] {
        var output = [UInt8]()
        // CSV compresses about six to ten times; reserving ten (address space, not memory,
        // until written) spares copying tens of megabytes when the output outgrows a guess.
        output.reserveCapacity(min(input.count * 10, limit))
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        var consumed = 0
        var result: Result<Void, _GzipError> = .success(())
        input.withUnsafeBufferPointer { inBuf in
            while consumed < inBuf.count {
                var stream = z_stream()
                // 15 + 16: a gzip wrapper, the largest window.
                guard kexie_inflateInit2(&stream, 15 + 16) == Z_OK else {
                    result = .failure(_GzipError(message: "zlib could not start", offset: consumed))
                    return
                }
                defer { inflateEnd(&stream) }
                stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress! + consumed)
                stream.avail_in = UInt32(inBuf.count - consumed)
                var status: Int32 = Z_OK
                var exceeded = false
                repeat {
                    status = chunk.withUnsafeMutableBufferPointer { out in
                        stream.next_out = out.baseAddress
                        stream.avail_out = UInt32(out.count)
                        return inflate(&stream, Z_NO_FLUSH)
                    }
                    let produced = chunk.count - Int(stream.avail_out)
                    if output.count + produced > limit {
                        exceeded = true
                        break
                    }
                    if output.count + produced > output.capacity {
                        // Doubling, but never past the limit: the output's memory stays within it.
                        output.reserveCapacity(min(limit, max(output.capacity * 2, output.count + produced)))
                    }
                    output.append(contentsOf: chunk[0..<produced])
                } while status == Z_OK
                let memberEnd = inBuf.count - Int(stream.avail_in)
                if exceeded {
                    result = .failure(_GzipError(message: "the data decompresses to more than \(LoadLimits.bytesText(limit)), the most a table may hold", offset: memberEnd))
                    return
                }
                switch status {
                case Z_STREAM_END:
                    consumed = memberEnd
                case Z_BUF_ERROR:
                    result = .failure(_GzipError(message: "the compressed data ends early (truncated file)", offset: memberEnd))
                    return
                default:
                    let text = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    result = .failure(_GzipError(message: "corrupt compressed data: \(text)", offset: memberEnd))
                    return
                }
                // Trailing zero padding after the last member is tolerated, as gzip(1) does.
                if inBuf[consumed...].allSatisfy({ $0 == 0 }) { break }
            }
        }
        try result.get()
        return output
    }
}
