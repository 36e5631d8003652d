class Decisions {
    fun straight(a: Int): Int {
        return a + 1
    }

    fun branches(a: Int, s: String?, list: List<Int>): Int {
        var b = a
        if (b > 0) {
            b++
        } else if (b < 0) {
            b--
        }
        for (x in list) {
            b += x
        }
        while (b > 10) {
            b--
        }
        do {
            b++
        } while (b < 5)
        when (b) {
            1, 2 -> b = 3
            in 4..5 -> b = 4
            else -> b = 5
        }
        try {
            b = s!!.length
        } catch (e: IllegalStateException) {
            b = 0
        } catch (e: Exception) {
            b = -1
        } finally {
            b += 0
        }
        val c = s ?: "none"
        val d = s?.length
        return if (b > 0 && c.isEmpty() || d == null) 1 else 0
    }

    fun subjectless(a: Int): String = when {
        a > 10 -> "big"
        a > 0 -> "small"
        else -> "none"
    }

    fun lambdas(list: List<Int>): List<Int> {
        val f = { x: Int -> if (x > 0) x else -x }
        return list.map { if (it > 0) f(it) else 0 }
    }

    val sign: Int
        get() {
            return if (field > 0) 1 else 0
        }
}
