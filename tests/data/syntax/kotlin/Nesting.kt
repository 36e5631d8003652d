fun deep(a: Int, list: List<Int>) {
    var b = a
    if (b > 0) {
        for (x in list) {
            while (b > x) {
                b--
            }
        }
    } else if (b < 0) {
        b++
    } else {
        when (b) {
            0 -> b = 1
        }
    }
}

fun bumps(a: Int) {
    var b = a
    if (b > 0) {
        if (b > 1) {
            b = 2
        }
    }
    b = 3
    for (i in 0 until b) {
        b += i
    }
    try {
        while (b < 10) {
            b++
        }
    } catch (e: Exception) {
    }
}

fun elseIfChain(a: Int): Int {
    var b = a
    if (b == 1) {
        b = 2
    } else if (b == 2) {
        b = 3
    } else if (b == 3) {
        b = 4
    } else {
        b = 5
    }
    return b
}
