fun locals(list: List<Pair<Int, Int>>): Int {
    val a = 1
    var b = 2
    b = a + b
    val (c, d) = Pair(3, 4)
    for (x in list) {
        b += x.first
    }
    for ((k, v) in list) {
        b += k + v
    }
    list.forEach { item -> val e = item.first }
    return b
}
