func deep(_ a: Int, _ list: [Int]) {
    var b = a
    if b > 0 {
        for x in list {
            while b > x {
                b -= 1
            }
        }
    } else if b < 0 {
        b += 1
    } else {
        switch b {
        case 0:
            b = 1
        default:
            break
        }
    }
}

func bumps(_ a: Int) {
    var b = a
    if b > 0 {
        guard b > 1 else { return }
    }
    b = 3
    for i in 0..<b {
        b += i
    }
    do {
        repeat {
            b += 1
        } while b < 10
    }
}

func elseIfChain(_ a: Int) -> Int {
    var b = a
    if b == 1 {
        b = 2
    } else if b == 2 {
        b = 3
    } else if b == 3 {
        b = 4
    } else {
        b = 5
    }
    return b
}
