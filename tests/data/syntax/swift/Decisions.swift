class Decisions {
    func straight(_ a: Int) -> Int {
        return a + 1
    }

    func branches(_ a: Int, s: String?, list: [Int]) -> Int {
        var b = a
        if b > 0 {
            b += 1
        } else if b < 0 {
            b -= 1
        }
        guard let text = s else {
            return 0
        }
        for x in list where x > 0 {
            b += x
        }
        while b > 10 {
            b -= 1
        }
        repeat {
            b += 1
        } while b < 5
        switch b {
        case 1, 2:
            b = 3
        case let n where n > 10:
            b = 4
        default:
            b = 5
        }
        do {
            b = try parse(text)
        } catch ParseError.empty {
            b = 0
        } catch {
            b = -1
        }
        let c = b > 0 ? 1 : 2
        let d = s ?? "none"
        let e = s?.count
        return b > 0 && c > 0 || d.isEmpty ? 1 : 0
    }

    func closures(_ list: [Int]) -> [Int] {
        let f = { (x: Int) -> Int in x > 0 ? x : -x }
        return list.map { $0 > 0 ? f($0) : 0 }
    }

    var sign: Int {
        get {
            if value > 0 { return 1 }
            return 0
        }
        set {
            value = newValue
        }
    }

    var isPositive: Bool {
        return value > 0 && value < 100
    }

    var value = 0
}
