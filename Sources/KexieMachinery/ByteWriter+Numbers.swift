// Numbers and dates as text, written in place without making a `String`.

extension _ByteWriter {
    /// Appends an integer in decimal (`-` before a negative one), as `String(value)` writes it.
    ///
    /// - Complexity: O(digits).
    @inlinable
    package mutating func append(int value: Int) {
        _appendInPlace(atMost: 20) { target in _ByteWriter._writeDecimal(value, to: target) }
    }

    /// Appends a non-negative integer with leading zeros to `width` digits (more digits when it
    /// has more). A negative value gets the zeros for one digit before its sign, as the JSON
    /// writer always wrote it (such years do not come from parsed data).
    @inlinable
    package mutating func append(int value: Int, width: Int) {
        var digits = 1, rest = value / 10
        while rest > 0 { digits &+= 1; rest /= 10 }
        if width > digits { append(UInt8(ascii: "0"), repeating: width &- digits) }
        append(int: value)
    }

    /// A date as `YYYY-MM-DD`, each part zero-padded to its width (a year past 9999 with more
    /// digits). Takes the parts, not `KexieModel.Day`, which this module cannot see; `Day`
    /// writes itself through this (`Day+Bytes`).
    @inlinable
    package mutating func append(year: Int, month: Int, day: Int) {
        append(int: year, width: 4)
        append(UInt8(ascii: "-"))
        append(int: month, width: 2)
        append(UInt8(ascii: "-"))
        append(int: day, width: 2)
    }

    /// Writes `value` in decimal at `target` (room for 20 bytes); returns the byte count.
    @usableFromInline
    static func _writeDecimal(_ value: Int, to target: UnsafeMutablePointer<UInt8>) -> Int {
        if value == 0 {
            target[0] = UInt8(ascii: "0")
            return 1
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch, on the stack
        var magnitude = value.magnitude
        var n = 0
        var written = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            while magnitude > 0 {
                scratch[23 &- n] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
                n &+= 1
            }
            if value < 0 {
                target[0] = UInt8(ascii: "-")
                written = 1
            }
            (target + written).update(from: scratch.baseAddress!.assumingMemoryBound(to: UInt8.self) + (24 &- n), count: n)
        }
        return written &+ n
    }

    // MARK: Decimals

    /// Appends a double in its shortest round-trip text as Python's `repr` writes it, the form
    /// of the JSON documents: integral values below 1e16 as `3.0` (sign kept, so `-0.0`),
    /// others as Swift's `description` (whose digits are the shortest). A non-finite value is
    /// written as its `description` (`nan`, `inf`, `-inf`); JSON writers check for it first.
    ///
    /// - Complexity: O(1).
    package mutating func append(decimal d: Double) {
        guard d.isFinite else { return append(d.description) }
        // Integral values below 1e16 print as Swift and Python do ("3.0"), without the
        // formatter; -0.0 keeps its sign through it.
        if d == d.rounded(.towardZero), abs(d) < 1e16, !(d == 0 && d.sign == .minus) {
            append(int: Int(d))
            append(".0")
            return
        }
        if _appendShortDecimal(d) { return }
        append(d.description)
    }

    /// Powers of ten that doubles hold exactly.
    private static let _powersOfTen: [Double] = (0...22).map { (0..<$0).reduce(1.0) { p, _ in p * 10 } }

    /// Appends a non-integral `d` with 1e-4 ≤ |d| < 1e15 that has a decimal form of at most 15
    /// significant digits, as `description` would (shortest round-trip digits, no exponent);
    /// false, having written nothing, for any other double.
    ///
    /// Why this is the shortest form: the candidate `m` (15 digits) is accepted only when
    /// `m / 10^s` — exact operands, so a correctly rounded division — gives back `d`. Fifteen
    /// significant digits are coarser than a double's spacing, so at most one 15-digit decimal
    /// rounds to `d`, and any shorter decimal that does is that one with zeros cut off; the
    /// trailing zeros of `m` are cut, so what remains is the shortest.
    private mutating func _appendShortDecimal(_ d: Double) -> Bool {
        let magnitude = abs(d)
        guard magnitude >= 1e-4, magnitude < 1e15 else { return false }
        let powers = Self._powersOfTen
        // e = floor(log10(|d|)), from the table (-4 ... 14).
        var e = 14
        while e > 0, magnitude < powers[e] { e &-= 1 }
        if e == 0, magnitude < 1 {
            e = -1
            while e > -4, magnitude * powers[-e] < 1 { e &-= 1 }
        }
        let scale = 14 &- e  // 0 ... 18
        let scaled = (magnitude * powers[scale]).rounded()
        guard scaled < 1e15, scaled >= 1e14 else { return false }
        var m = Int(scaled)
        guard Double(m) / powers[scale] == magnitude else { return false }
        // Cut trailing zeros: `digits` significant digits remain.
        var digits = 15
        while m % 10 == 0 { m /= 10; digits &-= 1 }
        // At most a sign, "0.", three zeros and 15 digits: 21 bytes.
        _appendInPlace(atMost: 24) { target in
            var n = 0
            if d < 0 { target[n] = UInt8(ascii: "-"); n &+= 1 }
            var digitText: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &digitText) { digitBytes in
                var rest = m
                for k in stride(from: digits &- 1, through: 0, by: -1) {
                    digitBytes[k] = UInt8(ascii: "0") &+ UInt8(rest % 10)
                    rest /= 10
                }
                if e >= 0 {
                    // digits > e + 1, since d is not integral.
                    for k in 0...e { target[n] = digitBytes[k]; n &+= 1 }
                    target[n] = UInt8(ascii: "."); n &+= 1
                    for k in (e &+ 1)..<digits { target[n] = digitBytes[k]; n &+= 1 }
                } else {
                    target[n] = UInt8(ascii: "0"); target[n &+ 1] = UInt8(ascii: "."); n &+= 2
                    for _ in 0..<(-e &- 1) { target[n] = UInt8(ascii: "0"); n &+= 1 }
                    for k in 0..<digits { target[n] = digitBytes[k]; n &+= 1 }
                }
            }
            return n
        }
        return true
    }
}
