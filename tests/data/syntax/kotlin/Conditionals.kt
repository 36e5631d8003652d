fun check(a: Int, b: Int, c: Int): Boolean {
    var x = a
    if (a > 0 && b > 0 || c > 0) {
        return true
    }
    while (x > 0 && b > 0) {
        x--
    }
    val y = a > 0 && b > 0 || c > 0
    when {
        a > 0 && b > 0 && c > 0 -> x = 1
    }
    return y
}
