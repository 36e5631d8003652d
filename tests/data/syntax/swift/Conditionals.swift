func check(_ a: Int, _ b: Int, _ c: Int) -> Bool {
    var x = a
    if a > 0 && b > 0 || c > 0 {
        return true
    }
    while x > 0 && b > 0 {
        x -= 1
    }
    let y = a > 0 && b > 0 || c > 0
    guard a > 0 || b > 0 || c > 0 else {
        return false
    }
    return y
}
