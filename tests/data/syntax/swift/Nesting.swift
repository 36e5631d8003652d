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
