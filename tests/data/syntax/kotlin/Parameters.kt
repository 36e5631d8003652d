class Parameters(val a: Int) {
    constructor(a: Int, b: String) : this(a)

    fun none() {}

    fun three(a: Int, b: String = "", vararg rest: Int) {}

    fun <T> generic(item: T, transform: (T) -> T = { it }) {}
}

fun String.extension(times: Int): String = repeat(times)
