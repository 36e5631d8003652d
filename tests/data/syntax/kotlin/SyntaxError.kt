class Broken {
    fun good(a: Int): Int {
        if (a > 0) {
            return 1
        }
        return 0
    }

    fun bad(a: Int) {
        val x =
    }

    fun alsoGood(b: Int): Int {
        var c = b
        while (c > 0) {
            c--
        }
        return c
    }
}
